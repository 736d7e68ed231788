//! The node on the network: it runs the overlay (`supernet-net`), keeps what its account
//! follows (and its own events), serves what it holds to anyone who asks, and validates
//! everything that arrives before it is stored.
//!
//! ```text
//!  Net ──NetEvent::Gossip──▶ validate (signature, kind, author followed, quota) ──▶ store
//!      ──Connected(peer)───▶ sync(peer) ─┐
//!      ──Subscribed(peer)──▶ sync(peer) ─┤
//!  timer (every minute) ────▶ sync(all) ─┴▶ Net::pull(filter: followed authors) ──▶ store
//!  Kernel::publish ─────────▶ Net::publish (gossip to the author's topic)
//! ```
//!
//! The follow set is the account's own `social.follow` / `social.unfollow` events: the
//! kernel replicates what its account follows.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::sync::{Filter, Key, Range, SyncSource};
use supernet_core::{AccountId, ApiError, ErrorCode, Event, EventId, Ref, Timestamp};
use supernet_net::{Net, NetEvent, Offence, PeerId, Ticket, Verdict};
use supernet_store::{EventQuery, Notice, Store};
use tokio::sync::{Semaphore, mpsc};

use crate::NodeInner;

/// The kinds whose events, by the node's own account, say whom it follows.
pub(crate) const FOLLOW: &str = "social.follow";
/// See [`FOLLOW`].
pub(crate) const UNFOLLOW: &str = "social.unfollow";
/// How often the node reconciles with every connected peer, catching whatever gossip
/// missed. A minute keeps a feed fresh without measurable load.
const SYNC_EVERY: Duration = Duration::from_secs(60);
/// Peers whose last sync report is kept (for `sync.status`).
const MAX_REPORTS: usize = 256;
/// Syncs running at once: each reads the store and verifies on every core.
const CONCURRENT_SYNCS: usize = 2;
/// Contact cards remembered across restarts: the nodes a person follows and meets, not a
/// phone book of the whole network.
const MAX_CONTACTS: usize = 256;
/// Default storage quota for one followed author: generous for text (a million posts),
/// a bound against an author who floods.
pub const DEFAULT_QUOTA_PER_AUTHOR: u64 = 512 * 1024 * 1024;
/// Default storage quota for everything the node keeps of others.
pub const DEFAULT_QUOTA_TOTAL: u64 = 8 * 1024 * 1024 * 1024;

/// How the node joins the network.
#[derive(Debug, Clone)]
pub struct NetworkConfig {
    /// Listen on 127.0.0.1 only, without mDNS, public peers or relays.
    pub local_only: bool,
    /// TCP/UDP port (0: the system chooses).
    pub port: u16,
    /// Peers to connect to at start (multiaddrs with `/p2p/<peer id>`).
    pub bootstrap: Vec<String>,
    /// Relay for others ("router mode").
    pub relay_server: bool,
    /// Storage quota per followed author, in bytes.
    pub quota_per_author: u64,
    /// Storage quota for all others' events, in bytes.
    pub quota_total: u64,
    /// How often to reconcile with every connected peer (besides on connecting).
    pub sync_every: Duration,
    /// Storage quota for files (blobs), in bytes.
    pub blob_quota: u64,
    /// Relays for the file layer (`https://…`); none: direct connections only.
    pub blob_relays: Vec<String>,
    /// Files of followed accounts up to this size are fetched as their events arrive;
    /// bigger ones when someone opens them.
    pub fetch_max: u64,
    /// How often files nothing keeps any more are deleted.
    pub gc_every: Duration,
}

impl NetworkConfig {
    /// Local-only defaults: what tests and benchmarks use.
    pub fn local() -> Self {
        Self {
            local_only: true,
            port: 0,
            bootstrap: vec![],
            relay_server: false,
            quota_per_author: DEFAULT_QUOTA_PER_AUTHOR,
            quota_total: DEFAULT_QUOTA_TOTAL,
            sync_every: SYNC_EVERY,
            blob_quota: crate::files::DEFAULT_BLOB_QUOTA,
            blob_relays: vec![],
            fetch_max: crate::files::DEFAULT_FETCH_MAX,
            gc_every: crate::files::GC_EVERY,
        }
    }
}

/// The node's events, read for reconciliation.
#[derive(Debug, Clone)]
pub(crate) struct StoreSource {
    store: Store,
    /// This node's contact card (ticket text), given to peers that ask.
    card: Arc<RwLock<String>>,
}

impl SyncSource for StoreSource {
    type Error = supernet_store::StoreError;

    async fn keys(&self, filter: &Filter, range: &Range) -> Result<Vec<Key>, Self::Error> {
        let rows = self
            .store
            .keys(
                &filter.authors,
                &filter.named,
                &filter.kinds,
                range.lower.created_at,
                range.upper.created_at,
            )
            .await?;
        let mut keys: Vec<Key> = rows
            .into_iter()
            .map(|(created_at, id)| Key {
                created_at,
                id: EventId(id),
            })
            .filter(|k| range.contains(k))
            .collect();
        keys.sort_unstable();
        Ok(keys)
    }

    async fn events(&self, ids: &[EventId]) -> Result<Vec<Vec<u8>>, Self::Error> {
        self.store.wires(ids).await
    }

    fn contact(&self) -> Vec<u8> {
        self.card
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .into_bytes()
    }
}

/// Sync state of one followed author, for `sync.status`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct AuthorStatus {
    /// The author.
    pub account: String,
    /// Events of theirs stored here.
    pub events: u64,
    /// When a sync covering them last ended well (ms since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_synced_at: Option<Timestamp>,
    /// The peer of that sync.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_peer: Option<String>,
    /// Events of theirs that the last sync found at a peer but this node did not keep
    /// (storage quota full); absent until a sync covered them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<u64>,
    /// When their newest event stored here was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_event_at: Option<Timestamp>,
}

/// The last sync with one peer, for `sync.status`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SyncReport {
    /// The peer.
    pub peer: String,
    /// When the sync ended (ms since the epoch).
    pub at: Timestamp,
    /// Reconciliation rounds.
    pub rounds: usize,
    /// Events received.
    pub fetched: usize,
    /// Bytes of requests sent.
    pub bytes_sent: u64,
    /// Bytes of answers received.
    pub bytes_received: u64,
}

/// The node's running overlay and its replication state.
#[derive(Debug)]
pub(crate) struct Network {
    pub(crate) net: Net,
    source: StoreSource,
    follows: RwLock<BTreeSet<AccountId>>,
    synced: Mutex<HashMap<AccountId, (Timestamp, String)>>,
    /// Per author, events the last sync offered that were not kept (quota).
    missing: Mutex<HashMap<AccountId, u64>>,
    reports: Mutex<HashMap<PeerId, SyncReport>>,
    usage: Mutex<HashMap<AccountId, u64>>,
    /// Bytes of all other accounts' events stored here, once counted.
    others_usage: Mutex<Option<u64>>,
    /// Peers a sync is running with; `true` when another round was asked for meanwhile
    /// (the follows changed, say), which then runs right after.
    syncing: Mutex<HashMap<PeerId, bool>>,
    slots: Arc<Semaphore>,
    config: NetworkConfig,
    /// The file layer.
    pub(crate) files: crate::files::Files,
    /// Contact cards of peers met: whose node each is, and its file-layer address.
    contacts: Mutex<HashMap<PeerId, Ticket>>,
    /// Where contact cards are remembered across restarts.
    data_dir: Option<crate::datadir::DataDir>,
}

fn unavailable(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Unavailable, e.to_string())
}

impl Network {
    /// Starts the overlay for `node`; its events go to [`Network::run`] once the node holds
    /// the network.
    pub(crate) async fn start(
        node: &Arc<NodeInner>,
        config: NetworkConfig,
        key_seed: [u8; 32],
    ) -> Result<(Arc<Self>, mpsc::Receiver<NetEvent>), ApiError> {
        let source = StoreSource {
            store: node.store.clone(),
            card: Arc::new(RwLock::new(String::new())),
        };
        let files = crate::files::Files::start(
            node.store.clone(),
            node.data_dir.as_ref().map(|d| d.root().join("blobs")),
            blake3::derive_key("supernet 2026 file-layer endpoint key", &key_seed),
            config.local_only,
            config.blob_relays.clone(),
            crate::files::Limits {
                quota: config.blob_quota,
                fetch_max: config.fetch_max,
                gc_every: config.gc_every,
            },
        )
        .await?;
        let bootstrap = config
            .bootstrap
            .iter()
            .map(|a| {
                a.parse().map_err(|e| {
                    ApiError::invalid_input(format!("bootstrap peer {a:?} is not a multiaddr: {e}"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (net, events) = Net::start(
            supernet_net::Config {
                key_seed,
                local_only: config.local_only,
                port: config.port,
                bootstrap,
                relay_server: config.relay_server,
            },
            Arc::new(source.clone()),
        )
        .await
        .map_err(unavailable)?;
        let mut follows = follow_set(&node.store, node.identity().account()).await?;
        if let Some(me) = node.identity().account() {
            follows.insert(me);
        }
        for author in &follows {
            net.follow(*author).await.map_err(unavailable)?;
        }
        let network = Arc::new(Self {
            net,
            source,
            follows: RwLock::new(follows),
            synced: Mutex::new(HashMap::new()),
            missing: Mutex::new(HashMap::new()),
            reports: Mutex::new(HashMap::new()),
            usage: Mutex::new(HashMap::new()),
            others_usage: Mutex::new(None),
            syncing: Mutex::new(HashMap::new()),
            slots: Arc::new(Semaphore::new(CONCURRENT_SYNCS)),
            config,
            files,
            contacts: Mutex::new(HashMap::new()),
            data_dir: node.data_dir.clone(),
        });
        network.refresh_card(node.identity().account()).await;
        let me = network.net.peer_id();
        let known: Vec<Ticket> = node
            .data_dir
            .as_ref()
            .map(|d| d.contacts())
            .unwrap_or_default()
            .iter()
            .filter_map(|text| Ticket::parse(text).ok())
            .filter(|t| t.peer != me)
            .collect();
        for ticket in known {
            let (net, peer, addresses) =
                (network.net.clone(), ticket.peer, ticket.addresses.clone());
            network
                .contacts
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(ticket.peer, ticket.clone());
            if let Some(addr) = ticket.blobs {
                network.files.blobs.learn(addr);
            }
            tokio::spawn(async move {
                if let Err(e) = net.dial(peer, addresses).await {
                    tracing::debug!(%peer, "a remembered peer is not reachable: {e}");
                }
            });
        }
        Ok((network, events))
    }

    /// Starts handling the overlay's events and the periodic sync. Called once the node
    /// holds the network, so that nothing handled here finds it missing: a peer that
    /// connects at once (a bootstrap peer) is synced with like any other.
    pub(crate) fn run(&self, node: &Arc<NodeInner>, events: mpsc::Receiver<NetEvent>) {
        tokio::spawn(event_loop(Arc::downgrade(node), events));
        tokio::spawn(sync_timer(Arc::downgrade(node), self.config.sync_every));
        tokio::spawn(keep_attachments(
            Arc::downgrade(node),
            node.store.subscribe(),
        ));
    }

    /// Renews the contact card peers get when they ask.
    pub(crate) async fn refresh_card(&self, account: Option<AccountId>) {
        let Some(account) = account else { return };
        match self.ticket(account).await {
            Ok(ticket) => {
                *self.source.card.write().unwrap_or_else(|p| p.into_inner()) = ticket.to_text()
            }
            Err(e) => tracing::debug!("contact card not renewed: {}", e.message),
        }
    }

    /// Asks `peer` for its contact card and remembers its file-layer address.
    async fn learn_contact(&self, peer: PeerId) {
        match self.net.contact(peer).await {
            Ok(Some(ticket)) if ticket.peer == peer => self.remember(ticket),
            Ok(Some(_)) => tracing::info!(%peer, "a peer gave someone else's contact card"),
            Ok(None) => {}
            Err(e) => tracing::debug!(%peer, "no contact card: {e}"),
        }
    }

    /// Remembers a contact card (from a peer, or a ticket the user gave), also across
    /// restarts.
    pub(crate) fn remember(&self, ticket: Ticket) {
        if let Some(addr) = &ticket.blobs {
            self.files.blobs.learn(addr.clone());
        }
        let saved: Vec<String> = {
            let mut contacts = self.contacts.lock().unwrap_or_else(|p| p.into_inner());
            if contacts.get(&ticket.peer) == Some(&ticket) {
                return;
            }
            if contacts.len() >= MAX_CONTACTS && !contacts.contains_key(&ticket.peer) {
                // Forget one not followed, to make room.
                let follows = self.follows();
                let spare = contacts
                    .iter()
                    .find(|(_, t)| !follows.contains(&t.account))
                    .map(|(p, _)| *p);
                match spare {
                    Some(peer) => {
                        contacts.remove(&peer);
                    }
                    None => return,
                }
            }
            contacts.insert(ticket.peer, ticket);
            contacts.values().map(Ticket::to_text).collect()
        };
        if let Some(dir) = &self.data_dir
            && let Err(e) = dir.save_contacts(&saved)
        {
            tracing::warn!("contact cards not saved: {}", e.message);
        }
    }

    /// The contact card of `peer`, once known.
    pub(crate) fn contact(&self, peer: &PeerId) -> Option<Ticket> {
        self.contacts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(peer)
            .cloned()
    }

    /// The nodes of `me`'s account this node has met, other than itself.
    pub(crate) fn devices(&self, me: AccountId) -> Vec<PeerId> {
        let mine = self.net.peer_id();
        self.contacts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .filter(|t| t.account == me && t.peer != mine)
            .map(|t| t.peer)
            .collect()
    }

    /// Asks the account's other devices this node has met to sync with it now: it wrote
    /// events of a kind kept only on them, which are not gossiped. A device that is away
    /// gets them on its next sync.
    pub(crate) fn nudge_own_devices(&self, me: AccountId) {
        for peer in self.devices(me) {
            let net = self.net.clone();
            tokio::spawn(async move {
                if let Err(e) = net.nudge(peer).await {
                    tracing::debug!(%peer, "another device of this account not nudged: {e}");
                }
            });
        }
    }

    /// File-layer endpoints to ask for a file of `author`'s: the author's own node first,
    /// then every other node this one knows (followers of the author among them).
    pub(crate) fn providers(
        &self,
        author: Option<AccountId>,
    ) -> Vec<supernet_net::blobs::EndpointId> {
        let contacts = self.contacts.lock().unwrap_or_else(|p| p.into_inner());
        let mut ordered: Vec<&Ticket> = contacts.values().filter(|t| t.blobs.is_some()).collect();
        ordered.sort_by_key(|t| (Some(t.account) != author, t.peer));
        let mut out = Vec::with_capacity(ordered.len());
        for t in ordered {
            if let Some(addr) = &t.blobs
                && !out.contains(&addr.id)
            {
                out.push(addr.id);
            }
        }
        out
    }

    pub(crate) fn follows(&self) -> BTreeSet<AccountId> {
        self.follows
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn filter(&self, kinds: Vec<String>, me: Option<AccountId>) -> Filter {
        Filter {
            authors: self.follows().into_iter().collect(),
            kinds,
            named: me.into_iter().collect(),
        }
    }

    /// This node's contact card.
    pub(crate) async fn ticket(&self, account: AccountId) -> Result<Ticket, ApiError> {
        let mut addresses = self.net.addresses().await.map_err(unavailable)?;
        // Without the peer id suffix: the ticket carries the peer id itself.
        for a in &mut addresses {
            if matches!(
                a.iter().last(),
                Some(supernet_net::multiaddr::Protocol::P2p(_))
            ) {
                a.pop();
            }
        }
        Ok(Ticket {
            account,
            peer: self.net.peer_id(),
            addresses,
            blobs: Some(self.files.blobs.addr()),
        })
    }

    pub(crate) async fn follow(&self, account: AccountId) -> Result<(), ApiError> {
        self.follows
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(account);
        self.net.follow(account).await.map_err(unavailable)
    }

    pub(crate) async fn unfollow(
        &self,
        account: AccountId,
        me: Option<AccountId>,
    ) -> Result<(), ApiError> {
        if Some(account) == me {
            return Ok(());
        }
        self.follows
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&account);
        self.net.unfollow(account).await.map_err(unavailable)
    }

    /// Whether the node keeps `event`: its author is followed (or is this node's account),
    /// or it names this node's account or a followed one (a reply, a mention, a reaction, a
    /// follow: what the followers of a post see around it).
    fn wants(&self, event: &Event, me: Option<AccountId>) -> bool {
        if self.keeps(&event.author()) || Some(event.author()) == me {
            return true;
        }
        event.refs().iter().any(|r| match r {
            supernet_core::Ref::Account(a) => Some(*a) == me || self.keeps(a),
            _ => false,
        })
    }

    /// Whether the node keeps events of `author` (it follows them, or they are its own).
    fn keeps(&self, author: &AccountId) -> bool {
        self.follows
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains(author)
    }

    /// Checks `bytes` more of `author` against the quotas; counts them when they fit.
    pub(crate) async fn within_quota(
        &self,
        store: &Store,
        author: AccountId,
        me: Option<AccountId>,
        bytes: u64,
    ) -> Result<(), ApiError> {
        if Some(author) == me {
            return Ok(());
        }
        let known = self
            .usage
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&author)
            .copied();
        let used = match known {
            Some(used) => used,
            None => store.usage(Some(&author)).await?.1,
        };
        if used + bytes > self.config.quota_per_author {
            return Err(ApiError::new(
                ErrorCode::QuotaExceeded,
                format!(
                    "{author} uses {used} bytes here, the quota per author is {}",
                    self.config.quota_per_author
                ),
            ));
        }
        let known = *self.others_usage.lock().unwrap_or_else(|p| p.into_inner());
        let others = match known {
            Some(others) => others,
            None => {
                let all = store.usage(None).await?.1;
                let mine = match me {
                    Some(me) => store.usage(Some(&me)).await?.1,
                    None => 0,
                };
                all.saturating_sub(mine)
            }
        };
        if others + bytes > self.config.quota_total {
            return Err(ApiError::new(
                ErrorCode::QuotaExceeded,
                format!(
                    "others' events use {others} bytes here, the total quota for them is {}",
                    self.config.quota_total
                ),
            ));
        }
        *self.others_usage.lock().unwrap_or_else(|p| p.into_inner()) = Some(others + bytes);
        self.usage
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(author, used + bytes);
        Ok(())
    }

    /// Records a sync with `peer` that covered `authors` and ended well; `over_quota`
    /// counts, per author, the events it found but did not keep.
    fn record_sync(
        &self,
        peer: PeerId,
        authors: &[AccountId],
        report: &supernet_net::PullReport,
        over_quota: &HashMap<AccountId, u64>,
    ) {
        let now = crate::now();
        let mut synced = self.synced.lock().unwrap_or_else(|p| p.into_inner());
        let mut missing = self.missing.lock().unwrap_or_else(|p| p.into_inner());
        for author in authors {
            synced.insert(*author, (now, peer.to_string()));
            missing.insert(*author, over_quota.get(author).copied().unwrap_or(0));
        }
        drop((synced, missing));
        let mut reports = self.reports.lock().unwrap_or_else(|p| p.into_inner());
        if reports.len() >= MAX_REPORTS && !reports.contains_key(&peer) {
            let oldest = reports.iter().min_by_key(|(_, r)| r.at).map(|(p, _)| *p);
            if let Some(oldest) = oldest {
                reports.remove(&oldest);
            }
        }
        reports.insert(
            peer,
            SyncReport {
                peer: peer.to_string(),
                at: now,
                rounds: report.rounds,
                fetched: report.fetched,
                bytes_sent: report.bytes_sent,
                bytes_received: report.bytes_received,
            },
        );
    }

    /// The last finished sync with each peer, newest first.
    pub(crate) fn reports(&self) -> Vec<SyncReport> {
        let mut reports: Vec<SyncReport> = self
            .reports
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect();
        reports.sort_by_key(|r| std::cmp::Reverse(r.at));
        reports
    }

    pub(crate) fn status(&self) -> HashMap<AccountId, (Timestamp, String)> {
        self.synced
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Events of `author` the last sync found but did not keep; `None` before any sync.
    pub(crate) fn missing(&self, author: &AccountId) -> Option<u64> {
        self.missing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(author)
            .copied()
    }
}

/// Whom `me` follows: the effect of its `social.follow` / `social.unfollow` events, in
/// order of creation.
pub(crate) async fn follow_set(
    store: &Store,
    me: Option<AccountId>,
) -> Result<BTreeSet<AccountId>, ApiError> {
    let mut follows = BTreeSet::new();
    let Some(me) = me else { return Ok(follows) };
    let mut events = Vec::new();
    let mut query = EventQuery {
        authors: vec![me],
        kinds: vec![FOLLOW.into(), UNFOLLOW.into()],
        limit: supernet_store::MAX_PAGE,
        ..Default::default()
    };
    loop {
        let page = store.query(&query).await?;
        events.extend(page.events);
        match page.next {
            Some(next) => query.before = Some(next),
            None => break,
        }
    }
    events.sort_by_key(|e| (e.created_at(), e.id()));
    for event in events {
        for r in event.refs() {
            if let Ref::Account(target) = r {
                if event.kind() == FOLLOW {
                    follows.insert(*target);
                } else {
                    follows.remove(target);
                }
            }
        }
    }
    Ok(follows)
}

/// Reconciles the followed authors with `peer`: one sync per peer at a time; one asked for
/// while another runs is done right after it, with the filter of that moment.
pub(crate) async fn sync_with(
    node: Arc<NodeInner>,
    peer: PeerId,
) -> Result<supernet_net::PullReport, ApiError> {
    let network = node
        .network()
        .ok_or_else(|| unavailable("the network is not running"))?;
    {
        let mut syncing = network.syncing.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(again) = syncing.get_mut(&peer) {
            *again = true;
            return Err(ApiError::new(
                ErrorCode::AlreadyExists,
                format!("a sync with {peer} is running; another round follows it"),
            ));
        }
        syncing.insert(peer, false);
    }
    loop {
        let result = sync_round(&node, &network, peer).await;
        let mut syncing = network.syncing.lock().unwrap_or_else(|p| p.into_inner());
        if syncing.get(&peer) == Some(&true) {
            syncing.insert(peer, false);
            continue;
        }
        syncing.remove(&peer);
        return result;
    }
}

/// One reconciliation with `peer`.
async fn sync_round(
    node: &Arc<NodeInner>,
    network: &Arc<Network>,
    peer: PeerId,
) -> Result<supernet_net::PullReport, ApiError> {
    let _permit = network
        .slots
        .clone()
        .acquire_owned()
        .await
        .map_err(unavailable)?;
    let me = node.identity().account();
    // Kinds kept only on the account's own devices are asked of its own nodes alone.
    let own_device = network
        .contact(&peer)
        .is_some_and(|t| Some(t.account) == me);
    let kinds: Vec<String> = node
        .kinds
        .names()
        .into_iter()
        .filter(|k| own_device || !node.kinds.own_devices_only(k))
        .collect();
    let filter = network.filter(kinds, me);
    let keeps = network.clone();
    let judge = node.clone();
    let admit: crate::ingest::Admit = Arc::new(move |e: &Event| {
        if judge.is_blocked(&e.author()) {
            Err(ApiError::new(
                ErrorCode::QuotaExceeded,
                format!("{} is by {}, whom this node blocks", e.id(), e.author()),
            ))
        } else if !own_devices_rule(&judge, e) {
            Err(ApiError::new(
                ErrorCode::InvalidBody,
                format!(
                    "{} is a {} by {}: that kind is kept only on its author's own devices",
                    e.id(),
                    e.kind(),
                    e.author()
                ),
            ))
        } else if keeps.wants(e, judge.identity().account()) {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::InvalidBody,
                format!(
                    "{} is by {}, whom this node did not ask for",
                    e.id(),
                    e.author()
                ),
            ))
        }
    });
    let pipeline = crate::ingest::Pipeline::start(node, Some(admit), Some(network.clone()));
    let mut fetched = 0usize;
    let sink = |wires: Vec<Vec<u8>>| {
        fetched += wires.len();
        let progress = fetched;
        let input = pipeline.input.clone();
        let refused = pipeline.refused.clone();
        let store = node.store.clone();
        async move {
            if refused.load(std::sync::atomic::Ordering::Relaxed) {
                return Err("it sent invalid events".to_owned());
            }
            let batch = wires.into_iter().map(Vec::into_boxed_slice).collect();
            input
                .send(batch)
                .await
                .map_err(|_| "the ingest stopped".to_owned())?;
            store.notify(Notice::Sync {
                peer: peer.to_string(),
                fetched: progress,
                done: false,
                error: None,
            });
            Ok(())
        }
    };
    let pulled = network.net.pull(peer, &network.source, &filter, sink).await;
    let over_quota = pipeline.over_quota.clone();
    let stored = pipeline.finish().await;
    let outcome = match (pulled, stored) {
        (Ok(_), Ok(ingest)) if ingest.rejected_count > 0 => {
            let why = ingest
                .rejected
                .first()
                .map_or_else(String::new, |r| r.message.clone());
            network.net.penalise(peer, Offence::Severe).await;
            Err(supernet_net::PullError::Invalid(why))
        }
        (Ok(report), Ok(_)) => Ok(report),
        (Err(e), _) => Err(e),
        (Ok(_), Err(e)) => Err(supernet_net::PullError::Local(e.message)),
    };
    match outcome {
        Ok(report) => {
            let over_quota = over_quota.lock().unwrap_or_else(|p| p.into_inner());
            network.record_sync(peer, &filter.authors, &report, &over_quota);
            node.store.notify(Notice::Sync {
                peer: peer.to_string(),
                fetched: report.fetched,
                done: true,
                error: None,
            });
            tracing::debug!(%peer, fetched = report.fetched, rounds = report.rounds, "sync done");
            Ok(report)
        }
        Err(e) => {
            node.store.notify(Notice::Sync {
                peer: peer.to_string(),
                fetched,
                done: true,
                error: Some(e.to_string()),
            });
            Err(ApiError::new(
                ErrorCode::Unavailable,
                format!("sync with {peer}: {e}"),
            ))
        }
    }
}

async fn event_loop(node: Weak<NodeInner>, mut events: mpsc::Receiver<NetEvent>) {
    while let Some(event) = events.recv().await {
        let Some(node) = node.upgrade() else { return };
        let Some(network) = node.network() else {
            return;
        };
        match event {
            NetEvent::Gossip {
                source,
                message_id,
                data,
            } => {
                let verdict = gossip(&node, &network, data).await;
                match verdict {
                    Ok(verdict) => network.net.report(message_id, source, verdict).await,
                    Err(offence) => {
                        network
                            .net
                            .report(message_id, source, Verdict::Reject)
                            .await;
                        network.net.penalise(source, offence).await;
                    }
                }
            }
            // Only the account's own devices may ask for a sync this way.
            NetEvent::Nudged(peer)
                if network
                    .contact(&peer)
                    .is_some_and(|t| Some(t.account) == node.identity().account()) =>
            {
                let node = node.clone();
                tokio::spawn(async move {
                    if let Err(e) = sync_with(node, peer).await {
                        tracing::debug!("sync on a nudge: {}", e.message);
                    }
                });
            }
            NetEvent::Connected(peer) | NetEvent::Subscribed(peer) => {
                let node = node.clone();
                let network = network.clone();
                tokio::spawn(async move {
                    if network
                        .source
                        .card
                        .read()
                        .unwrap_or_else(|p| p.into_inner())
                        .is_empty()
                    {
                        network.refresh_card(node.identity().account()).await;
                    }
                    network.learn_contact(peer).await;
                    if let Err(e) = sync_with(node, peer).await {
                        tracing::debug!("sync on connect or subscribe: {}", e.message);
                    }
                });
            }
            _ => {}
        }
    }
}

/// Validates and stores one gossiped event: whether to pass it on, or the offence when it is
/// invalid.
async fn gossip(
    node: &Arc<NodeInner>,
    network: &Network,
    data: Vec<u8>,
) -> Result<Verdict, Offence> {
    let event = match Event::decode(data).and_then(|e| e.verify(crate::now())) {
        Ok(e) => e,
        Err(e) if e.code() == ErrorCode::Expired => return Ok(Verdict::Ignore),
        Err(e) => {
            tracing::info!("invalid gossiped event: {e}");
            return Err(Offence::Severe);
        }
    };
    if crate::ingest::check_kind(&node.kinds, &event).is_err() {
        return Err(Offence::Minor);
    }
    // A blocked account's events are neither stored nor relayed here.
    if node.is_blocked(&event.author()) {
        return Ok(Verdict::Ignore);
    }
    // Another account's events of an own-devices kind: not for this node, nor to relay.
    if !own_devices_rule(node, &event) {
        return Ok(Verdict::Ignore);
    }
    let me = node.identity().account();
    if !network.wants(&event, me) {
        return Err(Offence::Minor);
    }
    if network
        .within_quota(&node.store, event.author(), me, event.wire().len() as u64)
        .await
        .is_err()
    {
        return Ok(Verdict::Ignore);
    }
    match node.store.ingest(vec![event]).await {
        Ok(_) => Ok(Verdict::Accept),
        Err(e) => {
            tracing::warn!("storing a gossiped event failed: {e}");
            Ok(Verdict::Ignore)
        }
    }
}

/// Whether `event` may be kept here as far as kinds kept only on their author's own
/// devices go: those only when this node holds the same account.
fn own_devices_rule(node: &NodeInner, event: &Event) -> bool {
    !node.kinds.own_devices_only(event.kind()) || Some(event.author()) == node.identity().account()
}

async fn sync_timer(node: Weak<NodeInner>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    loop {
        tick.tick().await;
        let Some(node) = node.upgrade() else { return };
        let Some(network) = node.network() else {
            return;
        };
        network.refresh_card(node.identity().account()).await;
        let peers = match network.net.peers().await {
            Ok(peers) => peers,
            Err(_) => return,
        };
        for peer in peers {
            if let Ok(peer) = peer.peer_id.parse::<PeerId>() {
                let node = node.clone();
                tokio::spawn(async move {
                    let _ = sync_with(node, peer).await;
                });
            }
        }
    }
}

/// Keeps the blobs that stored events refer to: tags (and, for others' events, fetches)
/// attachments as events arrive, and lets go of those of removed events.
async fn keep_attachments(
    node: Weak<NodeInner>,
    mut notices: tokio::sync::broadcast::Receiver<Arc<Notice>>,
) {
    let mut first = true;
    loop {
        let removed = if first {
            first = false;
            None
        } else {
            match notices.recv().await {
                Ok(notice) => match notice.as_ref() {
                    Notice::Events { .. } => None,
                    Notice::Removed { ids } => Some(ids.clone()),
                    _ => continue,
                },
                // Missed notices: a rescan from the last position catches up.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => None,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        };
        let Some(strong) = node.upgrade() else { return };
        let Some(network) = strong.network() else {
            return;
        };
        let result = match removed {
            Some(ids) => network.files.forget(&ids).await,
            None => {
                let me = strong.identity().account();
                let stale = network.files.forget_stale();
                let scan = network.files.scan(&node, me);
                if network.files.first_scan() {
                    stale.await.and(scan.await)
                } else {
                    scan.await
                }
            }
        };
        if let Err(e) = result {
            tracing::warn!("keeping attachments: {}", e.message);
        }
    }
}

/// What `net.ticket` answers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TicketOutput {
    /// The ticket as text: give it to someone so their node can follow this one.
    pub ticket: String,
    /// The same as a `supernet://follow/…` link.
    pub link: String,
    /// The link as a QR code (SVG).
    pub qr_svg: String,
    /// This node's network peer id.
    pub peer_id: String,
    /// Where this node listens.
    pub addresses: Vec<String>,
}

/// The QR code of `text`, as SVG.
pub(crate) fn qr_svg(text: &str) -> Result<String, ApiError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| ApiError::internal(format!("QR code: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build())
}

/// Connects to the node a ticket names (and remembers its address for Kademlia).
pub(crate) async fn dial_ticket(network: &Network, ticket: &Ticket) -> Result<PeerId, ApiError> {
    network
        .net
        .dial(ticket.peer, ticket.addresses.clone())
        .await
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Unavailable,
                format!("cannot reach the node of {}: {e}", ticket.account),
            )
        })?;
    Ok(ticket.peer)
}

/// Parses a ticket, with the API's error code.
pub(crate) fn parse_ticket(text: &str) -> Result<Ticket, ApiError> {
    Ticket::parse(text).map_err(|e| ApiError::invalid_input(e.to_string()))
}

/// Finds peers holding `account`'s events through the DHT.
pub(crate) async fn find_holders(network: &Network, account: AccountId) -> Vec<PeerId> {
    network.net.find_holders(account).await.unwrap_or_default()
}

/// Peers asked by one [`fetch`]: the node's connections, then holders the DHT names — a
/// few are enough, since any node that holds the events serves them all.
const MAX_FETCH_PEERS: usize = 8;
/// Longest a [`fetch`] waits for the DHT to name holders: it runs on an application's
/// behalf (a payee checking a payer) and must not stall it for the DHT's full query time.
const FETCH_FIND_TIMEOUT: Duration = Duration::from_secs(5);

/// Asks connected peers (and, when they had nothing new, holders of `wanted.authors`
/// found through the DHT) once for the events matching `wanted`, and stores the valid ones;
/// follows no one. Returns how many were new (see `Kernel::fetch`).
pub(crate) async fn fetch(
    node: Arc<NodeInner>,
    network: &Arc<Network>,
    wanted: supernet_apps::contract::Fetch,
) -> Result<usize, ApiError> {
    let kinds = if wanted.kinds.is_empty() {
        node.kinds.names()
    } else {
        wanted.kinds
    };
    let filter = Filter {
        authors: wanted.authors,
        kinds,
        named: wanted.named,
    };
    let connected: Vec<PeerId> = network
        .net
        .peers()
        .await
        .map_err(unavailable)?
        .iter()
        .filter_map(|p| p.peer_id.parse().ok())
        .take(MAX_FETCH_PEERS)
        .collect();
    let mut inserted = 0;
    for &peer in &connected {
        match fetch_from(&node, network, peer, &filter).await {
            Ok(n) => inserted += n,
            Err(e) => tracing::debug!(%peer, "fetch: {}", e.message),
        }
    }
    if inserted > 0 {
        return Ok(inserted);
    }
    let mut holders = Vec::new();
    for author in &filter.authors {
        let found = tokio::time::timeout(FETCH_FIND_TIMEOUT, find_holders(network, *author))
            .await
            .unwrap_or_default();
        for peer in found {
            if !connected.contains(&peer) && !holders.contains(&peer) {
                holders.push(peer);
            }
        }
    }
    for peer in holders.into_iter().take(MAX_FETCH_PEERS) {
        match fetch_from(&node, network, peer, &filter).await {
            Ok(n) => inserted += n,
            Err(e) => tracing::debug!(%peer, "fetch: {}", e.message),
        }
    }
    Ok(inserted)
}

/// One pull of `filter` from `peer`, admitting only what the filter asks for.
async fn fetch_from(
    node: &Arc<NodeInner>,
    network: &Arc<Network>,
    peer: PeerId,
    filter: &Filter,
) -> Result<usize, ApiError> {
    let _permit = network
        .slots
        .clone()
        .acquire_owned()
        .await
        .map_err(unavailable)?;
    let asked = filter.clone();
    let judge = node.clone();
    let admit: crate::ingest::Admit = Arc::new(move |e: &Event| {
        let named = e
            .refs()
            .iter()
            .any(|r| matches!(r, Ref::Account(a) if asked.named.contains(a)));
        if judge.is_blocked(&e.author()) {
            Err(ApiError::new(
                ErrorCode::QuotaExceeded,
                format!("{} is by {}, whom this node blocks", e.id(), e.author()),
            ))
        } else if asked.kinds.iter().any(|k| k == e.kind())
            && (asked.authors.contains(&e.author()) || named)
        {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::InvalidBody,
                format!("{} is not among the events asked for", e.id()),
            ))
        }
    });
    let pipeline = crate::ingest::Pipeline::start(node, Some(admit), Some(network.clone()));
    let sink = |wires: Vec<Vec<u8>>| {
        let input = pipeline.input.clone();
        let refused = pipeline.refused.clone();
        async move {
            if refused.load(std::sync::atomic::Ordering::Relaxed) {
                return Err("it sent invalid events".to_owned());
            }
            let batch = wires.into_iter().map(Vec::into_boxed_slice).collect();
            input
                .send(batch)
                .await
                .map_err(|_| "the ingest stopped".to_owned())
        }
    };
    let pulled = network.net.pull(peer, &network.source, filter, sink).await;
    let stored = pipeline.finish().await?;
    if stored.rejected_count > 0 {
        network.net.penalise(peer, Offence::Severe).await;
    }
    pulled.map_err(|e| ApiError::new(ErrorCode::Unavailable, format!("fetch from {peer}: {e}")))?;
    Ok(stored.inserted)
}
