//! The coin tables, in `apps/coin.sqlite`, derived from the event log like every
//! projection:
//! - `currencies` (+ `currency_notaries`): every currency definition seen, from
//!   `coin.currency` events and from the `join` operations that carry them;
//! - `ops`: one row per stored `coin.op`, with what the views and the reactor look up
//!   (operation, currency, counterparty, amount, the event it settles);
//! - `notarizations`: notaries' countersignatures;
//! - `forks`: accounts caught signing two operations at one seq — found here when both
//!   operations are stored, or learnt from a `coin.fork` proof. A fork row is a freeze.
//!
//! Chains themselves are validated from the events (see [`super::chain`]); these rows only
//! find them fast.

use sqlx::{AssertSqlSafe, SqliteConnection};
use supernet_store::{BoxError, Gone, Projection, Stored, bulk};

use super::body::{
    CurrencyBody, ForkBody, NotarizeBody, Op, ParsedOp, inner_decline, inner_send, inner_vouch,
};
use super::{CURRENCY, FORK, NOTARIZE, OP};

/// The projection behind every coin view.
#[derive(Debug)]
pub(crate) struct Coin;

async fn insert_currency(
    conn: &mut SqliteConnection,
    pos: i64,
    event: &supernet_core::Event,
    body: &CurrencyBody,
) -> Result<(), BoxError> {
    let id = event.id().to_string();
    let done = sqlx::query(
        "INSERT OR IGNORE INTO currencies (id, pos, creator, created_at, name, symbol, body, wire) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(pos)
    .bind(event.author().as_bytes().to_vec())
    .bind(event.created_at() as i64)
    .bind(&body.name)
    .bind(&body.symbol)
    .bind(serde_json::to_string(body)?)
    .bind(event.wire().to_vec())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() > 0 {
        for notary in &body.notaries {
            sqlx::query("INSERT OR IGNORE INTO currency_notaries (currency, notary) VALUES (?, ?)")
                .bind(&id)
                .bind(notary.as_bytes().to_vec())
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Records a fork of `author` at `seq` between `a` and `b` (the first one found is kept);
/// `proof` is the `coin.fork` event that showed it, if one did.
#[allow(clippy::too_many_arguments)]
async fn insert_fork(
    conn: &mut SqliteConnection,
    author: &[u8],
    seq: u64,
    a: (&[u8], i64),
    b: (&[u8], i64),
    found_at: i64,
    proof: Option<&[u8]>,
) -> Result<(), BoxError> {
    sqlx::query(
        "INSERT INTO forks (author, seq, a, a_at, b, b_at, found_at, proof) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (author) DO UPDATE SET proof = coalesce(forks.proof, excluded.proof)",
    )
    .bind(author)
    .bind(seq as i64)
    .bind(a.0)
    .bind(a.1)
    .bind(b.0)
    .bind(b.1)
    .bind(found_at)
    .bind(proof)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn apply_op(conn: &mut SqliteConnection, s: &Stored) -> Result<(), BoxError> {
    let e = &s.event;
    // Validated before it was stored; one that fails now stays out of the views.
    let Ok(parsed) = ParsedOp::parse_unsigned(e) else {
        return Ok(());
    };
    let seq = e.seq().unwrap_or(0) as i64;
    let author = e.author().as_bytes().to_vec();
    let bytes = |a: &supernet_core::AccountId| Some(a.as_bytes().to_vec());
    let (currency, counterparty, amount, settles, memo) = match &parsed.op {
        Op::Join { currency } => {
            if let Ok(body) = CurrencyBody::parse(&currency.0) {
                insert_currency(conn, s.pos, &currency.0, &body).await?;
            }
            (Some(currency.0.id().to_string()), None, None, None, None)
        }
        Op::Send {
            currency,
            to,
            amount,
            memo,
        } => (
            Some(currency.to_string()),
            bytes(to),
            Some(*amount as i64),
            None,
            Some(memo.clone()),
        ),
        Op::Receive { send, .. } => {
            let (currency, _, amount, _) = inner_send(&send.0)?;
            (
                Some(currency.to_string()),
                bytes(&send.0.author()),
                Some(amount as i64),
                Some(send.0.id().as_bytes().to_vec()),
                None,
            )
        }
        Op::Decline {
            send,
            payer,
            reason,
        } => (
            None,
            bytes(payer),
            None,
            Some(send.as_bytes().to_vec()),
            Some(reason.clone()),
        ),
        Op::Refund { decline } => {
            let (send, _) = inner_decline(&decline.0)?;
            (
                None,
                bytes(&decline.0.author()),
                None,
                Some(send.as_bytes().to_vec()),
                None,
            )
        }
        Op::Vouch {
            currency,
            vouchee,
            amount,
        } => (
            Some(currency.to_string()),
            bytes(vouchee),
            Some(*amount as i64),
            None,
            None,
        ),
        Op::Accept { vouch } => {
            let (currency, _, amount) = inner_vouch(&vouch.0)?;
            (
                Some(currency.to_string()),
                bytes(&vouch.0.author()),
                Some(amount as i64),
                Some(vouch.0.id().as_bytes().to_vec()),
                None,
            )
        }
    };
    let id = e.id().as_bytes().to_vec();
    let at = e.created_at() as i64;
    sqlx::query(
        "INSERT OR REPLACE INTO ops (pos, id, author, seq, op, currency, counterparty, amount, settles, memo, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(s.pos)
    .bind(&id)
    .bind(&author)
    .bind(seq)
    .bind(parsed.op.name())
    .bind(currency)
    .bind(counterparty)
    .bind(amount)
    .bind(settles)
    .bind(memo)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    if let Op::Send { to, .. } = &parsed.op {
        // The other accounts a payment names: its currency's notaries, who find here the
        // payments they are asked to countersign before they know the currency.
        for r in e.refs() {
            if let supernet_core::Ref::Account(named) = r
                && named != to
            {
                sqlx::query("INSERT INTO asked (pos, op, notary) VALUES (?, ?, ?)")
                    .bind(s.pos)
                    .bind(&id)
                    .bind(named.as_bytes().to_vec())
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    let other: Option<(Vec<u8>, i64)> = sqlx::query_as(
        "SELECT id, created_at FROM ops WHERE author = ? AND seq = ? AND id <> ? ORDER BY pos LIMIT 1",
    )
    .bind(&author)
    .bind(seq)
    .bind(&id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((first, first_at)) = other {
        insert_fork(
            conn,
            &author,
            seq as u64,
            (&first, first_at),
            (&id, at),
            at,
            None,
        )
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl Projection for Coin {
    fn name(&self) -> &str {
        "coin"
    }
    fn version(&self) -> u32 {
        1
    }
    fn kinds(&self) -> Vec<String> {
        [CURRENCY, OP, NOTARIZE, FORK].map(str::to_owned).to_vec()
    }
    fn schema(&self) -> &str {
        r#"
        -- id: "net" never appears; community currencies by their event id in hex.
        CREATE TABLE currencies (
            id         TEXT    PRIMARY KEY,
            pos        INTEGER NOT NULL,
            creator    BLOB    NOT NULL,
            created_at INTEGER NOT NULL,
            name       TEXT    NOT NULL,
            symbol     TEXT    NOT NULL,
            body       TEXT    NOT NULL,
            wire       BLOB    NOT NULL
        );
        CREATE TABLE currency_notaries (
            currency TEXT NOT NULL,
            notary   BLOB NOT NULL,
            PRIMARY KEY (currency, notary)
        ) WITHOUT ROWID;
        CREATE INDEX currency_notaries_by_notary ON currency_notaries (notary);
        -- settles: for a receive or decline the send, for a refund the send taken back, for
        -- an accept the vouch.
        CREATE TABLE ops (
            pos          INTEGER PRIMARY KEY,
            id           BLOB    NOT NULL,
            author       BLOB    NOT NULL,
            seq          INTEGER NOT NULL,
            op           TEXT    NOT NULL,
            currency     TEXT,
            counterparty BLOB,
            amount       INTEGER,
            settles      BLOB,
            memo         TEXT,
            created_at   INTEGER NOT NULL
        );
        CREATE INDEX ops_by_author       ON ops (author, seq);
        CREATE INDEX ops_by_id           ON ops (id);
        CREATE INDEX ops_by_settles      ON ops (settles) WHERE settles IS NOT NULL;
        CREATE INDEX ops_by_counterparty ON ops (counterparty, op);
        -- Accounts a payment names besides its payee: the notaries it asks.
        CREATE TABLE asked (
            pos    INTEGER NOT NULL,
            op     BLOB    NOT NULL,
            notary BLOB    NOT NULL
        );
        CREATE INDEX asked_by_notary ON asked (notary);
        CREATE INDEX asked_by_pos    ON asked (pos);
        CREATE TABLE notarizations (
            pos    INTEGER PRIMARY KEY,
            id     BLOB    NOT NULL,
            notary BLOB    NOT NULL,
            op     BLOB    NOT NULL,
            author BLOB    NOT NULL,
            seq    INTEGER NOT NULL
        );
        CREATE INDEX notarizations_by_op     ON notarizations (op);
        CREATE INDEX notarizations_by_notary ON notarizations (notary, author, seq);
        -- One freeze per account: the first fork found (a, b: the two operations' ids and
        -- times) and the proof event that spread it, once there is one.
        CREATE TABLE forks (
            author   BLOB    PRIMARY KEY,
            seq      INTEGER NOT NULL,
            a        BLOB    NOT NULL,
            a_at     INTEGER NOT NULL,
            b        BLOB    NOT NULL,
            b_at     INTEGER NOT NULL,
            found_at INTEGER NOT NULL,
            proof    BLOB
        ) WITHOUT ROWID;
        "#
    }
    fn tables(&self) -> Vec<String> {
        [
            "currencies",
            "currency_notaries",
            "ops",
            "asked",
            "notarizations",
            "forks",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    async fn apply(&self, conn: &mut SqliteConnection, events: &[Stored]) -> Result<(), BoxError> {
        for s in events {
            let e = &s.event;
            match e.kind() {
                CURRENCY => {
                    if let Ok(body) = CurrencyBody::parse(e) {
                        insert_currency(conn, s.pos, e, &body).await?;
                    }
                }
                OP => apply_op(conn, s).await?,
                NOTARIZE => {
                    let Ok(body) = NotarizeBody::parse(e) else {
                        continue;
                    };
                    sqlx::query(
                        "INSERT OR REPLACE INTO notarizations (pos, id, notary, op, author, seq) VALUES (?, ?, ?, ?, ?, ?)",
                    )
                    .bind(s.pos)
                    .bind(e.id().as_bytes().to_vec())
                    .bind(e.author().as_bytes().to_vec())
                    .bind(body.op.as_bytes().to_vec())
                    .bind(body.author.as_bytes().to_vec())
                    .bind(body.seq as i64)
                    .execute(&mut *conn)
                    .await?;
                }
                FORK => {
                    let Ok(body) = serde_json::from_slice::<ForkBody>(e.body()) else {
                        continue;
                    };
                    let (a, b) = (&body.a.0, &body.b.0);
                    insert_fork(
                        conn,
                        a.author().as_bytes(),
                        a.seq().unwrap_or(0),
                        (a.id().as_bytes(), a.created_at() as i64),
                        (b.id().as_bytes(), b.created_at() as i64),
                        e.created_at() as i64,
                        Some(e.id().as_bytes()),
                    )
                    .await?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    async fn remove(&self, conn: &mut SqliteConnection, gone: &[Gone]) -> Result<(), BoxError> {
        // A freeze stays: it was judged on a proof checked when it arrived.
        for table in ["currencies", "ops", "asked", "notarizations"] {
            for chunk in bulk::chunks(gone) {
                let head = format!("DELETE FROM {table} WHERE pos IN (VALUES ");
                let sql = bulk::values_sql(&head, 1, chunk.len(), ")");
                let mut query = sqlx::query(AssertSqlSafe(sql));
                for g in chunk {
                    query = query.bind(g.pos);
                }
                query.execute(&mut *conn).await?;
            }
        }
        Ok(())
    }
}
