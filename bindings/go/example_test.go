package sigmaauth_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	sigmaauth "github.com/sigma-auth/sigma-auth/bindings/go"
)

// A token made by the JavaScript reference (bitcoin-auth getAuthToken, in
// tests/vectors/auth-crypto.json) for POST /api/static/bsm/no-body?query=1 with a JSON body.
const referenceToken = "026f3a9f4f4fe5997d3bb3aac166d3552656f7890313274638fb0762aa8eeb2348|bsm|" +
	"2025-01-15T12:00:00.000Z|/api/static/bsm/no-body?query=1|" +
	"Hzd72sWWDbVN7/vbWPRVLo0QBneFR6+mN2yS5Bq9fq4Yd2oo92vBmX+fpXdrRf0Wa5pZ5pYf/O3htKNmpLH6BM8="

// The WIF of the key that signed it (a published test key: never use it for anything real).
const referenceWIF = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH"

func ExampleNewVerifier() {
	// Accept tokens up to 5 minutes old and up to 5 minutes ahead of the server clock.
	v, err := sigmaauth.NewVerifier(5*time.Minute, 5*time.Minute, sigmaauth.Strict)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer v.Close()
	fmt.Println("verifier ready")

	// The window is counted in whole seconds: anything else is refused, never rounded.
	_, err = sigmaauth.NewVerifier(500*time.Millisecond, time.Minute, sigmaauth.Strict)
	fmt.Println(err)
	// Output:
	// verifier ready
	// invalid_input: maxAge must be a whole number of seconds, got 500ms
}

func ExampleVerifier_Verify() {
	v, err := sigmaauth.NewVerifier(5*time.Minute, 5*time.Minute, sigmaauth.Strict)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer v.Close()
	path := "/api/static/bsm/no-body?query=1" // path and query exactly as received
	body := []byte(`{"message":"static brc77 test"}`)
	now := time.Date(2025, 1, 15, 12, 1, 0, 0, time.UTC) // the server clock, a minute later

	who, err := v.Verify(referenceToken, path, body, "utf8", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(who.PubKey, who.Scheme, who.Timestamp.Format(time.RFC3339))

	// Another body, another path, a later clock: each refusal carries its reason code.
	for _, c := range []struct {
		path, body string
		now        time.Time
	}{
		{path, `{"message":"changed"}`, now},
		{"/api/admin", string(body), now},
		{path, string(body), now.Add(time.Hour)},
	} {
		_, err := v.Verify(referenceToken, c.path, []byte(c.body), "utf8", c.now)
		var e *sigmaauth.Error
		if errors.As(err, &e) {
			fmt.Println(e.Code)
		}
	}
	// Output:
	// 026f3a9f4f4fe5997d3bb3aac166d3552656f7890313274638fb0762aa8eeb2348 bsm 2025-01-15T12:00:00Z
	// invalid_signature
	// path_mismatch
	// expired
}

func ExamplePrivateKey_CreateToken() {
	key, err := sigmaauth.PrivateKeyFromWIF(referenceWIF)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer key.Close()
	// BSM signatures are deterministic (RFC 6979): this is byte for byte the token the
	// JavaScript reference made for the same key, path and instant.
	ts := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	tok, err := key.CreateToken("/api/static/bsm/no-body?query=1", sigmaauth.BSM, ts, nil, "utf8")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok)
	// Output:
	// 026f3a9f4f4fe5997d3bb3aac166d3552656f7890313274638fb0762aa8eeb2348|bsm|2025-01-15T12:00:00.000Z|/api/static/bsm/no-body?query=1|H9rd4iItryKsNjdMegU/swA33oqLAg49bzV1Zoqt62VMOyWVIiz0fkLRYVgywqjassuO2DV9xnkqbLZNYsGvy/8=
}

func ExampleMiddleware() {
	v, err := sigmaauth.NewVerifier(5*time.Minute, 5*time.Minute, sigmaauth.Strict)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer v.Close()
	mw := &sigmaauth.Middleware{Verifier: v}
	mux := http.NewServeMux()
	mux.Handle("/api/", mw.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, _ := sigmaauth.FromContext(r.Context())
		fmt.Fprintf(w, "hello %s…", who.PubKey[:8])
	})))
	srv := httptest.NewServer(mux) // listens on 127.0.0.1
	defer srv.Close()

	get := func(path, token string) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if token != "" {
			req.Header.Set(sigmaauth.TokenHeader, token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		fmt.Println(resp.StatusCode, strings.TrimSpace(string(body)))
	}

	get("/api/orders?id=7", "") // no token
	key, err := sigmaauth.PrivateKeyFromWIF(referenceWIF)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer key.Close()
	tok, err := key.CreateToken("/api/orders?id=7", sigmaauth.BRC77, time.Now(), nil, "utf8")
	if err != nil {
		fmt.Println(err)
		return
	}
	get("/api/orders?id=7", tok)
	get("/api/orders?id=8", tok) // signed for another request
	// Output:
	// 401 {"error":"unauthorized","code":"missing_token","message":"the request has no X-Auth-Token header"}
	// 200 hello 026f3a9f…
	// 401 {"error":"unauthorized","code":"path_mismatch","message":"The token was signed for a different request path."}
}

func ExampleError() {
	v, err := sigmaauth.NewVerifier(5*time.Minute, 5*time.Minute, sigmaauth.Strict)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer v.Close()
	// C would read this path only up to the NUL; the package refuses it instead.
	_, err = v.Verify(referenceToken, "/api/static/bsm/no-body?query=1\x00/../admin", nil, "utf8", time.Now())
	var e *sigmaauth.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.Field)
		fmt.Println(e)
	}
	// Output:
	// invalid_input path
	// invalid_input: path contains a NUL byte
}
