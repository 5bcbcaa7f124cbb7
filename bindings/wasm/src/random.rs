//! Randomness from the platform's Web Crypto (`crypto.getRandomValues`, through getrandom's
//! `wasm_js` backend), for key IDs, IVs and new keys.

use sigma_auth_core::Error as CoreError;
use zeroize::Zeroizing;

use crate::errors::Fault;

/// 32 fresh random bytes.
pub fn bytes32() -> Result<[u8; 32], Fault> {
    let mut out = [0u8; 32];
    getrandom::fill(&mut out).map_err(|_| Fault::from(CoreError::RandomnessUnavailable))?;
    Ok(out)
}

/// 32 fresh random bytes for a secret, wiped when dropped.
pub fn secret32() -> Result<Zeroizing<[u8; 32]>, Fault> {
    let mut out = Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut out[..]).map_err(|_| Fault::from(CoreError::RandomnessUnavailable))?;
    Ok(out)
}
