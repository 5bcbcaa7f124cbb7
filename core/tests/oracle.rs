//! Oracle tests against the real npm packages `bitcoin-auth@0.0.7` on `@bsv/sdk@2.1.0` (pinned
//! in tests/interop/package-lock.json, installed by `scripts/install-interop`), in both
//! directions, on random keys, paths, bodies, body encodings and schemes:
//!
//! * the reference creates, we verify (Strict): every honest token is accepted, with the signer;
//! * we create, the reference verifies: every token is accepted, and bsm tokens are
//!   byte-identical to the reference's for the same inputs;
//! * the brc77 identity forgery the reference accepts is refused here with `signer_mismatch`.
//!
//! Needs `node`; run by scripts/test.d/30-interop.sh:
//! `cargo test -p sigma-auth-core --test oracle -- --ignored`.
//! The seed is printed; set `ORACLE_SEED` to replay a run.

use serde_json::{Value, json};
use sigma_auth_core::hazmat::encoding::{base64_encode, hex_encode};
use sigma_auth_core::token::{self, Body, BodyEncoding, NewToken, Request, Scheme, Verifier};
use sigma_auth_core::{Network, PrivateKey, Timestamp};

mod common;
use common::oracle::{Rng, run_oracle, seed};

const CASES: usize = 240;

#[derive(Clone, Debug)]
struct Case {
    key: PrivateKey,
    path: String,
    body: Option<String>,
    encoding: BodyEncoding,
    scheme: Scheme,
    timestamp: Timestamp,
}

fn random_case(rng: &mut Rng) -> Case {
    let key = loop {
        if let Ok(k) = PrivateKey::from_slice(&rng.bytes(32)) {
            break k;
        }
    };
    let segments = [
        "api",
        "v1",
        "users",
        "ünïcode",
        "a b",
        "x%20y",
        "🔑",
        "q?a=1&b=2",
        "",
        ".",
    ];
    let mut path = String::from("/");
    for _ in 0..rng.below(5) {
        path.push_str(rng.pick(&segments));
        path.push('/');
    }
    let encoding =
        [BodyEncoding::Utf8, BodyEncoding::Hex, BodyEncoding::Base64][rng.below(3) as usize];
    let body = match rng.below(4) {
        0 => None,
        _ => {
            let len = rng.below(64) as usize;
            let raw = rng.bytes(len);
            Some(match encoding {
                BodyEncoding::Utf8 => {
                    let words = ["{\"a\":1}", "héllo", " ", "🚀", "line\nbreak", "zz"];
                    (0..raw.len() % 6)
                        .map(|_| rng.pick(&words))
                        .collect::<String>()
                }
                BodyEncoding::Hex => hex_encode(&raw),
                BodyEncoding::Base64 => base64_encode(&raw),
            })
        }
    };
    let scheme = if rng.below(2) == 0 {
        Scheme::Bsm
    } else {
        Scheme::Brc77
    };
    let millis = 1_600_000_000_000 + (rng.below(400_000_000_000) as i64);
    Case {
        key,
        path,
        body,
        encoding,
        scheme,
        timestamp: Timestamp::from_unix_millis(millis).unwrap(),
    }
}

fn body_of(case: &Case) -> Option<Body<'_>> {
    case.body.as_deref().map(|b| Body::Text(b, case.encoding))
}

fn request_of(case: &Case) -> Request<'_> {
    let mut r = Request::new(&case.path);
    r.body = body_of(case);
    r
}

#[test]
#[ignore = "needs node and the pinned npm packages: run by scripts/test.d/30-interop.sh"]
fn reference_creates_we_verify() {
    let mut rng = Rng(seed());
    let cases: Vec<Case> = (0..CASES).map(|_| random_case(&mut rng)).collect();
    let requests: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "op": "create",
                "wif": &*c.key.to_wif(Network::Mainnet),
                "requestPath": c.path,
                "body": c.body,
                "bodyEncoding": c.encoding.as_str(),
                "scheme": c.scheme.as_str(),
                "timestamp": c.timestamp.to_iso(),
            })
        })
        .collect();
    let answers = run_oracle("oracle.mjs", &requests);
    let verifier = Verifier::new();
    let (mut bsm, mut brc77) = (0, 0);
    let mut forgeries = Vec::new();
    for (case, answer) in cases.iter().zip(&answers) {
        let tok = answer["result"]
            .as_str()
            .unwrap_or_else(|| panic!("reference refused {case:?}: {answer}"));
        let now = Timestamp::from_unix_millis(
            case.timestamp.unix_millis() + (rng.below(600_000) as i64) - 300_000,
        )
        .unwrap();
        let ok = verifier
            .verify(tok, &request_of(case), now)
            .unwrap_or_else(|e| panic!("we refused an honest reference token {tok}: {e}"));
        assert_eq!(&ok.pubkey, case.key.public_key());
        assert_eq!(ok.timestamp, case.timestamp);
        // a different path is refused
        let other = Request {
            path: "/elsewhere",
            body: body_of(case),
        };
        assert_eq!(
            verifier.verify(tok, &other, now).unwrap_err().code(),
            "path_mismatch"
        );
        match case.scheme {
            Scheme::Bsm => bsm += 1,
            Scheme::Brc77 => {
                brc77 += 1;
                forgeries.push((tok.to_string(), case.clone(), now));
            }
        }
    }
    // Identity forgery: claim someone else's pubkey on a reference brc77 token.
    let victim = PrivateKey::from_bytes([7; 32]).unwrap();
    let verify_requests: Vec<Value> = forgeries
        .iter()
        .map(|(tok, case, _)| {
            let forged = format!("{}{}", victim.public_key().to_hex(), &tok[66..]);
            json!({"op": "verify", "token": forged,
                   "target": {"requestPath": case.path, "timestamp": case.timestamp.to_iso(), "body": case.body},
                   "timePad": 5, "bodyEncoding": case.encoding.as_str()})
        })
        .collect();
    let verdicts = run_oracle("oracle.mjs", &verify_requests);
    for ((tok, case, now), (req, verdict)) in
        forgeries.iter().zip(verify_requests.iter().zip(&verdicts))
    {
        assert_eq!(
            verdict["result"], true,
            "the reference accepts the forgery of {tok}"
        );
        let forged = req["token"].as_str().unwrap();
        assert_eq!(
            verifier
                .verify(forged, &request_of(case), *now)
                .unwrap_err()
                .code(),
            "signer_mismatch"
        );
    }
    println!(
        "reference created {CASES} tokens ({bsm} bsm, {brc77} brc77): all verified here; {} brc77 forgeries the reference accepts were refused with signer_mismatch",
        forgeries.len()
    );
}

#[test]
#[ignore = "needs node and the pinned npm packages: run by scripts/test.d/30-interop.sh"]
fn we_create_reference_verifies() {
    let mut rng = Rng(seed().wrapping_add(1));
    let cases: Vec<Case> = (0..CASES).map(|_| random_case(&mut rng)).collect();
    let mut requests = Vec::new();
    let mut ours = Vec::new();
    for c in &cases {
        let mut spec = NewToken::new(&c.path, c.scheme, c.timestamp);
        spec.body = body_of(c);
        let key_id: [u8; 32] = rng.bytes(32).try_into().unwrap();
        let tok = token::create(&c.key, &spec, key_id).unwrap();
        let now = Timestamp::from_unix_millis(c.timestamp.unix_millis() + 60_000).unwrap();
        requests.push(json!({"op": "verify", "token": tok,
            "target": {"requestPath": c.path, "timestamp": now.to_iso(), "body": c.body},
            "timePad": 5, "bodyEncoding": c.encoding.as_str()}));
        if c.scheme == Scheme::Bsm {
            requests.push(json!({"op": "create", "wif": &*c.key.to_wif(Network::Mainnet), "requestPath": c.path,
                "body": c.body, "bodyEncoding": c.encoding.as_str(), "scheme": "bsm", "timestamp": c.timestamp.to_iso()}));
        }
        ours.push(tok);
    }
    let answers = run_oracle("oracle.mjs", &requests);
    let mut it = answers.iter();
    let mut identical = 0;
    for (c, tok) in cases.iter().zip(&ours) {
        let verdict = it.next().unwrap();
        assert_eq!(
            verdict["result"], true,
            "the reference refused our token {tok}: {verdict}"
        );
        if c.scheme == Scheme::Bsm {
            let theirs = it.next().unwrap();
            assert_eq!(
                theirs["result"].as_str(),
                Some(tok.as_str()),
                "bsm tokens differ for {c:?}"
            );
            identical += 1;
        }
    }
    println!(
        "we created {CASES} tokens: the reference verified all of them; {identical} bsm tokens byte-identical to the reference's"
    );
}
