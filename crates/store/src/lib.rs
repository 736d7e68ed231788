//! Supernet's evented store: SQLite (through sqlx, in WAL mode) holding the event log — the
//! source of truth — and, in a separate database per application namespace, the evented
//! tables (projections) applications derive from it.
//!
//! ```text
//!   node ──ingest(verified events)──▶ Store ──INSERT OR IGNORE──▶ node.sqlite (events)
//!                                       │
//!                                       ├──apply(new events)──▶ apps/<namespace>.sqlite
//!                                       │                        (projections + cursors)
//!                                       └──Notice (bounded broadcast)──▶ UI, gateway, apps
//! ```
//!
//! Every projection keeps a cursor (the position in the event log it has applied up to) in
//! its own database, written in the same transaction as its rows, so a crash between the
//! event commit and a projection commit is healed at the next ingest or open by catching
//! up from the log. A projection whose version changes is dropped and rebuilt from events.

pub mod bulk;
mod db;
mod events;
mod projection;
mod raw;
pub mod sandbox;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use supernet_core::{ApiError, ErrorCode};
use tokio::sync::broadcast;

pub use db::Location;
pub use events::{Cursor, EventQuery, Gone, IngestReport, MAX_PAGE, Page, Stored, Tombstone};
pub use projection::{BoxError, Projection};

use db::Db;

/// How many change notices a slow subscriber may fall behind before it is told it lagged
/// (and should re-read). 1,024 notices cover several seconds of a busy sync.
pub const NOTICE_CAPACITY: usize = 1024;

/// Events listed one by one in a notice: a live view needs the few new ones; after a bulk
/// ingest of thousands, a subscriber re-reads instead.
pub const NOTICE_LISTED: usize = 256;

/// What changed, published after each commit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Notice {
    /// New events were stored (and every projection has applied them).
    Events {
        /// How many.
        count: usize,
        /// The first [`NOTICE_LISTED`] of them, in log order; re-read for the rest.
        events: Vec<NoticeEvent>,
    },
    /// Events were removed (expired, or deleted on request).
    Removed {
        /// Their ids.
        ids: Vec<supernet_core::EventId>,
    },
    /// A sync with a peer made progress or ended.
    Sync {
        /// The peer.
        peer: String,
        /// Events received so far in this sync.
        fetched: usize,
        /// Whether the sync has ended.
        done: bool,
        /// Why it failed, if it did.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// A file transfer (an import, a download) made progress or ended.
    Transfer(Transfer),
    /// The books changed on another device of the account and those changes are now
    /// here: the Balance sheet re-reads them.
    Books {
        /// How many changes were applied.
        changes: usize,
    },
    /// A mini-app was installed, updated, removed, or changed status (an incident, a
    /// suspension, a grant): the Apps tab re-reads `apps.list`.
    Apps {
        /// The app's id.
        app: String,
        /// What happened: `installed`, `updated`, `uninstalled`, `granted`, `status` or
        /// `incident`.
        change: String,
        /// A sentence for people, when there is one (what the incident was).
        #[serde(skip_serializing_if = "Option::is_none")]
        detail: Option<String>,
    },
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Where a file transfer stands, in a [`Notice`] and in `blobs.status`.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Transfer {
    /// The blob's hash.
    pub hash: String,
    /// `add` (a file going into the store) or `download`.
    pub direction: String,
    /// The file's name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Bytes done so far (including any already here when it began).
    pub bytes: u64,
    /// Bytes already here when it began: a resumed download asks only for the rest.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub resumed: u64,
    /// Total bytes, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Recent rate, bytes per second.
    pub rate: u64,
    /// Nodes asked for it (endpoint ids), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub providers: Vec<String>,
    /// Nodes dropped: unreachable, without the data, or sending data that failed
    /// verification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
    /// When it started (ms since the epoch).
    pub started_at: u64,
    /// Whether it has ended.
    pub done: bool,
    /// Why it failed, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One stored event, in a [`Notice`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NoticeEvent {
    /// The event id.
    pub id: supernet_core::EventId,
    /// Its kind.
    pub kind: String,
    /// Its author.
    pub author: supernet_core::AccountId,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file is damaged, or not a SQLite database.
    #[error(
        "the database {place} is damaged or is not a database ({detail}); restore it from an export, or move it aside to start afresh"
    )]
    Corrupt {
        /// Which database.
        place: String,
        /// What SQLite said.
        detail: String,
    },
    /// The file is a SQLite database of another program, or of a newer Supernet.
    #[error("the database {place} does not belong to this Supernet: {detail}")]
    Foreign {
        /// Which database.
        place: String,
        /// Why.
        detail: String,
    },
    /// A filesystem error.
    #[error("cannot read or write {place}: {source}")]
    Io {
        /// Which file.
        place: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Any other SQLite error.
    #[error("database error in {place}: {source}")]
    Sqlite {
        /// Which database.
        place: String,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// An error from SQLite on the bulk write path.
    #[error("database error in {place}: {message} (SQLite code {code})")]
    Raw {
        /// Which database.
        place: String,
        /// SQLite's extended result code.
        code: i32,
        /// SQLite's message.
        message: String,
    },
    /// A projection failed to apply events.
    #[error("the {namespace}.{projection} table could not apply new events: {source}")]
    Projection {
        /// The application namespace.
        namespace: String,
        /// The projection's name.
        projection: String,
        /// What it reported.
        source: BoxError,
    },
    /// No database is registered for this namespace.
    #[error("no application namespace {0:?} is registered with the store")]
    UnknownNamespace(String),
    /// A malformed cursor or query.
    #[error("{0}")]
    InvalidQuery(String),
}

impl StoreError {
    /// Classifies a driver error: SQLite's CORRUPT (11) and NOTADB (26) become `Corrupt`.
    pub(crate) fn sqlite(place: &str, e: sqlx::Error) -> Self {
        let code = match &e {
            sqlx::Error::Database(db) => db.code().and_then(|c| c.parse::<i32>().ok()),
            _ => None,
        };
        match code.map(|c| c & 0xff) {
            Some(11) | Some(26) => StoreError::Corrupt {
                place: place.to_owned(),
                detail: e.to_string(),
            },
            _ => StoreError::Sqlite {
                place: place.to_owned(),
                source: e,
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::Corrupt { .. } => ErrorCode::StoreCorrupt,
            StoreError::Foreign { .. } => ErrorCode::ForeignDatabase,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::InvalidQuery(_) => ErrorCode::InvalidInput,
            _ => ErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

/// An application namespace's database and the projections living in it.
#[derive(Debug)]
struct AppDb {
    db: Db,
    projections: Vec<Arc<dyn Projection>>,
}

/// What to open: where the databases live and which projections each namespace has.
#[derive(Debug, Default)]
pub struct StoreConfig {
    dir: Option<PathBuf>,
    namespaces: BTreeMap<String, Vec<Arc<dyn Projection>>>,
}

impl StoreConfig {
    /// Databases in `dir`: `dir/node.sqlite` for events, `dir/apps/<namespace>.sqlite` for
    /// each application namespace.
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: Some(dir.into()),
            namespaces: BTreeMap::new(),
        }
    }

    /// Every database in memory: for tests and ephemeral nodes.
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// Registers an application namespace with its projections (possibly none, for an app
    /// that only wants a private database).
    pub fn namespace(mut self, name: &str, projections: Vec<Arc<dyn Projection>>) -> Self {
        self.namespaces.insert(name.to_owned(), projections);
        self
    }

    fn location(&self, file: &str) -> Location {
        match &self.dir {
            Some(dir) => Location::File(dir.join(file)),
            None => Location::Memory,
        }
    }
}

/// The store: cheap to clone, shared by everything in a node.
#[derive(Debug, Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    events: Db,
    apps: BTreeMap<String, AppDb>,
    notices: broadcast::Sender<Arc<Notice>>,
}

impl Store {
    /// Opens (creating where missing) every database of `config`, and brings every
    /// projection up to date with the event log, rebuilding those whose version changed.
    pub async fn open(config: StoreConfig) -> Result<Self, StoreError> {
        if let Some(dir) = &config.dir {
            let apps_dir = dir.join("apps");
            std::fs::create_dir_all(&apps_dir).map_err(|e| StoreError::Io {
                place: apps_dir.display().to_string(),
                source: e,
            })?;
        }
        let events = Db::open(config.location("node.sqlite"), events::MIGRATIONS).await?;
        let mut apps = BTreeMap::new();
        for (name, projections) in &config.namespaces {
            if !valid_namespace(name) {
                return Err(StoreError::InvalidQuery(format!(
                    "{name:?} is not a valid application namespace"
                )));
            }
            let db = Db::open(
                config.location(&format!("apps/{name}.sqlite")),
                projection::MIGRATIONS,
            )
            .await?;
            apps.insert(
                name.clone(),
                AppDb {
                    db,
                    projections: projections.clone(),
                },
            );
        }
        let (notices, _) = broadcast::channel(NOTICE_CAPACITY);
        let store = Self {
            inner: Arc::new(Inner {
                events,
                apps,
                notices,
            }),
        };
        for (name, app) in &store.inner.apps {
            for p in &app.projections {
                projection::prepare(&store.inner.events, name, &app.db, p.as_ref()).await?;
            }
        }
        Ok(store)
    }

    /// Subscribes to change notices. A subscriber that falls more than
    /// [`NOTICE_CAPACITY`] notices behind receives `Lagged` and should re-read.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Notice>> {
        self.inner.notices.subscribe()
    }

    /// Stores verified events: idempotent (an event already stored is skipped) and atomic
    /// per call. Projections apply the new events before this returns, then a notice goes
    /// out. Cancel-safe up to the commit; after it, the events are stored and projections
    /// catch up at the next call.
    pub async fn ingest(
        &self,
        batch: Vec<supernet_core::VerifiedEvent>,
    ) -> Result<IngestReport, StoreError> {
        let (report, new) = events::insert(&self.inner.events, batch).await?;
        self.after_insert(&new.stored).await?;
        self.after_remove(&new.gone).await?;
        Ok(report)
    }

    /// Stores verified events in one transaction: all of them or, on any error, none.
    /// `batches` delivers groups of events; the first error it delivers aborts everything.
    /// Holds the writer until `batches` closes.
    pub async fn ingest_all<E>(
        &self,
        batches: tokio::sync::mpsc::Receiver<Result<Vec<supernet_core::VerifiedEvent>, E>>,
    ) -> Result<Result<IngestReport, E>, StoreError> {
        let outcome = events::insert_all(&self.inner.events, batches).await?;
        match outcome {
            Ok((report, new)) => {
                self.after_insert(&new.stored).await?;
                self.after_remove(&new.gone).await?;
                Ok(Ok(report))
            }
            Err(e) => Ok(Err(e)),
        }
    }

    async fn after_insert(&self, new: &[Stored]) -> Result<(), StoreError> {
        if new.is_empty() {
            return Ok(());
        }
        for (name, app) in &self.inner.apps {
            for p in &app.projections {
                projection::apply_new(&self.inner.events, name, &app.db, p.as_ref(), new).await?;
            }
        }
        if self.inner.notices.receiver_count() > 0 {
            let events = new
                .iter()
                .take(NOTICE_LISTED)
                .map(|s| NoticeEvent {
                    id: s.event.id(),
                    kind: s.event.kind().to_owned(),
                    author: s.event.author(),
                })
                .collect();
            let notice = Notice::Events {
                count: new.len(),
                events,
            };
            // Subscribers may go away meanwhile: not an error.
            let _ = self.inner.notices.send(Arc::new(notice));
        }
        Ok(())
    }

    /// The event with this id, if stored.
    pub async fn get(
        &self,
        id: &supernet_core::EventId,
    ) -> Result<Option<supernet_core::Event>, StoreError> {
        events::get(&self.inner.events, id).await
    }

    /// A page of events matching `query`, newest first.
    pub async fn query(&self, query: &EventQuery) -> Result<Page, StoreError> {
        events::query(&self.inner.events, query).await
    }

    /// The wire bytes of those of `ids` that are stored, in no particular order.
    pub async fn wires(&self, ids: &[supernet_core::EventId]) -> Result<Vec<Vec<u8>>, StoreError> {
        events::wires(&self.inner.events, ids).await
    }

    /// `(created_at, id)` of the events of `kinds` (all, when empty) created between `from`
    /// and `to` inclusive that are by `authors` or name one of `named` (all events, when
    /// both are empty), unsorted: what set reconciliation compares.
    pub async fn keys(
        &self,
        authors: &[supernet_core::AccountId],
        named: &[supernet_core::AccountId],
        kinds: &[String],
        from: supernet_core::Timestamp,
        to: supernet_core::Timestamp,
    ) -> Result<Vec<(supernet_core::Timestamp, [u8; 32])>, StoreError> {
        events::keys(&self.inner.events, authors, named, kinds, from, to).await
    }

    /// How many events and bytes `author` (everyone, when `None`) has stored.
    pub async fn usage(
        &self,
        author: Option<&supernet_core::AccountId>,
    ) -> Result<(u64, u64), StoreError> {
        events::usage(&self.inner.events, author).await
    }

    /// Publishes a notice that is not about stored events (e.g. sync progress).
    pub fn notify(&self, notice: Notice) {
        let _ = self.inner.notices.send(Arc::new(notice));
    }

    /// The events at these log positions that are still stored, in the order given (at most
    /// [`MAX_PAGE`]): how a projection's page of positions becomes events.
    pub async fn at_positions(&self, positions: &[i64]) -> Result<Vec<Stored>, StoreError> {
        events::at_positions(&self.inner.events, positions).await
    }

    /// Up to `limit` events after log position `after`, in log order: for export and replay.
    pub async fn scan(&self, after: i64, limit: u32) -> Result<Vec<Stored>, StoreError> {
        events::scan(&self.inner.events, after, limit, None).await
    }

    /// Up to `limit` events of `kinds` after log position `after`, in log order: how a
    /// subscriber that keeps its own cursor (a mini-app) catches up.
    pub async fn scan_kinds(
        &self,
        after: i64,
        limit: u32,
        kinds: &[String],
    ) -> Result<Vec<Stored>, StoreError> {
        events::scan(&self.inner.events, after, limit, Some(kinds)).await
    }

    /// How many events are stored.
    pub async fn count(&self) -> Result<u64, StoreError> {
        events::count(&self.inner.events).await
    }

    /// Up to `limit` events after position `after` and at most `upto` whose wire bytes
    /// contain `needle` (a cheap pre-filter, such as a JSON field name), in log order.
    pub async fn scan_containing(
        &self,
        after: i64,
        upto: i64,
        needle: &[u8],
        limit: u32,
    ) -> Result<Vec<Stored>, StoreError> {
        events::scan_containing(&self.inner.events, after, upto, needle, limit).await
    }

    /// The position of the newest event in the log (0 when it is empty).
    pub async fn last_pos(&self) -> Result<i64, StoreError> {
        let place = self.inner.events.place();
        let mut conn = self.inner.events.read().await?;
        events::last_pos(&mut conn, &place).await
    }

    /// When the next stored event expires, if any does.
    pub async fn next_expiry(&self) -> Result<Option<supernet_core::Timestamp>, StoreError> {
        events::next_expiry(&self.inner.events).await
    }

    /// Deletes every event whose `expires_at` is at or before `now`, and its projected rows.
    /// Returns how many were deleted.
    pub async fn purge_expired(&self, now: supernet_core::Timestamp) -> Result<usize, StoreError> {
        let mut total = 0;
        loop {
            let gone = events::delete_expired(&self.inner.events, now, events::PURGE_BATCH).await?;
            if gone.is_empty() {
                return Ok(total);
            }
            total += gone.len();
            self.after_remove(&gone).await?;
        }
    }

    /// Deletes every stored event by `author` (a blocked account), and its projected rows.
    /// Returns how many were deleted.
    pub async fn remove_author(
        &self,
        author: &supernet_core::AccountId,
    ) -> Result<usize, StoreError> {
        let mut total = 0;
        loop {
            let gone =
                events::delete_author(&self.inner.events, author, events::PURGE_BATCH).await?;
            if gone.is_empty() {
                return Ok(total);
            }
            total += gone.len();
            self.after_remove(&gone).await?;
        }
    }

    /// Takes events that left the log out of every projection, then announces them.
    async fn after_remove(&self, gone: &[Gone]) -> Result<(), StoreError> {
        if gone.is_empty() {
            return Ok(());
        }
        for (name, app) in &self.inner.apps {
            for p in &app.projections {
                projection::remove(name, &app.db, p.as_ref(), gone).await?;
            }
        }
        let ids = gone.iter().map(|g| g.id).collect();
        // Subscribers may go away meanwhile: not an error.
        let _ = self.inner.notices.send(Arc::new(Notice::Removed { ids }));
        Ok(())
    }

    /// Events deleted at their authors' request: the tombstones of `ids` when any are
    /// given, else the newest `limit` (of `author`, when given).
    pub async fn tombstones(
        &self,
        ids: &[supernet_core::EventId],
        author: Option<&supernet_core::AccountId>,
        limit: u32,
    ) -> Result<Vec<Tombstone>, StoreError> {
        events::tombstones(&self.inner.events, ids, author, limit).await
    }

    /// One of this node's own settings (never replicated), if set.
    pub async fn local(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        events::local(&self.inner.events, key).await
    }

    /// Sets one of this node's own settings; `None` clears it.
    pub async fn set_local(&self, key: &str, value: Option<&[u8]>) -> Result<(), StoreError> {
        events::set_local(&self.inner.events, key, value).await
    }

    /// Drops and rebuilds one projection from the event log.
    pub async fn rebuild(&self, namespace: &str, projection: &str) -> Result<(), StoreError> {
        let app = self.app(namespace)?;
        let p = app
            .projections
            .iter()
            .find(|p| p.name() == projection)
            .ok_or_else(|| {
                StoreError::InvalidQuery(format!("{namespace} has no table {projection:?}"))
            })?;
        projection::rebuild(&self.inner.events, namespace, &app.db, p.as_ref()).await
    }

    /// A read connection to an application namespace's database, for its queries.
    pub async fn app_reader(&self, namespace: &str) -> Result<AppReader<'_>, StoreError> {
        let app = self.app(namespace)?;
        Ok(AppReader {
            conn: app.db.read().await?,
            place: app.db.place(),
        })
    }

    /// The write connection to an application namespace's database, for the app's own
    /// tables: data that is not derived from events (private books, settings), so no
    /// rebuild ever drops it. It is the connection the namespace's projections write with:
    /// holding it pauses them, so keep it for one short transaction. Tables an app creates
    /// here must not collide with its projections' tables or with `_projections`.
    pub async fn app_writer(&self, namespace: &str) -> Result<AppWriter<'_>, StoreError> {
        let app = self.app(namespace)?;
        Ok(AppWriter {
            conn: app.db.write().await,
            place: app.db.place(),
        })
    }

    fn app(&self, namespace: &str) -> Result<&AppDb, StoreError> {
        self.inner
            .apps
            .get(namespace)
            .ok_or_else(|| StoreError::UnknownNamespace(namespace.to_owned()))
    }

    /// Closes every database cleanly (checkpointing WAL files). Waits for other clones of
    /// this store to be dropped first; returns at once, without closing, if they are not.
    pub async fn close(self) {
        if let Ok(inner) = Arc::try_unwrap(self.inner) {
            inner.events.close().await;
            for (_, app) in inner.apps {
                app.db.close().await;
            }
        }
    }
}

/// A read connection to one application namespace's database.
pub struct AppReader<'a> {
    conn: db::ReadConn<'a>,
    place: String,
}

impl std::fmt::Debug for AppReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppReader")
            .field("place", &self.place)
            .finish()
    }
}

impl AppReader<'_> {
    /// The connection, for sqlx queries.
    pub fn conn(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.conn
    }

    /// Wraps a driver error with this database's name.
    pub fn error(&self, e: sqlx::Error) -> StoreError {
        StoreError::sqlite(&self.place, e)
    }
}

/// The write connection to one application namespace's database (see
/// [`Store::app_writer`]).
pub struct AppWriter<'a> {
    conn: tokio::sync::MutexGuard<'a, sqlx::SqliteConnection>,
    place: String,
}

impl std::fmt::Debug for AppWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppWriter")
            .field("place", &self.place)
            .finish()
    }
}

impl AppWriter<'_> {
    /// The connection, for sqlx queries and transactions.
    pub fn conn(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.conn
    }

    /// Wraps a driver error with this database's name.
    pub fn error(&self, e: sqlx::Error) -> StoreError {
        StoreError::sqlite(&self.place, e)
    }
}

/// Whether `name` can name an application namespace (and its database file): lowercase
/// letters, digits, `-` and `_`, starting with a letter, at most 64 bytes.
pub fn valid_namespace(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 64
        && matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}
