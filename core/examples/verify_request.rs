//! A server's view of one request: verify the `X-Auth-Token` header, refuse a replay, and
//! explain a refusal stage by stage. Run with `cargo run -p sigma-auth-core --example verify_request`.

use std::time::Duration;

use sigma_auth_core::token::{self, Body, NewToken, ReplayGuard, Request, Scheme};
use sigma_auth_core::{Error, PrivateKey, Timestamp, Verifier};

fn main() -> Result<(), Error> {
    // The client: a wallet key signs the request it is about to send.
    let key: PrivateKey = "L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH".parse()?;
    let now = Timestamp::now();
    let body = r#"{"amount":5}"#;
    let spec = NewToken::new("/api/pay", Scheme::Brc77, now).with_body(Body::utf8(body));
    let header = token::create_random(&key, &spec)?;

    // The server: one verifier and one replay guard for the whole process.
    let verifier = Verifier::new().with_max_age(Duration::from_secs(60));
    let guard = ReplayGuard::new(&verifier);
    let request = Request::new("/api/pay").with_body(Body::utf8(body));

    let verified = verifier
        .verify_now(&header, &request)
        .expect("an honest token verifies");
    guard.check(&verified, now).expect("first use");
    println!(
        "accepted: signer {} ({:?})",
        verified.pubkey, verified.scheme
    );

    let replay = guard.check(&verified, now).unwrap_err();
    println!("the same token again: {}", replay.code());
    assert_eq!(replay.code(), "replayed");

    // A request the token was not made for: the trace says which stage refused it.
    let tampered = Request::new("/api/pay").with_body(Body::utf8(r#"{"amount":500}"#));
    let trace = verifier.trace(&header, Some(&tampered), now);
    for step in &trace.steps {
        match step.outcome {
            Ok(()) => println!("  ok   {}", step.stage.name()),
            Err(e) => println!(
                "  FAIL {}: {} ({})",
                step.stage.name(),
                e.code(),
                e.detail()
            ),
        }
    }
    let refused = trace.verdict.expect("a request was given").unwrap_err();
    assert_eq!(refused.code(), "invalid_signature");
    Ok(())
}
