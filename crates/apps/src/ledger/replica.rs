//! The books on the account's other devices: nodes that hold the same account (restored
//! from its recovery phrase) keep the same books.
//!
//! Every change to the books' tables — a method, an import, the wallet's entries — is
//! noted by SQLite triggers in `ledger_outbox` (see the books' schema step 2). [`flush`]
//! turns the notes into `ledger.change` events: the rows as they are now, as JSON,
//! encrypted under a key only the account derives and signed by it. That kind is kept only
//! on the account's own devices ([`crate::KindSpec::own_devices_only`]): nodes never gossip
//! it, ask only the account's own nodes for it, and store none by another account; and
//! what a node breaking the rule would get is ciphertext. The other devices fetch the
//! events when they sync, and [`apply`] writes the rows into their books.
//!
//! ```text
//!  ledger.add / import / delete / set_price, wallet ─▶ books ─trigger─▶ ledger_outbox
//!  flush: outbox ─▶ rows as they are (JSON ops) ─▶ encrypt ─▶ ledger.change (≤ 40 KiB)
//!  another device: sync ─▶ reactor ─▶ apply: decrypt ─▶ rows into its books (triggers quiet)
//! ```
//!
//! Merging: a transaction is known on every device by its `uid` (random; for a wallet
//! entry derived from its transfer, so two devices that recorded the same payment agree).
//! Changes apply in the order they were made; a deletion is remembered with its time, so a
//! copy made before it never comes back while one added again later (an import) does, and
//! a newer copy of a transaction replaces an older one. Accounts and prices are upserts.
//! Balance assertions are not enforced on another device's changes (as for the wallet's
//! entries): `ledger.check` lists any that changes made on two devices broke together.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use sqlx::{Connection, Row, SqliteConnection};
use supernet_core::{AccountId, ApiError, Draft, ErrorCode, Event, EventId};
use supernet_store::{Notice, Store};

use super::{APP_ID, books, sql, writer};
use crate::chat::seal;
use crate::contract::{Ctx, KindSpec, Reactor};

/// The kind of a change to the books, sent to the account's other devices.
pub const CHANGE: &str = "ledger.change";
/// What the books' key is derived for: the same on every device of the account.
const KEY_CONTEXT: &str = "supernet ledger books v1";
/// Largest plaintext of one change: its ciphertext, in base64 inside JSON, stays under an
/// event's 64 KiB body.
const MAX_CHANGE_PLAIN: usize = 40 * 1024;
/// Notes read from the outbox at a time.
const OUTBOX_PAGE: i64 = 1000;
/// Stored events looked at per step when looking for changes to apply.
const SCAN_PAGE: u32 = 500;
/// Ciphertext overhead: the nonce and the tag.
const SEAL_OVERHEAD: usize = 12 + 16;

/// One flush at a time per process: two would send the same notes twice.
static FLUSHING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The body of a `ledger.change` event.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeBody {
    /// The change (a [`Change`] as JSON), encrypted (base64).
    ct: String,
}

/// A change: operations on rows, in the order they were made.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    /// Each a JSON object with an `op` (see [`OP_SQL`]).
    ops: Vec<serde_json::Value>,
}

fn aad(author: &AccountId) -> Vec<u8> {
    let mut aad = b"supernet ledger change v1".to_vec();
    aad.extend(author.as_bytes());
    aad
}

fn check_body(event: &Event) -> Result<(), String> {
    if !event.refs().is_empty() {
        return Err("a ledger change names nothing".into());
    }
    let body: ChangeBody =
        serde_json::from_slice(event.body()).map_err(|e| format!("ledger change: {e}"))?;
    let ct = B64
        .decode(&body.ct)
        .map_err(|e| format!("ledger change: ct is not base64: {e}"))?;
    if ct.len() <= SEAL_OVERHEAD {
        return Err("ledger change: ct is too short to hold anything".into());
    }
    Ok(())
}

/// The kind's registration: kept only on the account's own devices.
pub fn kind() -> KindSpec {
    KindSpec {
        name: CHANGE.into(),
        description: "A change to the author's books, encrypted for its own devices".into(),
        validator: std::sync::Arc::new(check_body),
        own_devices_only: true,
    }
}

/// What wakes [`react`]: changes arriving from another device.
pub fn reactor() -> Reactor {
    Reactor::new(APP_ID, &[CHANGE], react)
}

/// Applies what other devices changed, then sends what changed here.
async fn react(ctx: Ctx, _events: Vec<Event>) -> Result<(), ApiError> {
    let Some(me) = ctx.account() else {
        return Ok(());
    };
    apply(&ctx, me).await?;
    match flush(&ctx).await {
        Err(e) if e.code == ErrorCode::Locked => Ok(()),
        other => other.map(|_| ()),
    }
}

/// The SQL that reads one outbox note's row as an operation (`?1`: its key), by `what`.
/// `None`: the operation is the key itself (something that went).
fn read_sql(what: &str) -> Option<&'static str> {
    Some(match what {
        "txn" => {
            "SELECT json_object('op', 'txn', 'uid', t.uid, 'date', t.date, 'status', t.status, \
               'code', t.code, 'description', t.description, 'external', t.external, \
               'created_at', t.created_at, \
               'postings', (SELECT json_group_array(json_object('account', p.account, \
                   'amount', p.amount, 'commodity', p.commodity, 'cost_total', p.cost_total, \
                   'cost', p.cost, 'cost_commodity', p.cost_commodity, \
                   'assert_amount', p.assert_amount, 'assert_commodity', p.assert_commodity, \
                   'assert_total', p.assert_total, 'assert_inclusive', p.assert_inclusive, \
                   'inferred', p.inferred)) \
                 FROM (SELECT * FROM ledger_postings WHERE txn = t.id ORDER BY idx) p), \
               'accounts', (SELECT json_group_array(json_object('name', a.name, 'kind', a.kind, \
                   'opened', a.opened, 'declared', a.declared)) FROM ledger_accounts a \
                 WHERE a.name IN (SELECT account FROM ledger_postings WHERE txn = t.id))) \
             FROM ledger_txns t WHERE t.uid = ?1"
        }
        "check" => {
            "SELECT json_object('op', 'check', 'uid', c.uid, 'date', c.date, \
               'account', c.account, 'amount', c.amount, 'commodity', c.commodity, \
               'accounts', (SELECT json_group_array(json_object('name', a.name, 'kind', a.kind, \
                   'opened', a.opened, 'declared', a.declared)) FROM ledger_accounts a \
                 WHERE a.name = c.account)) \
             FROM ledger_checks c WHERE c.uid = ?1"
        }
        "account" => {
            "SELECT json_object('op', 'account', 'name', name, 'kind', kind, 'opened', opened, \
               'declared', declared) FROM ledger_accounts WHERE name = ?1"
        }
        // Gone, and when; nothing when it was added again since (a later note sends it).
        "txn-" => {
            "SELECT json_object('op', 'txn-', 'uid', uid, 'at', at) FROM ledger_deleted \
             WHERE uid = ?1"
        }
        "price" => {
            "SELECT json_object('op', 'price', 'commodity', commodity, 'quote', quote, \
               'date', date, 'price', price) FROM ledger_prices \
             WHERE commodity = json_extract(?1, '$[0]') AND quote = json_extract(?1, '$[1]') \
               AND date = json_extract(?1, '$[2]')"
        }
        _ => return None,
    })
}

/// The operation an outbox note stands for, from the rows as they are now; `None` when
/// the row has gone since (a later note says so).
async fn read_op(
    conn: &mut SqliteConnection,
    what: &str,
    key: &str,
) -> Result<Option<String>, ApiError> {
    if let Some(sql_text) = read_sql(what) {
        return sqlx::query_scalar(sqlx::AssertSqlSafe(sql_text))
            .bind(key)
            .fetch_optional(&mut *conn)
            .await
            .map_err(sql);
    }
    let op = match what {
        "check-" => serde_json::json!({"op": what, "uid": key}),
        "account-" => serde_json::json!({"op": what, "name": key}),
        "price-" => {
            let key: serde_json::Value = serde_json::from_str(key)
                .map_err(|e| ApiError::internal(format!("a price note's key: {e}")))?;
            serde_json::json!({"op": what, "key": key})
        }
        other => {
            return Err(ApiError::internal(format!(
                "an outbox note of unknown kind {other:?}"
            )));
        }
    };
    Ok(Some(op.to_string()))
}

/// Sends what changed in the books since the last flush to the account's other devices;
/// returns how many change events it published. Fails with `locked` while the key is
/// locked (the notes wait for the next flush).
pub async fn flush(ctx: &Ctx) -> Result<usize, ApiError> {
    let Some(me) = ctx.account() else {
        return Ok(0);
    };
    let _one = FLUSHING.lock().await;
    let store = ctx.store();
    let mut published = 0;
    loop {
        let notes = {
            let mut writer = writer(store).await?;
            let conn = writer.conn();
            let rows = sqlx::query("SELECT seq, what, key FROM ledger_outbox ORDER BY seq LIMIT ?")
                .bind(OUTBOX_PAGE)
                .fetch_all(&mut *conn)
                .await
                .map_err(sql)?;
            let mut notes = Vec::with_capacity(rows.len());
            for row in rows {
                let (seq, what, key): (i64, String, String) = (row.get(0), row.get(1), row.get(2));
                notes.push((seq, read_op(conn, &what, &key).await?));
            }
            notes
        };
        if notes.is_empty() {
            return Ok(published);
        }
        let key = ctx.derive_secret(KEY_CONTEXT)?;
        for (upto, ops) in pack(notes) {
            let event = if ops.is_empty() {
                None
            } else {
                let plain = format!("{{\"ops\":[{}]}}", ops.join(","));
                let ct =
                    seal::encrypt(&key, plain.as_bytes(), &aad(&me)).map_err(ApiError::internal)?;
                let body = serde_json::to_vec(&ChangeBody { ct: B64.encode(ct) })
                    .map_err(|e| ApiError::internal(e.to_string()))?;
                Some(ctx.publish(Draft::new(CHANGE, ctx.now(), body)).await?)
            };
            let mut writer = writer(store).await?;
            let mut tx = writer.conn().begin().await.map_err(sql)?;
            sqlx::query("DELETE FROM ledger_outbox WHERE seq <= ?")
                .bind(upto)
                .execute(&mut *tx)
                .await
                .map_err(sql)?;
            if let Some(event) = &event {
                sqlx::query("INSERT OR IGNORE INTO ledger_applied (event) VALUES (?)")
                    .bind(event.id().0.as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(sql)?;
                published += 1;
            }
            tx.commit().await.map_err(sql)?;
        }
    }
}

/// Groups operations into changes under [`MAX_CHANGE_PLAIN`], each with the last outbox
/// note it covers. An operation too large for any change (a transaction of hundreds of
/// postings) is left out, with a warning: it stays in these books only.
fn pack(notes: Vec<(i64, Option<String>)>) -> Vec<(i64, Vec<String>)> {
    let mut changes = Vec::new();
    let mut ops: Vec<String> = Vec::new();
    let mut size = 0;
    let mut upto = 0;
    for (seq, op) in notes {
        if let Some(op) = op {
            if op.len() + 16 > MAX_CHANGE_PLAIN {
                tracing::warn!(
                    bytes = op.len(),
                    "a change to the books is too large to send to the account's other devices"
                );
            } else {
                if size + op.len() + 16 > MAX_CHANGE_PLAIN {
                    changes.push((upto, std::mem::take(&mut ops)));
                    size = 0;
                }
                size += op.len() + 1;
                ops.push(op);
            }
        }
        upto = seq;
    }
    changes.push((upto, ops));
    changes
}

#[cfg(test)]
pub(super) fn pack_for_test(notes: Vec<(i64, Option<String>)>) -> Vec<(i64, Vec<String>)> {
    pack(notes)
}

/// The SQL that writes one operation from another device (`?1`: the operation as JSON),
/// by its `op`. A transaction is written by [`apply_txn`].
fn write_sql(op: &str) -> Option<&'static [&'static str]> {
    const ACCOUNTS: &str = "INSERT INTO ledger_accounts (name, kind, opened, declared) \
        SELECT json_extract(value, '$.name'), json_extract(value, '$.kind'), \
               json_extract(value, '$.opened'), json_extract(value, '$.declared') \
        FROM json_each(?1, '$.accounts') WHERE true ON CONFLICT (name) DO NOTHING";
    Some(match op {
        "txn-" => &[
            "INSERT INTO ledger_deleted (uid, at) \
             VALUES (json_extract(?1, '$.uid'), json_extract(?1, '$.at')) \
             ON CONFLICT (uid) DO UPDATE SET at = max(at, excluded.at)",
            "DELETE FROM ledger_txns WHERE uid = json_extract(?1, '$.uid') \
             AND created_at <= json_extract(?1, '$.at')",
        ],
        "check" => &[
            ACCOUNTS,
            "INSERT INTO ledger_checks (uid, date, account, amount, commodity) \
             SELECT json_extract(?1, '$.uid'), json_extract(?1, '$.date'), \
                    json_extract(?1, '$.account'), json_extract(?1, '$.amount'), \
                    json_extract(?1, '$.commodity') \
             WHERE NOT EXISTS (SELECT 1 FROM ledger_checks WHERE uid = json_extract(?1, '$.uid'))",
        ],
        "check-" => &["DELETE FROM ledger_checks WHERE uid = json_extract(?1, '$.uid')"],
        "account" => &[
            "INSERT INTO ledger_accounts (name, kind, opened, declared) \
             VALUES (json_extract(?1, '$.name'), json_extract(?1, '$.kind'), \
                     json_extract(?1, '$.opened'), json_extract(?1, '$.declared')) \
             ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, opened = excluded.opened, \
                declared = excluded.declared",
        ],
        "account-" => &[
            "DELETE FROM ledger_accounts WHERE name = json_extract(?1, '$.name') \
             AND NOT EXISTS (SELECT 1 FROM ledger_postings WHERE account = ledger_accounts.name) \
             AND NOT EXISTS (SELECT 1 FROM ledger_checks WHERE account = ledger_accounts.name)",
        ],
        "price" => &["INSERT INTO ledger_prices (commodity, quote, date, price) \
             VALUES (json_extract(?1, '$.commodity'), json_extract(?1, '$.quote'), \
                     json_extract(?1, '$.date'), json_extract(?1, '$.price')) \
             ON CONFLICT (commodity, quote, date) DO UPDATE SET price = excluded.price"],
        "price-" => &[
            "DELETE FROM ledger_prices WHERE commodity = json_extract(?1, '$.key[0]') \
             AND quote = json_extract(?1, '$.key[1]') AND date = json_extract(?1, '$.key[2]')",
        ],
        "txn" => &[ACCOUNTS],
        _ => return None,
    })
}

/// Writes a transaction from another device, replacing an older copy of it (one imported
/// again); unless a copy as new is here (by uid, or by the wallet's id) or it was deleted
/// on some device after it was made.
async fn apply_txn(conn: &mut SqliteConnection, op: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM ledger_txns WHERE uid = json_extract(?1, '$.uid') \
         AND created_at < json_extract(?1, '$.created_at') \
         AND NOT EXISTS (SELECT 1 FROM ledger_deleted WHERE uid = json_extract(?1, '$.uid') \
                         AND at >= json_extract(?1, '$.created_at'))",
    )
    .bind(op)
    .execute(&mut *conn)
    .await?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO ledger_txns (uid, date, status, code, description, external, created_at) \
         SELECT json_extract(?1, '$.uid'), json_extract(?1, '$.date'), \
                json_extract(?1, '$.status'), json_extract(?1, '$.code'), \
                json_extract(?1, '$.description'), json_extract(?1, '$.external'), \
                json_extract(?1, '$.created_at') \
         WHERE NOT EXISTS (SELECT 1 FROM ledger_deleted WHERE uid = json_extract(?1, '$.uid') \
                           AND at >= json_extract(?1, '$.created_at')) \
           AND NOT EXISTS (SELECT 1 FROM ledger_txns WHERE uid = json_extract(?1, '$.uid') \
                           OR external = json_extract(?1, '$.external')) \
         RETURNING id",
    )
    .bind(op)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = id {
        sqlx::query("DELETE FROM ledger_deleted WHERE uid = json_extract(?1, '$.uid')")
            .bind(op)
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "INSERT INTO ledger_postings (txn, idx, account, amount, commodity, cost_total, \
               cost, cost_commodity, assert_amount, assert_commodity, assert_total, \
               assert_inclusive, inferred) \
             SELECT ?2, key, json_extract(value, '$.account'), json_extract(value, '$.amount'), \
               json_extract(value, '$.commodity'), json_extract(value, '$.cost_total'), \
               json_extract(value, '$.cost'), json_extract(value, '$.cost_commodity'), \
               json_extract(value, '$.assert_amount'), json_extract(value, '$.assert_commodity'), \
               json_extract(value, '$.assert_total'), json_extract(value, '$.assert_inclusive'), \
               json_extract(value, '$.inferred') \
             FROM json_each(?1, '$.postings')",
        )
        .bind(op)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Opens a change event of `me`'s into its operations.
fn open(key: &[u8; 32], me: &AccountId, event: &Event) -> Result<Vec<serde_json::Value>, String> {
    let body: ChangeBody = serde_json::from_slice(event.body()).map_err(|e| e.to_string())?;
    let ct = B64.decode(&body.ct).map_err(|e| e.to_string())?;
    let plain = seal::decrypt(key, &ct, &aad(me))?;
    let change: Change = serde_json::from_slice(&plain).map_err(|e| e.to_string())?;
    Ok(change.ops)
}

/// Writes the operations of one change (in a transaction that has set `applying`).
async fn write_ops(conn: &mut SqliteConnection, ops: &[serde_json::Value]) -> Result<(), String> {
    for op in ops {
        let name = op.get("op").and_then(|o| o.as_str()).unwrap_or_default();
        let statements =
            write_sql(name).ok_or_else(|| format!("an operation of unknown kind {name:?}"))?;
        let text = op.to_string();
        for statement in statements {
            sqlx::query(sqlx::AssertSqlSafe(*statement))
                .bind(&text)
                .execute(&mut *conn)
                .await
                .map_err(|e| format!("{name}: {e}"))?;
        }
        if name == "txn" {
            apply_txn(conn, &text)
                .await
                .map_err(|e| format!("txn: {e}"))?;
        }
    }
    Ok(())
}

/// Applies `changes` (event id and operations) in one transaction; the books must read
/// back whole afterwards, or nothing is written.
async fn write_changes(
    conn: &mut SqliteConnection,
    changes: &[(EventId, Vec<serde_json::Value>)],
) -> Result<(), String> {
    let mut tx = conn.begin().await.map_err(|e| e.to_string())?;
    sqlx::query("UPDATE ledger_replica SET applying = 1")
        .execute(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    for (id, ops) in changes {
        write_ops(&mut tx, ops).await?;
        sqlx::query("INSERT OR IGNORE INTO ledger_applied (event) VALUES (?)")
            .bind(id.0.as_slice())
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
    }
    books::load(&mut tx)
        .await
        .map_err(|e| format!("the books would not read back: {e}"))?;
    sqlx::query("UPDATE ledger_replica SET applying = 0")
        .execute(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())
}

/// Marks a change that cannot be applied as seen, so that it is not tried again.
async fn set_aside(conn: &mut SqliteConnection, id: &EventId) -> Result<(), ApiError> {
    sqlx::query("INSERT OR IGNORE INTO ledger_applied (event) VALUES (?)")
        .bind(id.0.as_slice())
        .execute(&mut *conn)
        .await
        .map_err(sql)?;
    Ok(())
}

/// Applies the changes other devices of `me` made that are stored here and not applied
/// yet; returns how many it applied. A change that does not open or write is set aside
/// with a warning and changes nothing.
pub async fn apply(ctx: &Ctx, me: AccountId) -> Result<usize, ApiError> {
    let store = ctx.store();
    let upto = store.last_pos().await?;
    let mut scanned: i64 = {
        let mut writer = writer(store).await?;
        sqlx::query_scalar("SELECT scanned FROM ledger_replica")
            .fetch_one(writer.conn())
            .await
            .map_err(sql)?
    };
    let mut applied = 0;
    while scanned < upto {
        let page = store
            .scan_containing(scanned, upto, CHANGE.as_bytes(), SCAN_PAGE)
            .await?;
        let next = match page.last() {
            Some(last) if page.len() == SCAN_PAGE as usize => last.pos,
            _ => upto,
        };
        applied += apply_page(ctx, store, me, page.into_iter().map(|s| s.event)).await?;
        let mut writer = writer(store).await?;
        sqlx::query("UPDATE ledger_replica SET scanned = ?")
            .bind(next)
            .execute(writer.conn())
            .await
            .map_err(sql)?;
        scanned = next;
    }
    if applied > 0 {
        store.notify(Notice::Books { changes: applied });
    }
    Ok(applied)
}

/// Applies the changes among `events` not applied yet: together when they all write, else
/// one by one, setting aside those that fail.
async fn apply_page(
    ctx: &Ctx,
    store: &Store,
    me: AccountId,
    events: impl Iterator<Item = Event>,
) -> Result<usize, ApiError> {
    let mut mine: Vec<Event> = events
        .filter(|e| e.kind() == CHANGE && e.author() == me)
        .collect();
    // In the order they were made (a page holds them in the order they arrived).
    mine.sort_by_key(|e| (e.created_at(), e.id()));
    if mine.is_empty() {
        return Ok(0);
    }
    let key = ctx.derive_secret(KEY_CONTEXT)?;
    let mut writer = writer(store).await?;
    let conn = writer.conn();
    let mut changes = Vec::new();
    for event in mine {
        let id = event.id();
        let seen: Option<i64> = sqlx::query_scalar("SELECT 1 FROM ledger_applied WHERE event = ?")
            .bind(id.0.as_slice())
            .fetch_optional(&mut *conn)
            .await
            .map_err(sql)?;
        if seen.is_some() {
            continue;
        }
        match open(&key, &me, &event) {
            Ok(ops) => changes.push((id, ops)),
            Err(e) => {
                tracing::warn!(%id, "a change to the books from another device does not open: {e}");
                set_aside(conn, &id).await?;
            }
        }
    }
    if changes.is_empty() || write_changes(conn, &changes).await.is_ok() {
        return Ok(changes.len());
    }
    let mut applied = 0;
    for change in &changes {
        match write_changes(conn, std::slice::from_ref(change)).await {
            Ok(()) => applied += 1,
            Err(e) => {
                tracing::warn!(id = %change.0, "a change to the books from another device was set aside: {e}");
                set_aside(conn, &change.0).await?;
            }
        }
    }
    Ok(applied)
}

/// Whether a wallet entry with this external id was deleted from the books (here or on
/// another device): it is not recorded again.
pub(super) async fn deleted_entry(
    conn: &mut SqliteConnection,
    external: &str,
) -> Result<bool, ApiError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM ledger_deleted WHERE uid = ?")
        .bind(format!("x:{external}"))
        .fetch_optional(&mut *conn)
        .await
        .map_err(sql)?;
    Ok(found.is_some())
}
