//! Two server processes (`sigma-auth-fleet-server`) sharing one Redis of the test's own: a token
//! is accepted once by the fleet and refused as a replay at the other server, in any spelling;
//! with Redis down every token is refused `replay_store_unavailable` and none is accepted twice;
//! with Redis back (its append-only file intact) service resumes and old ids are still known.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use common::{RedisServer, bsm_token, random_key};
use sigma_auth_core::Timestamp;
use sigma_auth_core::hazmat::ec;
use sigma_auth_core::hazmat::encoding::{base64_decode, base64_encode, hex_encode};
use sigma_auth_core::token;

/// One fleet server process, killed on drop.
struct Server {
    addr: String,
    child: Child,
}

impl Server {
    fn start(redis_url: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sigma-auth-fleet-server"))
            .args([redis_url, "--compat", "--timeout-ms", "200"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .expect("listening line")
            .to_owned();
        Server { addr, child }
    }

    /// GET `path` with `token`: (status, code of a 401 body or "ok").
    fn get(&self, path: &str, token: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nhost: fleet\r\nx-auth-token: {token}\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        s.read_to_string(&mut reply).unwrap();
        let status: u16 = reply[9..12].parse().unwrap();
        let body = &reply[reply.find("\r\n\r\n").unwrap() + 4..];
        let code = match body.split_once(r#""code":""#) {
            Some((_, rest)) => rest[..rest.find('"').unwrap()].to_owned(),
            None => "ok".to_owned(),
        };
        if status == 401 {
            assert!(
                body.starts_with(r#"{"error":"unauthorized","code":""#),
                "{body}"
            );
        }
        (status, code)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The spellings of one bsm token that Compat accepts as the same signed request.
fn malleated(tok: &str) -> Vec<String> {
    let parts = token::parse(tok).unwrap();
    let raw = base64_decode("t", parts.signature).unwrap();
    let mut high = raw.clone();
    let mut s = [0u8; 32];
    s.copy_from_slice(&raw[33..]);
    high[33..].copy_from_slice(&ec::negate_s(&s));
    let pk = parts.pubkey;
    let key = sigma_auth_core::PublicKey::from_hex(pk).unwrap();
    let (ts, path) = (parts.timestamp, parts.request_path);
    vec![
        format!("{pk}|bsm|{ts}|{path}|{}", base64_encode(&high)),
        format!(
            "{pk}|bsm|{ts}|{path}|{}",
            parts
                .signature
                .trim_end_matches('=')
                .replace('+', "-")
                .replace('/', "_")
        ),
        format!("{}|bsm|{ts}|{path}|{}", pk.to_uppercase(), parts.signature),
        format!(
            "{}|bsm|{ts}|{path}|{}",
            hex_encode(&key.to_uncompressed()),
            parts.signature
        ),
    ]
}

#[test]
#[ignore = "needs redis-server: ./scripts/test 45"]
fn a_fleet_sharing_redis_accepts_each_token_once() {
    let mut redis = RedisServer::start();
    let (a, b) = (Server::start(&redis.url()), Server::start(&redis.url()));
    let key = random_key();

    // Accepted once by the fleet, refused at the other server and at the first.
    let tok = bsm_token(&key, "/api/items", Timestamp::now());
    assert_eq!(a.get("/api/items", &tok), (200, "ok".into()));
    assert_eq!(b.get("/api/items", &tok), (401, "replayed".into()));
    assert_eq!(a.get("/api/items", &tok), (401, "replayed".into()));

    // Every malleated spelling, at either server, is the same signed request.
    let spellings = malleated(&tok);
    assert_eq!(spellings.len(), 4);
    for (i, spelling) in spellings.iter().enumerate() {
        assert_ne!(spelling, &tok);
        let server = if i % 2 == 0 { &a } else { &b };
        assert_eq!(
            server.get("/api/items", spelling),
            (401, "replayed".into()),
            "{spelling}"
        );
    }

    // A spelling sent first is accepted once; the canonical one is then the replay.
    let tok2 = bsm_token(&key, "/api/two", Timestamp::now());
    let high2 = &malleated(&tok2)[0];
    assert_eq!(b.get("/api/two", high2), (200, "ok".into()));
    assert_eq!(a.get("/api/two", &tok2), (401, "replayed".into()));

    // Redis down: fresh tokens and old ones alike are refused as unavailable; none accepted.
    redis.kill();
    let fresh: Vec<String> = (0..6)
        .map(|i| bsm_token(&key, &format!("/down/{i}"), Timestamp::now()))
        .collect();
    for (i, t) in fresh.iter().enumerate() {
        let server = if i % 2 == 0 { &a } else { &b };
        assert_eq!(
            server.get(&format!("/down/{i}"), t),
            (401, "replay_store_unavailable".into())
        );
    }
    assert_eq!(
        a.get("/api/items", &tok),
        (401, "replay_store_unavailable".into())
    );
    // An invalid token is still refused for its own reason, before the store.
    assert_eq!(a.get("/elsewhere", &tok).1, "path_mismatch");

    // Redis back (the append-only file kept the ids): service resumes, and the tokens accepted
    // before the crash are still replays.
    redis.restart();
    assert_eq!(b.get("/api/items", &tok), (401, "replayed".into()));
    assert_eq!(a.get("/api/two", &tok2), (401, "replayed".into()));
    let mut accepted = 0;
    for (i, t) in fresh.iter().enumerate() {
        // Each refused-while-down token is accepted exactly once now, at either server.
        let path = format!("/down/{i}");
        let first = if i % 2 == 0 { &b } else { &a };
        let other = if i % 2 == 0 { &a } else { &b };
        if first.get(&path, t) == (200, "ok".into()) {
            accepted += 1;
        }
        assert_eq!(other.get(&path, t), (401, "replayed".into()));
    }
    assert_eq!(accepted, fresh.len());
}
