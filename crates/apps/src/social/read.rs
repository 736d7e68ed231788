//! What superSocial shows: posts with everything a reader sees around them (the author's
//! name, replies, reactions, the latest edit, the quoted post), and the listings — home
//! timeline, author pages, threads, hashtags, search, notifications — a page at a time
//! (keyset pagination: each page ends with a cursor for the next).

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row};
use supernet_core::{AccountId, ApiError, Attachment, Event, EventId, Timestamp};
use supernet_store::{Cursor, Store};

use super::APP_ID;
use super::body::{EditBody, PostBody, ProfileBody, ReplyTo, hashtags};
use super::moderation::Moderation;

/// Default page size.
pub(crate) const DEFAULT_LIMIT: u32 = 50;
/// Largest page.
pub(crate) const MAX_LIMIT: u32 = 500;
/// Most comments one thread view returns: a long discussion, still one screenful of data.
pub(crate) const MAX_THREAD: u32 = 1000;
/// Rows of the newest-first index a home timeline reads, at most, for one page: with many
/// accounts stored but few followed, a page ends early (with a cursor) rather than late.
const MAX_SCAN: usize = 20_000;
/// Followed accounts up to which the home timeline reads each account's posts by index and
/// merges them; above it, it walks the newest-first index once.
const PER_AUTHOR_UP_TO: usize = 32;

/// A count of one reaction on a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReactionCount {
    /// The reaction (an emoji).
    pub reaction: String,
    /// How many accounts reacted so.
    pub count: u32,
    /// Whether this node's account is one of them.
    pub mine: bool,
}

/// A quoted post, shown inside the one that quotes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct QuotedPost {
    /// Its id.
    pub id: EventId,
    /// Whether it is stored here (if not, only the id is known).
    pub found: bool,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<AccountId>,
    /// The author's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its text.
    #[serde(default)]
    pub text: String,
    /// Its files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// When it was written.
    #[serde(default)]
    pub created_at: Timestamp,
}

/// A post as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PostView {
    /// The post's event id.
    pub id: EventId,
    /// Who wrote it.
    pub author: AccountId,
    /// The author's name, from their profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    /// When, in milliseconds since the Unix epoch.
    pub created_at: Timestamp,
    /// When every honest node deletes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// The title of a blog post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The text, in Markdown (the latest edit's).
    pub text: String,
    /// Files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// A comment: what it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<ReplyTo>,
    /// The post it quotes or reposts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<QuotedPost>,
    /// When it was last edited (see `social.history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<Timestamp>,
    /// Direct replies stored here.
    #[serde(default)]
    pub replies: u32,
    /// Reactions, most frequent first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reactions: Vec<ReactionCount>,
    /// Its hashtags, lowercased.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Who can read it, when it is not public (it was encrypted to them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<super::sealed::Audience>,
}

/// A page of posts.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FeedPage {
    /// Posts, newest first.
    pub posts: Vec<PostView>,
    /// Cursor for the next page, when there may be one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Checks a page size.
pub(crate) fn page_limit(limit: Option<u32>) -> Result<u32, ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid_input(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {limit}"
        )));
    }
    Ok(limit)
}

/// Reads a cursor a page returned.
pub(crate) fn cursor(before: Option<&str>) -> Result<Option<Cursor>, ApiError> {
    Ok(before.map(Cursor::parse).transpose()?)
}

/// A value bound into a query.
pub(crate) enum Bind {
    Int(i64),
    Blob(Vec<u8>),
    Text(String),
}

/// SQL for the number of the account bound in its place (see `accounts` in table.rs):
/// account columns hold these numbers, queries bind the account's 32 bytes.
pub(crate) const ACCOUNT: &str = "(SELECT id FROM accounts WHERE key = ?)";

/// Runs a query on the social database that returns `(pos, created_at)` rows.
pub(crate) async fn rows(
    store: &Store,
    sql: &str,
    binds: Vec<Bind>,
) -> Result<Vec<(i64, i64)>, ApiError> {
    let mut query = sqlx::query(AssertSqlSafe(sql.to_owned()));
    for b in binds {
        query = match b {
            Bind::Int(v) => query.bind(v),
            Bind::Blob(v) => query.bind(v),
            Bind::Text(v) => query.bind(v),
        };
    }
    let mut reader = store.app_reader(APP_ID).await?;
    let rows = query
        .fetch_all(reader.conn())
        .await
        .map_err(|e| reader.error(e))?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// `WHERE`/`AND` clause for a keyset cursor over `(created_at, pos)`.
fn after_cursor(before: &Option<Cursor>, column: &str, binds: &mut Vec<Bind>) -> String {
    match before {
        Some(c) => {
            binds.push(Bind::Int(c.created_at as i64));
            binds.push(Bind::Int(c.pos));
            format!(" AND ({column}, pos) < (?, ?)")
        }
        None => String::new(),
    }
}

/// The next cursor of a page of `(pos, created_at)` rows that filled `limit`.
fn next_of(page: &[(i64, i64)], limit: u32) -> Option<Cursor> {
    (page.len() >= limit as usize)
        .then(|| page.last())
        .flatten()
        .map(|&(pos, at)| Cursor {
            created_at: at.max(0) as u64,
            pos,
        })
}

/// Posts newest first from one of the posts indexes: `filter` is SQL after `WHERE`.
pub(crate) async fn listing(
    store: &Store,
    moderation: &Moderation,
    index: &str,
    filter: &str,
    mut binds: Vec<Bind>,
    before: Option<Cursor>,
    limit: u32,
) -> Result<FeedPage, ApiError> {
    let keyset = after_cursor(&before, "created_at", &mut binds);
    binds.push(Bind::Int(i64::from(limit)));
    let sql = format!(
        "SELECT pos, created_at FROM posts INDEXED BY {index} WHERE {filter}{keyset} \
         ORDER BY created_at DESC, pos DESC LIMIT ?"
    );
    let page = rows(store, &sql, binds).await?;
    let next = next_of(&page, limit);
    page_of(store, moderation, &page, next).await
}

/// Views of the posts at these positions (in that order), and the cursor after them.
async fn page_of(
    store: &Store,
    moderation: &Moderation,
    page: &[(i64, i64)],
    next: Option<Cursor>,
) -> Result<FeedPage, ApiError> {
    let positions: Vec<i64> = page.iter().map(|&(pos, _)| pos).collect();
    let events = events_at(store, &positions).await?;
    Ok(FeedPage {
        posts: views(store, moderation, events).await?,
        next: next.map(|c| c.to_text()),
    })
}

async fn events_at(store: &Store, positions: &[i64]) -> Result<Vec<Event>, ApiError> {
    Ok(store
        .at_positions(positions)
        .await?
        .into_iter()
        .map(|s| s.event)
        .collect())
}

/// The home timeline: posts (not comments) by `authors`, newest first.
pub(crate) async fn home(
    store: &Store,
    moderation: &Moderation,
    authors: &[AccountId],
    before: Option<Cursor>,
    limit: u32,
) -> Result<FeedPage, ApiError> {
    if authors.len() <= PER_AUTHOR_UP_TO {
        // Few accounts: each one's newest posts by index, merged.
        let mut merged = Vec::new();
        for author in authors {
            let mut binds = vec![Bind::Blob(author.as_bytes().to_vec())];
            let keyset = after_cursor(&before, "created_at", &mut binds);
            binds.push(Bind::Int(i64::from(limit)));
            let sql = format!(
                "SELECT pos, created_at FROM posts INDEXED BY posts_by_author \
                 WHERE author = {ACCOUNT} AND parent IS NULL{keyset} \
                 ORDER BY created_at DESC, pos DESC LIMIT ?"
            );
            merged.extend(rows(store, &sql, binds).await?);
        }
        merged.sort_by_key(|&(pos, at)| std::cmp::Reverse((at, pos)));
        merged.truncate(limit as usize);
        let next = next_of(&merged, limit);
        return page_of(store, moderation, &merged, next).await;
    }
    // Many accounts: walk the newest-first index once, keeping theirs.
    let wanted: HashSet<[u8; 32]> = authors.iter().map(|a| *a.as_bytes()).collect();
    let mut binds = Vec::new();
    let keyset = after_cursor(&before, "created_at", &mut binds);
    let sql = format!(
        "SELECT pos, created_at, (SELECT key FROM accounts WHERE id = author) \
         FROM posts INDEXED BY posts_top_by_time \
         WHERE parent IS NULL{keyset} ORDER BY created_at DESC, pos DESC LIMIT {MAX_SCAN}"
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for b in binds {
        if let Bind::Int(v) = b {
            query = query.bind(v);
        }
    }
    let mut page = Vec::new();
    let mut last = None;
    let mut scanned = 0;
    {
        use futures_util::TryStreamExt;
        let mut reader = store.app_reader(APP_ID).await?;
        let mut stream = query.fetch(reader.conn());
        while let Some(row) = stream
            .try_next()
            .await
            .map_err(|e| ApiError::internal(format!("reading the home timeline: {e}")))?
        {
            scanned += 1;
            let (pos, at): (i64, i64) = (row.get(0), row.get(1));
            last = Some((pos, at));
            let author: Vec<u8> = row.get(2);
            if <[u8; 32]>::try_from(author.as_slice()).is_ok_and(|a| wanted.contains(&a)) {
                page.push((pos, at));
                if page.len() == limit as usize {
                    break;
                }
            }
        }
    }
    // A full page continues after its last post; a page cut short by the scan bound
    // continues after the last row read.
    let next = if page.len() == limit as usize {
        next_of(&page, limit)
    } else if scanned >= MAX_SCAN {
        last.map(|(pos, at)| Cursor {
            created_at: at.max(0) as u64,
            pos,
        })
    } else {
        None
    };
    page_of(store, moderation, &page, next).await
}

/// Posts with a hashtag, newest first.
pub(crate) async fn tagged(
    store: &Store,
    moderation: &Moderation,
    tag: &str,
    before: Option<Cursor>,
    limit: u32,
) -> Result<FeedPage, ApiError> {
    let mut binds = vec![Bind::Text(tag.to_owned())];
    let keyset = after_cursor(&before, "created_at", &mut binds);
    binds.push(Bind::Int(i64::from(limit)));
    let sql = format!(
        "SELECT pos, created_at FROM post_tags WHERE tag = ?{keyset} \
         ORDER BY created_at DESC, pos DESC LIMIT ?"
    );
    let page = rows(store, &sql, binds).await?;
    let next = next_of(&page, limit);
    page_of(store, moderation, &page, next).await
}

/// Turns what someone typed into an FTS5 query that matches every word (the last one as a
/// prefix, so results come while typing). Words are quoted: FTS5 syntax in the input is
/// searched for, never interpreted.
pub(crate) fn fts_query(input: &str) -> Result<String, ApiError> {
    let words: Vec<&str> = input
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err(ApiError::invalid_input(
            "type at least one word (letters or digits) to search for",
        ));
    }
    let last = words.len() - 1;
    Ok(words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == last {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(" "))
}

/// The shortest last word searched as a prefix; a shorter one is searched as a whole word.
/// One or two letters start nearly every post's words, so their completions tell nothing
/// apart, and they are slow: FTS5 merges the doclists of every word with that start (300 ms
/// for "t" over a million posts) unless it has a prefix index for that length. Indexes for
/// one to three letters made ingest about a fifth slower and the store a quarter bigger
/// (`scripts/bench feed` and `ingest`); the one for three letters alone, 8 % bigger.
const MIN_PREFIX_CHARS: usize = 3;

/// [`fts_query`] for a search: the last word a prefix only from [`MIN_PREFIX_CHARS`] on.
fn search_query(input: &str) -> Result<String, ApiError> {
    let mut fts = fts_query(input)?;
    let last = input
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .rfind(|w| !w.is_empty())
        .map_or(0, |w| w.chars().count());
    if last < MIN_PREFIX_CHARS {
        // fts_query ends with the last word's `*`.
        fts.pop();
    }
    Ok(fts)
}

/// Full-text search over posts and comments stored here (including edited text), newest
/// first. The cursor's position is the last match shown.
pub(crate) async fn search(
    store: &Store,
    moderation: &Moderation,
    input: &str,
    before: Option<Cursor>,
    limit: u32,
) -> Result<FeedPage, ApiError> {
    let fts = search_query(input)?;
    let mut binds = vec![Bind::Text(fts)];
    let keyset = match &before {
        Some(c) => {
            binds.push(Bind::Int(c.pos));
            " AND rowid < ?"
        }
        None => "",
    };
    binds.push(Bind::Int(i64::from(limit)));
    let sql = format!(
        "SELECT rowid, 0 FROM post_search WHERE post_search MATCH ?{keyset} ORDER BY rowid DESC LIMIT ?"
    );
    let hits = rows(store, &sql, binds).await?;
    let next = next_of(&hits, limit);
    let positions: Vec<i64> = hits.iter().map(|&(pos, _)| pos).collect();
    // A hit on an edit stands for the post it edited (once, where it first appears).
    let mut seen = HashSet::new();
    let mut posts = Vec::new();
    for e in events_at(store, &positions).await? {
        let post = if e.kind() == super::EDIT {
            match EditBody::parse(&e) {
                Ok((_, target)) => match store.get(&target).await? {
                    Some(p) if p.author() == e.author() => p,
                    _ => continue,
                },
                Err(_) => continue,
            }
        } else {
            e
        };
        if seen.insert(post.id()) {
            posts.push(post);
        }
    }
    Ok(FeedPage {
        posts: views(store, moderation, posts).await?,
        next: next.map(|c| c.to_text()),
    })
}

/// Profiles of these accounts, where one is stored.
pub(crate) async fn profiles(
    store: &Store,
    accounts: &[AccountId],
) -> Result<HashMap<AccountId, ProfileBody>, ApiError> {
    let mut positions = Vec::new();
    for chunk in accounts.chunks(supernet_store::MAX_PAGE as usize) {
        let sql = format!(
            "SELECT pos, max(created_at) FROM profiles \
             WHERE author IN (SELECT id FROM accounts WHERE key IN ({})) GROUP BY author",
            vec!["?"; chunk.len()].join(",")
        );
        let binds = chunk
            .iter()
            .map(|a| Bind::Blob(a.as_bytes().to_vec()))
            .collect();
        positions.extend(
            rows(store, &sql, binds)
                .await?
                .into_iter()
                .map(|(pos, _)| pos),
        );
    }
    let mut found = HashMap::new();
    for e in events_at(store, &positions).await? {
        if let Ok(p) = ProfileBody::parse(&e) {
            found.insert(e.author(), p);
        }
    }
    Ok(found)
}

/// The views of `events` (posts), leaving out what the moderation settings hide.
pub(crate) async fn views(
    store: &Store,
    moderation: &Moderation,
    events: Vec<Event>,
) -> Result<Vec<PostView>, ApiError> {
    let mut posts: Vec<(Event, PostBody)> = Vec::with_capacity(events.len());
    let mut audiences: HashMap<EventId, super::sealed::Audience> = HashMap::new();
    for e in events {
        if e.kind() == super::SEALED {
            // Shown only to its recipients, opened with this account's key.
            let opened = match (&moderation.key, moderation.me) {
                (Some(key), Some(me)) => super::sealed::SealedBody::parse(&e)
                    .ok()
                    .and_then(|s| s.open(&e.author(), &me, key).map(|b| (s.audience, b))),
                _ => None,
            };
            if let Some((audience, body)) = opened
                && !moderation.hides(&e, &body)
            {
                audiences.insert(e.id(), audience);
                posts.push((e, body));
            }
            continue;
        }
        match PostBody::parse(&e) {
            Ok(body) if !moderation.hides(&e, &body) => posts.push((e, body)),
            Ok(_) => {}
            Err(reason) => tracing::warn!(id = %e.id(), "post left out: {reason}"),
        }
    }
    let ids: Vec<EventId> = posts.iter().map(|(e, _)| e.id()).collect();
    let blobs: Vec<Vec<u8>> = ids.iter().map(|id| id.as_bytes().to_vec()).collect();
    let marks = vec!["?"; ids.len()].join(",");
    let me = moderation.me;

    // Direct replies.
    let mut replies: HashMap<EventId, u32> = HashMap::new();
    // Reactions: one per account and reaction.
    let mut reactions: HashMap<EventId, Vec<ReactionCount>> = HashMap::new();
    if !ids.is_empty() {
        let mut reader = store.app_reader(APP_ID).await?;
        let sql =
            format!("SELECT parent, count(*) FROM posts WHERE parent IN ({marks}) GROUP BY parent");
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for b in &blobs {
            q = q.bind(b.clone());
        }
        for row in q
            .fetch_all(reader.conn())
            .await
            .map_err(|e| reader.error(e))?
        {
            if let Some(id) = event_id(row.get(0)) {
                replies.insert(id, row.get::<i64, _>(1) as u32);
            }
        }
        let sql = format!(
            "SELECT target, reaction, count(DISTINCT author), max(author = {ACCOUNT}) \
             FROM reactions WHERE target IN ({marks}) GROUP BY target, reaction"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(me.map(|a| a.as_bytes().to_vec()));
        for b in &blobs {
            q = q.bind(b.clone());
        }
        for row in q
            .fetch_all(reader.conn())
            .await
            .map_err(|e| reader.error(e))?
        {
            if let Some(id) = event_id(row.get(0)) {
                reactions.entry(id).or_default().push(ReactionCount {
                    reaction: row.get(1),
                    count: row.get::<i64, _>(2) as u32,
                    mine: row.get::<Option<i64>, _>(3).unwrap_or(0) == 1,
                });
            }
        }
    }
    let authors: HashMap<EventId, AccountId> =
        posts.iter().map(|(e, _)| (e.id(), e.author())).collect();
    let mut latest_edit = latest_edits(store, &authors).await?;

    // Quoted posts.
    let quoted: Vec<EventId> = posts.iter().filter_map(|(_, b)| b.quote).collect();
    let mut quotes: HashMap<EventId, (Event, PostBody)> = HashMap::new();
    for id in quoted {
        if let Some(e) = store.get(&id).await?
            && let Ok(body) = PostBody::parse(&e)
        {
            quotes.insert(e.id(), (e, body));
        }
    }
    // A quoted post shows its newest version too.
    let quoted_authors = quotes
        .iter()
        .map(|(id, (e, _))| (*id, e.author()))
        .collect();
    for (id, (_, edit)) in latest_edits(store, &quoted_authors).await? {
        if let Some((_, body)) = quotes.get_mut(&id) {
            body.text = edit.text;
            body.title = edit.title;
            body.attachments = edit.attachments;
        }
    }

    // Names of everyone shown.
    let mut accounts: Vec<AccountId> = posts.iter().map(|(e, _)| e.author()).collect();
    accounts.extend(quotes.values().map(|(e, _)| e.author()));
    accounts.sort();
    accounts.dedup();
    let names = profiles(store, &accounts).await?;
    let name_of = |a: &AccountId| names.get(a).map(|p| p.name.clone());

    Ok(posts
        .into_iter()
        .map(|(e, body)| {
            let id = e.id();
            let mut reactions = reactions.remove(&id).unwrap_or_default();
            reactions.sort_by(|a, b| b.count.cmp(&a.count).then(a.reaction.cmp(&b.reaction)));
            let (edited_at, title, text, attachments) = match latest_edit.remove(&id) {
                Some((at, edit)) => (Some(at), edit.title, edit.text, edit.attachments),
                None => (None, body.title, body.text, body.attachments),
            };
            let quote = body.quote.map(|q| match quotes.get(&q) {
                Some((qe, qb)) if !moderation.hides(qe, qb) => QuotedPost {
                    id: q,
                    found: true,
                    author: Some(qe.author()),
                    author_name: name_of(&qe.author()),
                    title: qb.title.clone(),
                    text: qb.text.clone(),
                    attachments: qb.attachments.clone(),
                    created_at: qe.created_at(),
                },
                _ => QuotedPost {
                    id: q,
                    found: false,
                    author: None,
                    author_name: None,
                    title: None,
                    text: String::new(),
                    attachments: vec![],
                    created_at: 0,
                },
            });
            let tags = hashtags(&format!("{}\n{text}", title.clone().unwrap_or_default()));
            PostView {
                id,
                author: e.author(),
                author_name: name_of(&e.author()),
                created_at: e.created_at(),
                expires_at: e.expires_at(),
                title,
                text,
                attachments,
                reply_to: body.reply_to,
                quote,
                edited_at,
                replies: replies.get(&id).copied().unwrap_or(0),
                reactions,
                tags,
                audience: audiences.get(&id).copied(),
            }
        })
        .collect())
}

/// The newest edit of each of these posts (id → author) by its own author.
async fn latest_edits(
    store: &Store,
    posts: &HashMap<EventId, AccountId>,
) -> Result<HashMap<EventId, (Timestamp, EditBody)>, ApiError> {
    let mut latest: HashMap<EventId, (Timestamp, EditBody)> = HashMap::new();
    if posts.is_empty() {
        return Ok(latest);
    }
    let sql = format!(
        "SELECT pos, created_at FROM edits WHERE target IN ({})",
        vec!["?"; posts.len()].join(",")
    );
    let binds = posts
        .keys()
        .map(|id| Bind::Blob(id.as_bytes().to_vec()))
        .collect();
    let positions: Vec<i64> = rows(store, &sql, binds)
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    for e in events_at(store, &positions).await? {
        if let Ok((body, target)) = EditBody::parse(&e)
            && posts.get(&target) == Some(&e.author())
            && latest
                .get(&target)
                .is_none_or(|(at, _)| *at <= e.created_at())
        {
            latest.insert(target, (e.created_at(), body));
        }
    }
    Ok(latest)
}

fn event_id(bytes: Vec<u8>) -> Option<EventId> {
    <[u8; 32]>::try_from(bytes.as_slice()).ok().map(EventId)
}

/// One thread: its first post and every comment stored here, oldest first; apart, the
/// comments this node's user hid (which the other moderation settings let through).
pub(crate) async fn thread(
    store: &Store,
    moderation: &Moderation,
    root: EventId,
) -> Result<(Vec<PostView>, Vec<PostView>, bool), ApiError> {
    let sql = format!(
        "SELECT pos, created_at FROM posts WHERE root = ? ORDER BY created_at, pos LIMIT {}",
        MAX_THREAD + 1
    );
    let page = rows(store, &sql, vec![Bind::Blob(root.as_bytes().to_vec())]).await?;
    let more = page.len() > MAX_THREAD as usize;
    let positions: Vec<i64> = page
        .iter()
        .take(MAX_THREAD as usize)
        .map(|&(p, _)| p)
        .collect();
    let mut events: Vec<Event> = store.get(&root).await?.into_iter().collect();
    events.extend(events_at(store, &positions).await?);
    let (hid, events): (Vec<Event>, Vec<Event>) = events.into_iter().partition(|e| {
        Some(e.author()) != moderation.me && moderation.settings.hidden.contains(&e.id())
    });
    let shown = views(store, moderation, events).await?;
    let hidden = if hid.is_empty() {
        vec![]
    } else {
        let mut unhidden = moderation.clone();
        unhidden.settings.hidden.clear();
        views(store, &unhidden, hid).await?
    };
    Ok((shown, hidden, more))
}

#[cfg(test)]
mod tests {
    use super::search_query;

    #[test]
    fn a_search_completes_the_last_word_from_three_letters_on() {
        assert_eq!(search_query("garden par").unwrap(), "\"garden\" \"par\"*");
        assert_eq!(search_query("garden pa").unwrap(), "\"garden\" \"pa\"");
        assert_eq!(search_query("a").unwrap(), "\"a\"");
        assert_eq!(search_query("été, là").unwrap(), "\"été\" \"là\"");
        assert_eq!(search_query("zeppelin!").unwrap(), "\"zeppelin\"*");
        assert!(search_query(" ** ").is_err());
    }
}
