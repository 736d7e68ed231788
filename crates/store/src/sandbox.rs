//! Locks down a SQLite connection that runs SQL written by someone else: a mini-app's own
//! database, where the app's script sends any statement it likes.
//!
//! What it may not do: attach other database files (`ATTACH`, and `VACUUM INTO`, which
//! attaches), change settings (`PRAGMA x = …`, which could lift the size cap or switch off
//! safety checks), corrupt the schema on purpose (defensive mode), grow the file past a cap
//! (`max_page_count`), or run one statement for ever (a progress handler ends it at the
//! deadline the caller arms). SQLite's C API does this; sqlx exposes the raw handle.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

use crate::StoreError;

/// SQLite virtual-machine steps between two looks at the deadline: a few microseconds of
/// work, so the look costs nothing and a deadline is kept within a millisecond or so.
const PROGRESS_STEPS: c_int = 10_000;

/// The deadline of the statement running on a locked-down connection (milliseconds since
/// the Unix epoch, 0 for none). Shared with SQLite's progress handler, so it lives as long
/// as the program (one per app database, a few bytes).
#[derive(Debug, Clone, Copy)]
pub struct Deadline(&'static AtomicU64);

impl Deadline {
    /// A new deadline, unarmed.
    pub fn new() -> Self {
        Self(Box::leak(Box::new(AtomicU64::new(0))))
    }

    /// Statements started from now on are stopped after `limit`.
    pub fn arm(&self, limit: Duration) {
        let at = now_ms().saturating_add(limit.as_millis() as u64);
        self.0.store(at.max(1), Ordering::Relaxed);
    }

    /// No deadline.
    pub fn disarm(&self) {
        self.0.store(0, Ordering::Relaxed);
    }
}

impl Default for Deadline {
    fn default() -> Self {
        Self::new()
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

extern "C" fn progress(arg: *mut c_void) -> c_int {
    // SAFETY: `arg` is the `&'static AtomicU64` of a `Deadline`, which is never freed.
    let deadline = unsafe { &*(arg as *const AtomicU64) }.load(Ordering::Relaxed);
    c_int::from(deadline != 0 && now_ms() > deadline)
}

extern "C" fn authorize(
    _: *mut c_void,
    action: c_int,
    _name: *const c_char,
    value: *const c_char,
    _: *const c_char,
    _: *const c_char,
) -> c_int {
    match action {
        ffi::SQLITE_ATTACH | ffi::SQLITE_DETACH => ffi::SQLITE_DENY,
        // Reading a setting is harmless; setting one is not the app's to do.
        ffi::SQLITE_PRAGMA if !value.is_null() => ffi::SQLITE_DENY,
        _ => ffi::SQLITE_OK,
    }
}

/// Locks down `conn` (see the module doc): at most `max_pages` pages, statements stopped
/// at `deadline` when it is armed.
pub async fn lock_down(
    conn: &mut SqliteConnection,
    place: &str,
    max_pages: u64,
    deadline: Deadline,
) -> Result<(), StoreError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA max_page_count = {max_pages}"
    )))
    .execute(&mut *conn)
    .await
    .map_err(|e| StoreError::sqlite(place, e))?;
    let mut handle = conn
        .lock_handle()
        .await
        .map_err(|e| StoreError::sqlite(place, e))?;
    let db = handle.as_raw_handle().as_ptr();
    // SAFETY: `db` is the open connection sqlx holds locked for us; the callbacks are plain
    // functions and the progress handler's argument lives for the whole program.
    let rc = unsafe {
        ffi::sqlite3_limit(db, ffi::SQLITE_LIMIT_ATTACHED, 0);
        ffi::sqlite3_db_config(
            db,
            ffi::SQLITE_DBCONFIG_DEFENSIVE,
            1 as c_int,
            std::ptr::null_mut::<c_int>(),
        );
        ffi::sqlite3_db_config(
            db,
            ffi::SQLITE_DBCONFIG_TRUSTED_SCHEMA,
            0 as c_int,
            std::ptr::null_mut::<c_int>(),
        );
        ffi::sqlite3_progress_handler(
            db,
            PROGRESS_STEPS,
            Some(progress),
            deadline.0 as *const AtomicU64 as *mut c_void,
        );
        ffi::sqlite3_set_authorizer(db, Some(authorize), std::ptr::null_mut())
    };
    if rc != ffi::SQLITE_OK {
        return Err(StoreError::Raw {
            place: place.to_owned(),
            code: rc,
            message: "could not install the authorizer".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use sqlx::Connection;

    use super::*;

    async fn locked(max_pages: u64) -> (SqliteConnection, Deadline) {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        let deadline = Deadline::new();
        lock_down(&mut conn, "test", max_pages, deadline)
            .await
            .unwrap();
        (conn, deadline)
    }

    async fn run(conn: &mut SqliteConnection, sql: &str) -> Result<(), String> {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut *conn)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[tokio::test]
    async fn attach_and_settings_are_refused_reads_are_not() {
        let (mut conn, _) = locked(1000).await;
        run(&mut conn, "CREATE TABLE t (x)").await.unwrap();
        let attach = run(&mut conn, "ATTACH DATABASE ':memory:' AS other").await;
        assert!(attach.is_err(), "{attach:?}");
        let vacuum = run(&mut conn, "VACUUM INTO '/tmp/supernet-sandbox-copy.sqlite'").await;
        assert!(vacuum.is_err(), "{vacuum:?}");
        assert!(!std::path::Path::new("/tmp/supernet-sandbox-copy.sqlite").exists());
        let uncap = run(&mut conn, "PRAGMA max_page_count = 100000000").await;
        assert!(uncap.unwrap_err().contains("not authorized"));
        run(&mut conn, "PRAGMA max_page_count").await.unwrap();
    }

    #[tokio::test]
    async fn the_size_cap_holds() {
        let (mut conn, _) = locked(16).await;
        run(&mut conn, "CREATE TABLE t (x)").await.unwrap();
        let fill = run(
            &mut conn,
            "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) SELECT randomblob(1000) FROM n",
        )
        .await;
        assert!(fill.unwrap_err().contains("full"), "the database is full");
    }

    #[tokio::test]
    async fn a_runaway_statement_stops_at_the_deadline() {
        let (mut conn, deadline) = locked(1000).await;
        deadline.arm(Duration::from_millis(50));
        let endless = run(
            &mut conn,
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n",
        )
        .await;
        deadline.disarm();
        assert!(endless.unwrap_err().contains("interrupt"));
        run(&mut conn, "SELECT 1").await.unwrap();
    }
}
