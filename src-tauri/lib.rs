//! The Supernet desktop app: a thin Tauri shell around the node, which runs in-process as
//! the same daemon `supernet serve` runs (so the CLI and a browser reach it too).
//!
//! ```text
//!  window (frontend) ──invoke("call", {method, input})──▶ Node::call ──▶ the one API
//!  window ◀──event "notice"── node change notices
//! ```
//!
//! The shell has no logic of its own: it translates IPC to API calls and notices to events.
//! If the node cannot start (its data directory is in use, a database is damaged), every
//! call answers with that error, so the window can say what happened.

use std::sync::Mutex;

use serde_json::Value;
use supernet_node::core::{ApiError, ErrorCode};
use supernet_node::daemon::{self, Daemon, DaemonOptions};
use supernet_node::datadir::DataDir;
use supernet_node::{Caller, Node};
use tauri::{Emitter, Manager, RunEvent};

/// The node behind the window, or why it is not there.
struct Shell {
    node: Result<Node, ApiError>,
    daemon: Mutex<Option<Daemon>>,
}

/// Calls an API method; the window's only way into the node.
#[tauri::command]
async fn call(
    shell: tauri::State<'_, Shell>,
    method: String,
    input: Value,
) -> Result<Value, ApiError> {
    match &shell.node {
        Ok(node) => node.call(&Caller::owner(), &method, input).await,
        Err(e) => Err(e.clone()),
    }
}

fn truthy(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false" | "no" | "off"))
}

/// Starts the node's daemon on this data directory.
async fn start_daemon() -> Result<Daemon, ApiError> {
    let dir = match std::env::var_os("SUPERNET_DATA_DIR") {
        Some(dir) => DataDir::new(dir),
        None => DataDir::platform_default().ok_or_else(|| {
            ApiError::invalid_input("this system has no data directory; set SUPERNET_DATA_DIR")
        })?,
    };
    let lock = dir.lock()?;
    let local_only = truthy("SUPERNET_LOCAL_ONLY");
    let options = DaemonOptions {
        data_dir: dir,
        local_only,
        listen: ([127, 0, 0, 1], 0).into(),
        network: Some(supernet_node::network::NetworkConfig {
            local_only,
            ..supernet_node::network::NetworkConfig::local()
        }),
    };
    daemon::start(options, lock, None).await
}

/// Forwards the node's change notices to the window as `notice` events.
fn forward_notices(app: tauri::AppHandle, node: &Node) {
    let mut notices = node.subscribe();
    tauri::async_runtime::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            let sent = match notices.recv().await {
                Ok(notice) => app.emit("notice", notice.as_ref()),
                Err(RecvError::Lagged(_)) => {
                    app.emit("notice", serde_json::json!({ "type": "resync" }))
                }
                Err(RecvError::Closed) => return,
            };
            if let Err(e) = sent {
                tracing::warn!("a notice could not reach the window: {e}");
            }
        }
    });
}

/// Sets process-wide options the web view reads when it starts. Call first thing in
/// `main`, while the process has one thread.
///
/// On Linux, WebKitGTK's accelerated compositing is turned off (unless the user set
/// `WEBKIT_DISABLE_COMPOSITING_MODE` themselves): for a page like Supernet's it buys
/// nothing visible, while it more than doubles the web process's memory (measured:
/// ~237 MB → ~121 MB proportional set size) and is the usual cause of blank windows on
/// some GPU drivers.
pub fn prepare_environment() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // SAFETY: called at the start of `main`, before any other thread exists, so no
        // one reads the environment concurrently.
        #[allow(unsafe_code)]
        unsafe {
            std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        }
    }
}

/// Runs the desktop app (the entry point on desktop and mobile).
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SUPERNET_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .try_init();

    let app = tauri::Builder::default()
        .setup(|app| {
            let started = tauri::async_runtime::block_on(start_daemon());
            let shell = match started {
                Ok(daemon) => {
                    let node = daemon.node().clone();
                    forward_notices(app.handle().clone(), &node);
                    tracing::info!(url = %daemon.info().url, "node started");
                    Shell { node: Ok(node), daemon: Mutex::new(Some(daemon)) }
                }
                Err(e) => {
                    tracing::error!("the node could not start: {e}");
                    let e = if e.code == ErrorCode::DaemonRunning {
                        ApiError::new(e.code, format!("{} (Supernet is already running for this data directory: close it, or stop `supernet serve`)", e.message))
                    } else {
                        e
                    };
                    Shell { node: Err(e), daemon: Mutex::new(None) }
                }
            };
            app.manage(shell);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![call])
        .build(tauri::generate_context!())
        .expect("the Supernet window could not be created");

    app.run(|app, event| {
        if let RunEvent::Exit = event {
            let daemon = app
                .state::<Shell>()
                .daemon
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take();
            if let Some(Err(e)) = daemon.map(|d| tauri::async_runtime::block_on(d.shutdown())) {
                tracing::warn!("the node did not stop cleanly: {e}");
            }
        }
    });
}
