//! superSocial, first slice: posts (short notes and titled blog posts) and the feed.
//!
//! - Kind `social.post`: body `{"text": "…", "title": "…"?, "attachments": […]?}` (UTF-8
//!   JSON; Markdown text; files as [`Attachment`]s).
//! - Table `posts` in `apps/social.sqlite`: one row per post, indexed for the newest-first
//!   feed and per-author pages.
//! - Methods `social.post` (signs) and `social.feed`.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row, SqliteConnection};
use supernet_core::{AccountId, ApiError, Attachment, Draft, Event, EventId, Ref, Timestamp};
use supernet_store::{BoxError, Cursor, EventQuery, Gone, Projection, Stored, bulk};

use crate::contract::{AppSpec, Ctx, KindSpec, MethodSpec, Permission};

/// The app's namespace.
pub const APP_ID: &str = "social";
/// The post kind.
pub const POST: &str = "social.post";
/// Following an account: body `{}`, one account reference (the one followed).
pub const FOLLOW: &str = "social.follow";
/// Ending a follow: body `{}`, one account reference.
pub const UNFOLLOW: &str = "social.unfollow";
/// Read posts and feeds.
pub const SOCIAL_READ: Permission = Permission::named("social.read");
/// Publish as the node's account.
pub const SOCIAL_WRITE: Permission = Permission::named("social.write");
/// Longest title, in characters: a headline, not a paragraph.
pub const MAX_TITLE_CHARS: usize = 300;
/// Default feed page size.
const DEFAULT_FEED_LIMIT: u32 = 50;
/// Largest feed page.
const MAX_FEED_LIMIT: u32 = 500;

/// The body of a `social.post` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PostBody {
    /// The post, in Markdown.
    pub text: String,
    /// A title makes the post a blog post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Files: images, video, audio, anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

impl PostBody {
    /// Checks the rules every node enforces on a post.
    pub fn check(&self) -> Result<(), String> {
        if self.text.trim().is_empty() && self.attachments.is_empty() {
            return Err("a post needs some text or a file".into());
        }
        Attachment::check_all(&self.attachments)?;
        if let Some(title) = &self.title {
            if title.trim().is_empty() {
                return Err("a title, when given, cannot be blank".into());
            }
            if title.chars().count() > MAX_TITLE_CHARS {
                return Err(format!("a title has at most {MAX_TITLE_CHARS} characters"));
            }
            if title.contains(['\n', '\r']) {
                return Err("a title is a single line".into());
            }
        }
        Ok(())
    }

    fn parse(event: &Event) -> Result<Self, String> {
        let body: PostBody = serde_json::from_slice(event.body()).map_err(|e| {
            format!("a social.post body is JSON {{\"text\": …, \"title\"?: …}}: {e}")
        })?;
        body.check()?;
        Ok(body)
    }
}

/// A post as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PostView {
    /// The post's event id.
    pub id: EventId,
    /// Who wrote it.
    pub author: AccountId,
    /// When, in milliseconds since the Unix epoch.
    pub created_at: Timestamp,
    /// The title of a blog post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The text, in Markdown.
    pub text: String,
    /// Files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// A file to attach: one added to this node's store (`blobs.add`, or an upload).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachInput {
    /// Its hash, as `blobs.add` returned it.
    pub hash: String,
    /// File name to show (default: the name it was added with).
    #[serde(default)]
    pub name: Option<String>,
    /// Media type (default: guessed from the name).
    #[serde(default)]
    pub mime: Option<String>,
}

/// Input of `social.post`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostInput {
    /// The post, in Markdown (may be empty when files are attached).
    #[serde(default)]
    pub text: String,
    /// A title makes it a blog post.
    #[serde(default)]
    pub title: Option<String>,
    /// Files, already in this node's store.
    #[serde(default)]
    pub attachments: Vec<AttachInput>,
    /// When every honest node deletes the post (and its files), in ms since the epoch.
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
}

/// Input of `social.feed`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedInput {
    /// Page size, 1 to 500 (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Continue after this cursor (the `next` of the previous page).
    #[serde(default)]
    pub before: Option<String>,
    /// Only this author's posts.
    #[serde(default)]
    pub author: Option<AccountId>,
}

/// Output of `social.feed`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FeedPage {
    /// Posts, newest first.
    pub posts: Vec<PostView>,
    /// Cursor for the next page, when there may be one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The `posts` table: which stored events are posts, in feed order. The text stays in the
/// event log (read back by position for the page shown), so ingesting a post costs two
/// appends here rather than a second copy of every post.
#[derive(Debug)]
struct Posts;

#[async_trait::async_trait]
impl Projection for Posts {
    fn name(&self) -> &str {
        "posts"
    }
    fn version(&self) -> u32 {
        2
    }
    fn kinds(&self) -> Vec<String> {
        vec![POST.to_owned()]
    }
    fn schema(&self) -> &str {
        r#"
        -- pos is the event's position in the node's log.
        CREATE TABLE posts (
            pos        INTEGER PRIMARY KEY,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX posts_by_time ON posts (created_at);
        "#
    }
    fn tables(&self) -> Vec<String> {
        vec!["posts".into()]
    }

    async fn apply(&self, conn: &mut SqliteConnection, events: &[Stored]) -> Result<(), BoxError> {
        for chunk in bulk::chunks(events) {
            let sql = bulk::values_sql(
                "INSERT OR REPLACE INTO posts (pos, created_at) VALUES ",
                2,
                chunk.len(),
                "",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for s in chunk {
                query = query.bind(s.pos).bind(s.event.created_at() as i64);
            }
            query.execute(&mut *conn).await?;
        }
        Ok(())
    }

    async fn remove(&self, conn: &mut SqliteConnection, gone: &[Gone]) -> Result<(), BoxError> {
        for chunk in bulk::chunks(gone) {
            let sql = bulk::values_sql(
                "DELETE FROM posts WHERE pos IN (VALUES ",
                1,
                chunk.len(),
                ")",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for g in chunk {
                query = query.bind(g.pos);
            }
            query.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

fn validate_post(event: &Event) -> Result<(), String> {
    PostBody::parse(event).map(|_| ())
}

/// A follow or unfollow names exactly one account, and says nothing else.
fn validate_follow(event: &Event) -> Result<(), String> {
    let accounts = event
        .refs()
        .iter()
        .filter(|r| matches!(r, Ref::Account(_)))
        .count();
    if accounts != 1 || event.refs().len() != 1 {
        return Err(format!("{} names exactly one account", event.kind()));
    }
    if event.refs().contains(&Ref::Account(event.author())) {
        return Err("an account does not follow itself".into());
    }
    match serde_json::from_slice::<serde_json::Value>(event.body()) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        _ => Err(format!("the body of {} is a JSON object", event.kind())),
    }
}

/// Input of `social.follow`: a ticket (connects to that node and syncs), or an account
/// (found through the network).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowInput {
    /// A contact ticket (text or `supernet://follow/…` link).
    #[serde(default)]
    pub ticket: Option<String>,
    /// An account id.
    #[serde(default)]
    pub account: Option<AccountId>,
}

/// Input of `social.unfollow`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnfollowInput {
    /// The account to stop following.
    pub account: AccountId,
}

/// Output of `social.follow` and `social.unfollow`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FollowOutput {
    /// The account.
    pub account: AccountId,
    /// Whether it is followed now.
    pub following: bool,
}

/// A list of accounts.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Accounts {
    /// The accounts.
    pub accounts: Vec<AccountId>,
}

async fn follow(ctx: Ctx, input: FollowInput) -> Result<FollowOutput, ApiError> {
    let account = match (&input.ticket, input.account) {
        (Some(ticket), None) => ctx.ticket_account(ticket)?,
        (None, Some(account)) => account,
        _ => {
            return Err(ApiError::invalid_input(
                "give either a ticket or an account",
            ));
        }
    };
    if ctx.account() == Some(account) {
        return Err(ApiError::invalid_input("that is this node's own account"));
    }
    if !ctx.replicated().await?.contains(&account) {
        let draft = Draft {
            refs: vec![Ref::Account(account)],
            ..Draft::new(FOLLOW, ctx.now(), b"{}".to_vec())
        };
        ctx.publish(draft).await?;
    }
    ctx.replicate(account, input.ticket.as_deref()).await?;
    Ok(FollowOutput {
        account,
        following: true,
    })
}

async fn unfollow(ctx: Ctx, input: UnfollowInput) -> Result<FollowOutput, ApiError> {
    if ctx.replicated().await?.contains(&input.account) {
        let draft = Draft {
            refs: vec![Ref::Account(input.account)],
            ..Draft::new(UNFOLLOW, ctx.now(), b"{}".to_vec())
        };
        ctx.publish(draft).await?;
    }
    ctx.stop_replicating(input.account).await?;
    Ok(FollowOutput {
        account: input.account,
        following: false,
    })
}

async fn following(ctx: Ctx, _: NoInput) -> Result<Accounts, ApiError> {
    Ok(Accounts {
        accounts: ctx.replicated().await?,
    })
}

/// Accounts known here whose latest follow or unfollow of this node's account is a follow.
async fn followers(ctx: Ctx, _: NoInput) -> Result<Accounts, ApiError> {
    let me = ctx.account().ok_or_else(|| {
        ApiError::new(
            supernet_core::ErrorCode::KeystoreMissing,
            "this node has no account yet",
        )
    })?;
    let mut latest: std::collections::HashMap<AccountId, (Timestamp, bool)> = Default::default();
    let mut query = EventQuery {
        kinds: vec![FOLLOW.into(), UNFOLLOW.into()],
        limit: supernet_store::MAX_PAGE,
        ..Default::default()
    };
    loop {
        let page = ctx.store().query(&query).await?;
        for e in page
            .events
            .iter()
            .filter(|e| e.refs().contains(&Ref::Account(me)))
        {
            let entry = latest.entry(e.author()).or_insert((0, false));
            if e.created_at() >= entry.0 {
                *entry = (e.created_at(), e.kind() == FOLLOW);
            }
        }
        match page.next {
            Some(next) => query.before = Some(next),
            None => break,
        }
    }
    let mut accounts: Vec<AccountId> = latest
        .into_iter()
        .filter(|(_, (_, on))| *on)
        .map(|(a, _)| a)
        .collect();
    accounts.sort();
    Ok(Accounts { accounts })
}

/// No input.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoInput {}

async fn post(ctx: Ctx, input: PostInput) -> Result<PostView, ApiError> {
    let mut attachments = Vec::with_capacity(input.attachments.len());
    for a in input.attachments {
        attachments.push(ctx.attachment(&a.hash, a.name, a.mime).await?);
    }
    let body = PostBody {
        text: input.text,
        title: input.title,
        attachments,
    };
    body.check().map_err(ApiError::invalid_input)?;
    let bytes = serde_json::to_vec(&body).map_err(|e| ApiError::internal(e.to_string()))?;
    let now = ctx.now();
    if let Some(at) = input.expires_at
        && at <= now
    {
        return Err(ApiError::invalid_input(format!(
            "expires_at ({at}) is not in the future (now is {now})"
        )));
    }
    let mut draft = Draft::new(POST, now, bytes);
    draft.expires_at = input.expires_at;
    let event = ctx.publish(draft).await?;
    Ok(PostView {
        id: event.id(),
        author: event.author(),
        created_at: event.created_at(),
        title: body.title,
        text: body.text,
        attachments: body.attachments,
    })
}

fn view(event: &Event) -> Option<PostView> {
    match PostBody::parse(event) {
        Ok(body) => Some(PostView {
            id: event.id(),
            author: event.author(),
            created_at: event.created_at(),
            title: body.title,
            text: body.text,
            attachments: body.attachments,
        }),
        Err(e) => {
            // Validated at ingest; one that fails now was stored under looser rules of an
            // older build. It stays in the log and out of the feed.
            tracing::warn!(id = %event.id(), "post left out of the feed: {e}");
            None
        }
    }
}

async fn feed(ctx: Ctx, input: FeedInput) -> Result<FeedPage, ApiError> {
    let limit = input.limit.unwrap_or(DEFAULT_FEED_LIMIT);
    if !(1..=MAX_FEED_LIMIT).contains(&limit) {
        return Err(ApiError::invalid_input(format!(
            "limit must be between 1 and {MAX_FEED_LIMIT}, not {limit}"
        )));
    }
    let before = input.before.as_deref().map(Cursor::parse).transpose()?;
    let store = ctx.store();
    let (events, next) = match input.author {
        // One author's posts: the log's per-author index answers directly.
        Some(author) => {
            let page = store
                .query(&EventQuery {
                    authors: vec![author],
                    kinds: vec![POST.to_owned()],
                    before,
                    limit,
                    ..Default::default()
                })
                .await?;
            (page.events, page.next)
        }
        None => {
            let mut sql = String::from("SELECT pos, created_at FROM posts");
            if before.is_some() {
                sql.push_str(" WHERE (created_at, pos) < (?, ?)");
            }
            sql.push_str(" ORDER BY created_at DESC, pos DESC LIMIT ?");
            let mut query = sqlx::query(AssertSqlSafe(sql));
            if let Some(c) = &before {
                query = query.bind(c.created_at as i64).bind(c.pos);
            }
            let rows = {
                let mut reader = store.app_reader(APP_ID).await?;
                let query = query.bind(i64::from(limit));
                query
                    .fetch_all(reader.conn())
                    .await
                    .map_err(|e| reader.error(e))?
            };
            let page: Vec<(i64, i64)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
            let next = (page.len() == limit as usize)
                .then(|| {
                    page.last().map(|&(pos, at)| Cursor {
                        created_at: at as u64,
                        pos,
                    })
                })
                .flatten();
            let positions: Vec<i64> = page.iter().map(|&(pos, _)| pos).collect();
            let events = store
                .at_positions(&positions)
                .await?
                .into_iter()
                .map(|s| s.event)
                .collect();
            (events, next)
        }
    };
    Ok(FeedPage {
        posts: events.iter().filter_map(view).collect(),
        next: next.map(|c| c.to_text()),
    })
}

/// The social app's registration.
pub fn spec() -> AppSpec {
    AppSpec {
        id: APP_ID.into(),
        name: "superSocial".into(),
        description: "Posts, blogs and the feed".into(),
        kinds: vec![
            KindSpec {
                name: POST.into(),
                description: "A post: Markdown text, with a title for a blog post".into(),
                validator: Arc::new(validate_post),
            },
            KindSpec {
                name: FOLLOW.into(),
                description: "The author follows the account it names".into(),
                validator: Arc::new(validate_follow),
            },
            KindSpec {
                name: UNFOLLOW.into(),
                description: "The author stops following the account it names".into(),
                validator: Arc::new(validate_follow),
            },
        ],
        projections: vec![Arc::new(Posts)],
        methods: vec![
            MethodSpec::new(
                "social.post",
                "Publishes a post (with a title: a blog post) as this node's account",
                SOCIAL_WRITE,
                post,
            )
            .signing(),
            MethodSpec::new(
                "social.feed",
                "Lists stored posts, newest first, a page at a time",
                SOCIAL_READ,
                feed,
            ),
            MethodSpec::new(
                "social.follow",
                "Follows an account (by ticket, or by account id found through the network): its posts come to this node",
                SOCIAL_WRITE,
                follow,
            )
            .signing(),
            MethodSpec::new("social.unfollow", "Stops following an account", SOCIAL_WRITE, unfollow).signing(),
            MethodSpec::new("social.following", "The accounts this node's account follows", SOCIAL_READ, following),
            MethodSpec::new("social.followers", "The accounts known to follow this node's account", SOCIAL_READ, followers),
        ],
        permissions: vec![SOCIAL_READ, SOCIAL_WRITE],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_rules() {
        let post = |text: &str, title: Option<&str>| PostBody {
            text: text.into(),
            title: title.map(Into::into),
            attachments: vec![],
        };
        assert!(post("hi", None).check().is_ok());
        assert!(post("  \n", None).check().is_err());
        let long = "t".repeat(MAX_TITLE_CHARS + 1);
        assert!(post("x", Some(&long)).check().is_err());
        assert!(post("x", Some("a\nb")).check().is_err());
        let file = Attachment {
            hash: "0".repeat(64),
            size: 3,
            mime: "image/png".into(),
            name: "a.png".into(),
            thumb: None,
        };
        let photo = PostBody {
            attachments: vec![file.clone()],
            ..post("", None)
        };
        assert!(photo.check().is_ok(), "a file alone makes a post");
        let bad = PostBody {
            attachments: vec![Attachment {
                name: "a/b".into(),
                ..file
            }],
            ..post("x", None)
        };
        assert!(bad.check().is_err());
    }

    #[test]
    fn spec_follows_the_contract() {
        spec().check().unwrap();
    }
}
