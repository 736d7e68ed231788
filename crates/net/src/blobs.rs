//! The file layer: an iroh endpoint serving an iroh-blobs store. Files are blobs named by
//! their BLAKE3 hash; transfers are verified as they stream (a provider that sends one
//! wrong byte is dropped and the next one is asked), resume from whatever is already
//! stored, and can read any byte range of a blob that is only partly here.
//!
//! ```text
//!  Blobs ── Store (files in <data>/blobs, or memory) ─┬─ Router: serves iroh_blobs::ALPN
//!        │                                            └─ Downloader: providers in order,
//!        │                                               each asked only for what is missing
//!        └─ Endpoint (QUIC, dialed by endpoint id) ── AddressBook: addresses we were told
//! ```
//!
//! What keeps a blob is a *tag* (a name → hash): the node names its reasons (an event, a
//! share, a pin) and the store deletes, every [`BlobConfig::gc_every`], each blob no tag names.

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use iroh::address_lookup::MemoryLookup;
use iroh::endpoint::presets;
use iroh::protocol::Router;
use iroh::{Endpoint, EndpointAddr, RelayMode, RelayUrl, SecretKey};
use iroh_blobs::api::Store;
use iroh_blobs::api::blobs::{AddProgressItem, BlobStatus};
use iroh_blobs::api::downloader::{DownloadProgressItem, Downloader};
use iroh_blobs::api::proto::ExportRangesItem;
use iroh_blobs::format::collection::Collection;
use iroh_blobs::protocol::{ChunkRanges, ChunkRangesExt, GetRequest};
use iroh_blobs::store::GcConfig;
use iroh_blobs::store::fs::FsStore;
use iroh_blobs::store::fs::options::Options as FsOptions;
use iroh_blobs::store::mem::{MemStore, Options as MemOptions};
use iroh_blobs::ticket::BlobTicket;
use iroh_blobs::{BlobsProtocol, HashAndFormat};

pub use iroh::EndpointId;
pub use iroh_blobs::{BlobFormat, Hash};

use crate::NetError;

/// How to run the file layer.
#[derive(Debug, Clone)]
pub struct BlobConfig {
    /// Where the store keeps its files; `None` keeps blobs in memory (tests, in-memory nodes).
    pub dir: Option<PathBuf>,
    /// The endpoint's key (an Ed25519 seed), so its endpoint id survives restarts.
    pub key_seed: [u8; 32],
    /// Bind 127.0.0.1 only, with no relays: nothing leaves the machine.
    pub local_only: bool,
    /// UDP port (0: the system chooses).
    pub port: u16,
    /// Relays to reach and be reached through (`https://…` URLs). Empty: no relays, direct
    /// addresses only. Public relays are only used when listed here.
    pub relays: Vec<String>,
    /// How often blobs that no tag names are deleted.
    pub gc_every: Duration,
}

/// Where a transfer stands, reported while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Asking this provider.
    Trying(EndpointId),
    /// The provider could not be reached, did not have the data, or sent data that failed
    /// verification; it is not asked again for this transfer.
    Dropped(EndpointId),
    /// Bytes of the blob held locally so far (including what was here before).
    Bytes(u64),
}

/// How much of a blob is stored here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlobState {
    /// Its size, once known (verified).
    pub size: Option<u64>,
    /// Bytes stored here.
    pub have: u64,
    /// Whether all of it is here.
    pub complete: bool,
}

/// One file of a shared folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionEntry {
    /// Its path inside the folder, `/`-separated.
    pub name: String,
    /// Its content.
    pub hash: Hash,
}

/// The running file layer. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Blobs {
    store: Store,
    /// Where the file store keeps blob data (`None` in memory).
    paths: Option<iroh_blobs::store::fs::options::PathOptions>,
    endpoint: Endpoint,
    router: Router,
    book: MemoryLookup,
    downloader: Downloader,
}

fn setup(e: impl std::fmt::Display) -> NetError {
    NetError::Setup(format!("the file layer: {e}"))
}

fn store_error(e: impl std::fmt::Display) -> NetError {
    NetError::Unreachable(format!("the blob store failed: {e}"))
}

/// How long opening the file store waits for a store of the same directory that is still
/// closing in this process (a node restarted at once) to release its database.
const STORE_RELEASE_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Opens the file store in `dir`, waiting up to [`STORE_RELEASE_WAIT`] while the database
/// is still held by a closing store; any other failure is reported at once.
async fn load_store(dir: &std::path::Path, gc: GcConfig) -> Result<FsStore, NetError> {
    let deadline = tokio::time::Instant::now() + STORE_RELEASE_WAIT;
    loop {
        let mut options = FsOptions::new(dir);
        options.gc = Some(gc.clone());
        match FsStore::load_with_opts(dir.join("blobs.db"), options).await {
            Ok(store) => return Ok(store),
            Err(e)
                if e.to_string().contains("already open")
                    && tokio::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => return Err(setup(e)),
        }
    }
}

impl Blobs {
    /// Opens the store and starts serving it.
    pub async fn start(config: BlobConfig) -> Result<Self, NetError> {
        let paths = config.dir.as_ref().map(|d| FsOptions::new(d).path);
        let gc = GcConfig {
            interval: config.gc_every,
            add_protected: None,
        };
        let store: Store = match &config.dir {
            Some(dir) => load_store(dir, gc).await?.into(),
            None => MemStore::new_with_opts(MemOptions {
                gc_config: Some(gc),
            })
            .into(),
        };
        let book = MemoryLookup::new();
        let mut builder = Endpoint::builder(presets::Minimal)
            .secret_key(SecretKey::from_bytes(&config.key_seed))
            .address_lookup(book.clone());
        if config.local_only {
            builder = builder
                .clear_ip_transports()
                .bind_addr(SocketAddrV4::new(Ipv4Addr::LOCALHOST, config.port))
                .map_err(setup)?;
        } else if config.port != 0 {
            builder = builder
                .bind_addr(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, config.port))
                .map_err(setup)?;
        }
        let relays = if config.local_only {
            vec![]
        } else {
            config
                .relays
                .iter()
                .map(|r| {
                    RelayUrl::from_str(r)
                        .map_err(|e| NetError::Invalid(format!("relay {r:?} is not a URL: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()?
        };
        builder = builder.relay_mode(if relays.is_empty() {
            RelayMode::Disabled
        } else {
            RelayMode::custom(relays)
        });
        let endpoint = builder.bind().await.map_err(setup)?;
        let router = Router::builder(endpoint.clone())
            .accept(iroh_blobs::ALPN, BlobsProtocol::new(&store, None))
            .spawn();
        let downloader = store.downloader(&endpoint);
        Ok(Self {
            store,
            paths,
            endpoint,
            router,
            book,
            downloader,
        })
    }

    /// This node's endpoint id.
    pub fn id(&self) -> EndpointId {
        self.endpoint.id()
    }

    /// How to reach this node: its endpoint id, bound addresses and relay.
    pub fn addr(&self) -> EndpointAddr {
        let mut addr = self.endpoint.addr();
        for socket in self.endpoint.bound_sockets() {
            if !socket.ip().is_unspecified() {
                addr.addrs.insert(iroh::TransportAddr::Ip(socket));
            }
        }
        addr
    }

    /// The UDP port the endpoint listens on.
    pub fn port(&self) -> Option<u16> {
        self.endpoint.bound_sockets().first().map(SocketAddr::port)
    }

    /// Remembers where a node can be reached.
    pub fn learn(&self, addr: EndpointAddr) {
        if addr.id != self.endpoint.id() {
            self.book.add_endpoint_info(addr);
        }
    }

    /// Adds a file by streaming it from disk (never whole in memory) and names it with
    /// `tag`. `progress` sees the bytes read so far.
    pub async fn add_path(
        &self,
        path: &Path,
        tag: &str,
        mut progress: impl FnMut(u64, Option<u64>) + Send,
    ) -> Result<(Hash, u64), NetError> {
        let stream = self.store.blobs().add_path(path).stream().await;
        self.finish_add(stream, tag, &mut progress).await
    }

    /// Adds what `data` yields and names it with `tag`.
    pub async fn add_stream(
        &self,
        data: impl Stream<Item = std::io::Result<bytes::Bytes>> + Send + Sync + 'static,
        tag: &str,
        mut progress: impl FnMut(u64, Option<u64>) + Send,
    ) -> Result<(Hash, u64), NetError> {
        let stream = self.store.blobs().add_stream(data).await.stream().await;
        self.finish_add(stream, tag, &mut progress).await
    }

    async fn finish_add(
        &self,
        stream: impl Stream<Item = AddProgressItem>,
        tag: &str,
        progress: &mut (impl FnMut(u64, Option<u64>) + Send),
    ) -> Result<(Hash, u64), NetError> {
        let mut stream = std::pin::pin!(stream);
        let mut size = None;
        while let Some(item) = stream.next().await {
            match item {
                AddProgressItem::Size(s) => size = Some(s),
                AddProgressItem::CopyProgress(n) | AddProgressItem::OutboardProgress(n) => {
                    progress(n, size)
                }
                AddProgressItem::Done(temp) => {
                    let hash = temp.hash();
                    self.tag(tag, hash).await?;
                    drop(temp);
                    let size = size.unwrap_or(0);
                    progress(size, Some(size));
                    return Ok((hash, size));
                }
                AddProgressItem::Error(e) => {
                    return Err(NetError::Invalid(format!("could not add the file: {e}")));
                }
                _ => {}
            }
        }
        Err(store_error("the import ended without a result"))
    }

    /// Names `hash` with `tag`, so it is kept.
    pub async fn tag(&self, tag: &str, hash: Hash) -> Result<(), NetError> {
        self.tag_format(tag, HashAndFormat::raw(hash)).await
    }

    /// Names a folder listing and every file it lists with `tag`.
    pub async fn tag_folder(&self, tag: &str, hash: Hash) -> Result<(), NetError> {
        self.tag_format(tag, HashAndFormat::hash_seq(hash)).await
    }

    /// [`Blobs::tag`] or [`Blobs::tag_folder`].
    pub async fn tag_content(&self, tag: &str, hash: Hash, folder: bool) -> Result<(), NetError> {
        if folder {
            self.tag_folder(tag, hash).await
        } else {
            self.tag(tag, hash).await
        }
    }

    async fn tag_format(&self, tag: &str, content: HashAndFormat) -> Result<(), NetError> {
        self.store
            .tags()
            .set(tag, content)
            .await
            .map_err(store_error)
    }

    /// Removes every tag whose name starts with `prefix`; returns how many.
    pub async fn untag_prefix(&self, prefix: &str) -> Result<u64, NetError> {
        self.store
            .tags()
            .delete_prefix(prefix)
            .await
            .map_err(store_error)
    }

    /// Every tag whose name starts with `prefix`, with the hash it names.
    pub async fn tags(&self, prefix: &str) -> Result<Vec<(String, Hash)>, NetError> {
        Ok(self
            .tags_with_kind(prefix)
            .await?
            .into_iter()
            .map(|(name, hash, _)| (name, hash))
            .collect())
    }

    /// [`Blobs::tags`], with whether each names a folder listing (which keeps its files).
    pub async fn tags_with_kind(
        &self,
        prefix: &str,
    ) -> Result<Vec<(String, Hash, bool)>, NetError> {
        let mut out = vec![];
        let mut list = self
            .store
            .tags()
            .list_prefix(prefix)
            .await
            .map_err(store_error)?;
        while let Some(tag) = list.next().await {
            let tag = tag.map_err(store_error)?;
            out.push((
                String::from_utf8_lossy(&tag.name.0).into_owned(),
                tag.hash,
                tag.format == BlobFormat::HashSeq,
            ));
        }
        Ok(out)
    }

    /// How many blobs the store holds (complete or partial).
    pub async fn count(&self) -> Result<usize, NetError> {
        Ok(self
            .store
            .blobs()
            .list()
            .hashes()
            .await
            .map_err(store_error)?
            .len())
    }

    /// How much of `hash` is here.
    pub async fn state(&self, hash: Hash) -> Result<BlobState, NetError> {
        let status = self.store.blobs().status(hash).await.map_err(store_error)?;
        Ok(match status {
            BlobStatus::NotFound => BlobState {
                size: None,
                have: 0,
                complete: false,
            },
            BlobStatus::Complete { size } => BlobState {
                size: Some(size),
                have: size,
                complete: true,
            },
            BlobStatus::Partial { size } => {
                let local = self
                    .store
                    .remote()
                    .local(HashAndFormat::raw(hash))
                    .await
                    .map_err(store_error)?;
                BlobState {
                    size,
                    have: local.local_bytes(),
                    complete: false,
                }
            }
        })
    }

    /// Downloads all of `hash` (or, for a collection, it and every file it lists), asking
    /// `providers` in order, each only for what is still missing. A big file comes in
    /// [`PARALLEL_PARTS`] parts at once over separate connections first — from different
    /// providers when there are several — which keeps every core busy; whatever they leave
    /// missing is fetched in order after.
    pub async fn download(
        &self,
        hash: Hash,
        folder: bool,
        providers: Vec<EndpointId>,
        mut progress: impl FnMut(Progress) + Send,
    ) -> Result<(), NetError> {
        if !folder {
            let providers: Vec<EndpointId> = providers
                .iter()
                .copied()
                .filter(|p| *p != self.endpoint.id())
                .collect();
            if let Some(first) = providers.first()
                && let Ok(size) = self.probe_size(hash, &providers).await
                && size >= PARALLEL_FROM
            {
                progress(Progress::Trying(*first));
                self.download_parts(hash, size, &providers, &mut progress)
                    .await;
            }
        }
        self.download_in_order(hash, folder, providers, progress)
            .await
    }

    /// Fetches the missing chunks of `hash` in [`PARALLEL_PARTS`] parts at once, each from
    /// the first of `providers` that delivers it. Best effort: the caller finishes the job.
    async fn download_parts(
        &self,
        hash: Hash,
        size: u64,
        providers: &[EndpointId],
        progress: &mut (impl FnMut(Progress) + Send),
    ) {
        let chunks = size.div_ceil(1024);
        let step = chunks.div_ceil(PARALLEL_PARTS);
        // Part i asks the providers starting from the i-th: several providers share the
        // work, and each part still falls back to all of them.
        let orders: Vec<Vec<EndpointId>> = (0..PARALLEL_PARTS as usize)
            .map(|i| {
                let mut order = providers.to_vec();
                order.rotate_left(i % providers.len().max(1));
                order
            })
            .collect();
        let mut asked = Vec::new();
        for first in orders.iter().filter_map(|o| o.first()) {
            if !asked.contains(first) {
                asked.push(*first);
                progress(Progress::Trying(*first));
            }
        }
        let parts = orders.iter().enumerate().map(|(i, order)| {
            let i = i as u64;
            let range = ChunkRanges::chunks(i * step..((i + 1) * step).min(chunks));
            self.ensure_chunks(hash, range, order)
        });
        let all = futures_util::future::join_all(parts);
        tokio::pin!(all);
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
        loop {
            tokio::select! {
                _ = &mut all => break,
                _ = tick.tick() => {
                    if let Ok(state) = self.state(hash).await {
                        progress(Progress::Bytes(state.have));
                    }
                }
            }
        }
    }

    async fn download_in_order(
        &self,
        hash: Hash,
        folder: bool,
        providers: Vec<EndpointId>,
        mut progress: impl FnMut(Progress) + Send,
    ) -> Result<(), NetError> {
        let content = if folder {
            HashAndFormat::hash_seq(hash)
        } else {
            HashAndFormat::raw(hash)
        };
        let providers: Vec<EndpointId> = providers
            .into_iter()
            .filter(|p| *p != self.endpoint.id())
            .collect();
        if providers.is_empty() {
            return Err(NetError::Unreachable(format!(
                "no node is known to hold {}; ask its author for a ticket",
                content.hash
            )));
        }
        let mut items = self
            .downloader
            .download(content, providers)
            .stream()
            .await
            .map_err(store_error)?;
        let mut failed = false;
        while let Some(item) = items.next().await {
            match item {
                DownloadProgressItem::TryProvider { id, .. } => progress(Progress::Trying(id)),
                DownloadProgressItem::ProviderFailed { id, .. } => progress(Progress::Dropped(id)),
                DownloadProgressItem::Progress(n) => progress(Progress::Bytes(n)),
                DownloadProgressItem::Error(e) => {
                    tracing::debug!(hash = %content.hash, "download ended: {e}");
                    failed = true;
                }
                DownloadProgressItem::DownloadError => failed = true,
                DownloadProgressItem::PartComplete { .. } => {}
            }
        }
        let complete = match content.format {
            BlobFormat::Raw => self.state(content.hash).await?.complete,
            BlobFormat::HashSeq => !failed,
        };
        if complete {
            Ok(())
        } else {
            Err(NetError::Unreachable(format!(
                "no provider delivered all of {}; what arrived is kept and the next try resumes there",
                content.hash
            )))
        }
    }

    /// Makes sure bytes `range` of `hash` are here, fetching only the missing chunks from
    /// the first of `providers` that delivers them.
    pub async fn ensure_range(
        &self,
        hash: Hash,
        range: Range<u64>,
        providers: &[EndpointId],
    ) -> Result<(), NetError> {
        self.ensure_chunks(hash, ChunkRanges::bytes(range.clone()), providers)
            .await
            .map_err(|last| {
                NetError::Unreachable(format!(
                    "bytes {}..{} of {hash} are not here and no provider delivered them{last}",
                    range.start, range.end,
                ))
            })
    }

    /// The verified size of `hash`, fetching its last chunk from `providers` when it is
    /// not known here.
    pub async fn probe_size(&self, hash: Hash, providers: &[EndpointId]) -> Result<u64, NetError> {
        if let Some(size) = self.state(hash).await?.size {
            return Ok(size);
        }
        self.ensure_chunks(hash, ChunkRanges::last_chunk(), providers)
            .await
            .map_err(|last| {
                NetError::Unreachable(format!(
                    "no node could say how big {hash} is{last}; is its provider online?"
                ))
            })?;
        self.state(hash).await?.size.ok_or_else(|| {
            NetError::Unreachable(format!("the size of {hash} could not be verified"))
        })
    }

    /// Fetches the chunks of `wanted` not here yet; on failure, why the last provider
    /// failed (as a suffix for a message).
    async fn ensure_chunks(
        &self,
        hash: Hash,
        wanted: ChunkRanges,
        providers: &[EndpointId],
    ) -> Result<(), String> {
        let mut last = None;
        for provider in providers.iter().filter(|p| **p != self.endpoint.id()) {
            let have = self.present(hash).await.map_err(|e| e.to_string())?;
            let missing = if self
                .state(hash)
                .await
                .map_err(|e| e.to_string())?
                .size
                .is_some()
            {
                wanted.clone() - have
            } else {
                wanted.clone()
            };
            if missing.is_empty() {
                return Ok(());
            }
            let result = async {
                let conn = self
                    .endpoint
                    .connect(*provider, iroh_blobs::ALPN)
                    .await
                    .map_err(|e| e.to_string())?;
                self.store
                    .remote()
                    .execute_get(conn, GetRequest::blob_ranges(hash, missing))
                    .complete()
                    .await
                    .map_err(|e| e.to_string())
            }
            .await;
            match result {
                Ok(_) => return Ok(()),
                Err(e) => last = Some(format!("{provider}: {e}")),
            }
        }
        let have = self.present(hash).await.map_err(|e| e.to_string())?;
        if self
            .state(hash)
            .await
            .map_err(|e| e.to_string())?
            .size
            .is_some()
            && (wanted - have).is_empty()
        {
            return Ok(());
        }
        Err(last.map(|l| format!(" (last: {l})")).unwrap_or_default())
    }

    /// The chunks of `hash` stored here.
    async fn present(&self, hash: Hash) -> Result<ChunkRanges, NetError> {
        let bitfield = self
            .store
            .blobs()
            .observe(hash)
            .await
            .map_err(store_error)?;
        Ok(bitfield.ranges)
    }

    /// Reads bytes `range` of `hash`, which must be here (see [`Blobs::ensure_range`]).
    pub async fn read(&self, hash: Hash, range: Range<u64>) -> Result<Vec<u8>, NetError> {
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        let mut items = std::pin::pin!(
            self.store
                .blobs()
                .export_ranges(hash, range.clone())
                .stream()
        );
        while let Some(item) = items.next().await {
            match item {
                ExportRangesItem::Size(_) => {}
                ExportRangesItem::Data(leaf) => out.extend_from_slice(&leaf.data),
                ExportRangesItem::Error(e) => return Err(store_error(e)),
            }
        }
        Ok(out)
    }

    /// Writes all of `hash` to the file `target`.
    pub async fn export(&self, hash: Hash, target: &Path) -> Result<u64, NetError> {
        // A complete blob of any size has a data file of its own: the kernel copies it
        // (copy_file_range) several times faster than reading and writing it through here.
        if let (Some(paths), Some(size)) = (&self.paths, self.state(hash).await?.size) {
            let source = paths.data_path(&hash);
            let whole = tokio::fs::metadata(&source)
                .await
                .is_ok_and(|m| m.len() == size);
            if whole && self.state(hash).await?.complete {
                return tokio::fs::copy(&source, target).await.map_err(|e| {
                    NetError::Invalid(format!("could not write {}: {e}", target.display()))
                });
            }
        }
        self.store
            .blobs()
            .export(hash, target)
            .finish()
            .await
            .map_err(|e| NetError::Invalid(format!("could not write {}: {e}", target.display())))
    }

    /// Stores a folder listing and names it with `tag` (the files must be added already).
    pub async fn add_collection(
        &self,
        entries: Vec<CollectionEntry>,
        tag: &str,
    ) -> Result<Hash, NetError> {
        let collection: Collection = entries.into_iter().map(|e| (e.name, e.hash)).collect();
        let temp = collection.store(&self.store).await.map_err(store_error)?;
        let content = temp.hash_and_format();
        self.tag_format(tag, content).await?;
        Ok(content.hash)
    }

    /// Reads a folder listing that is here.
    pub async fn collection(&self, hash: Hash) -> Result<Vec<CollectionEntry>, NetError> {
        let collection = Collection::load(hash, &self.store)
            .await
            .map_err(|e| NetError::Invalid(format!("{hash} is not a folder listing: {e}")))?;
        Ok(collection
            .iter()
            .map(|(name, hash)| CollectionEntry {
                name: name.clone(),
                hash: *hash,
            })
            .collect())
    }

    /// A standard iroh-blobs ticket for `hash` served by this node.
    pub fn ticket(&self, hash: Hash, folder: bool) -> BlobTicket {
        let format = if folder {
            BlobFormat::HashSeq
        } else {
            BlobFormat::Raw
        };
        BlobTicket::new(self.addr(), hash, format)
    }

    /// Stops serving, closes the endpoint and the store.
    pub async fn shutdown(&self) {
        if let Err(e) = self.router.shutdown().await {
            tracing::debug!("file layer shutdown: {e}");
        }
        self.endpoint.close().await;
        // Waits for the store to close its database, so the same data directory can be
        // opened again at once (a restart, a test reopening a node).
        if let Err(e) = self.store.shutdown().await {
            tracing::debug!("file store shutdown: {e}");
        }
    }
}

/// Files at least this big are fetched in parts at once ([`Blobs::download`]).
const PARALLEL_FROM: u64 = 64 * 1024 * 1024;
/// Parts fetched at once: one per core at each end, and a little more for overlap.
const PARALLEL_PARTS: u64 = 4;

/// Reads an iroh-blobs ticket (text, or a `supernet://blob/…` link).
pub fn parse_ticket(text: &str) -> Result<BlobTicket, NetError> {
    let text = text.trim();
    let text = text.strip_prefix(BLOB_LINK_PREFIX).unwrap_or(text);
    BlobTicket::from_str(text).map_err(|e| {
        NetError::Invalid(format!(
            "not a file ticket ({e}); it starts with \"blob\" — copy the whole ticket again"
        ))
    })
}

/// Prefix of a file link.
pub const BLOB_LINK_PREFIX: &str = "supernet://blob/";

/// The `supernet://blob/…` link for a ticket.
pub fn ticket_link(ticket: &BlobTicket) -> String {
    format!("{BLOB_LINK_PREFIX}{ticket}")
}

/// Reads a blob hash (64 hex digits or iroh's base32 form).
pub fn parse_hash(text: &str) -> Result<Hash, NetError> {
    Hash::from_str(text.trim()).map_err(|_| {
        NetError::Invalid(format!(
            "{text:?} is not a blob hash (64 hexadecimal digits)"
        ))
    })
}

/// An endpoint address from its wire form (postcard), as carried in contact cards.
pub fn addr_from_bytes(bytes: &[u8]) -> Result<EndpointAddr, NetError> {
    postcard::from_bytes(bytes)
        .map_err(|e| NetError::Invalid(format!("not a file-layer address: {e}")))
}

/// The wire form of an endpoint address.
pub fn addr_to_bytes(addr: &EndpointAddr) -> Vec<u8> {
    postcard::to_stdvec(addr).expect("endpoint addresses serialise")
}

/// Direct socket addresses of `addr` (for display).
pub fn socket_addrs(addr: &EndpointAddr) -> Vec<SocketAddr> {
    addr.ip_addrs().copied().collect()
}
