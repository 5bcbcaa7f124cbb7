//! The Rust block of README.md ("Verify a request (Rust)") as a program: the lines between the
//! snippet markers are the README's block. `main` sends `handle` a signed request, one for
//! another path, an hour-old token and one without the header, and checks each answer.

use sigma_auth_core::token::{self, NewToken, Scheme};
use sigma_auth_core::{PrivateKey, Timestamp};

/// What the server answers: `Ok(caller)` for 200, `Err((status, code))` otherwise.
type Reply = Result<String, (u16, &'static str)>;

/// A refusal with its status and reason code.
fn reject(status: u16, code: &'static str) -> Reply {
    Err((status, code))
}

/// One request: the X-Auth-Token header (`None` when absent), the path and query as received,
/// and the raw body.
#[rustfmt::skip] // the README's alignment of comments
fn handle(x_auth_token: Option<&str>, path_and_query: &str, body: Vec<u8>) -> Reply {
    // snippet: README.md#rust
    use sigma_auth_core::{token::{Body, Request}, Verifier};

    let Some(x_auth_token) = x_auth_token else { return reject(401, "missing_token") };
    let request = Request::new(path_and_query).with_body(Body::bytes(&body));
    match Verifier::new().verify_now(x_auth_token, &request) {   // strict, ±5 minutes
        Ok(v) => println!("caller {} (replay id {:x?})", v.pubkey, v.replay_id()),
        Err(e) => return reject(401, e.code()),                  // "expired", "signer_mismatch", ...
    }
    // end snippet
    Ok("caller".into())
}

fn main() {
    let key = PrivateKey::generate().expect("a key from the OS random source");
    let body = br#"{"a":1}"#;
    let text = core::str::from_utf8(body).expect("UTF-8");
    let now = Timestamp::now();
    let hour_ago = Timestamp::from_unix_millis(now.unix_millis() - 3_600_000).expect("a date");
    let token_at = |at: Timestamp| {
        let spec = NewToken::new("/api/items?page=2", Scheme::Brc77, at)
            .with_body(token::Body::utf8(text));
        token::create_random(&key, &spec).expect("a token")
    };
    let (fresh, old) = (token_at(now), token_at(hour_ago));

    let cases = [
        (
            "signed request",
            Some(fresh.as_str()),
            "/api/items?page=2",
            None,
        ),
        (
            "other path",
            Some(fresh.as_str()),
            "/api/items?page=3",
            Some("path_mismatch"),
        ),
        (
            "token from an hour ago",
            Some(old.as_str()),
            "/api/items?page=2",
            Some("expired"),
        ),
        (
            "no header",
            None,
            "/api/items?page=2",
            Some("missing_token"),
        ),
    ];
    let mut failures = 0;
    for (what, header, path, want) in cases {
        let got = handle(header, path, body.to_vec());
        let ok = match (want, &got) {
            (None, Ok(_)) => true,
            (Some(code), Err((401, got))) => code == *got,
            _ => false,
        };
        println!("{}: {what} -> {got:?}", if ok { "ok" } else { "FAIL" });
        failures += usize::from(!ok);
    }
    std::process::exit(i32::from(failures != 0));
}
