//! `RedisReplayStore` against the Redis of `./scripts/test 45` (ignored by a plain
//! `cargo test`: run `cargo test -p sigma-auth-redis -- --include-ignored` with
//! SIGMA_AUTH_REDIS_URL set, as that step does).

mod common;

use std::net::TcpListener;
use std::time::Duration;

use common::{bsm_token, random_key, shared_url};
use sigma_auth_core::token::{ReplayEntry, ReplayStore, ReplayStoreError, Request};
use sigma_auth_core::{Reason, Timestamp, Verifier};
use sigma_auth_redis::{DEFAULT_PREFIX, RedisReplayStore};

fn entry(id: [u8; 32], now: Timestamp, window_ms: i64) -> ReplayEntry {
    ReplayEntry {
        id,
        expires_unix_millis: now.unix_millis() + window_ms,
    }
}

fn random_id() -> [u8; 32] {
    random_key().public_key().to_compressed()[1..]
        .try_into()
        .unwrap()
}

fn redis() -> redis::Connection {
    redis::Client::open(shared_url())
        .unwrap()
        .get_connection()
        .unwrap()
}

#[test]
#[ignore = "needs the Redis of ./scripts/test 45"]
fn set_nx_px_inserts_once_with_the_window_as_ttl() {
    let store = RedisReplayStore::open(&shared_url())
        .unwrap()
        .with_clock_slack(Duration::ZERO);
    let now = Timestamp::now();
    let id = random_id();
    let e = entry(id, now, 60_000);
    assert_eq!(store.insert_if_absent(&e, now), Ok(true));
    assert_eq!(store.insert_if_absent(&e, now), Ok(false));
    // The key is the prefix and 64 hex digits; its value is 1; its TTL the window (60 001 ms
    // through the last millisecond), less what passed since.
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let key = format!("{DEFAULT_PREFIX}{hex}");
    assert_eq!(store.key(&id), key);
    let mut con = redis();
    let value: String = redis::cmd("GET").arg(&key).query(&mut con).unwrap();
    assert_eq!(value, "1");
    let pttl: i64 = redis::cmd("PTTL").arg(&key).query(&mut con).unwrap();
    assert!((50_000..=60_001).contains(&pttl), "PTTL {pttl}");
}

#[test]
#[ignore = "needs the Redis of ./scripts/test 45"]
fn an_expired_key_may_be_inserted_again() {
    let store = RedisReplayStore::open(&shared_url())
        .unwrap()
        .with_clock_slack(Duration::ZERO);
    let now = Timestamp::now();
    // A window that ended long ago still asks Redis for 1 ms (PX 0 is an error in Redis).
    let e = entry(random_id(), now, -10_000);
    assert_eq!(store.insert_if_absent(&e, now), Ok(true));
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(store.insert_if_absent(&e, now), Ok(true));
}

#[test]
#[ignore = "needs the Redis of ./scripts/test 45"]
fn a_pipeline_answers_in_order_and_the_first_of_two_equal_ids_wins() {
    let store = RedisReplayStore::open(&shared_url())
        .unwrap()
        .with_prefix("sigma-auth:test:pipe:");
    let now = Timestamp::now();
    let (a, b) = (random_id(), random_id());
    let entries = [
        entry(a, now, 60_000),
        entry(b, now, 60_000),
        entry(a, now, 60_000),
    ];
    assert_eq!(
        store.insert_many(&entries, now),
        vec![Ok(true), Ok(true), Ok(false)]
    );
    assert_eq!(store.insert_many(&entries[..1], now), vec![Ok(false)]);
    let mut con = redis();
    let exists: i64 = redis::cmd("EXISTS")
        .arg(store.key(&a))
        .query(&mut con)
        .unwrap();
    assert_eq!(exists, 1);
    assert!(store.key(&a).starts_with("sigma-auth:test:pipe:"));
}

#[test]
#[ignore = "needs the Redis of ./scripts/test 45"]
fn many_threads_accept_one_token_once() {
    let url = shared_url();
    let key = random_key();
    let now = Timestamp::now();
    let tok = bsm_token(&key, "/once", now);
    let accepted = std::sync::atomic::AtomicUsize::new(0);
    // Eight verifiers with stores of their own (as eight servers would have).
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                let v = Verifier::new().with_replay_store(RedisReplayStore::open(&url).unwrap());
                for _ in 0..20 {
                    match v.verify(&tok, &Request::new("/once"), now) {
                        Ok(_) => {
                            accepted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        Err(e) => assert_eq!(e.reason(), Reason::Replayed),
                    }
                }
            });
        }
    });
    assert_eq!(accepted.into_inner(), 1);
}

#[test]
#[ignore = "needs the Redis of ./scripts/test 45"]
fn nothing_listening_is_unavailable() {
    let port = common::free_port();
    let store = RedisReplayStore::open(&format!("redis://127.0.0.1:{port}/")).unwrap();
    let now = Timestamp::now();
    let err = store
        .insert_if_absent(&entry(random_id(), now, 1000), now)
        .unwrap_err();
    assert!(
        matches!(err, ReplayStoreError::Unavailable { .. }),
        "{err:?}"
    );
    let v = Verifier::new().with_replay_store(store);
    let key = random_key();
    let e = v
        .verify(&bsm_token(&key, "/x", now), &Request::new("/x"), now)
        .unwrap_err();
    assert_eq!(e.code(), "replay_store_unavailable");
}

#[test]
#[ignore = "needs the Redis of ./scripts/test 45"]
fn a_server_that_never_answers_times_out_as_unavailable() {
    // Accepts connections (the kernel completes the handshake) but never reads or answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let store = RedisReplayStore::open(&format!("redis://127.0.0.1:{port}/"))
        .unwrap()
        .with_timeout(Duration::from_millis(100));
    let now = Timestamp::now();
    let err = store
        .insert_if_absent(&entry(random_id(), now, 1000), now)
        .unwrap_err();
    assert!(
        matches!(err, ReplayStoreError::Unavailable { .. }),
        "{err:?}"
    );
    drop(silent);
}

#[test]
#[ignore = "needs the Redis of ./scripts/test 45"]
fn a_paused_redis_times_out_as_unavailable_then_recovers() {
    let url = shared_url();
    let store = RedisReplayStore::open(&url)
        .unwrap()
        .with_timeout(Duration::from_millis(100));
    let now = Timestamp::now();
    // Warm a pooled connection, then pause the server's writes for 1.5 s.
    assert_eq!(
        store.insert_if_absent(&entry(random_id(), now, 60_000), now),
        Ok(true)
    );
    let mut admin = redis();
    let _: () = redis::cmd("CLIENT")
        .arg("PAUSE")
        .arg(1500)
        .arg("WRITE")
        .query(&mut admin)
        .unwrap();
    let id = random_id();
    let err = store
        .insert_if_absent(&entry(id, now, 60_000), now)
        .unwrap_err();
    assert!(
        matches!(err, ReplayStoreError::Unavailable { .. }),
        "{err:?}"
    );
    let _: () = redis::cmd("CLIENT")
        .arg("UNPAUSE")
        .query(&mut admin)
        .unwrap();
    // The timed-out connection was dropped; a new one works. The SET sent before the timeout
    // may have run after the pause: then the id is there (a refusal, never a second accept).
    let again = store.insert_if_absent(&entry(id, now, 60_000), now);
    assert!(matches!(again, Ok(true) | Ok(false)), "{again:?}");
    assert_eq!(
        store.insert_if_absent(&entry(id, now, 60_000), now),
        Ok(false)
    );
}
