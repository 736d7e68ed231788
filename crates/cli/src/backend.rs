//! Where a command's API call goes: to the daemon serving the data directory, or to a node
//! opened in this process for the one command.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use supernet_core::{ApiError, ErrorCode};
use supernet_node::datadir::{DaemonInfo, DataDir, DirLock};
use supernet_node::{Caller, IdentityStateName, Node, NodeConfig};

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
    /// The daemon of `dir` if one runs, else the data directory itself — which must hold
    /// an account (see [`Backend::connect_any`]).
    pub(crate) async fn connect(dir: &DataDir) -> Result<Self, ApiError> {
        let backend = Self::connect_any(dir).await?;
        if let Backend::InProcess { dir, .. } = &backend {
            dir.keystore()?;
        }
        Ok(backend)
    }

    /// The daemon of `dir` if one runs, else the data directory itself, with or without an
    /// account (for `init`).
    pub(crate) async fn connect_any(dir: &DataDir) -> Result<Self, ApiError> {
        let deadline = std::time::Instant::now() + BUSY_WAIT;
        loop {
            match dir.lock() {
                Ok(lock) => {
                    // Nobody holds the directory: any daemon record is left from a crash.
                    dir.remove_daemon_info();
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
                let node = Node::open(NodeConfig {
                    data_dir: Some(dir.root().to_owned()),
                    local_only: true,
                })
                .await?;
                let result = call_in_process(&node, &dir, method, input).await;
                node.close().await;
                result
            }
        }
    }
}

/// Calls `method` on a node opened here, unlocking its key first when the method signs.
async fn call_in_process(
    node: &Node,
    dir: &DataDir,
    method: &str,
    input: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    if node.method_signs(method) == Some(true) && node.identity().state == IdentityStateName::Locked
    {
        let keystore = dir.keystore()?;
        if let Some(passphrase) = secrets::passphrase_if_needed(&keystore)? {
            let unlock = serde_json::json!({ "passphrase": passphrase.as_str() });
            node.call(&Caller::owner(), "identity.unlock", unlock)
                .await?;
        }
    }
    node.call(&Caller::owner(), method, input).await
}

/// Calls `method` on the daemon, off the async runtime.
pub(crate) async fn daemon_call(
    info: DaemonInfo,
    method: &str,
    input: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let method = method.to_owned();
    tokio::task::spawn_blocking(move || call_daemon(&info, &method, &input))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
}

fn call_daemon(
    info: &DaemonInfo,
    method: &str,
    input: &serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    post_daemon(info, &format!("/api/{method}"), input)
}

/// A new one-time web UI link from the daemon serving `dir`.
pub(crate) async fn login_link(dir: &DataDir) -> Result<String, ApiError> {
    match Backend::connect_any(dir).await? {
        Backend::Daemon(info) => {
            let answer = tokio::task::spawn_blocking(move || {
                post_daemon(&info, "/auth/link", &serde_json::Value::Null)
            })
            .await
            .map_err(|e| ApiError::internal(e.to_string()))??;
            Ok(answer["url"].as_str().unwrap_or_default().to_owned())
        }
        Backend::InProcess { .. } => Err(ApiError::new(
            ErrorCode::Unavailable,
            format!(
                "no node is serving {}: start one with `supernet serve`",
                dir.root().display()
            ),
        )),
    }
}

/// POSTs `input` to the daemon at `path` with the bearer token.
fn post_daemon(
    info: &DaemonInfo,
    path: &str,
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
        .post(format!("{}{path}", info.url))
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
    network: Option<supernet_node::network::NetworkConfig>,
) -> Result<(), ApiError> {
    let lock = dir.lock()?;
    let passphrase = match dir.keystore() {
        Ok(keystore) if keystore.is_protected() => match secrets::passphrase_if_needed(&keystore) {
            Ok(p) => p,
            Err(e) if e.code == ErrorCode::PassphraseRequired => {
                output::warn(
                    "note: the key stays locked until you unlock it (web UI, or `supernet call identity.unlock`)",
                );
                None
            }
            Err(e) => return Err(e),
        },
        Ok(_) => None,
        Err(e) if e.code == ErrorCode::KeystoreMissing => {
            output::warn(
                "note: this node has no account yet: create one in the web UI, or with `supernet init`",
            );
            None
        }
        Err(e) => return Err(e),
    };
    let options = supernet_node::daemon::DaemonOptions {
        data_dir: dir.clone(),
        local_only,
        listen,
        network,
    };
    supernet_node::daemon::run(
        options,
        lock,
        passphrase,
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
