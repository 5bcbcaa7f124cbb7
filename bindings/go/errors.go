package sigmaauth

/*
#include "sigma_auth.h"
*/
import "C"

// Error is a refusal or failure: Code is the stable snake_case reason code (one of the Code*
// constants, the same string as in Rust, C, Node and Python), Message a sentence for people
// that never repeats the input, Field the argument at fault when this package refused it
// before calling the library ("" otherwise), and Result the C number of the code.
type Error struct {
	Code    string
	Message string
	Field   string
	Result  uint32
}

// Error returns "<code>: <message>".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// check turns a C result into nil or an *Error carrying the library's code and message.
func check(rc C.sigma_result) error {
	if rc == C.SIGMA_OK {
		return nil
	}
	n := uint32(rc)
	return &Error{Code: resultCode(n), Message: resultMessage(n), Result: n}
}

// invalidInput is the error for an argument this package refuses itself.
func invalidInput(field, message string) *Error {
	return &Error{Code: CodeInvalidInput, Message: message, Field: field, Result: uint32(C.SIGMA_INVALID_INPUT)}
}

// resultCode is the library's code string for the C number n ("unknown" if it has none).
func resultCode(n uint32) string { return C.GoString(C.sigma_result_code(C.uint32_t(n))) }

// resultMessage is the library's sentence for the C number n.
func resultMessage(n uint32) string { return C.GoString(C.sigma_result_message(C.uint32_t(n))) }
