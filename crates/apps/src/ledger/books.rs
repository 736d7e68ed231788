//! The books on disk: the ledger's own tables in its namespace database
//! (`apps/ledger.sqlite`), written through the store's app writer. They are not derived
//! from events, so nothing rebuilds them: they are the user's data.
//!
//! Amounts are stored as decimal text, exactly as the books hold them; dates as
//! `YYYY-MM-DD` text, which sorts as dates do. Each operation reads the whole books into
//! a [`Journal`] inside one transaction, so every check (balancing, assertions) sees a
//! consistent state — personal books are thousands of transactions, read in milliseconds.

use sqlx::{AssertSqlSafe, Connection, Row, SqliteConnection};

use super::amount::stored;
use super::date::Date;
use super::journal::{
    Account, AccountType, Assertion, Check, Cost, Journal, Posting, Price, Status, Txn,
};

/// Schema steps of the books' tables, run in order; the version reached is kept in
/// `ledger_schema` (the database's `user_version` belongs to the store).
const MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE ledger_schema (version INTEGER NOT NULL);
    INSERT INTO ledger_schema (version) VALUES (0);
    CREATE TABLE ledger_accounts (
        name     TEXT    PRIMARY KEY,
        kind     TEXT    NOT NULL,
        opened   TEXT,
        declared INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE ledger_txns (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        date        TEXT    NOT NULL,
        status      TEXT    NOT NULL,
        code        TEXT    NOT NULL,
        description TEXT    NOT NULL,
        external    TEXT    UNIQUE,
        created_at  INTEGER NOT NULL
    );
    CREATE INDEX ledger_txns_date ON ledger_txns (date, id);
    CREATE TABLE ledger_postings (
        txn              INTEGER NOT NULL REFERENCES ledger_txns (id) ON DELETE CASCADE,
        idx              INTEGER NOT NULL,
        account          TEXT    NOT NULL REFERENCES ledger_accounts (name),
        amount           TEXT    NOT NULL,
        commodity        TEXT    NOT NULL,
        cost_total       INTEGER,
        cost             TEXT,
        cost_commodity   TEXT,
        assert_amount    TEXT,
        assert_commodity TEXT,
        assert_total     INTEGER,
        assert_inclusive INTEGER,
        inferred         INTEGER NOT NULL,
        PRIMARY KEY (txn, idx)
    ) WITHOUT ROWID;
    CREATE INDEX ledger_postings_account ON ledger_postings (account);
    CREATE TABLE ledger_checks (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        date      TEXT    NOT NULL,
        account   TEXT    NOT NULL REFERENCES ledger_accounts (name),
        amount    TEXT    NOT NULL,
        commodity TEXT    NOT NULL
    );
    CREATE TABLE ledger_prices (
        commodity TEXT NOT NULL,
        quote     TEXT NOT NULL,
        date      TEXT NOT NULL,
        price     TEXT NOT NULL,
        PRIMARY KEY (commodity, quote, date)
    ) WITHOUT ROWID;
"#,
    REPLICA,
];

/// Schema step 2: what replicates the books to the account's other devices (see
/// [`super::replica`]). Transactions and checks get a `uid` that names them on every
/// device; triggers note each change in `ledger_outbox` unless `ledger_replica.applying`
/// says the change came from another device; the books as they are go out once.
const REPLICA: &str = r#"
    ALTER TABLE ledger_txns ADD COLUMN uid TEXT;
    UPDATE ledger_txns SET uid = CASE WHEN external IS NOT NULL THEN 'x:' || external
                                      ELSE lower(hex(randomblob(16))) END;
    CREATE UNIQUE INDEX ledger_txns_uid ON ledger_txns (uid);
    ALTER TABLE ledger_checks ADD COLUMN uid TEXT;
    UPDATE ledger_checks SET uid = lower(hex(randomblob(16)));
    CREATE UNIQUE INDEX ledger_checks_uid ON ledger_checks (uid);

    -- Changes to send: what ('txn', 'account', 'check', 'price'; with '-' when it went)
    -- and its key (a uid, an account name, or a price's [commodity, quote, date]).
    CREATE TABLE ledger_outbox (
        seq  INTEGER PRIMARY KEY AUTOINCREMENT,
        what TEXT    NOT NULL,
        key  TEXT    NOT NULL
    );
    -- applying: 1 while another device's changes are written (the triggers keep quiet);
    -- scanned: the event log position up to which changes have been looked for.
    CREATE TABLE ledger_replica (applying INTEGER NOT NULL, scanned INTEGER NOT NULL);
    INSERT INTO ledger_replica (applying, scanned) VALUES (0, 0);
    -- Change events already in these books (sent from here, or applied).
    CREATE TABLE ledger_applied (event BLOB PRIMARY KEY) WITHOUT ROWID;
    -- Transactions deleted (on any device), and when (ms): a copy made before that time
    -- does not come back; one added again later (an import) does.
    CREATE TABLE ledger_deleted (uid TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;

    INSERT INTO ledger_outbox (what, key) SELECT 'account', name FROM ledger_accounts;
    INSERT INTO ledger_outbox (what, key) SELECT 'txn', uid FROM ledger_txns ORDER BY id;
    INSERT INTO ledger_outbox (what, key) SELECT 'check', uid FROM ledger_checks ORDER BY id;
    INSERT INTO ledger_outbox (what, key)
        SELECT 'price', json_array(commodity, quote, date) FROM ledger_prices;

    CREATE TRIGGER ledger_txn_added AFTER INSERT ON ledger_txns
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        UPDATE ledger_txns SET uid = CASE WHEN NEW.external IS NOT NULL THEN 'x:' || NEW.external
                                          ELSE lower(hex(randomblob(16))) END
        WHERE id = NEW.id AND uid IS NULL;
        DELETE FROM ledger_deleted WHERE uid = (SELECT uid FROM ledger_txns WHERE id = NEW.id);
        INSERT INTO ledger_outbox (what, key) SELECT 'txn', uid FROM ledger_txns WHERE id = NEW.id;
    END;
    CREATE TRIGGER ledger_txn_gone AFTER DELETE ON ledger_txns
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        INSERT INTO ledger_deleted (uid, at)
            VALUES (OLD.uid, CAST(unixepoch('subsec') * 1000 AS INTEGER))
            ON CONFLICT (uid) DO UPDATE SET at = excluded.at;
        INSERT INTO ledger_outbox (what, key) VALUES ('txn-', OLD.uid);
    END;
    CREATE TRIGGER ledger_check_added AFTER INSERT ON ledger_checks
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        UPDATE ledger_checks SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id AND uid IS NULL;
        INSERT INTO ledger_outbox (what, key) SELECT 'check', uid FROM ledger_checks WHERE id = NEW.id;
    END;
    CREATE TRIGGER ledger_check_gone AFTER DELETE ON ledger_checks
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        INSERT INTO ledger_outbox (what, key) VALUES ('check-', OLD.uid);
    END;
    CREATE TRIGGER ledger_account_added AFTER INSERT ON ledger_accounts
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        INSERT INTO ledger_outbox (what, key) VALUES ('account', NEW.name);
    END;
    CREATE TRIGGER ledger_account_changed AFTER UPDATE ON ledger_accounts
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        INSERT INTO ledger_outbox (what, key) VALUES ('account', NEW.name);
    END;
    CREATE TRIGGER ledger_account_gone AFTER DELETE ON ledger_accounts
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        INSERT INTO ledger_outbox (what, key) VALUES ('account-', OLD.name);
    END;
    CREATE TRIGGER ledger_price_added AFTER INSERT ON ledger_prices
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        INSERT INTO ledger_outbox (what, key)
            VALUES ('price', json_array(NEW.commodity, NEW.quote, NEW.date));
    END;
    CREATE TRIGGER ledger_price_changed AFTER UPDATE ON ledger_prices
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        INSERT INTO ledger_outbox (what, key)
            VALUES ('price', json_array(NEW.commodity, NEW.quote, NEW.date));
    END;
    CREATE TRIGGER ledger_price_gone AFTER DELETE ON ledger_prices
    WHEN (SELECT applying FROM ledger_replica) = 0 BEGIN
        INSERT INTO ledger_outbox (what, key)
            VALUES ('price-', json_array(OLD.commodity, OLD.quote, OLD.date));
    END;
"#;

/// Why the books could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum Fault {
    /// SQLite failed.
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    /// A stored value does not read back.
    #[error("the books' database is damaged: {0}")]
    Damaged(String),
}

/// The schema version the books' tables are at (0 when they do not exist yet).
pub async fn version(conn: &mut SqliteConnection) -> Result<usize, Fault> {
    let exists: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'ledger_schema'",
    )
    .fetch_one(&mut *conn)
    .await?;
    if exists == 0 {
        return Ok(0);
    }
    let v: i64 = sqlx::query_scalar("SELECT version FROM ledger_schema")
        .fetch_one(&mut *conn)
        .await?;
    Ok(v as usize)
}

/// Whether the tables are at this build's version.
pub async fn current(conn: &mut SqliteConnection) -> Result<bool, Fault> {
    Ok(version(conn).await? == MIGRATIONS.len())
}

/// Creates or upgrades the tables (on the writer connection).
pub async fn migrate(conn: &mut SqliteConnection) -> Result<(), Fault> {
    let at = version(conn).await?;
    if at > MIGRATIONS.len() {
        return Err(Fault::Damaged(format!(
            "its books are at schema version {at}, newer than this build knows ({}); update Supernet",
            MIGRATIONS.len()
        )));
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(at) {
        let mut tx = conn.begin().await?;
        sqlx::raw_sql(AssertSqlSafe(*sql)).execute(&mut *tx).await?;
        sqlx::query("UPDATE ledger_schema SET version = ?")
            .bind((step + 1) as i64)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(())
}

fn date(text: &str) -> Result<Date, Fault> {
    Date::parse(text).ok_or_else(|| Fault::Damaged(format!("stored date {text:?}")))
}

fn decimal(text: &str) -> Result<super::amount::Decimal, Fault> {
    stored(text).map_err(Fault::Damaged)
}

fn status(text: &str) -> Result<Status, Fault> {
    Status::parse(text).ok_or_else(|| Fault::Damaged(format!("stored status {text:?}")))
}

/// Reads the whole books (call inside a transaction, for one consistent state).
pub async fn load(conn: &mut SqliteConnection) -> Result<Journal, Fault> {
    let mut journal = Journal::default();
    let rows = sqlx::query("SELECT name, kind, opened, declared FROM ledger_accounts")
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let name: String = row.get(0);
        let kind: String = row.get(1);
        let opened: Option<String> = row.get(2);
        let kind = AccountType::parse(&kind)
            .ok_or_else(|| Fault::Damaged(format!("stored account type {kind:?}")))?;
        journal.accounts.insert(
            name.clone(),
            Account {
                name,
                kind,
                opened: opened.as_deref().map(date).transpose()?,
                declared: row.get::<i64, _>(3) != 0,
            },
        );
    }
    let rows = sqlx::query(
        "SELECT id, date, status, code, description, external FROM ledger_txns ORDER BY date, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut index = std::collections::HashMap::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.get(0);
        index.insert(id, journal.txns.len());
        journal.txns.push(Txn {
            seq: id,
            date: date(row.get(1))?,
            status: status(row.get(2))?,
            code: row.get(3),
            description: row.get(4),
            external: row.get(5),
            postings: Vec::new(),
            line: None,
        });
    }
    let rows = sqlx::query(
        "SELECT txn, account, amount, commodity, cost_total, cost, cost_commodity, \
         assert_amount, assert_commodity, assert_total, assert_inclusive, inferred \
         FROM ledger_postings ORDER BY txn, idx",
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let txn: i64 = row.get(0);
        let at = *index
            .get(&txn)
            .ok_or_else(|| Fault::Damaged(format!("a posting of missing transaction {txn}")))?;
        let cost = match row.get::<Option<i64>, _>(4) {
            None => None,
            Some(total) => Some(Cost {
                total: total != 0,
                amount: decimal(row.get(5))?,
                commodity: row.get(6),
            }),
        };
        let assertion = match row.get::<Option<String>, _>(7) {
            None => None,
            Some(value) => Some(Assertion {
                amount: decimal(&value)?,
                commodity: row.get(8),
                total: row.get::<Option<i64>, _>(9).unwrap_or(0) != 0,
                inclusive: row.get::<Option<i64>, _>(10).unwrap_or(0) != 0,
            }),
        };
        journal.txns[at].postings.push(Posting {
            account: row.get(1),
            amount: decimal(row.get(2))?,
            commodity: row.get(3),
            cost,
            assertion,
            inferred: row.get::<i64, _>(11) != 0,
            line: None,
        });
    }
    let rows = sqlx::query(
        "SELECT id, date, account, amount, commodity FROM ledger_checks ORDER BY date, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        journal.checks.push(Check {
            seq: row.get(0),
            date: date(row.get(1))?,
            account: row.get(2),
            amount: decimal(row.get(3))?,
            commodity: row.get(4),
            line: None,
        });
    }
    let rows = sqlx::query(
        "SELECT commodity, quote, date, price FROM ledger_prices ORDER BY commodity, quote, date",
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        journal.prices.push(Price {
            commodity: row.get(0),
            quote: row.get(1),
            date: date(row.get(2))?,
            price: decimal(row.get(3))?,
        });
    }
    Ok(journal)
}

/// Inserts accounts, or updates those already there.
pub async fn save_accounts(conn: &mut SqliteConnection, accounts: &[Account]) -> Result<(), Fault> {
    for a in accounts {
        sqlx::query(
            "INSERT INTO ledger_accounts (name, kind, opened, declared) VALUES (?, ?, ?, ?) \
             ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, opened = excluded.opened, \
             declared = excluded.declared",
        )
        .bind(&a.name)
        .bind(a.kind.as_str())
        .bind(a.opened.map(|d| d.to_string()))
        .bind(i64::from(a.declared))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Inserts a transaction with its postings; returns its id.
pub async fn insert_txn(
    conn: &mut SqliteConnection,
    txn: &Txn,
    created_at: u64,
) -> Result<i64, Fault> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO ledger_txns (date, status, code, description, external, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(txn.date.to_string())
    .bind(txn.status.as_str())
    .bind(&txn.code)
    .bind(&txn.description)
    .bind(&txn.external)
    .bind(created_at as i64)
    .fetch_one(&mut *conn)
    .await?;
    for (i, p) in txn.postings.iter().enumerate() {
        sqlx::query(
            "INSERT INTO ledger_postings (txn, idx, account, amount, commodity, cost_total, cost, \
             cost_commodity, assert_amount, assert_commodity, assert_total, assert_inclusive, \
             inferred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(&p.account)
        .bind(p.amount.to_string())
        .bind(&p.commodity)
        .bind(p.cost.as_ref().map(|c| i64::from(c.total)))
        .bind(p.cost.as_ref().map(|c| c.amount.to_string()))
        .bind(p.cost.as_ref().map(|c| c.commodity.clone()))
        .bind(p.assertion.as_ref().map(|a| a.amount.to_string()))
        .bind(p.assertion.as_ref().map(|a| a.commodity.clone()))
        .bind(p.assertion.as_ref().map(|a| i64::from(a.total)))
        .bind(p.assertion.as_ref().map(|a| i64::from(a.inclusive)))
        .bind(i64::from(p.inferred))
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Inserts a standalone balance check; returns its id.
pub async fn insert_check(conn: &mut SqliteConnection, check: &Check) -> Result<i64, Fault> {
    Ok(sqlx::query_scalar(
        "INSERT INTO ledger_checks (date, account, amount, commodity) VALUES (?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(check.date.to_string())
    .bind(&check.account)
    .bind(check.amount.to_string())
    .bind(&check.commodity)
    .fetch_one(&mut *conn)
    .await?)
}

/// Sets a price (replacing one of the same day, commodity and quote).
pub async fn save_price(conn: &mut SqliteConnection, price: &Price) -> Result<(), Fault> {
    sqlx::query(
        "INSERT INTO ledger_prices (commodity, quote, date, price) VALUES (?, ?, ?, ?) \
         ON CONFLICT (commodity, quote, date) DO UPDATE SET price = excluded.price",
    )
    .bind(&price.commodity)
    .bind(&price.quote)
    .bind(price.date.to_string())
    .bind(price.price.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes a transaction and its postings; whether it was there.
pub async fn delete_txn(conn: &mut SqliteConnection, id: i64) -> Result<bool, Fault> {
    let done = sqlx::query("DELETE FROM ledger_txns WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Empties the books.
pub async fn clear(conn: &mut SqliteConnection) -> Result<(), Fault> {
    sqlx::raw_sql(
        "DELETE FROM ledger_postings; DELETE FROM ledger_txns; DELETE FROM ledger_checks; \
         DELETE FROM ledger_prices; DELETE FROM ledger_accounts;",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
