//! One operation, `n` times, for instruction counting under `valgrind --tool=callgrind`
//! (`benches/callgrind/run`). Every run does the same setup (parse the key, make the token, one
//! untimed call of the operation) whatever `n` is, so `(Ir(n) - Ir(0)) / n` is the cost of one
//! operation.
//!
//! `token_verify_brc77_new_signer` verifies tokens of [`COLD_SIGNERS`] different keys, each once
//! (the first untimed; so `n` is at most `COLD_SIGNERS - 1`): the cost for a signer whose key is
//! not in the verifier's cache of decompressed keys. The tokens are made in setup, the same
//! number whatever `n` is.
//!
//! Usage: `sigma-callgrind <op> <n>` with op one of `token_verify_brc77`,
//! `token_verify_brc77_new_signer`, `token_verify_bsm`,
//! `token_create_brc77`, `token_create_bsm`, `attestation_check`, `aip_verify_with_pipe`, `aip_verify_without_pipe`,
//! `sigma_verify_bsm`, `sigma_verify_brc77`, `raw_verify`, `raw_recover`, `raw_sign`, `raw_mul_base`, `raw_ecdh` (the
//! raw ones call libsecp256k1 through the `secp256k1` crate with parsed inputs: calibration).

use std::hint::black_box;
use std::process::ExitCode;

use sigma_auth_benches::raw::Floor;
use sigma_auth_benches::{
    KEY_ID, aip_payload, alice, now, request, sigma_input, sigma_script, spec, token, verifier,
};
use sigma_auth_core::Policy;
use sigma_auth_core::aip::{self, Convention};
use sigma_auth_core::keys::PrivateKey;
use sigma_auth_core::sigma::{self, Algorithm};
use sigma_auth_core::token::{self, Scheme};

/// How many signers `token_verify_brc77_new_signer` prepares.
const COLD_SIGNERS: u64 = 201;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(op), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<u64>().ok())) else {
        eprintln!("usage: sigma-callgrind <op> <n>");
        return ExitCode::from(2);
    };
    let key = alice();
    let req = request();
    let v = verifier(Policy::Strict);
    let f = Floor::new();
    let mut run: Box<dyn FnMut() -> bool> = match op.as_str() {
        "token_verify_brc77" | "token_verify_bsm" => {
            let scheme = if op.ends_with("brc77") {
                Scheme::Brc77
            } else {
                Scheme::Bsm
            };
            let tok = token(scheme);
            Box::new(move || v.verify(black_box(&tok), &req, now()).is_ok())
        }
        "token_verify_brc77_new_signer" => {
            if n >= COLD_SIGNERS {
                eprintln!("{op}: n must be below {COLD_SIGNERS}");
                return ExitCode::from(2);
            }
            let mut next = new_signer_tokens().into_iter();
            Box::new(move || {
                next.next()
                    .is_some_and(|tok| v.verify(black_box(&tok), &req, now()).is_ok())
            })
        }
        "token_create_brc77" | "token_create_bsm" => {
            let scheme = if op.ends_with("brc77") {
                Scheme::Brc77
            } else {
                Scheme::Bsm
            };
            let sp = spec(scheme);
            Box::new(move || token::create(&key, black_box(&sp), KEY_ID).is_ok())
        }
        "attestation_check" => {
            let att = sigma_auth_benches::attestation();
            let subject = sigma_auth_benches::attestation_subject();
            Box::new(move || {
                sigma_auth_core::bap::attestation::check(black_box(&att), Some(&subject)).is_ok()
            })
        }
        "aip_verify_with_pipe" | "aip_verify_without_pipe" => {
            let convention = if op.ends_with("without_pipe") {
                Convention::WithoutPipe
            } else {
                Convention::WithPipe
            };
            let payload = aip_payload(convention);
            Box::new(move || aip::verify(black_box(&payload)).is_ok())
        }
        "sigma_verify_bsm" | "sigma_verify_brc77" => {
            let algorithm = if op.ends_with("brc77") {
                Algorithm::Brc77
            } else {
                Algorithm::Bsm
            };
            let script = sigma_script(algorithm);
            let input = sigma_input();
            Box::new(move || sigma::verify(black_box(&script), Some(&input), 0).is_ok())
        }
        "raw_verify" => Box::new(move || black_box(&f).verify()),
        "raw_recover" => Box::new(move || {
            black_box(black_box(&f).recover());
            true
        }),
        "raw_sign" => Box::new(move || {
            black_box(black_box(&f).sign());
            true
        }),
        "raw_mul_base" => Box::new(move || {
            black_box(black_box(&f).mul_base());
            true
        }),
        "raw_ecdh" => Box::new(move || {
            black_box(black_box(&f).ecdh());
            true
        }),
        _ => {
            eprintln!("unknown op {op}");
            return ExitCode::from(2);
        }
    };
    if !run() {
        eprintln!("{op} failed in setup");
        return ExitCode::FAILURE;
    }
    for _ in 0..n {
        if !run() {
            eprintln!("{op} failed");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// [`COLD_SIGNERS`] brc77 tokens for the bench request, each by its own key (`5a5a…5a || i`).
fn new_signer_tokens() -> Vec<String> {
    (0..COLD_SIGNERS)
        .map(|i| {
            let mut bytes = [0x5a; 32];
            bytes[24..].copy_from_slice(&(i + 1).to_be_bytes());
            let key = PrivateKey::from_bytes(bytes).expect("a valid scalar");
            token::create(&key, &spec(Scheme::Brc77), KEY_ID).expect("token")
        })
        .collect()
}
