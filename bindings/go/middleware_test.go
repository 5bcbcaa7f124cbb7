package sigmaauth

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// server starts an httptest server on 127.0.0.1 whose /api/ routes are guarded; the handler
// answers 200 with the verified pubkey.
func server(t *testing.T, now func() time.Time) *httptest.Server {
	t.Helper()
	v, err := NewVerifier(5*time.Minute, 5*time.Minute, Strict)
	if err != nil {
		t.Fatal(err)
	}
	mw := &Middleware{Verifier: v, Now: now}
	mux := http.NewServeMux()
	mux.Handle("/", mw.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		verified, ok := FromContext(r.Context())
		if !ok {
			http.Error(w, "no verification in context", http.StatusInternalServerError)
			return
		}
		body, _ := io.ReadAll(r.Body) // the handler still sees the body
		fmt.Fprintf(w, "%s %s %d", verified.PubKey, verified.Scheme, len(body))
	})))
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		srv.Close()
		v.Close()
	})
	return srv
}

type reply struct {
	status int
	body   string
	code   string
}

// send makes a request to path with body (GET if nil) and the token in X-Auth-Token ("": no header).
func send(t *testing.T, srv *httptest.Server, path, token string, body []byte) reply {
	t.Helper()
	var tokens []string
	if token != "" {
		tokens = []string{token}
	}
	return sendTokens(t, srv, path, tokens, body)
}

// sendTokens sends one X-Auth-Token header per element of tokens (none if empty).
func sendTokens(t *testing.T, srv *httptest.Server, path string, tokens []string, body []byte) reply {
	t.Helper()
	method := http.MethodGet
	if body != nil {
		method = http.MethodPost
	}
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range tokens {
		req.Header.Add("X-Auth-Token", tok)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, string(b), resp.Header.Get("X-Auth-Error")}
}

// expectRefused checks a 401 whose body is exactly {"error":"unauthorized","code":code,
// "message":<the library's sentence for code>} and whose X-Auth-Error header is code.
func expectRefused(t *testing.T, got reply, code string) {
	t.Helper()
	n, ok := codeNumber(code)
	if !ok {
		t.Fatalf("%q is not a code", code)
	}
	expectBody(t, got, http.StatusUnauthorized, "unauthorized", code, resultMessage(n))
}

// expectBody checks status, X-Auth-Error and that the body is exactly the three-field JSON
// object {"error":errorField,"code":code,"message":message}.
func expectBody(t *testing.T, got reply, status int, errorField, code, message string) {
	t.Helper()
	want, err := json.Marshal(map[string]string{"error": errorField, "code": code, "message": message})
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal([]byte(got.body), &fields); err != nil {
		t.Fatalf("body is not JSON: %q", got.body)
	}
	var gotNorm []byte
	if gotNorm, err = json.Marshal(fields); err != nil {
		t.Fatal(err)
	}
	if got.status != status || got.code != code || string(gotNorm) != string(want) {
		t.Fatalf("want %d %s, got %d %q %s", status, want, got.status, got.code, got.body)
	}
}

// Tokens made by the JavaScript reference (bitcoin-auth getAuthToken, in the vectors) are
// accepted over HTTP at the instant the reference verified them.
func TestReferenceTokensAccepted(t *testing.T) {
	v := loadVectors(t)
	for _, c := range v.BitcoinAuth.CreationVectors {
		if !c.Verify.Result {
			t.Fatalf("%s: the reference did not accept its own token", c.Description)
		}
		now, err := time.Parse(time.RFC3339Nano, c.Verify.Target.Timestamp)
		if err != nil {
			t.Fatal(err)
		}
		srv := server(t, func() time.Time { return now })
		// The wire carries bytes: a hex or base64 body is sent decoded (that is what was hashed).
		var body []byte
		switch {
		case c.BodyBytesHex != "":
			if body, err = hex.DecodeString(c.BodyBytesHex); err != nil {
				t.Fatal(err)
			}
		case c.Config.Body != "":
			body = []byte(c.Config.Body)
		}
		got := send(t, srv, c.Verify.Target.RequestPath, c.Token, body)
		if got.status != http.StatusOK || !strings.HasPrefix(got.body, c.Token[:66]) {
			t.Errorf("%s: want 200 for the reference token, got %d %s", c.Description, got.status, got.body)
		}
	}
}

// Tokens made by this library through cgo, dated with time.Now() in the Go reference's format
// (2006-01-02T15:04:05.000Z), are accepted, and every tampering is refused with its code.
func TestLibraryTokens(t *testing.T) {
	v := loadVectors(t)
	srv := server(t, nil) // real clock
	alice, err := PrivateKeyFromHex(v.Keys["alice"].PrivHex)
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Close()
	body := []byte(`{"amount":42}`)
	for _, scheme := range []Scheme{BSM, BRC77} {
		t.Run(scheme.String(), func(t *testing.T) {
			tok, err := alice.CreateToken("/api/orders?id=7", scheme, time.Now(), body, "utf8")
			if err != nil {
				t.Fatal(err)
			}
			ts := strings.Split(tok, "|")[2]
			if _, err := time.Parse("2006-01-02T15:04:05.000Z", ts); err != nil || len(ts) != 24 {
				t.Fatalf("timestamp %q is not in the Go reference's format", ts)
			}
			if got := send(t, srv, "/api/orders?id=7", tok, body); got.status != http.StatusOK ||
				got.body != fmt.Sprintf("%s %s %d", v.Keys["alice"].PubHex, scheme, len(body)) {
				t.Fatalf("want 200, got %d %s", got.status, got.body)
			}
			expectRefused(t, send(t, srv, "/api/orders?id=8", tok, body), "path_mismatch")
			expectRefused(t, send(t, srv, "/api/orders?id=7", tok, []byte(`{"amount":4200}`)), "invalid_signature")
			expectRefused(t, send(t, srv, "/api/orders?id=7", tok, nil), "invalid_signature")

			old, err := alice.CreateToken("/api/orders?id=7", scheme, time.Now().Add(-10*time.Minute), body, "utf8")
			if err != nil {
				t.Fatal(err)
			}
			expectRefused(t, send(t, srv, "/api/orders?id=7", old, body), "expired")
			future, err := alice.CreateToken("/api/orders?id=7", scheme, time.Now().Add(time.Hour), body, "utf8")
			if err != nil {
				t.Fatal(err)
			}
			expectRefused(t, send(t, srv, "/api/orders?id=7", future, body), "not_yet_valid")
		})
	}
	expectRefused(t, send(t, srv, "/api/orders?id=7", "a|b|c", nil), "malformed_token")
	expectRefused(t, sendTokens(t, srv, "/api/orders?id=7", []string{""}, nil), "malformed_token")
}

// Hypothesis (a) of the spec: a brc77 token whose pubkey field names the victim while the
// envelope inside is signed by the attacker. The JavaScript reference accepts it; we refuse.
func TestForgedBrc77SignerRefused(t *testing.T) {
	v := loadVectors(t)
	srv := server(t, nil)
	attacker, err := PrivateKeyFromHex(v.Keys["bob"].PrivHex)
	if err != nil {
		t.Fatal(err)
	}
	defer attacker.Close()
	tok, err := attacker.CreateToken("/api/transfer", BRC77, time.Now(), nil, "utf8")
	if err != nil {
		t.Fatal(err)
	}
	if got := send(t, srv, "/api/transfer", tok, nil); got.status != http.StatusOK {
		t.Fatalf("control: the attacker's own token should pass, got %d %s", got.status, got.body)
	}
	parts := strings.Split(tok, "|")
	parts[0] = v.Keys["alice"].PubHex // the victim
	expectRefused(t, send(t, srv, "/api/transfer", strings.Join(parts, "|"), nil), "signer_mismatch")
}

// One verifier serves concurrent requests (the library says handles are thread-safe).
func TestConcurrentRequests(t *testing.T) {
	srv := server(t, nil)
	key, err := GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	defer key.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := fmt.Sprintf("/api/item/%d", i)
			scheme := []Scheme{BSM, BRC77}[i%2]
			tok, err := key.CreateToken(path, scheme, time.Now(), nil, "utf8")
			if err != nil {
				errs <- err
				return
			}
			if got := send(t, srv, path, tok, nil); got.status != http.StatusOK {
				errs <- fmt.Errorf("%s: %d %s", path, got.status, got.body)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A request without the header gets 401 missing_token in the one refusal shape; the wrapped
// handler is not reached.
func TestMissingTokenRefused(t *testing.T) {
	srv := server(t, nil)
	got := send(t, srv, "/api/orders", "", []byte(`{"amount":42}`))
	if got.body != `{"error":"unauthorized","code":"missing_token","message":"the request has no X-Auth-Token header"}`+"\n" {
		t.Fatalf("body %q", got.body)
	}
	expectBody(t, got, http.StatusUnauthorized, "unauthorized", "missing_token", "the request has no X-Auth-Token header")
}

// Two X-Auth-Token headers are refused, even when the first is valid: which one a proxy or
// framework reads is not defined.
func TestTwoTokenHeadersRefused(t *testing.T) {
	srv := server(t, nil)
	key, err := GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	defer key.Close()
	tok, err := key.CreateToken("/api/x", BSM, time.Now(), nil, "utf8")
	if err != nil {
		t.Fatal(err)
	}
	if got := send(t, srv, "/api/x", tok, nil); got.status != http.StatusOK {
		t.Fatalf("control: want 200, got %d %s", got.status, got.body)
	}
	expectBody(t, sendTokens(t, srv, "/api/x", []string{tok, "a|b|c"}, nil), http.StatusUnauthorized,
		"unauthorized", "malformed_token", "the request has more than one X-Auth-Token header")
}

// A body over MaxBody gets 413 in the same shape.
func TestBodyTooLarge(t *testing.T) {
	v, err := NewVerifier(5*time.Minute, 5*time.Minute, Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	srv := httptest.NewServer((&Middleware{Verifier: v, MaxBody: 8}).Wrap(http.NotFoundHandler()))
	defer srv.Close()
	expectBody(t, send(t, srv, "/api/x", "a|b|c", []byte("123456789")), http.StatusRequestEntityTooLarge,
		"payload_too_large", "body_too_large", "the request body is larger than 8 bytes")
}
