package sigmaauth

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// expectInvalidInput checks that err is an *Error with code invalid_input naming field.
func expectInvalidInput(t *testing.T, err error, field string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeInvalidInput || e.Field != field || e.Result != 113 {
		t.Fatalf("want invalid_input for %s, got %#v", field, err)
	}
}

// The NUL cases of issue 11, found accepted when strings went through C.CString unchecked: C
// read only the text before the NUL, so each of these passed as the signed request.
func TestStringsWithNULRefused(t *testing.T) {
	v := loadVectors(t)
	key, err := PrivateKeyFromHex(v.Keys["alice"].PrivHex)
	if err != nil {
		t.Fatal(err)
	}
	defer key.Close()
	ver, err := NewVerifier(5*time.Minute, 5*time.Minute, Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer ver.Close()
	now := time.Now()
	for _, scheme := range []Scheme{BSM, BRC77} {
		tok, err := key.CreateToken("/api/a", scheme, now, nil, "utf8")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ver.Verify(tok, "/api/a", nil, "utf8", now); err != nil {
			t.Fatalf("%s control: the token must pass for its own request: %v", scheme, err)
		}
		cases := []struct{ name, token, path, encoding, field string }{
			{"path", tok, "/api/a\x00/../admin/delete", "utf8", "path"},
			{"token", tok + "\x00garbage", "/api/a", "utf8", "token"},
			{"encoding", tok, "/api/a", "utf8\x00whatever", "encoding"},
		}
		for _, c := range cases {
			t.Run(scheme.String()+"/"+c.name, func(t *testing.T) {
				got, err := ver.Verify(c.token, c.path, nil, c.encoding, now)
				if got != nil {
					t.Fatalf("accepted with a NUL in the %s", c.name)
				}
				expectInvalidInput(t, err, c.field)
			})
		}
	}
	_, err = key.CreateToken("/api/a\x00/../admin", BSM, now, nil, "utf8")
	expectInvalidInput(t, err, "path")
	_, err = key.CreateToken("/api/a", BSM, now, nil, "hex\x00")
	expectInvalidInput(t, err, "encoding")
	// A valid WIF followed by NUL and junk: C would read the valid prefix.
	_, err = PrivateKeyFromWIF("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH\x00junk")
	expectInvalidInput(t, err, "wif")
}

// A refused string is not echoed in the error (it may be a secret).
func TestRefusalsDoNotEchoInput(t *testing.T) {
	const wif = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH"
	for _, in := range []string{wif + "\x00", wif[:40], wif + "x"} {
		_, err := PrivateKeyFromWIF(in)
		if err == nil {
			t.Fatalf("%q accepted", in)
		}
		if msg := err.Error(); containsAny(msg, wif[:20], wif[20:40]) {
			t.Fatalf("error repeats the WIF: %s", msg)
		}
	}
	_, err := PrivateKeyFromHex("zz" + "d38d7363cfe1041372e05c251ae38b3582cdd01b0603198f8ddaeeb7d700839d")
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeInvalidHex || e.Field != "hex" || containsAny(e.Error(), "d38d7363cfe1") {
		t.Fatalf("want invalid_hex without the key, got %v", err)
	}
}

func containsAny(s string, parts ...string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// Durations cross into C as whole seconds: a negative one used to wrap to about 2^64 s (a
// ten-year-old token was then accepted), a fraction was silently dropped. Both are refused.
func TestVerifierDurationsChecked(t *testing.T) {
	cases := []struct {
		name           string
		maxAge, skew   time.Duration
		field, message string
	}{
		{"negative maxAge", -time.Second, time.Minute, "maxAge", "maxAge must not be negative, got -1s"},
		{"negative maxSkew", time.Minute, -time.Second, "maxSkew", "maxSkew must not be negative, got -1s"},
		{"sub-second maxAge", 500 * time.Millisecond, time.Minute, "maxAge", "maxAge must be a whole number of seconds, got 500ms"},
		{"sub-second maxSkew", time.Minute, 500 * time.Millisecond, "maxSkew", "maxSkew must be a whole number of seconds, got 500ms"},
		{"fractional maxAge", 1500 * time.Millisecond, time.Minute, "maxAge", "maxAge must be a whole number of seconds, got 1.5s"},
	}
	for _, c := range cases {
		v, err := NewVerifier(c.maxAge, c.skew, Strict)
		if v != nil {
			v.Close()
			t.Fatalf("%s: verifier made", c.name)
		}
		expectInvalidInput(t, err, c.field)
		if err.Error() != "invalid_input: "+c.message {
			t.Fatalf("%s: message %q", c.name, err.Error())
		}
	}
	// Zero is a whole number of seconds: no tolerance on that side.
	v, err := NewVerifier(0, 0, Strict)
	if err != nil {
		t.Fatalf("zero durations: %v", err)
	}
	v.Close()
}

// The reproduced case: a token dated ten years ago, offered to a verifier built with a
// negative maxAge. The verifier is refused; a proper one refuses the token as expired.
func TestTenYearOldTokenWithNegativeMaxAge(t *testing.T) {
	key, err := GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	defer key.Close()
	now := time.Now()
	old, err := key.CreateToken("/api/a", BSM, now.AddDate(-10, 0, 0), nil, "utf8")
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(-time.Second, 5*time.Minute, Strict)
	if v != nil {
		_, verr := v.Verify(old, "/api/a", nil, "utf8", now)
		v.Close()
		t.Fatalf("a verifier with a negative maxAge was made; the ten-year-old token then gave: %v", verr)
	}
	expectInvalidInput(t, err, "maxAge")
	v, err = NewVerifier(5*time.Minute, 5*time.Minute, Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var e *Error
	if _, err := v.Verify(old, "/api/a", nil, "utf8", now); !errors.As(err, &e) || e.Code != CodeExpired {
		t.Fatalf("want expired, got %v", err)
	}
}

// Library errors carry the library's code and number, and no Field.
func TestLibraryErrorsCarryStableCodes(t *testing.T) {
	if Version() == "" {
		t.Fatal("empty version")
	}
	_, err := PrivateKeyFromWIF("not a wif")
	var e *Error
	if !errors.As(err, &e) || e.Code != "invalid_wif" || e.Result != 105 || e.Field != "" {
		t.Fatalf("want invalid_wif, got %#v", err)
	}
	_, err = NewVerifier(time.Minute, time.Minute, Policy(9))
	if !errors.As(err, &e) || e.Code != "invalid_input" || e.Result != 113 {
		t.Fatalf("want invalid_input, got %#v", err)
	}
}
