//! superSocial's evented tables, in `apps/social.sqlite`. Text stays in the event log (read
//! back by position for what is shown); the tables hold what the views look up and sort by.
//!
//! - `posts`: every post and comment, with its thread links;
//! - `post_search`: full-text index (FTS5, contentless) of posts and edits, by log position;
//! - `post_tags`: hashtags, for the hashtag view;
//! - `sealed_posts`: the sealed posts (audience posts), and whether this node's account has
//!   opened them into `post_search` and `post_tags` yet (see below);
//! - `edits`, `reactions`, `profiles`: the other kinds, by the post or account they are about;
//! - `notifications`: who is told of what (a reply, a mention, a reaction, a new follower);
//! - `accounts`: the number each account has in the other tables.
//!
//! A sealed post's text is known only to a node whose account can open it, with a key this
//! projection does not hold. So the projection lists each sealed post in `sealed_posts` as
//! not yet opened, and [`super::opened`], which runs with the account's key (when a sealed
//! post arrives, at start, and before a search), opens it and writes its words and hashtags
//! into `post_search` and `post_tags` with [`index_opened`]. They then leave with the post
//! like any other (`remove`), and a rebuild lists them as not opened again. The words stay
//! in this node's database: no event ever carries them.
//!
//! Applying them is most of what a bulk ingest does besides storing the events
//! (`scripts/bench ingest`), so rows are written in one statement per table and batch, and
//! accounts are small integers.

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;

use sqlx::{AssertSqlSafe, Row, SqliteConnection};
use supernet_core::{AccountId, Event, EventId, Ref};
use supernet_store::{BoxError, Gone, Projection, Stored, bulk};

use super::body::{EditBody, PostBody, ProfileBody, ReactBody, hashtags};
use super::moderation::ReportBody;
use super::sealed::SealedBody;
use super::{EDIT, FOLLOW, POST, PROFILE, REACT, REPORT, SEALED};

/// The projection behind every superSocial view.
#[derive(Debug)]
pub(crate) struct Social;

/// A value of one row.
enum Cell {
    Int(i64),
    /// An event id, stored as 32 raw bytes.
    Id(EventId),
    /// An account, stored as its number in `accounts`.
    Account(AccountId),
    Text(String),
    Null,
}

/// Rows for one table, gathered from a batch of events and written by one statement that
/// reads them from a JSON array of arrays (`jsonb_each`).
///
/// Why one statement: a statement that writes a virtual table opens a savepoint, and FTS5
/// writes its pending terms out as a new segment at every savepoint — with a statement per
/// 256 rows, a bulk ingest made hundreds of small segments and merged them over and over.
/// One statement per table also binds one value instead of one per cell.
struct Rows {
    sql: &'static str,
    columns: usize,
    cells: Vec<Cell>,
}

impl Rows {
    /// `sql` reads the rows from `jsonb_each(?)`: column `i` of a row is `value->>i`.
    fn new(sql: &'static str, columns: usize) -> Self {
        Self {
            sql,
            columns,
            cells: Vec::new(),
        }
    }

    fn push<const N: usize>(&mut self, row: [Cell; N]) {
        debug_assert_eq!(N, self.columns, "{}", self.sql);
        self.cells.extend(row);
    }

    fn accounts(&self) -> impl Iterator<Item = &AccountId> {
        self.cells.iter().filter_map(|c| match c {
            Cell::Account(a) => Some(a),
            _ => None,
        })
    }

    /// The rows as JSON, accounts as their numbers in `ids`.
    fn json(&self, ids: &HashMap<AccountId, i64>) -> Result<String, BoxError> {
        let mut json = Vec::with_capacity(self.cells.len() * 16);
        json.push(b'[');
        for (r, row) in self.cells.chunks(self.columns).enumerate() {
            json.extend_from_slice(if r == 0 { b"[" } else { b",[" });
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                match cell {
                    Cell::Int(v) => write!(json, "{v}")?,
                    Cell::Id(id) => write!(json, "\"{}\"", hex::encode(id.as_bytes()))?,
                    Cell::Account(a) => {
                        let id = ids.get(a).ok_or("an account has no number")?;
                        write!(json, "{id}")?;
                    }
                    Cell::Text(t) => serde_json::to_writer(&mut json, t)?,
                    Cell::Null => json.extend_from_slice(b"null"),
                }
            }
            json.push(b']');
        }
        json.push(b']');
        Ok(String::from_utf8(json)?)
    }

    async fn insert(
        self,
        conn: &mut SqliteConnection,
        ids: &HashMap<AccountId, i64>,
    ) -> Result<(), BoxError> {
        if self.cells.is_empty() {
            return Ok(());
        }
        let json = self.json(ids)?;
        sqlx::query(self.sql).bind(json).execute(&mut *conn).await?;
        Ok(())
    }
}

/// The numbers of these accounts in `accounts`, adding those not there yet.
async fn account_ids<'a>(
    conn: &mut SqliteConnection,
    accounts: impl Iterator<Item = &'a AccountId>,
) -> Result<HashMap<AccountId, i64>, BoxError> {
    let keys: BTreeSet<&AccountId> = accounts.collect();
    let mut ids = HashMap::with_capacity(keys.len());
    if keys.is_empty() {
        return Ok(ids);
    }
    let json = serde_json::to_string(
        &keys
            .iter()
            .map(|a| hex::encode(a.as_bytes()))
            .collect::<Vec<_>>(),
    )?;
    sqlx::query("INSERT OR IGNORE INTO accounts (key) SELECT unhex(value) FROM json_each(?)")
        .bind(&json)
        .execute(&mut *conn)
        .await?;
    let rows = sqlx::query(
        "SELECT id, key FROM accounts WHERE key IN (SELECT unhex(value) FROM json_each(?))",
    )
    .bind(&json)
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let key: Vec<u8> = row.get(1);
        if let Ok(key) = <[u8; 32]>::try_from(key.as_slice()) {
            ids.insert(AccountId::from_bytes(key), row.get(0));
        }
    }
    Ok(ids)
}

fn time(event: &Event) -> Cell {
    Cell::Int(event.created_at() as i64)
}

/// What the author of `event` tells `account` about, unless it is themselves.
fn notify(rows: &mut Rows, s: &Stored, account: &AccountId, what: &str) {
    if *account != s.event.author() {
        rows.push([
            Cell::Int(s.pos),
            Cell::Account(*account),
            Cell::Text(what.into()),
        ]);
    }
}

/// The tables, as [`Projection::schema`] creates them.
const SCHEMA: &str = r#"
    -- pos is the event's position in the node's log; event ids are 32 raw bytes.
    -- Accounts are numbered here, once: an account column is a small integer, so an
    -- index by account is dense and cheap to keep while posts arrive from many authors
    -- at once (a million posts from a thousand authors: 1.0 s of CPU to keep the author
    -- index with numbers, 2.2 s with 32-byte keys). Queries bind the 32 bytes and look
    -- the number up with read::ACCOUNT.
    CREATE TABLE accounts (
        id  INTEGER PRIMARY KEY,
        key BLOB    NOT NULL UNIQUE
    );
    CREATE TABLE posts (
        pos        INTEGER PRIMARY KEY,
        author     INTEGER NOT NULL,
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
    -- One column, the title and the text: searches never ask for one of them alone,
    -- and each column costs every entry a column marker.
    -- The last word searched is a prefix of three characters or more (see
    -- read::MIN_PREFIX_CHARS). Without a prefix index FTS5 merges the whole doclist of
    -- every word that starts so before it can return the newest 50: 70 ms for "the"
    -- over a million posts. With one for three characters such a prefix is one doclist,
    -- read from its newest end; longer prefixes match few enough words that merging
    -- stays within milliseconds.
    CREATE VIRTUAL TABLE post_search USING fts5 (
        text, content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
    );
    -- Terms pending in memory before FTS5 writes them out as a segment (default 1 MiB):
    -- a bulk ingest of 100,000 posts then writes one or two segments instead of dozens,
    -- each of which would have to be merged again later. Segments of a level are merged
    -- once there are 16 of them, not 4: a million posts stored a second faster, and
    -- searches over them no slower (`scripts/bench feed`: every search p50 within noise).
    INSERT INTO post_search (post_search, rank) VALUES ('hashsize', 16777216);
    INSERT INTO post_search (post_search, rank) VALUES ('automerge', 16);
    CREATE TABLE post_tags (
        tag        TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        pos        INTEGER NOT NULL,
        PRIMARY KEY (tag, created_at, pos)
    ) WITHOUT ROWID;
    CREATE INDEX post_tags_by_pos ON post_tags (pos);
    -- Sealed posts. opened: NULL until this node's account has tried to open it (its key
    -- may be locked, or not exist yet), then 1 when its words are in post_search and its
    -- hashtags in post_tags, 0 when it is not for this account. The partial index finds
    -- those left to open without reading the others.
    CREATE TABLE sealed_posts (
        pos    INTEGER PRIMARY KEY,
        opened INTEGER
    );
    CREATE INDEX sealed_posts_to_open ON sealed_posts (pos) WHERE opened IS NULL;
    CREATE TABLE edits (
        pos        INTEGER PRIMARY KEY,
        target     BLOB    NOT NULL,
        author     INTEGER NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX edits_by_target ON edits (target, created_at);
    CREATE TABLE reactions (
        pos      INTEGER PRIMARY KEY,
        target   BLOB    NOT NULL,
        author   INTEGER NOT NULL,
        reaction TEXT    NOT NULL
    );
    CREATE INDEX reactions_by_target ON reactions (target);
    CREATE TABLE profiles (
        pos        INTEGER PRIMARY KEY,
        author     INTEGER NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX profiles_by_author ON profiles (author, created_at);
    -- Reports, for block lists: who reported which account.
    CREATE TABLE reports (
        pos     INTEGER PRIMARY KEY,
        author  INTEGER NOT NULL,
        account INTEGER NOT NULL
    );
    CREATE INDEX reports_by_author ON reports (author);
    -- what: reply, mention, quote, reaction, follow.
    CREATE TABLE notifications (
        pos     INTEGER NOT NULL,
        account INTEGER NOT NULL,
        what    TEXT    NOT NULL,
        PRIMARY KEY (pos, account)
    ) WITHOUT ROWID;
    CREATE INDEX notifications_by_account ON notifications (account, pos);
    "#;

#[async_trait::async_trait]
impl Projection for Social {
    fn name(&self) -> &str {
        "posts"
    }
    fn version(&self) -> u32 {
        9
    }
    fn kinds(&self) -> Vec<String> {
        [POST, SEALED, EDIT, REACT, PROFILE, FOLLOW, REPORT]
            .map(str::to_owned)
            .to_vec()
    }
    fn schema(&self) -> &str {
        SCHEMA
    }
    fn tables(&self) -> Vec<String> {
        [
            "accounts",
            "posts",
            "post_search",
            "post_tags",
            "sealed_posts",
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
        // Each statement reads its rows from one JSON array: `value->>i` is column i. OR
        // IGNORE (a position is applied once) spares SQLite a statement journal.
        let mut posts = Rows::new(
            "INSERT OR IGNORE INTO posts (pos, author, created_at, parent, root, quote) \
             SELECT value->>0, value->>1, value->>2, unhex(value->>3), unhex(value->>4), \
             unhex(value->>5) FROM jsonb_each(?)",
            6,
        );
        let mut search = Rows::new(
            "INSERT INTO post_search (rowid, text) SELECT value->>0, value->>1 FROM jsonb_each(?)",
            2,
        );
        let mut tags = Rows::new(
            "INSERT OR IGNORE INTO post_tags (tag, created_at, pos) \
             SELECT value->>0, value->>1, value->>2 FROM jsonb_each(?)",
            3,
        );
        let mut sealed = Rows::new(
            "INSERT OR IGNORE INTO sealed_posts (pos) SELECT value->>0 FROM jsonb_each(?)",
            1,
        );
        let mut edits = Rows::new(
            "INSERT OR IGNORE INTO edits (pos, target, author, created_at) \
             SELECT value->>0, unhex(value->>1), value->>2, value->>3 FROM jsonb_each(?)",
            4,
        );
        let mut reactions = Rows::new(
            "INSERT OR IGNORE INTO reactions (pos, target, author, reaction) \
             SELECT value->>0, unhex(value->>1), value->>2, value->>3 FROM jsonb_each(?)",
            4,
        );
        let mut profiles = Rows::new(
            "INSERT OR IGNORE INTO profiles (pos, author, created_at) \
             SELECT value->>0, value->>1, value->>2 FROM jsonb_each(?)",
            3,
        );
        let mut reports = Rows::new(
            "INSERT OR IGNORE INTO reports (pos, author, account) \
             SELECT value->>0, value->>1, value->>2 FROM jsonb_each(?)",
            3,
        );
        let mut notices = Rows::new(
            "INSERT OR IGNORE INTO notifications (pos, account, what) \
             SELECT value->>0, value->>1, value->>2 FROM jsonb_each(?)",
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
                        Cell::Account(e.author()),
                        time(e),
                        reply.map_or(Cell::Null, |r| Cell::Id(r.parent)),
                        reply.map_or(Cell::Null, |r| Cell::Id(r.root)),
                        body.quote.map_or(Cell::Null, Cell::Id),
                    ]);
                    let text = search_text(&body);
                    if text.contains('#') {
                        for tag in hashtags(&text) {
                            tags.push([Cell::Text(tag), time(e), Cell::Int(s.pos)]);
                        }
                    }
                    search.push([Cell::Int(s.pos), Cell::Text(text)]);
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
                // Listed like any post; only its recipients can open it when it is shown, and
                // its text is indexed once this node's account opens it (see the top).
                SEALED if SealedBody::parse(e).is_ok() => {
                    sealed.push([Cell::Int(s.pos)]);
                    posts.push([
                        Cell::Int(s.pos),
                        Cell::Account(e.author()),
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
                        Cell::Id(target),
                        Cell::Account(e.author()),
                        time(e),
                    ]);
                    let text = match body.title {
                        Some(title) => format!("{title}\n{}", body.text),
                        None => body.text,
                    };
                    search.push([Cell::Int(s.pos), Cell::Text(text)]);
                }
                REACT => {
                    let Ok((body, target, author)) = ReactBody::parse(e) else {
                        continue;
                    };
                    reactions.push([
                        Cell::Int(s.pos),
                        Cell::Id(target),
                        Cell::Account(e.author()),
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
                    profiles.push([Cell::Int(s.pos), Cell::Account(e.author()), time(e)]);
                }
                REPORT => {
                    let Ok((_, account, _)) = ReportBody::parse(e) else {
                        continue;
                    };
                    reports.push([
                        Cell::Int(s.pos),
                        Cell::Account(e.author()),
                        Cell::Account(account),
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
        let tables = [
            posts, search, tags, sealed, edits, reactions, profiles, reports, notices,
        ];
        let ids = account_ids(conn, tables.iter().flat_map(Rows::accounts)).await?;
        for rows in tables {
            rows.insert(conn, &ids).await?;
        }
        Ok(())
    }

    async fn remove(&self, conn: &mut SqliteConnection, gone: &[Gone]) -> Result<(), BoxError> {
        for table in [
            "posts",
            "sealed_posts",
            "edits",
            "reactions",
            "profiles",
            "reports",
        ] {
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

/// The words of a post as `post_search` holds them: the title, then the text.
fn search_text(body: &PostBody) -> String {
    match &body.title {
        Some(title) => format!("{title}\n{}", body.text),
        None => body.text.clone(),
    }
}

/// What this node's account made of one sealed post listed in `sealed_posts`.
#[derive(Debug)]
pub(crate) struct Opened {
    /// The post's position in the log.
    pub pos: i64,
    /// When it was written (the hashtag view's order).
    pub created_at: supernet_core::Timestamp,
    /// Its content, when it was sealed to this account; `None` when it was not (or it
    /// left the log).
    pub post: Option<PostBody>,
}

/// Writes what this node's account opened of sealed posts not opened yet: the words of
/// each one it could open into `post_search`, its hashtags into `post_tags`, and marks every
/// one as tried. A post no longer listed (deleted or expired meanwhile) or already opened is
/// left alone, so nothing is indexed for a post that is gone, nor twice. Runs inside the
/// caller's transaction, on the namespace's write connection, so no `remove` comes between
/// the check and the write.
pub(crate) async fn index_opened(
    conn: &mut SqliteConnection,
    opened: &[Opened],
) -> Result<(), BoxError> {
    let mut search = Rows::new(
        "INSERT INTO post_search (rowid, text) SELECT value->>0, value->>1 FROM jsonb_each(?) \
         WHERE EXISTS (SELECT 1 FROM sealed_posts s WHERE s.pos = value->>0 AND s.opened IS NULL)",
        2,
    );
    let mut tags = Rows::new(
        "INSERT OR IGNORE INTO post_tags (tag, created_at, pos) \
         SELECT value->>0, value->>1, value->>2 FROM jsonb_each(?) \
         WHERE EXISTS (SELECT 1 FROM sealed_posts s WHERE s.pos = value->>2 AND s.opened IS NULL)",
        3,
    );
    let mut marks = Rows::new(
        "UPDATE sealed_posts SET opened = j.value->>1 FROM jsonb_each(?) AS j \
         WHERE sealed_posts.pos = j.value->>0 AND sealed_posts.opened IS NULL",
        2,
    );
    for o in opened {
        let Some(post) = &o.post else {
            marks.push([Cell::Int(o.pos), Cell::Int(0)]);
            continue;
        };
        let text = search_text(post);
        if text.contains('#') {
            for tag in hashtags(&text) {
                tags.push([
                    Cell::Text(tag),
                    Cell::Int(o.created_at as i64),
                    Cell::Int(o.pos),
                ]);
            }
        }
        search.push([Cell::Int(o.pos), Cell::Text(text)]);
        marks.push([Cell::Int(o.pos), Cell::Int(1)]);
    }
    let none = HashMap::new();
    // The marks last: the inserts look for posts not marked yet.
    for rows in [search, tags, marks] {
        rows.insert(conn, &none).await?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use sqlx::Connection as _;

    use super::*;

    async fn count(conn: &mut SqliteConnection, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(conn).await.unwrap()
    }

    fn post(text: &str) -> PostBody {
        PostBody {
            text: text.into(),
            title: None,
            attachments: vec![],
            reply_to: None,
            quote: None,
        }
    }

    #[tokio::test]
    async fn only_sealed_posts_still_listed_are_indexed_once_opened() {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        sqlx::raw_sql(SCHEMA).execute(&mut conn).await.unwrap();
        // 1 and 2 listed; 3 deleted before its words arrive; 1 opened twice.
        sqlx::query("INSERT INTO sealed_posts (pos) VALUES (1), (2)")
            .execute(&mut conn)
            .await
            .unwrap();
        let opened = |pos, text: Option<&str>| Opened {
            pos,
            created_at: 7,
            post: text.map(post),
        };
        let batch = [
            opened(1, Some("a walk in the #woods")),
            opened(2, None),
            opened(3, Some("gone before it was read")),
        ];
        index_opened(&mut conn, &batch).await.unwrap();
        index_opened(&mut conn, &[opened(1, Some("a walk in the #woods"))])
            .await
            .unwrap();
        assert_eq!(
            count(
                &mut conn,
                "SELECT count(*) FROM post_search WHERE post_search MATCH 'walk'"
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &mut conn,
                "SELECT count(*) FROM post_search WHERE post_search MATCH 'gone'"
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &mut conn,
                "SELECT count(*) FROM post_tags WHERE tag = 'woods' AND pos = 1"
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &mut conn,
                "SELECT count(*) FROM sealed_posts WHERE opened IS NULL"
            )
            .await,
            0
        );
        assert_eq!(
            count(&mut conn, "SELECT sum(opened) FROM sealed_posts").await,
            1
        );
    }

    #[tokio::test]
    async fn rows_reach_sqlite_as_written() {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        sqlx::query("CREATE TABLE t (n INTEGER, id BLOB, account INTEGER, text TEXT, none)")
            .execute(&mut conn)
            .await
            .unwrap();
        let account = AccountId::from_bytes([9; 32]);
        let text = "a \"quote\", a \\ and\na new line: été 😀 \u{1}";
        let mut rows = Rows::new(
            "INSERT INTO t SELECT value->>0, unhex(value->>1), value->>2, value->>3, value->>4 \
             FROM jsonb_each(?)",
            5,
        );
        for n in [i64::MIN, -1, i64::MAX] {
            rows.push([
                Cell::Int(n),
                Cell::Id(EventId([7; 32])),
                Cell::Account(account),
                Cell::Text(text.into()),
                Cell::Null,
            ]);
        }
        let ids = HashMap::from([(account, 3)]);
        rows.insert(&mut conn, &ids).await.unwrap();
        type Row = (i64, Vec<u8>, i64, String, Option<i64>);
        let read: Vec<Row> = sqlx::query_as("SELECT * FROM t ORDER BY n")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(
            read.iter().map(|r| r.0).collect::<Vec<_>>(),
            [i64::MIN, -1, i64::MAX]
        );
        for (_, id, number, written, none) in read {
            assert_eq!(id, [7; 32]);
            assert_eq!(number, 3);
            assert_eq!(written, text);
            assert_eq!(none, None);
        }
    }
}
