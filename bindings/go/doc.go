// Package sigmaauth verifies and creates bitcoin-auth X-Auth-Token headers in Go, and guards
// net/http routes with them. It calls the C ABI of sigma-auth (include/sigma_auth.h,
// libsigma_auth.a) through cgo and only converts types: every cryptographic and format check
// happens in the Rust library, so Go answers exactly as Rust, C, Node and Python do.
//
// # Building
//
// Build the library first, from the repository root:
//
//	cargo build --release -p sigma-auth-ffi
//
// Inside the repository (or with a replace directive pointing at bindings/go) the package
// finds the header in ../../include and the library in ../../target/release. Anywhere else,
// point cgo at them:
//
//	CGO_CFLAGS=-I<repo>/include CGO_LDFLAGS=-L<repo>/target/release go build
//
// # Verifying
//
// A [Verifier] holds the time window and the [Policy]; one verifier serves every goroutine
// of a server. [Verifier.Verify] returns what the token proves ([Verified]) or an [*Error]
// whose Code is the stable reason code ("expired", "signer_mismatch", ...; see the Code*
// constants). [Middleware] does this for every request and answers 401 with
// {"error":"unauthorized","code":<code>,"message":<text>} when the token is missing or
// refused.
//
// # Inputs
//
// Strings cross into C as NUL-terminated text, so a string containing a NUL byte would be
// cut short there: a token signed for "/api/a" would pass for "/api/a\x00/../admin". Every
// string argument containing NUL is therefore refused with an [*Error] of Code
// [CodeInvalidInput] naming the argument, before the library sees it. Durations must be
// whole, non-negative numbers of seconds (the C ABI counts seconds).
package sigmaauth
