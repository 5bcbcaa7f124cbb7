//! libsecp256k1 backend (the `secp256k1` crate 0.31, explicit contexts).
//!
//! One context serves the whole process: built on first use, held in a `spin::Once` (which
//! works without std), randomized once from the operating system's random source when the
//! `std` feature is on (blinding against side channels, as Bitcoin Core does at start-up).
//! No call builds, copies or re-randomizes a context: with the crate's newer context-free API
//! (0.33) every signature re-randomized and every call copied the global context, which cost
//! more than the signature itself.

use secp256k1::ecdsa::{RecoverableSignature, RecoveryId, Signature};
use secp256k1::{All, Message, PublicKey, Scalar, SecretKey, ecdh};
use zeroize::Zeroize;

use super::cache::PointCache;
use super::{Affine, Backend, Compact, Secret};

/// libsecp256k1, the C library Bitcoin Core uses.
#[derive(Clone, Copy, Debug, Default)]
pub struct Secp256k1;

fn context() -> &'static secp256k1::Secp256k1<All> {
    static CONTEXT: spin::Once<secp256k1::Secp256k1<All>> = spin::Once::new();
    CONTEXT.call_once(|| {
        #[allow(unused_mut)]
        let mut ctx = secp256k1::Secp256k1::new();
        #[cfg(feature = "std")]
        {
            let mut seed = zeroize::Zeroizing::new([0u8; 32]);
            if getrandom::fill(&mut seed[..]).is_ok() {
                ctx.seeded_randomize(&seed);
            }
        }
        ctx
    })
}

fn to_pk(p: &Affine) -> Option<PublicKey> {
    PublicKey::from_byte_array_uncompressed(p.uncompressed()).ok()
}

fn from_pk(pk: &PublicKey) -> Affine {
    let full = pk.serialize_uncompressed();
    let mut xy = [0u8; 64];
    xy.copy_from_slice(&full[1..]);
    Affine::from_checked(xy)
}

/// A libsecp256k1 secret key that is erased when dropped (the crate's `SecretKey` is `Copy` and
/// does not wipe itself).
struct WipedKey(SecretKey);

impl Drop for WipedKey {
    fn drop(&mut self) {
        self.0.non_secure_erase();
    }
}

fn to_sk(k: &Secret) -> Option<WipedKey> {
    let mut bytes = *k.bytes();
    let sk = SecretKey::from_byte_array(bytes).ok().map(WipedKey);
    bytes.zeroize();
    sk
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

    fn lift_x_cached(x: &[u8; 32], y_odd: bool) -> Option<Affine> {
        static CACHE: PointCache = PointCache::new();
        CACHE.lift_x(x, y_odd, || Self::lift_x(x, y_odd))
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
        to_sk(k).map(|sk| from_pk(&PublicKey::from_secret_key(context(), &sk.0)))
    }

    fn mul(p: &Affine, k: &Secret) -> Option<Affine> {
        let (pk, sk) = (to_pk(p)?, to_sk(k)?);
        let mut xy = ecdh::shared_secret_point(&pk, &sk.0);
        let out = Affine::from_checked(xy);
        xy.zeroize();
        Some(out)
    }

    fn add_mul_base(p: &Affine, t: &[u8; 32]) -> Option<Affine> {
        let pk = to_pk(p)?;
        let t = Scalar::from_be_bytes(*t).ok()?;
        pk.add_exp_tweak(context(), &t).ok().map(|pk| from_pk(&pk))
    }

    fn scalar_add(a: &Secret, t: &[u8; 32]) -> Option<Secret> {
        let sk = to_sk(a)?;
        let t = Scalar::from_be_bytes(*t).ok()?;
        let sum = WipedKey(sk.0.add_tweak(&t).ok()?);
        let mut bytes = sum.0.secret_bytes();
        let out = Secret::new(bytes);
        bytes.zeroize();
        out
    }

    fn sign(k: &Secret, digest: &[u8; 32]) -> Option<(Compact, u8)> {
        let sk = to_sk(k)?;
        let sig = context().sign_ecdsa_recoverable(Message::from_digest(*digest), &sk.0);
        let (recid, compact) = sig.serialize_compact();
        Some((compact, i32::from(recid) as u8))
    }

    fn verify(p: &Affine, digest: &[u8; 32], sig: &Compact) -> bool {
        let (Some(pk), Ok(mut sig)) = (to_pk(p), Signature::from_compact(sig)) else {
            return false;
        };
        sig.normalize_s();
        context()
            .verify_ecdsa(Message::from_digest(*digest), &sig, &pk)
            .is_ok()
    }

    fn verify_tweaked(p: &Affine, digest: &[u8; 32], t: &[u8; 32], sig: &Compact) -> bool {
        let mut r = [0u8; 32];
        r.copy_from_slice(&sig[..32]);
        let e = super::reduce_mod_order(digest);
        // r·t (zero when t is zero), then + e; the scalars are public here.
        let rt = match (SecretKey::from_byte_array(r), Scalar::from_be_bytes(*t)) {
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
                Ok(sum) => sum.secret_bytes(),
                Err(_) => [0u8; 32], // e + r·t ≡ 0
            },
            (Some(_), Err(_)) => return false,
        };
        Self::verify(p, &e_prime, sig)
    }

    fn recover(digest: &[u8; 32], sig: &Compact, recid: u8) -> Option<Affine> {
        let recid = RecoveryId::try_from(i32::from(recid)).ok()?;
        let sig = RecoverableSignature::from_compact(sig, recid).ok()?;
        context()
            .recover_ecdsa(Message::from_digest(*digest), &sig)
            .ok()
            .map(|pk| from_pk(&pk))
    }
}
