//! `supernet serve`: the node as a long-running daemon. It owns the data directory (lock),
//! serves the HTTP API on loopback, records its address and token in `daemon.json` for the
//! CLI, purges expired events periodically, and cleans up when told to stop.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};
use supernet_core::{ApiError, ErrorCode};

use crate::datadir::{DaemonInfo, DataDir, DirLock};
use crate::{Caller, Node, NodeConfig, gateway};

/// How often expired events are purged: a minute keeps "expired" honest to the minute
/// without measurable load.
const PURGE_EVERY: Duration = Duration::from_secs(60);

/// How to run the daemon.
#[derive(Debug, Clone)]
pub struct DaemonOptions {
    /// The data directory it serves.
    pub data_dir: DataDir,
    /// Keep all networking on 127.0.0.1.
    pub local_only: bool,
    /// Where the HTTP API listens (loopback by default; port 0 lets the OS choose).
    pub listen: SocketAddr,
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .expect("OS random source");
    hex_lower(&bytes)
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs the daemon until `shutdown` completes. `ready` is told the API address and token
/// once the API accepts requests. `lock` proves this process owns the data directory. With
/// `passphrase`, the account key is unlocked at start; without, a protected key stays
/// locked until someone unlocks it through the API.
pub async fn run(
    options: DaemonOptions,
    lock: DirLock,
    passphrase: Option<zeroize::Zeroizing<String>>,
    ready: impl FnOnce(&DaemonInfo),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ApiError> {
    let node = Node::open(NodeConfig {
        data_dir: Some(options.data_dir.root().to_owned()),
        local_only: options.local_only,
    })
    .await?;
    if let Some(passphrase) = passphrase {
        let input = serde_json::json!({ "passphrase": passphrase.as_str() });
        node.call(&Caller::owner(), "identity.unlock", input)
            .await?;
    }
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("cannot listen on {}: {e}", options.listen),
            )
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("listener address: {e}")))?;
    let info = DaemonInfo {
        url: format!("http://{addr}"),
        token: random_token(),
        pid: std::process::id(),
    };
    options.data_dir.write_daemon_info(&info)?;
    match node.account() {
        Some(account) => tracing::info!(url = %info.url, %account, "daemon serving"),
        None => tracing::info!(url = %info.url, "daemon serving a node without an account yet"),
    }

    let purger = {
        let node = node.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(PURGE_EVERY);
            loop {
                tick.tick().await;
                match node.purge_expired().await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(purged = n, "expired events deleted"),
                    Err(e) => tracing::warn!("purging expired events failed: {e}"),
                }
            }
        })
    };

    let app = gateway::router(node.clone(), &info.token);
    ready(&info);
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    purger.abort();
    options.data_dir.remove_daemon_info();
    node.close().await;
    drop(lock);
    served.map_err(|e| ApiError::new(ErrorCode::Io, format!("the HTTP API stopped: {e}")))
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn stop_signal() {
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
        _ = ctrl_c => {},
        _ = term => {},
    }
}
