//! Scoped access tokens: bearer tokens for third-party programs that carry permissions the
//! way a mini-app's grant does, and the permission catalog as an API method.
//!
//! ```text
//!  tokens.create ─▶ 32 random bytes ─▶ shown once as `snt_…`; only its BLAKE3 hash is kept,
//!                   with name, permissions and expiry, in the store's own settings
//!  gateway: Authorization: Bearer <t> ─▶ owner token?  ─▶ Caller::owner()
//!                                     └▶ Tokens::caller(t) ─▶ Caller::scoped(its permissions)
//!                                                           (revoked / expired: unauthorized)
//! ```
//!
//! `tokens.*` need [`OWNER`], which is never granted: a scoped token cannot mint tokens.

use std::sync::{Arc, Weak};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::{SecureRandom, SystemRandom};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_apps::MethodSpec;
use supernet_apps::contract::{
    NODE_READ, OWNER, PERMISSIONS, Permission, PermissionInfo, describe_permission,
};
use supernet_core::{ApiError, ErrorCode, Timestamp};
use supernet_store::Store;

use crate::api::{Empty, kernel_method};
use crate::{Caller, Node, NodeInner};

/// Where the tokens are saved in the store's own settings (never exported or synced).
const TOKENS_KEY: &str = "node/tokens";
/// What every scoped token starts with: tells it from the owner token (64 hex digits) at a
/// glance, in logs and in secret scanners.
pub const TOKEN_PREFIX: &str = "snt_";
/// Live tokens at once: a person hands tokens to a few programs, not hundreds; the bound
/// keeps the per-request lookup trivially cheap.
const MAX_LIVE_TOKENS: usize = 100;
/// Revoked and expired tokens remembered, so that using one says "revoked"/"expired"
/// rather than "unknown"; the oldest are forgotten beyond this.
const MAX_DEAD_TOKENS: usize = 100;
/// Permissions one token may carry: more than the catalog holds, fewer than a request
/// to fill memory.
const MAX_TOKEN_PERMISSIONS: usize = 64;
/// Longest token name, in characters: a label in a list, not a document.
const MAX_NAME_CHARS: usize = 64;
/// Longest lifetime, in days: ten years, beyond which "never expires" is the honest choice.
const MAX_EXPIRES_DAYS: u32 = 3650;
/// How stale `last_used` may get before a request saves it: once a minute at most per
/// token, so that a busy program does not turn every call into a database write.
const LAST_USED_GRANULARITY_MS: u64 = 60_000;
const DAY_MS: u64 = 24 * 3600 * 1000;

/// A token as saved (never its secret).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    id: String,
    name: String,
    /// BLAKE3 of the token, hex.
    hash: String,
    permissions: Vec<Permission>,
    created: Timestamp,
    #[serde(default)]
    expires: Option<Timestamp>,
    #[serde(default)]
    last_used: Option<Timestamp>,
    #[serde(default)]
    revoked: Option<Timestamp>,
}

impl Record {
    fn state(&self, now: Timestamp) -> TokenState {
        if self.revoked.is_some() {
            TokenState::Revoked
        } else if self.expires.is_some_and(|e| e <= now) {
            TokenState::Expired
        } else {
            TokenState::Active
        }
    }

    fn view(&self, now: Timestamp) -> TokenView {
        TokenView {
            id: self.id.clone(),
            name: self.name.clone(),
            permissions: self.permissions.clone(),
            created: self.created,
            expires: self.expires,
            last_used: self.last_used,
            revoked: self.revoked,
            state: self.state(now),
        }
    }
}

/// The node's scoped tokens: loaded from the store on first use, then kept in memory.
/// One lock serialises changes and lookups (a lookup may save `last_used`).
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    records: tokio::sync::Mutex<Option<Vec<Record>>>,
}

async fn load(store: &Store) -> Result<Vec<Record>, ApiError> {
    match store.local(TOKENS_KEY).await? {
        Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::internal(format!("the list of access tokens is unreadable: {e}"))
        }),
        None => Ok(Vec::new()),
    }
}

async fn save(store: &Store, records: &[Record]) -> Result<(), ApiError> {
    let bytes = serde_json::to_vec(records).map_err(|e| ApiError::internal(e.to_string()))?;
    store.set_local(TOKENS_KEY, Some(&bytes)).await?;
    Ok(())
}

fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut bytes = [0u8; N];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| ApiError::internal("the OS random source failed"))?;
    Ok(bytes)
}

impl Tokens {
    /// Runs `f` on the loaded records; saves them when `f` says they changed. `f` changes
    /// nothing when it fails; when saving fails, the records are read again on next use.
    async fn with<T>(
        &self,
        store: &Store,
        f: impl FnOnce(&mut Vec<Record>) -> Result<(T, bool), ApiError>,
    ) -> Result<T, ApiError> {
        let mut guard = self.records.lock().await;
        let records = match &mut *guard {
            Some(records) => records,
            empty => empty.insert(load(store).await?),
        };
        let (out, changed) = f(records)?;
        if changed && let Err(e) = save(store, records).await {
            *guard = None;
            return Err(e);
        }
        Ok(out)
    }

    /// The caller a scoped token stands for; `unauthorized` (saying why) when it is not
    /// a live token of this node.
    pub(crate) async fn caller(&self, store: &Store, token: &str) -> Result<Caller, ApiError> {
        let presented = blake3::hash(token.as_bytes());
        let now = crate::now();
        self.with(store, |records| {
            let Some(record) = records
                .iter_mut()
                .find(|r| blake3::Hash::from_hex(&r.hash).is_ok_and(|h| h == presented))
            else {
                return Err(ApiError::new(
                    ErrorCode::Unauthorized,
                    "this bearer token is neither the node's owner token nor one of its access tokens: check it, or ask the node's owner for a new one (`supernet token create`)",
                ));
            };
            match record.state(now) {
                TokenState::Revoked => Err(ApiError::new(
                    ErrorCode::Unauthorized,
                    format!(
                        "the access token {:?} ({}) was revoked: ask the node's owner for a new one",
                        record.name, record.id
                    ),
                )),
                TokenState::Expired => Err(ApiError::new(
                    ErrorCode::Unauthorized,
                    format!(
                        "the access token {:?} ({}) has expired: ask the node's owner for a new one",
                        record.name, record.id
                    ),
                )),
                TokenState::Active => {
                    let stale = record
                        .last_used
                        .is_none_or(|t| now.saturating_sub(t) >= LAST_USED_GRANULARITY_MS);
                    if stale {
                        record.last_used = Some(now);
                    }
                    Ok((Caller::scoped(record.permissions.iter().cloned()), stale))
                }
            }
        })
        .await
    }
}

impl Node {
    /// The caller a scoped access token (from `tokens.create`) stands for: its
    /// permissions. `unauthorized`, saying why, when it is unknown, revoked or expired.
    /// The owner token is the gateway's business, not this.
    pub async fn token_caller(&self, token: &str) -> Result<Caller, ApiError> {
        self.inner
            .tokens
            .caller(&self.inner.store, token.trim())
            .await
    }
}

/// Whether a token can still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    /// It works.
    Active,
    /// Its time ran out.
    Expired,
    /// Its owner revoked it.
    Revoked,
}

/// An access token, as `tokens.list` shows it (never the token itself).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TokenView {
    /// Its id, for `tokens.revoke`.
    pub id: String,
    /// The name it was given (which program uses it).
    pub name: String,
    /// What it may do.
    pub permissions: Vec<Permission>,
    /// When it was made (ms since the Unix epoch).
    pub created: Timestamp,
    /// When it stops working (ms), if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Timestamp>,
    /// When it was last used (ms, to the minute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<Timestamp>,
    /// When it was revoked (ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<Timestamp>,
    /// Whether it still works.
    pub state: TokenState,
}

/// Input of `tokens.create`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInput {
    /// What it is for, e.g. the program that will use it (1 to 64 characters).
    pub name: String,
    /// The permissions it carries (`api.permissions` lists them), at least one.
    pub permissions: Vec<String>,
    /// Days until it stops working, 1 to 3650 (default: never).
    #[serde(default)]
    pub expires_days: Option<u32>,
}

/// Output of `tokens.create`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CreateOutput {
    /// Its id, for `tokens.revoke`.
    pub id: String,
    /// The token, shown this once: send it as `Authorization: Bearer <token>`.
    pub token: String,
    /// The token as listed.
    pub info: TokenView,
}

/// Output of `tokens.list`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ListOutput {
    /// Every token, live ones first, newest first.
    pub tokens: Vec<TokenView>,
}

/// Input of `tokens.revoke`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeInput {
    /// The token's id.
    pub id: String,
}

/// Output of `api.permissions`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PermissionsOutput {
    /// Every permission, with what it lets the holder do.
    pub permissions: Vec<PermissionInfo>,
}

/// Checks the permissions asked for a token: each must exist and be grantable.
fn check_permissions(names: &[String]) -> Result<Vec<Permission>, ApiError> {
    if names.is_empty() || names.len() > MAX_TOKEN_PERMISSIONS {
        return Err(ApiError::invalid_input(format!(
            "a token carries 1 to {MAX_TOKEN_PERMISSIONS} permissions, not {}",
            names.len()
        )));
    }
    let mut out: Vec<Permission> = Vec::with_capacity(names.len());
    for name in names {
        let name = name.trim();
        let Some(info) = describe_permission(name) else {
            return Err(ApiError::invalid_input(format!(
                "there is no permission {name:?}: `api.permissions` lists them (a mini-app's is app.<id>)"
            )));
        };
        if !info.grantable {
            return Err(ApiError::invalid_input(format!(
                "the permission {name:?} is the node owner's alone and is never given to a token"
            )));
        }
        let permission = Permission(info.name.into_owned().into());
        if !out.contains(&permission) {
            out.push(permission);
        }
    }
    out.sort();
    Ok(out)
}

async fn create(node: Arc<NodeInner>, input: CreateInput) -> Result<CreateOutput, ApiError> {
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::invalid_input(format!(
            "a token's name has 1 to {MAX_NAME_CHARS} characters"
        )));
    }
    let permissions = check_permissions(&input.permissions)?;
    if let Some(days) = input.expires_days
        && !(1..=MAX_EXPIRES_DAYS).contains(&days)
    {
        return Err(ApiError::invalid_input(format!(
            "expires_days is 1 to {MAX_EXPIRES_DAYS} (or absent: never), not {days}"
        )));
    }
    let now = crate::now();
    let token = format!(
        "{TOKEN_PREFIX}{}",
        URL_SAFE_NO_PAD.encode(random_bytes::<32>()?)
    );
    let record = Record {
        id: hex::encode(random_bytes::<8>()?),
        name,
        hash: blake3::hash(token.as_bytes()).to_hex().to_string(),
        permissions,
        created: now,
        expires: input.expires_days.map(|d| now + u64::from(d) * DAY_MS),
        last_used: None,
        revoked: None,
    };
    let view = record.view(now);
    node.tokens
        .with(&node.store, |records| {
            let live = records
                .iter()
                .filter(|r| r.state(now) == TokenState::Active)
                .count();
            if live >= MAX_LIVE_TOKENS {
                return Err(ApiError::new(
                    ErrorCode::QuotaExceeded,
                    format!(
                        "this node has {live} live access tokens, the most it keeps: revoke some first (`supernet token list`)"
                    ),
                ));
            }
            forget_oldest_dead(records, now);
            records.push(record);
            Ok(((), true))
        })
        .await?;
    tracing::info!(id = %view.id, name = %view.name, "access token created");
    Ok(CreateOutput {
        id: view.id.clone(),
        token,
        info: view,
    })
}

/// Makes room for a new token among the remembered dead ones: keeps fewer than
/// [`MAX_DEAD_TOKENS`] revoked or expired tokens, dropping the oldest.
fn forget_oldest_dead(records: &mut Vec<Record>, now: Timestamp) {
    let mut dead: Vec<(Timestamp, String)> = records
        .iter()
        .filter(|r| r.state(now) != TokenState::Active)
        .map(|r| (r.revoked.or(r.expires).unwrap_or(r.created), r.id.clone()))
        .collect();
    if dead.len() < MAX_DEAD_TOKENS {
        return;
    }
    dead.sort();
    let drop = dead.len() + 1 - MAX_DEAD_TOKENS;
    let gone: std::collections::HashSet<String> =
        dead.into_iter().take(drop).map(|(_, id)| id).collect();
    records.retain(|r| !gone.contains(&r.id));
}

fn sorted_views(records: &[Record], now: Timestamp) -> Vec<TokenView> {
    let mut views: Vec<TokenView> = records.iter().map(|r| r.view(now)).collect();
    views.sort_by(|a, b| {
        (a.state != TokenState::Active, std::cmp::Reverse(a.created))
            .cmp(&(b.state != TokenState::Active, std::cmp::Reverse(b.created)))
    });
    views
}

async fn list(node: Arc<NodeInner>, _: Empty) -> Result<ListOutput, ApiError> {
    let now = crate::now();
    let tokens = node
        .tokens
        .with(&node.store, |records| {
            Ok((sorted_views(records, now), false))
        })
        .await?;
    Ok(ListOutput { tokens })
}

async fn revoke(node: Arc<NodeInner>, input: RevokeInput) -> Result<TokenView, ApiError> {
    let now = crate::now();
    let id = input.id.trim().to_owned();
    let view = node
        .tokens
        .with(&node.store, |records| {
            let record = records.iter_mut().find(|r| r.id == id).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("no access token has the id {id:?}: `tokens.list` shows them"),
                )
            })?;
            let changed = record.revoked.is_none();
            if changed {
                record.revoked = Some(now);
            }
            Ok((record.view(now), changed))
        })
        .await?;
    tracing::info!(id = %view.id, name = %view.name, "access token revoked");
    Ok(view)
}

async fn permissions(_: Arc<NodeInner>, _: Empty) -> Result<PermissionsOutput, ApiError> {
    Ok(PermissionsOutput {
        permissions: PERMISSIONS.to_vec(),
    })
}

/// The methods of this module: `tokens.*` and `api.permissions`.
pub(crate) fn methods(node: &Weak<NodeInner>) -> Vec<MethodSpec> {
    vec![
        kernel_method(
            node,
            "tokens.create",
            "Mints an access token for a program: it carries only the permissions given, until it expires or is revoked; the token is shown this once",
            OWNER,
            create,
        ),
        kernel_method(
            node,
            "tokens.list",
            "Every access token: its name, id, permissions, when it was made, when it expires and when it was last used (never the token)",
            OWNER,
            list,
        ),
        kernel_method(
            node,
            "tokens.revoke",
            "Revokes an access token: it stops working at once",
            OWNER,
            revoke,
        ),
        kernel_method(
            node,
            "api.permissions",
            "Every permission a method may need, in plain words, and whether it moves money",
            NODE_READ,
            permissions,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, created: Timestamp, revoked: Option<Timestamp>) -> Record {
        Record {
            id: id.into(),
            name: id.into(),
            hash: blake3::hash(id.as_bytes()).to_hex().to_string(),
            permissions: vec![NODE_READ],
            created,
            expires: None,
            last_used: None,
            revoked,
        }
    }

    #[test]
    fn every_method_needs_a_permission_described_in_plain_words() {
        let api = crate::describe_api();
        for method in &api.methods {
            let info = describe_permission(method.permission.as_str()).unwrap_or_else(|| {
                panic!(
                    "{} needs {:?}, which supernet_apps::contract::PERMISSIONS does not describe",
                    method.name, method.permission
                )
            });
            assert!(!info.description.is_empty());
        }
        for name in ["tokens.create", "tokens.list", "tokens.revoke"] {
            let method = api.methods.iter().find(|m| m.name == name).unwrap();
            assert_eq!(method.permission, OWNER, "{name} is the owner's alone");
        }
    }

    #[test]
    fn unknown_and_owner_permissions_are_refused_by_name() {
        let e = check_permissions(&["social.read".into(), "coin.steal".into()]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("\"coin.steal\""), "{}", e.message);
        let e = check_permissions(&["owner".into()]).unwrap_err();
        assert!(e.message.contains("\"owner\""), "{}", e.message);
        assert!(check_permissions(&[]).is_err());
        let ok = check_permissions(&[
            "social.read".into(),
            "app.todo".into(),
            "social.read".into(),
        ])
        .unwrap();
        assert_eq!(ok.len(), 2);
    }

    #[tokio::test]
    async fn saved_tokens_are_found_again_and_expired_ones_refused_saying_so() {
        let store = Store::open(supernet_store::StoreConfig::in_memory())
            .await
            .unwrap();
        let now = crate::now();
        let tokens = Tokens::default();
        tokens
            .with(&store, |records| {
                let mut live = record("live-token", now, None);
                live.permissions = vec![NODE_READ, Permission::named("social.read")];
                let mut old = record("old-token", now - 10 * DAY_MS, None);
                old.expires = Some(now - DAY_MS);
                records.extend([live, old]);
                Ok(((), true))
            })
            .await
            .unwrap();

        // A fresh instance (a restarted node) reads them from the store.
        let reopened = Tokens::default();
        let caller = reopened.caller(&store, "live-token").await.unwrap();
        assert!(caller.allows(&Permission::named("social.read")));
        assert!(!caller.allows(&Permission::named("social.write")));
        assert!(!caller.allows(&OWNER));
        let e = reopened.caller(&store, "old-token").await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Unauthorized);
        assert!(e.message.contains("expired"), "{}", e.message);
        let e = reopened.caller(&store, "no-such-token").await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Unauthorized);
        assert!(!e.message.contains("expired"), "{}", e.message);

        let saved = load(&store).await.unwrap();
        let live = saved.iter().find(|r| r.id == "live-token").unwrap();
        assert!(
            live.last_used.is_some_and(|t| t >= now),
            "its use was recorded"
        );
    }

    #[test]
    fn the_oldest_dead_tokens_are_forgotten_beyond_the_bound() {
        let mut records: Vec<Record> = (0..MAX_DEAD_TOKENS as u64 + 5)
            .map(|i| record(&format!("dead{i:03}"), i, Some(1000 + i)))
            .collect();
        records.push(record("live", 0, None));
        forget_oldest_dead(&mut records, 10_000);
        let dead = records.iter().filter(|r| r.revoked.is_some()).count();
        assert_eq!(dead, MAX_DEAD_TOKENS - 1, "room for one more");
        assert!(records.iter().any(|r| r.id == "live"));
        assert!(
            !records.iter().any(|r| r.id == "dead000"),
            "the oldest went first"
        );
        assert!(records.iter().any(|r| r.id == "dead104"));
    }
}
