//! The running parts of installed apps: one worker per app with a script (started when
//! first needed, and at network start), its database, its incidents; and the delivery
//! task that hands every stored event of an app's kinds to its worker, in log order.
//!
//! ```text
//!  Store notices (events) ─┐
//!  install / resume ───────┼─▶ delivery task ─▶ per app: scan_kinds(cursor) ─▶ Worker::deliver
//!  every DELIVERY_RETRY ───┘                                  cursor saved per page
//! ```
//!
//! The delivery task holds the node weakly between rounds and ends with it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use supernet_core::{ApiError, ErrorCode, Event, EventView};
use supernet_script::{Limits, ScriptError, Worker, WorkerCommand, WorkerStatus};
use supernet_store::Notice;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use super::host::{AppDb, AppHost};
use super::{CURSOR_KEY, Incident, KEPT_INCIDENTS, Record, notify};
use crate::NodeInner;

/// Events read from the log per step of a delivery.
const DELIVERY_PAGE: u32 = 256;
/// How long a script that failed to start is left alone before the next try: a script
/// that throws at the top level fails the same way each time, and each try is a process
/// start and an incident.
const START_RETRY: Duration = Duration::from_secs(30);
/// How often every app is looked at even without a notice: catches up after a missed
/// notice (a lagging subscriber), a worker that restarted, or a suspension lifted.
const DELIVERY_RETRY: Duration = Duration::from_secs(10);

/// One app's running parts.
#[derive(Default)]
pub(crate) struct Runtime {
    /// Its worker, once started.
    slot: Mutex<Option<Arc<Worker>>>,
    /// Held while a worker starts, so it starts once.
    starting: tokio::sync::Mutex<()>,
    /// Its database, once opened.
    db: tokio::sync::OnceCell<Arc<AppDb>>,
    /// Problems seen on the node's side (a start that failed, an event it could not
    /// handle), newest last.
    incidents: Mutex<VecDeque<Incident>>,
    /// How many of the worker's incidents were announced, and the status last announced.
    announced: Mutex<(usize, String)>,
    /// The last failed start: of which bundle, when, and why.
    failed: Mutex<Option<(String, std::time::Instant, ApiError)>>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("running", &self.current().is_some())
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// The worker, if started.
    pub(crate) fn current(&self) -> Option<Arc<Worker>> {
        self.slot.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The app's database, if it was opened.
    pub(crate) fn opened_db(&self) -> Option<Arc<AppDb>> {
        self.db.get().cloned()
    }

    /// The app's database, opened on first use.
    pub(crate) async fn db(&self, node: &NodeInner, id: &str) -> Result<Arc<AppDb>, ApiError> {
        self.db
            .get_or_try_init(|| async {
                let dir = node
                    .config
                    .data_dir
                    .as_ref()
                    .map(|d| d.join("miniapps").join(id));
                AppDb::open(id, dir).await.map(Arc::new)
            })
            .await
            .cloned()
    }

    /// The app's worker, started when it is not running.
    pub(crate) async fn worker(
        &self,
        node: &Arc<NodeInner>,
        record: &Record,
    ) -> Result<Arc<Worker>, ApiError> {
        if let Some(worker) = self.current() {
            return Ok(worker);
        }
        let _starting = self.starting.lock().await;
        if let Some(worker) = self.current() {
            return Ok(worker);
        }
        let id = record.app.id.clone();
        // Removed or replaced meanwhile (an uninstall, an update): not this version's to start.
        if node.miniapps.get(&id).map(|r| r.hash) != Some(record.hash.clone()) {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("app {id} was removed or updated meanwhile; try again"),
            ));
        }
        if let Some((hash, at, error)) = &*self.failed.lock().unwrap_or_else(|p| p.into_inner())
            && *hash == record.hash
            && at.elapsed() < START_RETRY
        {
            return Err(error.clone());
        }
        let started = async {
            let script = super::bundle::read_file(node, record, record.app.script.as_deref())
                .await?
                .ok_or_else(|| {
                    ApiError::new(ErrorCode::NotFound, format!("app {id} has no script"))
                })?;
            let script = String::from_utf8(script).map_err(|_| {
                ApiError::new(
                    ErrorCode::ScriptFailed,
                    format!("app {id}'s script is not UTF-8 text"),
                )
            })?;
            let db = self.db(node, &id).await?;
            let host = Arc::new(AppHost::new(node, &id, db));
            let cmd = WorkerCommand::from_env().map_err(|e| {
                ApiError::internal(format!("cannot find the script worker program: {e}"))
            })?;
            Worker::start(cmd, &id, &script, Limits::default(), host)
                .await
                .map_err(ApiError::from)
        }
        .await;
        match started {
            Ok(worker) => {
                let worker = Arc::new(worker);
                *self.slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(worker.clone());
                tracing::info!(app = %id, methods = ?worker.methods(), kinds = ?worker.kinds(), "mini-app worker started");
                notify(node, &id, "status", None);
                Ok(worker)
            }
            Err(e) => {
                self.incident(
                    node,
                    &id,
                    format!("its script did not start: {}", e.message),
                );
                *self.failed.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((record.hash.clone(), std::time::Instant::now(), e.clone()));
                Err(e)
            }
        }
    }

    /// Stops the worker (an update or an uninstall); the next use starts a new one.
    pub(crate) async fn stop(&self) {
        *self.failed.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let worker = self.slot.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(worker) = worker {
            match Arc::try_unwrap(worker) {
                Ok(worker) => worker.close().await,
                // A call still holds it: it ends when that call does.
                Err(worker) => drop(worker),
            }
        }
    }

    /// Records a problem on the node's side and announces it.
    pub(crate) fn incident(&self, node: &NodeInner, id: &str, what: String) {
        tracing::warn!(app = %id, "mini-app incident: {what}");
        {
            let mut incidents = self.incidents.lock().unwrap_or_else(|p| p.into_inner());
            if incidents.len() >= KEPT_INCIDENTS {
                incidents.pop_front();
            }
            incidents.push_back(Incident {
                at: crate::now(),
                what: what.clone(),
            });
        }
        notify(node, id, "incident", Some(what));
    }

    /// After the worker was used: announces incidents it recorded and a change of status.
    pub(crate) fn after_use(&self, node: &NodeInner, id: &str, worker: &Worker) {
        let incidents = worker.incidents();
        let status = status_name(&worker.status()).to_owned();
        let (new, changed) = {
            let mut announced = self.announced.lock().unwrap_or_else(|p| p.into_inner());
            // The worker keeps a bounded list: when it is full, compare by the newest.
            let seen = announced.0.min(incidents.len());
            let new: Vec<String> = if incidents.len() > announced.0 {
                incidents[seen..].iter().map(|i| i.what.clone()).collect()
            } else {
                vec![]
            };
            announced.0 = incidents.len();
            let changed = announced.1 != status;
            announced.1 = status.clone();
            (new, changed)
        };
        for what in new {
            tracing::warn!(app = %id, "mini-app incident: {what}");
            notify(node, id, "incident", Some(what));
        }
        if changed {
            notify(node, id, "status", Some(status));
        }
    }

    /// Every incident, the worker's and the node's, oldest first.
    pub(crate) fn incidents(&self) -> Vec<Incident> {
        let mut all: Vec<Incident> = self
            .incidents
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .cloned()
            .collect();
        if let Some(worker) = self.current() {
            all.extend(worker.incidents().into_iter().map(|i| Incident {
                at: i.at_ms,
                what: i.what,
            }));
        }
        all.sort_by_key(|i| i.at);
        let excess = all.len().saturating_sub(KEPT_INCIDENTS);
        all.drain(..excess);
        all
    }

    /// `running`, `stopped` or `suspended`.
    pub(crate) fn status(&self) -> &'static str {
        match self.current() {
            Some(worker) => status_name(&worker.status()),
            None => "stopped",
        }
    }
}

fn status_name(status: &WorkerStatus) -> &'static str {
    match status {
        WorkerStatus::Running => "running",
        WorkerStatus::Suspended { .. } => "suspended",
        _ => "stopped",
    }
}

/// An event as an app's worker sees it: the API's view, plus its body parsed (`data`).
pub(crate) fn event_json(event: &Event) -> serde_json::Value {
    let mut value = serde_json::to_value(EventView::from(event)).unwrap_or_default();
    if let (Some(object), Ok(data)) = (
        value.as_object_mut(),
        serde_json::from_slice::<serde_json::Value>(event.body()),
    ) {
        object.insert("data".into(), data);
    }
    value
}

/// Whether app `record` may receive events of `kind`: its own always; others when it was
/// granted `events.read` or that app's `<app>.read`.
fn may_read(record: &Record, kind: &str) -> bool {
    if kind.starts_with(&format!("app.{}.", record.app.id)) {
        return true;
    }
    let app = kind.split('.').next().unwrap_or_default();
    !kind.starts_with("app.")
        && (record.granted.contains("events.read")
            || record.granted.contains(&format!("{app}.read")))
}

/// Starts the delivery task (at network start): workers of installed apps with a script
/// start in its first round.
pub(crate) fn start(node: &Arc<NodeInner>) {
    let notices = node.store.subscribe();
    let wake = node.miniapps.wake.clone();
    tokio::spawn(run(Arc::downgrade(node), notices, wake));
}

async fn run(
    node: Weak<NodeInner>,
    mut notices: tokio::sync::broadcast::Receiver<Arc<Notice>>,
    wake: Arc<tokio::sync::Notify>,
) {
    let mut retry = tokio::time::interval(DELIVERY_RETRY);
    retry.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let woken = {
            tokio::select! {
                _ = retry.tick() => true,
                _ = wake.notified() => true,
                notice = notices.recv() => match notice {
                    Ok(notice) => matches!(notice.as_ref(), Notice::Events { .. }),
                    Err(RecvError::Lagged(_)) => true,
                    Err(RecvError::Closed) => return,
                },
            }
        };
        loop {
            match notices.try_recv() {
                Ok(_) | Err(TryRecvError::Lagged(_)) => {}
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Closed) => return,
            }
        }
        if !woken {
            continue;
        }
        let Some(node) = node.upgrade() else { return };
        for record in node.miniapps.all() {
            if record.app.script.is_some() {
                deliver(&node, &record).await;
            }
        }
    }
}

/// Hands app `record`'s worker the events of its kinds stored since its cursor.
async fn deliver(node: &Arc<NodeInner>, record: &Record) {
    let id = &record.app.id;
    let runtime = node.miniapps.runtime(id);
    if runtime.status() == "suspended" {
        return;
    }
    let Ok(worker) = runtime.worker(node, record).await else {
        return;
    };
    let kinds: Vec<String> = worker
        .kinds()
        .into_iter()
        .filter(|k| may_read(record, k))
        .collect();
    if kinds.is_empty() {
        return;
    }
    let key = format!("{CURSOR_KEY}{id}");
    let mut cursor: i64 = match node.store.local(&key).await {
        Ok(Some(bytes)) => String::from_utf8_lossy(&bytes).parse().unwrap_or(0),
        Ok(None) => 0,
        Err(e) => {
            tracing::warn!(app = %id, "cannot read the delivery cursor: {e}");
            return;
        }
    };
    let start = cursor;
    'pages: loop {
        let page = match node.store.scan_kinds(cursor, DELIVERY_PAGE, &kinds).await {
            Ok(page) => page,
            Err(e) => {
                tracing::warn!(app = %id, "cannot read events to deliver: {e}");
                break;
            }
        };
        let Some(last) = page.last().map(|s| s.pos) else {
            break;
        };
        for stored in page {
            match worker.deliver(event_json(&stored.event)).await {
                Ok(()) => {}
                // Left for after the resume.
                Err(ScriptError::Suspended(_)) => break 'pages,
                // The worker recorded the breach itself.
                Err(e) if e.is_breach() => {}
                Err(e) => runtime.incident(
                    node,
                    id,
                    format!(
                        "handling event {} ({}) failed: {e}",
                        stored.event.id(),
                        stored.event.kind()
                    ),
                ),
            }
            cursor = stored.pos;
        }
        if cursor != last {
            break;
        }
        if let Err(e) = node
            .store
            .set_local(&key, Some(cursor.to_string().as_bytes()))
            .await
        {
            tracing::warn!(app = %id, "cannot save the delivery cursor: {e}");
            break;
        }
    }
    if cursor != start
        && let Err(e) = node
            .store
            .set_local(&key, Some(cursor.to_string().as_bytes()))
            .await
    {
        tracing::warn!(app = %id, "cannot save the delivery cursor: {e}");
    }
    runtime.after_use(node, id, &worker);
}
