//! `supernet share` and `supernet get`: file transfers from the command line, with a
//! progress bar drawn from the node's transfer status while the call runs.
//!
//! With a daemon running they go through it (and the daemon keeps sharing). Without one,
//! a node opens here with its network: `get` ends when the download does, `share` keeps
//! serving until Ctrl-C.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use supernet_core::ApiError;
use supernet_node::datadir::{DataDir, DirLock};
use supernet_node::network::NetworkConfig;
use supernet_node::{Caller, Node, NodeConfig};

use crate::backend::{self, Backend};
use crate::output;

/// How often the progress bar is redrawn from `blobs.status`.
const POLL_EVERY: Duration = Duration::from_millis(200);

/// Where the calls go.
pub(crate) enum Target {
    Daemon(Backend),
    /// A node opened here; the lock keeps a daemon from starting meanwhile.
    Here(Node, DirLock),
}

impl Target {
    /// The daemon of `dir` when one runs, otherwise a node opened here with its network.
    pub(crate) async fn open(dir: &DataDir, local_only: bool) -> Result<Self, ApiError> {
        Ok(match Backend::connect_any(dir).await? {
            daemon @ Backend::Daemon(_) => Target::Daemon(daemon),
            Backend::InProcess { dir, _lock: lock } => {
                let node = Node::open(NodeConfig {
                    data_dir: Some(dir.root().to_owned()),
                    local_only,
                })
                .await?;
                node.start_network(NetworkConfig {
                    local_only,
                    ..NetworkConfig::local()
                })
                .await?;
                Target::Here(node, lock)
            }
        })
    }

    /// Whether the calls go to a running daemon.
    pub(crate) fn is_daemon(&self) -> bool {
        matches!(self, Target::Daemon(_))
    }

    /// Calls `method` with `input`.
    pub(crate) async fn call(&self, method: &str, input: Value) -> Result<Value, ApiError> {
        match self {
            Target::Daemon(Backend::Daemon(info)) => {
                backend::daemon_call(info.clone(), method, input).await
            }
            Target::Daemon(Backend::InProcess { .. }) => Err(ApiError::internal(
                "a transfer target is a daemon or a node opened here",
            )),
            Target::Here(node, _) => node.call(&Caller::owner(), method, input).await,
        }
    }
}

/// Runs `method` (`blobs.share` or `blobs.get`) with a progress bar; when no daemon runs
/// and `serve_after` is set, keeps the node serving afterwards until Ctrl-C.
pub(crate) async fn run(
    dir: &DataDir,
    local_only: bool,
    method: &str,
    input: Value,
    serve_after: bool,
    report: impl FnOnce(&Value),
) -> Result<(), ApiError> {
    let target = Target::open(dir, local_only).await?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:20!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let started = supernet_node::now();
    let result = {
        let call = target.call(method, input);
        tokio::pin!(call);
        loop {
            tokio::select! {
                result = &mut call => break result,
                _ = tokio::time::sleep(POLL_EVERY) => {
                    if let Ok(status) = target.call("blobs.status", Value::Null).await {
                        draw(&bar, &status, started);
                    }
                }
            }
        }
    };
    bar.finish_and_clear();
    if let Ok(output) = &result {
        report(output);
    }
    if let Target::Here(node, _lock) = target {
        if serve_after && result.is_ok() {
            output::line(
                "serving it from here until Ctrl-C (run `supernet serve` to keep sharing in the background)",
            );
            supernet_node::daemon::stop_signal().await;
        }
        node.close().await;
    }
    result.map(drop)
}

/// Shows the running transfers that started with this command, summed.
fn draw(bar: &ProgressBar, status: &Value, since: u64) {
    let Some(transfers) = status["transfers"].as_array() else {
        return;
    };
    let mine: Vec<&Value> = transfers
        .iter()
        .filter(|t| t["started_at"].as_u64().unwrap_or(0) + 1000 >= since)
        .collect();
    let running: Vec<&&Value> = mine.iter().filter(|t| t["done"] == false).collect();
    let Some(current) = running.first() else {
        return;
    };
    let total: u64 = running.iter().filter_map(|t| t["size"].as_u64()).sum();
    let done: u64 = running.iter().filter_map(|t| t["bytes"].as_u64()).sum();
    let verb = match current["direction"].as_str() {
        Some("add") => "adding",
        _ => "downloading",
    };
    let name = current["name"].as_str().unwrap_or("file");
    bar.set_message(format!("{verb} {name}"));
    if total > 0 {
        bar.set_length(total);
    }
    bar.set_position(done);
}
