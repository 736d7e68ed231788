//! superSocial: posts and blogs, comments, reposts and quotes, reactions, edits, profiles,
//! the home timeline, threads, hashtags, search, notifications and moderation.
//!
//! Kinds (bodies in [`body`]):
//! - `social.post`: a post, blog post (with a title), comment (`reply_to`) or quote/repost
//!   (`quote`); refs name what it answers or quotes and the accounts it tells;
//! - `social.edit`: new content for one of the author's posts (history kept);
//! - `social.react`: a reaction (emoji) to a post; withdrawn by deleting it;
//! - `social.profile`: name, bio, avatar, links (the newest counts);
//! - `social.follow` / `social.unfollow`: whom the author follows;
//! - `social.report`: the author reports an account (a post as evidence); others may use
//!   an account's reports as a shared block list.
//!
//! Deleting is the kernel's `node.delete`: `social.delete` asks for it.
//! Tables are in [`table`]; the views in [`read`]; moderation in [`moderation`]; search
//! over the sealed posts this account can open in [`opened`].

pub mod body;
pub mod moderation;
mod opened;
pub mod read;
pub mod sealed;
mod table;

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, ApiError, Draft, ErrorCode, Event, EventId, Ref, Timestamp};
use supernet_store::EventQuery;

pub use body::{EditBody, PostBody, ProfileBody, ReactBody, ReplyTo};
pub use moderation::{Moderation, ReportBody, Settings};
pub use opened::reactor;
pub use read::{FeedPage, PostView, QuotedPost, ReactionCount};

use crate::contract::{AppSpec, Ctx, KindSpec, MethodSpec, Permission};

/// The app's namespace.
pub const APP_ID: &str = "social";
/// The post kind.
pub const POST: &str = "social.post";
/// An edit of a post.
pub const EDIT: &str = "social.edit";
/// A reaction to a post.
pub const REACT: &str = "social.react";
/// A profile.
pub const PROFILE: &str = "social.profile";
/// A post for an audience (followers, a list, private), encrypted.
pub const SEALED: &str = "social.sealed";
/// A report of an account.
pub const REPORT: &str = "social.report";
/// Following an account: body `{}`, one account reference (the one followed).
pub const FOLLOW: &str = "social.follow";
/// Ending a follow: body `{}`, one account reference.
pub const UNFOLLOW: &str = "social.unfollow";
/// Read posts and feeds.
pub const SOCIAL_READ: Permission = Permission::named("social.read");
/// Publish as the node's account.
pub const SOCIAL_WRITE: Permission = Permission::named("social.write");
/// Change what this node blocks and mutes.
pub const SOCIAL_MODERATE: Permission = Permission::named("social.moderate");
pub use body::MAX_TITLE_CHARS;
/// The node's own setting holding the last notification seen.
const SEEN_KEY: &str = "social/notifications_seen";

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
    /// The post, in Markdown (may be empty when files are attached or a post is quoted).
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
    /// Makes it a comment on this post (stored here).
    #[serde(default)]
    pub reply_to: Option<EventId>,
    /// Quotes (with text) or reposts (without) this post (stored here).
    #[serde(default)]
    pub quote: Option<EventId>,
    /// Who can read it (default public): `followers`, `list` (the accounts in `to`) or
    /// `private` (only this account, on its devices). Anything but public is encrypted.
    #[serde(default)]
    pub audience: Option<sealed::Audience>,
    /// The accounts of a `list` audience.
    #[serde(default)]
    pub to: Vec<AccountId>,
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
    /// Only this author's posts (an author page).
    #[serde(default)]
    pub author: Option<AccountId>,
    /// Include comments (on an author page).
    #[serde(default)]
    pub replies: bool,
}

/// Input of `social.timeline`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageInput {
    /// Page size, 1 to 500 (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Continue after this cursor (the `next` of the previous page).
    #[serde(default)]
    pub before: Option<String>,
}

/// Input of `social.tag`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagInput {
    /// The hashtag, with or without `#`.
    pub tag: String,
    /// Page size, 1 to 500 (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Continue after this cursor.
    #[serde(default)]
    pub before: Option<String>,
}

/// Input of `social.search`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchInput {
    /// Words to find (all of them; the last may be the start of a word).
    pub query: String,
    /// Page size, 1 to 500 (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Continue after this cursor.
    #[serde(default)]
    pub before: Option<String>,
}

/// A post by id.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdInput {
    /// The post's id.
    pub id: EventId,
}

/// Output of `social.thread`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Thread {
    /// The thread's first post, when stored (and not hidden).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<PostView>,
    /// Its id.
    pub root_id: EventId,
    /// Comments, oldest first (each names its parent).
    pub comments: Vec<PostView>,
    /// Posts of this thread deleted by their authors: which, and when.
    pub deleted: Vec<supernet_store::Tombstone>,
    /// Comments this node's user hid (`social.hide_reply`), oldest first: left out of
    /// `comments`, and listed here so that they can be looked at and shown again.
    #[serde(default)]
    pub hidden: Vec<PostView>,
    /// Whether there are more comments than shown.
    pub more: bool,
}

/// Input of `social.react` and `social.unreact`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReactInput {
    /// The post.
    pub id: EventId,
    /// The reaction (an emoji).
    pub reaction: String,
}

/// Output of `social.react` and `social.unreact`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReactOutput {
    /// The post, as it stands now.
    pub post: PostView,
}

/// Input of `social.edit`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditInput {
    /// The post (this node's account's).
    pub id: EventId,
    /// The new text.
    pub text: String,
    /// The new title (blog posts).
    #[serde(default)]
    pub title: Option<String>,
    /// The files it carries now (default: those it had).
    #[serde(default)]
    pub attachments: Option<Vec<AttachInput>>,
}

/// One version of a post.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Version {
    /// When it was written.
    pub created_at: Timestamp,
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its text.
    pub text: String,
    /// Its files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<supernet_core::Attachment>,
}

/// Output of `social.history`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct History {
    /// Every version, the original first.
    pub versions: Vec<Version>,
}

/// Input of `social.delete`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteInput {
    /// The post (this node's account's).
    pub id: EventId,
    /// Why, shown to those who held it.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Output of `social.delete`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Deleted {
    /// The post.
    pub id: EventId,
    /// When it was deleted.
    pub deleted_at: Timestamp,
}

/// Input of `social.profile`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    /// Whose (default: this node's account).
    #[serde(default)]
    pub account: Option<AccountId>,
}

/// An account as people see it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ProfileView {
    /// The account.
    pub account: AccountId,
    /// Its name, bio, avatar and links, when it published a profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProfileBody>,
    /// Whether this node's account follows it.
    pub following: bool,
    /// Whether this node blocks it.
    pub blocked: bool,
    /// Why its posts are hidden here, if they are (blocked, muted, on a block list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<String>,
    /// Its posts stored here.
    pub posts: u64,
}

/// Input of `social.set_profile`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetProfileInput {
    /// The name shown.
    pub name: String,
    /// A few words, in Markdown.
    #[serde(default)]
    pub bio: String,
    /// A picture already in this node's store.
    #[serde(default)]
    pub avatar: Option<AttachInput>,
    /// Web addresses.
    #[serde(default)]
    pub links: Vec<String>,
}

/// One notification.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Notification {
    /// `reply`, `mention`, `quote`, `reaction` or `follow`.
    pub what: String,
    /// The event that caused it.
    pub event: EventId,
    /// Who.
    pub from: AccountId,
    /// Their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    /// When.
    pub created_at: Timestamp,
    /// The reaction, for a reaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<String>,
    /// The post concerned: the reply, mention or quote itself, or the post reacted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<EventId>,
    /// A line of its text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub excerpt: String,
    /// Not seen yet.
    pub unread: bool,
}

/// Output of `social.notifications`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Notifications {
    /// Newest first.
    pub items: Vec<Notification>,
    /// How many are unread in all.
    pub unread: u64,
    /// Cursor for the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Output of `social.unread`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Unread {
    /// Unread notifications.
    pub notifications: u64,
}

/// Input of the account-list moderation methods.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    /// The account.
    pub account: AccountId,
}

/// Input of `social.mute_word` and `social.unmute_word`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WordInput {
    /// A word or phrase, or a hashtag (`#tag`).
    pub word: String,
}

/// Input of `social.hide_reply`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HideInput {
    /// A comment on one of this node's account's posts.
    pub id: EventId,
    /// Hide (default) or show again.
    #[serde(default = "yes")]
    pub hidden: bool,
}

fn yes() -> bool {
    true
}

/// Output of the moderation methods: everything in force.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ModerationView {
    /// Accounts blocked: never stored, served or relayed here.
    pub blocked: Vec<AccountId>,
    /// Mutes, hidden replies, and block lists followed.
    pub settings: Settings,
    /// The hidden replies (`settings.hidden`) still stored here, newest first, as a
    /// thread would show them.
    #[serde(default)]
    pub hidden_replies: Vec<PostView>,
}

/// Input of `social.report`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// The account reported.
    pub account: AccountId,
    /// A post that shows why.
    #[serde(default)]
    pub post: Option<EventId>,
    /// Why.
    pub reason: String,
    /// Also block the account here (default true).
    #[serde(default = "yes")]
    pub block: bool,
}

/// Output of `social.report`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReportOutput {
    /// The report's event id.
    pub report: EventId,
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
        return Err(ApiError::invalid_input(
            "that is this node's own account: to link another device of yours, use net.link_device (`supernet link-device TICKET`)",
        ));
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

fn me(ctx: &Ctx) -> Result<AccountId, ApiError> {
    ctx.account()
        .ok_or_else(|| ApiError::new(ErrorCode::KeystoreMissing, "this node has no account yet"))
}

async fn moderation(ctx: &Ctx) -> Result<Moderation, ApiError> {
    let mut moderation = Moderation::load(ctx.store(), ctx.account(), ctx.blocked()).await?;
    moderation.key = reading_key(ctx);
    Ok(moderation)
}

/// This account's key for opening sealed posts, when it is unlocked.
fn reading_key(ctx: &Ctx) -> Option<Arc<crate::chat::seal::ChatKey>> {
    let secret = ctx.derive_secret(crate::chat::seal::KEY_CONTEXT).ok()?;
    Some(Arc::new(crate::chat::seal::ChatKey::from_secret(&secret)))
}

fn not_found(id: &EventId) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("no post {id} is stored on this node (it may not have arrived, or was deleted)"),
    )
}

/// A stored post and its body (a sealed post when this account can open it).
async fn stored_post(
    ctx: &Ctx,
    id: &EventId,
) -> Result<(supernet_core::Event, PostBody), ApiError> {
    let event = ctx.store().get(id).await?.ok_or_else(|| not_found(id))?;
    match event.kind() {
        POST => {
            let body = PostBody::parse(&event).map_err(ApiError::invalid_input)?;
            Ok((event, body))
        }
        SEALED => {
            let sealed = sealed::SealedBody::parse(&event).map_err(ApiError::invalid_input)?;
            let opened = match (reading_key(ctx), ctx.account()) {
                (Some(key), Some(me)) => sealed.open(&event.author(), &me, &key),
                _ => None,
            };
            let body = opened.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::PermissionDenied,
                    format!("{id} is for an audience this account is not in"),
                )
            })?;
            Ok((event, body))
        }
        kind => Err(ApiError::invalid_input(format!(
            "{id} is a {kind}, not a post"
        ))),
    }
}

/// Refuses what would publish a sealed post's content or links in the open.
fn public_only(event: &supernet_core::Event, what: &str) -> Result<(), ApiError> {
    if event.kind() == SEALED {
        return Err(ApiError::invalid_input(format!(
            "{} is for an audience: {what} would be public",
            event.id()
        )));
    }
    Ok(())
}

/// A post of this node's account.
async fn own_post(ctx: &Ctx, id: &EventId) -> Result<(supernet_core::Event, PostBody), ApiError> {
    let (event, body) = stored_post(ctx, id).await?;
    if event.author() != me(ctx)? {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            format!(
                "{id} was written by {}: only its author can change it",
                event.author()
            ),
        ));
    }
    Ok((event, body))
}

/// The view of one post, moderation aside (the reader asked for it by id).
async fn view_of(ctx: &Ctx, event: supernet_core::Event) -> Result<PostView, ApiError> {
    let moderation = Moderation {
        me: ctx.account(),
        key: reading_key(ctx),
        ..Default::default()
    };
    read::views(ctx.store(), &moderation, vec![event])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("a stored post has no view"))
}

async fn attachments(
    ctx: &Ctx,
    inputs: Vec<AttachInput>,
) -> Result<Vec<supernet_core::Attachment>, ApiError> {
    let mut out = Vec::with_capacity(inputs.len());
    for a in inputs {
        out.push(ctx.attachment(&a.hash, a.name, a.mime).await?);
    }
    Ok(out)
}

/// Publishes `body` encrypted for `audience`: this account and, by the audience, its
/// followers or the accounts `to`, each with the chat key known here.
async fn publish_sealed(
    ctx: &Ctx,
    body: &PostBody,
    audience: sealed::Audience,
    to: Vec<AccountId>,
    expires_at: Option<Timestamp>,
) -> Result<PostView, ApiError> {
    use sealed::Audience;
    let author = me(ctx)?;
    if body.reply_to.is_some() || body.quote.is_some() {
        return Err(ApiError::invalid_input(
            "comments and quotes are public; an audience is for posts",
        ));
    }
    let mine = crate::chat::ensure_key(ctx).await?;
    let mut recipients = vec![(author, mine.public())];
    let wanted = match audience {
        Audience::Public => return Err(ApiError::internal("a public post is not sealed")),
        Audience::Private => vec![],
        Audience::Followers => followers(ctx.clone(), NoInput {}).await?.accounts,
        Audience::List if to.is_empty() => {
            return Err(ApiError::invalid_input(
                "a list audience names its accounts in `to`",
            ));
        }
        Audience::List => to,
    };
    let mut missing = Vec::new();
    for account in wanted {
        if account == author || recipients.iter().any(|(a, _)| *a == account) {
            continue;
        }
        match crate::chat::chat_key_of(ctx, &account).await? {
            Some(public) => recipients.push((account, public)),
            None => missing.push(account.to_text()),
        }
    }
    // Followers without a chat key cannot be sealed to: they are left out (they see the
    // post once they have opened Chat and the author posts again). A list is exact.
    if audience == Audience::List && !missing.is_empty() {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!(
                "no chat key is known here for {}: follow them, and make sure they opened Chat once",
                missing.join(", ")
            ),
        ));
    }
    if recipients.len() > crate::chat::body::MAX_MEMBERS {
        return Err(ApiError::invalid_input(format!(
            "an audience has at most {} accounts",
            crate::chat::body::MAX_MEMBERS
        )));
    }
    let sealed = sealed::SealedBody::seal(&author, audience, body, &recipients)
        .map_err(ApiError::internal)?;
    let bytes = serde_json::to_vec(&sealed).map_err(|e| ApiError::internal(e.to_string()))?;
    let mut draft = Draft::new(SEALED, ctx.now(), bytes);
    draft.refs = recipients
        .iter()
        .filter(|(a, _)| *a != author)
        .map(|(a, _)| Ref::Account(*a))
        .collect();
    draft.expires_at = expires_at;
    let event = ctx.publish(draft).await?;
    view_of(ctx, event).await
}

async fn post(ctx: Ctx, input: PostInput) -> Result<PostView, ApiError> {
    let author = me(&ctx)?;
    let reply_to = match input.reply_to {
        Some(parent) => {
            let (event, body) = stored_post(&ctx, &parent).await?;
            public_only(&event, "a comment on it")?;
            Some(ReplyTo {
                root: body.reply_to.map_or(parent, |r| r.root),
                parent,
                author: event.author(),
            })
        }
        None => None,
    };
    let quoted_author = match input.quote {
        Some(q) => {
            let (event, _) = stored_post(&ctx, &q).await?;
            public_only(&event, "quoting it")?;
            Some(event.author())
        }
        None => None,
    };
    let body = PostBody {
        text: input.text,
        title: input.title,
        attachments: attachments(&ctx, input.attachments).await?,
        reply_to,
        quote: input.quote,
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
    if let Some(audience) = input.audience
        && audience != sealed::Audience::Public
    {
        return publish_sealed(&ctx, &body, audience, input.to, input.expires_at).await;
    }
    if !input.to.is_empty() {
        return Err(ApiError::invalid_input("`to` goes with a list audience"));
    }
    let mut draft = Draft::new(POST, now, bytes);
    draft.refs = body.refs(quoted_author, author);
    draft.expires_at = input.expires_at;
    let event = ctx.publish(draft).await?;
    view_of(&ctx, event).await
}

async fn feed(ctx: Ctx, input: FeedInput) -> Result<FeedPage, ApiError> {
    let limit = read::page_limit(input.limit)?;
    let before = read::cursor(input.before.as_deref())?;
    let moderation = moderation(&ctx).await?;
    if input.replies && input.author.is_none() {
        return Err(ApiError::invalid_input(
            "`replies` goes with `author` (an author page with comments)",
        ));
    }
    match input.author {
        Some(author) => {
            let index = "posts_by_author";
            let filter = if input.replies {
                format!("author = {}", read::ACCOUNT)
            } else {
                format!("author = {} AND parent IS NULL", read::ACCOUNT)
            };
            let binds = vec![read::Bind::Blob(author.as_bytes().to_vec())];
            read::listing(
                ctx.store(),
                &moderation,
                index,
                &filter,
                binds,
                before,
                limit,
            )
            .await
        }
        None => {
            read::listing(
                ctx.store(),
                &moderation,
                "posts_top_by_time",
                "parent IS NULL",
                vec![],
                before,
                limit,
            )
            .await
        }
    }
}

async fn timeline(ctx: Ctx, input: PageInput) -> Result<FeedPage, ApiError> {
    let limit = read::page_limit(input.limit)?;
    let before = read::cursor(input.before.as_deref())?;
    let moderation = moderation(&ctx).await?;
    let mut authors = ctx.replicated().await?;
    authors.extend(ctx.account());
    authors.retain(|a| moderation.account_hidden(a).is_none());
    read::home(ctx.store(), &moderation, &authors, before, limit).await
}

async fn tag(ctx: Ctx, input: TagInput) -> Result<FeedPage, ApiError> {
    let limit = read::page_limit(input.limit)?;
    let before = read::cursor(input.before.as_deref())?;
    let tag = body::normalise_tag(&input.tag).map_err(ApiError::invalid_input)?;
    opened::before_read(&ctx).await;
    read::tagged(ctx.store(), &moderation(&ctx).await?, &tag, before, limit).await
}

async fn search(ctx: Ctx, input: SearchInput) -> Result<FeedPage, ApiError> {
    let limit = read::page_limit(input.limit)?;
    let before = read::cursor(input.before.as_deref())?;
    opened::before_read(&ctx).await;
    read::search(
        ctx.store(),
        &moderation(&ctx).await?,
        &input.query,
        before,
        limit,
    )
    .await
}

async fn thread(ctx: Ctx, input: IdInput) -> Result<Thread, ApiError> {
    let store = ctx.store();
    // The thread of a comment is its root's.
    let root_id = match store.get(&input.id).await? {
        Some(e) if e.kind() == POST => PostBody::parse(&e)
            .ok()
            .and_then(|b| b.reply_to)
            .map_or(input.id, |r| r.root),
        Some(e) => {
            return Err(ApiError::invalid_input(format!(
                "{} is a {}, not a post",
                input.id,
                e.kind()
            )));
        }
        None => {
            if store.tombstones(&[input.id], None, 1).await?.is_empty() {
                return Err(not_found(&input.id));
            }
            input.id
        }
    };
    let moderation = moderation(&ctx).await?;
    let (mut posts, hidden, more) = read::thread(store, &moderation, root_id).await?;
    let root = posts
        .iter()
        .position(|p| p.id == root_id)
        .map(|i| posts.remove(i));
    // Parents no longer here: deleted ones are named with when.
    let mut missing: Vec<EventId> = posts
        .iter()
        .filter_map(|p| p.reply_to.map(|r| r.parent))
        .chain(std::iter::once(root_id))
        .filter(|id| *id != root_id || root.is_none())
        .filter(|id| !posts.iter().any(|p| p.id == *id))
        .collect();
    missing.sort();
    missing.dedup();
    let deleted = if missing.is_empty() {
        vec![]
    } else {
        store
            .tombstones(&missing, None, supernet_store::MAX_PAGE)
            .await?
    };
    Ok(Thread {
        root,
        root_id,
        comments: posts,
        deleted,
        hidden,
        more,
    })
}

async fn react(ctx: Ctx, input: ReactInput) -> Result<ReactOutput, ApiError> {
    let author = me(&ctx)?;
    let body = ReactBody {
        reaction: input.reaction,
    };
    body.check().map_err(ApiError::invalid_input)?;
    let (event, _) = stored_post(&ctx, &input.id).await?;
    if own_reactions(&ctx, &input.id, author, &body.reaction)
        .await?
        .is_empty()
    {
        let mut refs = vec![Ref::Event(input.id)];
        if event.author() != author {
            refs.push(Ref::Account(event.author()));
        }
        let bytes = serde_json::to_vec(&body).map_err(|e| ApiError::internal(e.to_string()))?;
        let draft = Draft {
            refs,
            ..Draft::new(REACT, ctx.now(), bytes)
        };
        ctx.publish(draft).await?;
    }
    Ok(ReactOutput {
        post: view_of(&ctx, event).await?,
    })
}

/// This account's `social.react` events with `reaction` on a post.
async fn own_reactions(
    ctx: &Ctx,
    id: &EventId,
    author: AccountId,
    reaction: &str,
) -> Result<Vec<EventId>, ApiError> {
    let sql = format!(
        "SELECT pos, 0 FROM reactions WHERE target = ? AND author = {} AND reaction = ?",
        read::ACCOUNT
    );
    let binds = vec![
        read::Bind::Blob(id.as_bytes().to_vec()),
        read::Bind::Blob(author.as_bytes().to_vec()),
        read::Bind::Text(reaction.to_owned()),
    ];
    let positions: Vec<i64> = read::rows(ctx.store(), &sql, binds)
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    Ok(ctx
        .store()
        .at_positions(&positions)
        .await?
        .into_iter()
        .map(|s| s.event.id())
        .collect())
}

/// Publishes a deletion request for `ids` (this account's events).
async fn request_deletion(
    ctx: &Ctx,
    ids: Vec<EventId>,
    reason: Option<String>,
) -> Result<supernet_core::Event, ApiError> {
    let body = match reason {
        Some(reason) => serde_json::json!({ "reason": reason }),
        None => serde_json::json!({}),
    };
    let draft = Draft {
        refs: ids.into_iter().map(Ref::Event).collect(),
        ..Draft::new(
            supernet_core::deletion::KIND,
            ctx.now(),
            body.to_string().into_bytes(),
        )
    };
    ctx.publish(draft).await
}

async fn unreact(ctx: Ctx, input: ReactInput) -> Result<ReactOutput, ApiError> {
    let author = me(&ctx)?;
    let (event, _) = stored_post(&ctx, &input.id).await?;
    let mine = own_reactions(&ctx, &input.id, author, &input.reaction).await?;
    if !mine.is_empty() {
        request_deletion(&ctx, mine, None).await?;
    }
    Ok(ReactOutput {
        post: view_of(&ctx, event).await?,
    })
}

async fn edit(ctx: Ctx, input: EditInput) -> Result<PostView, ApiError> {
    let (event, old) = own_post(&ctx, &input.id).await?;
    public_only(
        &event,
        "an edit (edits are public; delete it and post again)",
    )?;
    let attachments = match input.attachments {
        Some(inputs) => attachments(&ctx, inputs).await?,
        None => old.attachments,
    };
    if old.reply_to.is_some() && input.title.is_some() {
        return Err(ApiError::invalid_input("a comment has no title"));
    }
    let body = EditBody {
        text: input.text,
        title: input.title,
        attachments,
    };
    let bytes = serde_json::to_vec(&body).map_err(|e| ApiError::internal(e.to_string()))?;
    let draft = Draft {
        refs: vec![Ref::Event(input.id)],
        // Edits of an expiring post expire with it.
        expires_at: event.expires_at(),
        ..Draft::new(EDIT, ctx.now().max(event.created_at()), bytes)
    };
    ctx.publish(draft).await?;
    view_of(&ctx, event).await
}

async fn history(ctx: Ctx, input: IdInput) -> Result<History, ApiError> {
    let (event, body) = stored_post(&ctx, &input.id).await?;
    let mut versions = vec![Version {
        created_at: event.created_at(),
        title: body.title,
        text: body.text,
        attachments: body.attachments,
    }];
    let sql = format!(
        "SELECT pos, created_at FROM edits WHERE target = ? AND author = {} \
         ORDER BY created_at, pos",
        read::ACCOUNT
    );
    let binds = vec![
        read::Bind::Blob(input.id.as_bytes().to_vec()),
        read::Bind::Blob(event.author().as_bytes().to_vec()),
    ];
    let positions: Vec<i64> = read::rows(ctx.store(), &sql, binds)
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    for s in ctx.store().at_positions(&positions).await? {
        if let Ok((edit, _)) = EditBody::parse(&s.event) {
            versions.push(Version {
                created_at: s.event.created_at(),
                title: edit.title,
                text: edit.text,
                attachments: edit.attachments,
            });
        }
    }
    Ok(History { versions })
}

async fn delete(ctx: Ctx, input: DeleteInput) -> Result<Deleted, ApiError> {
    own_post(&ctx, &input.id).await?;
    // The post's edits and this account's reactions go with it.
    let sql = "SELECT pos, 0 FROM edits WHERE target = ?";
    let binds = vec![read::Bind::Blob(input.id.as_bytes().to_vec())];
    let positions: Vec<i64> = read::rows(ctx.store(), sql, binds)
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let mut ids = vec![input.id];
    for s in ctx.store().at_positions(&positions).await? {
        if ids.len() < supernet_core::deletion::MAX_TARGETS
            && Some(s.event.author()) == ctx.account()
        {
            ids.push(s.event.id());
        }
    }
    let request = request_deletion(&ctx, ids, input.reason).await?;
    Ok(Deleted {
        id: input.id,
        deleted_at: request.created_at(),
    })
}

async fn profile(ctx: Ctx, input: ProfileInput) -> Result<ProfileView, ApiError> {
    let account = match input.account {
        Some(a) => a,
        None => me(&ctx)?,
    };
    let profile = read::profiles(ctx.store(), &[account])
        .await?
        .remove(&account);
    let moderation = moderation(&ctx).await?;
    let sql = format!(
        "SELECT count(*), 0 FROM posts WHERE author = {}",
        read::ACCOUNT
    );
    let binds = vec![read::Bind::Blob(account.as_bytes().to_vec())];
    let posts = read::rows(ctx.store(), &sql, binds)
        .await?
        .first()
        .map_or(0, |r| r.0.max(0) as u64);
    Ok(ProfileView {
        account,
        profile,
        following: ctx.replicated().await?.contains(&account),
        blocked: moderation.blocked.contains(&account),
        hidden: moderation.account_hidden(&account).map(str::to_owned),
        posts,
    })
}

async fn set_profile(ctx: Ctx, input: SetProfileInput) -> Result<ProfileView, ApiError> {
    let avatar = match input.avatar {
        Some(a) => Some(ctx.attachment(&a.hash, a.name, a.mime).await?),
        None => None,
    };
    let body = ProfileBody {
        name: input.name.trim().to_owned(),
        bio: input.bio,
        avatar,
        links: input.links,
    };
    body.check().map_err(ApiError::invalid_input)?;
    let bytes = serde_json::to_vec(&body).map_err(|e| ApiError::internal(e.to_string()))?;
    ctx.publish(Draft::new(PROFILE, ctx.now(), bytes)).await?;
    profile(ctx, ProfileInput::default()).await
}

async fn seen_mark(ctx: &Ctx) -> Result<i64, ApiError> {
    Ok(ctx
        .store()
        .local(SEEN_KEY)
        .await?
        .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
        .map_or(0, i64::from_le_bytes))
}

async fn unread_count(ctx: &Ctx, me: AccountId) -> Result<u64, ApiError> {
    let sql = format!(
        "SELECT count(*), 0 FROM notifications WHERE account = {} AND pos > ?",
        read::ACCOUNT
    );
    let binds = vec![
        read::Bind::Blob(me.as_bytes().to_vec()),
        read::Bind::Int(seen_mark(ctx).await?),
    ];
    Ok(read::rows(ctx.store(), &sql, binds)
        .await?
        .first()
        .map_or(0, |r| r.0.max(0) as u64))
}

async fn notifications(ctx: Ctx, input: PageInput) -> Result<Notifications, ApiError> {
    let me = me(&ctx)?;
    let limit = read::page_limit(input.limit)?;
    let before = read::cursor(input.before.as_deref())?;
    let seen = seen_mark(&ctx).await?;
    let moderation = moderation(&ctx).await?;
    let mut binds = vec![read::Bind::Blob(me.as_bytes().to_vec())];
    let keyset = match &before {
        Some(c) => {
            binds.push(read::Bind::Int(c.pos));
            " AND pos < ?"
        }
        None => "",
    };
    binds.push(read::Bind::Int(i64::from(limit)));
    let sql = format!(
        "SELECT pos, 0 FROM notifications WHERE account = {}{keyset} ORDER BY pos DESC LIMIT ?",
        read::ACCOUNT
    );
    let page = read::rows(ctx.store(), &sql, binds).await?;
    let next = (page.len() == limit as usize)
        .then(|| {
            page.last()
                .map(|&(pos, _)| supernet_store::Cursor { created_at: 0, pos }.to_text())
        })
        .flatten();
    let positions: Vec<i64> = page.iter().map(|&(p, _)| p).collect();
    let stored = ctx.store().at_positions(&positions).await?;
    let mut senders: Vec<AccountId> = stored.iter().map(|s| s.event.author()).collect();
    senders.sort();
    senders.dedup();
    let names = read::profiles(ctx.store(), &senders).await?;
    let mut items = Vec::new();
    for s in stored {
        let e = &s.event;
        if moderation.account_hidden(&e.author()).is_some() {
            continue;
        }
        let (what, post, reaction, excerpt) = match e.kind() {
            POST => {
                let Ok(body) = PostBody::parse(e) else {
                    continue;
                };
                if moderation.hides(e, &body) {
                    continue;
                }
                let what = if body.reply_to.is_some_and(|r| r.author == me) {
                    "reply"
                } else if body.quote.is_some() && !body.text.contains(&me.to_text()) {
                    "quote"
                } else {
                    "mention"
                };
                (what, Some(e.id()), None, excerpt_of(&body.text))
            }
            REACT => {
                let Ok((body, target, _)) = ReactBody::parse(e) else {
                    continue;
                };
                ("reaction", Some(target), Some(body.reaction), String::new())
            }
            FOLLOW => ("follow", None, None, String::new()),
            _ => continue,
        };
        items.push(Notification {
            what: what.into(),
            event: e.id(),
            from: e.author(),
            from_name: names.get(&e.author()).map(|p| p.name.clone()),
            created_at: e.created_at(),
            reaction,
            post,
            excerpt,
            unread: s.pos > seen,
        });
    }
    Ok(Notifications {
        items,
        unread: unread_count(&ctx, me).await?,
        next,
    })
}

/// The first line of a text, cut to a preview.
fn excerpt_of(text: &str) -> String {
    /// Characters of a post shown in a notification.
    const EXCERPT_CHARS: usize = 140;
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut out: String = line.chars().take(EXCERPT_CHARS).collect();
    if line.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

async fn notifications_seen(ctx: Ctx, _: NoInput) -> Result<Unread, ApiError> {
    let last = ctx.store().last_pos().await?;
    ctx.store()
        .set_local(SEEN_KEY, Some(&last.to_le_bytes()))
        .await?;
    Ok(Unread { notifications: 0 })
}

async fn unread(ctx: Ctx, _: NoInput) -> Result<Unread, ApiError> {
    let me = me(&ctx)?;
    Ok(Unread {
        notifications: unread_count(&ctx, me).await?,
    })
}

async fn moderation_view(ctx: &Ctx) -> Result<ModerationView, ApiError> {
    let mut blocked = ctx.blocked();
    blocked.sort();
    let settings = Settings::load(ctx.store()).await?;
    // At most moderation::MAX_ENTRIES lookups by id, and usually a handful.
    let mut replies = Vec::with_capacity(settings.hidden.len());
    for id in &settings.hidden {
        replies.extend(ctx.store().get(id).await?);
    }
    replies.sort_by_key(|e| std::cmp::Reverse((e.created_at(), e.id())));
    let shown = Moderation {
        me: ctx.account(),
        key: reading_key(ctx),
        ..Default::default()
    };
    Ok(ModerationView {
        blocked,
        settings,
        hidden_replies: read::views(ctx.store(), &shown, replies).await?,
    })
}

/// Changes the saved settings with `change`, then shows everything in force.
async fn change_settings(
    ctx: &Ctx,
    change: impl FnOnce(&mut Settings) -> Result<(), ApiError>,
) -> Result<ModerationView, ApiError> {
    let mut settings = Settings::load(ctx.store()).await?;
    change(&mut settings)?;
    settings.save(ctx.store()).await?;
    moderation_view(ctx).await
}

fn not_self(ctx: &Ctx, account: &AccountId) -> Result<(), ApiError> {
    if ctx.account() == Some(*account) {
        return Err(ApiError::invalid_input("that is this node's own account"));
    }
    Ok(())
}

async fn block(ctx: Ctx, input: AccountInput) -> Result<ModerationView, ApiError> {
    not_self(&ctx, &input.account)?;
    if ctx.replicated().await?.contains(&input.account) {
        unfollow(
            ctx.clone(),
            UnfollowInput {
                account: input.account,
            },
        )
        .await?;
    }
    ctx.set_blocked(input.account, true).await?;
    moderation_view(&ctx).await
}

async fn unblock(ctx: Ctx, input: AccountInput) -> Result<ModerationView, ApiError> {
    ctx.set_blocked(input.account, false).await?;
    moderation_view(&ctx).await
}

async fn mute(ctx: Ctx, input: AccountInput) -> Result<ModerationView, ApiError> {
    not_self(&ctx, &input.account)?;
    change_settings(&ctx, |s| {
        s.muted.insert(input.account);
        Ok(())
    })
    .await
}

async fn unmute(ctx: Ctx, input: AccountInput) -> Result<ModerationView, ApiError> {
    change_settings(&ctx, |s| {
        s.muted.remove(&input.account);
        Ok(())
    })
    .await
}

async fn mute_word(ctx: Ctx, input: WordInput) -> Result<ModerationView, ApiError> {
    change_settings(&ctx, |s| {
        if input.word.trim().starts_with('#') {
            s.tags
                .insert(body::normalise_tag(&input.word).map_err(ApiError::invalid_input)?);
        } else {
            s.words.insert(moderation::normalise_word(&input.word)?);
        }
        Ok(())
    })
    .await
}

async fn unmute_word(ctx: Ctx, input: WordInput) -> Result<ModerationView, ApiError> {
    change_settings(&ctx, |s| {
        if input.word.trim().starts_with('#') {
            s.tags
                .remove(&body::normalise_tag(&input.word).map_err(ApiError::invalid_input)?);
        } else {
            s.words.remove(&moderation::normalise_word(&input.word)?);
        }
        Ok(())
    })
    .await
}

async fn hide_reply(ctx: Ctx, input: HideInput) -> Result<ModerationView, ApiError> {
    // Showing again takes an id off this node's own list, whatever it names now (a comment
    // deleted since, too): nothing to check.
    if !input.hidden {
        return change_settings(&ctx, |s| {
            s.hidden.remove(&input.id);
            Ok(())
        })
        .await;
    }
    let me = me(&ctx)?;
    let (_, body) = stored_post(&ctx, &input.id).await?;
    let Some(reply) = body.reply_to else {
        return Err(ApiError::invalid_input(format!(
            "{} is not a comment",
            input.id
        )));
    };
    let (root, _) = stored_post(&ctx, &reply.root).await?;
    if root.author() != me && reply.author != me {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            "only comments in threads this node's account started, or on its own posts, can be hidden",
        ));
    }
    change_settings(&ctx, |s| {
        s.hidden.insert(input.id);
        Ok(())
    })
    .await
}

async fn moderation_get(ctx: Ctx, _: NoInput) -> Result<ModerationView, ApiError> {
    moderation_view(&ctx).await
}

async fn report(ctx: Ctx, input: ReportInput) -> Result<ReportOutput, ApiError> {
    not_self(&ctx, &input.account)?;
    let mut refs = vec![Ref::Account(input.account)];
    if let Some(post) = input.post {
        let (event, _) = stored_post(&ctx, &post).await?;
        if event.author() != input.account {
            return Err(ApiError::invalid_input(format!(
                "{post} was written by {}, not by the account reported",
                event.author()
            )));
        }
        refs.push(Ref::Event(post));
    }
    let body = ReportBody {
        reason: input.reason.trim().to_owned(),
    };
    body.check().map_err(ApiError::invalid_input)?;
    let bytes = serde_json::to_vec(&body).map_err(|e| ApiError::internal(e.to_string()))?;
    let draft = Draft {
        refs,
        ..Draft::new(REPORT, ctx.now(), bytes)
    };
    let event = ctx.publish(draft).await?;
    if input.block {
        block(
            ctx,
            AccountInput {
                account: input.account,
            },
        )
        .await?;
    }
    Ok(ReportOutput { report: event.id() })
}

async fn follow_list(ctx: Ctx, input: AccountInput) -> Result<ModerationView, ApiError> {
    not_self(&ctx, &input.account)?;
    // Its reports must reach this node: keep its events.
    if !ctx.replicated().await?.contains(&input.account) {
        follow(
            ctx.clone(),
            FollowInput {
                ticket: None,
                account: Some(input.account),
            },
        )
        .await?;
    }
    change_settings(&ctx, |s| {
        s.lists.insert(input.account);
        Ok(())
    })
    .await
}

async fn unfollow_list(ctx: Ctx, input: AccountInput) -> Result<ModerationView, ApiError> {
    change_settings(&ctx, |s| {
        s.lists.remove(&input.account);
        Ok(())
    })
    .await
}

fn validate_post(event: &supernet_core::Event) -> Result<(), String> {
    PostBody::parse(event).map(|_| ())
}

/// The social app's registration.
pub fn spec() -> AppSpec {
    let kind =
        |name: &str,
         description: &str,
         validator: fn(&supernet_core::Event) -> Result<(), String>| KindSpec {
            name: name.into(),
            description: description.into(),
            validator: Arc::new(validator),
            own_devices_only: false,
        };
    AppSpec {
        id: APP_ID.into(),
        name: "superSocial".into(),
        description: "Posts and blogs, comments, reactions, profiles, search, notifications and moderation".into(),
        kinds: vec![
            kind(POST, "A post: Markdown text, with a title for a blog post; a comment with reply_to; a quote or repost with quote", validate_post),
            kind(SEALED, "A post for followers, a list or the author alone, encrypted to them", |e| sealed::SealedBody::parse(e).map(|_| ())),
            kind(EDIT, "New content for one of the author's posts", |e| EditBody::parse(e).map(|_| ())),
            kind(REACT, "A reaction (emoji) to a post", |e| ReactBody::parse(e).map(|_| ())),
            kind(PROFILE, "The author's name, bio, avatar and links", |e| ProfileBody::parse(e).map(|_| ())),
            kind(REPORT, "The author reports an account (and a post that shows why)", |e| ReportBody::parse(e).map(|_| ())),
            kind(FOLLOW, "The author follows the account it names", validate_follow),
            kind(UNFOLLOW, "The author stops following the account it names", validate_follow),
        ],
        projections: vec![Arc::new(table::Social)],
        methods: vec![
            MethodSpec::new("social.post", "Publishes a post, blog post (with a title), comment (reply_to) or quote/repost (quote) as this node's account", SOCIAL_WRITE, post).signing(),
            MethodSpec::new("social.feed", "Posts stored here (or one author's), newest first, a page at a time", SOCIAL_READ, feed),
            MethodSpec::new("social.timeline", "The home timeline: posts by this account and the accounts it follows, newest first", SOCIAL_READ, timeline),
            MethodSpec::new("social.thread", "A post and its comments (oldest first), with what was deleted and when, and the comments this node's user hid", SOCIAL_READ, thread),
            MethodSpec::new("social.tag", "Posts with a hashtag, newest first", SOCIAL_READ, tag),
            MethodSpec::new("social.search", "Full-text search over every post and comment stored here (sealed posts too, when this account can open them), newest first", SOCIAL_READ, search),
            MethodSpec::new("social.react", "Reacts to a post with an emoji", SOCIAL_WRITE, react).signing(),
            MethodSpec::new("social.unreact", "Withdraws a reaction", SOCIAL_WRITE, unreact).signing(),
            MethodSpec::new("social.edit", "Changes one of this account's posts (earlier versions stay in its history)", SOCIAL_WRITE, edit).signing(),
            MethodSpec::new("social.history", "Every version of a post, the original first", SOCIAL_READ, history),
            MethodSpec::new("social.delete", "Deletes one of this account's posts here and on every honest node that holds it", SOCIAL_WRITE, delete).signing(),
            MethodSpec::new("social.profile", "An account's profile (default: this node's), whether it is followed, blocked or hidden", SOCIAL_READ, profile),
            MethodSpec::new("social.set_profile", "Publishes this account's name, bio, avatar and links", SOCIAL_WRITE, set_profile).signing(),
            MethodSpec::new("social.notifications", "Replies, mentions, quotes, reactions and new followers, newest first, with the unread count", SOCIAL_READ, notifications),
            MethodSpec::new("social.notifications_seen", "Marks every notification as read", SOCIAL_READ, notifications_seen),
            MethodSpec::new("social.unread", "How many notifications are unread", SOCIAL_READ, unread),
            MethodSpec::new("social.follow", "Follows an account (by ticket, or by account id found through the network): its posts come to this node", SOCIAL_WRITE, follow).signing(),
            MethodSpec::new("social.unfollow", "Stops following an account", SOCIAL_WRITE, unfollow).signing(),
            MethodSpec::new("social.following", "The accounts this node's account follows", SOCIAL_READ, following),
            MethodSpec::new("social.followers", "The accounts known to follow this node's account", SOCIAL_READ, followers),
            MethodSpec::new("social.moderation", "What this node blocks, mutes and hides (with the hidden replies still stored)", SOCIAL_READ, moderation_get),
            MethodSpec::new("social.block", "Blocks an account: its events are deleted here and never stored, served or relayed again", SOCIAL_MODERATE, block).signing(),
            MethodSpec::new("social.unblock", "Ends a block", SOCIAL_MODERATE, unblock),
            MethodSpec::new("social.mute", "Hides an account's posts from every view here (still stored and relayed)", SOCIAL_MODERATE, mute),
            MethodSpec::new("social.unmute", "Ends a mute", SOCIAL_MODERATE, unmute),
            MethodSpec::new("social.mute_word", "Hides posts containing a word or phrase, or a #hashtag", SOCIAL_MODERATE, mute_word),
            MethodSpec::new("social.unmute_word", "Ends a word or hashtag mute", SOCIAL_MODERATE, unmute_word),
            MethodSpec::new("social.hide_reply", "Hides (or shows again) a comment in a thread this account started", SOCIAL_MODERATE, hide_reply),
            MethodSpec::new("social.report", "Reports an account (and a post that shows why) in a signed event; blocks it here unless told not to", SOCIAL_WRITE, report).signing(),
            MethodSpec::new("social.follow_list", "Uses an account's reports as a block list here (follows it to receive them)", SOCIAL_MODERATE, follow_list).signing(),
            MethodSpec::new("social.unfollow_list", "Stops using an account's reports as a block list", SOCIAL_MODERATE, unfollow_list),
        ],
        permissions: vec![SOCIAL_READ, SOCIAL_WRITE, SOCIAL_MODERATE],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_follows_the_contract() {
        spec().check().unwrap();
    }

    #[test]
    fn search_input_is_quoted() {
        assert_eq!(read::fts_query("hello wor").unwrap(), "\"hello\" \"wor\"*");
        assert_eq!(read::fts_query("a\" OR b*").unwrap(), "\"a\" \"OR\" \"b\"*");
        assert!(read::fts_query(" ** ").is_err());
    }
}
