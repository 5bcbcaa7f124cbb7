//! [`Policy`]: how strictly encodings are read.

/// How strictly signatures, keys, timestamps and bodies are read.
///
/// `Strict` (the default) accepts exactly what the reference generators produce. `Compat` also
/// accepts the other spellings the JavaScript reference tolerates (non-canonical base64 and hex,
/// lax DER, high S, hybrid and uncompressed keys, any BSM header, non-`toISOString` timestamps).
/// No policy drops the brc77 signer binding or the two-sided time window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Policy {
    /// One spelling per value (default).
    #[default]
    Strict,
    /// Every spelling the reference tolerates; the security checks stay.
    Compat,
}
