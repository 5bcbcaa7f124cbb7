// Package sigmaauth verifies bitcoin-auth X-Auth-Token headers in Go through the C ABI of
// sigma-auth (libsigma_auth, include/sigma_auth.h) with cgo, and offers a net/http
// middleware. It only converts types: every check happens in the Rust library.
//
// Build the library first: cargo build --release -p sigma-auth-ffi (this package links
// target/release/libsigma_auth.a statically; with another CARGO_TARGET_DIR set
// CGO_LDFLAGS=-L$CARGO_TARGET_DIR/release).
package sigmaauth

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -L${SRCDIR}/../../target/release -l:libsigma_auth.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
#include <stdlib.h>
#include "sigma_auth.h"
*/
import "C"

import (
	"encoding/hex"
	"fmt"
	"runtime"
	"time"
	"unsafe"
)

// Policy selects how strictly encodings are read (see sigma_policy in the header).
type Policy uint32

const (
	// Strict accepts exactly what the reference generators produce (the default).
	Strict Policy = C.SIGMA_POLICY_STRICT
	// Compat also accepts the spellings the JavaScript reference tolerates.
	Compat Policy = C.SIGMA_POLICY_COMPAT
)

// Scheme is the signature scheme of a token.
type Scheme uint32

const (
	// BSM is Bitcoin Signed Message.
	BSM Scheme = C.SIGMA_SCHEME_BSM
	// BRC77 is a BRC-77 anyone-verifiable signed message.
	BRC77 Scheme = C.SIGMA_SCHEME_BRC77
)

func (s Scheme) String() string {
	if s == BRC77 {
		return "brc77"
	}
	return "bsm"
}

// Error is a failure reported by the library: Code is the stable snake_case code
// (e.g. "signer_mismatch"), the same string as in Rust, Node and Python.
type Error struct {
	Code    string
	Message string
	Result  uint32
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func check(rc C.sigma_result) error {
	if rc == C.SIGMA_OK {
		return nil
	}
	return &Error{
		Code:    C.GoString(C.sigma_result_code(C.uint32_t(rc))),
		Message: C.GoString(C.sigma_result_message(C.uint32_t(rc))),
		Result:  uint32(rc),
	}
}

// Version is the library version.
func Version() string { return C.GoString(C.sigma_version()) }

// cstr copies s to C memory; the caller frees it.
func cstr(s string) *C.char { return C.CString(s) }

// bytesArg passes a Go byte slice for the duration of one call (no copy; cgo allows it
// because the slice holds no Go pointers).
func bytesArg(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// Verifier checks tokens: a two-sided time window and a policy. It is safe for concurrent use
// by many goroutines; Close it once when no request uses it any more.
type Verifier struct {
	v *C.sigma_verifier
}

// NewVerifier accepts tokens dated in [now - maxAge, now + maxSkew] (whole seconds).
func NewVerifier(maxAge, maxSkew time.Duration, policy Policy) (*Verifier, error) {
	var v *C.sigma_verifier
	if err := check(C.sigma_verifier_new(C.uint64_t(maxAge/time.Second), C.uint64_t(maxSkew/time.Second),
		C.uint32_t(policy), &v)); err != nil {
		return nil, err
	}
	return &Verifier{v: v}, nil
}

// Close frees the verifier. Calling it twice is harmless.
func (v *Verifier) Close() {
	C.sigma_verifier_free(v.v)
	v.v = nil
}

// Verified is what a valid token proves.
type Verified struct {
	PubKey    string // compressed public key, lower-case hex
	Scheme    Scheme
	Timestamp time.Time
	ReplayID  [32]byte // key of a replay cache for the window
}

// Verify checks token (the X-Auth-Token value) for the request received: path (path and query
// exactly as received), body (raw bytes, hashed as they are when encoding is "utf8"; "hex" and
// "base64" decode text first) at instant now. A refusal is an *Error with the reason code.
func (v *Verifier) Verify(token, path string, body []byte, encoding string, now time.Time) (*Verified, error) {
	ctoken, cpath, cenc := cstr(token), cstr(path), cstr(encoding)
	defer C.free(unsafe.Pointer(ctoken))
	defer C.free(unsafe.Pointer(cpath))
	defer C.free(unsafe.Pointer(cenc))
	bptr, blen := bytesArg(body)
	var out C.sigma_verification
	rc := C.sigma_verifier_verify(v.v, ctoken, cpath, bptr, blen, cenc, C.int64_t(now.UnixMilli()), &out)
	runtime.KeepAlive(body)
	if err := check(rc); err != nil {
		return nil, err
	}
	res := &Verified{
		PubKey:    C.GoString(&out.pubkey_hex[0]),
		Scheme:    Scheme(out.scheme),
		Timestamp: time.UnixMilli(int64(out.timestamp_unix_millis)).UTC(),
	}
	for i := range res.ReplayID {
		res.ReplayID[i] = byte(out.replay_id[i])
	}
	return res, nil
}

// PrivateKey is a signing key held by the library (used by clients and tests). Close it once.
type PrivateKey struct {
	k *C.sigma_private_key
}

// PrivateKeyFromWIF reads a WIF.
func PrivateKeyFromWIF(wif string) (*PrivateKey, error) {
	cw := cstr(wif)
	defer C.free(unsafe.Pointer(cw))
	var k *C.sigma_private_key
	if err := check(C.sigma_private_key_from_wif(cw, &k)); err != nil {
		return nil, err
	}
	return &PrivateKey{k: k}, nil
}

// PrivateKeyFromHex reads a 32-byte scalar given as hex.
func PrivateKeyFromHex(h string) (*PrivateKey, error) {
	raw, err := hex.DecodeString(h)
	if err != nil {
		return nil, err
	}
	p, n := bytesArg(raw)
	var k *C.sigma_private_key
	if err := check(C.sigma_private_key_from_bytes(p, n, &k)); err != nil {
		return nil, err
	}
	return &PrivateKey{k: k}, nil
}

// GeneratePrivateKey makes a random key.
func GeneratePrivateKey() (*PrivateKey, error) {
	var k *C.sigma_private_key
	if err := check(C.sigma_private_key_generate(&k)); err != nil {
		return nil, err
	}
	return &PrivateKey{k: k}, nil
}

// Close frees the key (the library zeroizes it). Calling it twice is harmless.
func (k *PrivateKey) Close() {
	C.sigma_private_key_free(k.k)
	k.k = nil
}

// PubKeyHex is the compressed public key as hex.
func (k *PrivateKey) PubKeyHex() (string, error) {
	var pub *C.sigma_public_key
	if err := check(C.sigma_private_key_public_key(k.k, &pub)); err != nil {
		return "", err
	}
	defer C.sigma_public_key_free(pub)
	var buf [67]C.char
	var written C.size_t
	if err := check(C.sigma_public_key_to_hex(pub, &buf[0], C.size_t(len(buf)), &written)); err != nil {
		return "", err
	}
	return C.GoString(&buf[0]), nil
}

// CreateToken signs a token for path (path and query) dated ts, over body read with encoding,
// with a random BRC-77 key ID. The buffer is sized by asking the library first.
func (k *PrivateKey) CreateToken(path string, scheme Scheme, ts time.Time, body []byte, encoding string) (string, error) {
	cpath, cenc := cstr(path), cstr(encoding)
	defer C.free(unsafe.Pointer(cpath))
	defer C.free(unsafe.Pointer(cenc))
	bptr, blen := bytesArg(body)
	var need C.size_t
	rc := C.sigma_token_create_random(k.k, cpath, C.uint32_t(scheme), C.int64_t(ts.UnixMilli()), bptr, blen, cenc, nil, 0, &need)
	if rc != C.SIGMA_BUFFER_TOO_SMALL {
		return "", fmt.Errorf("size query: %w", check(rc))
	}
	buf := make([]byte, need)
	var written C.size_t
	rc = C.sigma_token_create_random(k.k, cpath, C.uint32_t(scheme), C.int64_t(ts.UnixMilli()), bptr, blen, cenc,
		(*C.char)(unsafe.Pointer(&buf[0])), need, &written)
	runtime.KeepAlive(body)
	if err := check(rc); err != nil {
		return "", err
	}
	return string(buf[:written]), nil
}
