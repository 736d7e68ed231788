//! Who the node is, and the `identity.*` methods that change it.
//!
//! ```text
//!   None ──identity.create / identity.recover──▶ Unlocked
//!   Locked ──identity.unlock(passphrase)──────▶ Unlocked ──identity.lock──▶ Locked
//! ```
//!
//! A node opens in `None` when its data directory holds no keystore (the user is
//! onboarded through the UI or `supernet init`), in `Locked` when the keystore is protected
//! by a passphrase, and in `Unlocked` when it is not.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, ApiError, ErrorCode, Keystore, KeystoreInfo, SecretKey, Timestamp};
use zeroize::Zeroizing;

use crate::NodeInner;

/// Where the node stands with its account.
#[derive(Debug, Clone)]
pub(crate) enum IdentityState {
    /// No account yet.
    None,
    /// An account whose key is sealed under a passphrase.
    Locked(Box<Keystore>),
    /// An account whose key is in memory.
    Unlocked {
        info: KeystoreInfo,
        protected: bool,
        key: Arc<SecretKey>,
    },
}

impl IdentityState {
    pub(crate) fn from_keystore(keystore: Keystore) -> Result<Self, ApiError> {
        if keystore.is_protected() {
            return Ok(Self::Locked(Box::new(keystore)));
        }
        let key = keystore.unlock(None)?;
        Ok(Self::Unlocked {
            info: keystore.info().clone(),
            protected: false,
            key: Arc::new(key),
        })
    }

    pub(crate) fn account(&self) -> Option<AccountId> {
        match self {
            Self::None => None,
            Self::Locked(k) => Some(k.info().account),
            Self::Unlocked { info, .. } => Some(info.account),
        }
    }

    pub(crate) fn key(&self) -> Result<Arc<SecretKey>, ApiError> {
        match self {
            Self::Unlocked { key, .. } => Ok(key.clone()),
            Self::Locked(_) => Err(ApiError::new(
                ErrorCode::Locked,
                "the account key is locked: unlock it with the passphrase (identity.unlock)",
            )),
            Self::None => Err(no_account()),
        }
    }

    pub(crate) fn view(&self) -> IdentityView {
        match self {
            Self::None => IdentityView {
                state: State::None,
                account: None,
                name: None,
                created_at: None,
                protected: false,
            },
            Self::Locked(k) => IdentityView {
                state: State::Locked,
                account: Some(k.info().account),
                name: k.info().name.clone(),
                created_at: Some(k.info().created_at),
                protected: true,
            },
            Self::Unlocked {
                info, protected, ..
            } => IdentityView {
                state: State::Unlocked,
                account: Some(info.account),
                name: info.name.clone(),
                created_at: Some(info.created_at),
                protected: *protected,
            },
        }
    }
}

pub(crate) fn no_account() -> ApiError {
    ApiError::new(
        ErrorCode::KeystoreMissing,
        "this node has no account yet: create one (identity.create, or `supernet init`) or restore one (identity.recover)",
    )
}

/// The node's identity state, for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// No account yet: create or restore one.
    None,
    /// The key is sealed: unlock it with the passphrase.
    Locked,
    /// The key is in memory: the node can sign.
    Unlocked,
}

/// Output of `identity.get` (and of the methods that change the identity).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct IdentityView {
    /// Where the node stands.
    pub state: State,
    /// The account id, once there is an account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When the account was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// Whether the key is protected by a passphrase.
    pub protected: bool,
}

/// Input of `identity.create`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInput {
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Passphrase sealing the key; absent or null stores it unprotected.
    #[serde(default)]
    pub passphrase: Option<String>,
}

/// Output of `identity.create`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CreateOutput {
    /// The new account id.
    pub account: AccountId,
    /// The 24 words that restore the key. Shown once: the node does not keep them.
    pub recovery_phrase: String,
}

/// Input of `identity.recover`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoverInput {
    /// The 24-word recovery phrase.
    pub phrase: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Passphrase sealing the key; absent or null stores it unprotected.
    #[serde(default)]
    pub passphrase: Option<String>,
}

/// Input of `identity.unlock`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlockInput {
    /// The keystore's passphrase.
    pub passphrase: String,
}

/// Longest display name, in characters.
const MAX_NAME_CHARS: usize = 64;

fn check_name(name: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(name) = name else { return Ok(None) };
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ApiError::invalid_input(format!(
            "a name is one line of at most {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(Some(name))
}

fn check_passphrase(passphrase: Option<String>) -> Result<Option<Zeroizing<String>>, ApiError> {
    match passphrase {
        None => Ok(None),
        Some(p) if p.is_empty() => Err(ApiError::invalid_input(
            "an empty passphrase protects nothing: choose one, or create the account without a passphrase",
        )),
        Some(p) => Ok(Some(Zeroizing::new(p))),
    }
}

/// Makes `key` the node's account: writes the keystore (sealing runs Argon2id, off the
/// async threads) when the node has a data directory, then unlocks.
async fn adopt(
    node: &NodeInner,
    key: SecretKey,
    name: Option<String>,
    passphrase: Option<Zeroizing<String>>,
) -> Result<AccountId, ApiError> {
    if node.identity().account().is_some() {
        return Err(ApiError::new(
            ErrorCode::AlreadyExists,
            "this node already has an account; a second account needs its own data directory",
        ));
    }
    let created_at = crate::now();
    let key = Arc::new(key);
    let protected = passphrase.is_some() && node.data_dir.is_some();
    if let Some(dir) = node.data_dir.clone() {
        let key = key.clone();
        let name = name.clone();
        tokio::task::spawn_blocking(move || {
            dir.create_keystore(
                &key,
                name,
                created_at,
                passphrase.as_deref().map(|p| p.as_str()),
            )
        })
        .await
        .map_err(|e| ApiError::internal(format!("sealing the key stopped: {e}")))??;
    }
    let account = key.account();
    node.set_identity(IdentityState::Unlocked {
        info: KeystoreInfo {
            account,
            name,
            created_at,
        },
        protected,
        key,
    });
    if let Some(network) = node.network() {
        network.follow(account).await?;
    }
    Ok(account)
}

pub(crate) async fn create(
    node: Arc<NodeInner>,
    input: CreateInput,
) -> Result<CreateOutput, ApiError> {
    let name = check_name(input.name)?;
    let passphrase = check_passphrase(input.passphrase)?;
    let key = SecretKey::generate();
    let recovery_phrase = key.recovery_phrase().to_string();
    let account = adopt(&node, key, name, passphrase).await?;
    Ok(CreateOutput {
        account,
        recovery_phrase,
    })
}

pub(crate) async fn recover(
    node: Arc<NodeInner>,
    input: RecoverInput,
) -> Result<IdentityView, ApiError> {
    let name = check_name(input.name)?;
    let passphrase = check_passphrase(input.passphrase)?;
    let phrase = Zeroizing::new(input.phrase);
    let key = SecretKey::from_recovery_phrase(&phrase)
        .map_err(|e| ApiError::new(ErrorCode::InvalidRecoveryPhrase, e.to_string()))?;
    adopt(&node, key, name, passphrase).await?;
    // The account may still pay from another device: this one waits until its user says
    // it is the one that pays now (see `crate::paying`).
    crate::paying::set(&node.store, false).await?;
    Ok(node.identity().view())
}

pub(crate) async fn unlock(
    node: Arc<NodeInner>,
    input: UnlockInput,
) -> Result<IdentityView, ApiError> {
    let keystore = match node.identity() {
        IdentityState::Locked(k) => *k,
        IdentityState::Unlocked { .. } => return Ok(node.identity().view()),
        IdentityState::None => return Err(no_account()),
    };
    let passphrase = Zeroizing::new(input.passphrase);
    let sealed = keystore.clone();
    let key = tokio::task::spawn_blocking(move || sealed.unlock(Some(passphrase.as_str())))
        .await
        .map_err(|e| ApiError::internal(format!("unlocking stopped: {e}")))??;
    node.set_identity(IdentityState::Unlocked {
        info: keystore.info().clone(),
        protected: true,
        key: Arc::new(key),
    });
    Ok(node.identity().view())
}

pub(crate) async fn lock(
    node: Arc<NodeInner>,
    _: crate::api::Empty,
) -> Result<IdentityView, ApiError> {
    match node.identity() {
        IdentityState::Unlocked {
            protected: true, ..
        } => {
            let dir = node
                .data_dir
                .as_ref()
                .ok_or_else(|| ApiError::internal("a protected key without a data directory"))?;
            node.set_identity(IdentityState::Locked(Box::new(dir.keystore()?)));
            Ok(node.identity().view())
        }
        IdentityState::Unlocked { .. } => Err(ApiError::invalid_input(
            "this key has no passphrase, so it cannot be locked; protect it with a passphrase first",
        )),
        IdentityState::Locked(_) => Ok(node.identity().view()),
        IdentityState::None => Err(no_account()),
    }
}

pub(crate) async fn get(
    node: Arc<NodeInner>,
    _: crate::api::Empty,
) -> Result<IdentityView, ApiError> {
    Ok(node.identity().view())
}
