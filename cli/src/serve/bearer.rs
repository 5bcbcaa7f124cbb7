//! Bearer tokens from `/api/auth`: random, held in memory only, each with its host's key,
//! scopes and expiry. The store is bounded; expired entries are dropped when it fills.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use sigma_auth_core::PrivateKey;

/// The most bearers held at once.
const CAPACITY: usize = 10_000;

/// What a bearer may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `/api/sign`, `/api/sign-aip`.
    Sign,
    /// `/api/encrypt`, `/api/friend-pubkey`.
    Encrypt,
    /// `/api/decrypt`.
    Decrypt,
}

impl Scope {
    /// The scope named `name` in `/api/auth`.
    pub fn from_name(name: &str) -> Option<Scope> {
        match name {
            "sign" => Some(Scope::Sign),
            "encrypt" => Some(Scope::Encrypt),
            "decrypt" => Some(Scope::Decrypt),
            _ => None,
        }
    }
}

/// A granted bearer.
pub struct Grant {
    /// The host's key (`m/44'/0'/<account>'/2/0`).
    pub key: Arc<PrivateKey>,
    /// The scopes granted.
    pub scopes: Vec<Scope>,
    /// When the bearer stops working.
    pub expires: Instant,
}

/// The bearers in memory, keyed by the SHA-256 of the token (so a lookup compares digests,
/// never the secret token itself).
#[derive(Default)]
pub struct Bearers {
    map: HashMap<[u8; 32], Arc<Grant>>,
}

impl Bearers {
    /// Stores `grant` under a new random token, which it returns; `None` when full of live ones.
    pub fn insert(&mut self, grant: Grant) -> Option<String> {
        if self.map.len() >= CAPACITY {
            let now = Instant::now();
            self.map.retain(|_, g| g.expires > now);
            if self.map.len() >= CAPACITY {
                return None;
            }
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).ok()?;
        let token = base16ct::lower::encode_string(&bytes);
        self.map.insert(digest(&token), Arc::new(grant));
        Some(token)
    }

    /// The live grant of `token` (an expired one is removed).
    pub fn get(&mut self, token: &str) -> Option<Arc<Grant>> {
        let key = digest(token);
        let grant = self.map.get(&key)?.clone();
        if grant.expires <= Instant::now() {
            self.map.remove(&key);
            return None;
        }
        Some(grant)
    }
}

/// The lifetime of an `/api/auth` expiry name: `once` 10 s, `1h`, `1d`, `1w`, `1m` (30 days).
/// `forever` and anything else are refused.
pub fn lifetime(name: &str) -> Option<Duration> {
    let secs = match name {
        "once" => 10,
        "1h" => 3600,
        "1d" => 86_400,
        "1w" => 7 * 86_400,
        "1m" => 30 * 86_400,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
