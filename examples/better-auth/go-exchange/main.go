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

func main() {
	var o sigmaauth.TokenExchangeOptions
	flag.StringVar(&o.IssuerURL, "issuer", "", "issuer URL")
	flag.StringVar(&o.Code, "code", "", "authorization code")
	flag.StringVar(&o.RedirectURI, "redirect-uri", "", "redirect URI")
	flag.StringVar(&o.ClientID, "client-id", "", "client ID")
	flag.StringVar(&o.CodeVerifier, "code-verifier", "", "PKCE verifier")
	flag.Parse()

	key, err := sigmaauth.PrivateKeyFromWIF(os.Getenv("SIGMA_MEMBER_PRIVATE_KEY"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer key.Close()
	o.MemberKey = key

	res, err := sigmaauth.ExchangeCodeForTokens(context.Background(), o)
	out := json.NewEncoder(os.Stdout)
	var refused *sigmaauth.TokenExchangeError
	switch {
	case errors.As(err, &refused):
		_ = out.Encode(map[string]any{"error": refused.Err, "details": refused.Details, "status": refused.Status})
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	default:
		_ = out.Encode(res)
	}
}
