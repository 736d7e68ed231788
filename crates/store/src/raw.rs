//! The bulk write path for the event log: one prepared statement stepped once per row
//! through SQLite's C API, on the connection sqlx owns.
//!
//! Why: ingest is the node's hottest write. Through the driver, each bound value is copied
//! into its own allocation and each returned row crosses a channel; measured here, that
//! doubled the cost of storing an event. Stepping a prepared statement with borrowed
//! (`SQLITE_STATIC`) values does only SQLite's own work. Everything else stays on sqlx.
#![allow(unsafe_code)]

use std::ffi::{CStr, c_int};
use std::ptr::{self, NonNull};

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

use crate::StoreError;

/// Rows stepped per hold of the connection: the task yields between holds, so a large
/// ingest never keeps the async runtime's thread for more than a few milliseconds.
const ROWS_PER_HOLD: usize = 512;

/// One row for the `events` table.
#[derive(Debug)]
pub(crate) struct EventRow<'a> {
    pub(crate) kind: i64,
    pub(crate) author: i64,
    pub(crate) created_at: i64,
    pub(crate) expires_at: Option<i64>,
    pub(crate) wire: &'a [u8],
}

const INSERT_EVENT: &CStr = c"INSERT OR IGNORE INTO events (kind, author, created_at, expires_at, wire) VALUES (?1, ?2, ?3, ?4, ?5)";

/// Inserts `rows` (inside the caller's transaction). Returns, for each row, its new log
/// position, or `None` when an event with the same id was stored already.
pub(crate) async fn insert_events(
    conn: &mut SqliteConnection,
    place: &str,
    rows: &[EventRow<'_>],
) -> Result<Vec<Option<i64>>, StoreError> {
    let mut positions = Vec::with_capacity(rows.len());
    for hold in rows.chunks(ROWS_PER_HOLD) {
        {
            let mut handle = conn
                .lock_handle()
                .await
                .map_err(|e| StoreError::sqlite(place, e))?;
            insert_held(handle.as_raw_handle(), place, hold, &mut positions)?;
        }
        tokio::task::yield_now().await;
    }
    Ok(positions)
}

/// Steps the insert for each row while this task holds the connection's handle `db`.
fn insert_held(
    db: NonNull<ffi::sqlite3>,
    place: &str,
    rows: &[EventRow<'_>],
    positions: &mut Vec<Option<i64>>,
) -> Result<(), StoreError> {
    let statement = Statement::prepare(db, INSERT_EVENT, place)?;
    for row in rows {
        statement.bind_i64(1, row.kind);
        statement.bind_i64(2, row.author);
        statement.bind_i64(3, row.created_at);
        match row.expires_at {
            Some(t) => statement.bind_i64(4, t),
            None => statement.bind_null(4),
        }
        statement.bind_blob(5, row.wire);
        statement.run(place)?;
        // SAFETY: `db` is the open handle this task holds exclusively.
        let inserted = unsafe { ffi::sqlite3_changes(db.as_ptr()) } == 1;
        positions.push(inserted.then(|| {
            // SAFETY: as above.
            unsafe { ffi::sqlite3_last_insert_rowid(db.as_ptr()) }
        }));
    }
    Ok(())
}

/// A prepared statement, finalized when dropped. Only lives while its connection's handle
/// is held.
struct Statement {
    db: NonNull<ffi::sqlite3>,
    stmt: NonNull<ffi::sqlite3_stmt>,
}

fn error(db: NonNull<ffi::sqlite3>, place: &str) -> StoreError {
    // SAFETY: `db` is an open handle; sqlite3_errmsg returns a NUL-terminated string owned
    // by SQLite, copied out before any other call on the handle.
    let (code, message) = unsafe {
        let code = ffi::sqlite3_extended_errcode(db.as_ptr());
        let message = CStr::from_ptr(ffi::sqlite3_errmsg(db.as_ptr()))
            .to_string_lossy()
            .into_owned();
        (code, message)
    };
    match code & 0xff {
        ffi::SQLITE_CORRUPT | ffi::SQLITE_NOTADB => StoreError::Corrupt {
            place: place.to_owned(),
            detail: message,
        },
        _ => StoreError::Raw {
            place: place.to_owned(),
            code,
            message,
        },
    }
}

impl Statement {
    fn prepare(db: NonNull<ffi::sqlite3>, sql: &CStr, place: &str) -> Result<Self, StoreError> {
        let mut stmt = ptr::null_mut();
        // SAFETY: `db` is an open handle held by this task; `sql` is NUL-terminated;
        // `stmt` receives an owned statement or stays null on failure.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(db.as_ptr(), sql.as_ptr(), -1, 0, &mut stmt, ptr::null_mut())
        };
        match NonNull::new(stmt) {
            Some(stmt) if rc == ffi::SQLITE_OK => Ok(Self { db, stmt }),
            _ => Err(error(db, place)),
        }
    }

    fn bind_i64(&self, index: c_int, value: i64) {
        // SAFETY: valid statement; an out-of-range index only returns an error code, and
        // every index used here exists in the statement's SQL.
        unsafe { ffi::sqlite3_bind_int64(self.stmt.as_ptr(), index, value) };
    }

    fn bind_null(&self, index: c_int) {
        // SAFETY: as for bind_i64.
        unsafe { ffi::sqlite3_bind_null(self.stmt.as_ptr(), index) };
    }

    /// Binds `value` without copying it. The caller steps and resets the statement before
    /// `value` goes out of scope (`run` resets and clears the bindings).
    fn bind_blob(&self, index: c_int, value: &[u8]) {
        let len = c_int::try_from(value.len()).expect("events are far smaller than 2 GiB");
        // SAFETY: `value` outlives the next `run`, which clears the binding (SQLITE_STATIC:
        // SQLite reads the bytes in place until then).
        unsafe {
            ffi::sqlite3_bind_blob(
                self.stmt.as_ptr(),
                index,
                value.as_ptr().cast(),
                len,
                ffi::SQLITE_STATIC(),
            )
        };
    }

    /// Steps the statement to completion, then resets it and clears its bindings.
    fn run(&self, place: &str) -> Result<(), StoreError> {
        // SAFETY: valid statement with every parameter bound.
        let rc = unsafe { ffi::sqlite3_step(self.stmt.as_ptr()) };
        let outcome = if rc == ffi::SQLITE_DONE {
            Ok(())
        } else {
            Err(error(self.db, place))
        };
        // SAFETY: valid statement; reset and clear are always allowed after a step.
        unsafe {
            ffi::sqlite3_reset(self.stmt.as_ptr());
            ffi::sqlite3_clear_bindings(self.stmt.as_ptr());
        }
        outcome
    }
}

impl Drop for Statement {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by us and is finalized exactly once.
        unsafe { ffi::sqlite3_finalize(self.stmt.as_ptr()) };
    }
}
