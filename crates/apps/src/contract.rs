//! The application contract: how an application — built-in Rust module or, through its Rust
//! twin, a JavaScript mini-app — registers with the kernel.
//!
//! An application declares an [`AppSpec`]:
//! - the event **kinds** it owns, namespaced `<app>.<name>`, each with a validator the node
//!   runs on every event of that kind before it is stored, whoever wrote it;
//! - its **projections** (evented tables in its own database), fed by the store;
//! - its **API methods**, with dotted names `<app>.<name>`, typed input and output (JSON
//!   Schema generated from the Rust types), the permission a caller needs, and whether the
//!   method signs with the node's key;
//! - the **permissions** it needs from the kernel;
//! - optionally a [`Reactor`], registered beside the spec (see `crate::reactors`), that the
//!   node wakes when events of chosen kinds are stored.
//!
//! Handlers reach the kernel only through [`Kernel`]: the account, the clock, the store, and
//! `publish` (sign, validate, store, notify). This contract is versioned by
//! [`CONTRACT_VERSION`]; changes to it are additive within a version.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use supernet_core::{AccountId, ApiError, Attachment, Draft, ErrorCode, Event, Timestamp};
use supernet_store::{Projection, Store};

/// Version of this contract. Bumped only for a change an existing application would break on.
pub const CONTRACT_VERSION: u32 = 1;

/// What the kernel offers an application's handlers.
#[async_trait::async_trait]
pub trait Kernel: Send + Sync + std::fmt::Debug {
    /// The node's account, once it has one.
    fn account(&self) -> Option<AccountId>;
    /// The node's clock, milliseconds since the Unix epoch.
    fn now(&self) -> Timestamp;
    /// The node's store: the event log and every namespace's database.
    fn store(&self) -> &Store;
    /// Signs `draft` as the node's account, validates it like any incoming event, stores it
    /// and announces it (gossip, when the network runs). Fails with `locked` when the node
    /// holds no unlocked key.
    async fn publish(&self, draft: Draft) -> Result<Event, ApiError>;

    /// The account a contact ticket names (`invalid_input` when it is not a ticket).
    fn ticket_account(&self, ticket: &str) -> Result<AccountId, ApiError>;

    /// Keeps `account`'s events on this node from now on: subscribes to them, finds nodes
    /// that hold them (the one `ticket` names, or through the DHT) and syncs. Without a
    /// running network, it takes effect when the network starts.
    async fn replicate(&self, account: AccountId, ticket: Option<&str>) -> Result<(), ApiError>;

    /// Stops keeping `account`'s new events.
    async fn stop_replicating(&self, account: AccountId) -> Result<(), ApiError>;

    /// The accounts whose events this node keeps (whom its account follows).
    async fn replicated(&self) -> Result<Vec<AccountId>, ApiError>;

    /// A 32-byte secret of this node's account for one purpose (`context`), derived from
    /// its key: an app's own key (a chat encryption key) without seeing the account key.
    /// Fails with `locked` when the key is not unlocked.
    fn derive_secret(&self, context: &str) -> Result<[u8; 32], ApiError>;

    /// Accounts this node blocks: their events are never stored, served or relayed here.
    fn blocked(&self) -> Vec<AccountId>;

    /// Blocks `account` (deleting what is stored of it) or ends the block.
    async fn set_blocked(&self, account: AccountId, blocked: bool) -> Result<(), ApiError>;

    /// Describes a file in this node's store for an event to carry: its size, and the name
    /// and media type given (or those it was added with). `not_found` when it is not
    /// wholly here.
    async fn attachment(
        &self,
        hash: &str,
        name: Option<String>,
        mime: Option<String>,
    ) -> Result<Attachment, ApiError>;

    /// Asks the peers this node is connected to (and nodes the DHT names as holders of
    /// `filter.authors`), once, for the events matching `filter`; stores the valid ones,
    /// without following anyone. Returns how many were new. Without a running network,
    /// nothing to ask: `Ok(0)`. What an app uses to complete a chain it must check (a
    /// payer's operations before countersigning).
    async fn fetch(&self, filter: Fetch) -> Result<usize, ApiError> {
        let _ = filter;
        Ok(0)
    }

    /// Fails (`permission_denied`, saying what to do) unless this device signs its
    /// account's chained records — payments, asset transfers — which one device of an
    /// account does at a time. The kernel refuses a chained event from any other device
    /// anyway; an app asks first when it would otherwise publish something before one.
    async fn check_pays(&self) -> Result<(), ApiError> {
        Ok(())
    }

    /// Seals the file `hash` (wholly in this node's store) under `key` for an event to
    /// carry in place of the file: a new blob that relays keep and serve without reading
    /// it (see [`supernet_core::sealed_file`]). `not_found` when the file is not here.
    async fn seal_file(&self, hash: &str, key: &[u8; 32]) -> Result<Attachment, ApiError>;

    /// Opens the sealed file `sealed` that `event` carries (fetching it from the event's
    /// author or others when it is not here) with `key`, into the file `plain`, kept while
    /// the event is. Fails when it does not open, or opens to anything but `plain`.
    async fn open_file(
        &self,
        sealed: &str,
        key: &[u8; 32],
        plain: &str,
        event: &Event,
    ) -> Result<(), ApiError>;
}

/// A handler's handle on the kernel.
pub type Ctx = Arc<dyn Kernel>;

/// What [`Kernel::fetch`] asks peers for: events by any of `authors` or naming any of
/// `named` (an account reference), of `kinds` (all of the app's, when empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fetch {
    /// Events by these accounts.
    pub authors: Vec<AccountId>,
    /// Events naming these accounts.
    pub named: Vec<AccountId>,
    /// Of these kinds.
    pub kinds: Vec<String>,
}

type React = Arc<
    dyn Fn(Ctx, Vec<Event>) -> Pin<Box<dyn Future<Output = Result<(), ApiError>> + Send>>
        + Send
        + Sync,
>;

/// An application's reaction to stored events: what makes a node act on what arrives
/// (a payee's node countersigning a payment, a notary notarizing it) without anyone
/// calling a method.
///
/// The node calls `react` after events of `kinds` are stored (by anyone: gossip, sync,
/// import, or this node's own methods), with those events in log order, one call at a time
/// per application. It also calls it with **no events** when it starts, when it may have
/// missed some (a burst too large to list, a lagging subscriber) and every
/// [`REACT_RETRY_SECS`] seconds: the application then looks at its tables for what is left
/// to do. A reaction must therefore be idempotent and bounded; an error is logged, not
/// retried at once.
#[derive(Clone)]
pub struct Reactor {
    /// The application (its id).
    pub app: String,
    /// The kinds whose arrival wakes it.
    pub kinds: Vec<String>,
    react: React,
}

/// How often a node wakes every reactor with no events, so that work left undone (a
/// peer that was away, a chain still incomplete) is retried: seldom enough to cost
/// nothing, often enough that a payment waiting on a returning peer completes in seconds.
pub const REACT_RETRY_SECS: u64 = 10;

impl std::fmt::Debug for Reactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reactor")
            .field("app", &self.app)
            .field("kinds", &self.kinds)
            .finish_non_exhaustive()
    }
}

impl Reactor {
    /// A reactor of `app` woken by `kinds`.
    pub fn new<F, Fut>(app: &str, kinds: &[&str], react: F) -> Self
    where
        F: Fn(Ctx, Vec<Event>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), ApiError>> + Send + 'static,
    {
        let react = Arc::new(react);
        Self {
            app: app.to_owned(),
            kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
            react: Arc::new(move |ctx, events| {
                let react = react.clone();
                Box::pin(async move { react(ctx, events).await })
            }),
        }
    }

    /// Runs the reaction.
    pub async fn react(&self, ctx: Ctx, events: Vec<Event>) -> Result<(), ApiError> {
        (self.react)(ctx, events).await
    }
}

/// A permission: a dotted name such as `social.write`, granted to callers (mini-apps,
/// scoped tokens) and required by methods.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Permission(pub Cow<'static, str>);

impl Permission {
    /// A permission by name.
    pub const fn named(name: &'static str) -> Self {
        Self(Cow::Borrowed(name))
    }
    /// Its name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read what the node is and who it is (`node.info`, `identity.get`, `api.methods`).
pub const NODE_READ: Permission = Permission::named("node.read");
/// Read any stored event (`events.get`, `events.query`).
pub const EVENTS_READ: Permission = Permission::named("events.read");
/// Read and write whole-node files: export and import of every event.
pub const NODE_ADMIN: Permission = Permission::named("node.admin");
/// What only the node's owner may do (the CLI, the desktop app, the owner token): mint
/// scoped tokens, install apps. Never granted: a caller holding it could grant itself
/// everything else.
pub const OWNER: Permission = Permission::named("owner");

/// One permission, described for a person deciding whether to grant it (at an app's
/// install, when minting a scoped token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
pub struct PermissionInfo {
    /// Its name, e.g. `social.read` (`app.<id>` for the family of mini-app permissions).
    pub name: Cow<'static, str>,
    /// What it lets the holder do, in plain words.
    pub description: Cow<'static, str>,
    /// Whether it moves money or assets: an app never gets it without the user confirming
    /// each payment, and the UI shows it apart.
    pub money: bool,
    /// Whether an app or a scoped token may be given it (false: the owner's alone).
    pub grantable: bool,
}

impl PermissionInfo {
    const fn new(name: &'static str, description: &'static str, money: bool) -> Self {
        Self {
            name: Cow::Borrowed(name),
            description: Cow::Borrowed(description),
            money,
            grantable: true,
        }
    }
}

/// The prefix of a mini-app's own permission, `app.<id>`: its methods and its data.
pub const APP_PERMISSION_PREFIX: &str = "app.";

/// Every permission a method of the kernel or a built-in application may need, in plain
/// words, plus the `app.<id>` family (see [`describe_permission`] for one of them). A test
/// checks that every registered method's permission is here.
pub const PERMISSIONS: &[PermissionInfo] = &[
    PermissionInfo::new(
        "node.read",
        "See this node's name, account id, version, peers and sync status, and the list of API methods",
        false,
    ),
    PermissionInfo::new(
        "node.admin",
        "Manage this node: create, restore, unlock and lock its account, and export or import everything it stores",
        false,
    ),
    PermissionInfo::new(
        "events.read",
        "Read every event stored on this node, from every app: who wrote what, and when",
        false,
    ),
    PermissionInfo::new(
        "events.write",
        "Delete events your account wrote, and store events signed elsewhere",
        false,
    ),
    PermissionInfo::new(
        "blobs.read",
        "See the files this node keeps, their sizes, and the transfers in progress",
        false,
    ),
    PermissionInfo::new(
        "blobs.write",
        "Add and share any file on this computer that Supernet can read, download files into any folder, and release stored files",
        false,
    ),
    PermissionInfo::new(
        "social.read",
        "Read your posts, your feed, your notifications and the profiles you follow",
        false,
    ),
    PermissionInfo::new(
        "social.write",
        "Post, comment and react as you, edit or delete your posts, change your profile, and follow or unfollow people",
        false,
    ),
    PermissionInfo::new(
        "social.moderate",
        "Block and mute accounts, words and comments for you, and use other people's reports as block lists",
        false,
    ),
    PermissionInfo::new(
        "chat.read",
        "Read your conversations and their messages, and mark them read",
        false,
    ),
    PermissionInfo::new(
        "chat.write",
        "Send messages as you, start conversations and groups, and change who is in them",
        false,
    ),
    PermissionInfo::new(
        "coin.read",
        "See your balances, payments and currencies, and make payment-request links",
        false,
    ),
    PermissionInfo::new(
        "coin.write",
        "Create community currencies and join them as you",
        false,
    ),
    PermissionInfo::new(
        "coin.pay",
        "Pay other accounts from your balance, and vouch for them with your credit: this spends your money",
        true,
    ),
    PermissionInfo::new(
        "assets.read",
        "See the assets you and others own, and where they came from",
        false,
    ),
    PermissionInfo::new("assets.write", "Mint new assets in your name", false),
    PermissionInfo::new(
        "assets.transfer",
        "Give your assets to other accounts: once given, they are no longer yours",
        true,
    ),
    PermissionInfo::new(
        "ledger.read",
        "Read your household books: accounts, balances, reports, prices and exports",
        false,
    ),
    PermissionInfo::new(
        "ledger.write",
        "Add, import and delete entries in your household books, and set prices",
        false,
    ),
    PermissionInfo {
        name: Cow::Borrowed("owner"),
        description: Cow::Borrowed(
            "Act as this node's owner: mint access tokens, install apps and grant them permissions. Never given to an app or a token",
        ),
        money: false,
        grantable: false,
    },
    PermissionInfo::new(
        "app.<id>",
        "Use one mini-app: call its methods, and read and write the data it keeps (each app holds its own)",
        false,
    ),
];

/// The mini-app id an `app.<id>` permission names, when `name` is one; ids are
/// `[a-z][a-z0-9-]{1,31}`.
pub fn app_permission_id(name: &str) -> Option<&str> {
    let id = name.strip_prefix(APP_PERMISSION_PREFIX)?;
    let mut chars = id.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_lowercase()
        && (2..=32).contains(&id.len())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    valid.then_some(id)
}

/// The description of permission `name`: one of [`PERMISSIONS`], or a mini-app's own
/// `app.<id>`; `None` when no such permission exists.
pub fn describe_permission(name: &str) -> Option<PermissionInfo> {
    if let Some(id) = app_permission_id(name) {
        return Some(PermissionInfo {
            name: Cow::Owned(name.to_owned()),
            description: Cow::Owned(format!(
                "Use the mini-app {id}: call its methods, and read and write the data it keeps"
            )),
            money: false,
            grantable: true,
        });
    }
    PERMISSIONS
        .iter()
        .find(|p| p.name == name && !p.name.contains('<'))
        .cloned()
}

/// Checks the body of an event of one kind; returns a sentence saying what is wrong.
pub type Validator = Arc<dyn Fn(&Event) -> Result<(), String> + Send + Sync>;

/// An event kind an application owns.
#[derive(Clone)]
pub struct KindSpec {
    /// Full kind name, `<app>.<name>`.
    pub name: String,
    /// What an event of this kind means, for people.
    pub description: String,
    /// Runs on every event of this kind before it is stored.
    pub validator: Validator,
    /// Whether events of this kind belong only on their author's own devices (nodes that
    /// hold the same account): nodes never gossip them, ask only such nodes for them, and
    /// store none by another account. Their bodies are encrypted besides (see
    /// `crate::ledger::replica`), so a node that breaks the rule learns nothing.
    pub own_devices_only: bool,
}

impl std::fmt::Debug for KindSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KindSpec")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

type Handler = Arc<
    dyn Fn(
            Ctx,
            serde_json::Value,
        ) -> Pin<Box<dyn Future<Output = Result<serde_json::Value, ApiError>> + Send>>
        + Send
        + Sync,
>;

/// An API method.
#[derive(Clone)]
pub struct MethodSpec {
    /// Dotted name, `<app>.<name>`.
    pub name: String,
    /// What it does, for people and for the generated API reference.
    pub description: String,
    /// JSON Schema of the input.
    pub input: serde_json::Value,
    /// JSON Schema of the output.
    pub output: serde_json::Value,
    /// What a caller must hold to call it.
    pub permission: Permission,
    /// Whether it signs with the node's key (and so needs it unlocked).
    pub signs: bool,
    handler: Handler,
}

impl std::fmt::Debug for MethodSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MethodSpec")
            .field("name", &self.name)
            .field("permission", &self.permission)
            .field("signs", &self.signs)
            .finish_non_exhaustive()
    }
}

/// The JSON Schema of `T`, as a JSON value.
pub fn schema_of<T: JsonSchema>() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(T)).expect("schemas serialise")
}

impl MethodSpec {
    /// A method whose input `I` and output `O` are typed; the input is checked against `I`
    /// before `handler` runs, and a mismatch is an `invalid_input` error naming the field.
    pub fn new<I, O, F, Fut>(
        name: &str,
        description: &str,
        permission: Permission,
        handler: F,
    ) -> Self
    where
        I: DeserializeOwned + JsonSchema + Send + 'static,
        O: Serialize + JsonSchema + 'static,
        F: Fn(Ctx, I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, ApiError>> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let method = name.to_owned();
        Self {
            name: name.to_owned(),
            description: description.to_owned(),
            input: schema_of::<I>(),
            output: schema_of::<O>(),
            permission,
            signs: false,
            handler: Arc::new(move |ctx, value| {
                let handler = handler.clone();
                let method = method.clone();
                Box::pin(async move {
                    let input: I = parse_input(&method, value)?;
                    let output = handler(ctx, input).await?;
                    serde_json::to_value(output).map_err(|e| {
                        ApiError::internal(format!("{method}: output does not serialise: {e}"))
                    })
                })
            }),
        }
    }

    /// Marks the method as signing with the node's key.
    pub fn signing(mut self) -> Self {
        self.signs = true;
        self
    }

    /// Runs the method.
    pub async fn call(
        &self,
        ctx: Ctx,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        (self.handler)(ctx, input).await
    }
}

/// Reads a method's input; `null` stands for "no arguments" (an empty object).
fn parse_input<I: DeserializeOwned>(method: &str, value: serde_json::Value) -> Result<I, ApiError> {
    let value = match value {
        serde_json::Value::Null => serde_json::Value::Object(Default::default()),
        v => v,
    };
    serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("{method}: invalid input: {e}; see `api.methods` for its schema"),
        )
    })
}

/// Everything an application registers.
#[derive(Debug, Clone)]
pub struct AppSpec {
    /// The application's namespace: its kinds and methods start with `<id>.`, and its
    /// database is `apps/<id>.sqlite`.
    pub id: String,
    /// Its name for people.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Its event kinds.
    pub kinds: Vec<KindSpec>,
    /// Its evented tables.
    pub projections: Vec<Arc<dyn Projection>>,
    /// Its API methods.
    pub methods: Vec<MethodSpec>,
    /// What it needs from the kernel.
    pub permissions: Vec<Permission>,
}

/// Why an application cannot be registered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("application {app:?} cannot be registered: {reason}")]
pub struct RegistrationError {
    /// The application.
    pub app: String,
    /// What is wrong.
    pub reason: String,
}

impl AppSpec {
    /// Checks the spec against the contract: names in the app's own namespace, valid kind
    /// names, no duplicates.
    pub fn check(&self) -> Result<(), RegistrationError> {
        let fail = |reason: String| RegistrationError {
            app: self.id.clone(),
            reason,
        };
        if !supernet_store::valid_namespace(&self.id) {
            return Err(fail(
                "its id must be lowercase letters, digits, '-' or '_'".into(),
            ));
        }
        let prefix = format!("{}.", self.id);
        let mut kinds = std::collections::BTreeSet::new();
        for kind in &self.kinds {
            if !kind.name.starts_with(&prefix) || !supernet_core::event::valid_kind(&kind.name) {
                return Err(fail(format!(
                    "kind {:?} is not a valid kind in its namespace {prefix}*",
                    kind.name
                )));
            }
            if !kinds.insert(kind.name.clone()) {
                return Err(fail(format!("kind {:?} is declared twice", kind.name)));
            }
        }
        let mut methods = std::collections::BTreeSet::new();
        for method in &self.methods {
            if !method.name.starts_with(&prefix) || method.name.len() <= prefix.len() {
                return Err(fail(format!(
                    "method {:?} is outside its namespace {prefix}*",
                    method.name
                )));
            }
            if !methods.insert(method.name.clone()) {
                return Err(fail(format!("method {:?} is declared twice", method.name)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_method_and_app_permission_is_described_in_plain_words() {
        for app in crate::builtin() {
            let needed = app.methods.iter().map(|m| (&m.name, &m.permission));
            let held = app.permissions.iter().map(|p| (&app.id, p));
            for (who, permission) in needed.chain(held) {
                let info = describe_permission(permission.as_str())
                    .unwrap_or_else(|| panic!("{who} uses {permission:?}, not in PERMISSIONS"));
                assert!(info.description.len() > 20, "{info:?} says too little");
            }
        }
    }

    #[test]
    fn money_has_permissions_of_its_own() {
        let apps = crate::builtin();
        let permission_of = |method: &str| {
            apps.iter()
                .flat_map(|a| &a.methods)
                .find(|m| m.name == method)
                .map(|m| m.permission.clone())
                .unwrap_or_else(|| panic!("no method {method}"))
        };
        for method in ["coin.pay", "coin.vouch", "assets.transfer"] {
            let permission = permission_of(method);
            let info = describe_permission(permission.as_str()).unwrap();
            assert!(
                info.money,
                "{method} moves money, but {permission:?} says not"
            );
            for other in apps.iter().flat_map(|a| &a.methods) {
                if other.permission == permission {
                    assert!(
                        ["coin.pay", "coin.vouch", "assets.transfer"]
                            .contains(&other.name.as_str()),
                        "{} shares the money permission {permission:?}",
                        other.name
                    );
                }
            }
        }
    }

    #[test]
    fn a_mini_app_permission_names_a_valid_app_id() {
        let todo = describe_permission("app.todo").unwrap();
        assert!(todo.description.contains("todo") && todo.grantable && !todo.money);
        for bad in [
            "app.", "app.x", "app.Todo", "app.1st", "app.<id>", "app.a_b",
        ] {
            assert_eq!(describe_permission(bad), None, "{bad}");
        }
        assert!(describe_permission("coin.pay").unwrap().money);
        assert!(!describe_permission("owner").unwrap().grantable);
        assert_eq!(describe_permission("coin.steal"), None);
    }
}
