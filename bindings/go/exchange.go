package sigmaauth

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Sign in with Sigma from a Go backend: the OAuth authorization-code exchange of
// exchangeCodeForTokens in @sigma-auth/better-auth-plugin/server. The form body is encoded once;
// those exact bytes are signed into the X-Auth-Token and sent.

const (
	// TokenPath is the token endpoint path the provider checks the token against.
	TokenPath = "/api/auth/oauth2/token"
	// UserInfoPath is the OIDC userinfo endpoint path.
	UserInfoPath = "/api/auth/oauth2/userinfo"
	// DefaultIssuer is the plugin's default issuer.
	DefaultIssuer    = "https://auth.sigmaidentity.com"
	maxResponseBytes = 1 << 20
)

// TokenExchangeOptions are the plugin's TokenExchangeOptions. MemberKey is the app's member key
// (SIGMA_MEMBER_PRIVATE_KEY); Client is the HTTP client (http.DefaultClient if nil).
type TokenExchangeOptions struct {
	Code         string
	RedirectURI  string
	ClientID     string
	MemberKey    *PrivateKey
	CodeVerifier string
	IssuerURL    string
	Client       *http.Client
}

// TokenExchangeResult is the plugin's TokenExchangeResult: userinfo claims and the tokens.
type TokenExchangeResult struct {
	User         map[string]any `json:"user"`
	AccessToken  string         `json:"access_token"`
	IDToken      string         `json:"id_token"`
	RefreshToken string         `json:"refresh_token,omitempty"`
	ExpiresIn    int64          `json:"expires_in"`
}

// TokenExchangeError is the plugin's TokenExchangeError: Err is the provider's OAuth error
// (e.g. "invalid_client"), Details its error_description (for sigma-auth's provider check, the
// reason code), Status the HTTP status, Endpoint the path that failed.
type TokenExchangeError struct {
	Err      string
	Details  string
	Status   int
	Endpoint string
}

// Error returns "<endpoint>: <error> (<status>): <details>".
func (e *TokenExchangeError) Error() string {
	return fmt.Sprintf("%s: %s (%d): %s", e.Endpoint, e.Err, e.Status, e.Details)
}

// ExchangeCodeForTokens exchanges an authorization code for tokens, then reads userinfo. A
// refusal by the provider is a *TokenExchangeError; a bad argument an *Error naming the field.
func ExchangeCodeForTokens(ctx context.Context, o TokenExchangeOptions) (*TokenExchangeResult, error) {
	for _, f := range []struct{ name, v string }{{"Code", o.Code}, {"RedirectURI", o.RedirectURI}, {"ClientID", o.ClientID}} {
		if f.v == "" {
			return nil, &Error{Code: CodeInvalidInput, Message: f.name + " is empty", Field: f.name}
		}
	}
	if o.MemberKey == nil {
		return nil, &Error{Code: CodeInvalidInput, Message: "MemberKey is nil", Field: "MemberKey"}
	}
	issuer := strings.TrimRight(o.IssuerURL, "/")
	if issuer == "" {
		issuer = DefaultIssuer
	}
	client := o.Client
	if client == nil {
		client = http.DefaultClient
	}
	fields := [][2]string{
		{"grant_type", "authorization_code"},
		{"code", o.Code},
		{"redirect_uri", o.RedirectURI},
		{"client_id", o.ClientID},
	}
	if o.CodeVerifier != "" {
		fields = append(fields, [2]string{"code_verifier", o.CodeVerifier})
	}
	body := []byte(formEncode(fields))
	token, err := o.MemberKey.CreateToken(TokenPath, BRC77, time.Now(), body, "utf8")
	if err != nil {
		return nil, err
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, issuer+TokenPath, bytes.NewReader(body))
	if err != nil {
		return nil, &Error{Code: CodeInvalidInput, Message: "IssuerURL is not a valid URL", Field: "IssuerURL"}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Auth-Token", token)
	status, raw, err := do(client, req)
	if err != nil {
		return nil, err
	}
	if status < 200 || status > 299 {
		return nil, failure(status, raw, "token_exchange_failed", TokenPath)
	}
	var tokens struct {
		AccessToken  string `json:"access_token"`
		IDToken      string `json:"id_token"`
		RefreshToken string `json:"refresh_token"`
		ExpiresIn    int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(raw, &tokens); err != nil {
		return nil, &TokenExchangeError{Err: "token_exchange_failed", Details: "the token response is not JSON", Status: status, Endpoint: TokenPath}
	}
	if tokens.IDToken == "" {
		return nil, &TokenExchangeError{Err: "Missing id_token in token response",
			Details: "The authorization server did not return an id_token. Ensure 'openid' scope is included in the authorization request.",
			Status:  500, Endpoint: TokenPath}
	}

	req, err = http.NewRequestWithContext(ctx, http.MethodGet, issuer+UserInfoPath, nil)
	if err != nil {
		return nil, &Error{Code: CodeInvalidInput, Message: "IssuerURL is not a valid URL", Field: "IssuerURL"}
	}
	req.Header.Set("Authorization", "Bearer "+tokens.AccessToken)
	status, raw, err = do(client, req)
	if err != nil {
		return nil, err
	}
	if status < 200 || status > 299 {
		return nil, &TokenExchangeError{Err: "Failed to get user info", Details: string(raw), Status: status, Endpoint: UserInfoPath}
	}
	res := &TokenExchangeResult{AccessToken: tokens.AccessToken, IDToken: tokens.IDToken, RefreshToken: tokens.RefreshToken, ExpiresIn: tokens.ExpiresIn}
	if err := json.Unmarshal(raw, &res.User); err != nil {
		return nil, &TokenExchangeError{Err: "Failed to get user info", Details: "userinfo is not a JSON object", Status: status, Endpoint: UserInfoPath}
	}
	return res, nil
}

// do sends req and reads at most maxResponseBytes of the answer.
func do(client *http.Client, req *http.Request) (int, []byte, error) {
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, raw, nil
}

// failure reads a refused token request as the plugin does: error and error_description.
func failure(status int, raw []byte, fallback, endpoint string) *TokenExchangeError {
	e := &TokenExchangeError{Err: fallback, Details: string(raw), Status: status, Endpoint: endpoint}
	var body struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
		Message     string `json:"message"`
	}
	if json.Unmarshal(raw, &body) == nil {
		switch {
		case body.Description != "":
			e.Details = body.Description
		case body.Message != "":
			e.Details = body.Message
		case body.Error != "":
			e.Details = body.Error
		}
		if body.Error != "" {
			e.Err = body.Error
		}
	}
	return e
}

// formEncode serializes fields in order as application/x-www-form-urlencoded exactly as the
// WHATWG URLSearchParams of the plugin does (which the stock provider hook re-serializes with):
// ASCII letters, digits and "*-._" as they are, space as "+", every other UTF-8 byte as %XX.
func formEncode(fields [][2]string) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('&')
		}
		formEscape(&b, f[0])
		b.WriteByte('=')
		formEscape(&b, f[1])
	}
	return b.String()
}

func formEscape(b *strings.Builder, s string) {
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
}
