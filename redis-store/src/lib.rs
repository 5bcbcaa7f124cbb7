//! A Redis replay store for sigma-auth: a fleet of servers shares one Redis, so a token accepted
//! by one server is refused as a replay by every other.
//!
//! Each verified token becomes `SET <prefix><replay id hex> 1 NX PX <ms>`, where the `PX` is the
//! time until the token leaves its window (plus a clock slack, see
//! [`RedisReplayStore::with_clock_slack`]). `NX` makes the insert atomic across the fleet: of
//! many servers receiving one token, exactly one gets `OK`. Every call is bounded by a timeout
//! (connect, read and write); a Redis that is unreachable, failing or slower than that answers
//! [`ReplayStoreError::Unavailable`], which the verifier turns into a refusal with the code
//! `replay_store_unavailable` (unless it was set to fail open).
//!
//! ```no_run
//! use sigma_auth_core::token::Request;
//! use sigma_auth_core::Verifier;
//! use sigma_auth_redis::RedisReplayStore;
//!
//! let store = RedisReplayStore::open("redis://127.0.0.1:6379/")?;
//! let verifier = Verifier::new().with_replay_store(store);
//! # let token = "";
//! match verifier.verify_now(token, &Request::new("/api/items")) {
//!     Ok(ok) => println!("signed by {}", ok.pubkey),
//!     Err(e) => println!("401 {}", e.code()), // replayed, replay_store_unavailable, ...
//! }
//! # Ok::<(), redis::RedisError>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

use redis::{Client, Connection, RedisError, Value};
use sigma_auth_core::Timestamp;
use sigma_auth_core::token::{ReplayEntry, ReplayStore, ReplayStoreError};

/// The key prefix by default: `sigma-auth:replay:` then 64 hex digits.
pub const DEFAULT_PREFIX: &str = "sigma-auth:replay:";

/// How long one Redis call may take by default (connect, write, read): 250 ms.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(250);

/// How much longer than the window an id is kept by default (1 s), to cover the clock
/// differences between the servers of a fleet.
pub const DEFAULT_CLOCK_SLACK: Duration = Duration::from_secs(1);

/// The most connections kept open for reuse (more may be open at once under load).
const POOL: usize = 16;

/// A [`ReplayStore`] in Redis. Thread-safe: connections are pooled and each call uses one
/// connection alone.
pub struct RedisReplayStore {
    client: Client,
    prefix: String,
    timeout: Duration,
    slack_ms: u64,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for RedisReplayStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection info may hold a password: show the prefix and timeouts only.
        f.debug_struct("RedisReplayStore")
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("slack_ms", &self.slack_ms)
            .finish_non_exhaustive()
    }
}

impl RedisReplayStore {
    /// A store at `url` (`redis://host:port/db`, `redis+unix:///path`, ...). Nothing is
    /// connected yet; a malformed URL is the only error.
    pub fn open(url: &str) -> Result<RedisReplayStore, RedisError> {
        Ok(RedisReplayStore::from_client(Client::open(url)?))
    }

    /// A store over an existing client.
    pub fn from_client(client: Client) -> RedisReplayStore {
        RedisReplayStore {
            client,
            prefix: DEFAULT_PREFIX.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            slack_ms: DEFAULT_CLOCK_SLACK.as_millis() as u64,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Keys are `prefix` followed by the replay id in hex (default [`DEFAULT_PREFIX`]).
    pub fn with_prefix(mut self, prefix: &str) -> RedisReplayStore {
        self.prefix = prefix.to_owned();
        self
    }

    /// The bound on each connect, write and read (default [`DEFAULT_TIMEOUT`]); past it the
    /// store is unavailable. A zero duration is taken as 1 ms.
    pub fn with_timeout(mut self, timeout: Duration) -> RedisReplayStore {
        self.timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// Keep ids this much longer than their window (default [`DEFAULT_CLOCK_SLACK`]): a server
    /// whose clock runs behind another's accepts a token for that much longer.
    pub fn with_clock_slack(mut self, slack: Duration) -> RedisReplayStore {
        self.slack_ms = u64::try_from(slack.as_millis()).unwrap_or(u64::MAX);
        self
    }

    /// The Redis key of a replay id.
    pub fn key(&self, id: &[u8; 32]) -> String {
        let mut key = String::with_capacity(self.prefix.len() + 64);
        key.push_str(&self.prefix);
        for b in id {
            let _ = write!(key, "{b:02x}");
        }
        key
    }

    /// The `PX` of an entry at `now`: until it leaves the window, plus the slack.
    pub fn ttl_millis(&self, entry: &ReplayEntry, now: Timestamp) -> u64 {
        entry.ttl_millis(now).saturating_add(self.slack_ms)
    }

    /// Inserts many entries in one round trip (a pipeline of `SET NX PX`), answers in input
    /// order. Redis runs them in order, so of two entries with one id the first is inserted.
    /// If the round trip fails, every answer is `Unavailable`.
    pub fn insert_many(
        &self,
        entries: &[ReplayEntry],
        now: Timestamp,
    ) -> Vec<Result<bool, ReplayStoreError>> {
        if entries.is_empty() {
            return Vec::new();
        }
        let mut pipe = redis::pipe();
        for entry in entries {
            pipe.add_command(self.set_command(entry, now));
        }
        match self.with_connection(|con| pipe.query::<Vec<Value>>(con)) {
            Ok(values) if values.len() == entries.len() => values.iter().map(answer).collect(),
            Ok(_) => entries
                .iter()
                .map(|_| Err(unavailable("unexpected reply")))
                .collect(),
            Err(e) => entries.iter().map(|_| Err(e)).collect(),
        }
    }

    fn set_command(&self, entry: &ReplayEntry, now: Timestamp) -> redis::Cmd {
        let mut cmd = redis::cmd("SET");
        cmd.arg(self.key(&entry.id))
            .arg(1)
            .arg("NX")
            .arg("PX")
            .arg(self.ttl_millis(entry, now));
        cmd
    }

    /// Runs `f` on a pooled (or new) connection; a connection that failed is dropped, not
    /// pooled again.
    fn with_connection<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, RedisError>,
    ) -> Result<T, ReplayStoreError> {
        let pooled = self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
        let mut con = match pooled {
            Some(con) => con,
            None => self.connect()?,
        };
        match f(&mut con) {
            Ok(value) => {
                if let Ok(mut idle) = self.idle.lock()
                    && idle.len() < POOL
                {
                    idle.push(con);
                }
                Ok(value)
            }
            Err(e) => Err(classify(&e)),
        }
    }

    fn connect(&self) -> Result<Connection, ReplayStoreError> {
        let con = self
            .client
            .get_connection_with_timeout(self.timeout)
            .map_err(|e| {
                if e.is_timeout() {
                    unavailable("connect timed out")
                } else {
                    unavailable("connect failed")
                }
            })?;
        con.set_read_timeout(Some(self.timeout))
            .and_then(|()| con.set_write_timeout(Some(self.timeout)))
            .map_err(|_| unavailable("could not set the socket timeouts"))?;
        Ok(con)
    }
}

impl ReplayStore for RedisReplayStore {
    fn insert_if_absent(
        &self,
        entry: &ReplayEntry,
        now: Timestamp,
    ) -> Result<bool, ReplayStoreError> {
        let cmd = self.set_command(entry, now);
        let value = self.with_connection(|con| cmd.query::<Value>(con))?;
        answer(&value)
    }
}

/// `OK`: inserted; nil: already there; anything else: not a Redis we understand.
fn answer(value: &Value) -> Result<bool, ReplayStoreError> {
    match value {
        Value::Okay => Ok(true),
        Value::SimpleString(s) if s == "OK" => Ok(true),
        Value::Nil => Ok(false),
        Value::ServerError(_) => Err(unavailable("the server answered an error")),
        _ => Err(unavailable("unexpected reply")),
    }
}

fn classify(e: &RedisError) -> ReplayStoreError {
    if e.is_timeout() {
        unavailable("timed out")
    } else if e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal() {
        unavailable("connection failed")
    } else {
        unavailable("the server answered an error")
    }
}

const fn unavailable(why: &'static str) -> ReplayStoreError {
    ReplayStoreError::Unavailable { why }
}
