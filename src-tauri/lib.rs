//! The Supernet desktop app: a thin Tauri shell around the node, which runs in-process as
//! the same daemon `supernet serve` runs (so the CLI and a browser reach it too).
//!
//! ```text
//!  window (frontend) ──invoke("call", {method, input})──▶ Node::call ──▶ the one API
//!  window ◀──event "notice"── node change notices
//!  <img>/<video> src="snblob://localhost/<hash>?…" ──▶ Node::read_blob (range requests)
//!  POST snblob://localhost/upload?name=&mime= ──▶ Node::upload_blob
//! ```
//!
//! The shell has no logic of its own: it translates IPC to API calls and notices to events.
//! If the node cannot start (its data directory is in use, a database is damaged), every
//! call answers with that error, so the window can say what happened.

use std::sync::Mutex;

use serde_json::Value;
use supernet_node::blob_http::{BlobQuery, BlobReply};
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

/// Where the window's video and audio players fetch files: the node's loopback gateway
/// with a media-only key, because WebKitGTK plays media from http(s) only, not from the
/// `snblob:` scheme (images and uploads use that).
#[tauri::command]
fn media(shell: tauri::State<'_, Shell>) -> Result<Value, ApiError> {
    let daemon = shell.daemon.lock().unwrap_or_else(|p| p.into_inner());
    match daemon.as_ref() {
        Some(d) => {
            let (base, key) = d.media_access();
            Ok(serde_json::json!({ "base": base, "key": key }))
        }
        None => Err(match &shell.node {
            Err(e) => e.clone(),
            Ok(_) => ApiError::new(ErrorCode::Unavailable, "the node is not serving"),
        }),
    }
}

fn truthy(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false" | "no" | "off"))
}

/// Longest file sent whole to a request without a range (images, small files); the
/// reader asks for ranges of anything bigger.
const MAX_WHOLE: u64 = 64 * 1024 * 1024;

type BlobResponse = tauri::http::Response<Vec<u8>>;

fn to_response(reply: BlobReply) -> BlobResponse {
    let mut builder = tauri::http::Response::builder().status(reply.status);
    for (name, value) in reply.headers {
        builder = builder.header(name, value);
    }
    builder.body(reply.body).unwrap_or_default()
}

/// Answers a `snblob:` request — a file (or a range of it), or an upload — through the
/// node, which decides everything about the answer (see `supernet_node::blob_http`).
async fn blob_request(node: Node, request: tauri::http::Request<Vec<u8>>) -> BlobResponse {
    let uri = request.uri().clone();
    let path = uri.path().trim_start_matches('/').to_owned();
    let query = match BlobQuery::parse(uri.query()) {
        Ok(q) => q,
        Err(e) => return to_response(BlobReply::error(&e)),
    };
    if request.method() == tauri::http::Method::POST && path == "upload" {
        let body = request.into_body();
        let size = body.len() as u64;
        let data = futures_util::stream::iter([Ok(bytes::Bytes::from(body))]);
        return match node
            .upload_blob(data, Some(size), query.name, query.mime)
            .await
        {
            Ok(out) => to_response(BlobReply {
                status: 200,
                headers: vec![("content-type", "application/json".into())],
                body: serde_json::to_vec(&out).unwrap_or_default(),
                size,
            }),
            Err(e) => to_response(BlobReply::error(&e)),
        };
    }
    let range = request.headers().get("range").and_then(|v| v.to_str().ok());
    match node.blob_reply(&path, &query, range, MAX_WHOLE).await {
        Ok(reply) => to_response(reply),
        Err(e) => to_response(BlobReply::error(&e)),
    }
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
        .register_asynchronous_uri_scheme_protocol("snblob", |ctx, request, responder| {
            let node = ctx.app_handle().state::<Shell>().node.clone();
            tauri::async_runtime::spawn(async move {
                let response = match node {
                    Ok(node) => blob_request(node, request).await,
                    Err(e) => to_response(BlobReply::error(&e)),
                };
                responder.respond(response);
            });
        })
        .invoke_handler(tauri::generate_handler![call, media])
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
