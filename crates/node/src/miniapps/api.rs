//! The `apps.*` methods: inspect, install (and update), list, grant, uninstall, resume,
//! call on an app's behalf, and publish.

use std::collections::BTreeSet;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Weak};

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use supernet_apps::contract::{OWNER, describe_permission};
use supernet_apps::{Ctx, MethodSpec};
use supernet_core::manifest::AppManifest;
use supernet_core::{AccountId, ApiError, ErrorCode};

use super::bundle;
use super::{BUNDLE_TAG, CURSOR_KEY, LINK_PREFIX, Record, kind_specs, notify};
use crate::{Caller, NodeInner};

/// A permission an app asks for, described for the person deciding.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PermissionView {
    /// Its name (`social.read`).
    pub name: String,
    /// What it lets the app do, in plain words.
    pub description: String,
    /// Whether it moves money (an app never uses it without the user's confirmation).
    pub money: bool,
    /// Whether it can be granted to an app at all.
    pub grantable: bool,
}

fn permission_view(name: &str) -> PermissionView {
    match describe_permission(name) {
        Some(info) => PermissionView {
            name: name.to_owned(),
            description: info.description.into_owned(),
            money: info.money,
            grantable: info.grantable,
        },
        None => PermissionView {
            name: name.to_owned(),
            description: "A permission this node does not know (the app may be made for a newer Supernet); it cannot be granted".into(),
            money: false,
            grantable: false,
        },
    }
}

/// An installed version, in `apps.inspect`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct InstalledVersion {
    /// Its version.
    pub version: String,
    /// Its publisher.
    pub publisher: AccountId,
}

/// Output of `apps.inspect`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct InspectOutput {
    /// The app's signed manifest.
    pub app: AppManifest,
    /// Who signed it.
    pub publisher: AccountId,
    /// The publisher's name, when this node knows their profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher_name: Option<String>,
    /// The permissions it asks for, in plain words.
    pub permissions: Vec<PermissionView>,
    /// The version installed here, if any.
    pub installed: Option<InstalledVersion>,
    /// Whether installing it updates an installed version.
    pub update: bool,
}

/// One incident, in an [`AppView`].
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct IncidentView {
    /// When (ms since the epoch).
    pub at: u64,
    /// What happened.
    pub what: String,
}

/// An installed app, as `apps.list` shows it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AppView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// What it is for.
    pub description: String,
    /// Who published it.
    pub publisher: AccountId,
    /// Its bundle's hash.
    pub hash: String,
    /// Where the gateway serves its icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    /// Where the gateway serves its UI.
    pub ui_url: String,
    /// The event kinds it defines (full names).
    pub kinds: Vec<String>,
    /// The permissions it asks for.
    pub requested: Vec<PermissionView>,
    /// The permissions granted to it.
    pub granted: Vec<String>,
    /// Whether it has a node-side script.
    pub has_script: bool,
    /// `running`, `stopped`, `suspended` or `no_script`.
    pub status: String,
    /// Recent problems it caused, oldest first.
    pub incidents: Vec<IncidentView>,
    /// Installed from a folder under development (`supernet app dev`).
    pub dev: bool,
    /// When it was installed or last updated (ms).
    pub installed_at: u64,
}

fn view(node: &NodeInner, record: &Record) -> AppView {
    let app = &record.app;
    let runtime = node.miniapps.runtime(&app.id);
    AppView {
        id: app.id.clone(),
        name: app.name.clone(),
        version: app.version.clone(),
        description: app.description.clone(),
        publisher: record.publisher,
        hash: record.hash.clone(),
        icon_url: app
            .icon
            .as_ref()
            .map(|i| format!("/miniapp/{}/{i}", app.id)),
        ui_url: format!("/miniapp/{}/{}", app.id, app.ui),
        kinds: app.kind_names(),
        requested: app.permissions.iter().map(|p| permission_view(p)).collect(),
        granted: record.granted.iter().cloned().collect(),
        has_script: app.script.is_some(),
        status: if app.script.is_none() {
            "no_script".into()
        } else {
            runtime.status().into()
        },
        incidents: runtime
            .incidents()
            .into_iter()
            .map(|i| IncidentView {
                at: i.at,
                what: i.what,
            })
            .collect(),
        dev: record.dev,
        installed_at: record.installed_at,
    }
}

/// Input of `apps.inspect`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectInput {
    /// The app's link (`supernet://app/…`) or its bundle's ticket.
    pub link: String,
}

/// Input of `apps.install`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstallInput {
    /// The app's link (`supernet://app/…`) or its bundle's ticket.
    pub link: String,
    /// The permissions granted (each among those it asks for). Default: none for a new
    /// app; for an update, those granted before that it still asks for.
    #[serde(default)]
    pub grant: Option<Vec<String>>,
}

/// Input naming an installed app.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdInput {
    /// The app's id.
    pub id: String,
}

/// Input of `apps.grant`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    /// The app's id.
    pub id: String,
    /// One of the permissions it asks for.
    pub permission: String,
    /// Grant (true) or revoke (false).
    pub granted: bool,
}

/// Input of `apps.call`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallInput {
    /// The app on whose behalf the call is made.
    pub app: String,
    /// The method (a kernel method, or one of the app's own `app.<id>.<name>`).
    pub method: String,
    /// Its input.
    #[serde(default)]
    pub input: serde_json::Value,
}

/// Input of `apps.publish`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishInput {
    /// Absolute path of the app's folder (holding its supernet-app.json).
    pub dir: PathBuf,
    /// Also install it here, with every permission it asks for granted (for development).
    #[serde(default)]
    pub install: bool,
}

/// Output of `apps.publish`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PublishOutput {
    /// The app's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its bundle's hash.
    pub hash: String,
    /// An iroh-blobs ticket of the bundle.
    pub ticket: String,
    /// The link to share: `supernet://app/<ticket>`.
    pub link: String,
}

/// Output of `apps.list`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ListOutput {
    /// Every installed app, by id.
    pub apps: Vec<AppView>,
}

/// Output of `apps.uninstall`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Empty {}

/// No input.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoInput {}

fn method<I, O, F, Fut>(
    node: &Weak<NodeInner>,
    name: &str,
    description: &str,
    handler: F,
) -> MethodSpec
where
    I: DeserializeOwned + JsonSchema + Send + 'static,
    O: Serialize + JsonSchema + 'static,
    F: Fn(Arc<NodeInner>, I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<O, ApiError>> + Send + 'static,
{
    let node = node.clone();
    MethodSpec::new(name, description, OWNER, move |_: Ctx, input: I| {
        let call = node
            .upgrade()
            .ok_or_else(|| ApiError::new(ErrorCode::Unavailable, "the node is shutting down"))
            .map(|node| handler(node, input));
        async move { call?.await }
    })
}

/// The `apps.*` methods.
pub(crate) fn methods(node: Weak<NodeInner>) -> Vec<MethodSpec> {
    vec![
        method(
            &node,
            "apps.inspect",
            "Fetches a mini-app from its link and checks it (signature, files, limits) without installing it: its manifest, publisher, the permissions it asks for in plain words, and whether it updates an installed version",
            inspect,
        ),
        method(
            &node,
            "apps.install",
            "Installs a mini-app from its link, or updates it (same publisher only, never to an older version; its data is kept), granting the permissions listed",
            install,
        ),
        method(&node, "apps.list", "The installed mini-apps: versions, permissions asked for and granted, status and recent incidents", list),
        method(
            &node,
            "apps.grant",
            "Grants or revokes one permission of an installed mini-app (takes effect at once)",
            grant,
        ),
        method(
            &node,
            "apps.uninstall",
            "Removes a mini-app: stops its script, releases its bundle and deletes its database",
            uninstall,
        ),
        method(
            &node,
            "apps.resume",
            "Lets a suspended mini-app's script run again (after it broke its limits too often)",
            resume,
        ),
        method(
            &node,
            "apps.call",
            "Calls a method on a mini-app's behalf, with only the permissions granted to it (what the app's UI uses); money-moving methods are refused: payments go through the user's confirmation",
            call,
        ),
        method(
            &node,
            "apps.publish",
            "Signs the mini-app in a folder with this node's key and shares it: returns its supernet://app/ link; `install` also installs it here with every permission it asks for",
            publish,
        )
        .signing(),
    ]
}

fn not_installed(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("no app {id:?} is installed here (`apps.list` lists them)"),
    )
}

async fn publisher_name(node: &Arc<NodeInner>, account: AccountId) -> Option<String> {
    let profile = crate::Node {
        inner: node.clone(),
    }
    .call(
        &Caller::owner(),
        "social.profile",
        serde_json::json!({ "account": account }),
    )
    .await
    .ok()?;
    profile["profile"]["name"].as_str().map(str::to_owned)
}

async fn inspect(node: Arc<NodeInner>, input: InspectInput) -> Result<InspectOutput, ApiError> {
    let verified = bundle::fetch(&node, &input.link).await?;
    let bundle = verified.bundle.clone();
    verified.release(bundle::network(&node)?.as_ref()).await;
    let installed = node.miniapps.get(&bundle.app.id);
    Ok(InspectOutput {
        permissions: bundle
            .app
            .permissions
            .iter()
            .map(|p| permission_view(p))
            .collect(),
        update: installed.is_some(),
        installed: installed.map(|r| InstalledVersion {
            version: r.app.version,
            publisher: r.publisher,
        }),
        publisher_name: publisher_name(&node, bundle.publisher).await,
        publisher: bundle.publisher,
        app: bundle.app,
    })
}

async fn install(node: Arc<NodeInner>, input: InstallInput) -> Result<AppView, ApiError> {
    let verified = bundle::fetch(&node, &input.link).await?;
    let network = bundle::network(&node)?;
    let hash = verified.hash;
    let bundle = verified.bundle.clone();
    let result = install_verified(&node, &bundle, hash, input.grant, false).await;
    verified.release(&network).await;
    result
}

/// Installs (or updates) `bundle`, whose collection `hash` is here in full.
pub(crate) async fn install_verified(
    node: &Arc<NodeInner>,
    bundle: &supernet_core::manifest::Bundle,
    hash: supernet_net::blobs::Hash,
    grant: Option<Vec<String>>,
    dev: bool,
) -> Result<AppView, ApiError> {
    let app = &bundle.app;
    let id = app.id.clone();
    let miniapps = &node.miniapps;
    let _changing = miniapps.changing.lock().await;
    let previous = miniapps.get(&id);
    if let Some(old) = &previous {
        if old.publisher != bundle.publisher {
            return Err(ApiError::new(
                ErrorCode::PermissionDenied,
                format!(
                    "app {id} is installed from {}; this bundle is signed by {}: refused",
                    old.publisher, bundle.publisher
                ),
            ));
        }
        if app.parsed_version() < old.app.parsed_version() {
            return Err(ApiError::invalid_input(format!(
                "app {id} {} is installed; this bundle is the older {}: refused (uninstall it first to go back)",
                old.app.version, app.version
            )));
        }
    }
    let requested: BTreeSet<&str> = app.permissions.iter().map(String::as_str).collect();
    let granted: BTreeSet<String> = match grant {
        Some(list) => {
            for p in &list {
                if !requested.contains(p.as_str()) {
                    return Err(ApiError::invalid_input(format!(
                        "grant: app {id} does not ask for {p:?} (it asks for: {})",
                        if requested.is_empty() {
                            "nothing".to_owned()
                        } else {
                            app.permissions.join(", ")
                        }
                    )));
                }
                if !permission_view(p).grantable {
                    return Err(ApiError::new(
                        ErrorCode::PermissionDenied,
                        format!("grant: {p:?} cannot be granted to an app"),
                    ));
                }
            }
            list.into_iter().collect()
        }
        None if dev => app
            .permissions
            .iter()
            .filter(|p| permission_view(p).grantable)
            .cloned()
            .collect(),
        None => previous
            .as_ref()
            .map(|old| {
                old.granted
                    .iter()
                    .filter(|p| requested.contains(p.as_str()))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
    };
    let network = bundle::network(node)?;
    network
        .files
        .blobs
        .tag_folder(&format!("{BUNDLE_TAG}{id}"), hash)
        .await
        .map_err(|e| ApiError::new(ErrorCode::Unavailable, e.to_string()))?;
    let record = Record {
        app: app.clone(),
        publisher: bundle.publisher,
        hash: hash.to_hex().to_string(),
        granted,
        dev,
        installed_at: crate::now(),
    };
    let saved = record.clone();
    miniapps
        .save(&node.store, move |apps| {
            apps.insert(saved.app.id.clone(), saved);
        })
        .await?;
    node.kinds.set_app(&id, kind_specs(app));
    let runtime = miniapps.runtime(&id);
    runtime.stop().await;
    let change = if previous.is_some() {
        "updated"
    } else {
        "installed"
    };
    tracing::info!(app = %id, version = %app.version, publisher = %bundle.publisher, "mini-app {change}");
    notify(node, &id, change, None);
    miniapps.wake.notify_one();
    Ok(view(node, &record))
}

async fn list(node: Arc<NodeInner>, _: NoInput) -> Result<ListOutput, ApiError> {
    Ok(ListOutput {
        apps: node.miniapps.all().iter().map(|r| view(&node, r)).collect(),
    })
}

async fn grant(node: Arc<NodeInner>, input: GrantInput) -> Result<AppView, ApiError> {
    let miniapps = &node.miniapps;
    let _changing = miniapps.changing.lock().await;
    let record = miniapps
        .get(&input.id)
        .ok_or_else(|| not_installed(&input.id))?;
    if input.granted {
        if !record.app.permissions.contains(&input.permission) {
            return Err(ApiError::invalid_input(format!(
                "app {} does not ask for {:?}; only what an app asks for can be granted",
                input.id, input.permission
            )));
        }
        if !permission_view(&input.permission).grantable {
            return Err(ApiError::new(
                ErrorCode::PermissionDenied,
                format!("{:?} cannot be granted to an app", input.permission),
            ));
        }
    }
    let (id, permission, granted) = (input.id.clone(), input.permission.clone(), input.granted);
    miniapps
        .save(&node.store, move |apps| {
            if let Some(r) = apps.get_mut(&id) {
                if granted {
                    r.granted.insert(permission);
                } else {
                    r.granted.remove(&permission);
                }
            }
        })
        .await?;
    notify(&node, &input.id, "granted", None);
    let record = miniapps
        .get(&input.id)
        .ok_or_else(|| not_installed(&input.id))?;
    Ok(view(&node, &record))
}

async fn uninstall(node: Arc<NodeInner>, input: IdInput) -> Result<Empty, ApiError> {
    let miniapps = &node.miniapps;
    let _changing = miniapps.changing.lock().await;
    let id = input.id;
    if miniapps.get(&id).is_none() {
        return Err(not_installed(&id));
    }
    let runtime = miniapps.runtime(&id);
    runtime.stop().await;
    if let Some(db) = runtime.opened_db() {
        db.close().await;
    }
    miniapps
        .runtimes
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&id);
    let key = id.clone();
    miniapps
        .save(&node.store, move |apps| {
            apps.remove(&key);
        })
        .await?;
    node.kinds.set_app(&id, vec![]);
    node.store
        .set_local(&format!("{CURSOR_KEY}{id}"), None)
        .await?;
    if let Some(network) = node.network() {
        network
            .files
            .blobs
            .untag_prefix(&format!("{BUNDLE_TAG}{id}"))
            .await
            .map_err(|e| ApiError::new(ErrorCode::Unavailable, e.to_string()))?;
    }
    if let Some(dir) = &node.config.data_dir {
        let dir = dir.join("miniapps").join(&id);
        if dir.exists()
            && let Err(e) = std::fs::remove_dir_all(&dir)
        {
            tracing::warn!("cannot delete {}: {e}", dir.display());
        }
    }
    tracing::info!(app = %id, "mini-app uninstalled");
    notify(&node, &id, "uninstalled", None);
    Ok(Empty {})
}

async fn resume(node: Arc<NodeInner>, input: IdInput) -> Result<AppView, ApiError> {
    let record = node
        .miniapps
        .get(&input.id)
        .ok_or_else(|| not_installed(&input.id))?;
    let runtime = node.miniapps.runtime(&input.id);
    if let Some(worker) = runtime.current() {
        worker.resume().await;
        runtime.after_use(&node, &input.id, &worker);
    }
    node.miniapps.wake.notify_one();
    Ok(view(&node, &record))
}

async fn call(node: Arc<NodeInner>, input: CallInput) -> Result<serde_json::Value, ApiError> {
    let record = node
        .miniapps
        .get(&input.app)
        .ok_or_else(|| not_installed(&input.app))?;
    super::refuse_money(&node, &input.method)?;
    crate::Node { inner: node }
        .call(&record.caller(), &input.method, input.input)
        .await
}

async fn publish(node: Arc<NodeInner>, input: PublishInput) -> Result<PublishOutput, ApiError> {
    let published = bundle::publish(&node, &input.dir).await?;
    let app = &published.bundle.app;
    if input.install {
        install_verified(&node, &published.bundle, published.hash, None, true).await?;
    }
    Ok(PublishOutput {
        id: app.id.clone(),
        version: app.version.clone(),
        hash: published.hash.to_hex().to_string(),
        link: format!("{LINK_PREFIX}{}", published.ticket),
        ticket: published.ticket,
    })
}
