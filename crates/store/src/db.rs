//! One SQLite database: a single writer connection behind a lock, a pool of readers, the
//! pragmas every Supernet database uses, the check that a file really is ours, and
//! migrations by `PRAGMA user_version`.
//!
//! In-memory databases (`:memory:`) exist once per connection, so there the writer
//! connection also serves the reads.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Connection, Sqlite, SqliteConnection};
use tokio::sync::{Mutex, MutexGuard};

use crate::StoreError;

/// `PRAGMA application_id` of every Supernet database ("SNET"): tells our files from any
/// other program's SQLite file.
const APPLICATION_ID: i64 = 0x534E_4554;
/// How long a connection waits for a lock held by another connection before failing.
/// Only our own readers and writer share a file, so waits are short; five seconds covers a
/// large ingest batch on a slow disk.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Reader connections per file database: two cores here, and reads are short.
const READERS: u32 = 4;
/// Page size of new databases. Ingest is bound by b-tree writes; 16 KiB pages halve the
/// splits and page writes of 4 KiB ones for the event log's indexes (measured: a million
/// events stored in ~6.2 s instead of ~7.1 s), and rows of a few hundred bytes still share
/// pages densely.
const PAGE_SIZE: u32 = 16 * 1024;
/// Page cache per connection, in KiB (negative `cache_size` means KiB): 64 MiB keeps the
/// hot parts of a million-event index in memory during ingest.
const CACHE_KIB: i64 = 64 * 1024;

/// Where a database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file on disk (created if missing).
    File(PathBuf),
    /// A private in-memory database, gone when the store is dropped.
    Memory,
}

impl Location {
    fn describe(&self) -> String {
        match self {
            Location::File(path) => path.display().to_string(),
            Location::Memory => ":memory:".to_owned(),
        }
    }
}

/// A database: one writer, several readers.
#[derive(Debug)]
pub(crate) struct Db {
    location: Location,
    writer: Mutex<SqliteConnection>,
    readers: Option<SqlitePool>,
}

/// A connection to read with: from the reader pool, or the writer itself for `:memory:`.
pub(crate) enum ReadConn<'a> {
    Pooled(PoolConnection<Sqlite>),
    Writer(MutexGuard<'a, SqliteConnection>),
}

impl Deref for ReadConn<'_> {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        match self {
            ReadConn::Pooled(c) => c,
            ReadConn::Writer(c) => c,
        }
    }
}

impl DerefMut for ReadConn<'_> {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        match self {
            ReadConn::Pooled(c) => &mut *c,
            ReadConn::Writer(c) => &mut *c,
        }
    }
}

impl Db {
    /// Opens (creating if missing) the database at `location`, checks that it is a Supernet
    /// database, and brings its schema to `migrations.len()` by running the missing steps.
    pub(crate) async fn open(location: Location, migrations: &[&str]) -> Result<Self, StoreError> {
        let place = location.describe();
        let options = match &location {
            Location::Memory => SqliteConnectOptions::from_str("sqlite::memory:")
                .map_err(|e| StoreError::sqlite(&place, e))?,
            Location::File(path) => {
                check_header(path)?;
                SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
            }
        }
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true)
        .pragma("cache_size", CACHE_KIB.to_string())
        .pragma("temp_store", "memory")
        .page_size(PAGE_SIZE);

        let mut writer = SqliteConnection::connect_with(&options)
            .await
            .map_err(|e| StoreError::sqlite(&place, e))?;
        check_identity_and_migrate(&mut writer, &place, migrations).await?;

        let readers = match &location {
            Location::Memory => None,
            Location::File(_) => Some(
                SqlitePoolOptions::new()
                    .max_connections(READERS)
                    .min_connections(0)
                    .idle_timeout(Duration::from_secs(60))
                    .connect_with(options.read_only(true))
                    .await
                    .map_err(|e| StoreError::sqlite(&place, e))?,
            ),
        };
        Ok(Self {
            location,
            writer: Mutex::new(writer),
            readers,
        })
    }

    /// Where this database lives, for messages.
    pub(crate) fn place(&self) -> String {
        self.location.describe()
    }

    /// The writer connection. Held for the length of one write transaction.
    pub(crate) async fn write(&self) -> MutexGuard<'_, SqliteConnection> {
        self.writer.lock().await
    }

    /// A connection to read with.
    pub(crate) async fn read(&self) -> Result<ReadConn<'_>, StoreError> {
        match &self.readers {
            Some(pool) => pool
                .acquire()
                .await
                .map(ReadConn::Pooled)
                .map_err(|e| StoreError::sqlite(&self.place(), e)),
            None => Ok(ReadConn::Writer(self.writer.lock().await)),
        }
    }

    /// Closes every connection, checkpointing the WAL into the main file.
    pub(crate) async fn close(self) {
        if let Some(pool) = self.readers {
            pool.close().await;
        }
        let _ = self.writer.into_inner().close().await;
    }
}

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses a non-empty file that is not SQLite before SQLite gets to it, so the user hears
/// "not a database" rather than a driver message.
fn check_header(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(StoreError::Io {
                place: path.display().to_string(),
                source: e,
            });
        }
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|e| StoreError::Io {
            place: path.display().to_string(),
            source: e,
        })?;
    if head.is_empty() || head.as_slice() == SQLITE_HEADER {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            place: path.display().to_string(),
            detail: "the file is not a SQLite database".into(),
        })
    }
}

async fn check_identity_and_migrate(
    conn: &mut SqliteConnection,
    place: &str,
    migrations: &[&str],
) -> Result<(), StoreError> {
    let app_id: i64 = sqlx::query_scalar("PRAGMA application_id")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(place, e))?;
    let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_schema")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(place, e))?;
    if app_id != APPLICATION_ID {
        if app_id != 0 || tables > 0 {
            return Err(StoreError::Foreign {
                place: place.to_owned(),
                detail: "it is a SQLite database of another program".into(),
            });
        }
        sqlx::query(AssertSqlSafe(format!(
            "PRAGMA application_id = {APPLICATION_ID}"
        )))
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(place, e))?;
    }
    let version: i64 = sqlx::query_scalar("PRAGMA user_version")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(place, e))?;
    let known = migrations.len() as i64;
    if version > known {
        return Err(StoreError::Foreign {
            place: place.to_owned(),
            detail: format!(
                "its schema version {version} is newer than this build knows ({known}); update Supernet"
            ),
        });
    }
    for (step, sql) in migrations.iter().enumerate().skip(version as usize) {
        let mut tx = conn
            .begin()
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
        sqlx::raw_sql(AssertSqlSafe(*sql))
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
        sqlx::query(AssertSqlSafe(format!("PRAGMA user_version = {}", step + 1)))
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
        tx.commit()
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
    }
    Ok(())
}
