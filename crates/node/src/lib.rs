//! The Supernet node: wires identity, store and applications together and owns the one API
//! every surface (CLI, HTTP gateway, desktop shell, mini-apps) dispatches into.
//!
//! ```text
//!  CLI ─┐                      ┌─ kernel methods (node.*, identity.*, events.*, api.*)
//!  HTTP ┼─▶ Node::call(caller, method, json) ─▶ method table ─┤
//!  Tauri┘      permission check, `locked` check    └─ app methods (social.*, …) ─▶ Kernel
//!                                                                  │
//!  incoming events ─▶ verify (parallel) ─▶ kind validator ─▶ Store::ingest ─▶ notices
//! ```

mod api;
pub mod blob_http;
pub mod daemon;
pub mod datadir;
pub mod export;
pub mod files;
pub mod gateway;
mod identity;
mod ingest;
mod kinds;
pub mod miniapps;
pub mod network;
pub mod openapi;
mod paying;
mod react;
pub mod tokens;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, RwLock, Weak};
use std::time::{SystemTime, UNIX_EPOCH};

use supernet_apps::{AppSpec, Kernel, KindSpec, MethodSpec};
use supernet_core::{
    AccountId, ApiError, Draft, ErrorCode, Event, KeystoreInfo, SecretKey, Timestamp,
};
use supernet_store::{Notice, Store, StoreConfig};
use tokio::sync::broadcast;

use crate::datadir::DataDir;
use crate::identity::IdentityState;

pub use api::{Caller, MethodInfo, MethodsOutput, describe_api};
pub use identity::{IdentityView, State as IdentityStateName};
pub use ingest::{IngestOutcome, Rejected, verify_batch};
pub use supernet_apps as apps;
pub use supernet_core as core;
pub use supernet_script as script;
pub use supernet_store as store;

/// The version of this build, reported by `node.info`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Milliseconds since the Unix epoch, by the system clock.
pub fn now() -> Timestamp {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// How to open a node.
#[derive(Debug, Clone, Default)]
pub struct NodeConfig {
    /// Where its databases live; `None` keeps everything in memory.
    pub data_dir: Option<PathBuf>,
    /// Keep all networking on 127.0.0.1: no mDNS, no public peers or relays.
    pub local_only: bool,
}

/// A running node. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Node {
    inner: Arc<NodeInner>,
}

#[derive(Debug)]
struct NodeInner {
    config: NodeConfig,
    data_dir: Option<DataDir>,
    identity: RwLock<IdentityState>,
    network: std::sync::OnceLock<Arc<network::Network>>,
    this: Weak<NodeInner>,
    store: Store,
    apps: Vec<AppSpec>,
    kinds: kinds::Kinds,
    /// Installed mini-apps: their registry, workers and databases.
    miniapps: miniapps::MiniApps,
    methods: BTreeMap<String, MethodSpec>,
    /// Accounts blocked here (saved in the store's own settings under [`BLOCKED_KEY`]).
    blocked: RwLock<std::collections::HashSet<AccountId>>,
    /// Scoped access tokens (see [`tokens`]).
    tokens: tokens::Tokens,
}

/// Where the blocked accounts are saved in the store's own settings.
const BLOCKED_KEY: &str = "node/blocked";

/// Reads the blocked accounts saved in `store`.
async fn load_blocked(store: &Store) -> Result<std::collections::HashSet<AccountId>, ApiError> {
    match store.local(BLOCKED_KEY).await? {
        Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::internal(format!("the list of blocked accounts is unreadable: {e}"))
        }),
        None => Ok(Default::default()),
    }
}

impl NodeInner {
    /// Whether `account` is blocked here.
    pub(crate) fn is_blocked(&self, account: &AccountId) -> bool {
        self.blocked
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains(account)
    }
}

impl Node {
    /// Opens a node with the built-in applications. Its account is the one in the data
    /// directory's keystore (locked when the keystore has a passphrase), or none yet.
    pub async fn open(config: NodeConfig) -> Result<Self, ApiError> {
        let identity = match &config.data_dir {
            Some(dir) => match DataDir::new(dir).keystore() {
                Ok(keystore) => IdentityState::from_keystore(keystore)?,
                Err(e) if e.code == ErrorCode::KeystoreMissing => IdentityState::None,
                Err(e) => return Err(e),
            },
            None => IdentityState::None,
        };
        Self::open_with(config, identity, supernet_apps::builtin()).await
    }

    /// Opens a node whose account is `key`, unlocked, kept in memory only: for in-memory
    /// nodes, tests and benchmarks.
    pub async fn open_with_key(
        config: NodeConfig,
        key: SecretKey,
        name: Option<String>,
    ) -> Result<Self, ApiError> {
        let identity = IdentityState::Unlocked {
            info: KeystoreInfo {
                account: key.account(),
                name,
                created_at: now(),
            },
            protected: false,
            key: Arc::new(key),
        };
        Self::open_with(config, identity, supernet_apps::builtin()).await
    }

    async fn open_with(
        config: NodeConfig,
        identity: IdentityState,
        apps: Vec<AppSpec>,
    ) -> Result<Self, ApiError> {
        let mut store_config = match &config.data_dir {
            Some(dir) => StoreConfig::in_dir(dir),
            None => StoreConfig::in_memory(),
        };
        let mut kinds = HashMap::new();
        kinds.insert(supernet_core::deletion::KIND.to_owned(), deletion_kind());
        for app in &apps {
            app.check().map_err(|e| ApiError::internal(e.to_string()))?;
            store_config = store_config.namespace(&app.id, app.projections.clone());
            for kind in &app.kinds {
                kinds.insert(kind.name.clone(), kind.clone());
            }
        }
        let store = Store::open(store_config).await?;
        let blocked = RwLock::new(load_blocked(&store).await?);
        let kinds = kinds::Kinds::new(kinds);
        let miniapps = miniapps::MiniApps::load(&store, &kinds).await?;
        let inner = Arc::new_cyclic(|weak: &Weak<NodeInner>| {
            let mut methods = BTreeMap::new();
            for spec in api::kernel_methods(weak.clone()) {
                methods.insert(spec.name.clone(), spec);
            }
            for spec in miniapps::methods(weak.clone()) {
                methods.insert(spec.name.clone(), spec);
            }
            for app in &apps {
                for spec in &app.methods {
                    methods.insert(spec.name.clone(), spec.clone());
                }
            }
            NodeInner {
                data_dir: config.data_dir.as_ref().map(DataDir::new),
                config,
                identity: RwLock::new(identity),
                network: std::sync::OnceLock::new(),
                this: weak.clone(),
                store,
                apps,
                kinds,
                miniapps,
                methods,
                blocked,
                tokens: tokens::Tokens::default(),
            }
        });
        let node = Self { inner };
        let reactors = supernet_apps::reactors()
            .into_iter()
            .filter(|r| node.inner.apps.iter().any(|a| a.id == r.app))
            .collect();
        react::spawn(&node.inner, reactors);
        let purged = node.inner.store.purge_expired(now()).await?;
        if purged > 0 {
            tracing::info!(purged, "expired events deleted");
        }
        Ok(node)
    }

    /// Calls an API method on behalf of `caller`.
    pub async fn call(
        &self,
        caller: &Caller,
        method: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        let Some(spec) = self.inner.methods.get(method) else {
            if method.starts_with(miniapps::METHOD_PREFIX) {
                return miniapps::call_app_method(&self.inner, caller, method, input).await;
            }
            return Err(ApiError::new(
                ErrorCode::UnknownMethod,
                format!("there is no API method {method:?}; `api.methods` lists them all"),
            ));
        };
        if !caller.allows(&spec.permission) {
            return Err(ApiError::new(
                ErrorCode::PermissionDenied,
                format!(
                    "{method} needs the permission {:?}, which this caller was not granted",
                    spec.permission.as_str()
                ),
            ));
        }
        if spec.signs {
            self.inner.identity().key()?;
        }
        let ctx: Arc<dyn Kernel> = self.inner.clone();
        spec.call(ctx, input).await
    }

    /// Whether calling `method` needs the unlocked key (`None` if there is no such method).
    pub fn method_signs(&self, method: &str) -> Option<bool> {
        self.inner.methods.get(method).map(|m| m.signs)
    }

    /// Subscribes to change notices.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Notice>> {
        self.inner.store.subscribe()
    }

    /// The node's account, once it has one.
    pub fn account(&self) -> Option<AccountId> {
        self.inner.identity().account()
    }

    /// Where the node stands with its account.
    pub fn identity(&self) -> identity::IdentityView {
        self.inner.identity().view()
    }

    /// The node's store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The node's configuration.
    pub fn config(&self) -> &NodeConfig {
        &self.inner.config
    }

    /// Joins the network: starts the overlay, subscribes to what the account follows, and
    /// from then on syncs with peers, gossips its own events and serves what it holds.
    pub async fn start_network(&self, config: network::NetworkConfig) -> Result<(), ApiError> {
        if self.inner.network.get().is_some() {
            return Ok(());
        }
        let seed = match &self.inner.data_dir {
            Some(dir) => dir.network_key()?,
            None => {
                let mut seed = [0u8; 32];
                ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut seed)
                    .map_err(|_| ApiError::internal("the OS random source failed"))?;
                seed
            }
        };
        let (net, events) = network::Network::start(&self.inner, config, seed).await?;
        if self.inner.network.set(net.clone()).is_ok() {
            net.run(&self.inner, events);
            miniapps::start(&self.inner);
        }

        Ok(())
    }

    /// Reads bytes of a file (see [`files::Files::read_range`]): from the store, fetching
    /// what is missing from `author`'s node or any other that holds it. Returns the file's
    /// size, the first byte's offset and the bytes.
    pub async fn read_blob(
        &self,
        hash: &str,
        author: Option<AccountId>,
        range: Option<files::ByteRange>,
    ) -> Result<(u64, u64, Vec<u8>), ApiError> {
        let network = self.inner.network().ok_or_else(api::files_offline)?;
        let hash = supernet_net::blobs::parse_hash(hash)
            .map_err(|e| ApiError::invalid_input(e.to_string()))?;
        let providers = network.providers(author);
        let (start, end) = match range {
            None => (0, None),
            Some(range) => {
                let size = network
                    .files
                    .blobs
                    .probe_size(hash, &providers)
                    .await
                    .map_err(|e| ApiError::new(ErrorCode::NotFound, e.to_string()))?;
                range.resolve(size)
            }
        };
        network.files.read_range(hash, start, end, &providers).await
    }

    /// Adds an uploaded file (streamed) to the store, pinned. `name` is required (`?name=`).
    pub async fn upload_blob(
        &self,
        data: impl futures_util::Stream<Item = std::io::Result<bytes::Bytes>> + Send + Sync + 'static,
        size: Option<u64>,
        name: Option<String>,
        mime: Option<String>,
    ) -> Result<files::BlobOutput, ApiError> {
        let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
            return Err(ApiError::invalid_input("an upload needs ?name=<file name>"));
        };
        let network = self.inner.network().ok_or_else(api::files_offline)?;
        network.files.upload(data, size, name, mime).await
    }

    /// The overlay, once started.
    pub fn net(&self) -> Option<supernet_net::Net> {
        self.inner.network().map(|n| n.net.clone())
    }

    /// Reconciles followed authors with one peer now, and waits for it.
    pub async fn sync_with(
        &self,
        peer: supernet_net::PeerId,
    ) -> Result<supernet_net::PullReport, ApiError> {
        network::sync_with(self.inner.clone(), peer).await
    }

    /// Deletes expired events; returns how many.
    pub async fn purge_expired(&self) -> Result<usize, ApiError> {
        Ok(self.inner.store.purge_expired(now()).await?)
    }

    /// Closes the node's databases cleanly (after stopping the network). Other clones keep
    /// it open until they drop.
    pub async fn close(self) {
        if let Some(network) = self.inner.network() {
            network.net.shutdown().await;
            network.files.blobs.shutdown().await;
        }
        if let Ok(inner) = Arc::try_unwrap(self.inner) {
            inner.store.close().await;
        }
    }
}

impl NodeInner {
    /// This node as an owned handle (for tasks that outlive a call).
    fn self_arc(&self) -> Result<Arc<NodeInner>, ApiError> {
        self.this
            .upgrade()
            .ok_or_else(|| ApiError::new(ErrorCode::Unavailable, "the node is shutting down"))
    }

    fn network(&self) -> Option<Arc<network::Network>> {
        self.network.get().cloned()
    }

    fn identity(&self) -> IdentityState {
        self.identity
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_identity(&self, state: IdentityState) {
        *self.identity.write().unwrap_or_else(|p| p.into_inner()) = state;
    }
}

/// The kernel's own kind: deletion requests, which the store carries out for every app.
fn deletion_kind() -> KindSpec {
    KindSpec {
        name: supernet_core::deletion::KIND.to_owned(),
        description: "The author asks every node to delete events it wrote".to_owned(),
        validator: Arc::new(|event| supernet_core::deletion::targets(event).map(|_| ())),
        own_devices_only: false,
    }
}

#[async_trait::async_trait]
impl Kernel for NodeInner {
    fn account(&self) -> Option<AccountId> {
        self.identity().account()
    }

    fn now(&self) -> Timestamp {
        now()
    }

    fn store(&self) -> &Store {
        &self.store
    }

    async fn publish(&self, draft: Draft) -> Result<Event, ApiError> {
        let key = self.identity().key()?;
        if draft.seq.is_some() {
            self.check_pays().await?;
        }
        let event = draft.sign(&key)?.verify(now())?;
        ingest::check_kind(&self.kinds, &event)?;
        let stored = event.event().clone();
        self.store.ingest(vec![event]).await?;
        // Kinds that belong on the account's own devices are not gossiped: its other
        // nodes fetch them when they sync with this one, which they are asked to do now.
        if self.kinds.own_devices_only(stored.kind()) {
            if let Some(network) = self.network() {
                network.nudge_own_devices(stored.author());
            }
        } else if let Some(network) = self.network() {
            // To the author's followers, and to those of every account it names (a reply
            // reaches the followers of the post it answers; a follow, the one followed).
            let mut topics = vec![stored.author()];
            for r in stored.refs() {
                if let supernet_core::Ref::Account(a) = r
                    && !topics.contains(a)
                {
                    topics.push(*a);
                }
            }
            for topic in topics {
                if let Err(e) = network.net.publish(topic, stored.wire().to_vec()).await {
                    tracing::warn!("gossiping {} failed: {e}", stored.id());
                }
            }
        }

        Ok(stored)
    }

    async fn check_pays(&self) -> Result<(), ApiError> {
        if paying::pays(&self.store).await? {
            Ok(())
        } else {
            Err(paying::refusal())
        }
    }

    fn ticket_account(&self, ticket: &str) -> Result<AccountId, ApiError> {
        Ok(network::parse_ticket(ticket)?.account)
    }

    async fn replicate(&self, account: AccountId, ticket: Option<&str>) -> Result<(), ApiError> {
        let Some(network) = self.network() else {
            return Ok(());
        };
        let ticket = ticket.map(network::parse_ticket).transpose()?;
        if let Some(t) = &ticket {
            network.remember(t.clone());
        }
        network.follow(account).await?;
        let peers = match &ticket {
            Some(t) => vec![network::dial_ticket(&network, t).await?],
            None => network::find_holders(&network, account).await,
        };
        let node = self.self_arc()?;
        for peer in peers {
            let node = node.clone();
            tokio::spawn(async move {
                if let Err(e) = network::sync_with(node, peer).await {
                    tracing::debug!("sync after follow: {}", e.message);
                }
            });
        }
        Ok(())
    }

    async fn stop_replicating(&self, account: AccountId) -> Result<(), ApiError> {
        match self.network() {
            Some(network) => network.unfollow(account, self.identity().account()).await,
            None => Ok(()),
        }
    }

    async fn attachment(
        &self,
        hash: &str,
        name: Option<String>,
        mime: Option<String>,
    ) -> Result<supernet_core::Attachment, ApiError> {
        let network = self.network().ok_or_else(api::files_offline)?;
        network.files.attachment(hash, name, mime).await
    }

    async fn seal_file(
        &self,
        hash: &str,
        key: &[u8; 32],
    ) -> Result<supernet_core::Attachment, ApiError> {
        let network = self.network().ok_or_else(api::files_offline)?;
        network.files.seal_file(hash, *key).await
    }

    async fn open_file(
        &self,
        sealed: &str,
        key: &[u8; 32],
        plain: &str,
        event: &Event,
    ) -> Result<(), ApiError> {
        let network = self.network().ok_or_else(api::files_offline)?;
        let providers = network.providers(Some(event.author()));
        network
            .files
            .open_file(sealed, *key, plain, event, providers)
            .await
    }

    async fn fetch(&self, filter: supernet_apps::contract::Fetch) -> Result<usize, ApiError> {
        match self.network() {
            Some(network) => network::fetch(self.self_arc()?, &network, filter).await,
            None => Ok(0),
        }
    }

    fn derive_secret(&self, context: &str) -> Result<[u8; 32], ApiError> {
        Ok(*self.identity().key()?.derive(context))
    }

    fn blocked(&self) -> Vec<AccountId> {
        self.blocked
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .copied()
            .collect()
    }

    async fn set_blocked(&self, account: AccountId, blocked: bool) -> Result<(), ApiError> {
        let saved = {
            let mut set = self.blocked.write().unwrap_or_else(|p| p.into_inner());
            if blocked {
                set.insert(account);
            } else {
                set.remove(&account);
            }
            let mut list: Vec<&AccountId> = set.iter().collect();
            list.sort();
            serde_json::to_vec(&list).map_err(|e| ApiError::internal(e.to_string()))?
        };
        self.store.set_local(BLOCKED_KEY, Some(&saved)).await?;
        if blocked {
            let removed = self.store.remove_author(&account).await?;
            tracing::info!(%account, removed, "blocked: its events are deleted here");
        }
        Ok(())
    }

    async fn replicated(&self) -> Result<Vec<AccountId>, ApiError> {
        let me = self.identity().account();
        let mut follows = match self.network() {
            Some(network) => network.follows(),
            None => network::follow_set(&self.store, me).await?,
        };
        if let Some(me) = me {
            follows.remove(&me);
        }
        Ok(follows.into_iter().collect())
    }
}
