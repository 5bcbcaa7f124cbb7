// Command go-server is a small HTTP API whose /api/ routes require a valid X-Auth-Token.
// It listens on 127.0.0.1 only. Run it from this folder with: go run . [-addr 127.0.0.1:8080]
package main

import (
	"encoding/json"
	"flag"
	"io"
	"log"
	"net/http"
	"time"

	sigmaauth "github.com/sigma-auth/sigma-auth/bindings/go"
)

// newHandler routes the API: GET /api/hello answers who signed; POST /api/orders accepts a
// JSON object and answers 400 for a (validly signed) body that is not one.
func newHandler(v *sigmaauth.Verifier) http.Handler {
	mw := &sigmaauth.Middleware{Verifier: v} // 401 {"error":"unauthorized","code":…,"message":…}
	api := http.NewServeMux()
	api.HandleFunc("GET /api/hello", func(w http.ResponseWriter, r *http.Request) {
		who, _ := sigmaauth.FromContext(r.Context())
		reply(w, http.StatusOK, map[string]string{"pubkey": who.PubKey, "scheme": who.Scheme.String()})
	})
	api.HandleFunc("POST /api/orders", func(w http.ResponseWriter, r *http.Request) {
		who, _ := sigmaauth.FromContext(r.Context())
		var order map[string]any
		body, _ := io.ReadAll(r.Body) // the middleware already read and verified it
		if err := json.Unmarshal(body, &order); err != nil {
			reply(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": "the body is not a JSON object"})
			return
		}
		reply(w, http.StatusOK, map[string]any{"pubkey": who.PubKey, "order": order})
	})
	return mw.Wrap(api)
}

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (keep it on loopback)")
	flag.Parse()
	v, err := sigmaauth.NewVerifier(5*time.Minute, 5*time.Minute, sigmaauth.Strict)
	if err != nil {
		log.Fatal(err)
	}
	defer v.Close()
	mux := http.NewServeMux()
	mux.Handle("/api/", newHandler(v))
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Printf("listening on http://%s", *addr)
	log.Fatal(srv.ListenAndServe())
}
