package sigmaauth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// pluginForm is the body of the plugin's exchangeCodeForTokens for exchangeOptions' fields, as
// Node's URLSearchParams writes it (node -e 'new URLSearchParams([...]).toString()').
const pluginForm = "grant_type=authorization_code&code=a+b%7E*%C3%A9%2F%2B%26%3D" +
	"&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1&client_id=app&code_verifier=v3r-._%7E"

type seenRequest struct {
	header http.Header
	body   []byte
}

// issuer is a stub Sigma issuer on 127.0.0.1 answering the token endpoint with tokenStatus and
// tokenBody, and userinfo with a fixed claim set; it records what it received.
func issuer(t *testing.T, tokenStatus int, tokenBody string) (*httptest.Server, *[]seenRequest) {
	t.Helper()
	var mu sync.Mutex
	seen := []seenRequest{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, seenRequest{r.Header.Clone(), body})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case TokenPath:
			w.WriteHeader(tokenStatus)
			_, _ = io.WriteString(w, tokenBody)
		case UserInfoPath:
			_, _ = io.WriteString(w, `{"sub":"u1","name":"N"}`)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func exchangeOptions(t *testing.T, base string) (TokenExchangeOptions, *PrivateKey) {
	t.Helper()
	key, err := GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(key.Close)
	return TokenExchangeOptions{Code: "a b~*é/+&=", RedirectURI: "https://app.example/cb?x=1", ClientID: "app",
		MemberKey: key, CodeVerifier: "v3r-._~", IssuerURL: base}, key
}

func TestExchangeCodeForTokensSignsTheBytesItSends(t *testing.T) {
	srv, seen := issuer(t, 200, `{"access_token":"at","id_token":"a.b.c","refresh_token":"rt","expires_in":3600}`)
	o, key := exchangeOptions(t, srv.URL)
	res, err := ExchangeCodeForTokens(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if res.AccessToken != "at" || res.IDToken != "a.b.c" || res.RefreshToken != "rt" || res.ExpiresIn != 3600 || res.User["sub"] != "u1" {
		t.Fatalf("result %+v", res)
	}
	tok := (*seen)[0]
	if string(tok.body) != pluginForm {
		t.Fatalf("body\n got %s\nwant %s", tok.body, pluginForm)
	}
	if ct := tok.header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Fatalf("content type %q", ct)
	}
	v, err := NewVerifier(5*time.Minute, 5*time.Minute, Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	got, err := v.Verify(tok.header.Get("X-Auth-Token"), TokenPath, tok.body, "utf8", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := key.PubKeyHex()
	if got.PubKey != want {
		t.Fatalf("signer %s, want %s", got.PubKey, want)
	}
	if _, err := v.Verify(tok.header.Get("X-Auth-Token"), TokenPath, append(tok.body, '&'), "utf8", time.Now()); err == nil {
		t.Fatal("the token verified over other bytes")
	}
	if auth := (*seen)[1].header.Get("Authorization"); auth != "Bearer at" {
		t.Fatalf("userinfo authorization %q", auth)
	}
}

func TestExchangeCodeForTokensRefusalIsTyped(t *testing.T) {
	srv, _ := issuer(t, 401, `{"error":"invalid_client","error_description":"signer_mismatch"}`)
	o, _ := exchangeOptions(t, srv.URL)
	_, err := ExchangeCodeForTokens(context.Background(), o)
	var e *TokenExchangeError
	if !errors.As(err, &e) || e.Err != "invalid_client" || e.Details != "signer_mismatch" || e.Status != 401 || e.Endpoint != TokenPath {
		t.Fatalf("error %#v", err)
	}

	srv, _ = issuer(t, 200, `{"access_token":"at"}`)
	o, _ = exchangeOptions(t, srv.URL)
	_, err = ExchangeCodeForTokens(context.Background(), o)
	if !errors.As(err, &e) || e.Err != "Missing id_token in token response" || e.Status != 500 {
		t.Fatalf("error %#v", err)
	}

	o.Code = ""
	_, err = ExchangeCodeForTokens(context.Background(), o)
	var bad *Error
	if !errors.As(err, &bad) || bad.Code != CodeInvalidInput || bad.Field != "Code" {
		t.Fatalf("error %#v", err)
	}
}
