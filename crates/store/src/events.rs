//! The `events` table: the log every projection derives from. Each row keeps the event's
//! wire bytes (what was verified is what is served) and the columns the queries need.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sqlx::{AssertSqlSafe, Connection, Row, SqliteConnection};
use supernet_core::{AccountId, Event, EventId, Timestamp, VerifiedEvent};

use crate::StoreError;
use crate::db::Db;

/// Schema steps of the events database, applied in order (see `db::Db::open`).
pub(crate) const MIGRATIONS: &[&str] = &[r#"
    -- pos: the event's position in this node's log. AUTOINCREMENT so a position is never
    -- reused after a purge: projections track the log by position.
    CREATE TABLE events (
        pos        INTEGER PRIMARY KEY AUTOINCREMENT,
        id         BLOB    NOT NULL UNIQUE,
        author     BLOB    NOT NULL,
        kind       TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        wire       BLOB    NOT NULL
    );
    CREATE INDEX events_by_time   ON events (created_at, id);
    CREATE INDEX events_by_author ON events (author, created_at, id);
    CREATE INDEX events_by_kind   ON events (kind, created_at, id);
    CREATE INDEX events_by_expiry ON events (expires_at) WHERE expires_at IS NOT NULL;
"#];

/// Events deleted per purge transaction, so a purge never holds the writer for long.
pub(crate) const PURGE_BATCH: u32 = 1000;
/// Most events one query page may return.
pub const MAX_PAGE: u32 = 1000;
/// Most authors or kinds one query may filter on.
pub const MAX_FILTER_VALUES: usize = 500;

/// An event with its position in the local log.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Position in this node's log (increasing, never reused).
    pub pos: i64,
    /// The event.
    pub event: Event,
}

/// What an ingest did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestReport {
    /// Events newly stored.
    pub inserted: usize,
    /// Events already present (skipped).
    pub duplicates: usize,
}

/// A position in a newest-first listing: the `(created_at, id)` of the last event seen.
/// Shown to clients as opaque base64url text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// `created_at` of the last event of the previous page.
    pub created_at: Timestamp,
    /// Its id.
    pub id: EventId,
}

impl Cursor {
    /// The cursor just after `event`.
    pub fn after(event: &Event) -> Self {
        Self {
            created_at: event.created_at(),
            id: event.id(),
        }
    }

    /// Opaque text form.
    pub fn to_text(&self) -> String {
        let mut bytes = [0u8; 40];
        bytes[..8].copy_from_slice(&self.created_at.to_be_bytes());
        bytes[8..].copy_from_slice(self.id.as_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Parses the text form.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let bad = || {
            StoreError::InvalidQuery(format!(
                "{text:?} is not a page cursor: pass back the `next` value of the previous page"
            ))
        };
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?;
        let bytes: [u8; 40] = bytes.try_into().map_err(|_| bad())?;
        Ok(Self {
            created_at: u64::from_be_bytes(bytes[..8].try_into().expect("8 bytes")),
            id: EventId(bytes[8..].try_into().expect("32 bytes")),
        })
    }
}

/// Which events to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Only these authors (any, when empty).
    pub authors: Vec<AccountId>,
    /// Only these kinds (any, when empty).
    pub kinds: Vec<String>,
    /// Only events created at or after this time.
    pub since: Option<Timestamp>,
    /// Only events created at or before this time.
    pub until: Option<Timestamp>,
    /// Continue after this cursor.
    pub before: Option<Cursor>,
    /// Page size, 1..=[`MAX_PAGE`].
    pub limit: u32,
}

/// One page of a listing.
#[derive(Debug, Clone)]
pub struct Page {
    /// The events, newest first.
    pub events: Vec<Event>,
    /// Where the next page starts, when there may be one.
    pub next: Option<Cursor>,
}

fn to_sql_time(t: Timestamp) -> i64 {
    // Events are validated to keep every time below 2^63.
    i64::try_from(t).unwrap_or(i64::MAX)
}

fn decode_stored(place: &str, wire: Vec<u8>) -> Result<Event, StoreError> {
    Event::decode(wire).map_err(|e| StoreError::Corrupt {
        place: place.to_owned(),
        detail: format!("a stored event no longer decodes: {e}"),
    })
}

/// Inserts a batch in one transaction. Returns the report and the newly stored events.
pub(crate) async fn insert(
    db: &Db,
    batch: &[VerifiedEvent],
) -> Result<(IngestReport, Vec<Stored>), StoreError> {
    let place = db.place();
    let mut conn = db.write().await;
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    let new = insert_in(&mut tx, &place, batch).await?;
    tx.commit()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    let report = IngestReport {
        inserted: new.len(),
        duplicates: batch.len() - new.len(),
    };
    Ok((report, new))
}

/// Inserts every batch `batches` yields in one transaction; rolls everything back at the
/// first error it yields.
pub(crate) async fn insert_all<E>(
    db: &Db,
    mut batches: tokio::sync::mpsc::Receiver<Result<Vec<VerifiedEvent>, E>>,
) -> Result<Result<(IngestReport, Vec<Stored>), E>, StoreError> {
    let place = db.place();
    let mut conn = db.write().await;
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    let mut report = IngestReport::default();
    let mut new = Vec::new();
    while let Some(batch) = batches.recv().await {
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                tx.rollback()
                    .await
                    .map_err(|e| StoreError::sqlite(&place, e))?;
                return Ok(Err(e));
            }
        };
        let stored = insert_in(&mut tx, &place, &batch).await?;
        report.inserted += stored.len();
        report.duplicates += batch.len() - stored.len();
        new.extend(stored);
    }
    tx.commit()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    Ok(Ok((report, new)))
}

async fn insert_in(
    conn: &mut SqliteConnection,
    place: &str,
    batch: &[VerifiedEvent],
) -> Result<Vec<Stored>, StoreError> {
    let mut new = Vec::new();
    for chunk in crate::bulk::chunks(batch) {
        let sql = crate::bulk::values_sql(
            "INSERT OR IGNORE INTO events (id, author, kind, created_at, expires_at, wire) VALUES ",
            6,
            chunk.len(),
            " RETURNING pos, id",
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for e in chunk {
            query = query
                .bind(e.id().as_bytes().to_vec())
                .bind(e.author().as_bytes().to_vec())
                .bind(e.kind().to_owned())
                .bind(to_sql_time(e.created_at()))
                .bind(e.expires_at().map(to_sql_time))
                .bind(e.wire().to_vec());
        }
        let rows = query
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
        if rows.is_empty() {
            continue;
        }
        let mut by_id: HashMap<[u8; 32], &VerifiedEvent> =
            chunk.iter().map(|e| (*e.id().as_bytes(), e)).collect();
        for row in rows {
            let pos: i64 = row.get(0);
            let id: Vec<u8> = row.get(1);
            let id: [u8; 32] = id.try_into().map_err(|_| StoreError::Corrupt {
                place: place.to_owned(),
                detail: "an event id is not 32 bytes".into(),
            })?;
            if let Some(e) = by_id.remove(&id) {
                new.push(Stored {
                    pos,
                    event: e.event().clone(),
                });
            }
        }
    }
    new.sort_by_key(|s| s.pos);
    Ok(new)
}

pub(crate) async fn get(db: &Db, id: &EventId) -> Result<Option<Event>, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    let wire: Option<Vec<u8>> = sqlx::query_scalar("SELECT wire FROM events WHERE id = ?")
        .bind(id.as_bytes().to_vec())
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    wire.map(|w| decode_stored(&place, w)).transpose()
}

pub(crate) async fn query(db: &Db, q: &EventQuery) -> Result<Page, StoreError> {
    if q.limit == 0 || q.limit > MAX_PAGE {
        return Err(StoreError::InvalidQuery(format!(
            "limit must be between 1 and {MAX_PAGE}, not {}",
            q.limit
        )));
    }
    if q.authors.len() > MAX_FILTER_VALUES || q.kinds.len() > MAX_FILTER_VALUES {
        return Err(StoreError::InvalidQuery(format!(
            "at most {MAX_FILTER_VALUES} authors and {MAX_FILTER_VALUES} kinds per query"
        )));
    }
    let mut sql = String::from("SELECT wire FROM events WHERE 1");
    if !q.authors.is_empty() {
        sql.push_str(&format!(
            " AND author IN ({})",
            placeholders(q.authors.len())
        ));
    }
    if !q.kinds.is_empty() {
        sql.push_str(&format!(" AND kind IN ({})", placeholders(q.kinds.len())));
    }
    if q.since.is_some() {
        sql.push_str(" AND created_at >= ?");
    }
    if q.until.is_some() {
        sql.push_str(" AND created_at <= ?");
    }
    if q.before.is_some() {
        sql.push_str(" AND (created_at, id) < (?, ?)");
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");

    let mut query = sqlx::query_scalar::<_, Vec<u8>>(AssertSqlSafe(sql));
    for a in &q.authors {
        query = query.bind(a.as_bytes().to_vec());
    }
    for k in &q.kinds {
        query = query.bind(k.clone());
    }
    if let Some(t) = q.since {
        query = query.bind(to_sql_time(t));
    }
    if let Some(t) = q.until {
        query = query.bind(to_sql_time(t));
    }
    if let Some(c) = &q.before {
        query = query
            .bind(to_sql_time(c.created_at))
            .bind(c.id.as_bytes().to_vec());
    }
    query = query.bind(i64::from(q.limit));

    let place = db.place();
    let mut conn = db.read().await?;
    let rows = query
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    let events = rows
        .into_iter()
        .map(|w| decode_stored(&place, w))
        .collect::<Result<Vec<_>, _>>()?;
    let next = (events.len() == q.limit as usize)
        .then(|| events.last().map(Cursor::after))
        .flatten();
    Ok(Page { events, next })
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}

/// Events after log position `after`, in log order; only `kinds` when given.
pub(crate) async fn scan(
    db: &Db,
    after: i64,
    limit: u32,
    kinds: Option<&[String]>,
) -> Result<Vec<Stored>, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    scan_with(&mut conn, &place, after, limit, kinds).await
}

pub(crate) async fn scan_with(
    conn: &mut SqliteConnection,
    place: &str,
    after: i64,
    limit: u32,
    kinds: Option<&[String]>,
) -> Result<Vec<Stored>, StoreError> {
    let mut sql = String::from("SELECT pos, wire FROM events WHERE pos > ?");
    if let Some(kinds) = kinds {
        sql.push_str(&format!(" AND kind IN ({})", placeholders(kinds.len())));
    }
    sql.push_str(" ORDER BY pos LIMIT ?");
    let mut query = sqlx::query(AssertSqlSafe(sql)).bind(after);
    for k in kinds.unwrap_or_default() {
        query = query.bind(k.clone());
    }
    let rows = query
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(place, e))?;
    rows.into_iter()
        .map(|row| {
            Ok(Stored {
                pos: row.get(0),
                event: decode_stored(place, row.get(1))?,
            })
        })
        .collect()
}

/// The highest log position ever assigned (0 for an empty log).
pub(crate) async fn last_pos(conn: &mut SqliteConnection, place: &str) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| StoreError::sqlite(place, e))
}

pub(crate) async fn count(db: &Db) -> Result<u64, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    Ok(n as u64)
}

/// Deletes up to `limit` events expired at `now`; returns their ids.
pub(crate) async fn delete_expired(
    db: &Db,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<EventId>, StoreError> {
    let place = db.place();
    let mut conn = db.write().await;
    let rows: Vec<Vec<u8>> = sqlx::query_scalar(
        "DELETE FROM events WHERE pos IN \
         (SELECT pos FROM events WHERE expires_at <= ? ORDER BY expires_at LIMIT ?) RETURNING id",
    )
    .bind(to_sql_time(now))
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| StoreError::sqlite(&place, e))?;
    rows.into_iter()
        .map(|id| {
            id.try_into().map(EventId).map_err(|_| StoreError::Corrupt {
                place: place.clone(),
                detail: "an event id is not 32 bytes".into(),
            })
        })
        .collect()
}
