//! The node as a long-running service — `supernet serve`, and the desktop app, which runs the
//! same thing behind its window. It owns the data directory (lock), serves the gateway on
//! loopback, records its address and token in `daemon.json` for the CLI, purges expired
//! events periodically, and cleans up when stopped.
//!
//! ```text
//!   start() ──▶ Daemon { node, gateway task, purge task } ──shutdown()──▶ record removed,
//!                  │                                                    databases closed
//!                  └─ daemon.json {url, token, pid}  ◀── CLI commands find it here
//! ```

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};
use supernet_core::{ApiError, ErrorCode};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use zeroize::Zeroizing;

use crate::datadir::{DaemonInfo, DataDir, DirLock};
use crate::gateway::{self, Gateway};
use crate::{Caller, Node, NodeConfig};

/// Longest wait between purges of expired events; the purger also wakes when the next
/// event expires, so an expiring item vanishes on time.
const PURGE_EVERY: Duration = Duration::from_secs(60);

/// How to run the daemon.
#[derive(Debug, Clone)]
pub struct DaemonOptions {
    /// The data directory it serves.
    pub data_dir: DataDir,
    /// Keep all networking on 127.0.0.1.
    pub local_only: bool,
    /// Where the HTTP gateway listens (loopback by default; port 0 lets the OS choose).
    pub listen: SocketAddr,
    /// How to join the peer-to-peer network; `None` keeps the node off it.
    pub network: Option<crate::network::NetworkConfig>,
}

/// A running daemon.
#[derive(Debug)]
pub struct Daemon {
    node: Node,
    info: DaemonInfo,
    gateway: Arc<Gateway>,
    data_dir: DataDir,
    stop: oneshot::Sender<()>,
    server: JoinHandle<std::io::Result<()>>,
    purger: JoinHandle<()>,
    _lock: DirLock,
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .expect("OS random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens the node of `options.data_dir` (which `lock` proves this process owns) and starts
/// serving it. With `passphrase`, a protected key is unlocked at once; without, it stays
/// locked until someone unlocks it through the API.
pub async fn start(
    options: DaemonOptions,
    lock: DirLock,
    passphrase: Option<Zeroizing<String>>,
) -> Result<Daemon, ApiError> {
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
    if let Some(network) = options.network.clone() {
        node.start_network(network).await?;
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

    let gateway = Gateway::new(node.clone(), &info.url, &info.token);
    let (stop, stopped) = oneshot::channel::<()>();
    let app = gateway::router(gateway.clone());
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let purger = {
        let node = node.clone();
        tokio::spawn(async move {
            loop {
                let wait = match node.store().next_expiry().await {
                    Ok(Some(at)) => {
                        Duration::from_millis(at.saturating_sub(crate::now())).min(PURGE_EVERY)
                    }
                    _ => PURGE_EVERY,
                };
                // New events may expire sooner than the one waited for: wake on them too.
                let mut notices = node.subscribe();
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = async {
                        while let Ok(n) = notices.recv().await {
                            if matches!(n.as_ref(), supernet_store::Notice::Events { .. }) {
                                break;
                            }
                        }
                    } => continue,
                }
                match node.purge_expired().await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(purged = n, "expired events deleted"),
                    Err(e) => tracing::warn!("purging expired events failed: {e}"),
                }
            }
        })
    };
    Ok(Daemon {
        node,
        info,
        gateway,
        data_dir: options.data_dir,
        stop,
        server,
        purger,
        _lock: lock,
    })
}

impl Daemon {
    /// The node it serves.
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// Its address and token.
    pub fn info(&self) -> &DaemonInfo {
        &self.info
    }

    /// A new one-time link that signs a browser in to the web UI.
    pub fn login_link(&self) -> String {
        self.gateway.login_link()
    }

    /// Where the desktop window's media players fetch files, and their key (see
    /// [`Gateway::media_access`]).
    pub fn media_access(&self) -> (String, String) {
        self.gateway.media_access()
    }

    /// Stops serving, removes the daemon record and closes the databases.
    pub async fn shutdown(self) -> Result<(), ApiError> {
        let _ = self.stop.send(());
        let served = self.server.await;
        self.purger.abort();
        self.data_dir.remove_daemon_info();
        drop(self.gateway);
        self.node.close().await;
        match served {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(ApiError::new(
                ErrorCode::Io,
                format!("the gateway stopped: {e}"),
            )),
            Err(e) => Err(ApiError::internal(format!("the gateway task failed: {e}"))),
        }
    }
}

/// Runs the daemon until `shutdown` completes. `ready` is told once the gateway accepts
/// requests.
pub async fn run(
    options: DaemonOptions,
    lock: DirLock,
    passphrase: Option<Zeroizing<String>>,
    ready: impl FnOnce(&Daemon),
    shutdown: impl Future<Output = ()>,
) -> Result<(), ApiError> {
    let daemon = start(options, lock, passphrase).await?;
    ready(&daemon);
    shutdown.await;
    daemon.shutdown().await
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
