//! Test helpers: tokens, a Redis server of the test's own, the shared Redis of the test step.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sigma_auth_core::PrivateKey;
use sigma_auth_core::Timestamp;
use sigma_auth_core::token::{self, NewToken, Scheme};

/// The URL of the Redis that `scripts/test.d/45-fleet.sh` started.
pub fn shared_url() -> String {
    std::env::var("SIGMA_AUTH_REDIS_URL")
        .expect("SIGMA_AUTH_REDIS_URL is not set: run these tests through ./scripts/test 45")
}

/// A fresh key per call (so ids never collide between runs sharing one Redis).
pub fn random_key() -> PrivateKey {
    PrivateKey::generate().expect("randomness")
}

/// A bsm token by `key` for `path`, dated `at`.
pub fn bsm_token(key: &PrivateKey, path: &str, at: Timestamp) -> String {
    token::create(key, &NewToken::new(path, Scheme::Bsm, at), [0; 32]).unwrap()
}

/// A free TCP port on 127.0.0.1 (free when asked; the caller binds it right after).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A redis-server of the test's own on 127.0.0.1, with an append-only file fsynced on every
/// write in a temporary directory, so that its ids outlive a crash and a restart.
pub struct RedisServer {
    pub port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        let dir = std::env::temp_dir().join(format!(
            "sigma-auth-redis-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let mut server = RedisServer {
            port: free_port(),
            dir,
            child: None,
        };
        server.restart();
        server
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kills the server at once (SIGKILL: a crash, not a shutdown).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it (again) on the same port and directory; returns once it accepts connections.
    pub fn restart(&mut self) {
        self.kill();
        let bin = std::env::var("REDIS_SERVER").unwrap_or_else(|_| "redis-server".into());
        let child = Command::new(bin)
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &self.port.to_string(),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--daemonize",
                "no",
            ])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server could not be started (scripts/install-redis installs it)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "redis-server did not start on port {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // Ready when it answers (it loads the append-only file first).
        let client = redis::Client::open(self.url()).unwrap();
        while client
            .get_connection()
            .and_then(|mut c| redis::cmd("PING").query::<String>(&mut c))
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer PING"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
