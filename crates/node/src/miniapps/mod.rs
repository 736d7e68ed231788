//! JavaScript mini-apps on this node: which are installed (the registry), their bundles
//! (kept in the blob store), their node-side workers, databases and event kinds.
//!
//! ```text
//!  apps.inspect / apps.install ──▶ bundle::fetch: listing + manifest.json first (fields,
//!        limits, signature, files' hashes and sizes), then the files ──▶ bundle::verify
//!        ──▶ registry (store settings) + tag miniapp/<id> (keeps the bundle) + kinds
//!        app.<id>.* accepted
//!  app.<id>.<name> (Node::call) ──▶ runtime: Worker (supernet-script, own process) ──▶ Host:
//!        call (scoped to the grants) · publish app.<id>.<kind> · its SQLite · log
//!  stored events of its kinds ──▶ delivery task (cursor per app, log order) ──▶ Worker::deliver
//!  installs, grants, incidents, status ──▶ Notice::Apps (topic `apps`)
//! ```
//!
//! An update is accepted only from the app's publisher and never to an older version; it
//! keeps the app's data (database, cursor). Permissions are checked on every call the app
//! makes, against the grants as they are at that moment, so a revocation takes effect at
//! once.

mod api;
mod bundle;
mod host;
mod runtime;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_apps::{KindSpec, Permission};
use supernet_core::manifest::{AppManifest, MAX_KIND_BODY_BYTES};
use supernet_core::{AccountId, ApiError, ErrorCode};
use supernet_store::{Notice, Store};

use crate::kinds::Kinds;
use crate::{Caller, NodeInner};

pub(crate) use api::methods;
pub use api::{AppView, IncidentView, InspectOutput, PermissionView, PublishOutput};
pub(crate) use runtime::start;

/// What every mini-app method name starts with (`app.<id>.<name>`).
pub const METHOD_PREFIX: &str = "app.";
/// The prefix of a mini-app link; the rest is an iroh-blobs ticket of its bundle.
pub const LINK_PREFIX: &str = "supernet://app/";
/// Managing mini-apps (install, grant, remove, publish, and calling on an app's behalf):
/// the owner's alone. A manifest may not ask for it (see `supernet_core::manifest`).
pub const APPS_ADMIN: Permission = Permission::named("apps.admin");
/// Where the registry is saved in the store's own settings.
const REGISTRY_KEY: &str = "miniapps/registry";
/// Where each app's delivery cursor is saved (`<key><id>`).
const CURSOR_KEY: &str = "miniapps/cursor/";
/// The blob tag that keeps an installed app's bundle (`<tag><id>`).
pub(crate) const BUNDLE_TAG: &str = "miniapp/";
/// Incidents kept per app on the node's side (start failures, delivery errors); the
/// worker keeps its own. Enough to see a pattern, bounded so a looping app costs nothing.
const KEPT_INCIDENTS: usize = 20;

/// The permission that lets a caller use app `id`'s methods.
pub fn app_permission(id: &str) -> Permission {
    Permission(format!("app.{id}").into())
}

/// An installed app, as saved in the registry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
    /// The signed manifest's app.
    pub(crate) app: AppManifest,
    /// Who signed it.
    pub(crate) publisher: AccountId,
    /// Hash of its bundle (the collection).
    pub(crate) hash: String,
    /// The permissions the owner granted (a subset of those it asks for).
    pub(crate) granted: BTreeSet<String>,
    /// Installed by `apps.publish {install: true}` (`supernet app dev`).
    pub(crate) dev: bool,
    /// When it was installed or last updated (ms).
    pub(crate) installed_at: u64,
}

impl Record {
    /// The caller the app acts as: its grants and its own namespace.
    pub(crate) fn caller(&self) -> Caller {
        let mut permissions: Vec<Permission> = self
            .granted
            .iter()
            .map(|p| Permission(p.clone().into()))
            .collect();
        permissions.push(app_permission(&self.app.id));
        Caller::scoped(permissions)
    }
}

/// A problem an app caused, as the node saw it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
pub(crate) struct Incident {
    /// When (ms since the epoch).
    pub(crate) at: u64,
    /// What happened.
    pub(crate) what: String,
}

/// The node's mini-apps.
#[derive(Debug)]
pub(crate) struct MiniApps {
    /// Installed apps by id; saved whole under [`REGISTRY_KEY`] on each change.
    registry: RwLock<BTreeMap<String, Record>>,
    /// Serialises changes to the registry (install, grant, uninstall).
    changing: tokio::sync::Mutex<()>,
    /// Running parts per app (worker, database, incidents).
    runtimes: Mutex<HashMap<String, Arc<runtime::Runtime>>>,
    /// Wakes the delivery task (an install, a resume).
    wake: Arc<tokio::sync::Notify>,
}

impl MiniApps {
    /// Reads the registry from `store` and registers the installed apps' kinds.
    pub(crate) async fn load(store: &Store, kinds: &Kinds) -> Result<Self, ApiError> {
        let registry: BTreeMap<String, Record> = match store.local(REGISTRY_KEY).await? {
            Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                ApiError::internal(format!(
                    "the list of installed mini-apps is unreadable: {e}"
                ))
            })?,
            None => BTreeMap::new(),
        };
        for record in registry.values() {
            kinds.set_app(&record.app.id, kind_specs(&record.app));
        }
        Ok(Self {
            registry: RwLock::new(registry),
            changing: tokio::sync::Mutex::new(()),
            runtimes: Mutex::new(HashMap::new()),
            wake: Arc::new(tokio::sync::Notify::new()),
        })
    }

    /// The installed app `id`.
    pub(crate) fn get(&self, id: &str) -> Option<Record> {
        self.registry
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    /// Every installed app.
    pub(crate) fn all(&self) -> Vec<Record> {
        self.registry
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect()
    }

    /// The running parts of app `id` (made on first use).
    pub(crate) fn runtime(&self, id: &str) -> Arc<runtime::Runtime> {
        self.runtimes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(id.to_owned())
            .or_default()
            .clone()
    }

    /// Saves the registry with `change` applied.
    async fn save(
        &self,
        store: &Store,
        change: impl FnOnce(&mut BTreeMap<String, Record>),
    ) -> Result<(), ApiError> {
        let mut next = self
            .registry
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        change(&mut next);
        let bytes = serde_json::to_vec(&next).map_err(|e| ApiError::internal(e.to_string()))?;
        store.set_local(REGISTRY_KEY, Some(&bytes)).await?;
        *self.registry.write().unwrap_or_else(|p| p.into_inner()) = next;
        Ok(())
    }
}

/// Announces a change of app `id` to the UI.
pub(crate) fn notify(node: &NodeInner, id: &str, change: &str, detail: Option<String>) {
    node.store.notify(Notice::Apps {
        app: id.to_owned(),
        change: change.to_owned(),
        detail,
    });
}

/// The kernel's validators for the kinds `app` declares: a JSON object of at most
/// [`MAX_KIND_BODY_BYTES`].
fn kind_specs(app: &AppManifest) -> Vec<KindSpec> {
    app.kinds
        .iter()
        .map(|k| KindSpec {
            name: format!("app.{}.{}", app.id, k.name),
            description: k.description.clone(),
            validator: Arc::new(|event| check_body(event.body())),
            own_devices_only: false,
        })
        .collect()
}

/// Why `body` is not a valid body of a mini-app's kind, if it is not.
pub(crate) fn check_body(body: &[u8]) -> Result<(), String> {
    if body.len() > MAX_KIND_BODY_BYTES {
        return Err(format!(
            "its body has {} bytes; an app's event body has at most {MAX_KIND_BODY_BYTES}",
            body.len()
        ));
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        Ok(_) => Err("its body must be a JSON object".into()),
        Err(e) => Err(format!("its body is not JSON: {e}")),
    }
}

/// Splits `app.<id>.<name>` into `(id, name)`.
fn split_method(method: &str) -> Option<(&str, &str)> {
    let rest = method.strip_prefix(METHOD_PREFIX)?;
    let (id, name) = rest.split_once('.')?;
    (!id.is_empty() && !name.is_empty()).then_some((id, name))
}

/// `Node::call` for a method outside the static table: `app.<id>.<name>`, answered by the
/// installed app's worker.
pub(crate) async fn call_app_method(
    node: &Arc<NodeInner>,
    caller: &Caller,
    method: &str,
    input: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let unknown = |why: String| {
        ApiError::new(
            ErrorCode::UnknownMethod,
            format!("there is no API method {method:?}: {why}"),
        )
    };
    let Some((id, name)) = split_method(method) else {
        return Err(unknown(
            "a mini-app's methods are named app.<app id>.<method>".into(),
        ));
    };
    let Some(record) = node.miniapps.get(id) else {
        return Err(unknown(format!(
            "no app {id:?} is installed here (`apps.list` lists them)"
        )));
    };
    if record.app.script.is_none() {
        return Err(unknown(format!(
            "app {id} has no node-side script, so it offers no methods"
        )));
    }
    let permission = app_permission(id);
    if !caller.allows(&permission) {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            format!(
                "{method} needs the permission {:?}, which this caller was not granted",
                permission.as_str()
            ),
        ));
    }
    let runtime = node.miniapps.runtime(id);
    let worker = runtime.worker(node, &record).await?;
    if !worker.methods().iter().any(|m| m == name) {
        let mut offered = worker.methods();
        offered.sort();
        return Err(unknown(format!(
            "app {id} offers no method {name:?} (it offers: {})",
            if offered.is_empty() {
                "none".to_owned()
            } else {
                offered.join(", ")
            }
        )));
    }
    let result = worker.call(name, input).await;
    runtime.after_use(node, id, &worker);
    result.map_err(ApiError::from)
}

impl crate::Node {
    /// The installed mini-app `id`'s manifest.
    pub fn miniapp(&self, id: &str) -> Option<AppManifest> {
        self.inner.miniapps.get(id).map(|r| r.app)
    }

    /// The bytes of file `path` of installed mini-app `id` (`None` when it has none).
    pub async fn miniapp_file(&self, id: &str, path: &str) -> Result<Option<Vec<u8>>, ApiError> {
        match self.inner.miniapps.get(id) {
            Some(record) => bundle::read_file(&self.inner, &record, Some(path)).await,
            None => Ok(None),
        }
    }
}

/// Money-moving permissions: what an app's calls may never use directly (the user
/// confirms every payment in the host UI, through `supernet.requestPayment`).
pub(crate) fn money_permissions() -> BTreeSet<String> {
    supernet_apps::contract::PERMISSIONS
        .iter()
        .filter(|p| p.money)
        .map(|p| p.name.to_string())
        .collect()
}

/// Refuses `method` when it moves money (see [`money_permissions`]).
pub(crate) fn refuse_money(node: &NodeInner, method: &str) -> Result<(), ApiError> {
    let Some(spec) = node.methods.get(method) else {
        return Ok(());
    };
    if money_permissions().contains(spec.permission.as_str()) {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            format!(
                "{method} moves money, and money needs the user's confirmation: a mini-app asks with supernet.requestPayment(…), and the user confirms it in Supernet"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_split_into_app_and_method() {
        assert_eq!(split_method("app.todo.list"), Some(("todo", "list")));
        assert_eq!(split_method("app.todo.a.b"), Some(("todo", "a.b")));
        assert_eq!(split_method("app.todo"), None);
        assert_eq!(split_method("app..x"), None);
        assert_eq!(split_method("apps.list"), None);
    }

    #[test]
    fn app_event_bodies_are_small_json_objects() {
        assert!(check_body(br#"{"text":"milk"}"#).is_ok());
        assert!(check_body(b"[1]").unwrap_err().contains("JSON object"));
        assert!(check_body(b"milk").unwrap_err().contains("not JSON"));
        let big = format!(r#"{{"t":"{}"}}"#, "x".repeat(MAX_KIND_BODY_BYTES));
        assert!(check_body(big.as_bytes()).unwrap_err().contains("bytes"));
    }
}
