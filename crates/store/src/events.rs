//! The `events` table: the log every projection derives from. Each row keeps the event's
//! wire bytes (what was verified is what is served) and the columns the queries need.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sqlx::{AssertSqlSafe, Connection, Row, SqliteConnection};
use supernet_core::{AccountId, Event, EventId, Timestamp, VerifiedEvent, deletion};

use crate::StoreError;
use crate::db::Db;
use crate::raw::{self, EventRow};

/// Schema steps of the events database, applied in order (see `db::Db::open`).
pub(crate) const MIGRATIONS: &[&str] = &[
    r#"
    -- Authors and kinds are stored once and referred to by small integers: an index entry
    -- on (author, created_at) is then 12 bytes instead of 44, and ingest — bound by b-tree
    -- writes — does less of them.
    CREATE TABLE authors (id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE);
    CREATE TABLE kinds   (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
    -- pos: the event's position in this node's log. AUTOINCREMENT so a position is never
    -- reused after a purge: projections track the log by position.
    -- The row holds the wire bytes once; the id (its first 32 bytes) is indexed straight
    -- from them rather than stored twice.
    CREATE TABLE events (
        pos        INTEGER PRIMARY KEY AUTOINCREMENT,
        kind       INTEGER NOT NULL REFERENCES kinds (id),
        author     INTEGER NOT NULL REFERENCES authors (id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        wire       BLOB    NOT NULL
    );
    CREATE UNIQUE INDEX events_by_id ON events (substr(wire, 1, 32));
    CREATE INDEX events_by_time   ON events (created_at);
    CREATE INDEX events_by_author ON events (author, created_at);
    CREATE INDEX events_by_kind   ON events (kind, created_at);
    CREATE INDEX events_by_expiry ON events (expires_at) WHERE expires_at IS NOT NULL;
"#,
    r#"
    -- Tombstones: events deleted at their author's request (see supernet_core::deletion).
    -- A target that arrives later, from a peer that has not heard, is not stored again.
    -- `at` is the request's creation time; `request` its id.
    CREATE TABLE deleted (
        id      BLOB    PRIMARY KEY,
        author  INTEGER NOT NULL REFERENCES authors (id),
        at      INTEGER NOT NULL,
        request BLOB    NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX deleted_by_author ON deleted (author, at);
    -- This node's own small settings (read markers, muted words): never replicated.
    CREATE TABLE local (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
"#,
    r#"
    -- Which events name which accounts (their account references): what a node holds for
    -- an account it does not follow, but that is named — a reply to it, a message to it —
    -- and what that account asks for when it syncs (store-and-forward).
    CREATE TABLE named (
        account    INTEGER NOT NULL REFERENCES authors (id),
        created_at INTEGER NOT NULL,
        pos        INTEGER NOT NULL,
        PRIMARY KEY (account, created_at, pos)
    ) WITHOUT ROWID;
    CREATE INDEX named_by_pos ON named (pos);
    CREATE TRIGGER named_gone AFTER DELETE ON events BEGIN
        DELETE FROM named WHERE pos = old.pos;
    END;
"#,
];

/// SQL for an event's id, matching the index `events_by_id`.
const ID: &str = "substr(wire, 1, 32)";

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

/// An event that left the log (expired or deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone {
    /// The position it had in the log.
    pub pos: i64,
    /// Its id.
    pub id: EventId,
}

/// What an ingest did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestReport {
    /// Events newly stored.
    pub inserted: usize,
    /// Events already present (skipped).
    pub duplicates: usize,
}

/// A position in a newest-first listing: the creation time and log position of the last
/// item seen. Shown to clients as opaque base64url text; only meaningful on the node that
/// made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// `created_at` of the last item of the previous page.
    pub created_at: Timestamp,
    /// Its position in the log.
    pub pos: i64,
}

impl Cursor {
    /// Opaque text form.
    pub fn to_text(&self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.created_at.to_be_bytes());
        bytes[8..].copy_from_slice(&self.pos.to_be_bytes());
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
        let bytes: [u8; 16] = bytes.try_into().map_err(|_| bad())?;
        Ok(Self {
            created_at: u64::from_be_bytes(bytes[..8].try_into().expect("8 bytes")),
            pos: i64::from_be_bytes(bytes[8..].try_into().expect("8 bytes")),
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

/// A time as SQLite stores it. Events are validated to keep every time below 2^63.
pub(crate) fn to_sql_time(t: Timestamp) -> i64 {
    i64::try_from(t).unwrap_or(i64::MAX)
}

fn decode_stored(place: &str, wire: Vec<u8>) -> Result<Event, StoreError> {
    Event::decode(wire).map_err(|e| StoreError::Corrupt {
        place: place.to_owned(),
        detail: format!("a stored event no longer decodes: {e}"),
    })
}

fn event_id(place: &str, bytes: Vec<u8>) -> Result<EventId, StoreError> {
    bytes
        .try_into()
        .map(EventId)
        .map_err(|_| StoreError::Corrupt {
            place: place.to_owned(),
            detail: "an event id is not 32 bytes".into(),
        })
}

/// Inserts a batch in one transaction. Returns the report and the newly stored events.
pub(crate) async fn insert(
    db: &Db,
    batch: Vec<VerifiedEvent>,
) -> Result<(IngestReport, Inserted), StoreError> {
    let place = db.place();
    let total = batch.len();
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
        inserted: new.stored.len(),
        duplicates: total - new.stored.len(),
    };
    Ok((report, new))
}

/// Inserts every batch `batches` delivers in one transaction; rolls everything back at the
/// first error it delivers.
pub(crate) async fn insert_all<E>(
    db: &Db,
    mut batches: tokio::sync::mpsc::Receiver<Result<Vec<VerifiedEvent>, E>>,
) -> Result<Result<(IngestReport, Inserted), E>, StoreError> {
    let place = db.place();
    let mut conn = db.write().await;
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    let mut report = IngestReport::default();
    let mut new = Inserted::default();
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
        let total = batch.len();
        let stored = insert_in(&mut tx, &place, batch).await?;
        report.inserted += stored.stored.len();
        report.duplicates += total - stored.stored.len();
        new.stored
            .retain(|s| !stored.gone.iter().any(|g| g.pos == s.pos));
        new.stored.extend(stored.stored);
        new.gone.extend(stored.gone);
    }
    tx.commit()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    Ok(Ok((report, new)))
}

/// What one insert changed: events newly stored, and events deleted by deletion requests
/// among them.
#[derive(Debug, Default)]
pub(crate) struct Inserted {
    pub(crate) stored: Vec<Stored>,
    pub(crate) gone: Vec<Gone>,
}

async fn insert_in(
    conn: &mut SqliteConnection,
    place: &str,
    mut batch: Vec<VerifiedEvent>,
) -> Result<Inserted, StoreError> {
    let authors = intern(
        conn,
        place,
        "authors",
        distinct(batch.iter().flat_map(|e| {
            std::iter::once(e.author().as_bytes().to_vec()).chain(e.refs().iter().filter_map(|r| {
                match r {
                    supernet_core::Ref::Account(a) => Some(a.as_bytes().to_vec()),
                    _ => None,
                }
            }))
        })),
    )
    .await?;
    let tombstones = tombstoned(conn, place, &batch).await?;
    if !tombstones.is_empty() {
        // A chained event (one with `seq`) is never deleted: see `apply_deletion`.
        batch.retain(|e| {
            e.seq().is_some()
                || tombstones.get(e.id().as_bytes().as_slice())
                    != Some(&authors[e.author().as_bytes().as_slice()])
        });
    }
    let kinds = intern(
        conn,
        place,
        "kinds",
        distinct(batch.iter().map(|e| e.kind().to_owned())),
    )
    .await?;
    let rows: Vec<EventRow<'_>> = batch
        .iter()
        .map(|e| EventRow {
            kind: kinds[e.kind()],
            author: authors[e.author().as_bytes().as_slice()],
            created_at: to_sql_time(e.created_at()),
            expires_at: e.expires_at().map(to_sql_time),
            wire: e.wire(),
        })
        .collect();
    let positions = raw::insert_events(conn, place, &rows).await?;
    drop(rows);
    let mut stored: Vec<Stored> = batch
        .into_iter()
        .zip(positions)
        .filter_map(|(e, pos)| {
            pos.map(|pos| Stored {
                pos,
                event: e.into_event(),
            })
        })
        .collect();
    let mut named = Vec::new();
    for s in &stored {
        for r in s.event.refs() {
            if let supernet_core::Ref::Account(a) = r {
                named.push((
                    authors[a.as_bytes().as_slice()],
                    s.event.created_at(),
                    s.pos,
                ));
            }
        }
    }
    for chunk in crate::bulk::chunks(&named) {
        let sql = crate::bulk::values_sql(
            "INSERT OR IGNORE INTO named (account, created_at, pos) VALUES ",
            3,
            chunk.len(),
            "",
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (account, at, pos) in chunk {
            query = query.bind(*account).bind(to_sql_time(*at)).bind(*pos);
        }
        query
            .execute(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
    }
    let mut gone = Vec::new();
    for s in &stored {
        if s.event.kind() == deletion::KIND {
            let author = authors[s.event.author().as_bytes().as_slice()];
            gone.extend(apply_deletion(conn, place, &s.event, author).await?);
        }
    }
    if !gone.is_empty() {
        stored.retain(|s| !gone.iter().any(|g| g.pos == s.pos));
    }
    Ok(Inserted { stored, gone })
}

/// Tombstones of any of `batch`'s events: id → author (interned).
async fn tombstoned(
    conn: &mut SqliteConnection,
    place: &str,
    batch: &[VerifiedEvent],
) -> Result<HashMap<Vec<u8>, i64>, StoreError> {
    let mut found = HashMap::new();
    let any: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM deleted)")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(place, e))?;
    if !any {
        return Ok(found);
    }
    for chunk in batch.chunks(MAX_FILTER_VALUES) {
        let sql = format!(
            "SELECT id, author FROM deleted WHERE id IN ({})",
            placeholders(chunk.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for e in chunk {
            query = query.bind(e.id().as_bytes().to_vec());
        }
        for row in query
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?
        {
            found.insert(row.get::<Vec<u8>, _>(0), row.get::<i64, _>(1));
        }
    }
    Ok(found)
}

/// Records the tombstones of a deletion request by `author` (interned) and deletes the
/// targets it wrote; another author's events stay.
///
/// A chained event (one with `seq`: a payment, an asset transfer) is never deleted, here or
/// when it arrives after its tombstone: the chain is the record others rely on, and an author
/// who could delete it could erase a debt.
async fn apply_deletion(
    conn: &mut SqliteConnection,
    place: &str,
    request: &Event,
    author: i64,
) -> Result<Vec<Gone>, StoreError> {
    // Validated before it was stored; one stored under older rules is ignored.
    let Ok(targets) = deletion::targets(request) else {
        return Ok(Vec::new());
    };
    let mut gone = Vec::new();
    for id in targets {
        if chained(conn, place, &id, author).await? {
            continue;
        }
        sqlx::query("INSERT OR IGNORE INTO deleted (id, author, at, request) VALUES (?, ?, ?, ?)")
            .bind(id.as_bytes().to_vec())
            .bind(author)
            .bind(to_sql_time(request.created_at()))
            .bind(request.id().as_bytes().to_vec())
            .execute(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
        let sql = format!("DELETE FROM events WHERE {ID} = ? AND author = ? RETURNING pos");
        let pos: Option<i64> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(id.as_bytes().to_vec())
            .bind(author)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
        if let Some(pos) = pos {
            gone.push(Gone { pos, id });
        }
    }
    Ok(gone)
}

/// Where the flags byte sits in a stored wire, 1-based for SQLite's `substr`: after the id
/// (32 bytes), the signature (64) and the version (1). See `supernet_core::event`.
const WIRE_FLAGS_AT: i64 = 32 + 64 + 1 + 1;
/// The flag bit saying an event carries `seq` (is chained).
const FLAG_SEQ: u8 = 0b10;

/// Whether `author`'s stored event `id` is chained (carries `seq`).
async fn chained(
    conn: &mut SqliteConnection,
    place: &str,
    id: &EventId,
    author: i64,
) -> Result<bool, StoreError> {
    let sql = format!("SELECT substr(wire, ?, 1) FROM events WHERE {ID} = ? AND author = ?");
    let flags: Option<Vec<u8>> = sqlx::query_scalar(AssertSqlSafe(sql))
        .bind(WIRE_FLAGS_AT)
        .bind(id.as_bytes().to_vec())
        .bind(author)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(place, e))?;
    Ok(flags.is_some_and(|f| f.first().is_some_and(|b| b & FLAG_SEQ != 0)))
}

/// The `(pos, id)` rows a `DELETE … RETURNING` gave, as what went.
fn gone_rows(place: &str, rows: Vec<sqlx::sqlite::SqliteRow>) -> Result<Vec<Gone>, StoreError> {
    rows.into_iter()
        .map(|r| {
            Ok(Gone {
                pos: r.get(0),
                id: event_id(place, r.get(1))?,
            })
        })
        .collect()
}

/// Deletes up to `limit` events by `author`; returns what went.
pub(crate) async fn delete_author(
    db: &Db,
    author: &AccountId,
    limit: u32,
) -> Result<Vec<Gone>, StoreError> {
    let place = db.place();
    let mut conn = db.write().await;
    let sql = format!(
        "DELETE FROM events WHERE pos IN (SELECT pos FROM events \
         WHERE author = (SELECT id FROM authors WHERE key = ?) LIMIT ?) RETURNING pos, {ID}"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(author.as_bytes().to_vec())
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    gone_rows(&place, rows)
}

/// An event deleted at its author's request.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Tombstone {
    /// The deleted event.
    pub id: EventId,
    /// Its author, who asked.
    pub author: AccountId,
    /// When the deletion was asked for (ms since the epoch).
    pub deleted_at: Timestamp,
    /// The deletion request's id.
    pub request: EventId,
}

/// Tombstones: of `ids` when given, else the newest `limit` (of `author`, when given).
pub(crate) async fn tombstones(
    db: &Db,
    ids: &[EventId],
    author: Option<&AccountId>,
    limit: u32,
) -> Result<Vec<Tombstone>, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    let head =
        "SELECT d.id, a.key, d.at, d.request FROM deleted d JOIN authors a ON a.id = d.author";
    let rows = if !ids.is_empty() {
        let mut rows = Vec::new();
        for chunk in ids.chunks(MAX_FILTER_VALUES) {
            let sql = format!("{head} WHERE d.id IN ({})", placeholders(chunk.len()));
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id.as_bytes().to_vec());
            }
            rows.extend(
                query
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(|e| StoreError::sqlite(&place, e))?,
            );
        }
        rows
    } else {
        let filter = if author.is_some() {
            " WHERE a.key = ?"
        } else {
            ""
        };
        let sql = format!("{head}{filter} ORDER BY d.at DESC LIMIT ?");
        let mut query = sqlx::query(AssertSqlSafe(sql));
        if let Some(a) = author {
            query = query.bind(a.as_bytes().to_vec());
        }
        query
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(&place, e))?
    };
    rows.into_iter()
        .map(|r| {
            let author: Vec<u8> = r.get(1);
            let author = <[u8; 32]>::try_from(author.as_slice())
                .map(AccountId::from_bytes)
                .map_err(|_| StoreError::Corrupt {
                    place: place.clone(),
                    detail: "an author key is not 32 bytes".into(),
                })?;
            Ok(Tombstone {
                id: event_id(&place, r.get(0))?,
                author,
                deleted_at: r.get::<i64, _>(2).max(0) as Timestamp,
                request: event_id(&place, r.get(3))?,
            })
        })
        .collect()
}

/// A local setting, if set.
pub(crate) async fn local(db: &Db, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    sqlx::query_scalar("SELECT value FROM local WHERE key = ?")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))
}

/// Sets (or, with `None`, clears) a local setting.
pub(crate) async fn set_local(db: &Db, key: &str, value: Option<&[u8]>) -> Result<(), StoreError> {
    let place = db.place();
    let mut conn = db.write().await;
    let query = match value {
        Some(v) => sqlx::query("INSERT OR REPLACE INTO local (key, value) VALUES (?, ?)")
            .bind(key)
            .bind(v.to_vec()),
        None => sqlx::query("DELETE FROM local WHERE key = ?").bind(key),
    };
    query
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    Ok(())
}

fn distinct<T: Eq + std::hash::Hash>(values: impl Iterator<Item = T>) -> Vec<T> {
    let set: std::collections::HashSet<T> = values.collect();
    set.into_iter().collect()
}

/// Gives each of `keys` its small integer in `table` (`authors` or `kinds`), adding those
/// not seen before.
async fn intern<T>(
    conn: &mut SqliteConnection,
    place: &str,
    table: &'static str,
    keys: Vec<T>,
) -> Result<HashMap<T, i64>, StoreError>
where
    T: for<'q> sqlx::Encode<'q, sqlx::Sqlite>
        + sqlx::Type<sqlx::Sqlite>
        + for<'r> sqlx::Decode<'r, sqlx::Sqlite>
        + Eq
        + std::hash::Hash
        + Clone
        + Send
        + 'static,
{
    let mut ids = HashMap::with_capacity(keys.len());
    for chunk in crate::bulk::chunks(&keys) {
        let head = format!("INSERT INTO {table} (key) VALUES ");
        let sql = crate::bulk::values_sql(&head, 1, chunk.len(), " ON CONFLICT (key) DO NOTHING");
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for k in chunk {
            query = query.bind(k.clone());
        }
        query
            .execute(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
        let sql = format!(
            "SELECT key, id FROM {table} WHERE key IN ({})",
            placeholders(chunk.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for k in chunk {
            query = query.bind(k.clone());
        }
        for row in query
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?
        {
            ids.insert(
                row.try_get::<T, _>(0)
                    .map_err(|e| StoreError::sqlite(place, e))?,
                row.get(1),
            );
        }
    }
    Ok(ids)
}

pub(crate) async fn get(db: &Db, id: &EventId) -> Result<Option<Event>, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    let sql = format!("SELECT wire FROM events WHERE {ID} = ?");
    let wire: Option<Vec<u8>> = sqlx::query_scalar(AssertSqlSafe(sql))
        .bind(id.as_bytes().to_vec())
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    wire.map(|w| decode_stored(&place, w)).transpose()
}

/// The wire bytes of the events with these ids that are stored (in no particular order).
pub(crate) async fn wires(db: &Db, ids: &[EventId]) -> Result<Vec<Vec<u8>>, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    raw::wires(&mut conn, &place, ids).await
}

/// `(created_at, id)` of the events by these authors and of these kinds (any, when empty)
/// created in `from..=to`, unsorted.
pub(crate) async fn keys(
    db: &Db,
    authors: &[AccountId],
    named: &[AccountId],
    kinds: &[String],
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(Timestamp, [u8; 32])>, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    let (from, to) = (to_sql_time(from), to_sql_time(to));
    let kind_ids = interned(&mut conn, &place, "kinds", kinds.to_vec()).await?;
    if !kinds.is_empty() && kind_ids.is_empty() {
        return Ok(Vec::new());
    }
    let kind_ok = |kind: i64| kinds.is_empty() || kind_ids.contains(&kind);
    let mut keys = Vec::new();
    if !named.is_empty() {
        let keys_of = named.iter().map(|a| a.as_bytes().to_vec()).collect();
        let named_ids = interned(&mut conn, &place, "authors", keys_of).await?;
        let mut seen = std::collections::HashSet::new();
        for account in named_ids {
            let sql = format!(
                "SELECT n.created_at, e.kind, {ID}, e.author FROM named n JOIN events e ON e.pos = n.pos \
                 WHERE n.account = ? AND n.created_at BETWEEN ? AND ?"
            );
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(account)
                .bind(from)
                .bind(to)
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| StoreError::sqlite(&place, e))?;
            for row in rows {
                let id: Vec<u8> = row.get(2);
                let Ok(id) = <[u8; 32]>::try_from(id.as_slice()) else {
                    continue;
                };
                if kind_ok(row.get(1)) && seen.insert(id) {
                    keys.push((row.get::<i64, _>(0).max(0) as Timestamp, id));
                }
            }
        }
        if authors.is_empty() {
            return Ok(keys);
        }
        // Events both by a followed author and naming an account are counted once.
        let mut by_authors = Vec::new();
        let keys_of = authors.iter().map(|a| a.as_bytes().to_vec()).collect();
        for author in interned(&mut conn, &place, "authors", keys_of).await? {
            raw::keys(
                &mut conn,
                &place,
                Some(author),
                kind_ok,
                from,
                to,
                &mut by_authors,
            )
            .await?;
        }
        keys.extend(by_authors.into_iter().filter(|(_, id)| !seen.contains(id)));
        return Ok(keys);
    }
    if authors.is_empty() {
        raw::keys(&mut conn, &place, None, kind_ok, from, to, &mut keys).await?;
    } else {
        let keys_of = authors.iter().map(|a| a.as_bytes().to_vec()).collect();
        for author in interned(&mut conn, &place, "authors", keys_of).await? {
            raw::keys(
                &mut conn,
                &place,
                Some(author),
                kind_ok,
                from,
                to,
                &mut keys,
            )
            .await?;
        }
    }
    Ok(keys)
}

/// The small integers that `table` (`authors` or `kinds`) gave those of `keys` it knows.
async fn interned<T>(
    conn: &mut SqliteConnection,
    place: &str,
    table: &'static str,
    keys: Vec<T>,
) -> Result<Vec<i64>, StoreError>
where
    T: for<'q> sqlx::Encode<'q, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + Send + 'static,
{
    let mut ids = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(MAX_FILTER_VALUES) {
        let sql = format!(
            "SELECT id FROM {table} WHERE key IN ({})",
            placeholders(chunk.len())
        );
        let mut query = sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql));
        for k in chunk {
            query = query.bind(k);
        }
        ids.extend(
            query
                .fetch_all(&mut *conn)
                .await
                .map_err(|e| StoreError::sqlite(place, e))?,
        );
    }
    Ok(ids)
}

/// How many events and bytes an author has stored.
pub(crate) async fn usage(db: &Db, author: Option<&AccountId>) -> Result<(u64, u64), StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    let row: (i64, i64) = match author {
        Some(a) => {
            sqlx::query_as(
                "SELECT count(*), coalesce(sum(length(wire)), 0) FROM events \
             WHERE author = (SELECT id FROM authors WHERE key = ?)",
            )
            .bind(a.as_bytes().to_vec())
            .fetch_one(&mut *conn)
            .await
        }
        None => {
            sqlx::query_as("SELECT count(*), coalesce(sum(length(wire)), 0) FROM events")
                .fetch_one(&mut *conn)
                .await
        }
    }
    .map_err(|e| StoreError::sqlite(&place, e))?;
    Ok((row.0 as u64, row.1 as u64))
}

/// The events at these log positions (those still stored), in the order asked.
pub(crate) async fn at_positions(db: &Db, positions: &[i64]) -> Result<Vec<Stored>, StoreError> {
    if positions.len() > MAX_PAGE as usize {
        return Err(StoreError::InvalidQuery(format!(
            "at most {MAX_PAGE} positions at once"
        )));
    }
    if positions.is_empty() {
        return Ok(Vec::new());
    }
    let place = db.place();
    let sql = format!(
        "SELECT pos, wire FROM events WHERE pos IN ({})",
        placeholders(positions.len())
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for pos in positions {
        query = query.bind(*pos);
    }
    let mut conn = db.read().await?;
    let rows = query
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    let mut found: HashMap<i64, Vec<u8>> = rows.into_iter().map(|r| (r.get(0), r.get(1))).collect();
    positions
        .iter()
        .filter_map(|pos| found.remove(pos).map(|w| (*pos, w)))
        .map(|(pos, wire)| {
            Ok(Stored {
                pos,
                event: decode_stored(&place, wire)?,
            })
        })
        .collect()
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
    // One author's events (its follows, its posts) come from its own index: SQLite's guess
    // otherwise walks a whole kind's index (every follow of every account) and filters.
    let index = if q.authors.len() == 1 {
        " INDEXED BY events_by_author"
    } else {
        ""
    };
    let mut sql = format!("SELECT pos, created_at, wire FROM events{index} WHERE 1");
    if !q.authors.is_empty() {
        sql.push_str(&format!(
            " AND author IN (SELECT id FROM authors WHERE key IN ({}))",
            placeholders(q.authors.len())
        ));
    }
    if !q.kinds.is_empty() {
        sql.push_str(&format!(
            " AND kind IN (SELECT id FROM kinds WHERE key IN ({}))",
            placeholders(q.kinds.len())
        ));
    }
    if q.since.is_some() {
        sql.push_str(" AND created_at >= ?");
    }
    if q.until.is_some() {
        sql.push_str(" AND created_at <= ?");
    }
    if q.before.is_some() {
        sql.push_str(" AND (created_at, pos) < (?, ?)");
    }
    sql.push_str(" ORDER BY created_at DESC, pos DESC LIMIT ?");

    let mut query = sqlx::query(AssertSqlSafe(sql));
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
        query = query.bind(to_sql_time(c.created_at)).bind(c.pos);
    }
    query = query.bind(i64::from(q.limit));

    let place = db.place();
    let mut conn = db.read().await?;
    let rows = query
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    let last = rows.last().map(|r| Cursor {
        created_at: r.get::<i64, _>(1) as u64,
        pos: r.get(0),
    });
    let full = rows.len() == q.limit as usize;
    let events = rows
        .into_iter()
        .map(|r| decode_stored(&place, r.get(2)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        events,
        next: if full { last } else { None },
    })
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

/// Up to `limit` events after position `after` (and at most `upto`) whose wire bytes
/// contain `needle`, in log order. SQLite does the search: nothing else is decoded.
pub(crate) async fn scan_containing(
    db: &Db,
    after: i64,
    upto: i64,
    needle: &[u8],
    limit: u32,
) -> Result<Vec<Stored>, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    let rows = sqlx::query(
        "SELECT pos, wire FROM events WHERE pos > ? AND pos <= ? AND instr(wire, ?) > 0 \
         ORDER BY pos LIMIT ?",
    )
    .bind(after)
    .bind(upto)
    .bind(needle)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| StoreError::sqlite(&place, e))?;
    rows.into_iter()
        .map(|row| {
            Ok(Stored {
                pos: row.get(0),
                event: decode_stored(&place, row.get(1))?,
            })
        })
        .collect()
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
        sql.push_str(&format!(
            " AND kind IN (SELECT id FROM kinds WHERE key IN ({}))",
            placeholders(kinds.len())
        ));
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

/// When the next stored event expires, if any does.
pub(crate) async fn next_expiry(db: &Db) -> Result<Option<Timestamp>, StoreError> {
    let place = db.place();
    let mut conn = db.read().await?;
    let t: Option<i64> =
        sqlx::query_scalar("SELECT min(expires_at) FROM events WHERE expires_at IS NOT NULL")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(&place, e))?;
    Ok(t.map(|t| t.max(0) as Timestamp))
}

/// Deletes up to `limit` events expired at `now`; returns what went.
pub(crate) async fn delete_expired(
    db: &Db,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<Gone>, StoreError> {
    let place = db.place();
    let mut conn = db.write().await;
    let sql = format!(
        "DELETE FROM events WHERE pos IN \
         (SELECT pos FROM events WHERE expires_at <= ? ORDER BY expires_at LIMIT ?) RETURNING pos, {ID}"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(to_sql_time(now))
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    gone_rows(&place, rows)
}
