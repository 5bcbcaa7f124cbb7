package sigmaauth

/*
#include "sigma_auth.h"
*/
import "C"

import (
	"runtime"
	"time"
	"unsafe"
)

// CreateToken signs a token for path (path and query) dated ts, over body read with encoding
// ("utf8", "hex" or "base64"), with a random BRC-77 key ID. A string argument containing NUL
// is refused with "invalid_input" naming it.
func (k *PrivateKey) CreateToken(path string, scheme Scheme, ts time.Time, body []byte, encoding string) (string, error) {
	cpath, err := cString("path", path)
	if err != nil {
		return "", err
	}
	defer freeCString(cpath)
	cenc, err := cString("encoding", encoding)
	if err != nil {
		return "", err
	}
	defer freeCString(cenc)
	bptr, blen := bytesArg(body)
	defer runtime.KeepAlive(body)
	millis := C.int64_t(ts.UnixMilli())
	// Ask for the size, then sign. A BRC-77 signature drawn with a new random key ID may be a
	// byte longer than the one sized (its DER length varies), so a second refusal for size is
	// retried with the size the library reports.
	var need C.size_t
	rc := C.sigma_token_create_random(k.k, cpath, C.uint32_t(scheme), millis, bptr, blen, cenc, nil, 0, &need)
	for attempt := 0; attempt < 4; attempt++ {
		if rc != C.SIGMA_BUFFER_TOO_SMALL || need == 0 {
			break
		}
		buf := make([]byte, need)
		var written C.size_t
		rc = C.sigma_token_create_random(k.k, cpath, C.uint32_t(scheme), millis, bptr, blen, cenc,
			(*C.char)(unsafe.Pointer(&buf[0])), need, &written)
		if rc == C.SIGMA_OK {
			return string(buf[:written]), nil
		}
		need = written
	}
	if rc == C.SIGMA_OK { // impossible: a NULL buffer cannot hold a token
		rc = C.SIGMA_BUFFER_TOO_SMALL
	}
	return "", check(rc)
}
