//! The chat tables, in `apps/chat.sqlite`: which conversations exist and who is in each
//! epoch, whose chat key is where, and which messages belong to which conversation. Only
//! ciphertext is stored; members open it when they read.

use sqlx::{AssertSqlSafe, SqliteConnection};
use supernet_store::{BoxError, Gone, Projection, Stored, bulk};

use super::body::{GroupBody, KeyBody, MessageBody};
use super::{GROUP, KEY, MESSAGE};

/// The projection behind every chat view.
#[derive(Debug)]
pub(crate) struct Chats;

#[async_trait::async_trait]
impl Projection for Chats {
    fn name(&self) -> &str {
        "chats"
    }
    fn version(&self) -> u32 {
        1
    }
    fn kinds(&self) -> Vec<String> {
        [KEY, GROUP, MESSAGE].map(str::to_owned).to_vec()
    }
    fn schema(&self) -> &str {
        r#"
        CREATE TABLE chat_keys (
            pos        INTEGER PRIMARY KEY,
            author     BLOB    NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX chat_keys_by_author ON chat_keys (author, created_at);
        -- One row per key event (epoch) of a conversation.
        CREATE TABLE epochs (
            pos        INTEGER PRIMARY KEY,
            id         BLOB    NOT NULL,
            conv       BLOB    NOT NULL,
            author     BLOB    NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX epochs_by_conv ON epochs (conv, created_at);
        CREATE INDEX epochs_by_id   ON epochs (id);
        CREATE TABLE epoch_members (
            account BLOB    NOT NULL,
            pos     INTEGER NOT NULL,
            PRIMARY KEY (account, pos)
        ) WITHOUT ROWID;
        CREATE INDEX epoch_members_by_pos ON epoch_members (pos);
        CREATE TABLE messages (
            pos        INTEGER PRIMARY KEY,
            conv       BLOB    NOT NULL,
            author     BLOB    NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX messages_by_conv ON messages (conv, created_at);
        "#
    }
    fn tables(&self) -> Vec<String> {
        ["chat_keys", "epochs", "epoch_members", "messages"]
            .map(str::to_owned)
            .to_vec()
    }

    async fn apply(&self, conn: &mut SqliteConnection, events: &[Stored]) -> Result<(), BoxError> {
        for s in events {
            let e = &s.event;
            let at = e.created_at() as i64;
            let author = e.author().as_bytes().to_vec();
            // Validated before it was stored; one that fails now stays out of the views.
            match e.kind() {
                KEY if KeyBody::parse(e).is_ok() => {
                    sqlx::query("INSERT OR REPLACE INTO chat_keys (pos, author, created_at) VALUES (?, ?, ?)")
                        .bind(s.pos)
                        .bind(author)
                        .bind(at)
                        .execute(&mut *conn)
                        .await?;
                }
                GROUP => {
                    let Ok((body, conv)) = GroupBody::parse(e) else {
                        continue;
                    };
                    sqlx::query(
                        "INSERT OR REPLACE INTO epochs (pos, id, conv, author, created_at) VALUES (?, ?, ?, ?, ?)",
                    )
                    .bind(s.pos)
                    .bind(e.id().as_bytes().to_vec())
                    .bind(conv.to_vec())
                    .bind(author)
                    .bind(at)
                    .execute(&mut *conn)
                    .await?;
                    for m in &body.members {
                        sqlx::query(
                            "INSERT OR IGNORE INTO epoch_members (account, pos) VALUES (?, ?)",
                        )
                        .bind(m.account.as_bytes().to_vec())
                        .bind(s.pos)
                        .execute(&mut *conn)
                        .await?;
                    }
                }
                MESSAGE => {
                    let Ok((conv, _, _)) = MessageBody::parse(e) else {
                        continue;
                    };
                    sqlx::query(
                        "INSERT OR REPLACE INTO messages (pos, conv, author, created_at) VALUES (?, ?, ?, ?)",
                    )
                    .bind(s.pos)
                    .bind(conv.to_vec())
                    .bind(author)
                    .bind(at)
                    .execute(&mut *conn)
                    .await?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    async fn remove(&self, conn: &mut SqliteConnection, gone: &[Gone]) -> Result<(), BoxError> {
        for table in ["chat_keys", "epochs", "epoch_members", "messages"] {
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
