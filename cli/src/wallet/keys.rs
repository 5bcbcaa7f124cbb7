//! The keys of a wallet, as the TokenPass server derives them from its mnemonic: the BIP39 seed
//! (mnemonic + BIP39 passphrase), the master key = the seed's first 32 bytes (friend keys and
//! encryption), and for the host with account `a` the key at `m/44'/0'/<a>'/2/0` of the BIP32
//! tree of the seed (tokens and AIP signatures).

use bip39::{Language, Mnemonic};
use sigma_auth_core::PrivateKey;
use sigma_auth_core::bap::bip32::ExtendedPrivateKey;
use zeroize::Zeroizing;

/// The keys of an unlocked wallet. Zeroized on drop (by the core types).
pub struct WalletKeys {
    /// `PrivateKey(first 32 bytes of the BIP39 seed)`.
    pub master: PrivateKey,
    /// The BIP32 master key of the seed.
    pub root: ExtendedPrivateKey,
}

impl WalletKeys {
    /// The keys of `mnemonic` (already checked) with the BIP39 `passphrase`.
    pub fn from_mnemonic(mnemonic: &str, passphrase: &str) -> Result<WalletKeys, String> {
        let m = parse_mnemonic(mnemonic)?;
        let seed = Zeroizing::new(m.to_seed(passphrase));
        let master = PrivateKey::from_slice(&seed[..32]).map_err(|e| format!("master key: {e}"))?;
        let root = ExtendedPrivateKey::from_seed(&seed[..]).map_err(|e| format!("seed: {e}"))?;
        Ok(WalletKeys { master, root })
    }

    /// The key of the host with `account`: `m/44'/0'/<account>'/2/0`.
    pub fn host_key(&self, account: u32) -> Result<PrivateKey, String> {
        if account >= 0x8000_0000 {
            return Err("account number out of range".into());
        }
        let path = host_path(account);
        self.root
            .derive_path(&path)
            .map(|k| k.private_key().clone())
            .map_err(|e| format!("{path}: {e}"))
    }
}

/// The derivation path of `account`.
pub fn host_path(account: u32) -> String {
    format!("m/44'/0'/{account}'/2/0")
}

/// Reads a mnemonic: English BIP39 words (NFKD-normalized, any run of whitespace between
/// them), 12, 15, 18, 21 or 24 of them, with a valid checksum. The error never echoes a word.
pub fn parse_mnemonic(text: &str) -> Result<Mnemonic, String> {
    let words = text.split_whitespace().count();
    if !matches!(words, 12 | 15 | 18 | 21 | 24) {
        return Err(format!(
            "the mnemonic has {words} words; a BIP39 mnemonic has 12, 15, 18, 21 or 24"
        ));
    }
    Mnemonic::parse_in(Language::English, text).map_err(|e| match e {
        bip39::Error::UnknownWord(i) => {
            format!(
                "word {} of the mnemonic is not in the BIP39 English list",
                i + 1
            )
        }
        bip39::Error::InvalidChecksum => "the mnemonic's checksum does not match".into(),
        _ => "the mnemonic is not a valid BIP39 mnemonic".into(),
    })
}

/// A new random mnemonic of `words` words (12 to 24, a multiple of 3).
pub fn generate_mnemonic(words: usize) -> Result<Mnemonic, String> {
    let len = words / 3 * 4;
    if !matches!(words, 12 | 15 | 18 | 21 | 24) {
        return Err("--words must be 12, 15, 18, 21 or 24".into());
    }
    let mut entropy = Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut entropy[..len])
        .map_err(|e| format!("no randomness from the system: {e}"))?;
    Mnemonic::from_entropy_in(Language::English, &entropy[..len])
        .map_err(|_| "cannot make a mnemonic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABOUT: &str = "abandon abandon abandon abandon abandon abandon abandon abandon abandon \
                         abandon abandon about";

    #[test]
    fn master_key_is_the_first_half_of_the_bip39_seed() {
        // BIP39 reference vector (trezor/python-mnemonic vectors.json, passphrase "TREZOR"):
        // seed c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a698...
        let keys = WalletKeys::from_mnemonic(ABOUT, "TREZOR").unwrap();
        assert_eq!(
            keys.master.to_hex().as_str(),
            "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
        );
    }

    #[test]
    fn mnemonic_checks() {
        assert!(parse_mnemonic(ABOUT).is_ok());
        let bad_checksum = ABOUT.replace("about", "abandon");
        assert!(
            parse_mnemonic(&bad_checksum)
                .unwrap_err()
                .contains("checksum")
        );
        assert!(parse_mnemonic("abandon").unwrap_err().contains("1 words"));
        let unknown = ABOUT.replace("about", "zzzz");
        assert!(parse_mnemonic(&unknown).unwrap_err().contains("word 12"));
        for words in [12, 15, 18, 21, 24] {
            let m = generate_mnemonic(words).unwrap();
            assert_eq!(m.word_count(), words);
            assert!(parse_mnemonic(&m.to_string()).is_ok());
        }
        assert!(generate_mnemonic(13).is_err());
    }

    #[test]
    fn host_paths() {
        assert_eq!(host_path(0), "m/44'/0'/0'/2/0");
        let keys = WalletKeys::from_mnemonic(ABOUT, "p").unwrap();
        assert_ne!(
            keys.host_key(0).unwrap().to_hex(),
            keys.host_key(1).unwrap().to_hex()
        );
        assert!(keys.host_key(0x8000_0000).is_err());
    }
}
