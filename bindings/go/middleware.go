package sigmaauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Middleware guards routes with X-Auth-Token verification. A request without the header, with
// more than one, or with a token the Verifier refuses gets 401 and the JSON body
//
//	{"error":"unauthorized","code":"<reason code>","message":"<sentence>"}
//
// (code "missing_token" when the header is absent), with the code also in the X-Auth-Error
// header. A body larger than MaxBody gets 413 in the same shape with error
// "payload_too_large" and code "body_too_large". Valid requests reach the next handler with
// the Verified value in the request context (see FromContext) and the body still readable.
type Middleware struct {
	// Verifier checks the tokens (required).
	Verifier *Verifier
	// Now is the server clock (time.Now if nil); tests inject a fixed instant.
	Now func() time.Time
	// MaxBody caps the body read for hashing (1 MiB if 0).
	MaxBody int64
}

// TokenHeader is the request header that carries the token.
const TokenHeader = "X-Auth-Token"

// missingTokenMessage is the sentence sent with CodeMissingToken.
const missingTokenMessage = "the request has no X-Auth-Token header"

type verifiedKey struct{}

// FromContext returns what the token proved, inside a guarded handler.
func FromContext(ctx context.Context) (*Verified, bool) {
	v, ok := ctx.Value(verifiedKey{}).(*Verified)
	return v, ok
}

// Refusal is the JSON body of a refused request.
type Refusal struct {
	Error   string `json:"error"`   // "unauthorized" (401) or "payload_too_large" (413)
	Code    string `json:"code"`    // the reason code, e.g. "missing_token", "expired"
	Message string `json:"message"` // a sentence for people; never repeats the request
}

// Wrap guards next.
func (m *Middleware) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokens := r.Header.Values(TokenHeader)
		switch len(tokens) {
		case 0:
			unauthorized(w, CodeMissingToken, missingTokenMessage)
			return
		case 1:
		default:
			unauthorized(w, CodeMalformedToken, "the request has more than one X-Auth-Token header")
			return
		}
		limit := m.MaxBody
		if limit == 0 {
			limit = 1 << 20
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		if err != nil || int64(len(body)) > limit {
			refuse(w, http.StatusRequestEntityTooLarge, Refusal{"payload_too_large", "body_too_large",
				"the request body is larger than " + strconv.FormatInt(limit, 10) + " bytes"})
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		now := time.Now()
		if m.Now != nil {
			now = m.Now()
		}
		// RequestURI is the path and query exactly as the client sent them: what it signed.
		verified, err := m.Verifier.Verify(tokens[0], r.RequestURI, body, "utf8", now)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) { // Verify returns only *Error; kept total all the same
				e = &Error{Code: CodeInternalError, Message: "internal error"}
			}
			unauthorized(w, e.Code, e.Message)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), verifiedKey{}, verified)))
	})
}

func unauthorized(w http.ResponseWriter, code, message string) {
	refuse(w, http.StatusUnauthorized, Refusal{"unauthorized", code, message})
}

func refuse(w http.ResponseWriter, status int, body Refusal) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Auth-Error", body.Code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
