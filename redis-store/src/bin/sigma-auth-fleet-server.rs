//! A small auth server for fleet tests and load runs: every GET must carry a valid
//! `X-Auth-Token` for its path, checked against a Redis replay store shared with other servers.
//!
//! Usage: `sigma-auth-fleet-server REDIS_URL [--compat] [--fail-open] [--timeout-ms N]`.
//! Listens on a free port of 127.0.0.1 and prints `listening on 127.0.0.1:PORT` on stdout.
//! Answers 200 `{"ok":true,"pubkey":"…"}` or 401 with the one body
//! `{"error":"unauthorized","code":"<reason>","message":"…"}`; one request per connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use sigma_auth_core::token::{ReplayVerifier, Request};
use sigma_auth_core::{Policy, Verifier};
use sigma_auth_redis::RedisReplayStore;

/// The longest request head read (bytes); longer heads are refused.
const MAX_HEAD: usize = 16 * 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(url) = args.first() else {
        eprintln!(
            "usage: sigma-auth-fleet-server REDIS_URL [--compat] [--fail-open] [--timeout-ms N]"
        );
        return ExitCode::from(2);
    };
    let mut verifier = Verifier::new();
    let mut fail_open = false;
    let mut timeout = sigma_auth_redis::DEFAULT_TIMEOUT;
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--compat" => verifier = verifier.with_policy(Policy::Compat),
            "--fail-open" => fail_open = true,
            "--timeout-ms" => match rest.next().and_then(|n| n.parse().ok()) {
                Some(ms) => timeout = Duration::from_millis(ms),
                None => {
                    eprintln!("--timeout-ms needs a number of milliseconds");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("unknown argument {other:?}");
                return ExitCode::from(2);
            }
        }
    }
    let store = match RedisReplayStore::open(url) {
        Ok(store) => store.with_timeout(timeout),
        Err(_) => {
            eprintln!("the Redis URL is malformed");
            return ExitCode::from(2);
        }
    };
    let mut guarded = verifier.with_replay_store(store);
    if fail_open {
        guarded = guarded.fail_open(|v, e| {
            eprintln!(
                "replay store unavailable ({e}); accepted without replay check: {}",
                v.pubkey
            )
        });
    }
    let guarded = Arc::new(guarded);
    let listener =
        match TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr().map(|a| (l, a))) {
            Ok((l, addr)) => {
                println!("listening on {addr}");
                l
            }
            Err(e) => {
                eprintln!("cannot listen on 127.0.0.1: {e}");
                return ExitCode::FAILURE;
            }
        };
    for stream in listener.incoming().flatten() {
        let guarded = Arc::clone(&guarded);
        std::thread::spawn(move || {
            let _ = serve(stream, &guarded);
        });
    }
    ExitCode::SUCCESS
}

/// Reads one request head, answers it, closes.
fn serve(stream: TcpStream, verifier: &ReplayVerifier<RedisReplayStore>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut path = None;
    let mut token = None;
    let mut read = 0;
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        read += n;
        if n == 0 || read > MAX_HEAD {
            return respond(stream, 400, r#"{"error":"bad_request"}"#);
        }
        let text = line.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if path.is_none() {
            path = text.split(' ').nth(1).map(str::to_owned);
        } else if let Some((name, value)) = text.split_once(':')
            && name.eq_ignore_ascii_case("x-auth-token")
        {
            token = Some(value.trim().to_owned());
        }
    }
    let Some(path) = path else {
        return respond(stream, 400, r#"{"error":"bad_request"}"#);
    };
    let Some(token) = token else {
        return respond(
            stream,
            401,
            &unauthorized("missing_token", "no X-Auth-Token header"),
        );
    };
    match verifier.verify_now(&token, &Request::new(&path)) {
        Ok(ok) => respond(
            stream,
            200,
            &format!(r#"{{"ok":true,"pubkey":"{}"}}"#, ok.pubkey),
        ),
        Err(e) => respond(stream, 401, &unauthorized(e.code(), e.detail())),
    }
}

fn unauthorized(code: &str, message: &str) -> String {
    // Both are static strings of ours without quotes or backslashes.
    format!(r#"{{"error":"unauthorized","code":"{code}","message":"{message}"}}"#)
}

fn respond(mut stream: TcpStream, status: u16, body: &str) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        401 => "Unauthorized",
        _ => "Bad Request",
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}
