//! `sigma-auth demo`: one readable run through the whole flow.

use std::process::ExitCode;

use sigma_auth_core::encoding::hex_encode;
use sigma_auth_core::token::{self, Body, NewToken, ReplayGuard, Request, Scheme};
use sigma_auth_core::{Network, PrivateKey, Timestamp, Verifier, VerifyError};

use crate::Usage;

fn show(step: &str, result: &Result<sigma_auth_core::Verified, VerifyError>) {
    match result {
        Ok(v) => println!(
            "   {step}: ACCEPTED — signer {}, replay id {}…",
            v.pubkey,
            &hex_encode(&v.replay_id)[..16]
        ),
        Err(e) => println!("   {step}: REFUSED — code `{}`: {}", e.code(), e.detail()),
    }
}

pub fn run() -> Result<ExitCode, Usage> {
    println!("sigma-auth demo: Bitcoin-key sign-in with the X-Auth-Token header\n");

    let alice = PrivateKey::generate()?;
    println!("1. The user's wallet holds a key.");
    println!("   public key {}", alice.public_key());
    println!(
        "   address    {}\n",
        alice.public_key().address(Network::Mainnet)
    );

    let now = Timestamp::now();
    let path = "/api/orders?currency=BSV";
    let body = r#"{"item":"coffee","qty":2}"#;
    let tok = token::create_random(
        &alice,
        &NewToken::new(path, Scheme::Brc77, now).with_body(Body::utf8(body)),
    )?;
    println!("2. The client signs its request: POST {path}  body {body}");
    println!(
        "   X-Auth-Token: {}…{}\n",
        &tok[..90],
        &tok[tok.len() - 12..]
    );

    let verifier = Verifier::new();
    let guard = ReplayGuard::new(&verifier);
    let request = Request::new(path).with_body(Body::utf8(body));
    println!("3. The server verifies it (two-sided 5-minute window, strict encodings):");
    let first = verifier.verify(&tok, &request, now);
    show("first use", &first);
    if let Ok(v) = &first {
        println!("   the server now knows the caller is {}", v.pubkey);
        let replay = guard.check(v, now).and_then(|_| {
            let again = verifier.verify(&tok, &request, now)?;
            guard.check(&again, now).map(|_| again)
        });
        println!("\n4. An eavesdropper replays the same header a second later:");
        show("replay", &replay);
    }

    println!("\n5. The body is changed in transit:");
    show(
        "tampered body",
        &verifier.verify(
            &tok,
            &Request::new(path).with_body(Body::utf8(r#"{"item":"coffee","qty":200}"#)),
            now,
        ),
    );

    println!("\n6. An attacker signs with their own key and claims the user's identity");
    println!(
        "   (bitcoin-auth 0.0.7 accepts this brc77 token, because it never compares the signer with the pubkey field):"
    );
    let mallory = PrivateKey::generate()?;
    let theirs = token::create_random(
        &mallory,
        &NewToken::new(path, Scheme::Brc77, now).with_body(Body::utf8(body)),
    )?;
    let forged = format!("{}{}", alice.public_key().to_hex(), &theirs[66..]);
    show("forged identity", &verifier.verify(&forged, &request, now));

    println!(
        "\n7. A token captured an hour ago is replayed (bitcoin-auth 0.0.7 accepts tokens of any age):"
    );
    let an_hour_ago = Timestamp::from_unix_millis(now.unix_millis() - 3_600_000)?;
    let old = token::create_random(
        &alice,
        &NewToken::new(path, Scheme::Bsm, an_hour_ago).with_body(Body::utf8(body)),
    )?;
    show("old token", &verifier.verify(&old, &request, now));

    println!("\nEvery refusal carries a stable code, the same in Rust, C, Node and Python.");
    Ok(ExitCode::SUCCESS)
}
