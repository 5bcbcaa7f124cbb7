//! libsecp256k1 backend (the `secp256k1` crate 0.33, context-free API).
//!
//! The crate keeps one global context for the whole process (its `no_std` build: a static
//! context behind a spin lock, copied onto the stack for the length of a call and re-randomized
//! after signing); we never enable its `std` feature, which would switch to one context per
//! thread, and never build a context per call.

use secp256k1::ecdsa::{RecoverableSignature, RecoveryId, Signature};
use secp256k1::{Message, PublicKey, Scalar, SecretKey, ecdh, ecdsa};

use super::{Affine, Backend, Compact, Secret};

/// libsecp256k1, the C library Bitcoin Core uses.
#[derive(Clone, Copy, Debug, Default)]
pub struct Secp256k1;

fn to_pk(p: &Affine) -> Option<PublicKey> {
    PublicKey::from_byte_array_uncompressed(p.uncompressed()).ok()
}

fn from_pk(pk: &PublicKey) -> Affine {
    let full = pk.serialize_uncompressed();
    let mut xy = [0u8; 64];
    xy.copy_from_slice(&full[1..]);
    Affine::from_checked(xy)
}

fn to_sk(k: &Secret) -> Option<SecretKey> {
    SecretKey::from_secret_bytes(*k.bytes()).ok()
}

impl Backend for Secp256k1 {
    const NAME: &'static str = "secp256k1";

    fn lift_x(x: &[u8; 32], y_odd: bool) -> Option<Affine> {
        let mut enc = [0u8; 33];
        enc[0] = if y_odd { 0x03 } else { 0x02 };
        enc[1..].copy_from_slice(x);
        PublicKey::from_byte_array_compressed(enc)
            .ok()
            .map(|pk| from_pk(&pk))
    }

    fn from_xy(xy: &[u8; 64]) -> Option<Affine> {
        let mut enc = [0u8; 65];
        enc[0] = 0x04;
        enc[1..].copy_from_slice(xy);
        PublicKey::from_byte_array_uncompressed(enc)
            .ok()
            .map(|pk| from_pk(&pk))
    }

    fn mul_base(k: &Secret) -> Option<Affine> {
        to_sk(k).map(|sk| from_pk(&PublicKey::from_secret_key(&sk)))
    }

    fn mul(p: &Affine, k: &Secret) -> Option<Affine> {
        let (pk, sk) = (to_pk(p)?, to_sk(k)?);
        let mut xy = ecdh::shared_secret_point(&pk, &sk);
        let out = Affine::from_checked(xy);
        zeroize::Zeroize::zeroize(&mut xy);
        Some(out)
    }

    fn add_mul_base(p: &Affine, t: &[u8; 32]) -> Option<Affine> {
        let pk = to_pk(p)?;
        let t = Scalar::from_be_bytes(*t).ok()?;
        pk.add_exp_tweak(&t).ok().map(|pk| from_pk(&pk))
    }

    fn scalar_add(a: &Secret, t: &[u8; 32]) -> Option<Secret> {
        let sk = to_sk(a)?;
        let t = Scalar::from_be_bytes(*t).ok()?;
        let sum = sk.add_tweak(&t).ok()?;
        Secret::new(sum.to_secret_bytes())
    }

    fn sign(k: &Secret, digest: &[u8; 32]) -> Option<(Compact, u8)> {
        let sk = to_sk(k)?;
        let sig = RecoverableSignature::sign_ecdsa_recoverable(Message::from_digest(*digest), &sk);
        let (recid, compact) = sig.serialize_compact();
        Some((compact, u8::from(recid)))
    }

    fn verify(p: &Affine, digest: &[u8; 32], sig: &Compact) -> bool {
        let (Some(pk), Ok(mut sig)) = (to_pk(p), Signature::from_compact(sig)) else {
            return false;
        };
        sig.normalize_s();
        ecdsa::verify(&sig, Message::from_digest(*digest), &pk).is_ok()
    }

    fn verify_tweaked(p: &Affine, digest: &[u8; 32], t: &[u8; 32], sig: &Compact) -> bool {
        let mut r = [0u8; 32];
        r.copy_from_slice(&sig[..32]);
        let e = super::reduce_mod_order(digest);
        // r·t (zero when t is zero), then + e; the scalars are public here.
        let rt = match (SecretKey::from_secret_bytes(r), Scalar::from_be_bytes(*t)) {
            (Ok(r), Ok(t)) if t != Scalar::ZERO => match r.mul_tweak(&t) {
                Ok(rt) => Some(rt),
                Err(_) => return false,
            },
            (Ok(_), Ok(_)) => None,
            _ => return false, // r out of range or t not reduced
        };
        let e_prime = match (rt, Scalar::from_be_bytes(e)) {
            (None, _) => e,
            (Some(rt), Ok(e)) => match rt.add_tweak(&e) {
                Ok(sum) => sum.to_secret_bytes(),
                Err(_) => [0u8; 32], // e + r·t ≡ 0
            },
            (Some(_), Err(_)) => return false,
        };
        Self::verify(p, &e_prime, sig)
    }

    fn recover(digest: &[u8; 32], sig: &Compact, recid: u8) -> Option<Affine> {
        let recid = RecoveryId::try_from(i32::from(recid)).ok()?;
        let sig = RecoverableSignature::from_compact(sig, recid).ok()?;
        sig.recover_ecdsa(Message::from_digest(*digest))
            .ok()
            .map(|pk| from_pk(&pk))
    }
}
