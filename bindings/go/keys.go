package sigmaauth

/*
#include "sigma_auth.h"
*/
import "C"

import "encoding/hex"

// PrivateKey is a signing key held by the library (used by clients and tests). Close it once.
type PrivateKey struct {
	k *C.sigma_private_key
}

// PrivateKeyFromWIF reads a WIF. Errors never repeat the WIF; the C copy made for the call is
// wiped (the Go string itself is immutable and stays the caller's to drop).
func PrivateKeyFromWIF(wif string) (*PrivateKey, error) {
	cw, err := cString("wif", wif)
	if err != nil {
		return nil, err
	}
	defer freeSecretCString(cw, len(wif))
	var k *C.sigma_private_key
	if err := check(C.sigma_private_key_from_wif(cw, &k)); err != nil {
		return nil, err
	}
	return &PrivateKey{k: k}, nil
}

// PrivateKeyFromHex reads a 32-byte scalar given as 64 hex digits. Errors never repeat it.
func PrivateKeyFromHex(h string) (*PrivateKey, error) {
	raw, err := hex.DecodeString(h)
	if err != nil {
		return nil, &Error{Code: CodeInvalidHex, Message: "the private key is not hexadecimal", Field: "hex",
			Result: uint32(C.SIGMA_INVALID_HEX)}
	}
	defer clear(raw)
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

// PubKeyHex is the compressed public key as 66 lower-case hex digits.
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
