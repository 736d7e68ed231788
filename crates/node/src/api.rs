//! The kernel's own API methods (`node.*`, `identity.*`, `events.*`, `api.*`) and the caller
//! model every call is checked against.

use std::collections::BTreeSet;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Weak};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use supernet_apps::contract::{
    CONTRACT_VERSION, EVENTS_READ, NODE_ADMIN, NODE_READ, OWNER, Permission,
};
use supernet_apps::{Ctx, MethodSpec};
use supernet_core::{AccountId, ApiError, ErrorCode, Event, EventId, EventView, Timestamp};
use supernet_store::{Cursor, EventQuery};

use crate::{NodeInner, export, identity, ingest};

/// Submit signed events made elsewhere (`events.ingest`).
pub const EVENTS_WRITE: Permission = Permission::named("events.write");

/// Who is calling, and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    grant: Grant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Grant {
    /// The node's owner (CLI, desktop app, owner token): everything.
    Owner,
    /// A mini-app or scoped token: only these permissions.
    Scoped(BTreeSet<Permission>),
}

impl Caller {
    /// The node's owner.
    pub fn owner() -> Self {
        Self {
            grant: Grant::Owner,
        }
    }

    /// A caller holding only `permissions`.
    pub fn scoped(permissions: impl IntoIterator<Item = Permission>) -> Self {
        Self {
            grant: Grant::Scoped(permissions.into_iter().collect()),
        }
    }

    /// Whether this caller holds `permission`.
    pub fn allows(&self, permission: &Permission) -> bool {
        match &self.grant {
            Grant::Owner => true,
            // The owner's own permission is never granted, whatever a grant says.
            Grant::Scoped(set) => *permission != OWNER && set.contains(permission),
        }
    }
}

/// One method, as `api.methods` describes it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MethodInfo {
    /// Dotted name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Permission a caller needs.
    pub permission: Permission,
    /// Whether it signs with the node's key.
    pub signs: bool,
    /// JSON Schema of its input.
    pub input: serde_json::Value,
    /// JSON Schema of its output.
    pub output: serde_json::Value,
}

/// Output of `api.methods`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MethodsOutput {
    /// Version of the application contract.
    pub contract_version: u32,
    /// Every method, sorted by name.
    pub methods: Vec<MethodInfo>,
    /// Every error code a method may return.
    pub error_codes: Vec<ErrorCode>,
}

/// No input.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// An application, as `node.info` lists it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AppInfo {
    /// Namespace.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Event kinds it owns.
    pub kinds: Vec<String>,
    /// Permissions it holds.
    pub permissions: Vec<Permission>,
}

/// Output of `node.info`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct NodeInfo {
    /// Supernet version.
    pub version: String,
    /// The node's account, once it has one.
    pub account: Option<AccountId>,
    /// Its display name.
    pub name: Option<String>,
    /// Whether networking stays on 127.0.0.1.
    pub local_only: bool,
    /// Data directory (absent for an in-memory node).
    pub data_dir: Option<String>,
    /// Events stored.
    pub events: u64,
    /// Registered applications.
    pub apps: Vec<AppInfo>,
}

/// Input of `events.get`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetInput {
    /// The event id.
    pub id: EventId,
}

/// Input of `events.delete`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteInput {
    /// Events this node's account wrote (1 to 100).
    pub ids: Vec<EventId>,
    /// Why, shown to those who held them.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Output of `events.delete`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DeleteOutput {
    /// The deletion request's id.
    pub request: EventId,
    /// The events deleted here.
    pub deleted: Vec<EventId>,
}

/// Input of `events.deleted`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeletedInput {
    /// These events' tombstones (those deleted).
    #[serde(default)]
    pub ids: Vec<EventId>,
    /// Otherwise the newest deletions by this author (default: everyone's).
    #[serde(default)]
    pub author: Option<AccountId>,
    /// How many, 1 to 1000 (default 100).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Output of `events.deleted`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DeletedOutput {
    /// Deleted events, newest deletion first.
    pub deleted: Vec<supernet_store::Tombstone>,
}

/// Input of `events.query`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueryInput {
    /// Only these authors.
    #[serde(default)]
    pub authors: Vec<AccountId>,
    /// Only these kinds.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Created at or after (ms).
    #[serde(default)]
    pub since: Option<Timestamp>,
    /// Created at or before (ms).
    #[serde(default)]
    pub until: Option<Timestamp>,
    /// Continue after this cursor.
    #[serde(default)]
    pub before: Option<String>,
    /// Page size, 1 to 1000 (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Output of `events.query`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct QueryOutput {
    /// Events, newest first.
    pub events: Vec<EventView>,
    /// Cursor of the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Input of `events.ingest`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestInput {
    /// A signed event's wire bytes (`id || signature || canonical encoding`), base64url.
    pub wire: String,
}

/// Output of `events.ingest`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct IngestOutput {
    /// The event id.
    pub id: EventId,
    /// False when the event was stored already.
    pub stored: bool,
}

/// Input of `events.export` and `events.import`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileInput {
    /// Absolute path of the export file, on the node's machine.
    pub path: PathBuf,
}

fn absolute(path: PathBuf) -> Result<PathBuf, ApiError> {
    if path.is_absolute() {
        Ok(path)
    } else {
        Err(ApiError::invalid_input(format!(
            "{} is a relative path; give an absolute path (the node may run in another directory)",
            path.display()
        )))
    }
}

/// Page size of `events.query` when none is given.
const DEFAULT_QUERY_LIMIT: u32 = 50;

/// A kernel method: like an application method, but its handler gets the node itself.
/// Methods hold the node weakly (the node owns its method table); a call arriving while
/// the node shuts down is `unavailable`.
pub(crate) fn kernel_method<I, O, F, Fut>(
    node: &Weak<NodeInner>,
    name: &str,
    description: &str,
    permission: Permission,
    handler: F,
) -> MethodSpec
where
    I: DeserializeOwned + JsonSchema + Send + 'static,
    O: Serialize + JsonSchema + 'static,
    F: Fn(Arc<NodeInner>, I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<O, ApiError>> + Send + 'static,
{
    let node = node.clone();
    MethodSpec::new(name, description, permission, move |_: Ctx, input: I| {
        let call = node
            .upgrade()
            .ok_or_else(|| ApiError::new(ErrorCode::Unavailable, "the node is shutting down"))
            .map(|node| handler(node, input));
        async move { call?.await }
    })
}

/// Read the node's files and transfers.
pub const BLOBS_READ: Permission = Permission::named("blobs.read");
/// Add, share, fetch and release files.
pub const BLOBS_WRITE: Permission = Permission::named("blobs.write");

/// The error for file methods on a node without its network.
pub(crate) fn files_offline() -> ApiError {
    ApiError::new(
        ErrorCode::Unavailable,
        "files need the node's network: run `supernet serve` (or the desktop app), not --offline",
    )
}

fn files_of(node: &NodeInner) -> Result<Arc<crate::network::Network>, ApiError> {
    node.network().ok_or_else(files_offline)
}

/// Input of `blobs.add`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlobAddInput {
    /// Absolute path of the file.
    pub path: PathBuf,
    /// Name to show (default: the file's name).
    #[serde(default)]
    pub name: Option<String>,
    /// Media type (default: guessed from the name).
    #[serde(default)]
    pub mime: Option<String>,
}

/// Input of `blobs.share`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlobShareInput {
    /// Absolute path of a file or folder.
    pub path: PathBuf,
}

/// Input naming one blob.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlobHashInput {
    /// Its hash (64 hex digits).
    pub hash: String,
}

/// Whether a release removed anything.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReleaseOutput {
    /// True when the blob was kept for this reason until now.
    pub removed: bool,
}

/// Input of `blobs.get`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlobGetInput {
    /// An iroh-blobs ticket (`blob…`) or `supernet://blob/…` link.
    pub ticket: String,
    /// Where to write it (absolute): a file path, or a folder for a shared folder.
    #[serde(default)]
    pub path: Option<PathBuf>,
}

/// Input of `blobs.fetch`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlobFetchInput {
    /// The file's hash.
    pub hash: String,
    /// The account whose event refers to it: its node is asked first.
    #[serde(default)]
    pub author: Option<AccountId>,
}

/// Output of `blobs.fetch`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BlobFetchOutput {
    /// The hash.
    pub hash: String,
    /// Its size.
    pub size: u64,
}

async fn blobs_add(
    node: Arc<NodeInner>,
    input: BlobAddInput,
) -> Result<crate::files::BlobOutput, ApiError> {
    let path = absolute(input.path)?;
    files_of(&node)?
        .files
        .add(&path, input.name, input.mime)
        .await
}

async fn blobs_share(
    node: Arc<NodeInner>,
    input: BlobShareInput,
) -> Result<crate::files::ShareOutput, ApiError> {
    let path = absolute(input.path)?;
    files_of(&node)?.files.share(&path).await
}

async fn blobs_unshare(
    node: Arc<NodeInner>,
    input: BlobHashInput,
) -> Result<ReleaseOutput, ApiError> {
    let removed = files_of(&node)?.files.unshare(&input.hash).await?;
    Ok(ReleaseOutput { removed })
}

async fn blobs_unpin(
    node: Arc<NodeInner>,
    input: BlobHashInput,
) -> Result<ReleaseOutput, ApiError> {
    let removed = files_of(&node)?.files.unpin(&input.hash).await?;
    Ok(ReleaseOutput { removed })
}

async fn blobs_get(
    node: Arc<NodeInner>,
    input: BlobGetInput,
) -> Result<crate::files::GetOutput, ApiError> {
    let path = input.path.map(absolute).transpose()?;
    let network = files_of(&node)?;
    let others = network.providers(None);
    network
        .files
        .get(&input.ticket, path.as_deref(), others)
        .await
}

async fn blobs_fetch(
    node: Arc<NodeInner>,
    input: BlobFetchInput,
) -> Result<BlobFetchOutput, ApiError> {
    let network = files_of(&node)?;
    let hash = supernet_net::blobs::parse_hash(&input.hash)
        .map_err(|e| ApiError::invalid_input(e.to_string()))?;
    let providers = network.providers(input.author);
    network.files.download(hash, false, None, providers).await?;
    let state = network
        .files
        .blobs
        .state(hash)
        .await
        .map_err(|e| ApiError::new(ErrorCode::Unavailable, e.to_string()))?;
    Ok(BlobFetchOutput {
        hash: hash.to_hex(),
        size: state.size.unwrap_or(0),
    })
}

async fn blobs_list(node: Arc<NodeInner>, _: Empty) -> Result<crate::files::ListOutput, ApiError> {
    files_of(&node)?.files.list().await
}

async fn blobs_status(
    node: Arc<NodeInner>,
    _: Empty,
) -> Result<crate::files::StatusOutput, ApiError> {
    files_of(&node)?.files.status().await
}

/// The kernel's methods.
pub(crate) fn kernel_methods(node: Weak<NodeInner>) -> Vec<MethodSpec> {
    let mut methods = vec![
        kernel_method(
            &node,
            "blobs.add",
            "Adds a file to this node's store (streamed from disk) and pins it: returns its hash, size and a ticket",
            BLOBS_WRITE,
            blobs_add,
        ),
        kernel_method(
            &node,
            "blobs.share",
            "Shares a file or a folder: returns an iroh-blobs ticket and a supernet:// link others can fetch it with",
            BLOBS_WRITE,
            blobs_share,
        ),
        kernel_method(
            &node,
            "blobs.unshare",
            "Stops sharing: the file or folder is deleted unless something else keeps it",
            BLOBS_WRITE,
            blobs_unshare,
        ),
        kernel_method(
            &node,
            "blobs.unpin",
            "Releases a file added or received by hand: deleted unless something else keeps it",
            BLOBS_WRITE,
            blobs_unpin,
        ),
        kernel_method(
            &node,
            "blobs.get",
            "Downloads what a ticket names (verified, resumable), pins it, and writes it to a path when given",
            BLOBS_WRITE,
            blobs_get,
        ),
        kernel_method(
            &node,
            "blobs.fetch",
            "Downloads a file an event refers to, from its author's node or any node that holds it",
            BLOBS_WRITE,
            blobs_fetch,
        ),
        kernel_method(
            &node,
            "blobs.list",
            "Every file this node keeps, with its size, how much is here, and why it is kept",
            BLOBS_READ,
            blobs_list,
        ),
        kernel_method(
            &node,
            "blobs.status",
            "Storage used by files (per reason and per author), the quota, and transfers with their progress",
            BLOBS_READ,
            blobs_status,
        ),
        kernel_method(
            &node,
            "node.info",
            "What this node is: version, account, apps, storage",
            NODE_READ,
            node_info,
        ),
        kernel_method(
            &node,
            "identity.get",
            "This node's account: whether there is one, its id and name, whether the key is unlocked",
            NODE_READ,
            identity::get,
        ),
        kernel_method(
            &node,
            "identity.create",
            "Creates this node's account; returns its id and the recovery phrase, shown only this once",
            NODE_ADMIN,
            identity::create,
        ),
        kernel_method(
            &node,
            "identity.recover",
            "Restores this node's account from its 24-word recovery phrase",
            NODE_ADMIN,
            identity::recover,
        ),
        kernel_method(
            &node,
            "identity.unlock",
            "Unlocks the account key with its passphrase, so the node can sign",
            NODE_ADMIN,
            identity::unlock,
        ),
        kernel_method(
            &node,
            "identity.lock",
            "Forgets the unlocked key until the passphrase is given again",
            NODE_ADMIN,
            identity::lock,
        ),
        kernel_method(
            &node,
            "events.get",
            "One stored event by id, with its wire bytes",
            EVENTS_READ,
            events_get,
        ),
        kernel_method(
            &node,
            "events.query",
            "Stored events by author, kind and time, newest first, a page at a time",
            EVENTS_READ,
            events_query,
        ),
        kernel_method(
            &node,
            "events.delete",
            "Deletes events this node's account wrote, here and on every honest node that holds them (a signed deletion request)",
            EVENTS_WRITE,
            events_delete,
        )
        .signing(),
        kernel_method(
            &node,
            "events.deleted",
            "Events deleted at their author's request: which, by whom, and when",
            EVENTS_READ,
            events_deleted,
        ),
        kernel_method(
            &node,
            "events.ingest",
            "Stores one event signed elsewhere, after checking it like any event from the network",
            EVENTS_WRITE,
            events_ingest,
        ),
        kernel_method(
            &node,
            "events.export",
            "Writes every stored event to a portable file (absolute path on the node's machine)",
            NODE_ADMIN,
            events_export,
        ),
        kernel_method(
            &node,
            "events.import",
            "Reads an export file into this node: every event is verified, and one bad event refuses the whole file",
            NODE_ADMIN,
            events_import,
        ),
        kernel_method(
            &node,
            "net.ticket",
            "This node's contact card: a ticket (text, supernet:// link, QR code) another node follows it with",
            NODE_READ,
            net_ticket,
        ),
        kernel_method(
            &node,
            "net.peers",
            "The peers this node is connected to, and how many it has banned",
            NODE_READ,
            net_peers,
        ),
        kernel_method(
            &node,
            "net.devices",
            "This account's other devices (nodes restored from the same key) this node has met, and whether each is connected",
            NODE_READ,
            net_devices,
        ),
        kernel_method(
            &node,
            "net.set_paying",
            "Makes this device the one that signs its account's payments and asset transfers (or stops it): one device of an account at a time",
            NODE_ADMIN,
            net_set_paying,
        ),
        kernel_method(
            &node,
            "net.link_device",
            "Links another device of this account by its ticket: the two connect and keep the account's events, its private books included, the same",
            NODE_ADMIN,
            net_link_device,
        ),
        kernel_method(
            &node,
            "sync.status",
            "Per followed author: events held here, last sync, newest event",
            NODE_READ,
            sync_status,
        ),
        kernel_method(
            &node,
            "api.methods",
            "Every API method with its input and output JSON Schema",
            NODE_READ,
            api_methods,
        ),
    ];
    methods.extend(crate::tokens::methods(&node));
    methods
}

async fn node_info(node: Arc<NodeInner>, _: Empty) -> Result<NodeInfo, ApiError> {
    Ok(NodeInfo {
        version: crate::VERSION.to_owned(),
        account: node.identity().account(),
        name: node.identity().view().name,
        local_only: node.config.local_only,
        data_dir: node
            .config
            .data_dir
            .as_ref()
            .map(|d| d.display().to_string()),
        events: node.store.count().await?,
        apps: node
            .apps
            .iter()
            .map(|a| AppInfo {
                id: a.id.clone(),
                name: a.name.clone(),
                description: a.description.clone(),
                kinds: a.kinds.iter().map(|k| k.name.clone()).collect(),
                permissions: a.permissions.clone(),
            })
            .collect(),
    })
}

async fn events_delete(node: Arc<NodeInner>, input: DeleteInput) -> Result<DeleteOutput, ApiError> {
    use supernet_core::deletion::{MAX_REASON_CHARS, MAX_TARGETS};
    let me = node
        .identity()
        .account()
        .ok_or_else(|| ApiError::new(ErrorCode::KeystoreMissing, "this node has no account yet"))?;
    let mut ids = input.ids;
    ids.sort();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_TARGETS {
        return Err(ApiError::invalid_input(format!(
            "give 1 to {MAX_TARGETS} event ids, not {}",
            ids.len()
        )));
    }
    if let Some(reason) = &input.reason
        && reason.chars().count() > MAX_REASON_CHARS
    {
        return Err(ApiError::invalid_input(format!(
            "a reason has at most {MAX_REASON_CHARS} characters"
        )));
    }
    let mut held = Vec::new();
    for id in &ids {
        if let Some(event) = node.store.get(id).await? {
            if event.author() != me {
                return Err(ApiError::new(
                    ErrorCode::PermissionDenied,
                    format!(
                        "{id} was written by {}, not by this node's account: only its author can delete it",
                        event.author()
                    ),
                ));
            }
            if let Some(seq) = event.seq() {
                return Err(ApiError::invalid_input(format!(
                    "{id} is number {seq} in your chain of {} records (payments, transfers): \
                     a chained record cannot be deleted, because others rely on it",
                    event.kind()
                )));
            }
            held.push(*id);
        }
    }
    let body = match &input.reason {
        Some(reason) => serde_json::json!({ "reason": reason }),
        None => serde_json::json!({}),
    };
    let draft = supernet_core::Draft {
        refs: ids
            .iter()
            .map(|id| supernet_core::Ref::Event(*id))
            .collect(),
        ..supernet_core::Draft::new(
            supernet_core::deletion::KIND,
            crate::now(),
            body.to_string().into_bytes(),
        )
    };
    let request = supernet_apps::Kernel::publish(node.as_ref(), draft).await?;
    Ok(DeleteOutput {
        request: request.id(),
        deleted: held,
    })
}

async fn events_deleted(
    node: Arc<NodeInner>,
    input: DeletedInput,
) -> Result<DeletedOutput, ApiError> {
    let limit = input.limit.unwrap_or(100);
    if !(1..=supernet_store::MAX_PAGE).contains(&limit) {
        return Err(ApiError::invalid_input(format!(
            "limit must be between 1 and {}, not {limit}",
            supernet_store::MAX_PAGE
        )));
    }
    let deleted = node
        .store
        .tombstones(&input.ids, input.author.as_ref(), limit)
        .await?;
    Ok(DeletedOutput { deleted })
}

async fn events_get(node: Arc<NodeInner>, input: GetInput) -> Result<EventView, ApiError> {
    let event = node.store.get(&input.id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("no event {} is stored on this node", input.id),
        )
    })?;
    Ok(EventView::from(&event))
}

async fn events_query(node: Arc<NodeInner>, input: QueryInput) -> Result<QueryOutput, ApiError> {
    for kind in &input.kinds {
        if !supernet_core::event::valid_kind(kind) {
            return Err(ApiError::invalid_input(format!(
                "{kind:?} is not a kind name (namespace.name)"
            )));
        }
    }
    let query = EventQuery {
        authors: input.authors,
        kinds: input.kinds,
        since: input.since,
        until: input.until,
        before: input.before.as_deref().map(Cursor::parse).transpose()?,
        limit: input.limit.unwrap_or(DEFAULT_QUERY_LIMIT),
    };
    let page = node.store.query(&query).await?;
    Ok(QueryOutput {
        events: page.events.iter().map(EventView::from).collect(),
        next: page.next.map(|c| c.to_text()),
    })
}

async fn events_ingest(node: Arc<NodeInner>, input: IngestInput) -> Result<IngestOutput, ApiError> {
    let wire = URL_SAFE_NO_PAD
        .decode(input.wire.trim_end_matches('='))
        .map_err(|e| ApiError::invalid_input(format!("wire is not base64url: {e}")))?;
    let event = Event::decode(wire)?.verify(crate::now())?;
    ingest::check_kind(&node.kinds, &event)?;
    let id = event.id();
    let report = node.store.ingest(vec![event]).await?;
    Ok(IngestOutput {
        id,
        stored: report.inserted == 1,
    })
}

async fn events_export(
    node: Arc<NodeInner>,
    input: FileInput,
) -> Result<export::ExportOutput, ApiError> {
    export::export(&node.store, &absolute(input.path)?).await
}

async fn events_import(
    node: Arc<NodeInner>,
    input: FileInput,
) -> Result<export::ImportOutput, ApiError> {
    let path = absolute(input.path)?;
    let kinds = node.kinds.clone();
    export::import(&node.store, &path, move |e| ingest::check_kind(&kinds, e)).await
}

fn network_of(node: &NodeInner) -> Result<std::sync::Arc<crate::network::Network>, ApiError> {
    node.network().ok_or_else(|| {
        ApiError::new(
            ErrorCode::Unavailable,
            "the network is not running: it runs with `supernet serve` or the desktop app",
        )
    })
}

async fn net_ticket(
    node: Arc<NodeInner>,
    _: Empty,
) -> Result<crate::network::TicketOutput, ApiError> {
    let network = network_of(&node)?;
    let account = node
        .identity()
        .account()
        .ok_or_else(crate::identity::no_account)?;
    let ticket = network.ticket(account).await?;
    let link = ticket.to_link();
    Ok(crate::network::TicketOutput {
        ticket: ticket.to_text(),
        qr_svg: crate::network::qr_svg(&link.to_ascii_uppercase())?,
        link,
        peer_id: ticket.peer.to_string(),
        addresses: ticket.addresses.iter().map(ToString::to_string).collect(),
    })
}

/// A connected peer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PeerView {
    /// Its network peer id.
    pub peer_id: String,
    /// The account whose node it is, once its contact card arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    /// Its file-layer endpoint id, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<String>,
    /// Addresses known for it.
    pub addresses: Vec<String>,
    /// Its software, once identified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// Last ping round trip, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtt_ms: Option<u64>,
}

/// Output of `net.peers`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PeersOutput {
    /// Connected peers.
    pub peers: Vec<PeerView>,
    /// Peers banned for misbehaving (for a while).
    pub banned: Vec<String>,
}

async fn net_peers(node: Arc<NodeInner>, _: Empty) -> Result<PeersOutput, ApiError> {
    let network = network_of(&node)?;
    let unavailable =
        |e: supernet_net::NetError| ApiError::new(ErrorCode::Unavailable, e.to_string());
    let peers = network.net.peers().await.map_err(unavailable)?;
    let banned = network.net.banned().await.map_err(unavailable)?;
    Ok(PeersOutput {
        peers: peers
            .into_iter()
            .map(|p| {
                let card = p.peer_id.parse().ok().and_then(|id| network.contact(&id));
                PeerView {
                    account: card.as_ref().map(|t| t.account),
                    files: card.and_then(|t| t.blobs).map(|a| a.id.to_string()),
                    peer_id: p.peer_id,
                    addresses: p.addresses,
                    agent: p.agent,
                    rtt_ms: p.rtt_ms,
                }
            })
            .collect(),
        banned: banned.iter().map(ToString::to_string).collect(),
    })
}

/// Another device of this account.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DeviceView {
    /// Its network peer id.
    pub peer_id: String,
    /// Whether it is connected now.
    pub connected: bool,
    /// When this node last synced with it (ms since the Unix epoch), if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_synced_at: Option<u64>,
}

/// Output of `net.devices`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DevicesOutput {
    /// This device's peer id.
    pub this_device: String,
    /// Whether this device signs the account's payments and asset transfers (one device
    /// at a time does; a device restored from the recovery phrase starts without).
    pub paying: bool,
    /// The others, connected first.
    pub devices: Vec<DeviceView>,
}

async fn net_devices(node: Arc<NodeInner>, _: Empty) -> Result<DevicesOutput, ApiError> {
    let network = network_of(&node)?;
    let me = node
        .identity()
        .account()
        .ok_or_else(crate::identity::no_account)?;
    let connected: std::collections::HashSet<String> = network
        .net
        .peers()
        .await
        .map_err(|e| ApiError::new(ErrorCode::Unavailable, e.to_string()))?
        .into_iter()
        .map(|p| p.peer_id)
        .collect();
    let reports = network.reports();
    let mut devices: Vec<DeviceView> = network
        .devices(me)
        .into_iter()
        .map(|peer| {
            let peer_id = peer.to_string();
            DeviceView {
                connected: connected.contains(&peer_id),
                last_synced_at: reports.iter().find(|r| r.peer == peer_id).map(|r| r.at),
                peer_id,
            }
        })
        .collect();
    devices.sort_by(|a, b| {
        b.connected
            .cmp(&a.connected)
            .then(a.peer_id.cmp(&b.peer_id))
    });
    Ok(DevicesOutput {
        this_device: network.net.peer_id().to_string(),
        paying: crate::paying::pays(&node.store).await?,
        devices,
    })
}

/// Input of `net.set_paying`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPayingInput {
    /// Whether this device pays from now on.
    pub paying: bool,
}

/// Output of `net.set_paying`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PayingOutput {
    /// Whether this device pays now.
    pub paying: bool,
}

async fn net_set_paying(
    node: Arc<NodeInner>,
    input: SetPayingInput,
) -> Result<PayingOutput, ApiError> {
    crate::paying::set(&node.store, input.paying).await?;
    Ok(PayingOutput {
        paying: crate::paying::pays(&node.store).await?,
    })
}

/// Input of `net.link_device`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkDeviceInput {
    /// The other device's ticket (`net.ticket` there), as text or `supernet://` link.
    pub ticket: String,
}

async fn net_link_device(
    node: Arc<NodeInner>,
    input: LinkDeviceInput,
) -> Result<DevicesOutput, ApiError> {
    let network = network_of(&node)?;
    let me = node
        .identity()
        .account()
        .ok_or_else(crate::identity::no_account)?;
    let ticket = crate::network::parse_ticket(input.ticket.trim())?;
    if ticket.account != me {
        return Err(ApiError::invalid_input(format!(
            "that ticket is of another account ({}): a device of yours has this account, {me}; \
             restore it there from your recovery phrase first, or follow that account instead",
            ticket.account
        )));
    }
    if ticket.peer == network.net.peer_id() {
        return Err(ApiError::invalid_input(
            "that is this device's own ticket: paste it on the other device, or paste that device's ticket here",
        ));
    }
    supernet_apps::Kernel::replicate(node.as_ref(), me, Some(input.ticket.trim())).await?;
    net_devices(node, Empty::default()).await
}

/// Output of `sync.status`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SyncStatusOutput {
    /// Whether the network runs.
    pub running: bool,
    /// One entry per followed author (and this node's own account).
    pub authors: Vec<crate::network::AuthorStatus>,
    /// The last sync with each peer, newest first.
    pub peers: Vec<crate::network::SyncReport>,
}

async fn sync_status(node: Arc<NodeInner>, _: Empty) -> Result<SyncStatusOutput, ApiError> {
    let network = node.network();
    let me = node.identity().account();
    let mut follows = match &network {
        Some(n) => n.follows(),
        None => crate::network::follow_set(&node.store, me).await?,
    };
    if let Some(me) = me {
        follows.insert(me);
    }
    let synced = network.as_ref().map(|n| n.status()).unwrap_or_default();
    let mut authors = Vec::with_capacity(follows.len());
    for account in follows {
        let (events, _) = node.store.usage(Some(&account)).await?;
        let newest = node
            .store
            .query(&EventQuery {
                authors: vec![account],
                limit: 1,
                ..Default::default()
            })
            .await?
            .events
            .first()
            .map(|e| e.created_at());
        let last = synced.get(&account);
        authors.push(crate::network::AuthorStatus {
            account: account.to_text(),
            events,
            last_synced_at: last.map(|l| l.0),
            last_peer: last.map(|l| l.1.clone()),
            missing: network.as_ref().and_then(|n| n.missing(&account)),

            newest_event_at: newest,
        });
    }
    Ok(SyncStatusOutput {
        running: network.is_some(),
        peers: network.as_ref().map(|n| n.reports()).unwrap_or_default(),
        authors,
    })
}

async fn api_methods(node: Arc<NodeInner>, _: Empty) -> Result<MethodsOutput, ApiError> {
    Ok(describe(node.methods.values()))
}

fn describe<'a>(methods: impl Iterator<Item = &'a MethodSpec>) -> MethodsOutput {
    let mut methods: Vec<MethodInfo> = methods
        .map(|m| MethodInfo {
            name: m.name.clone(),
            description: m.description.clone(),
            permission: m.permission.clone(),
            signs: m.signs,
            input: m.input.clone(),
            output: m.output.clone(),
        })
        .collect();
    methods.sort_by(|a, b| a.name.cmp(&b.name));
    MethodsOutput {
        contract_version: CONTRACT_VERSION,
        methods,
        error_codes: ErrorCode::ALL.to_vec(),
    }
}

/// What `api.methods` answers on a node with the built-in applications, without opening
/// one: for generating client types and API documentation.
pub fn describe_api() -> MethodsOutput {
    let apps = supernet_apps::builtin();
    let mut kernel = kernel_methods(Weak::new());
    kernel.extend(crate::miniapps::methods(Weak::new()));
    describe(
        kernel
            .iter()
            .chain(apps.iter().flat_map(|a| a.methods.iter())),
    )
}
