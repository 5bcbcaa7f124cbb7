package sigmaauth

/*
#include "sigma_auth.h"
*/
import "C"

import (
	"runtime"
	"time"
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

// String is the scheme as written in a token: "bsm" or "brc77".
func (s Scheme) String() string {
	if s == BRC77 {
		return "brc77"
	}
	return "bsm"
}

// Verifier checks tokens: a two-sided time window and a policy. It is safe for concurrent use
// by many goroutines; Close it once when no request uses it any more.
type Verifier struct {
	v *C.sigma_verifier
}

// NewVerifier accepts tokens dated in [now - maxAge, now + maxSkew]. Both durations must be
// whole numbers of seconds, zero or more (the C ABI counts seconds): a negative or fractional
// duration is refused with an *Error of Code "invalid_input" naming it, never rounded.
func NewVerifier(maxAge, maxSkew time.Duration, policy Policy) (*Verifier, error) {
	age, err := wholeSeconds("maxAge", maxAge)
	if err != nil {
		return nil, err
	}
	skew, err := wholeSeconds("maxSkew", maxSkew)
	if err != nil {
		return nil, err
	}
	var v *C.sigma_verifier
	if err := check(C.sigma_verifier_new(C.uint64_t(age), C.uint64_t(skew), C.uint32_t(policy), &v)); err != nil {
		return nil, err
	}
	return &Verifier{v: v}, nil
}

// wholeSeconds converts d exactly, or refuses it naming field.
func wholeSeconds(field string, d time.Duration) (uint64, error) {
	if d < 0 {
		return 0, invalidInput(field, field+" must not be negative, got "+d.String())
	}
	if d%time.Second != 0 {
		return 0, invalidInput(field, field+" must be a whole number of seconds, got "+d.String())
	}
	return uint64(d / time.Second), nil
}

// Close frees the verifier. Calling it twice is harmless; it must not race with Verify.
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
// "base64" decode text first) at instant now. A refusal is an *Error with the reason code; a
// string argument containing NUL is refused with "invalid_input" naming it.
func (v *Verifier) Verify(token, path string, body []byte, encoding string, now time.Time) (*Verified, error) {
	ctoken, err := cString("token", token)
	if err != nil {
		return nil, err
	}
	defer freeCString(ctoken)
	cpath, err := cString("path", path)
	if err != nil {
		return nil, err
	}
	defer freeCString(cpath)
	cenc, err := cString("encoding", encoding)
	if err != nil {
		return nil, err
	}
	defer freeCString(cenc)
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
