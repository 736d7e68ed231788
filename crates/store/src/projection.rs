//! Projections: evented tables an application derives from the event log.
//!
//! A projection lives in its application's database. The table `_projections` there holds,
//! per projection, its version and its cursor — the last log position it has applied —
//! updated in the same transaction as the projection's rows. Applying is therefore
//! exactly-once even across crashes: whatever was not applied is found again by position.

use sqlx::{AssertSqlSafe, Connection, SqliteConnection};

use crate::StoreError;
use crate::db::Db;
use crate::events::{self, Gone, Stored};

/// Any error a projection reports.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Schema steps of every application database.
pub(crate) const MIGRATIONS: &[&str] = &[r#"
    CREATE TABLE _projections (
        name    TEXT    PRIMARY KEY,
        version INTEGER NOT NULL,
        cursor  INTEGER NOT NULL
    );
"#];

/// Events read from the log per catch-up step: bounds memory during a rebuild of millions.
const CATCH_UP_BATCH: u32 = 2000;

/// An evented table: created from `schema`, fed the events of `kinds` in log order, told
/// when events disappear, and rebuildable from the log at any time.
#[async_trait::async_trait]
pub trait Projection: Send + Sync + std::fmt::Debug + 'static {
    /// Name, unique within the namespace.
    fn name(&self) -> &str;
    /// Schema version: change it and the projection is dropped and rebuilt from events.
    fn version(&self) -> u32;
    /// The event kinds it reads.
    fn kinds(&self) -> Vec<String>;
    /// SQL that creates its tables and indexes (run on an empty schema).
    fn schema(&self) -> &str;
    /// The tables (and views) `schema` creates, dropped before a rebuild.
    fn tables(&self) -> Vec<String>;
    /// Applies new events of its kinds, in log order, inside the caller's transaction.
    async fn apply(&self, conn: &mut SqliteConnection, events: &[Stored]) -> Result<(), BoxError>;
    /// Forgets events that left the log (expired or deleted), inside the caller's transaction.
    async fn remove(&self, conn: &mut SqliteConnection, gone: &[Gone]) -> Result<(), BoxError>;
}

fn failed(namespace: &str, p: &dyn Projection, source: BoxError) -> StoreError {
    StoreError::Projection {
        namespace: namespace.to_owned(),
        projection: p.name().to_owned(),
        source,
    }
}

async fn state(
    conn: &mut SqliteConnection,
    place: &str,
    name: &str,
) -> Result<Option<(u32, i64)>, StoreError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT version, cursor FROM _projections WHERE name = ?")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| StoreError::sqlite(place, e))?;
    Ok(row.map(|(v, c)| (v as u32, c)))
}

async fn set_cursor(
    conn: &mut SqliteConnection,
    place: &str,
    name: &str,
    version: u32,
    cursor: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO _projections (name, version, cursor) VALUES (?, ?, ?) \
         ON CONFLICT (name) DO UPDATE SET version = excluded.version, cursor = excluded.cursor",
    )
    .bind(name)
    .bind(i64::from(version))
    .bind(cursor)
    .execute(&mut *conn)
    .await
    .map_err(|e| StoreError::sqlite(place, e))?;
    Ok(())
}

/// At open: creates or rebuilds the projection as its version requires, then catches up.
pub(crate) async fn prepare(
    events_db: &Db,
    namespace: &str,
    app_db: &Db,
    p: &dyn Projection,
) -> Result<(), StoreError> {
    let place = app_db.place();
    let current = {
        let mut conn = app_db.write().await;
        state(&mut conn, &place, p.name()).await?
    };
    match current {
        Some((version, _)) if version == p.version() => {
            catch_up(events_db, namespace, app_db, p).await
        }
        Some((version, _)) => {
            tracing::info!(
                namespace,
                projection = p.name(),
                from = version,
                to = p.version(),
                "the table changed: rebuilding it from the event log"
            );
            rebuild(events_db, namespace, app_db, p).await
        }
        None => rebuild(events_db, namespace, app_db, p).await,
    }
}

/// Drops the projection's tables, recreates them empty and replays the whole log.
pub(crate) async fn rebuild(
    events_db: &Db,
    namespace: &str,
    app_db: &Db,
    p: &dyn Projection,
) -> Result<(), StoreError> {
    let place = app_db.place();
    {
        let mut conn = app_db.write().await;
        let mut tx = conn
            .begin()
            .await
            .map_err(|e| StoreError::sqlite(&place, e))?;
        for table in p.tables() {
            let sql = format!("DROP TABLE IF EXISTS \"{}\"", table.replace('"', "\"\""));
            sqlx::query(AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::sqlite(&place, e))?;
        }
        sqlx::raw_sql(AssertSqlSafe(p.schema().to_owned()))
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::sqlite(&place, e))?;
        set_cursor(&mut tx, &place, p.name(), p.version(), 0).await?;
        tx.commit()
            .await
            .map_err(|e| StoreError::sqlite(&place, e))?;
    }
    catch_up(events_db, namespace, app_db, p).await
}

/// Applies everything in the log after the projection's cursor.
pub(crate) async fn catch_up(
    events_db: &Db,
    namespace: &str,
    app_db: &Db,
    p: &dyn Projection,
) -> Result<(), StoreError> {
    let mut conn = app_db.write().await;
    catch_up_locked(events_db, namespace, app_db, &mut conn, p).await
}

async fn catch_up_locked(
    events_db: &Db,
    namespace: &str,
    app_db: &Db,
    conn: &mut SqliteConnection,
    p: &dyn Projection,
) -> Result<(), StoreError> {
    let place = app_db.place();
    let events_place = events_db.place();
    let kinds = p.kinds();
    let mut cursor = state(conn, &place, p.name()).await?.map_or(0, |(_, c)| c);
    // Read the log's end first: everything up to it is in the snapshot the scans see.
    let end = {
        let mut reader = events_db.read().await?;
        events::last_pos(&mut reader, &events_place).await?
    };
    while cursor < end {
        let batch = {
            let mut reader = events_db.read().await?;
            events::scan_with(
                &mut reader,
                &events_place,
                cursor,
                CATCH_UP_BATCH,
                Some(&kinds),
            )
            .await?
        };
        let batch: Vec<Stored> = batch.into_iter().filter(|s| s.pos <= end).collect();
        let full = batch.len() == CATCH_UP_BATCH as usize;
        let next = if full {
            batch.last().map_or(end, |s| s.pos)
        } else {
            end
        };
        let mut tx = conn
            .begin()
            .await
            .map_err(|e| StoreError::sqlite(&place, e))?;
        if !batch.is_empty() {
            p.apply(&mut tx, &batch)
                .await
                .map_err(|e| failed(namespace, p, e))?;
        }
        set_cursor(&mut tx, &place, p.name(), p.version(), next).await?;
        tx.commit()
            .await
            .map_err(|e| StoreError::sqlite(&place, e))?;
        cursor = next;
    }
    Ok(())
}

/// After an ingest: applies the newly stored events `new` (in log order). When the
/// projection's cursor sits right before them it applies them from memory; otherwise it
/// catches up from the log, which also covers `new`.
pub(crate) async fn apply_new(
    events_db: &Db,
    namespace: &str,
    app_db: &Db,
    p: &dyn Projection,
    new: &[Stored],
) -> Result<(), StoreError> {
    let (Some(first), Some(last)) = (new.first(), new.last()) else {
        return Ok(());
    };
    let place = app_db.place();
    let mut conn = app_db.write().await;
    let cursor = state(&mut conn, &place, p.name())
        .await?
        .map_or(0, |(_, c)| c);
    if cursor >= last.pos {
        return Ok(());
    }
    let contiguous = cursor < first.pos && {
        let mut reader = events_db.read().await?;
        let gap: Option<i64> =
            sqlx::query_scalar("SELECT pos FROM events WHERE pos > ? AND pos < ? LIMIT 1")
                .bind(cursor)
                .bind(first.pos)
                .fetch_optional(&mut *reader)
                .await
                .map_err(|e| StoreError::sqlite(&events_db.place(), e))?;
        gap.is_none()
    };
    if !contiguous {
        return catch_up_locked(events_db, namespace, app_db, &mut conn, p).await;
    }
    let kinds = p.kinds();
    let wanted = |s: &Stored| kinds.iter().any(|k| k == s.event.kind());
    let filtered: Vec<Stored>;
    let mine: &[Stored] = if new.iter().all(wanted) {
        new
    } else {
        filtered = new.iter().filter(|s| wanted(s)).cloned().collect();
        &filtered
    };
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    if !mine.is_empty() {
        p.apply(&mut tx, mine)
            .await
            .map_err(|e| failed(namespace, p, e))?;
    }
    set_cursor(&mut tx, &place, p.name(), p.version(), last.pos).await?;
    tx.commit()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    Ok(())
}

/// Tells the projection that `ids` left the log.
pub(crate) async fn remove(
    namespace: &str,
    app_db: &Db,
    p: &dyn Projection,
    gone: &[Gone],
) -> Result<(), StoreError> {
    let place = app_db.place();
    let mut conn = app_db.write().await;
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    p.remove(&mut tx, gone)
        .await
        .map_err(|e| failed(namespace, p, e))?;
    tx.commit()
        .await
        .map_err(|e| StoreError::sqlite(&place, e))?;
    Ok(())
}
