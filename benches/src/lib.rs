//! Fixtures shared by the criterion benches, the comparison and callgrind binaries and the
//! budget tests of `sigma-auth-benches`: fixed keys from the reference vectors, a fixed instant,
//! and ready-made tokens, so that every measurement sees the same inputs.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use core::time::Duration;

use sigma_auth_core::hazmat::ec::Backend;
use sigma_auth_core::token::{self, Body, NewToken, Request, Scheme, Verifier};
use sigma_auth_core::{Policy, PrivateKey, PublicKey, Timestamp};

/// WIF of the reference vectors' "alice".
pub const ALICE_WIF: &str = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH";
/// Compressed public key of "alice", hex.
pub const ALICE_PUB_HEX: &str =
    "026f3a9f4f4fe5997d3bb3aac166d3552656f7890313274638fb0762aa8eeb2348";
/// Private key of the reference vectors' "bob", hex.
pub const BOB_HEX: &str = "45d3dda4ea6b32f4497f01ddb885049d57a386a569d6dfcc0c0718bf5dd38c7e";
/// The request path every token is made for.
pub const PATH: &str = "/api/items?page=2";
/// The request body every token is made for (UTF-8).
pub const BODY: &str = "{\"a\":1}";
/// The BRC-77 key ID used for tokens (fixed, so that runs are deterministic).
pub const KEY_ID: [u8; 32] = [9; 32];
/// `2025-01-15T12:00:00.000Z`: when the tokens are made.
pub const CREATED_MILLIS: i64 = 1_736_942_400_000;
/// `2025-01-15T12:00:30.000Z`: when they are verified.
pub const NOW_MILLIS: i64 = CREATED_MILLIS + 30_000;

/// "alice".
pub fn alice() -> PrivateKey {
    PrivateKey::from_wif(ALICE_WIF).expect("constant WIF")
}

/// "bob".
pub fn bob() -> PrivateKey {
    PrivateKey::from_hex(BOB_HEX).expect("constant key")
}

/// The instant tokens are made.
pub fn created() -> Timestamp {
    Timestamp::from_unix_millis(CREATED_MILLIS).expect("constant instant")
}

/// The instant tokens are verified.
pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(NOW_MILLIS).expect("constant instant")
}

/// What a token is made of: [`PATH`], [`BODY`], `scheme`, made at [`created`].
pub fn spec(scheme: Scheme) -> NewToken<'static> {
    NewToken::new(PATH, scheme, created()).with_body(Body::utf8(BODY))
}

/// The request the tokens are verified against.
pub fn request() -> Request<'static> {
    Request::new(PATH).with_body(Body::utf8(BODY))
}

/// A valid token by "alice" for [`request`].
pub fn token(scheme: Scheme) -> String {
    token::create(&alice(), &spec(scheme), KEY_ID).expect("token")
}

/// `n` tokens for [`request`], bsm and brc77 alternating (bsm first): the batch the batch
/// benchmarks verify.
pub fn mixed_tokens(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            token(if i % 2 == 0 {
                Scheme::Bsm
            } else {
                Scheme::Brc77
            })
        })
        .collect()
}

/// The verifier of the benches: a one-minute window under `policy`.
pub fn verifier(policy: Policy) -> Verifier {
    Verifier::new()
        .with_policy(policy)
        .with_max_age(Duration::from_secs(60))
        .with_max_skew(Duration::from_secs(60))
}

/// Verifies `tok` (made by [`token`]) on backend `B` and checks that it passed.
pub fn verify_ok<B: Backend>(v: &Verifier, tok: &str, req: &Request<'_>) -> PublicKey {
    match sigma_auth_core::hazmat::token_verify::<B>(v, tok, req, now()) {
        Ok(ok) => ok.pubkey,
        Err(e) => panic!("benchmark token failed verification: {e}"),
    }
}

/// The data pushes of the AIP fixture: a BAP ID payload (prefix, `ID`, identity key, address).
pub const AIP_DATA: [&str; 4] = [
    "1BAPSuaPnfGnSBM3GLV9yhxUdYe4vGbdMT",
    "ID",
    "3ZoMXZCt53iFRjbRGAacsT31b2k8",
    "16MfLJMpbChxRt6hc7NYgaE1EAkvQdjPMP",
];

/// [`AIP_DATA`], `|` and the AIP part, signed by "alice" under `convention`.
pub fn aip_payload(convention: sigma_auth_core::aip::Convention) -> Vec<Vec<u8>> {
    let data: Vec<&[u8]> = AIP_DATA.iter().map(|d| d.as_bytes()).collect();
    sigma_auth_core::aip::sign_payload(&data, &alice(), convention).expect("AIP fixture")
}

/// The Sigma fixture's input: txid `ab11…11` (display order), output 1.
pub fn sigma_input() -> sigma_auth_core::sigma::Outpoint {
    let mut txid = [0x11; 32];
    txid[0] = 0xab;
    sigma_auth_core::sigma::Outpoint { txid, vout: 1 }
}

/// `OP_0 OP_RETURN` B-protocol pushes (the vectors' `bsm_single_instance` data), Sigma-signed by
/// "alice" for [`sigma_input`] with `algorithm` (BRC77 with [`KEY_ID`]).
pub fn sigma_script(algorithm: sigma_auth_core::sigma::Algorithm) -> Vec<u8> {
    use sigma_auth_core::{script, sigma};
    let unsigned = script::op_return(&[
        &b"19HxigV4QyBv3tHpQVcUEQyq1pzZVdoAut"[..],
        b"Hello world",
        b"text/plain",
    ])
    .expect("script");
    let input = sigma_input();
    match algorithm {
        sigma::Algorithm::Bsm => sigma::sign_bsm(&unsigned, Some(&input), 0, &alice()),
        sigma::Algorithm::Brc77 => sigma::sign_brc77(&unsigned, Some(&input), 0, &alice(), KEY_ID),
    }
    .expect("Sigma fixture")
}

/// Raw libsecp256k1 (through the `secp256k1` crate, the library under the core's default
/// backend, same version) with every input already parsed and one context built once: the floor
/// that no token verification can beat.
pub mod raw {
    use secp256k1::ecdsa::{RecoverableSignature, Signature};
    use secp256k1::{All, Message, PublicKey, Secp256k1, SecretKey, ecdh};

    /// Parsed inputs and a context for one sign, verify, recover, fixed-base multiply and ECDH.
    pub struct Floor {
        /// The context (built and randomized once, as the core's backend does).
        pub ctx: Secp256k1<All>,
        /// The signer's secret.
        pub sk: SecretKey,
        /// Its public key.
        pub pk: PublicKey,
        /// The digest signed.
        pub msg: Message,
        /// A signature over `msg`.
        pub sig: Signature,
        /// The same signature with its recovery id.
        pub rsig: RecoverableSignature,
    }

    impl Floor {
        /// Inputs from "alice" over the digest `[7; 32]`.
        pub fn new() -> Floor {
            let mut ctx = Secp256k1::new();
            ctx.seeded_randomize(&[42; 32]);
            let sk = SecretKey::from_byte_array(*super::alice().to_bytes()).expect("key");
            let pk = PublicKey::from_secret_key(&ctx, &sk);
            let msg = Message::from_digest([7; 32]);
            let rsig = ctx.sign_ecdsa_recoverable(msg, &sk);
            Floor {
                sig: rsig.to_standard(),
                ctx,
                sk,
                pk,
                msg,
                rsig,
            }
        }

        /// One ECDSA verification (must succeed).
        pub fn verify(&self) -> bool {
            self.ctx.verify_ecdsa(self.msg, &self.sig, &self.pk).is_ok()
        }

        /// One public-key recovery.
        pub fn recover(&self) -> PublicKey {
            self.ctx
                .recover_ecdsa(self.msg, &self.rsig)
                .expect("recover")
        }

        /// One RFC 6979 signature.
        pub fn sign(&self) -> Signature {
            self.ctx.sign_ecdsa(self.msg, &self.sk)
        }

        /// One fixed-base multiplication `k·G`.
        pub fn mul_base(&self) -> PublicKey {
            PublicKey::from_secret_key(&self.ctx, &self.sk)
        }

        /// One ECDH point multiplication `k·P`.
        pub fn ecdh(&self) -> [u8; 64] {
            ecdh::shared_secret_point(&self.pk, &self.sk)
        }
    }

    impl Default for Floor {
        fn default() -> Self {
            Floor::new()
        }
    }
}

/// A signed BAP attestation (the pushes after OP_RETURN): "alice" attests PROTOCOL.md's
/// example attribute (`name`, `John Doe`) of the vectors' subject, sequence 0, as bsv-bap signs it.
pub fn attestation() -> Vec<Vec<u8>> {
    use sigma_auth_core::bap::attestation::{self, Kind};
    attestation::sign(
        &alice(),
        Kind::Attest,
        &attestation_subject().hash(),
        0,
        None,
    )
    .expect("constant inputs")
}

/// The subject of [`attestation`].
pub fn attestation_subject() -> sigma_auth_core::bap::attestation::Subject<'static> {
    sigma_auth_core::bap::attestation::Subject::new(
        "name",
        "John Doe",
        "e2c6fb4063cc04af58935737eaffc938011dff546d47b7fbb18ed346f8c4d4fa",
        "GXquXd8cXBZoahkpqrLRsuWA7qe",
    )
}
