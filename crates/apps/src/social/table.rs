//! superSocial's evented tables, in `apps/social.sqlite`. Text stays in the event log (read
//! back by position for what is shown); the tables hold what the views look up and sort by.
//!
//! - `posts`: every post and comment, with its thread links;
//! - `post_search`: full-text index (FTS5, contentless) of posts and edits, by log position;
//! - `post_tags`: hashtags, for the hashtag view;
//! - `edits`, `reactions`, `profiles`: the other kinds, by the post or account they are about;
//! - `notifications`: who is told of what (a reply, a mention, a reaction, a new follower).

use sqlx::{AssertSqlSafe, SqliteConnection};
use supernet_core::{Event, Ref};
use supernet_store::{BoxError, Gone, Projection, Stored, bulk};

use super::body::{EditBody, PostBody, ProfileBody, ReactBody, hashtags};
use super::moderation::ReportBody;
use super::sealed::SealedBody;
use super::{EDIT, FOLLOW, POST, PROFILE, REACT, REPORT, SEALED};

/// The projection behind every superSocial view.
#[derive(Debug)]
pub(crate) struct Social;

/// A value bound into a multi-row insert.
enum Cell {
    Int(i64),
    Blob(Vec<u8>),
    Text(String),
    Null,
}

/// Rows for one table, gathered from a batch of events.
struct Rows {
    head: &'static str,
    columns: usize,
    cells: Vec<Cell>,
}

impl Rows {
    fn new(head: &'static str, columns: usize) -> Self {
        Self {
            head,
            columns,
            cells: Vec::new(),
        }
    }

    fn push(&mut self, row: impl IntoIterator<Item = Cell>) {
        self.cells.extend(row);
    }

    async fn insert(self, conn: &mut SqliteConnection) -> Result<(), BoxError> {
        let rows: Vec<&[Cell]> = self.cells.chunks(self.columns).collect();
        for chunk in bulk::chunks(&rows) {
            let sql = bulk::values_sql(self.head, self.columns, chunk.len(), "");
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for cell in chunk.iter().flat_map(|r| r.iter()) {
                query = match cell {
                    Cell::Int(v) => query.bind(*v),
                    Cell::Blob(v) => query.bind(v.clone()),
                    Cell::Text(v) => query.bind(v.clone()),
                    Cell::Null => query.bind(None::<i64>),
                };
            }
            query.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

fn blob(bytes: &[u8; 32]) -> Cell {
    Cell::Blob(bytes.to_vec())
}

fn time(event: &Event) -> Cell {
    Cell::Int(event.created_at() as i64)
}

/// What the author of `event` tells `account` about, unless it is themselves.
fn notify(rows: &mut Rows, s: &Stored, account: &supernet_core::AccountId, what: &str) {
    if *account != s.event.author() {
        rows.push([
            Cell::Int(s.pos),
            blob(account.as_bytes()),
            Cell::Text(what.into()),
        ]);
    }
}

#[async_trait::async_trait]
impl Projection for Social {
    fn name(&self) -> &str {
        "posts"
    }
    fn version(&self) -> u32 {
        7
    }
    fn kinds(&self) -> Vec<String> {
        [POST, SEALED, EDIT, REACT, PROFILE, FOLLOW, REPORT]
            .map(str::to_owned)
            .to_vec()
    }
    fn schema(&self) -> &str {
        r#"
        -- pos is the event's position in the node's log; ids and accounts are 32 raw bytes.
        CREATE TABLE posts (
            pos        INTEGER PRIMARY KEY,
            author     BLOB    NOT NULL,
            created_at INTEGER NOT NULL,
            parent     BLOB,
            root       BLOB,
            quote      BLOB
        );
        CREATE INDEX posts_top_by_time   ON posts (created_at)         WHERE parent IS NULL;
        CREATE INDEX posts_by_author     ON posts (author, created_at);
        CREATE INDEX posts_by_root       ON posts (root, created_at)   WHERE root IS NOT NULL;
        CREATE INDEX posts_by_parent     ON posts (parent)             WHERE parent IS NOT NULL;
        -- Contentless: the text is in the log; rowid is the post's (or edit's) position.
        -- The last word searched is a prefix of three characters or more (see
        -- read::MIN_PREFIX_CHARS). Without a prefix index FTS5 merges the whole doclist of
        -- every word that starts so before it can return the newest 50: 70 ms for "the"
        -- over a million posts. With one for three characters such a prefix is one doclist,
        -- read from its newest end; longer prefixes match few enough words that merging
        -- stays within milliseconds.
        CREATE VIRTUAL TABLE post_search USING fts5 (
            title, text, content = '', contentless_delete = 1,
            tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
        );
        CREATE TABLE post_tags (
            tag        TEXT    NOT NULL,
            created_at INTEGER NOT NULL,
            pos        INTEGER NOT NULL,
            PRIMARY KEY (tag, created_at, pos)
        ) WITHOUT ROWID;
        CREATE INDEX post_tags_by_pos ON post_tags (pos);
        CREATE TABLE edits (
            pos        INTEGER PRIMARY KEY,
            target     BLOB    NOT NULL,
            author     BLOB    NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX edits_by_target ON edits (target, created_at);
        CREATE TABLE reactions (
            pos      INTEGER PRIMARY KEY,
            target   BLOB    NOT NULL,
            author   BLOB    NOT NULL,
            reaction TEXT    NOT NULL
        );
        CREATE INDEX reactions_by_target ON reactions (target);
        CREATE TABLE profiles (
            pos        INTEGER PRIMARY KEY,
            author     BLOB    NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX profiles_by_author ON profiles (author, created_at);
        -- Reports, for block lists: who reported which account.
        CREATE TABLE reports (
            pos     INTEGER PRIMARY KEY,
            author  BLOB    NOT NULL,
            account BLOB    NOT NULL
        );
        CREATE INDEX reports_by_author ON reports (author);
        -- what: reply, mention, quote, reaction, follow.
        CREATE TABLE notifications (
            pos     INTEGER NOT NULL,
            account BLOB    NOT NULL,
            what    TEXT    NOT NULL,
            PRIMARY KEY (pos, account)
        ) WITHOUT ROWID;
        CREATE INDEX notifications_by_account ON notifications (account, pos);
        "#
    }
    fn tables(&self) -> Vec<String> {
        [
            "posts",
            "post_search",
            "post_tags",
            "edits",
            "reactions",
            "profiles",
            "reports",
            "notifications",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    async fn apply(&self, conn: &mut SqliteConnection, events: &[Stored]) -> Result<(), BoxError> {
        let mut posts = Rows::new(
            "INSERT OR REPLACE INTO posts (pos, author, created_at, parent, root, quote) VALUES ",
            6,
        );
        let mut search = Rows::new(
            "INSERT OR REPLACE INTO post_search (rowid, title, text) VALUES ",
            3,
        );
        let mut tags = Rows::new(
            "INSERT OR IGNORE INTO post_tags (tag, created_at, pos) VALUES ",
            3,
        );
        let mut edits = Rows::new(
            "INSERT OR REPLACE INTO edits (pos, target, author, created_at) VALUES ",
            4,
        );
        let mut reactions = Rows::new(
            "INSERT OR REPLACE INTO reactions (pos, target, author, reaction) VALUES ",
            4,
        );
        let mut profiles = Rows::new(
            "INSERT OR REPLACE INTO profiles (pos, author, created_at) VALUES ",
            3,
        );
        let mut reports = Rows::new(
            "INSERT OR REPLACE INTO reports (pos, author, account) VALUES ",
            3,
        );
        let mut notices = Rows::new(
            "INSERT OR IGNORE INTO notifications (pos, account, what) VALUES ",
            3,
        );
        for s in events {
            let e = &s.event;
            // Every event was validated before it was stored; one that fails now was stored
            // under looser rules of an older build and stays out of the views.
            match e.kind() {
                POST => {
                    let Ok(body) = PostBody::parse(e) else {
                        continue;
                    };
                    let reply = body.reply_to;
                    posts.push([
                        Cell::Int(s.pos),
                        blob(e.author().as_bytes()),
                        time(e),
                        reply.map_or(Cell::Null, |r| blob(r.parent.as_bytes())),
                        reply.map_or(Cell::Null, |r| blob(r.root.as_bytes())),
                        body.quote.map_or(Cell::Null, |q| blob(q.as_bytes())),
                    ]);
                    let title = body.title.clone().unwrap_or_default();
                    search.push([
                        Cell::Int(s.pos),
                        Cell::Text(title.clone()),
                        Cell::Text(body.text.clone()),
                    ]);
                    for tag in hashtags(&format!("{title}\n{}", body.text)) {
                        tags.push([Cell::Text(tag), time(e), Cell::Int(s.pos)]);
                    }
                    if let Some(reply) = reply {
                        notify(&mut notices, s, &reply.author, "reply");
                    }
                    for r in e.refs() {
                        if let Ref::Account(a) = r
                            && reply.is_none_or(|r| r.author != *a)
                        {
                            let what = if body.quote.is_some() && !body.text.contains(&a.to_text())
                            {
                                "quote"
                            } else {
                                "mention"
                            };
                            notify(&mut notices, s, a, what);
                        }
                    }
                }
                // Listed like any post; only its recipients can open it when it is shown.
                SEALED if SealedBody::parse(e).is_ok() => {
                    posts.push([
                        Cell::Int(s.pos),
                        blob(e.author().as_bytes()),
                        time(e),
                        Cell::Null,
                        Cell::Null,
                        Cell::Null,
                    ]);
                }
                EDIT => {
                    let Ok((body, target)) = EditBody::parse(e) else {
                        continue;
                    };
                    edits.push([
                        Cell::Int(s.pos),
                        blob(target.as_bytes()),
                        blob(e.author().as_bytes()),
                        time(e),
                    ]);
                    let title = body.title.unwrap_or_default();
                    search.push([Cell::Int(s.pos), Cell::Text(title), Cell::Text(body.text)]);
                }
                REACT => {
                    let Ok((body, target, author)) = ReactBody::parse(e) else {
                        continue;
                    };
                    reactions.push([
                        Cell::Int(s.pos),
                        blob(target.as_bytes()),
                        blob(e.author().as_bytes()),
                        Cell::Text(body.reaction),
                    ]);
                    if let Some(author) = author {
                        notify(&mut notices, s, &author, "reaction");
                    }
                }
                PROFILE => {
                    if ProfileBody::parse(e).is_err() {
                        continue;
                    }
                    profiles.push([Cell::Int(s.pos), blob(e.author().as_bytes()), time(e)]);
                }
                REPORT => {
                    let Ok((_, account, _)) = ReportBody::parse(e) else {
                        continue;
                    };
                    reports.push([
                        Cell::Int(s.pos),
                        blob(e.author().as_bytes()),
                        blob(account.as_bytes()),
                    ]);
                }
                FOLLOW => {
                    if let [Ref::Account(followed)] = e.refs() {
                        notify(&mut notices, s, followed, "follow");
                    }
                }
                _ => {}
            }
        }
        for rows in [
            posts, search, tags, edits, reactions, profiles, reports, notices,
        ] {
            rows.insert(conn).await?;
        }
        Ok(())
    }

    async fn remove(&self, conn: &mut SqliteConnection, gone: &[Gone]) -> Result<(), BoxError> {
        for table in ["posts", "edits", "reactions", "profiles", "reports"] {
            delete_positions(
                conn,
                &format!("DELETE FROM {table} WHERE pos IN (VALUES "),
                gone,
            )
            .await?;
        }
        delete_positions(
            conn,
            "DELETE FROM post_search WHERE rowid IN (VALUES ",
            gone,
        )
        .await?;
        delete_positions(conn, "DELETE FROM post_tags WHERE pos IN (VALUES ", gone).await?;
        delete_positions(
            conn,
            "DELETE FROM notifications WHERE pos IN (VALUES ",
            gone,
        )
        .await?;
        Ok(())
    }
}

async fn delete_positions(
    conn: &mut SqliteConnection,
    head: &str,
    gone: &[Gone],
) -> Result<(), BoxError> {
    for chunk in bulk::chunks(gone) {
        let sql = bulk::values_sql(head, 1, chunk.len(), ")");
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for g in chunk {
            query = query.bind(g.pos);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
