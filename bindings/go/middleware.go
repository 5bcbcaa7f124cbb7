package sigmaauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"
)

// Middleware guards routes with X-Auth-Token verification. Requests without a valid token get
// 401 with a JSON body {"error": "unauthorized", "code": "<reason code>"} and the code in the
// X-Auth-Error header; valid ones reach the next handler with the Verified value in the
// request context (see FromContext).
type Middleware struct {
	Verifier *Verifier
	// Now is the server clock (time.Now if nil); tests inject a fixed instant.
	Now func() time.Time
	// MaxBody caps the body read for hashing (1 MiB if 0).
	MaxBody int64
}

type verifiedKey struct{}

// FromContext returns what the token proved, inside a guarded handler.
func FromContext(ctx context.Context) (*Verified, bool) {
	v, ok := ctx.Value(verifiedKey{}).(*Verified)
	return v, ok
}

// Wrap guards next.
func (m *Middleware) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := m.MaxBody
		if limit == 0 {
			limit = 1 << 20
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		if err != nil || int64(len(body)) > limit {
			refuse(w, http.StatusRequestEntityTooLarge, "body_too_large")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		now := time.Now()
		if m.Now != nil {
			now = m.Now()
		}
		// RequestURI is the path and query exactly as the client sent them: what it signed.
		verified, err := m.Verifier.Verify(r.Header.Get("X-Auth-Token"), r.RequestURI, body, "utf8", now)
		if err != nil {
			code := "unauthorized"
			var e *Error
			if errors.As(err, &e) {
				code = e.Code
			}
			refuse(w, http.StatusUnauthorized, code)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), verifiedKey{}, verified)))
	})
}

func refuse(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Auth-Error", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": "unauthorized", "code": code})
}
