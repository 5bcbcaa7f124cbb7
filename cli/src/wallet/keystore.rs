//! The wallet file: a BIP39 mnemonic, its BIP39 passphrase and the host list, encrypted at rest
//! with a key from argon2id (parameters and salt stored in the file) and AES-256-GCM, written
//! atomically (a temporary file in the same folder, then a rename) with mode 0600.
//!
//! File (JSON): `{"format":"sigma-auth-wallet","version":1,"kdf":{"name":"argon2id","m_kib",
//! "t","p","salt"},"cipher":{"name":"aes-256-gcm","nonce"},"ciphertext"}` (hex, base64 for the
//! ciphertext). The header is bound to the ciphertext as associated data, so a changed
//! parameter fails like a wrong passphrase.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sigma_auth_core::Reason;
use zeroize::{Zeroize, Zeroizing};

/// The format this build writes and reads.
pub const FORMAT_VERSION: u64 = 1;
/// The format name in the file.
const FORMAT_NAME: &str = "sigma-auth-wallet";
/// The largest wallet file read (a wallet is a few kilobytes).
const MAX_FILE_LEN: u64 = 1 << 20;
/// The most hosts a wallet holds.
pub const MAX_HOSTS: usize = 10_000;

/// argon2id cost parameters (memory in KiB, passes, lanes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// The parameters new wallets get (OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane),
    /// or those in `SIGMA_AUTH_ARGON2` (`m_kib,t,p`) when set and in range.
    pub fn for_new_wallet() -> KdfParams {
        let default = KdfParams {
            m_kib: 19_456,
            t: 2,
            p: 1,
        };
        let Ok(text) = std::env::var("SIGMA_AUTH_ARGON2") else {
            return default;
        };
        let parts: Vec<u32> = text.split(',').filter_map(|p| p.parse().ok()).collect();
        match parts[..] {
            [m_kib, t, p] if KdfParams { m_kib, t, p }.in_range() => KdfParams { m_kib, t, p },
            _ => default,
        }
    }

    /// Whether the parameters are in the range this build accepts from a file (bounds the work
    /// a crafted file can ask for).
    fn in_range(&self) -> bool {
        (8..=4 * 1024 * 1024).contains(&self.m_kib)
            && (1..=64).contains(&self.t)
            && (1..=16).contains(&self.p)
            && self.m_kib >= 8 * self.p
    }
}

/// Why a wallet could not be read or written. The message never holds a secret.
#[derive(Debug)]
pub struct KeystoreError {
    /// The reason code (`wallet_bad_passphrase`, `wallet_corrupt`, `wallet_newer_version`) or
    /// `None` for a file-system error.
    pub reason: Option<Reason>,
    /// What happened.
    pub message: String,
}

impl KeystoreError {
    fn corrupt(why: &str) -> KeystoreError {
        KeystoreError {
            reason: Some(Reason::WalletCorrupt),
            message: format!("the wallet file is truncated or corrupted: {why}"),
        }
    }

    fn io(what: &str, path: &Path, e: std::io::Error) -> KeystoreError {
        KeystoreError {
            reason: None,
            message: format!("{what} {}: {e}", path.display()),
        }
    }
}

impl std::fmt::Display for KeystoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What the wallet file protects. Zeroized on drop; `Debug` shows no secret.
#[derive(Serialize, Deserialize, Default)]
pub struct Secrets {
    /// The BIP39 mnemonic (normalized, words separated by one space).
    pub mnemonic: String,
    /// The BIP39 passphrase (the passphrase given at creation or import).
    pub bip39_passphrase: String,
    /// Hosts in the order they were first authenticated; host `i` uses account `i`.
    pub hosts: Vec<String>,
}

impl Drop for Secrets {
    fn drop(&mut self) {
        self.mnemonic.zeroize();
        self.bip39_passphrase.zeroize();
    }
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("hosts", &self.hosts)
            .finish_non_exhaustive()
    }
}

/// An open wallet file: where it lives and the key that seals it (kept so that a new host can
/// be saved without asking for the passphrase again). Zeroized on drop.
pub struct Sealer {
    path: PathBuf,
    params: KdfParams,
    salt: [u8; 16],
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealer")
            .field("path", &self.path)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl Sealer {
    /// A sealer for a new wallet at `path`: fresh salt, key from `passphrase`.
    pub fn new(path: &Path, passphrase: &str, params: KdfParams) -> Result<Sealer, KeystoreError> {
        let mut salt = [0u8; 16];
        fill_random(&mut salt)?;
        let key = derive_key(passphrase, &salt, params)?;
        Ok(Sealer {
            path: path.to_path_buf(),
            params,
            salt,
            key,
        })
    }

    /// Encrypts `secrets` under a fresh nonce and replaces the file atomically (mode 0600).
    /// With `overwrite` false, an existing file is refused.
    pub fn save(&self, secrets: &Secrets, overwrite: bool) -> Result<(), KeystoreError> {
        let mut nonce = [0u8; 12];
        fill_random(&mut nonce)?;
        let header = header(self.params, &self.salt, &nonce);
        let plain = Zeroizing::new(serde_json::to_vec(secrets).map_err(|e| KeystoreError {
            reason: None,
            message: format!("cannot encode the wallet: {e}"),
        })?);
        let aad = header.to_string();
        let cipher = Aes256Gcm::new_from_slice(&self.key[..]).map_err(|_| KeystoreError {
            reason: None,
            message: "the wallet key has the wrong length".into(),
        })?;
        let sealed = cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &plain,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| KeystoreError {
                reason: None,
                message: "cannot encrypt the wallet".into(),
            })?;
        let mut file = header;
        file["ciphertext"] = Value::String(STANDARD.encode(sealed));
        write_atomically(&self.path, file.to_string().as_bytes(), overwrite)
    }
}

/// Opens the wallet at `path` with `passphrase`: the secrets and a sealer to save it again.
pub fn open(path: &Path, passphrase: &str) -> Result<(Secrets, Sealer), KeystoreError> {
    let text = read_limited(path)?;
    let file: Value =
        serde_json::from_slice(&text).map_err(|_| KeystoreError::corrupt("not complete JSON"))?;
    if file.get("format").and_then(Value::as_str) != Some(FORMAT_NAME) {
        return Err(KeystoreError::corrupt("not a sigma-auth wallet"));
    }
    let version = file
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| KeystoreError::corrupt("no format version"))?;
    if version > FORMAT_VERSION {
        return Err(KeystoreError {
            reason: Some(Reason::WalletNewerVersion),
            message: format!(
                "the wallet file has format version {version}, newer than this sigma-auth reads \
                 ({FORMAT_VERSION}); use a newer sigma-auth"
            ),
        });
    }
    if version != FORMAT_VERSION {
        return Err(KeystoreError::corrupt("unknown format version"));
    }
    let kdf = &file["kdf"];
    if kdf.get("name").and_then(Value::as_str) != Some("argon2id")
        || file["cipher"].get("name").and_then(Value::as_str) != Some("aes-256-gcm")
    {
        return Err(KeystoreError::corrupt("unknown key derivation or cipher"));
    }
    let number = |field: &str| {
        kdf.get(field)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| KeystoreError::corrupt("a key-derivation parameter is missing"))
    };
    let params = KdfParams {
        m_kib: number("m_kib")?,
        t: number("t")?,
        p: number("p")?,
    };
    if !params.in_range() {
        return Err(KeystoreError::corrupt(
            "key-derivation parameters out of range",
        ));
    }
    let salt: [u8; 16] = hex_field(kdf, "salt")?;
    let nonce: [u8; 12] = hex_field(&file["cipher"], "nonce")?;
    let sealed = file
        .get("ciphertext")
        .and_then(Value::as_str)
        .and_then(|t| STANDARD.decode(t).ok())
        .ok_or_else(|| KeystoreError::corrupt("the ciphertext is missing or not base64"))?;
    let key = derive_key(passphrase, &salt, params)?;
    let aad = header(params, &salt, &nonce).to_string();
    let cipher = Aes256Gcm::new_from_slice(&key[..]).map_err(|_| KeystoreError::corrupt("key"))?;
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &sealed,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| KeystoreError {
                reason: Some(Reason::WalletBadPassphrase),
                message: "the wallet does not open: wrong passphrase, or the file was altered"
                    .into(),
            })?,
    );
    let secrets: Secrets = serde_json::from_slice(&plain)
        .map_err(|_| KeystoreError::corrupt("the decrypted content is not a wallet"))?;
    if secrets.hosts.len() > MAX_HOSTS {
        return Err(KeystoreError::corrupt("too many hosts"));
    }
    Ok((
        secrets,
        Sealer {
            path: path.to_path_buf(),
            params,
            salt,
            key,
        },
    ))
}

/// The plain header (everything but the ciphertext), also the associated data.
fn header(params: KdfParams, salt: &[u8; 16], nonce: &[u8; 12]) -> Value {
    json!({
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "kdf": {"name": "argon2id", "m_kib": params.m_kib, "t": params.t, "p": params.p,
                "salt": hex(salt)},
        "cipher": {"name": "aes-256-gcm", "nonce": hex(nonce)},
    })
}

fn hex(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

fn hex_field<const N: usize>(obj: &Value, field: &str) -> Result<[u8; N], KeystoreError> {
    let text = obj
        .get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| KeystoreError::corrupt("a salt or nonce is missing"))?;
    let mut out = [0u8; N];
    match base16ct::lower::decode(text, &mut out) {
        Ok(b) if b.len() == N => Ok(out),
        _ => Err(KeystoreError::corrupt(
            "a salt or nonce is not hex of its length",
        )),
    }
}

fn derive_key(
    passphrase: &str,
    salt: &[u8],
    params: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, KeystoreError> {
    let bad = |_| KeystoreError::corrupt("key-derivation parameters refused");
    let argon = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(params.m_kib, params.t, params.p, Some(32)).map_err(bad)?,
    );
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, &mut key[..])
        .map_err(bad)?;
    Ok(key)
}

fn fill_random(buf: &mut [u8]) -> Result<(), KeystoreError> {
    getrandom::fill(buf).map_err(|e| KeystoreError {
        reason: None,
        message: format!("no randomness from the system: {e}"),
    })
}

fn read_limited(path: &Path) -> Result<Vec<u8>, KeystoreError> {
    use std::io::Read;
    let file = fs::File::open(path).map_err(|e| KeystoreError::io("cannot open", path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| KeystoreError::io("cannot read", path, e))?;
    if bytes.len() as u64 > MAX_FILE_LEN {
        return Err(KeystoreError::corrupt("larger than 1 MiB"));
    }
    Ok(bytes)
}

/// Writes `bytes` to a new temporary file beside `path` (mode 0600), syncs it, and renames it
/// over `path`; on any failure the temporary file is removed and `path` is untouched.
fn write_atomically(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), KeystoreError> {
    if !overwrite && path.exists() {
        return Err(KeystoreError {
            reason: None,
            message: format!(
                "{} exists; it is not overwritten without --force",
                path.display()
            ),
        });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "wallet".into());
    let mut suffix = [0u8; 8];
    fill_random(&mut suffix)?;
    let tmp = dir.join(format!(".{name}.{}.tmp", hex(&suffix)));
    let result = (|| {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(&tmp)
            .map_err(|e| KeystoreError::io("cannot create", &tmp, e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| KeystoreError::io("cannot write", &tmp, e))?;
        fs::rename(&tmp, path).map_err(|e| KeystoreError::io("cannot replace", path, e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams {
        m_kib: 64,
        t: 1,
        p: 1,
    };

    fn secrets() -> Secrets {
        Secrets {
            mnemonic: "m".into(),
            bip39_passphrase: "pw".into(),
            hosts: vec!["a.example".into()],
        }
    }

    #[test]
    fn round_trip_tamper_and_overwrite() {
        let dir = std::env::temp_dir().join(format!("sigma-ks-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("w.json");
        let _ = fs::remove_file(&path);
        let sealer = Sealer::new(&path, "pw", FAST).unwrap();
        sealer.save(&secrets(), false).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let (opened, _) = open(&path, "pw").unwrap();
        assert_eq!(opened.hosts, ["a.example"]);
        assert_eq!(opened.mnemonic, "m");
        assert_eq!(
            open(&path, "other").unwrap_err().reason,
            Some(Reason::WalletBadPassphrase)
        );
        let good = fs::read(&path).unwrap();
        // Refused without overwrite, and the file is unchanged.
        assert!(sealer.save(&secrets(), false).is_err());
        assert_eq!(fs::read(&path).unwrap(), good);
        // Every truncation is refused with a reason, never a panic.
        for cut in [0, 1, good.len() / 2, good.len() - 3] {
            fs::write(&path, &good[..cut]).unwrap();
            let e = open(&path, "pw").unwrap_err();
            assert!(e.reason.is_some(), "cut {cut}: {e}");
        }
        // A changed parameter fails like a wrong passphrase (the header is associated data).
        let mut doc: Value = serde_json::from_slice(&good).unwrap();
        doc["kdf"]["salt"] = Value::String("00".repeat(16));
        fs::write(&path, doc.to_string()).unwrap();
        assert_eq!(
            open(&path, "pw").unwrap_err().reason,
            Some(Reason::WalletBadPassphrase)
        );
        doc["version"] = json!(2);
        fs::write(&path, doc.to_string()).unwrap();
        assert_eq!(
            open(&path, "pw").unwrap_err().reason,
            Some(Reason::WalletNewerVersion)
        );
        let mut huge: Value = serde_json::from_slice(&good).unwrap();
        huge["kdf"]["m_kib"] = json!(u32::MAX);
        fs::write(&path, huge.to_string()).unwrap();
        assert_eq!(
            open(&path, "pw").unwrap_err().reason,
            Some(Reason::WalletCorrupt)
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
