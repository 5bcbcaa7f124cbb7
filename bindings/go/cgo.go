package sigmaauth

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -L${SRCDIR}/../../target/release -l:libsigma_auth.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
#include <stdlib.h>
#include "sigma_auth.h"
*/
import "C"

import (
	"strings"
	"unsafe"
)

// cString copies s to C memory for one call; the caller frees it with freeCString. A string
// containing NUL is refused with invalid_input naming field: C would read only the part
// before the NUL.
func cString(field, s string) (*C.char, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, invalidInput(field, field+" contains a NUL byte")
	}
	return C.CString(s), nil
}

// freeCString releases a string made by cString (nil is allowed).
func freeCString(p *C.char) {
	if p != nil {
		C.free(unsafe.Pointer(p))
	}
}

// freeSecretCString wipes the n bytes of a secret copied by cString, then frees it.
func freeSecretCString(p *C.char, n int) {
	if p != nil {
		clear(unsafe.Slice((*byte)(unsafe.Pointer(p)), n))
		C.free(unsafe.Pointer(p))
	}
}

// bytesArg passes a Go byte slice for the duration of one call (no copy; cgo allows it
// because the slice holds no Go pointers). Keep the slice alive until the call returns.
func bytesArg(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// Version is the version of the linked library (e.g. "0.1.0").
func Version() string { return C.GoString(C.sigma_version()) }
