// The Go block of README.md ("Use it from Go") as a program: the lines between the snippet
// markers are the README's block; check.Run sends it the requests every example must answer alike.
package main

import (
	"fmt"
	"net/http"
	"os"
	"time"

	sigmaauth "github.com/sigma-auth/sigma-auth/bindings/go"
	"sigma-auth.example/readme/check"
)

// apiHandler answers a verified request with the caller's key.
var apiHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	who, _ := sigmaauth.FromContext(r.Context())
	fmt.Fprintf(w, "hello %s %x\n", who.PubKey, who.ReplayID)
})

func run() int {
	// snippet: README.md#go
	v, _ := sigmaauth.NewVerifier(5*time.Minute, 5*time.Minute, sigmaauth.Strict) // cgo over libsigma_auth.a
	defer v.Close()
	mw := &sigmaauth.Middleware{Verifier: v}
	http.Handle("/api/", mw.Wrap(apiHandler)) // 401 {"error":"unauthorized","code":"<reason>","message":"…"}
	// in apiHandler: who, _ := sigmaauth.FromContext(r.Context()); who.PubKey, who.ReplayID
	// end snippet
	return check.Run(http.DefaultServeMux)
}

func main() { os.Exit(run()) }
