//! `sigma-auth serve --wallet FILE [--port 21000]`: a TokenPass-compatible local signer for the
//! Sigma plugin's `LocalServerSigner`, on axum over tokio. Binds 127.0.0.1 unless told otherwise
//! (with a warning), runs locked when no passphrase is to be had, exits 1 on a wrong one, stops
//! gracefully on Ctrl-C or SIGTERM, and logs one structured line per request, never a secret.

mod bearer;
mod error;
mod guard;
mod handlers;
mod state;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};
use clap::Args;

use crate::failure::Failure;
use crate::output::Out;
use crate::wallet::{self, keystore, passphrase};
use state::{AppState, Unlocked};

/// Options of `serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// The wallet file (see `sigma-auth wallet create`).
    #[arg(long, value_name = "FILE")]
    wallet: PathBuf,
    /// Read the passphrase from this file's first line (when SIGMA_AUTH_PASSPHRASE is unset).
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// The TCP port (0 picks a free one; the first line printed says which).
    #[arg(long, default_value_t = 21000)]
    port: u16,
    /// The address to bind; anything but the loopback is refused unless --allow-remote-bind.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Allow binding a non-loopback address (the signer then warns on every start).
    #[arg(long)]
    allow_remote_bind: bool,
    /// A browser origin allowed to call the signer (repeatable), e.g. https://app.example.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
}

/// Exit status of a wallet that does not open.
const EXIT_BAD_WALLET: u8 = 1;

/// Runs the signer until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs, out: &mut Out) -> Result<ExitCode, Failure> {
    init_logs();
    if !args.bind.is_loopback() {
        if !args.allow_remote_bind {
            return Err(Failure::usage(format!(
                "--bind {}: not a loopback address; add --allow-remote-bind to bind it anyway",
                args.bind
            )));
        }
        tracing::warn!(bind = %args.bind, "binding a non-loopback address: other machines can reach the signer");
    }
    for origin in &args.allow_origins {
        if origin == "*" || origin.contains(['\r', '\n']) || !origin.contains("://") {
            return Err(Failure::usage(format!(
                "--allow-origin {origin}: give one exact origin such as https://app.example"
            )));
        }
    }
    let file = wallet::WalletFile {
        wallet: args.wallet.clone(),
        passphrase_file: args.passphrase_file.clone(),
    };
    let state = match passphrase::read(
        file.passphrase_file.as_deref(),
        "Wallet passphrase: ",
        false,
    )? {
        None => {
            if !args.wallet.exists() {
                return Err(Failure::Io(format!(
                    "{}: no such wallet file",
                    args.wallet.display()
                )));
            }
            tracing::warn!(
                "no passphrase given: the signer runs locked (every key operation answers 423)"
            );
            AppState {
                wallet: None,
                master: None,
                bearers: Mutex::default(),
                allowed_origins: args.allow_origins.clone(),
            }
        }
        Some(phrase) => {
            let (secrets, sealer) = match keystore::open(&args.wallet, &phrase) {
                Ok(opened) => opened,
                Err(e) => {
                    let code = e.reason.map(|r| r.code()).unwrap_or("io");
                    let _ = writeln!(std::io::stderr(), "sigma-auth: {code}: {e}");
                    return Ok(ExitCode::from(EXIT_BAD_WALLET));
                }
            };
            let keys = wallet::unlock_keys(&secrets)?;
            let master = keys.master.clone();
            AppState {
                wallet: Some(Mutex::new(Unlocked {
                    keys,
                    secrets,
                    sealer,
                })),
                master: Some(master),
                bearers: Mutex::default(),
                allowed_origins: args.allow_origins.clone(),
            }
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Io(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(serve(
        Arc::new(state),
        SocketAddr::new(args.bind, args.port),
        out,
    ))
}

/// The routes, behind the Host/Origin guard.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/status", get(handlers::status))
        .route("/api/auth", post(handlers::auth))
        .route("/api/sign", post(handlers::sign))
        .route("/api/sign-aip", post(handlers::sign_aip))
        .route("/api/encrypt", post(handlers::encrypt))
        .route("/api/decrypt", post(handlers::decrypt))
        .route("/api/friend-pubkey", post(handlers::friend_pubkey))
        .fallback(guard::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

async fn serve(state: Arc<AppState>, addr: SocketAddr, out: &mut Out) -> Result<ExitCode, Failure> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Failure::Io(format!("cannot listen on {addr}: {e}")))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::Io(format!("cannot read the bound address: {e}")))?;
    writeln!(out, "listening on http://{local}")?;
    out.flush()?;
    tracing::info!(%local, unlocked = state.wallet.is_some(), "signer started");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| Failure::Io(format!("the server stopped: {e}")))?;
    tracing::info!("signer stopped");
    Ok(ExitCode::SUCCESS)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Structured logs on standard error (`SIGMA_AUTH_LOG` filters, default `info`; JSON lines).
fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SIGMA_AUTH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
