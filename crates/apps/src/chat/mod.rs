//! Chat: direct messages and group chats, end-to-end encrypted. Nodes that are not members
//! store and forward the ciphertext (store-and-forward to offline members) but cannot read
//! it; see [`seal`] for the cryptography and [`body`] for the kinds:
//!
//! - `chat.key`: the author's X25519 key for chats (derived from the account key);
//! - `chat.group`: one epoch of a conversation: its members and a fresh key sealed to each.
//!   A membership or settings change is a new epoch with a new key, so a member removed
//!   cannot read what is written after;
//! - `chat.message`: a message encrypted under one epoch's key (named by its event id).
//!
//! Messages can expire: per message, or by the conversation's default lifetime.
//!
//! Files in messages are sealed too: each under a key of its own that only the message
//! carries ([`supernet_core::sealed_file`]). The event names the sealed blobs, so every node
//! that keeps the message keeps and serves them; a member opens one (`chat.open_file`) into
//! its own store to show it.

pub mod body;
pub mod seal;
mod table;

use std::collections::HashMap;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row};
use supernet_core::{
    AccountId, ApiError, Attachment, Draft, ErrorCode, Event, EventId, Ref, Timestamp,
};
use supernet_store::Cursor;

use body::{GroupBody, KeyBody, Member, MessageBody, Plain, PlainFile, Secret};
use seal::ChatKey;

use crate::contract::{AppSpec, Ctx, KindSpec, MethodSpec, Permission};
use crate::social::AttachInput;

/// The app's namespace.
pub const APP_ID: &str = "chat";
/// A chat key.
pub const KEY: &str = "chat.key";
/// An epoch of a conversation.
pub const GROUP: &str = "chat.group";
/// A message.
pub const MESSAGE: &str = "chat.message";
/// Read conversations.
pub const CHAT_READ: Permission = Permission::named("chat.read");
/// Write messages and manage conversations.
pub const CHAT_WRITE: Permission = Permission::named("chat.write");
/// Longest group name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest message, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Default page of messages.
const DEFAULT_LIMIT: u32 = 50;
/// Largest page of messages.
const MAX_LIMIT: u32 = 500;
/// Most conversations listed.
const MAX_CONVERSATIONS: usize = 1000;

fn me(ctx: &Ctx) -> Result<AccountId, ApiError> {
    ctx.account()
        .ok_or_else(|| ApiError::new(ErrorCode::KeystoreMissing, "this node has no account yet"))
}

/// This account's chat key (the key must be unlocked).
fn my_key(ctx: &Ctx) -> Result<ChatKey, ApiError> {
    let secret = ctx.derive_secret(seal::KEY_CONTEXT)?;
    Ok(ChatKey::from_secret(&secret))
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(e.to_string())
}

/// Runs a query on the chat database; returns its rows.
async fn query(
    ctx: &Ctx,
    sql: &str,
    binds: Vec<Vec<u8>>,
) -> Result<Vec<sqlx::sqlite::SqliteRow>, ApiError> {
    let mut q = sqlx::query(AssertSqlSafe(sql.to_owned()));
    for b in binds {
        q = q.bind(b);
    }
    let mut reader = ctx.store().app_reader(APP_ID).await?;
    let rows = q
        .fetch_all(reader.conn())
        .await
        .map_err(|e| reader.error(e))?;
    Ok(rows)
}

async fn events_at(ctx: &Ctx, positions: &[i64]) -> Result<Vec<Event>, ApiError> {
    let mut out = Vec::with_capacity(positions.len());
    for chunk in positions.chunks(supernet_store::MAX_PAGE as usize) {
        out.extend(
            ctx.store()
                .at_positions(chunk)
                .await?
                .into_iter()
                .map(|s| s.event),
        );
    }
    Ok(out)
}

/// Publishes this account's chat key unless the newest stored one is already it.
pub(crate) async fn ensure_key(ctx: &Ctx) -> Result<ChatKey, ApiError> {
    let me = me(ctx)?;
    let key = my_key(ctx)?;
    if chat_key_of(ctx, &me).await? != Some(key.public()) {
        let body = KeyBody {
            key: hex::encode(key.public()),
        };
        let bytes = serde_json::to_vec(&body).map_err(internal)?;
        ctx.publish(Draft::new(KEY, ctx.now(), bytes)).await?;
    }
    Ok(key)
}

/// The newest chat key of `account` stored here.
pub(crate) async fn chat_key_of(
    ctx: &Ctx,
    account: &AccountId,
) -> Result<Option<[u8; 32]>, ApiError> {
    let rows = query(
        ctx,
        "SELECT pos FROM chat_keys WHERE author = ? ORDER BY created_at DESC, pos DESC LIMIT 1",
        vec![account.as_bytes().to_vec()],
    )
    .await?;
    let positions: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    Ok(events_at(ctx, &positions)
        .await?
        .first()
        .and_then(|e| KeyBody::parse(e).ok()))
}

/// One epoch of a conversation, as stored.
struct Epoch {
    event: Event,
    body: GroupBody,
    conv: [u8; 32],
}

impl Epoch {
    fn members(&self) -> Vec<AccountId> {
        self.body.members.iter().map(|m| m.account).collect()
    }

    fn is_group(&self) -> bool {
        self.body.salt.is_some()
    }

    /// Opens what was sealed to `me` in this epoch.
    fn open(&self, me: &AccountId, key: &ChatKey) -> Result<Secret, ApiError> {
        let member = self
            .body
            .members
            .iter()
            .find(|m| m.account == *me)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::PermissionDenied,
                    "this account is not a member of that conversation (any more)",
                )
            })?;
        let aad = body::seal_aad(&self.conv, self.body.epoch, me);
        let bytes = key
            .open(&member.sealed().map_err(ApiError::invalid_input)?, &aad)
            .map_err(|e| ApiError::new(ErrorCode::PermissionDenied, e))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::invalid_input(format!("a sealed key is malformed: {e}")))
    }
}

/// The epochs of a conversation, oldest first.
async fn epochs(ctx: &Ctx, conv: &[u8; 32]) -> Result<Vec<Epoch>, ApiError> {
    let rows = query(
        ctx,
        "SELECT pos FROM epochs WHERE conv = ? ORDER BY created_at, pos",
        vec![conv.to_vec()],
    )
    .await?;
    let positions: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    Ok(events_at(ctx, &positions)
        .await?
        .into_iter()
        .filter_map(|event| {
            let (body, conv) = GroupBody::parse(&event).ok()?;
            Some(Epoch { event, body, conv })
        })
        .collect())
}

/// The epoch in force: the newest by creation time (then by id).
fn current(epochs: &[Epoch]) -> Option<&Epoch> {
    epochs
        .iter()
        .max_by_key(|e| (e.event.created_at(), e.body.epoch, e.event.id()))
}

fn parse_conv(text: &str) -> Result<[u8; 32], ApiError> {
    body::hex32(text).map_err(|e| ApiError::invalid_input(format!("conv: {e}")))
}

async fn conversation_epochs(ctx: &Ctx, conv: &str) -> Result<([u8; 32], Vec<Epoch>), ApiError> {
    let id = parse_conv(conv)?;
    let all = epochs(ctx, &id).await?;
    if all.is_empty() {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no conversation {conv} is stored on this node"),
        ));
    }
    Ok((id, all))
}

/// Writes a new epoch: a fresh key sealed to `members`, with `name` and `ttl`.
async fn key_conversation(
    ctx: &Ctx,
    conv: [u8; 32],
    salt: Option<[u8; 32]>,
    epoch: u32,
    members: &[AccountId],
    name: Option<String>,
    ttl: Option<u64>,
) -> Result<Event, ApiError> {
    let me = me(ctx)?;
    let mine = ensure_key(ctx).await?;
    let secret = Secret {
        key: hex::encode(seal::random32()),
        name,
        ttl,
    };
    let payload = serde_json::to_vec(&secret).map_err(internal)?;
    let mut sealed = Vec::with_capacity(members.len());
    let mut missing = Vec::new();
    for account in members {
        let public = if *account == me {
            Some(mine.public())
        } else {
            chat_key_of(ctx, account).await?
        };
        match public {
            Some(public) => {
                let s = seal::seal(&public, &payload, &body::seal_aad(&conv, epoch, account))
                    .map_err(internal)?;
                sealed.push(Member {
                    account: *account,
                    key: hex::encode(public),
                    enc: B64.encode(&s.enc),
                    ct: B64.encode(&s.ct),
                });
            }
            None => missing.push(account.to_text()),
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!(
                "no chat key is known here for {}: follow them (their key comes with their events) and make sure they opened Chat once",
                missing.join(", ")
            ),
        ));
    }
    let body = GroupBody {
        conv: hex::encode(conv),
        salt: salt.map(hex::encode),
        epoch,
        members: sealed,
    };
    let bytes = serde_json::to_vec(&body).map_err(internal)?;
    let refs = members
        .iter()
        .filter(|a| **a != me)
        .map(|a| Ref::Account(*a))
        .collect();
    let draft = Draft {
        refs,
        ..Draft::new(GROUP, ctx.now(), bytes)
    };
    ctx.publish(draft).await
}

/// A person in a conversation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MemberView {
    /// The account.
    pub account: AccountId,
    /// Its name, from its profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A message as a member reads it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MessageView {
    /// The message's event id.
    pub id: EventId,
    /// Who wrote it.
    pub author: AccountId,
    /// Their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    /// When.
    pub created_at: Timestamp,
    /// When every honest node deletes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// The text, when this account can read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Why it cannot be read here (sent under a key this account was not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
    /// Its files, when this account can read it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<ChatFile>,
}

/// A file in a message, as a member sees it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ChatFile {
    /// The file: its hash (the address it is served at here once opened), size, media type
    /// and name, and a preview for images once opened.
    pub file: Attachment,
    /// Whether it is opened in this node's store; until then `chat.open_file` opens it.
    pub ready: bool,
    /// The sealed file the message carries (its hash): what downloads before it opens.
    pub sealed: String,
}

/// A conversation in the list.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ConversationView {
    /// Its id (hex).
    pub conv: String,
    /// A group (else a direct chat).
    pub group: bool,
    /// The group's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Members now.
    pub members: Vec<MemberView>,
    /// Who can change members and settings (a group's creator; either side of a direct chat).
    pub admin: AccountId,
    /// Whether this account is still a member.
    pub member: bool,
    /// Default lifetime of new messages, in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
    /// The newest message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<MessageView>,
    /// Messages by others not read yet.
    pub unread: u64,
}

/// Output of `chat.conversations`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Conversations {
    /// Newest activity first.
    pub conversations: Vec<ConversationView>,
    /// This account's chat key (hex), published so others can write to it.
    pub key: String,
}

/// No input.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoInput {}

/// Input of `chat.start`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartInput {
    /// Whom to write to.
    pub account: AccountId,
}

/// Input of `chat.create_group`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGroupInput {
    /// Its name.
    pub name: String,
    /// The other members.
    pub members: Vec<AccountId>,
    /// Default lifetime of messages, in ms.
    #[serde(default)]
    pub ttl: Option<u64>,
}

/// Input of `chat.add_member` and `chat.remove_member`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    /// The conversation.
    pub conv: String,
    /// The account.
    pub account: AccountId,
}

/// Input of `chat.settings`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    /// The conversation.
    pub conv: String,
    /// Default lifetime of new messages, in ms (none: they last).
    #[serde(default)]
    pub ttl: Option<u64>,
    /// A new name (groups).
    #[serde(default)]
    pub name: Option<String>,
}

/// Input of `chat.send`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendInput {
    /// The conversation.
    pub conv: String,
    /// The message, in Markdown (may be empty when files are attached).
    #[serde(default)]
    pub text: String,
    /// Files to send, sealed so that only the members can open them.
    #[serde(default)]
    pub attachments: Vec<AttachInput>,
    /// Lifetime of this message in ms (default: the conversation's).
    #[serde(default)]
    pub ttl: Option<u64>,
}

/// Input of `chat.open_file`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenFileInput {
    /// The message (its event id).
    pub message: EventId,
    /// Which of its files, from 0.
    pub index: usize,
}

/// Input of `chat.messages` and `chat.read`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessagesInput {
    /// The conversation.
    pub conv: String,
    /// Page size, 1 to 500 (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Continue after this cursor (older messages).
    #[serde(default)]
    pub before: Option<String>,
}

/// Output of `chat.messages`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Messages {
    /// The conversation.
    pub conversation: ConversationView,
    /// Newest first.
    pub messages: Vec<MessageView>,
    /// Cursor for older messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Input of `chat.read`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConvInput {
    /// The conversation.
    pub conv: String,
}

/// Output of `chat.unread`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Unread {
    /// Unread messages in every conversation.
    pub messages: u64,
}

fn read_key(conv: &[u8; 32]) -> String {
    format!("chat/read/{}", hex::encode(conv))
}

async fn read_mark(ctx: &Ctx, conv: &[u8; 32]) -> Result<i64, ApiError> {
    Ok(ctx
        .store()
        .local(&read_key(conv))
        .await?
        .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
        .map_or(0, i64::from_le_bytes))
}

async fn unread_in(ctx: &Ctx, conv: &[u8; 32], me: &AccountId) -> Result<u64, ApiError> {
    let mark = read_mark(ctx, conv).await?;
    let rows = query(
        ctx,
        &format!("SELECT count(*) FROM messages WHERE conv = ? AND author != ? AND pos > {mark}"),
        vec![conv.to_vec(), me.as_bytes().to_vec()],
    )
    .await?;
    Ok(rows.first().map_or(0, |r| r.get::<i64, _>(0).max(0) as u64))
}

/// Opens messages with the keys this account was given (one open per key event).
struct Reader<'a> {
    ctx: &'a Ctx,
    me: AccountId,
    key: ChatKey,
    keys: HashMap<EventId, Result<Vec<u8>, String>>,
    names: HashMap<AccountId, Option<String>>,
}

impl Reader<'_> {
    async fn key_of(&mut self, key_event: &EventId) -> Result<Vec<u8>, String> {
        if let Some(k) = self.keys.get(key_event) {
            return k.clone();
        }
        let found = match self.ctx.store().get(key_event).await {
            Ok(Some(event)) => match GroupBody::parse(&event) {
                Ok((body, conv)) => {
                    let epoch = Epoch { event, body, conv };
                    epoch
                        .open(&self.me, &self.key)
                        .map_err(|e| e.message)
                        .and_then(|s| hex::decode(s.key).map_err(|e| e.to_string()))
                }
                Err(e) => Err(e),
            },
            Ok(None) => Err("its key has not reached this node".into()),
            Err(e) => Err(e.to_string()),
        };
        self.keys.insert(*key_event, found.clone());
        found
    }

    async fn name_of(&mut self, account: &AccountId) -> Option<String> {
        if let Some(n) = self.names.get(account) {
            return n.clone();
        }
        let name = crate::social::read::profiles(self.ctx.store(), &[*account])
            .await
            .ok()
            .and_then(|mut p| p.remove(account))
            .map(|p| p.name);
        self.names.insert(*account, name.clone());
        name
    }

    /// Opens a message: what it says, and its sealed files beside what they open to.
    async fn open(&mut self, event: &Event) -> Result<(Plain, Vec<Attachment>), String> {
        let (conv, key_event, ct) = MessageBody::parse(event)?;
        let key = self.key_of(&key_event).await?;
        let plain = seal::decrypt(
            &key,
            &ct,
            &body::message_aad(&conv, &key_event, &event.author()),
        )
        .and_then(|p| serde_json::from_slice::<Plain>(&p).map_err(|e| e.to_string()))?;
        let sealed = Attachment::in_body(event.body());
        if sealed.len() != plain.files.len() {
            return Err(format!(
                "it carries {} sealed files but describes {}",
                sealed.len(),
                plain.files.len()
            ));
        }
        Ok((plain, sealed))
    }

    async fn view(&mut self, event: &Event) -> Option<MessageView> {
        MessageBody::parse(event).ok()?;
        let (text, unreadable, files) = match self.open(event).await {
            Ok((plain, sealed)) => {
                let mut files = Vec::with_capacity(sealed.len());
                for (f, s) in plain.files.into_iter().zip(sealed) {
                    files.push(chat_file(self.ctx, f.file, s.hash).await);
                }
                (Some(plain.text), None, files)
            }
            Err(e) => (None, Some(e), vec![]),
        };
        Some(MessageView {
            id: event.id(),
            author: event.author(),
            author_name: self.name_of(&event.author()).await,
            created_at: event.created_at(),
            expires_at: event.expires_at(),
            text,
            unreadable,
            files,
        })
    }

    async fn conversation(&mut self, epochs: &[Epoch]) -> Result<ConversationView, ApiError> {
        let now =
            current(epochs).ok_or_else(|| ApiError::internal("a conversation without epochs"))?;
        let member = now.members().contains(&self.me);
        // What this account last could open: a removed member keeps the old name.
        let secret = epochs
            .iter()
            .rev()
            .find_map(|e| e.open(&self.me, &self.key).ok());
        let mut members = Vec::new();
        for account in now.members() {
            members.push(MemberView {
                account,
                name: self.name_of(&account).await,
            });
        }
        let rows = query(
            self.ctx,
            "SELECT pos FROM messages WHERE conv = ? ORDER BY created_at DESC, pos DESC LIMIT 1",
            vec![now.conv.to_vec()],
        )
        .await?;
        let positions: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
        let last = match events_at(self.ctx, &positions).await?.first() {
            Some(e) => self.view(e).await,
            None => None,
        };
        Ok(ConversationView {
            conv: hex::encode(now.conv),
            group: now.is_group(),
            name: secret.as_ref().and_then(|s| s.name.clone()),
            members,
            admin: now.event.author(),
            member,
            ttl: secret.and_then(|s| s.ttl),
            last,
            unread: unread_in(self.ctx, &now.conv, &self.me).await?,
        })
    }
}

/// A message's file as a member sees it: ready once opened here (with a preview for an
/// image).
async fn chat_file(ctx: &Ctx, file: Attachment, sealed: String) -> ChatFile {
    match ctx
        .attachment(&file.hash, Some(file.name.clone()), Some(file.mime.clone()))
        .await
    {
        Ok(here) => ChatFile {
            file: Attachment {
                thumb: here.thumb,
                ..file
            },
            ready: true,
            sealed,
        },
        Err(_) => ChatFile {
            file,
            ready: false,
            sealed,
        },
    }
}

async fn reader(ctx: &Ctx) -> Result<Reader<'_>, ApiError> {
    Ok(Reader {
        ctx,
        me: me(ctx)?,
        key: ensure_key(ctx).await?,
        keys: HashMap::new(),
        names: HashMap::new(),
    })
}

async fn conversations(ctx: Ctx, _: NoInput) -> Result<Conversations, ApiError> {
    let mut r = reader(&ctx).await?;
    let rows = query(
        &ctx,
        &format!(
            "SELECT e.conv, max(e.created_at) AS at FROM epochs e JOIN epoch_members m ON m.pos = e.pos \
             WHERE m.account = ? GROUP BY e.conv ORDER BY at DESC LIMIT {MAX_CONVERSATIONS}"
        ),
        vec![r.me.as_bytes().to_vec()],
    )
    .await?;
    let mut list = Vec::new();
    for row in rows {
        let conv: Vec<u8> = row.get(0);
        let Ok(conv) = <[u8; 32]>::try_from(conv.as_slice()) else {
            continue;
        };
        let all = epochs(&ctx, &conv).await?;
        if all.is_empty() {
            continue;
        }
        list.push(r.conversation(&all).await?);
    }
    let activity = |c: &ConversationView| c.last.as_ref().map_or(0, |m| m.created_at);
    list.sort_by_key(|c| std::cmp::Reverse(activity(c)));
    Ok(Conversations {
        conversations: list,
        key: hex::encode(r.key.public()),
    })
}

async fn start(ctx: Ctx, input: StartInput) -> Result<ConversationView, ApiError> {
    let me = me(&ctx)?;
    if input.account == me {
        return Err(ApiError::invalid_input("that is this node's own account"));
    }
    if ctx.blocked().contains(&input.account) {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            "that account is blocked here; unblock it first",
        ));
    }
    let conv = body::dm_conv(&me, &input.account);
    let mut all = epochs(&ctx, &conv).await?;
    let usable = {
        let key = my_key(&ctx)?;
        current(&all).is_some_and(|e| e.open(&me, &key).is_ok())
    };
    if !usable {
        let epoch = current(&all).map_or(0, |e| e.body.epoch + 1);
        key_conversation(&ctx, conv, None, epoch, &[me, input.account], None, None).await?;
        all = epochs(&ctx, &conv).await?;
    }
    reader(&ctx).await?.conversation(&all).await
}

fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(ApiError::invalid_input(format!(
            "a group's name is one line of 1 to {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(name.to_owned())
}

fn check_ttl(ttl: Option<u64>) -> Result<Option<u64>, ApiError> {
    /// Shortest lifetime: a minute, so a message is read before it goes.
    const MIN_TTL_MS: u64 = 60_000;
    match ttl {
        Some(t) if t < MIN_TTL_MS => Err(ApiError::invalid_input(format!(
            "a message lifetime is at least {MIN_TTL_MS} ms (a minute), not {t}"
        ))),
        t => Ok(t),
    }
}

async fn create_group(ctx: Ctx, input: CreateGroupInput) -> Result<ConversationView, ApiError> {
    let me = me(&ctx)?;
    let name = check_name(&input.name)?;
    let ttl = check_ttl(input.ttl)?;
    let mut members = vec![me];
    for m in input.members {
        if !members.contains(&m) {
            members.push(m);
        }
    }
    if !(2..=body::MAX_MEMBERS).contains(&members.len()) {
        return Err(ApiError::invalid_input(format!(
            "a group has 2 to {} members, this account included",
            body::MAX_MEMBERS
        )));
    }
    let salt = seal::random32();
    let conv = body::group_conv(&me, &salt);
    key_conversation(&ctx, conv, Some(salt), 0, &members, Some(name), ttl).await?;
    let all = epochs(&ctx, &conv).await?;
    reader(&ctx).await?.conversation(&all).await
}

/// Re-keys a conversation this account administers with `change` applied to its members
/// and settings.
async fn rekey(
    ctx: &Ctx,
    conv: &str,
    change: impl FnOnce(
        &mut Vec<AccountId>,
        &mut Option<String>,
        &mut Option<u64>,
    ) -> Result<(), ApiError>,
) -> Result<ConversationView, ApiError> {
    let me = me(ctx)?;
    let (id, all) = conversation_epochs(ctx, conv).await?;
    let now = current(&all).ok_or_else(|| ApiError::internal("no epoch"))?;
    if now.is_group() && now.event.author() != me {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            "only the group's creator can change its members or settings",
        ));
    }
    let secret = now.open(&me, &my_key(ctx)?)?;
    let mut members = now.members();
    let (mut name, mut ttl) = (secret.name, secret.ttl);
    change(&mut members, &mut name, &mut ttl)?;
    if !now.is_group() && members.len() != 2 {
        return Err(ApiError::invalid_input(
            "a direct chat has exactly two members; start a group for more",
        ));
    }
    if !members.contains(&me) {
        return Err(ApiError::invalid_input("the creator stays in the group"));
    }
    let salt = now
        .body
        .salt
        .as_deref()
        .map(body::hex32)
        .transpose()
        .map_err(ApiError::invalid_input)?;
    key_conversation(ctx, id, salt, now.body.epoch + 1, &members, name, ttl).await?;
    let all = epochs(ctx, &id).await?;
    reader(ctx).await?.conversation(&all).await
}

async fn add_member(ctx: Ctx, input: MemberInput) -> Result<ConversationView, ApiError> {
    rekey(&ctx, &input.conv, |members, _, _| {
        if members.contains(&input.account) {
            return Err(ApiError::new(ErrorCode::AlreadyExists, "already a member"));
        }
        members.push(input.account);
        if members.len() > body::MAX_MEMBERS {
            return Err(ApiError::invalid_input(format!(
                "a group has at most {} members",
                body::MAX_MEMBERS
            )));
        }
        Ok(())
    })
    .await
}

async fn remove_member(ctx: Ctx, input: MemberInput) -> Result<ConversationView, ApiError> {
    rekey(&ctx, &input.conv, |members, _, _| {
        if !members.contains(&input.account) {
            return Err(ApiError::new(ErrorCode::NotFound, "not a member"));
        }
        members.retain(|m| *m != input.account);
        if members.len() < 2 {
            return Err(ApiError::invalid_input(
                "a group keeps at least two members",
            ));
        }
        Ok(())
    })
    .await
}

async fn settings(ctx: Ctx, input: SettingsInput) -> Result<ConversationView, ApiError> {
    let ttl = check_ttl(input.ttl)?;
    let new_name = input.name.as_deref().map(check_name).transpose()?;
    rekey(&ctx, &input.conv, |_, name, old_ttl| {
        *old_ttl = ttl;
        if let Some(n) = new_name {
            *name = Some(n);
        }
        Ok(())
    })
    .await
}

async fn send(ctx: Ctx, input: SendInput) -> Result<MessageView, ApiError> {
    let me = me(&ctx)?;
    if input.text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::invalid_input(format!(
            "a message has at most {MAX_TEXT_CHARS} characters"
        )));
    }
    if input.text.trim().is_empty() && input.attachments.is_empty() {
        return Err(ApiError::invalid_input(
            "a message needs some text or a file",
        ));
    }
    if input.attachments.len() > supernet_core::attachment::MAX_ATTACHMENTS {
        return Err(ApiError::invalid_input(format!(
            "a message carries at most {} files, not {}",
            supernet_core::attachment::MAX_ATTACHMENTS,
            input.attachments.len()
        )));
    }
    let ttl = check_ttl(input.ttl)?;
    let (conv, all) = conversation_epochs(&ctx, &input.conv).await?;
    let now = current(&all).ok_or_else(|| ApiError::internal("no epoch"))?;
    if now.members().iter().any(|m| ctx.blocked().contains(m)) && !now.is_group() {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            "that account is blocked here; unblock it first",
        ));
    }
    let secret = now.open(&me, &my_key(&ctx)?)?;
    let key = hex::decode(&secret.key)
        .map_err(|e| ApiError::invalid_input(format!("a sealed key is malformed: {e}")))?;
    let mut files = Vec::with_capacity(input.attachments.len());
    let mut sealed = Vec::with_capacity(input.attachments.len());
    for a in input.attachments {
        let file = ctx.attachment(&a.hash, a.name, a.mime).await?;
        let file_key = seal::random32();
        sealed.push(ctx.seal_file(&file.hash, &file_key).await?);
        files.push(PlainFile {
            file: Attachment {
                thumb: None,
                ..file
            },
            key: hex::encode(file_key),
        });
    }
    let plain = serde_json::to_vec(&Plain {
        text: input.text,
        files,
    })
    .map_err(internal)?;
    let ct = seal::encrypt(
        &key,
        &plain,
        &body::message_aad(&conv, &now.event.id(), &me),
    )
    .map_err(internal)?;
    let body = MessageBody {
        conv: hex::encode(conv),
        ct: B64.encode(ct),
        attachments: sealed,
    };
    let bytes = serde_json::to_vec(&body).map_err(internal)?;
    let mut refs = vec![Ref::Event(now.event.id())];
    refs.extend(
        now.members()
            .into_iter()
            .filter(|m| *m != me)
            .map(Ref::Account),
    );
    let created = ctx.now();
    let mut draft = Draft {
        refs,
        ..Draft::new(MESSAGE, created, bytes)
    };
    draft.expires_at = ttl.or(secret.ttl).map(|t| created.saturating_add(t));
    let event = ctx.publish(draft).await?;
    let mut r = reader(&ctx).await?;
    r.view(&event)
        .await
        .ok_or_else(|| ApiError::internal("a sent message has no view"))
}

async fn messages(ctx: Ctx, input: MessagesInput) -> Result<Messages, ApiError> {
    let limit = input.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid_input(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {limit}"
        )));
    }
    let before = input.before.as_deref().map(Cursor::parse).transpose()?;
    let (conv, all) = conversation_epochs(&ctx, &input.conv).await?;
    let mut r = reader(&ctx).await?;
    if !all.iter().any(|e| e.members().contains(&r.me)) {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            "this account was never a member of that conversation",
        ));
    }
    let keyset = match &before {
        Some(c) => format!(" AND (created_at, pos) < ({}, {})", c.created_at, c.pos),
        None => String::new(),
    };
    let rows = query(
        &ctx,
        &format!("SELECT pos, created_at FROM messages WHERE conv = ?{keyset} ORDER BY created_at DESC, pos DESC LIMIT {limit}"),
        vec![conv.to_vec()],
    )
    .await?;
    let page: Vec<(i64, i64)> = rows.iter().map(|row| (row.get(0), row.get(1))).collect();
    let next = (page.len() == limit as usize)
        .then(|| {
            page.last().map(|&(pos, at)| {
                Cursor {
                    created_at: at.max(0) as u64,
                    pos,
                }
                .to_text()
            })
        })
        .flatten();
    let positions: Vec<i64> = page.iter().map(|&(p, _)| p).collect();
    let mut list = Vec::new();
    for e in events_at(&ctx, &positions).await? {
        if let Some(v) = r.view(&e).await {
            list.push(v);
        }
    }
    Ok(Messages {
        conversation: r.conversation(&all).await?,
        messages: list,
        next,
    })
}

async fn open_file(ctx: Ctx, input: OpenFileInput) -> Result<ChatFile, ApiError> {
    let not_here = || {
        ApiError::new(
            ErrorCode::NotFound,
            format!("no chat message {} is stored here", input.message),
        )
    };
    let event = ctx
        .store()
        .get(&input.message)
        .await?
        .ok_or_else(not_here)?;
    if event.kind() != MESSAGE {
        return Err(not_here());
    }
    let mut r = reader(&ctx).await?;
    let (plain, sealed) = r.open(&event).await.map_err(|e| {
        ApiError::new(
            ErrorCode::PermissionDenied,
            format!("this account cannot read that message: {e}"),
        )
    })?;
    let count = plain.files.len();
    let (Some(file), Some(sealed)) = (
        plain.files.into_iter().nth(input.index),
        sealed.into_iter().nth(input.index),
    ) else {
        return Err(ApiError::invalid_input(format!(
            "file {} is past the end of that message's files (it has {count})",
            input.index
        )));
    };
    let key = body::hex32(&file.key).map_err(ApiError::invalid_input)?;
    ctx.open_file(&sealed.hash, &key, &file.file.hash, &event)
        .await?;
    Ok(chat_file(&ctx, file.file, sealed.hash).await)
}

async fn read(ctx: Ctx, input: ConvInput) -> Result<Unread, ApiError> {
    let (conv, _) = conversation_epochs(&ctx, &input.conv).await?;
    let last = ctx.store().last_pos().await?;
    ctx.store()
        .set_local(&read_key(&conv), Some(&last.to_le_bytes()))
        .await?;
    unread(ctx, NoInput {}).await
}

async fn unread(ctx: Ctx, _: NoInput) -> Result<Unread, ApiError> {
    let me = me(&ctx)?;
    let rows = query(
        &ctx,
        "SELECT DISTINCT e.conv FROM epochs e JOIN epoch_members m ON m.pos = e.pos WHERE m.account = ?",
        vec![me.as_bytes().to_vec()],
    )
    .await?;
    let mut total = 0;
    for row in rows.iter().take(MAX_CONVERSATIONS) {
        let conv: Vec<u8> = row.get(0);
        if let Ok(conv) = <[u8; 32]>::try_from(conv.as_slice()) {
            total += unread_in(&ctx, &conv, &me).await?;
        }
    }
    Ok(Unread { messages: total })
}

/// The chat app's registration.
pub fn spec() -> AppSpec {
    let kind =
        |name: &str, description: &str, validator: fn(&Event) -> Result<(), String>| KindSpec {
            name: name.into(),
            description: description.into(),
            validator: Arc::new(validator),
            own_devices_only: false,
        };
    AppSpec {
        id: APP_ID.into(),
        name: "Chat".into(),
        description: "End-to-end encrypted direct messages and group chats".into(),
        kinds: vec![
            kind(KEY, "The author's public key for chats", |e| KeyBody::parse(e).map(|_| ())),
            kind(GROUP, "An epoch of a conversation: its members and a new key sealed to each", |e| GroupBody::parse(e).map(|_| ())),
            kind(MESSAGE, "A message, encrypted under one epoch's key", |e| MessageBody::parse(e).map(|_| ())),
        ],
        projections: vec![Arc::new(table::Chats)],
        methods: vec![
            MethodSpec::new("chat.conversations", "This account's conversations, newest activity first (publishes its chat key when needed)", CHAT_READ, conversations).signing(),
            MethodSpec::new("chat.start", "Opens the direct chat with an account (keys it when needed)", CHAT_WRITE, start).signing(),
            MethodSpec::new("chat.create_group", "Creates a group chat with a name, members and an optional message lifetime", CHAT_WRITE, create_group).signing(),
            MethodSpec::new("chat.add_member", "Adds a member to a group this account created (re-keys it)", CHAT_WRITE, add_member).signing(),
            MethodSpec::new("chat.remove_member", "Removes a member from a group this account created; it cannot read what is written after", CHAT_WRITE, remove_member).signing(),
            MethodSpec::new("chat.settings", "Changes a conversation's default message lifetime or a group's name (re-keys it)", CHAT_WRITE, settings).signing(),
            MethodSpec::new("chat.send", "Sends an encrypted message (text and files) to a conversation", CHAT_WRITE, send).signing(),
            MethodSpec::new("chat.open_file", "Opens a file of a message into this node's store (fetching it first when needed), so it can be shown", CHAT_READ, open_file),
            MethodSpec::new("chat.messages", "A conversation's messages, newest first, opened with this account's keys", CHAT_READ, messages).signing(),
            MethodSpec::new("chat.read", "Marks a conversation's messages as read", CHAT_READ, read).signing(),
            MethodSpec::new("chat.unread", "Unread messages in all conversations", CHAT_READ, unread),
        ],
        permissions: vec![CHAT_READ, CHAT_WRITE],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn spec_follows_the_contract() {
        super::spec().check().unwrap();
    }
}
