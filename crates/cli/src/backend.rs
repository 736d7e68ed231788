//! Where a command's API call goes: to the daemon serving the data directory, or to a node
//! opened in this process for the one command.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use supernet_core::{ApiError, ErrorCode};
use supernet_node::datadir::{DaemonInfo, DataDir, DirLock};
use supernet_node::{Caller, Identity, Node, NodeConfig};

use crate::{output, secrets};

/// How long to wait for a data directory held by another short-lived command (or a daemon
/// still starting) before giving up: in-process commands finish in well under a second.
const BUSY_WAIT: Duration = Duration::from_secs(10);
/// How long one API call to the daemon may take: an import of a large file takes minutes.
const CALL_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// An API endpoint for this command.
pub(crate) enum Backend {
    /// The running daemon.
    Daemon(DaemonInfo),
    /// A node opened here; the lock keeps a daemon from starting meanwhile.
    InProcess { dir: DataDir, _lock: DirLock },
}

impl Backend {
    /// The daemon of `dir` if one runs, else the data directory itself.
    pub(crate) async fn connect(dir: &DataDir) -> Result<Self, ApiError> {
        let deadline = std::time::Instant::now() + BUSY_WAIT;
        loop {
            match dir.lock() {
                Ok(lock) => {
                    // Nobody holds the directory: any daemon record is left from a crash.
                    dir.remove_daemon_info();
                    dir.keystore()?;
                    return Ok(Backend::InProcess {
                        dir: dir.clone(),
                        _lock: lock,
                    });
                }
                Err(e) if e.code == ErrorCode::DaemonRunning => {
                    if let Some(info) = dir.daemon_info() {
                        return Ok(Backend::Daemon(info));
                    }
                    if std::time::Instant::now() >= deadline {
                        return Err(e);
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Calls `method` with `input`.
    pub(crate) async fn call(
        self,
        method: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        match self {
            Backend::Daemon(info) => {
                let method = method.to_owned();
                tokio::task::spawn_blocking(move || call_daemon(&info, &method, &input))
                    .await
                    .map_err(|e| ApiError::internal(e.to_string()))?
            }
            Backend::InProcess { dir, _lock } => {
                let keystore = dir.keystore()?;
                let identity = Identity {
                    info: keystore.info().clone(),
                    protected: keystore.is_protected(),
                    key: None,
                };
                let node = Node::open(
                    NodeConfig {
                        data_dir: Some(dir.root().to_owned()),
                        local_only: true,
                    },
                    identity,
                )
                .await?;
                if node.method_signs(method) == Some(true) {
                    let passphrase = secrets::passphrase_if_needed(&keystore)?;
                    node.unlock(keystore.unlock(passphrase.as_deref().map(|p| p.as_str()))?)?;
                }
                let result = node.call(&Caller::owner(), method, input).await;
                node.close().await;
                result
            }
        }
    }
}

fn call_daemon(
    info: &DaemonInfo,
    method: &str,
    input: &serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(CALL_TIMEOUT))
        .build()
        .into();
    let unreachable = |e: ureq::Error| {
        ApiError::new(
            ErrorCode::Unavailable,
            format!(
                "the daemon at {} does not answer ({e}); is it still running?",
                info.url
            ),
        )
    };
    let mut response = agent
        .post(format!("{}/api/{method}", info.url))
        .header("Authorization", format!("Bearer {}", info.token))
        .send_json(input)
        .map_err(unreachable)?;
    let status = response.status();
    let body: serde_json::Value = response.body_mut().read_json().map_err(unreachable)?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(serde_json::from_value(body.clone()).unwrap_or_else(|_| {
            ApiError::internal(format!("the daemon answered {status} with {body}"))
        }))
    }
}

/// `supernet serve`.
pub(crate) async fn serve(
    dir: &DataDir,
    local_only: bool,
    listen: SocketAddr,
) -> Result<(), ApiError> {
    let lock = dir.lock()?;
    let keystore = dir.keystore()?;
    let passphrase = secrets::passphrase_if_needed(&keystore)?;
    let key = keystore.unlock(passphrase.as_deref().map(|p| p.as_str()))?;
    drop(passphrase);
    let identity = Identity {
        info: keystore.info().clone(),
        protected: keystore.is_protected(),
        key: Some(key),
    };
    let options = supernet_node::daemon::DaemonOptions {
        data_dir: dir.clone(),
        local_only,
        listen,
    };
    supernet_node::daemon::run(
        options,
        identity,
        lock,
        output::serving,
        supernet_node::daemon::stop_signal(),
    )
    .await
}

/// `path` made absolute against the current directory (the daemon runs elsewhere).
pub(crate) fn absolute(path: &Path) -> Result<PathBuf, ApiError> {
    std::path::absolute(path).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("cannot resolve {}: {e}", path.display()),
        )
    })
}
