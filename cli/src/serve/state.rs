//! What the signer holds while it runs: the unlocked wallet (or nothing, when locked), the
//! bearers, and the allowed browser origins.

use std::sync::{Arc, Mutex};

use sigma_auth_core::PrivateKey;

use super::bearer::Bearers;
use crate::wallet::keys::WalletKeys;
use crate::wallet::keystore::{MAX_HOSTS, Sealer, Secrets};

/// An unlocked wallet: its keys, its host list and the sealer that saves it.
pub struct Unlocked {
    /// The wallet's keys.
    pub keys: WalletKeys,
    /// The secrets as stored (the host list grows at `/api/auth`).
    pub secrets: Secrets,
    /// Saves the wallet file.
    pub sealer: Sealer,
}

impl Unlocked {
    /// The key of `host`, allocating the next account (and saving the wallet) for a new host.
    pub fn host_key(&mut self, host: &str) -> Result<Arc<PrivateKey>, String> {
        let account = match self.secrets.hosts.iter().position(|h| h == host) {
            Some(i) => i,
            None => {
                if self.secrets.hosts.len() >= MAX_HOSTS {
                    return Err("the wallet holds the most hosts it can".into());
                }
                self.secrets.hosts.push(host.to_string());
                if let Err(e) = self.sealer.save(&self.secrets, true) {
                    self.secrets.hosts.pop();
                    return Err(format!("cannot save the new host's account: {e}"));
                }
                tracing::info!(
                    account = self.secrets.hosts.len() - 1,
                    "new host account saved"
                );
                self.secrets.hosts.len() - 1
            }
        };
        let account = u32::try_from(account).map_err(|_| "account out of range".to_string())?;
        self.keys.host_key(account).map(Arc::new)
    }
}

/// The shared state of the server.
pub struct AppState {
    /// The wallet, `None` when the server runs locked.
    pub wallet: Option<Mutex<Unlocked>>,
    /// The master key (friend keys and encryption), `None` when locked.
    pub master: Option<PrivateKey>,
    /// Live bearers.
    pub bearers: Mutex<Bearers>,
    /// Browser origins allowed with `--allow-origin`.
    pub allowed_origins: Vec<String>,
}
