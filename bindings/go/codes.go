package sigmaauth

// The stable reason codes an *Error carries in its Code field: the same strings as the Rust
// core's code(), the C library's sigma_result_code(), Node's err.code and Python's .code.
// The C numbers are in codeTable; a test checks both against the linked library.
const (
	// Token verification reasons (C numbers 1 to 15).
	CodeMalformedToken          = "malformed_token"           // the token is not five '|'-separated fields
	CodeUnsupportedScheme       = "unsupported_scheme"        // the scheme is not exactly bsm or brc77
	CodeBadPubkey               = "bad_pubkey"                // the pubkey field is not an accepted encoding
	CodeBadSignatureEncoding    = "bad_signature_encoding"    // the signature field is not an accepted encoding
	CodeSignerMismatch          = "signer_mismatch"           // a brc77 envelope signed by another key
	CodePathMismatch            = "path_mismatch"             // signed for a different request path
	CodeExpired                 = "expired"                   // older than the verifier's maximum age
	CodeNotYetValid             = "not_yet_valid"             // dated beyond the verifier's maximum skew
	CodeBadTimestamp            = "bad_timestamp"             // the timestamp field is not accepted
	CodeInvalidSignature        = "invalid_signature"         // the signature does not verify for this request
	CodeReplayed                = "replayed"                  // already used inside its window
	CodeBadBody                 = "bad_body"                  // the body is not valid for its encoding
	CodeUnsupportedBodyEncoding = "unsupported_body_encoding" // the encoding is not utf8, hex or base64
	CodeRecipientRequired       = "recipient_required"        // a brc77 signature addressed to a specific verifier
	// CodeMissingToken: the request has no X-Auth-Token header (answered by Middleware). The
	// core's list gives it number 15.
	CodeMissingToken = "missing_token"
	// CodeReplayStoreFull: the replay store is full of live tokens (number 16).
	CodeReplayStoreFull = "replay_store_full"
	// CodeReplayStoreUnavailable: the replay store did not answer in time (number 17).
	CodeReplayStoreUnavailable = "replay_store_unavailable"

	// Input errors (C numbers 100 and up).
	CodeInvalidHex               = "invalid_hex"
	CodeInvalidBase64            = "invalid_base64"
	CodeInvalidLength            = "invalid_length"
	CodeInvalidPrivateKey        = "invalid_private_key"
	CodeInvalidPublicKey         = "invalid_public_key"
	CodeInvalidWIF               = "invalid_wif"
	CodeInvalidSignatureEncoding = "invalid_signature_encoding"
	CodeSignatureMismatch        = "signature_mismatch"
	CodeInvalidTimestamp         = "invalid_timestamp"
	CodeInvalidProtocol          = "invalid_protocol"
	CodeDerivationFailed         = "derivation_failed"
	CodeVersionMismatch          = "version_mismatch"
	CodeWrongRecipient           = "wrong_recipient"
	CodeInvalidInput             = "invalid_input" // also: a string argument containing NUL, a bad duration
	CodeRandomnessUnavailable    = "randomness_unavailable"
	CodeDecryptionFailed         = "decryption_failed"

	// Codes of the C boundary (200 to 299).
	CodeNullParameter  = "null_parameter"
	CodeBufferTooSmall = "buffer_too_small"
	CodeInternalError  = "internal_error" // a fault inside the library (a bug; please report it)

	// The identity layer: scripts, AIP and Sigma (C numbers 300 to 314).
	CodeMalformedScript           = "malformed_script"
	CodeAIPMissing                = "aip_missing"
	CodeAIPLayout                 = "aip_layout"
	CodeAIPUnsupportedAlgorithm   = "aip_unsupported_algorithm"
	CodeAIPBadSignatureEncoding   = "aip_bad_signature_encoding"
	CodeAIPInvalidSignature       = "aip_invalid_signature"
	CodeSigmaMissing              = "sigma_missing"
	CodeSigmaLayout               = "sigma_layout"
	CodeSigmaUnsupportedAlgorithm = "sigma_unsupported_algorithm"
	CodeSigmaBadSignatureEncoding = "sigma_bad_signature_encoding"
	CodeSigmaSignerMismatch       = "sigma_signer_mismatch"
	CodeSigmaInvalidSignature     = "sigma_invalid_signature"

	// BAP (C numbers 315 to 329).
	CodeBAPLayout             = "bap_layout"
	CodeBAPUnsupportedType    = "bap_unsupported_type"
	CodeBAPBadHash            = "bap_bad_hash"
	CodeBAPBadSequence        = "bap_bad_sequence"
	CodeBAPDataMismatch       = "bap_data_mismatch"
	CodeBAPHashMismatch       = "bap_hash_mismatch"
	CodeBAPSignerNotCurrent   = "bap_signer_not_current"
	CodeBAPLookupFailed       = "bap_lookup_failed"
	CodeInvalidAddress        = "invalid_address"
	CodeInvalidXprv           = "invalid_xprv"
	CodeInvalidDerivationPath = "invalid_derivation_path"
	CodeUnauthorized          = "unauthorized"
	CodeForbiddenHost         = "forbidden_host"
	CodeForbiddenOrigin       = "forbidden_origin"
	CodeForbiddenScope        = "forbidden_scope"
	CodeWalletLocked          = "wallet_locked"
	CodeBodyTooLarge          = "body_too_large"
	CodeBadRequest            = "bad_request"
	CodeWalletBadPassphrase   = "wallet_bad_passphrase"
	CodeWalletCorrupt         = "wallet_corrupt"
	CodeWalletNewerVersion    = "wallet_newer_version"
	CodeUnknownEndpoint       = "unknown_endpoint"
	CodeWalletSaveFailed      = "wallet_save_failed"
)

// codeTable pairs every code with its C number (sigma_result), success included.
var codeTable = []struct {
	Number uint32
	Code   string
}{
	{0, "ok"},
	{1, CodeMalformedToken}, {2, CodeUnsupportedScheme}, {3, CodeBadPubkey},
	{4, CodeBadSignatureEncoding}, {5, CodeSignerMismatch}, {6, CodePathMismatch},
	{7, CodeExpired}, {8, CodeNotYetValid}, {9, CodeBadTimestamp}, {10, CodeInvalidSignature},
	{11, CodeReplayed}, {12, CodeBadBody}, {13, CodeUnsupportedBodyEncoding},
	{14, CodeRecipientRequired}, {15, CodeMissingToken}, {16, CodeReplayStoreFull}, {17, CodeReplayStoreUnavailable},
	{100, CodeInvalidHex}, {101, CodeInvalidBase64}, {102, CodeInvalidLength},
	{103, CodeInvalidPrivateKey}, {104, CodeInvalidPublicKey}, {105, CodeInvalidWIF},
	{106, CodeInvalidSignatureEncoding}, {107, CodeSignatureMismatch}, {108, CodeInvalidTimestamp},
	{109, CodeInvalidProtocol}, {110, CodeDerivationFailed}, {111, CodeVersionMismatch},
	{112, CodeWrongRecipient}, {113, CodeInvalidInput}, {114, CodeRandomnessUnavailable},
	{115, CodeDecryptionFailed},
	{200, CodeNullParameter}, {201, CodeBufferTooSmall}, {202, CodeInternalError},
	{300, CodeMalformedScript}, {301, CodeAIPMissing}, {302, CodeAIPLayout}, {303, CodeAIPUnsupportedAlgorithm}, {304, CodeAIPBadSignatureEncoding}, {305, CodeAIPInvalidSignature}, {306, CodeSigmaMissing}, {307, CodeSigmaLayout}, {308, CodeSigmaUnsupportedAlgorithm}, {309, CodeSigmaBadSignatureEncoding}, {310, CodeSigmaSignerMismatch}, {311, CodeSigmaInvalidSignature},
	{315, CodeBAPLayout}, {316, CodeBAPUnsupportedType}, {317, CodeBAPBadHash},
	{318, CodeBAPBadSequence}, {319, CodeBAPDataMismatch}, {320, CodeBAPHashMismatch},
	{321, CodeBAPSignerNotCurrent}, {322, CodeBAPLookupFailed}, {323, CodeInvalidAddress},
	{324, CodeInvalidXprv}, {325, CodeInvalidDerivationPath},
	{400, CodeUnauthorized}, {401, CodeForbiddenHost}, {402, CodeForbiddenOrigin}, {403, CodeForbiddenScope}, {404, CodeWalletLocked}, {405, CodeBodyTooLarge}, {406, CodeBadRequest}, {407, CodeWalletBadPassphrase}, {408, CodeWalletCorrupt}, {409, CodeWalletNewerVersion}, {410, CodeUnknownEndpoint}, {411, CodeWalletSaveFailed},
}

// codeNumber is the C number of code (ok is false for a string that is not a code).
func codeNumber(code string) (uint32, bool) {
	for _, c := range codeTable {
		if c.Code == code {
			return c.Number, true
		}
	}
	return 0, false
}
