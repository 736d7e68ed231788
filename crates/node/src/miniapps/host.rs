//! What an app's script can reach on this node (the [`Host`] its worker calls back into):
//! kernel methods within its grants, publishing events of its own kinds, its own SQLite
//! database, and the node's log.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Weak};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{Column, Row, TypeInfo, ValueRef};
use supernet_apps::Kernel;
use supernet_core::{ApiError, Draft, ErrorCode};
use supernet_script::{Host, LogLevel};
use supernet_store::sandbox::{self, Deadline};

use crate::NodeInner;

/// Largest app database: plenty for an app's own records (a to-do list, a poll's votes),
/// small enough that no app fills the disk. In pages of [`PAGE_BYTES`].
const MAX_DB_BYTES: u64 = 64 * 1024 * 1024;
/// SQLite's default page size, which the app's database keeps (an app may not change it).
const PAGE_BYTES: u64 = 4096;
/// Longest one statement of an app may run: far beyond any sensible query on a database of
/// [`MAX_DB_BYTES`]; a runaway one (an endless recursive query) is stopped.
const STATEMENT_TIME: Duration = Duration::from_secs(2);
/// Most rows one query returns to a script: a page of a list, not a dump.
const MAX_ROWS: usize = 10_000;

/// An app's own SQLite database.
#[derive(Debug)]
pub(crate) struct AppDb {
    pool: SqlitePool,
    deadline: Deadline,
    place: String,
}

fn db_error(place: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::ScriptFailed,
        format!("the app's database refused the statement ({place}): {e}"),
    )
}

impl AppDb {
    /// Opens app `id`'s database in `dir` (made if missing), or in memory.
    pub(crate) async fn open(id: &str, dir: Option<PathBuf>) -> Result<Self, ApiError> {
        let (options, place) = match &dir {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    ApiError::new(
                        ErrorCode::Io,
                        format!("cannot create {}: {e}", dir.display()),
                    )
                })?;
                let file = dir.join("data.sqlite");
                let place = file.display().to_string();
                (
                    SqliteConnectOptions::new()
                        .filename(file)
                        .create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal),
                    place,
                )
            }
            None => (
                SqliteConnectOptions::from_str("sqlite::memory:")
                    .map_err(|e| ApiError::internal(e.to_string()))?,
                format!("app {id}'s database in memory"),
            ),
        };
        let deadline = Deadline::new();
        let hook_place = place.clone();
        // One connection: an app's statements run in order, the in-memory database lives
        // as long as it, and the lock-down is applied once per connection.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .after_connect(move |conn, _| {
                let place = hook_place.clone();
                Box::pin(async move {
                    sandbox::lock_down(conn, &place, MAX_DB_BYTES / PAGE_BYTES, deadline)
                        .await
                        .map_err(|e| sqlx::Error::Protocol(e.to_string()))
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| ApiError::internal(format!("cannot open {place}: {e}")))?;
        Ok(Self {
            pool,
            deadline,
            place,
        })
    }

    fn query<'q>(
        sql: &'q str,
        params: Vec<Value>,
    ) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for param in params {
            query = match param {
                Value::Null => query.bind(None::<i64>),
                Value::Bool(b) => query.bind(i64::from(b)),
                Value::Number(n) => match n.as_i64() {
                    Some(i) => query.bind(i),
                    None => query.bind(n.as_f64().unwrap_or(0.0)),
                },
                Value::String(s) => query.bind(s),
                other => query.bind(other.to_string()),
            };
        }
        query
    }

    /// Runs statements that change the database; returns how many rows they changed.
    pub(crate) async fn exec(&self, sql: &str, params: Vec<Value>) -> Result<u64, ApiError> {
        self.deadline.arm(STATEMENT_TIME);
        let result = Self::query(sql, params).execute(&self.pool).await;
        self.deadline.disarm();
        result
            .map(|r| r.rows_affected())
            .map_err(|e| db_error(&self.place, e))
    }

    /// Runs a query; returns its rows as objects of column name → value (blobs as
    /// base64url text).
    pub(crate) async fn rows(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Value>, ApiError> {
        self.deadline.arm(STATEMENT_TIME);
        let result = async {
            let mut rows = Self::query(sql, params).fetch(&self.pool);
            let mut out = vec![];
            while let Some(row) = rows.try_next().await.map_err(|e| db_error(&self.place, e))? {
                if out.len() == MAX_ROWS {
                    return Err(ApiError::new(
                        ErrorCode::ScriptFailed,
                        format!(
                            "the query returns more than {MAX_ROWS} rows; add a LIMIT and read a page at a time"
                        ),
                    ));
                }
                out.push(row_json(&row));
            }
            Ok(out)
        }
        .await;
        self.deadline.disarm();
        result
    }

    /// Closes the database.
    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }
}

fn row_json(row: &sqlx::sqlite::SqliteRow) -> Value {
    let mut object = serde_json::Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let value = match row.try_get_raw(i) {
            Ok(raw) if raw.is_null() => Value::Null,
            Ok(raw) => match raw.type_info().name() {
                "INTEGER" => row
                    .try_get::<i64, _>(i)
                    .map(Value::from)
                    .unwrap_or_default(),
                "REAL" => row
                    .try_get::<f64, _>(i)
                    .map(Value::from)
                    .unwrap_or_default(),
                "BLOB" => row
                    .try_get::<Vec<u8>, _>(i)
                    .map(|b| Value::from(URL_SAFE_NO_PAD.encode(b)))
                    .unwrap_or_default(),
                _ => row
                    .try_get::<String, _>(i)
                    .map(Value::from)
                    .unwrap_or_default(),
            },
            Err(_) => Value::Null,
        };
        object.insert(column.name().to_owned(), value);
    }
    Value::Object(object)
}

/// The node, as app `id`'s script reaches it.
pub(crate) struct AppHost {
    node: Weak<NodeInner>,
    id: String,
    db: Arc<AppDb>,
}

impl std::fmt::Debug for AppHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppHost").field("id", &self.id).finish()
    }
}

impl AppHost {
    pub(crate) fn new(node: &Arc<NodeInner>, id: &str, db: Arc<AppDb>) -> Self {
        Self {
            node: Arc::downgrade(node),
            id: id.to_owned(),
            db,
        }
    }

    fn node(&self) -> Result<Arc<NodeInner>, ApiError> {
        self.node
            .upgrade()
            .ok_or_else(|| ApiError::new(ErrorCode::Unavailable, "the node is shutting down"))
    }

    fn record(&self, node: &NodeInner) -> Result<super::Record, ApiError> {
        node.miniapps.get(&self.id).ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("app {} is no longer installed", self.id),
            )
        })
    }
}

#[async_trait::async_trait]
impl Host for AppHost {
    async fn call(&self, method: &str, input: Value) -> Result<Value, ApiError> {
        let node = self.node()?;
        let record = self.record(&node)?;
        if method.starts_with(&format!("app.{}.", self.id)) {
            return Err(ApiError::invalid_input(format!(
                "{method} is this app's own method: call the function directly, not through supernet.call"
            )));
        }
        super::refuse_money(&node, method)?;
        crate::Node { inner: node }
            .call(&record.caller(), method, input)
            .await
    }

    async fn publish(&self, name: &str, body: Value) -> Result<Value, ApiError> {
        let node = self.node()?;
        let record = self.record(&node)?;
        if !record.app.kinds.iter().any(|k| k.name == name) {
            let declared: Vec<&str> = record.app.kinds.iter().map(|k| k.name.as_str()).collect();
            return Err(ApiError::invalid_input(format!(
                "app {} does not declare the kind {name:?} in its manifest (it declares: {})",
                self.id,
                if declared.is_empty() {
                    "none".to_owned()
                } else {
                    declared.join(", ")
                }
            )));
        }
        let bytes = serde_json::to_vec(&body).map_err(|e| ApiError::internal(e.to_string()))?;
        super::check_body(&bytes).map_err(|reason| {
            ApiError::new(
                ErrorCode::InvalidBody,
                format!("app.{}.{name} refused: {reason}", self.id),
            )
        })?;
        let draft = Draft::new(format!("app.{}.{name}", self.id), crate::now(), bytes);
        let event = node.publish(draft).await?;
        Ok(super::runtime::event_json(&event))
    }

    async fn db_exec(&self, sql: &str, params: Vec<Value>) -> Result<u64, ApiError> {
        self.db.exec(sql, params).await
    }

    async fn db_query(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Value>, ApiError> {
        self.db.rows(sql, params).await
    }

    fn log(&self, level: LogLevel, message: &str) {
        let id = &self.id;
        match level {
            LogLevel::Error => tracing::warn!(app = %id, "console.error: {message}"),
            LogLevel::Warn => tracing::info!(app = %id, "console.warn: {message}"),
            _ => tracing::debug!(app = %id, "console.log: {message}"),
        }
    }
}
