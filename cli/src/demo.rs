//! `sigma-auth demo`: one readable run through the whole flow.

use std::process::ExitCode;

use sigma_auth_core::token::{self, Body, NewToken, ReplayGuard, Request, Scheme};
use sigma_auth_core::{Network, PrivateKey, Timestamp, Verifier, VerifyError};

use crate::failure::Failure;
use crate::output::Out;
use crate::token::hex;

fn show(
    out: &mut Out,
    step: &str,
    result: &Result<sigma_auth_core::Verified, VerifyError>,
) -> Result<(), Failure> {
    match result {
        Ok(v) => writeln!(
            out,
            "   {step}: ACCEPTED — signer {}, replay id {}",
            v.pubkey,
            hex(v.replay_id())
        ),
        Err(e) => writeln!(
            out,
            "   {step}: REFUSED — code `{}`: {}",
            e.code(),
            e.detail()
        ),
    }
}

/// Runs the demonstration, printing each step.
pub fn run(out: &mut Out) -> Result<ExitCode, Failure> {
    writeln!(
        out,
        "sigma-auth demo: Bitcoin-key sign-in with the X-Auth-Token header\n"
    )?;

    let alice = PrivateKey::generate()?;
    writeln!(out, "1. The user's wallet holds a key.")?;
    writeln!(out, "   public key {}", alice.public_key())?;
    writeln!(
        out,
        "   address    {}\n",
        alice.public_key().address(Network::Mainnet)
    )?;

    let now = Timestamp::now();
    let path = "/api/orders?currency=BSV";
    let body = r#"{"item":"coffee","qty":2}"#;
    let tok = token::create_random(
        &alice,
        &NewToken::new(path, Scheme::Brc77, now).with_body(Body::utf8(body)),
    )?;
    writeln!(
        out,
        "2. The client signs its request: POST {path}  body {body}"
    )?;
    writeln!(out, "   X-Auth-Token: {tok}\n")?;

    let verifier = Verifier::new();
    let guard = ReplayGuard::new(&verifier);
    let request = Request::new(path).with_body(Body::utf8(body));
    writeln!(
        out,
        "3. The server verifies it (two-sided 5-minute window, strict encodings):"
    )?;
    let first = verifier.verify(&tok, &request, now);
    show(out, "first use", &first)?;
    if let Ok(v) = &first {
        writeln!(out, "   the server now knows the caller is {}", v.pubkey)?;
        let replay = guard.check(v, now).and_then(|_| {
            let again = verifier.verify(&tok, &request, now)?;
            guard.check(&again, now).map(|_| again)
        });
        writeln!(
            out,
            "\n4. An eavesdropper replays the same header a second later:"
        )?;
        show(out, "replay", &replay)?;
    }

    writeln!(out, "\n5. The body is changed in transit:")?;
    show(
        out,
        "tampered body",
        &verifier.verify(
            &tok,
            &Request::new(path).with_body(Body::utf8(r#"{"item":"coffee","qty":200}"#)),
            now,
        ),
    )?;

    writeln!(
        out,
        "\n6. An attacker signs with their own key and claims the user's identity"
    )?;
    writeln!(
        out,
        "   (bitcoin-auth 0.0.7 accepts this brc77 token, because it never compares the signer with the pubkey field):"
    )?;
    let mallory = PrivateKey::generate()?;
    let theirs = token::create_random(
        &mallory,
        &NewToken::new(path, Scheme::Brc77, now).with_body(Body::utf8(body)),
    )?;
    // Mallory's token with its pubkey field replaced by Alice's.
    let rest = theirs.split_once('|').map_or("", |(_, rest)| rest);
    let forged = format!("{}|{rest}", alice.public_key().to_hex());
    show(
        out,
        "forged identity",
        &verifier.verify(&forged, &request, now),
    )?;

    writeln!(
        out,
        "\n7. A token captured an hour ago is replayed (bitcoin-auth 0.0.7 accepts tokens of any age):"
    )?;
    let an_hour_ago = Timestamp::from_unix_millis(now.unix_millis() - 3_600_000)?;
    let old = token::create_random(
        &alice,
        &NewToken::new(path, Scheme::Bsm, an_hour_ago).with_body(Body::utf8(body)),
    )?;
    show(out, "old token", &verifier.verify(&old, &request, now))?;

    writeln!(
        out,
        "\nEvery refusal carries a stable code, the same in Rust, C, Node and Python."
    )?;
    Ok(ExitCode::SUCCESS)
}
