// Command go-exchange is the Go backend of the Sign in with Sigma end-to-end test: it exchanges
// one authorization code (flags) with sigmaauth.ExchangeCodeForTokens, the member key read from
// SIGMA_MEMBER_PRIVATE_KEY, and prints the result, or the refusal, as one JSON line.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	sigmaauth "github.com/sigma-auth/sigma-auth/bindings/go"
)

// callback is what an app's /callback does with ?code= and the PKCE verifier it kept at /authorize.
func callback(ctx context.Context, issuer, code, redirectURI, clientID, codeVerifier string) (any, error) {
	// snippet: README.md#signin-go
	key, err := sigmaauth.PrivateKeyFromWIF(os.Getenv("SIGMA_MEMBER_PRIVATE_KEY"))
	if err != nil {
		return nil, err
	}
	defer key.Close()
	res, err := sigmaauth.ExchangeCodeForTokens(ctx, sigmaauth.TokenExchangeOptions{Code: code, RedirectURI: redirectURI,
		ClientID: clientID, MemberKey: key, CodeVerifier: codeVerifier, IssuerURL: issuer})
	var refused *sigmaauth.TokenExchangeError // refused.Err "invalid_client", refused.Details: the provider's reason
	if errors.As(err, &refused) {
		return map[string]any{"error": refused.Err, "details": refused.Details, "status": refused.Status}, nil
	}
	// res.User: OIDC userinfo (sub, name, ...); res.AccessToken, res.IDToken
	// end snippet
	return res, err
}

func main() {
	issuer := flag.String("issuer", "", "issuer URL")
	code := flag.String("code", "", "authorization code")
	redirectURI := flag.String("redirect-uri", "", "redirect URI")
	clientID := flag.String("client-id", "", "client ID")
	verifier := flag.String("code-verifier", "", "PKCE verifier")
	flag.Parse()
	out, err := callback(context.Background(), *issuer, *code, *redirectURI, *clientID, *verifier)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}
