//! The bulk paths of the event log — storing events, and the reads that serve a sync —
//! as prepared statements stepped through SQLite's C API, on connections sqlx owns.
//!
//! Why: ingest is the node's hottest write and serving a sync its hottest read. Through the
//! driver, each bound value is copied into its own allocation and each returned row crosses
//! a channel between threads; measured here, that doubled the cost of storing an event and
//! was half the cost of serving one. Stepping a prepared statement with borrowed
//! (`SQLITE_STATIC`) values does only SQLite's own work. Everything else stays on sqlx.
#![allow(unsafe_code)]

use std::ffi::{CStr, c_int};
use std::ptr::{self, NonNull};

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

use supernet_core::{EventId, Timestamp};

use crate::StoreError;

/// Rows stepped per hold of the connection: the task yields between holds, so a large
/// ingest or read never keeps the async runtime's thread for more than a few milliseconds.
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

const WIRE_BY_ID: &CStr = c"SELECT wire FROM events WHERE substr(wire, 1, 32) = ?1";

/// The wire bytes of those of `ids` that are stored, in the order of `ids`.
pub(crate) async fn wires(
    conn: &mut SqliteConnection,
    place: &str,
    ids: &[EventId],
) -> Result<Vec<Vec<u8>>, StoreError> {
    let mut wires = Vec::with_capacity(ids.len());
    for hold in ids.chunks(ROWS_PER_HOLD) {
        {
            let mut handle = conn
                .lock_handle()
                .await
                .map_err(|e| StoreError::sqlite(place, e))?;
            let mut statement = Statement::prepare(handle.as_raw_handle(), WIRE_BY_ID, place)?;
            for id in hold {
                statement.bind_blob(1, id.as_bytes());
                if statement.step(place)? {
                    wires.push(statement.column_blob(0).to_vec());
                }
                statement.reset();
            }
        }
        tokio::task::yield_now().await;
    }
    Ok(wires)
}

/// `(created_at, id)` of the events by the author with interned id `author` (everyone's,
/// when `None`) created in `from..=to`, whose kind passes `kind_ok`, in `(created_at, pos)`
/// order. Reads in slices, resuming after the last row of each, so the connection is held
/// only briefly at a time.
pub(crate) async fn keys(
    conn: &mut SqliteConnection,
    place: &str,
    author: Option<i64>,
    kind_ok: impl Fn(i64) -> bool,
    from: i64,
    to: i64,
    keys: &mut Vec<(Timestamp, [u8; 32])>,
) -> Result<(), StoreError> {
    // The rows after `(?1, ?2)` in `(created_at, pos)` order, through the index on
    // (author, created_at) or on created_at (whose entries end in the row's pos).
    let sql: &CStr = if author.is_some() {
        c"SELECT created_at, pos, kind, substr(wire, 1, 32) FROM events \
          WHERE author = ?4 AND created_at >= ?1 AND (created_at > ?1 OR pos > ?2) AND created_at <= ?3 \
          ORDER BY created_at, pos LIMIT ?5"
    } else {
        c"SELECT created_at, pos, kind, substr(wire, 1, 32) FROM events INDEXED BY events_by_time \
          WHERE created_at >= ?1 AND (created_at > ?1 OR pos > ?2) AND created_at <= ?3 \
          ORDER BY created_at, pos LIMIT ?5"
    };
    let mut after = (from, i64::MIN);
    loop {
        let mut rows = 0;
        {
            let mut handle = conn
                .lock_handle()
                .await
                .map_err(|e| StoreError::sqlite(place, e))?;
            let mut statement = Statement::prepare(handle.as_raw_handle(), sql, place)?;
            statement.bind_i64(1, after.0);
            statement.bind_i64(2, after.1);
            statement.bind_i64(3, to);
            if let Some(author) = author {
                statement.bind_i64(4, author);
            }
            statement.bind_i64(5, ROWS_PER_HOLD as i64);
            while statement.step(place)? {
                rows += 1;
                after = (statement.column_i64(0), statement.column_i64(1));
                if !kind_ok(statement.column_i64(2)) {
                    continue;
                }
                let id: [u8; 32] =
                    statement
                        .column_blob(3)
                        .try_into()
                        .map_err(|_| StoreError::Corrupt {
                            place: place.to_owned(),
                            detail: "an event id is not 32 bytes".into(),
                        })?;
                keys.push((after.0 as Timestamp, id));
            }
        }
        if rows < ROWS_PER_HOLD {
            return Ok(());
        }
        tokio::task::yield_now().await;
    }
}

/// Steps the insert for each row while this task holds the connection's handle `db`.
fn insert_held(
    db: NonNull<ffi::sqlite3>,
    place: &str,
    rows: &[EventRow<'_>],
    positions: &mut Vec<Option<i64>>,
) -> Result<(), StoreError> {
    let mut statement = Statement::prepare(db, INSERT_EVENT, place)?;
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
    fn run(&mut self, place: &str) -> Result<(), StoreError> {
        let outcome = self.step(place).map(|_| ());
        self.reset();
        outcome
    }

    /// Steps the statement once: `true` when it produced a row (read it with the `column_`
    /// methods before the next step), `false` when it is done.
    fn step(&mut self, place: &str) -> Result<bool, StoreError> {
        // SAFETY: valid statement with every parameter bound.
        match unsafe { ffi::sqlite3_step(self.stmt.as_ptr()) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            _ => Err(error(self.db, place)),
        }
    }

    /// Resets the statement for another run and clears its bindings.
    fn reset(&mut self) {
        // SAFETY: valid statement; reset and clear are always allowed after a step.
        unsafe {
            ffi::sqlite3_reset(self.stmt.as_ptr());
            ffi::sqlite3_clear_bindings(self.stmt.as_ptr());
        }
    }

    /// Column `index` of the current row as an integer.
    fn column_i64(&self, index: c_int) -> i64 {
        // SAFETY: valid statement positioned on a row (after `step` returned `true`).
        unsafe { ffi::sqlite3_column_int64(self.stmt.as_ptr(), index) }
    }

    /// Column `index` of the current row as bytes, valid until the next step or reset.
    fn column_blob(&self, index: c_int) -> &[u8] {
        // SAFETY: valid statement positioned on a row. sqlite3_column_blob comes before
        // sqlite3_column_bytes, as SQLite requires; the bytes stay valid until the next
        // step, reset or finalize, which need `&mut self` and so wait for this borrow's end.
        unsafe {
            let data = ffi::sqlite3_column_blob(self.stmt.as_ptr(), index);
            let len = ffi::sqlite3_column_bytes(self.stmt.as_ptr(), index);
            if data.is_null() || len <= 0 {
                &[]
            } else {
                std::slice::from_raw_parts(data.cast(), len as usize)
            }
        }
    }
}

impl Drop for Statement {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by us and is finalized exactly once.
        unsafe { ffi::sqlite3_finalize(self.stmt.as_ptr()) };
    }
}
