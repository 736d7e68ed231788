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
pub mod daemon;
pub mod datadir;
pub mod export;
pub mod gateway;
mod ingest;

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

pub use api::{Caller, MethodInfo};
pub use ingest::{IngestOutcome, Rejected, verify_batch};
pub use supernet_apps as apps;
pub use supernet_core as core;
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

/// Who the node is: the public facts of its account and, when unlocked, its key.
#[derive(Debug)]
pub struct Identity {
    /// Account, name and creation time.
    pub info: KeystoreInfo,
    /// Whether the keystore is protected by a passphrase.
    pub protected: bool,
    /// The key, when unlocked.
    pub key: Option<SecretKey>,
}

impl Identity {
    /// An unlocked identity for `key` (for in-memory nodes and tests).
    pub fn from_key(key: SecretKey, name: Option<String>) -> Self {
        Self {
            info: KeystoreInfo {
                account: key.account(),
                name,
                created_at: now(),
            },
            protected: false,
            key: Some(key),
        }
    }
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
    info: KeystoreInfo,
    protected: bool,
    key: RwLock<Option<Arc<SecretKey>>>,
    store: Store,
    apps: Vec<AppSpec>,
    kinds: HashMap<String, KindSpec>,
    methods: BTreeMap<String, MethodSpec>,
}

impl Node {
    /// Opens a node with the built-in applications.
    pub async fn open(config: NodeConfig, identity: Identity) -> Result<Self, ApiError> {
        Self::open_with_apps(config, identity, supernet_apps::builtin()).await
    }

    /// Opens a node with exactly these applications.
    pub async fn open_with_apps(
        config: NodeConfig,
        identity: Identity,
        apps: Vec<AppSpec>,
    ) -> Result<Self, ApiError> {
        let mut store_config = match &config.data_dir {
            Some(dir) => StoreConfig::in_dir(dir),
            None => StoreConfig::in_memory(),
        };
        let mut kinds = HashMap::new();
        for app in &apps {
            app.check().map_err(|e| ApiError::internal(e.to_string()))?;
            store_config = store_config.namespace(&app.id, app.projections.clone());
            for kind in &app.kinds {
                kinds.insert(kind.name.clone(), kind.clone());
            }
        }
        let store = Store::open(store_config).await?;
        let inner = Arc::new_cyclic(|weak: &Weak<NodeInner>| {
            let mut methods = BTreeMap::new();
            for spec in api::kernel_methods(weak.clone()) {
                methods.insert(spec.name.clone(), spec);
            }
            for app in &apps {
                for spec in &app.methods {
                    methods.insert(spec.name.clone(), spec.clone());
                }
            }
            NodeInner {
                config,
                info: identity.info,
                protected: identity.protected,
                key: RwLock::new(identity.key.map(Arc::new)),
                store,
                apps,
                kinds,
                methods,
            }
        });
        let node = Self { inner };
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
        let spec = self.inner.methods.get(method).ok_or_else(|| {
            ApiError::new(
                ErrorCode::UnknownMethod,
                format!("there is no API method {method:?}; `api.methods` lists them all"),
            )
        })?;
        if !caller.allows(&spec.permission) {
            return Err(ApiError::new(
                ErrorCode::PermissionDenied,
                format!(
                    "{method} needs the permission {:?}, which this caller was not granted",
                    spec.permission.as_str()
                ),
            ));
        }
        if spec.signs && self.inner.key().is_none() {
            return Err(ApiError::new(
                ErrorCode::Locked,
                format!(
                    "{method} signs as this account, and the key is locked: unlock it with the passphrase"
                ),
            ));
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

    /// The node's account.
    pub fn account(&self) -> AccountId {
        self.inner.info.account
    }

    /// Gives the node its account key, so it can sign. Refuses a key of another account.
    pub fn unlock(&self, key: SecretKey) -> Result<(), ApiError> {
        if key.account() != self.inner.info.account {
            return Err(ApiError::new(
                ErrorCode::WrongPassphrase,
                format!(
                    "that key belongs to {}, not to this node's account {}",
                    key.account(),
                    self.inner.info.account
                ),
            ));
        }
        *self.inner.key.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(key));
        Ok(())
    }

    /// The node's store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The node's configuration.
    pub fn config(&self) -> &NodeConfig {
        &self.inner.config
    }

    /// Deletes expired events; returns how many.
    pub async fn purge_expired(&self) -> Result<usize, ApiError> {
        Ok(self.inner.store.purge_expired(now()).await?)
    }

    /// Closes the node's databases cleanly. Other clones keep it open until they drop.
    pub async fn close(self) {
        if let Ok(inner) = Arc::try_unwrap(self.inner) {
            inner.store.close().await;
        }
    }
}

impl NodeInner {
    fn key(&self) -> Option<Arc<SecretKey>> {
        self.key.read().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[async_trait::async_trait]
impl Kernel for NodeInner {
    fn account(&self) -> AccountId {
        self.info.account
    }

    fn now(&self) -> Timestamp {
        now()
    }

    fn store(&self) -> &Store {
        &self.store
    }

    async fn publish(&self, draft: Draft) -> Result<Event, ApiError> {
        let key = self.key().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Locked,
                "the account key is locked: unlock it with the passphrase",
            )
        })?;
        let event = draft.sign(&key)?.verify(now())?;
        ingest::check_kind(&self.kinds, &event)?;
        let stored = event.event().clone();
        self.store.ingest(vec![event]).await?;
        Ok(stored)
    }
}
