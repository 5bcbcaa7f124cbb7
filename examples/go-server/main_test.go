package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sigmaauth "github.com/sigma-auth/sigma-auth/bindings/go"
)

// Each answer of the example, through a real HTTP server on 127.0.0.1.
func TestExampleServer(t *testing.T) {
	v, err := sigmaauth.NewVerifier(5*time.Minute, 5*time.Minute, sigmaauth.Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	srv := httptest.NewServer(newHandler(v))
	defer srv.Close()
	key, err := sigmaauth.GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	defer key.Close()
	pub, err := key.PubKeyHex()
	if err != nil {
		t.Fatal(err)
	}
	sign := func(path, body string) string {
		tok, err := key.CreateToken(path, sigmaauth.BSM, time.Now(), []byte(body), "utf8")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	do := func(method, path, token, body string) (int, string) {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set(sigmaauth.TokenHeader, token)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(b))
	}
	cases := []struct {
		name, method, path, token, body string
		status                          int
		reply                           string
	}{
		{"no token", "GET", "/api/hello", "", "", 401,
			`{"error":"unauthorized","code":"missing_token","message":"the request has no X-Auth-Token header"}`},
		{"signed", "GET", "/api/hello", sign("/api/hello", ""), "", 200,
			`{"pubkey":"` + pub + `","scheme":"bsm"}`},
		{"signed for another path", "GET", "/api/hello", sign("/api/other", ""), "", 401,
			`{"error":"unauthorized","code":"path_mismatch","message":"The token was signed for a different request path."}`},
		{"signed JSON order", "POST", "/api/orders", sign("/api/orders", `{"id":7}`), `{"id":7}`, 200,
			`{"order":{"id":7},"pubkey":"` + pub + `"}`},
		{"signed body that is not JSON", "POST", "/api/orders", sign("/api/orders", "id=7"), "id=7", 400,
			`{"error":"bad_request","message":"the body is not a JSON object"}`},
		{"body changed after signing", "POST", "/api/orders", sign("/api/orders", `{"id":7}`), `{"id":8}`, 401,
			`{"error":"unauthorized","code":"invalid_signature","message":"The signature does not verify for this request."}`},
	}
	for _, c := range cases {
		status, got := do(c.method, c.path, c.token, c.body)
		if status != c.status || got != c.reply {
			t.Errorf("%s: want %d %s, got %d %s", c.name, c.status, c.reply, status, got)
		}
	}
}
