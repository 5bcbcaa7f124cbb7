//! Pure-Rust backend (RustCrypto `k256`).

use k256::ecdsa::signature::hazmat::PrehashVerifier;
use k256::ecdsa::{RecoveryId, Signature, SigningKey, VerifyingKey};
use k256::elliptic_curve::ops::Reduce;
use k256::elliptic_curve::point::DecompressPoint;
use k256::elliptic_curve::sec1::{FromSec1Point, ToSec1Point};
use k256::elliptic_curve::subtle::Choice;
use k256::elliptic_curve::{FieldBytes, PrimeField};
use k256::{AffinePoint, ProjectivePoint, Scalar, Secp256k1};
use zeroize::Zeroize;

use super::cache::PointCache;
use super::{Affine, Backend, Compact, Secret};

/// RustCrypto's pure-Rust secp256k1, for targets without a C compiler.
#[derive(Clone, Copy, Debug, Default)]
pub struct K256;

fn to_affine(p: &Affine) -> Option<AffinePoint> {
    let enc = k256::Sec1Point::from_bytes(p.uncompressed()).ok()?;
    AffinePoint::from_sec1_point(&enc).into_option()
}

fn from_affine(p: &AffinePoint) -> Option<Affine> {
    let enc = p.to_sec1_point(false);
    let bytes = enc.as_bytes();
    if bytes.len() != 65 {
        return None; // the identity
    }
    let mut xy = [0u8; 64];
    xy.copy_from_slice(&bytes[1..]);
    Some(Affine::from_checked(xy))
}

fn scalar(bytes: &[u8; 32]) -> Option<Scalar> {
    Scalar::from_repr((*bytes).into()).into_option()
}

impl Backend for K256 {
    const NAME: &'static str = "k256";

    fn lift_x(x: &[u8; 32], y_odd: bool) -> Option<Affine> {
        let x: FieldBytes<Secp256k1> = (*x).into();
        let p = AffinePoint::decompress(&x, Choice::from(u8::from(y_odd))).into_option()?;
        from_affine(&p)
    }

    fn lift_x_cached(x: &[u8; 32], y_odd: bool) -> Option<Affine> {
        static CACHE: PointCache = PointCache::new();
        CACHE.lift_x(x, y_odd, || Self::lift_x(x, y_odd))
    }

    fn from_xy(xy: &[u8; 64]) -> Option<Affine> {
        let mut enc = [0u8; 65];
        enc[0] = 0x04;
        enc[1..].copy_from_slice(xy);
        let enc = k256::Sec1Point::from_bytes(enc).ok()?;
        let p = AffinePoint::from_sec1_point(&enc).into_option()?;
        from_affine(&p)
    }

    fn mul_base(k: &Secret) -> Option<Affine> {
        let mut k = scalar(k.bytes())?;
        let p = (ProjectivePoint::GENERATOR * k).to_affine();
        k.zeroize();
        from_affine(&p)
    }

    fn mul(p: &Affine, k: &Secret) -> Option<Affine> {
        let point = ProjectivePoint::from(to_affine(p)?);
        let mut k = scalar(k.bytes())?;
        let out = (point * k).to_affine();
        k.zeroize();
        from_affine(&out)
    }

    fn add_mul_base(p: &Affine, t: &[u8; 32]) -> Option<Affine> {
        let point = ProjectivePoint::from(to_affine(p)?);
        let t = scalar(t)?;
        from_affine(&(point + ProjectivePoint::GENERATOR * t).to_affine())
    }

    fn scalar_add(a: &Secret, t: &[u8; 32]) -> Option<Secret> {
        let mut sum = scalar(a.bytes())? + scalar(t)?;
        let mut bytes: [u8; 32] = sum.to_repr().into();
        let out = Secret::new(bytes);
        sum.zeroize();
        bytes.zeroize();
        out
    }

    fn sign(k: &Secret, digest: &[u8; 32]) -> Option<(Compact, u8)> {
        let key = SigningKey::from_bytes(&(*k.bytes()).into()).ok()?;
        let (sig, recid) = key.sign_prehash_recoverable(digest);
        let bytes: [u8; 64] = sig.to_bytes().into();
        Some((bytes, recid.to_byte()))
    }

    fn verify(p: &Affine, digest: &[u8; 32], sig: &Compact) -> bool {
        let (Some(point), Ok(sig)) = (to_affine(p), Signature::from_slice(sig)) else {
            return false;
        };
        let Ok(key) = VerifyingKey::from_affine(point) else {
            return false;
        };
        let sig = sig.normalize_s();
        key.verify_prehash(digest, &sig).is_ok()
    }

    fn verify_tweaked(p: &Affine, digest: &[u8; 32], t: &[u8; 32], sig: &Compact) -> bool {
        let mut r = [0u8; 32];
        r.copy_from_slice(&sig[..32]);
        let (Some(r), Some(t)) = (scalar(&r), scalar(t)) else {
            return false;
        };
        let e = <Scalar as Reduce<FieldBytes<Secp256k1>>>::reduce(&(*digest).into());
        let e_prime: [u8; 32] = (e + r * t).to_repr().into();
        Self::verify(p, &e_prime, sig)
    }

    fn recover(digest: &[u8; 32], sig: &Compact, recid: u8) -> Option<Affine> {
        let recid = RecoveryId::from_byte(recid)?;
        let sig = Signature::from_slice(sig).ok()?;
        let key = VerifyingKey::recover_from_prehash(digest, &sig, recid).ok()?;
        from_affine(key.as_affine())
    }
}
