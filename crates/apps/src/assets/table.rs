//! The asset tables, in `apps/assets.sqlite`: mints, transfers (`moves`), fork proofs, and
//! per asset its state — owner, head, and the fork that froze it — recomputed from the
//! asset's events whenever one arrives (in whatever order they arrive).

use sqlx::{AssertSqlSafe, SqliteConnection};
use supernet_store::{BoxError, Gone, Projection, Stored, bulk};

use super::body::{ForkBody, MintBody, TransferBody};
use super::{FORK, MINT, TRANSFER};

/// The projection behind every asset view.
#[derive(Debug)]
pub(crate) struct Assets;

/// A proof's id, and the state and two transfers it shows.
type ProofRow = (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>);

/// Walks `asset`'s transfers from its mint, each signed by the owner of the state it
/// names, and records where the walk ends: the owner, the head, and a fork if two
/// transfers leave one state (or a proof says so).
async fn recompute(conn: &mut SqliteConnection, asset: &[u8]) -> Result<(), BoxError> {
    let minter: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT author FROM mints WHERE id = ? LIMIT 1")
            .bind(asset)
            .fetch_optional(&mut *conn)
            .await?;
    sqlx::query("UPDATE moves SET on_chain = 0 WHERE asset = ?")
        .bind(asset)
        .execute(&mut *conn)
        .await?;
    let proof: Option<ProofRow> =
        sqlx::query_as("SELECT id, prev, a, b FROM proofs WHERE asset = ? ORDER BY pos LIMIT 1")
            .bind(asset)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(minter) = minter else {
        // Not minted here (yet): only a proof can say something.
        sqlx::query(
            "INSERT OR REPLACE INTO assets (asset, owner, head, transfers, fork_prev, fork_a, fork_b, proof) \
             VALUES (?, NULL, NULL, 0, ?, ?, ?, ?)",
        )
        .bind(asset)
        .bind(proof.as_ref().map(|p| p.1.clone()))
        .bind(proof.as_ref().map(|p| p.2.clone()))
        .bind(proof.as_ref().map(|p| p.3.clone()))
        .bind(proof.as_ref().map(|p| p.0.clone()))
        .execute(&mut *conn)
        .await?;
        return Ok(());
    };
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM moves WHERE asset = ?")
        .bind(asset)
        .fetch_one(&mut *conn)
        .await?;
    let (mut head, mut owner, mut count) = (asset.to_vec(), minter, 0i64);
    let mut fork: Option<(Vec<u8>, Vec<u8>, Vec<u8>)> = None;
    while count <= total {
        let next: Vec<(Vec<u8>, Vec<u8>)> = sqlx::query_as(
            "SELECT id, recipient FROM moves WHERE asset = ? AND prev = ? AND author = ? ORDER BY created_at, id LIMIT 2",
        )
        .bind(asset)
        .bind(&head)
        .bind(&owner)
        .fetch_all(&mut *conn)
        .await?;
        match next.as_slice() {
            [] => break,
            [(id, to)] => {
                sqlx::query("UPDATE moves SET on_chain = 1 WHERE id = ?")
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                head = id.clone();
                owner = to.clone();
                count += 1;
            }
            [(a, _), (b, _), ..] => {
                fork = Some((head.clone(), a.clone(), b.clone()));
                break;
            }
        }
    }
    let fork = fork.or_else(|| {
        proof
            .as_ref()
            .map(|p| (p.1.clone(), p.2.clone(), p.3.clone()))
    });
    sqlx::query(
        "INSERT OR REPLACE INTO assets (asset, owner, head, transfers, fork_prev, fork_a, fork_b, proof) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(asset)
    .bind(owner)
    .bind(head)
    .bind(count)
    .bind(fork.as_ref().map(|f| f.0.clone()))
    .bind(fork.as_ref().map(|f| f.1.clone()))
    .bind(fork.as_ref().map(|f| f.2.clone()))
    .bind(proof.map(|p| p.0))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait::async_trait]
impl Projection for Assets {
    fn name(&self) -> &str {
        "assets"
    }
    fn version(&self) -> u32 {
        1
    }
    fn kinds(&self) -> Vec<String> {
        [MINT, TRANSFER, FORK].map(str::to_owned).to_vec()
    }
    fn schema(&self) -> &str {
        r#"
        CREATE TABLE mints (
            pos         INTEGER PRIMARY KEY,
            id          BLOB    NOT NULL,
            author      BLOB    NOT NULL,
            name        TEXT    NOT NULL,
            description TEXT    NOT NULL,
            file        TEXT,
            created_at  INTEGER NOT NULL
        );
        CREATE INDEX mints_by_id ON mints (id);
        -- on_chain: whether the walk from the mint passes through this transfer.
        CREATE TABLE moves (
            pos        INTEGER PRIMARY KEY,
            id         BLOB    NOT NULL,
            asset      BLOB    NOT NULL,
            prev       BLOB    NOT NULL,
            author     BLOB    NOT NULL,
            recipient  BLOB    NOT NULL,
            minter     BLOB    NOT NULL,
            created_at INTEGER NOT NULL,
            on_chain   INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX moves_by_asset     ON moves (asset, prev);
        CREATE INDEX moves_by_id        ON moves (id);
        CREATE INDEX moves_by_recipient ON moves (recipient);
        CREATE TABLE proofs (
            pos   INTEGER PRIMARY KEY,
            id    BLOB    NOT NULL,
            asset BLOB    NOT NULL,
            prev  BLOB    NOT NULL,
            a     BLOB    NOT NULL,
            b     BLOB    NOT NULL
        );
        CREATE INDEX proofs_by_asset ON proofs (asset);
        CREATE TABLE assets (
            asset     BLOB    PRIMARY KEY,
            owner     BLOB,
            head      BLOB,
            transfers INTEGER NOT NULL,
            fork_prev BLOB,
            fork_a    BLOB,
            fork_b    BLOB,
            proof     BLOB
        ) WITHOUT ROWID;
        CREATE INDEX assets_by_owner ON assets (owner);
        "#
    }
    fn tables(&self) -> Vec<String> {
        ["mints", "moves", "proofs", "assets"]
            .map(str::to_owned)
            .to_vec()
    }

    async fn apply(&self, conn: &mut SqliteConnection, events: &[Stored]) -> Result<(), BoxError> {
        let mut touched: Vec<Vec<u8>> = Vec::new();
        for s in events {
            let e = &s.event;
            let at = e.created_at() as i64;
            match e.kind() {
                MINT => {
                    let Ok(body) = MintBody::parse(e) else {
                        continue;
                    };
                    let file = body
                        .attachments
                        .first()
                        .map(serde_json::to_string)
                        .transpose()?;
                    sqlx::query(
                        "INSERT OR REPLACE INTO mints (pos, id, author, name, description, file, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    )
                    .bind(s.pos)
                    .bind(e.id().as_bytes().to_vec())
                    .bind(e.author().as_bytes().to_vec())
                    .bind(&body.name)
                    .bind(&body.description)
                    .bind(file)
                    .bind(at)
                    .execute(&mut *conn)
                    .await?;
                    touched.push(e.id().as_bytes().to_vec());
                }
                TRANSFER => {
                    let Ok(body) = TransferBody::parse(e) else {
                        continue;
                    };
                    sqlx::query(
                        "INSERT OR REPLACE INTO moves (pos, id, asset, prev, author, recipient, minter, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    )
                    .bind(s.pos)
                    .bind(e.id().as_bytes().to_vec())
                    .bind(body.asset.as_bytes().to_vec())
                    .bind(body.prev.as_bytes().to_vec())
                    .bind(e.author().as_bytes().to_vec())
                    .bind(body.to.as_bytes().to_vec())
                    .bind(body.minter.as_bytes().to_vec())
                    .bind(at)
                    .execute(&mut *conn)
                    .await?;
                    touched.push(body.asset.as_bytes().to_vec());
                }
                FORK => {
                    let Ok(body) = serde_json::from_slice::<ForkBody>(e.body()) else {
                        continue;
                    };
                    let Ok(a) = TransferBody::parse(&body.a.0) else {
                        continue;
                    };
                    sqlx::query("INSERT OR REPLACE INTO proofs (pos, id, asset, prev, a, b) VALUES (?, ?, ?, ?, ?, ?)")
                        .bind(s.pos)
                        .bind(e.id().as_bytes().to_vec())
                        .bind(a.asset.as_bytes().to_vec())
                        .bind(body.prev.0.id().as_bytes().to_vec())
                        .bind(body.a.0.id().as_bytes().to_vec())
                        .bind(body.b.0.id().as_bytes().to_vec())
                        .execute(&mut *conn)
                        .await?;
                    touched.push(a.asset.as_bytes().to_vec());
                }
                _ => {}
            }
        }
        touched.sort();
        touched.dedup();
        for asset in touched {
            recompute(conn, &asset).await?;
        }
        Ok(())
    }

    async fn remove(&self, conn: &mut SqliteConnection, gone: &[Gone]) -> Result<(), BoxError> {
        let mut touched: Vec<Vec<u8>> = Vec::new();
        for chunk in bulk::chunks(gone) {
            for (table, column) in [("mints", "id"), ("moves", "asset"), ("proofs", "asset")] {
                let head = format!("SELECT {column} FROM {table} WHERE pos IN (VALUES ");
                let sql = bulk::values_sql(&head, 1, chunk.len(), ")");
                let mut query = sqlx::query_scalar::<_, Vec<u8>>(AssertSqlSafe(sql));
                for g in chunk {
                    query = query.bind(g.pos);
                }
                touched.extend(query.fetch_all(&mut *conn).await?);
                let head = format!("DELETE FROM {table} WHERE pos IN (VALUES ");
                let sql = bulk::values_sql(&head, 1, chunk.len(), ")");
                let mut query = sqlx::query(AssertSqlSafe(sql));
                for g in chunk {
                    query = query.bind(g.pos);
                }
                query.execute(&mut *conn).await?;
            }
        }
        touched.sort();
        touched.dedup();
        for asset in touched {
            recompute(conn, &asset).await?;
        }
        Ok(())
    }
}
