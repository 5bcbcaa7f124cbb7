//! Benchmark hooks, left out of the typings and of `index.js`'s API: the core's own loops, with
//! no JavaScript between calls, so that `benches/compare/node.mjs` times the core and this
//! binding in alternation in one process. (A shared machine's speed drifts between separate
//! runs by more than the binding's overhead, so only an interleaved comparison measures it.)

use napi::Result;
use napi::bindgen_prelude::{Buffer, Env};
use napi_derive::napi;
use sigma_auth_core::Timestamp;
use sigma_auth_core::token::{self, Body, NewToken, Request, Scheme, Verifier};

use crate::errors::{Fault, OrThrow, boundary};
use crate::keys::PrivateKey;

/// Verifies `token` for `requestPath` and `body` `n` times with the core's default `Verifier`
/// (Strict), now; returns how many were accepted.
#[napi(skip_typescript, catch_unwind)]
pub fn core_verify_loop(
    env: Env,
    token: String,
    request_path: String,
    body: Buffer,
    n: u32,
) -> Result<u32> {
    boundary(&env, || {
        let verifier = Verifier::new();
        let request = Request::new(&request_path).with_body(Body::Bytes(&body));
        let now = Timestamp::now();
        Ok((0..n)
            .filter(|_| verifier.verify(&token, &request, now).is_ok())
            .count() as u32)
    })
}

/// Creates a token for `requestPath` and `body` with `key` and `scheme` (`"bsm"`/`"brc77"`)
/// `n` times with the core (a random BRC-77 key ID, as `createToken`); returns how many.
#[napi(skip_typescript, catch_unwind)]
pub fn core_create_loop(
    env: Env,
    key: &PrivateKey,
    request_path: String,
    scheme: String,
    body: Buffer,
    n: u32,
) -> Result<u32> {
    boundary(&env, || {
        let scheme = Scheme::from_name(&scheme)
            .ok_or_else(|| Fault::input("invalid_input", "scheme: must be \"bsm\" or \"brc77\""))
            .or_throw(&env)?;
        let spec =
            NewToken::new(&request_path, scheme, Timestamp::now()).with_body(Body::Bytes(&body));
        Ok((0..n)
            .filter(|_| token::create_random(&key.inner, &spec).is_ok())
            .count() as u32)
    })
}

/// Verifies the tokens `tokens[i]` for `paths[i]` and `body` once each with the core's default
/// `Verifier`, now: with `Verifier::verify_batch` (all cores) if `batch`, else one by one in
/// this thread (each with its replay id, as the batch gives them); returns how many were
/// accepted. Both ways first convert the arrays alike. `node.mjs` times the two in alternation:
/// the core's own batch scaling in this process, beside the binding's.
#[napi(skip_typescript, catch_unwind)]
pub fn core_batch_loop(
    env: Env,
    tokens: Vec<String>,
    paths: Vec<String>,
    body: Buffer,
    batch: bool,
) -> Result<u32> {
    boundary(&env, || {
        let verifier = Verifier::new();
        let now = Timestamp::now();
        let items: Vec<(&str, Request<'_>)> = tokens
            .iter()
            .zip(&paths)
            .map(|(t, p)| (t.as_str(), Request::new(p).with_body(Body::Bytes(&body))))
            .collect();
        let n = if batch {
            let results = verifier.verify_batch(&items, now);
            results.iter().filter(|r| r.is_ok()).count()
        } else {
            items
                .iter()
                .map(|(t, r)| {
                    verifier.verify(t, r, now).inspect(|v| {
                        core::hint::black_box(v.replay_id());
                    })
                })
                .filter(|r| r.is_ok())
                .count()
        };
        Ok(n as u32)
    })
}
