//! Files: what the node keeps in its blob store, why, and the transfers that fill it.
//!
//! ```text
//!  blobs.add / upload ──▶ store (streamed) ── tag pin/<hash>
//!  blobs.share ─────────▶ store (+ folder listing) ── tag share/<hash>
//!  event with attachments stored ─▶ tag ev/<event>/<author>/<hash> ─▶ others': download
//!  event removed (expired, deleted) ─▶ untag ev/<event>/  ─▶ the store's GC deletes the blob
//!  every transfer ─▶ Notice::Transfer (throttled) and `blobs.status`
//! ```
//!
//! A blob is kept while some tag names it; the storage quota bounds the sum of what all
//! tags keep, and whatever would pass it is refused with `quota_exceeded`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::sealed_file::{self, FileKey};
use supernet_core::{AccountId, ApiError, Attachment, ErrorCode, EventId};
use supernet_net::blobs::{
    BlobConfig, BlobFormat, BlobState, Blobs, CollectionEntry, EndpointId, Hash, Progress,
    parse_hash, parse_ticket, ticket_link,
};
use supernet_store::{Notice, Store, Transfer};
use tokio::sync::Semaphore;

use crate::NodeInner;

/// Default storage quota for files: room for a few hundred films, and a bound that keeps a
/// node from filling its disk with what it follows.
pub const DEFAULT_BLOB_QUOTA: u64 = 64 * 1024 * 1024 * 1024;
/// How often blobs nothing needs any more are deleted.
pub const GC_EVERY: Duration = Duration::from_secs(60);
/// Files of followed accounts fetched as soon as their events arrive: up to a film; a
/// bigger one waits until someone opens it.
pub const DEFAULT_FETCH_MAX: u64 = 2 * 1024 * 1024 * 1024;

/// Bounds on what the node keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Storage quota for all kept files.
    pub(crate) quota: u64,
    /// Largest file fetched without being asked.
    pub(crate) fetch_max: u64,
    /// How often unkept files are deleted.
    pub(crate) gc_every: Duration,
}
/// Downloads running at once: more would only split the same link.
const CONCURRENT_DOWNLOADS: usize = 2;
/// Progress notices per transfer, at most one per this interval (and a last one at the end).
const NOTICE_EVERY: Duration = Duration::from_millis(250);
/// Ended transfers kept for `blobs.status`.
const KEPT_TRANSFERS: usize = 64;
/// What an event body that carries files contains: the scan looks for it in SQLite.
const ATTACHMENTS_FIELD: &[u8] = b"\"attachments\"";
/// Events read per step of the attachment scan.
const SCAN_PAGE: u32 = 1000;
/// Longest byte range served for one HTTP range request: big enough for smooth playback,
/// small enough that a player seeking far ahead does not wait for a long download.
pub const MAX_RANGE: u64 = 4 * 1024 * 1024;

/// Longest side of a thumbnail, in pixels: sharp in a feed column on a high-density screen.
const THUMB_SIDE: u32 = 480;
/// Largest image decoded for a thumbnail: decoding needs memory in proportion.
const MAX_THUMB_SOURCE: u64 = 50 * 1024 * 1024;
/// JPEG quality of thumbnails: no visible artefacts at their size.
const THUMB_QUALITY: u8 = 82;

/// Tag prefixes: the reasons a blob is kept.
const PIN: &str = "pin/";
/// `thumb/<image hash>` names the image's thumbnail (and keeps it while the image is kept).
const THUMB: &str = "thumb/";
const SHARE: &str = "share/";
const EVENT: &str = "ev/";
const PENDING: &str = "tmp/";

/// Chunks read, sealed or opened per step when sealing or opening a file: a megabyte in
/// memory at a time.
const CRYPT_STEP: u64 = 16;
/// Media type and name a sealed file travels under: nothing about what is inside.
const SEALED_MIME: &str = "application/octet-stream";
const SEALED_NAME: &str = "sealed";

fn unavailable(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Unavailable, e.to_string())
}

fn invalid(e: impl std::fmt::Display) -> ApiError {
    ApiError::invalid_input(e.to_string())
}

fn hash_of(text: &str) -> Result<Hash, ApiError> {
    parse_hash(text).map_err(invalid)
}

/// Media type of a file name, by its extension.
pub fn mime_of(name: &str) -> String {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        Some("mp4" | "m4v") => "video/mp4",
        Some("webm") => "video/webm",
        Some("ogv") => "video/ogg",
        Some("mov") => "video/quicktime",
        Some("mp3") => "audio/mpeg",
        Some("m4a") => "audio/mp4",
        Some("ogg" | "oga" | "opus") => "audio/ogg",
        Some("wav") => "audio/wav",
        Some("flac") => "audio/flac",
        Some("pdf") => "application/pdf",
        Some("txt" | "md") => "text/plain",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
    .to_owned()
}

/// A file in the store, as `blobs.add` and uploads return it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BlobOutput {
    /// BLAKE3 hash (64 hex digits): what events and tickets name it by.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
    /// File name.
    pub name: String,
    /// Media type.
    pub mime: String,
    /// A standard iroh-blobs ticket anyone can fetch it with from this node.
    pub ticket: String,
    /// The ticket as a `supernet://blob/…` link.
    pub link: String,
    /// Hash of its thumbnail (images bigger than one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumb: Option<String>,
}

/// A shared file or folder, as `blobs.share` returns it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ShareOutput {
    /// Hash of the file, or of the folder's listing.
    pub hash: String,
    /// Whether it is a folder.
    pub folder: bool,
    /// Files in it (1 for a file).
    pub files: usize,
    /// Bytes in all.
    pub size: u64,
    /// A standard iroh-blobs ticket.
    pub ticket: String,
    /// The ticket as a `supernet://blob/…` link.
    pub link: String,
}

/// One file received by `blobs.get`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReceivedFile {
    /// Its name in the folder (or the hash for a single file).
    pub name: String,
    /// Its hash.
    pub hash: String,
    /// Its size.
    pub size: u64,
}

/// Output of `blobs.get`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct GetOutput {
    /// The hash in the ticket.
    pub hash: String,
    /// Whether it was a folder.
    pub folder: bool,
    /// The files.
    pub files: Vec<ReceivedFile>,
    /// Where they were written, when a path was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// Bytes that were already here from an earlier, interrupted try (not sent again).
    pub resumed: u64,
}

/// Why a blob is kept.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Reason {
    /// `event` (an event refers to it), `share`, `pin`, `thumbnail` or `app` (an installed mini-app's bundle).
    pub kind: String,
    /// The event id, for `event`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The event's author, for `event`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// A blob in the store, in `blobs.list`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BlobEntry {
    /// Its hash.
    pub hash: String,
    /// Its size, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Bytes of it stored here.
    pub have: u64,
    /// Whether all of it is here.
    pub complete: bool,
    /// Why it is kept.
    pub reasons: Vec<Reason>,
}

/// Output of `blobs.list`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ListOutput {
    /// Every kept blob, biggest first.
    pub blobs: Vec<BlobEntry>,
}

/// Bytes kept for one account's events.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AuthorUsage {
    /// The account.
    pub author: String,
    /// Bytes of files its events refer to, stored here.
    pub bytes: u64,
    /// How many files.
    pub files: usize,
}

/// Output of `blobs.status`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct StatusOutput {
    /// Bytes stored for all kept blobs.
    pub used: u64,
    /// The storage quota for files.
    pub quota: u64,
    /// Bytes kept because events refer to them.
    pub events: u64,
    /// Bytes kept because they are shared.
    pub shares: u64,
    /// Bytes kept because they are pinned (added or received by hand).
    pub pins: u64,
    /// Event files per author, biggest first.
    pub by_author: Vec<AuthorUsage>,
    /// Transfers running now and the last few ended.
    pub transfers: Vec<Transfer>,
    /// This node's file-layer endpoint id.
    pub endpoint: String,
}

/// The node's files.
#[derive(Debug)]
pub(crate) struct Files {
    pub(crate) blobs: Blobs,
    store: Store,
    quota: u64,
    fetch_max: u64,
    transfers: Mutex<BTreeMap<String, Transfer>>,
    downloads: Arc<Semaphore>,
    /// Downloads queued or running, so the same blob is fetched once.
    wanted: Mutex<HashSet<Hash>>,
    /// Names and media types of files added here, for attachments.
    added: Mutex<HashMap<Hash, (String, String)>>,
    /// Log position up to which events were scanned for attachments.
    scanned: tokio::sync::Mutex<i64>,
    /// Where that position is kept across restarts.
    scan_file: Option<PathBuf>,
    /// Whether the start-up clean-up of removed events' files has run.
    cleaned: std::sync::atomic::AtomicBool,
    /// Sealed files made for events not yet stored, by hash: the pending tag that keeps
    /// each until its event's own tag does.
    sealing: Mutex<HashMap<Hash, String>>,
}

/// Reports one transfer's progress, throttled.
struct Reporter<'a> {
    files: &'a Files,
    transfer: Transfer,
    last: Instant,
    window: (Instant, u64),
    began: Instant,
}

impl<'a> Reporter<'a> {
    fn new(files: &'a Files, hash: Hash, direction: &str, name: Option<String>) -> Self {
        let transfer = Transfer {
            hash: hash.to_hex(),
            direction: direction.to_owned(),
            name,
            bytes: 0,
            resumed: 0,
            size: None,
            rate: 0,
            providers: vec![],
            dropped: vec![],
            started_at: crate::now(),
            done: false,
            error: None,
        };
        let now = Instant::now();
        let mut reporter = Self {
            files,
            transfer,
            last: now,
            window: (now, 0),
            began: now,
        };
        reporter.publish();
        reporter
    }

    fn bytes(&mut self, bytes: u64, size: Option<u64>) {
        self.transfer.bytes = bytes;
        if size.is_some() {
            self.transfer.size = size;
        }
        if self.last.elapsed() >= NOTICE_EVERY {
            let (since, at) = self.window;
            let secs = since.elapsed().as_secs_f64();
            if secs > 0.0 {
                self.transfer.rate = (bytes.saturating_sub(at) as f64 / secs) as u64;
            }
            self.window = (Instant::now(), bytes);
            self.publish();
        }
    }

    fn progress(&mut self, progress: Progress) {
        match progress {
            Progress::Trying(id) => {
                self.transfer.providers.push(id.to_string());
                self.publish();
            }
            Progress::Dropped(id) => {
                self.transfer.dropped.push(id.to_string());
                self.publish();
            }
            Progress::Bytes(n) => {
                let size = self.transfer.size;
                self.bytes(n, size)
            }
        }
    }

    fn publish(&mut self) {
        self.last = Instant::now();
        self.files.record(self.transfer.clone());
    }

    fn end<T>(mut self, result: &Result<T, ApiError>) {
        self.transfer.done = true;
        if let Err(e) = result {
            self.transfer.error = Some(e.message.clone());
        } else if let Some(size) = self.transfer.size {
            self.transfer.bytes = size;
        }
        // At the end, the average over the whole transfer.
        let secs = self.began.elapsed().as_secs_f64();
        if secs > 0.0 {
            self.transfer.rate =
                (self.transfer.bytes.saturating_sub(self.transfer.resumed) as f64 / secs) as u64;
        }
        self.publish();
    }
}

impl Files {
    /// Opens the blob store in `dir` (memory when `None`) and starts serving it.
    pub(crate) async fn start(
        store: Store,
        dir: Option<PathBuf>,
        key_seed: [u8; 32],
        local_only: bool,
        relays: Vec<String>,
        limits: Limits,
    ) -> Result<Self, ApiError> {
        // The same port as last time, so tickets handed out before a restart still work.
        let port_file = dir.as_ref().map(|d| d.join("port"));
        let scan_file = dir.as_ref().map(|d| d.join("scanned"));
        let scanned = scan_file
            .as_ref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|p| p.trim().parse::<i64>().ok())
            .unwrap_or(0);
        let last_port = port_file
            .as_ref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|p| p.trim().parse::<u16>().ok())
            .unwrap_or(0);
        let config = BlobConfig {
            dir,
            key_seed,
            local_only,
            port: last_port,
            relays,
            gc_every: limits.gc_every,
        };
        let blobs = match Blobs::start(config.clone()).await {
            Ok(blobs) => blobs,
            Err(e) if last_port != 0 => {
                tracing::info!("file layer port {last_port} is taken ({e}); using another");
                Blobs::start(BlobConfig { port: 0, ..config })
                    .await
                    .map_err(unavailable)?
            }
            Err(e) => return Err(unavailable(e)),
        };
        if let (Some(file), Some(port)) = (port_file, blobs.port())
            && port != last_port
            && let Err(e) = std::fs::write(&file, port.to_string())
        {
            tracing::warn!(
                "cannot record the file layer's port in {}: {e}",
                file.display()
            );
        }
        blobs.untag_prefix(PENDING).await.map_err(unavailable)?;
        Ok(Self {
            blobs,
            store,
            quota: limits.quota,
            fetch_max: limits.fetch_max,
            transfers: Mutex::new(BTreeMap::new()),
            downloads: Arc::new(Semaphore::new(CONCURRENT_DOWNLOADS)),
            wanted: Mutex::new(HashSet::new()),
            added: Mutex::new(HashMap::new()),
            scanned: tokio::sync::Mutex::new(scanned),
            scan_file,
            cleaned: std::sync::atomic::AtomicBool::new(false),
            sealing: Mutex::new(HashMap::new()),
        })
    }

    fn record(&self, transfer: Transfer) {
        {
            let mut all = self.transfers.lock().unwrap_or_else(|p| p.into_inner());
            all.insert(transfer.hash.clone(), transfer.clone());
            if all.len() > KEPT_TRANSFERS {
                let ended: Vec<String> = all
                    .iter()
                    .filter(|(_, t)| t.done)
                    .map(|(h, t)| (t.started_at, h.clone()))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .take(all.len() - KEPT_TRANSFERS)
                    .map(|(_, h)| h)
                    .collect();
                for hash in ended {
                    all.remove(&hash);
                }
            }
        }
        self.store.notify(Notice::Transfer(transfer));
    }

    /// Bytes stored for every kept blob, and per reason.
    async fn usage(&self) -> Result<Usage, ApiError> {
        let tags = self.blobs.tags_with_kind("").await.map_err(unavailable)?;
        let mut usage = Usage::default();
        let mut seen: HashMap<Hash, BlobState> = HashMap::new();
        for (name, hash, folder) in tags {
            // A folder's tag keeps its listing and every file in it.
            let mut kept = vec![hash];
            if folder && let Ok(entries) = self.blobs.collection(hash).await {
                kept.extend(entries.into_iter().map(|e| e.hash));
            }
            let mut have = 0;
            let mut state = None;
            for h in kept {
                let s = match seen.get(&h) {
                    Some(s) => *s,
                    None => {
                        let s = self.blobs.state(h).await.map_err(unavailable)?;
                        usage.used += s.have;
                        seen.insert(h, s);
                        s
                    }
                };
                have += s.have;
                state.get_or_insert(s);
            }
            let state = BlobState {
                have,
                ..state.unwrap_or(BlobState {
                    size: None,
                    have: 0,
                    complete: false,
                })
            };
            let reason = Reason::of(&name);
            match reason.kind.as_str() {
                "event" => {
                    usage.events += state.have;
                    let author = reason.author.clone().unwrap_or_default();
                    let entry = usage.by_author.entry(author).or_default();
                    entry.0 += state.have;
                    entry.1 += 1;
                }
                "share" => usage.shares += state.have,
                "pin" => usage.pins += state.have,
                _ => {}
            }
            usage.reasons.entry(hash).or_default().push(reason);
        }
        usage.states = seen;
        Ok(usage)
    }

    /// Refuses `incoming` more bytes when they would pass the quota.
    async fn room_for(&self, incoming: u64) -> Result<(), ApiError> {
        let used = self.usage().await?.used;
        if used.saturating_add(incoming) > self.quota {
            return Err(ApiError::new(
                ErrorCode::QuotaExceeded,
                format!(
                    "file storage is full: {} of {} used and this needs {}; unpin or unshare files (Settings → Storage, or `supernet call blobs.unpin`), or raise the quota with --blob-quota",
                    human(used),
                    human(self.quota),
                    human(incoming)
                ),
            ));
        }
        Ok(())
    }

    /// Adds the file at `path`, kept under `tag_prefix` + its hash.
    async fn add_file(
        &self,
        path: &Path,
        name: Option<String>,
        mime: Option<String>,
        keep_as: &str,
    ) -> Result<(Hash, u64, String, String), ApiError> {
        let meta = tokio::fs::metadata(path).await.map_err(|e| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        if !meta.is_file() {
            return Err(invalid(format!("{} is not a file", path.display())));
        }
        let name = name.unwrap_or_else(|| {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "file".into())
        });
        let mime = mime.unwrap_or_else(|| mime_of(&name));
        check_file_meta(&name, &mime)?;
        self.room_for(meta.len()).await?;
        let pending = format!("{PENDING}{}", random_id());
        let placeholder = Hash::new(path.to_string_lossy().as_bytes());
        let mut reporter = Reporter::new(self, placeholder, "add", Some(name.clone()));
        let result = self
            .blobs
            .add_path(path, &pending, |bytes, size| reporter.bytes(bytes, size))
            .await
            .map_err(invalid);
        reporter.end(&result);
        let (hash, size) = result?;
        self.blobs
            .tag(&format!("{keep_as}{hash}"), hash)
            .await
            .map_err(unavailable)?;
        self.blobs
            .untag_prefix(&pending)
            .await
            .map_err(unavailable)?;
        self.added
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(hash, (name.clone(), mime.clone()));
        self.make_thumb(hash, size, &mime).await;
        Ok((hash, size, name, mime))
    }

    /// Makes and keeps a small JPEG of an image (when it is bigger than one); a file that
    /// does not decode simply gets none.
    async fn make_thumb(&self, hash: Hash, size: u64, mime: &str) -> Option<Hash> {
        if !mime.starts_with("image/") || mime == "image/svg+xml" || size > MAX_THUMB_SOURCE {
            return None;
        }
        if let Some(thumb) = self.thumb_of(hash).await {
            return Some(thumb);
        }
        let bytes = self.blobs.read(hash, 0..size).await.ok()?;
        let jpeg = tokio::task::spawn_blocking(move || thumbnail(&bytes))
            .await
            .ok()
            .flatten()?;
        let data = futures_util::stream::iter([Ok(bytes::Bytes::from(jpeg))]);
        let (thumb, _) = self
            .blobs
            .add_stream(data, &format!("{THUMB}{hash}"), |_, _| {})
            .await
            .ok()?;
        Some(thumb)
    }

    /// The thumbnail of an image, when one was made.
    async fn thumb_of(&self, hash: Hash) -> Option<Hash> {
        let tags = self.blobs.tags(&format!("{THUMB}{hash}")).await.ok()?;
        tags.first().map(|(_, thumb)| *thumb)
    }

    /// Lets go of thumbnails whose image nothing keeps any more.
    async fn drop_orphan_thumbs(&self) -> Result<(), ApiError> {
        let tags = self.blobs.tags("").await.map_err(unavailable)?;
        let kept: HashSet<Hash> = tags
            .iter()
            .filter(|(name, _)| !name.starts_with(THUMB))
            .map(|(_, hash)| *hash)
            .collect();
        for (name, _) in &tags {
            let orphan = name
                .strip_prefix(THUMB)
                .and_then(|h| parse_hash(h).ok())
                .is_some_and(|image| !kept.contains(&image));
            if orphan {
                self.blobs.untag_prefix(name).await.map_err(unavailable)?;
            }
        }
        Ok(())
    }

    async fn output(&self, hash: Hash, size: u64, name: String, mime: String) -> BlobOutput {
        let ticket = self.blobs.ticket(hash, false);
        BlobOutput {
            hash: hash.to_hex(),
            size,
            name,
            mime,
            link: ticket_link(&ticket),
            ticket: ticket.to_string(),
            thumb: self.thumb_of(hash).await.map(|t| t.to_hex()),
        }
    }

    /// `blobs.add`: the file at `path`, pinned.
    pub(crate) async fn add(
        &self,
        path: &Path,
        name: Option<String>,
        mime: Option<String>,
    ) -> Result<BlobOutput, ApiError> {
        let (hash, size, name, mime) = self.add_file(path, name, mime, PIN).await?;
        Ok(self.output(hash, size, name, mime).await)
    }

    /// An upload: what `data` yields, pinned. `size` (when the sender said) is checked
    /// against the quota first.
    pub(crate) async fn upload(
        &self,
        data: impl futures_util::Stream<Item = std::io::Result<bytes::Bytes>> + Send + Sync + 'static,
        size: Option<u64>,
        name: String,
        mime: Option<String>,
    ) -> Result<BlobOutput, ApiError> {
        let mime = mime.unwrap_or_else(|| mime_of(&name));
        check_file_meta(&name, &mime)?;
        self.room_for(size.unwrap_or(0)).await?;
        let pending = format!("{PENDING}{}", random_id());
        let placeholder = Hash::new(pending.as_bytes());
        let mut reporter = Reporter::new(self, placeholder, "add", Some(name.clone()));
        reporter.transfer.size = size;
        let result = self
            .blobs
            .add_stream(data, &pending, |bytes, _| reporter.bytes(bytes, size))
            .await
            .map_err(invalid);
        reporter.end(&result);
        let (hash, size) = result?;
        let kept = async {
            self.room_for(0).await?;
            self.blobs
                .tag(&format!("{PIN}{hash}"), hash)
                .await
                .map_err(unavailable)
        }
        .await;
        self.blobs
            .untag_prefix(&pending)
            .await
            .map_err(unavailable)?;
        kept?;
        self.added
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(hash, (name.clone(), mime.clone()));
        self.make_thumb(hash, size, &mime).await;
        Ok(self.output(hash, size, name, mime).await)
    }

    /// `blobs.share`: a file, or a folder with everything in it.
    pub(crate) async fn share(&self, path: &Path) -> Result<ShareOutput, ApiError> {
        let meta = tokio::fs::metadata(path).await.map_err(|e| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        if meta.is_file() {
            let (hash, size, _, _) = self.add_file(path, None, None, SHARE).await?;
            let ticket = self.blobs.ticket(hash, false);
            return Ok(ShareOutput {
                hash: hash.to_hex(),
                folder: false,
                files: 1,
                size,
                link: ticket_link(&ticket),
                ticket: ticket.to_string(),
            });
        }
        let files = walk(path, true, usize::MAX)?;
        if files.is_empty() {
            return Err(invalid(format!("{} has no files to share", path.display())));
        }
        let total: u64 = files.iter().map(|(_, _, size)| size).sum();
        self.room_for(total).await?;
        let pending = format!("{PENDING}{}/", random_id());
        let mut entries = Vec::with_capacity(files.len());
        let result: Result<(), ApiError> = async {
            for (name, file, _) in &files {
                let (hash, _, _, _) = self.add_file(file, None, None, &pending).await?;
                entries.push(CollectionEntry {
                    name: name.clone(),
                    hash,
                });
            }
            Ok(())
        }
        .await;
        let shared = match result {
            Ok(()) => {
                let tag = format!("{SHARE}folder/{}", random_id());
                self.blobs
                    .add_collection(entries, &tag)
                    .await
                    .map_err(unavailable)
                    .map(|hash| (hash, tag))
            }
            Err(e) => Err(e),
        };
        self.blobs
            .untag_prefix(&pending)
            .await
            .map_err(unavailable)?;
        let (hash, tag) = shared?;
        // One tag per share, named by the listing's hash, so unsharing finds it.
        self.blobs.untag_prefix(&tag).await.map_err(unavailable)?;
        self.blobs
            .tag_folder(&format!("{SHARE}{hash}"), hash)
            .await
            .map_err(unavailable)?;
        let ticket = self.blobs.ticket(hash, true);
        Ok(ShareOutput {
            hash: hash.to_hex(),
            folder: true,
            files: files.len(),
            size: total,
            link: ticket_link(&ticket),
            ticket: ticket.to_string(),
        })
    }

    /// Removes the reason `prefix` + `hash` keeps a blob; true when there was one.
    pub(crate) async fn release(&self, prefix: &str, hash: &str) -> Result<bool, ApiError> {
        let hash = hash_of(hash)?;
        let removed = self
            .blobs
            .untag_prefix(&format!("{prefix}{hash}"))
            .await
            .map_err(unavailable)?;
        self.drop_orphan_thumbs().await?;
        Ok(removed > 0)
    }

    /// `blobs.unshare`.
    pub(crate) async fn unshare(&self, hash: &str) -> Result<bool, ApiError> {
        self.release(SHARE, hash).await
    }

    /// `blobs.unpin`.
    pub(crate) async fn unpin(&self, hash: &str) -> Result<bool, ApiError> {
        self.release(PIN, hash).await
    }

    /// `blobs.get`: fetches what a ticket names from the node it names (and `others`),
    /// pins it, and writes it to `target` when given.
    pub(crate) async fn get(
        &self,
        ticket: &str,
        target: Option<&Path>,
        others: Vec<EndpointId>,
    ) -> Result<GetOutput, ApiError> {
        let ticket = parse_ticket(ticket).map_err(invalid)?;
        let hash = ticket.hash();
        let folder = ticket.format() == BlobFormat::HashSeq;
        let addr = ticket.addr().clone();
        let mut providers = vec![addr.id];
        providers.extend(others.into_iter().filter(|p| *p != addr.id));
        self.blobs.learn(addr);
        if let Some(target) = target
            && !folder
            && target.is_dir()
        {
            return Err(invalid(format!(
                "{} is a folder; give the path of the file to write",
                target.display()
            )));
        }
        self.blobs
            .tag_content(&format!("{PIN}{hash}"), hash, folder)
            .await
            .map_err(unavailable)?;
        if !folder {
            let size = self
                .blobs
                .probe_size(hash, &providers)
                .await
                .map_err(unavailable)?;
            let have = self.blobs.state(hash).await.map_err(unavailable)?.have;
            if let Err(e) = self.room_for(size.saturating_sub(have)).await {
                self.blobs
                    .untag_prefix(&format!("{PIN}{hash}"))
                    .await
                    .map_err(unavailable)?;
                return Err(e);
            }
        }
        let resumed = if folder {
            0
        } else {
            self.blobs.state(hash).await.map_err(unavailable)?.have
        };
        self.download(hash, folder, None, providers).await?;
        let mut files = vec![];
        if folder {
            for entry in self.blobs.collection(hash).await.map_err(unavailable)? {
                let size = self.blobs.state(entry.hash).await.map_err(unavailable)?;
                files.push(ReceivedFile {
                    name: entry.name,
                    hash: entry.hash.to_hex(),
                    size: size.size.unwrap_or(0),
                });
            }
        } else {
            let state = self.blobs.state(hash).await.map_err(unavailable)?;
            files.push(ReceivedFile {
                name: hash.to_hex(),
                hash: hash.to_hex(),
                size: state.size.unwrap_or(0),
            });
        }
        if let Some(target) = target {
            if folder {
                tokio::fs::create_dir_all(target)
                    .await
                    .map_err(|e| invalid(format!("cannot create {}: {e}", target.display())))?;
                for file in &files {
                    let out = safe_join(target, &file.name)?;
                    if let Some(parent) = out.parent() {
                        tokio::fs::create_dir_all(parent).await.map_err(|e| {
                            invalid(format!("cannot create {}: {e}", parent.display()))
                        })?;
                    }
                    self.blobs
                        .export(hash_of(&file.hash)?, &out)
                        .await
                        .map_err(invalid)?;
                }
            } else {
                self.blobs.export(hash, target).await.map_err(invalid)?;
            }
        }
        Ok(GetOutput {
            hash: hash.to_hex(),
            folder,
            files,
            path: target.map(Path::to_path_buf),
            resumed,
        })
    }

    /// Downloads `hash` from `providers` (in order), reporting progress. One download per
    /// blob at a time; a second asker waits for the first.
    pub(crate) async fn download(
        &self,
        hash: Hash,
        folder: bool,
        name: Option<String>,
        providers: Vec<EndpointId>,
    ) -> Result<(), ApiError> {
        let _slot = self
            .downloads
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| unavailable("the node is shutting down"))?;
        if !folder && self.blobs.state(hash).await.map_err(unavailable)?.complete {
            return Ok(());
        }
        let mut reporter = Reporter::new(self, hash, "download", name);
        if !folder {
            let state = self.blobs.state(hash).await.map_err(unavailable)?;
            reporter.transfer.size = state.size;
            reporter.transfer.bytes = state.have;
            reporter.transfer.resumed = state.have;
            reporter.window = (Instant::now(), state.have);
        }
        let result = self
            .blobs
            .download(hash, folder, providers, |p| reporter.progress(p))
            .await
            .map_err(unavailable);
        if !folder && result.is_ok() {
            reporter.transfer.size = self.blobs.state(hash).await.map_err(unavailable)?.size;
        }
        reporter.end(&result);
        result
    }

    /// Kernel: an attachment for a blob that is wholly here.
    pub(crate) async fn attachment(
        &self,
        hash: &str,
        name: Option<String>,
        mime: Option<String>,
    ) -> Result<Attachment, ApiError> {
        let parsed = hash_of(hash)?;
        let state = self.blobs.state(parsed).await.map_err(unavailable)?;
        if !state.complete {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "file {hash} is not in this node's store: add it first (blobs.add or an upload)"
                ),
            ));
        }
        let known = self
            .added
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&parsed)
            .cloned();
        let name = name
            .or_else(|| known.as_ref().map(|k| k.0.clone()))
            .unwrap_or_else(|| format!("{}.bin", &parsed.to_hex()[..12]));
        let mime = mime
            .or_else(|| known.map(|k| k.1))
            .unwrap_or_else(|| mime_of(&name));
        let size = state.size.unwrap_or(0);
        let thumb = self.make_thumb(parsed, size, &mime).await;
        Ok(Attachment {
            hash: parsed.to_hex(),
            size,
            mime,
            name,
            thumb: thumb.map(|t| t.to_hex()),
        })
    }

    /// `blobs.list`.
    pub(crate) async fn list(&self) -> Result<ListOutput, ApiError> {
        let usage = self.usage().await?;
        let mut blobs: Vec<BlobEntry> = usage
            .reasons
            .into_iter()
            .filter(|(_, reasons)| reasons.iter().any(|r| r.kind != "pending"))
            .map(|(hash, reasons)| {
                let state = usage.states.get(&hash).copied().unwrap_or(BlobState {
                    size: None,
                    have: 0,
                    complete: false,
                });
                BlobEntry {
                    hash: hash.to_hex(),
                    size: state.size,
                    have: state.have,
                    complete: state.complete,
                    reasons,
                }
            })
            .collect();
        blobs.sort_by(|a, b| b.have.cmp(&a.have).then(a.hash.cmp(&b.hash)));
        Ok(ListOutput { blobs })
    }

    /// `blobs.status`.
    pub(crate) async fn status(&self) -> Result<StatusOutput, ApiError> {
        let usage = self.usage().await?;
        let mut by_author: Vec<AuthorUsage> = usage
            .by_author
            .into_iter()
            .map(|(author, (bytes, files))| AuthorUsage {
                author,
                bytes,
                files,
            })
            .collect();
        by_author.sort_by_key(|a| std::cmp::Reverse(a.bytes));
        let mut transfers: Vec<Transfer> = self
            .transfers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect();
        transfers.sort_by(|a, b| (a.done, b.started_at).cmp(&(b.done, a.started_at)));
        Ok(StatusOutput {
            used: usage.used,
            quota: self.quota,
            events: usage.events,
            shares: usage.shares,
            pins: usage.pins,
            by_author,
            transfers,
            endpoint: self.blobs.id().to_string(),
        })
    }

    /// Bytes `range` of `hash` (clamped to the blob and to [`MAX_RANGE`]), fetched from
    /// `providers` first when they are not here. Returns the blob's size and the bytes.
    pub(crate) async fn read_range(
        &self,
        hash: Hash,
        start: u64,
        end: Option<u64>,
        providers: &[EndpointId],
    ) -> Result<(u64, u64, Vec<u8>), ApiError> {
        let mut state = self.blobs.state(hash).await.map_err(unavailable)?;
        if state.size.is_none() {
            let size = self
                .blobs
                .probe_size(hash, providers)
                .await
                .map_err(unavailable)?;
            state.size = Some(size);
        }
        let size = state.size.unwrap_or(0);
        if start >= size && size > 0 {
            return Err(ApiError::invalid_input(format!(
                "range starts at {start}, past the end of the {size}-byte file"
            )));
        }
        let end = end
            .map(|e| e.saturating_add(1))
            .unwrap_or(size)
            .min(size)
            .min(start + MAX_RANGE);
        if !state.complete {
            self.blobs
                .ensure_range(hash, start..end, providers)
                .await
                .map_err(unavailable)?;
        }
        let bytes = self
            .blobs
            .read(hash, start..end)
            .await
            .map_err(unavailable)?;
        Ok((size, start, bytes))
    }

    /// Tags the attachments of events stored since the last scan, and queues downloads of
    /// those of other accounts.
    pub(crate) async fn scan(
        &self,
        node: &Weak<NodeInner>,
        me: Option<AccountId>,
    ) -> Result<(), ApiError> {
        let mut scanned = self.scanned.lock().await;
        let upto = self.store.last_pos().await?;
        loop {
            let page = self
                .store
                .scan_containing(*scanned, upto, ATTACHMENTS_FIELD, SCAN_PAGE)
                .await?;
            let full = page.len() == SCAN_PAGE as usize;
            for stored in &page {
                self.keep_attachments_of(node, me, &stored.event).await?;
            }
            match page.last() {
                Some(last) if full => *scanned = last.pos,
                _ => break,
            }
        }
        *scanned = upto;
        if let Some(file) = &self.scan_file
            && let Err(e) = std::fs::write(file, upto.to_string())
        {
            tracing::debug!("cannot record the attachment scan position: {e}");
        }
        Ok(())
    }

    /// Tags the attachments of one stored event and queues their downloads.
    async fn keep_attachments_of(
        &self,
        node: &Weak<NodeInner>,
        me: Option<AccountId>,
        event: &supernet_core::Event,
    ) -> Result<(), ApiError> {
        for a in Attachment::in_body(event.body()) {
            let Ok(hash) = parse_hash(&a.hash) else {
                continue;
            };
            let mut hashes = vec![hash];
            if let Some(thumb) = a.thumb.as_deref().and_then(|t| parse_hash(t).ok()) {
                hashes.push(thumb);
            }
            for h in hashes {
                let tag = format!("{EVENT}{}/{}/{h}", event.id(), event.author());
                self.blobs.tag(&tag, h).await.map_err(unavailable)?;
                self.sealed_kept(h).await?;
                // Thumbnails always; the file itself up to the size fetched unasked.
                if Some(event.author()) != me && (h != hash || a.size <= self.fetch_max) {
                    self.want(node, h, event.author(), Some(a.name.clone()), a.size);
                }
            }
        }
        Ok(())
    }

    /// Lets go of the pending tag of a sealed file once its event keeps it.
    async fn sealed_kept(&self, hash: Hash) -> Result<(), ApiError> {
        let pending = self
            .sealing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&hash);
        if let Some(tag) = pending {
            self.blobs.untag_prefix(&tag).await.map_err(unavailable)?;
        }
        Ok(())
    }

    /// Kernel: seals the file `hash` (wholly here) under `key` (see
    /// [`supernet_core::sealed_file`]) into a new blob, kept until the event that carries it
    /// is stored here (or, if none ever is, until the node restarts).
    pub(crate) async fn seal_file(
        &self,
        hash: &str,
        key: [u8; 32],
    ) -> Result<Attachment, ApiError> {
        let plain = hash_of(hash)?;
        let state = self.blobs.state(plain).await.map_err(unavailable)?;
        if !state.complete {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "file {hash} is not in this node's store: add it first (blobs.add or an upload)"
                ),
            ));
        }
        let size = state.size.unwrap_or(0);
        let sealed_len = sealed_file::sealed_size(size);
        self.room_for(sealed_len).await?;
        let blobs = self.blobs.clone();
        let chunks = sealed_file::chunks(size);
        let data = crypt_stream(move |step| {
            let blobs = blobs.clone();
            async move {
                let first = step * CRYPT_STEP;
                if first >= chunks {
                    return Ok(None);
                }
                let last = (first + CRYPT_STEP).min(chunks);
                let start = first * sealed_file::CHUNK as u64;
                let end = (last * sealed_file::CHUNK as u64).min(size);
                let bytes = blobs
                    .read(plain, start..end)
                    .await
                    .map_err(|e| e.to_string())?;
                let key = FileKey::new(&key);
                let mut out =
                    Vec::with_capacity(bytes.len() + CRYPT_STEP as usize * sealed_file::TAG);
                for i in first..last {
                    let from = ((i - first) as usize * sealed_file::CHUNK).min(bytes.len());
                    let to = (from + sealed_file::CHUNK).min(bytes.len());
                    out.extend(key.seal(i, i + 1 == chunks, &bytes[from..to]));
                }
                Ok(Some(out))
            }
        });
        let pending = format!("{PENDING}{}", random_id());
        let mut reporter = Reporter::new(self, plain, "add", None);
        reporter.transfer.size = Some(sealed_len);
        let result = self
            .blobs
            .add_stream(data, &pending, |bytes, _| {
                reporter.bytes(bytes, Some(sealed_len))
            })
            .await
            .map_err(invalid);
        reporter.end(&result);
        let (sealed, _) = result?;
        self.sealing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(sealed, pending);
        Ok(Attachment {
            hash: sealed.to_hex(),
            size: sealed_len,
            mime: SEALED_MIME.into(),
            name: SEALED_NAME.into(),
            thumb: None,
        })
    }

    /// Kernel: opens the sealed file `sealed` (fetched from `providers` when it is not here)
    /// with `key` into the file `plain`, kept while `event` (which carries it) is. Refuses a
    /// file that does not open, or opens to anything but `plain`.
    pub(crate) async fn open_file(
        &self,
        sealed: &str,
        key: [u8; 32],
        plain: &str,
        event: &supernet_core::Event,
        providers: Vec<EndpointId>,
    ) -> Result<(), ApiError> {
        let sealed = hash_of(sealed)?;
        let plain = hash_of(plain)?;
        let keep = format!("{EVENT}{}/{}/{plain}", event.id(), event.author());
        if self.blobs.state(plain).await.map_err(unavailable)?.complete {
            return self.blobs.tag(&keep, plain).await.map_err(unavailable);
        }
        if !self
            .blobs
            .state(sealed)
            .await
            .map_err(unavailable)?
            .complete
        {
            self.download(sealed, false, None, providers).await?;
        }
        let sealed_len = self
            .blobs
            .state(sealed)
            .await
            .map_err(unavailable)?
            .size
            .unwrap_or(0);
        let size = sealed_file::plain_size(sealed_len).ok_or_else(|| {
            invalid(format!(
                "{sealed} has {sealed_len} bytes, which no sealed file has"
            ))
        })?;
        self.room_for(size).await?;
        let blobs = self.blobs.clone();
        let chunks = sealed_file::chunks(size);
        let data = crypt_stream(move |step| {
            let blobs = blobs.clone();
            async move {
                let first = step * CRYPT_STEP;
                if first >= chunks {
                    return Ok(None);
                }
                let last = (first + CRYPT_STEP).min(chunks);
                let start = first * sealed_file::SEALED_CHUNK as u64;
                let end = (last * sealed_file::SEALED_CHUNK as u64).min(sealed_len);
                let bytes = blobs
                    .read(sealed, start..end)
                    .await
                    .map_err(|e| e.to_string())?;
                let key = FileKey::new(&key);
                let mut out = Vec::with_capacity(bytes.len());
                for i in first..last {
                    let from = ((i - first) as usize * sealed_file::SEALED_CHUNK).min(bytes.len());
                    let to = (from + sealed_file::SEALED_CHUNK).min(bytes.len());
                    out.extend(
                        key.open(i, i + 1 == chunks, &bytes[from..to])
                            .map_err(|e| e.to_string())?,
                    );
                }
                Ok(Some(out))
            }
        });
        let pending = format!("{PENDING}{}", random_id());
        let mut reporter = Reporter::new(self, plain, "add", None);
        reporter.transfer.size = Some(size);
        let result = self
            .blobs
            .add_stream(data, &pending, |bytes, _| reporter.bytes(bytes, Some(size)))
            .await
            .map_err(invalid);
        reporter.end(&result);
        let kept = match result {
            Ok((opened, _)) if opened == plain => {
                self.blobs.tag(&keep, plain).await.map_err(unavailable)
            }
            Ok((opened, _)) => Err(invalid(format!(
                "the sealed file opened to {opened}, not to the file {plain} its message names; it was not kept"
            ))),
            Err(e) => Err(e),
        };
        self.blobs
            .untag_prefix(&pending)
            .await
            .map_err(unavailable)?;
        kept
    }

    /// Queues a download of an attachment of `author`'s, within the quota.
    fn want(
        &self,
        node: &Weak<NodeInner>,
        hash: Hash,
        author: AccountId,
        name: Option<String>,
        size: u64,
    ) {
        if !self
            .wanted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(hash)
        {
            return;
        }
        let node = node.clone();
        tokio::spawn(async move {
            let result = async {
                let node = node
                    .upgrade()
                    .ok_or_else(|| unavailable("the node is shutting down"))?;
                let network = node
                    .network()
                    .ok_or_else(|| unavailable("the network is not running"))?;
                let files = &network.files;
                let state = files.blobs.state(hash).await.map_err(unavailable)?;
                if state.complete {
                    return Ok(());
                }
                files.room_for(size.saturating_sub(state.have)).await?;
                let providers = network.providers(Some(author));
                files.download(hash, false, name, providers).await
            }
            .await;
            if let Some(node) = node.upgrade()
                && let Some(network) = node.network()
            {
                network
                    .files
                    .wanted
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&hash);
            }
            if let Err(e) = result {
                tracing::info!(%hash, "attachment not fetched: {}", e.message);
            }
        });
    }

    /// True the first time it is asked: the start-up clean-up runs once.
    pub(crate) fn first_scan(&self) -> bool {
        !self
            .cleaned
            .swap(true, std::sync::atomic::Ordering::Relaxed)
    }

    /// Forgets the attachments of removed events; the GC deletes what nothing else keeps.
    pub(crate) async fn forget(&self, ids: &[EventId]) -> Result<(), ApiError> {
        for id in ids {
            self.blobs
                .untag_prefix(&format!("{EVENT}{id}/"))
                .await
                .map_err(unavailable)?;
        }
        self.drop_orphan_thumbs().await
    }

    /// At start: forgets attachments of events that left while the node was not watching.
    pub(crate) async fn forget_stale(&self) -> Result<(), ApiError> {
        let mut gone = vec![];
        for (name, _) in self.blobs.tags(EVENT).await.map_err(unavailable)? {
            let Some(id) = name
                .strip_prefix(EVENT)
                .and_then(|rest| rest.split('/').next())
                .and_then(|id| id.parse::<EventId>().ok())
            else {
                continue;
            };
            if self.store.get(&id).await?.is_none() {
                gone.push(id);
            }
        }
        self.forget(&gone).await
    }
}

#[derive(Debug, Default)]
struct Usage {
    used: u64,
    events: u64,
    shares: u64,
    pins: u64,
    by_author: HashMap<String, (u64, usize)>,
    reasons: HashMap<Hash, Vec<Reason>>,
    states: HashMap<Hash, BlobState>,
}

impl Reason {
    fn of(tag: &str) -> Self {
        let plain = |kind: &str| Reason {
            kind: kind.into(),
            event: None,
            author: None,
        };
        if let Some(rest) = tag.strip_prefix(EVENT) {
            let mut parts = rest.split('/');
            Reason {
                kind: "event".into(),
                event: parts.next().map(Into::into),
                author: parts.next().map(Into::into),
            }
        } else if tag.starts_with(SHARE) {
            plain("share")
        } else if tag.starts_with(PIN) {
            plain("pin")
        } else if tag.starts_with(THUMB) {
            plain("thumbnail")
        } else if tag.starts_with(crate::miniapps::BUNDLE_TAG) {
            // An installed mini-app's bundle.
            plain("app")
        } else {
            plain("pending")
        }
    }
}

/// A JPEG no bigger than [`THUMB_SIDE`] of an image, when it decodes and is bigger.
fn thumbnail(bytes: &[u8]) -> Option<Vec<u8>> {
    let image = image::load_from_memory(bytes).ok()?;
    if image.width() <= THUMB_SIDE && image.height() <= THUMB_SIDE {
        return None;
    }
    let small = image.thumbnail(THUMB_SIDE, THUMB_SIDE).into_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, THUMB_QUALITY)
        .encode_image(&small)
        .ok()?;
    Some(out)
}

/// Refuses a name or media type that an attachment could not carry, before anything is
/// stored.
fn check_file_meta(name: &str, mime: &str) -> Result<(), ApiError> {
    supernet_core::attachment::check_name(name)
        .and_then(|()| supernet_core::attachment::check_mime(mime))
        .map_err(invalid)
}

/// Every regular file under `root`, with its `/`-separated path inside it and its size,
/// sorted by path; hidden files and folders (`.git`, editor files) only when `hidden`.
/// Symbolic links are not followed. More than `most` files is `oversize`, found without
/// reading the rest of the tree.
pub(crate) fn walk(
    root: &Path,
    hidden: bool,
    most: usize,
) -> Result<Vec<(String, PathBuf, u64)>, ApiError> {
    let mut out = vec![];
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| invalid(format!("cannot read {}: {e}", dir.display())))?;
        for entry in entries {
            let entry =
                entry.map_err(|e| invalid(format!("cannot read {}: {e}", dir.display())))?;
            if !hidden && entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry
                .file_type()
                .map_err(|e| invalid(format!("cannot read {}: {e}", entry.path().display())))?;
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let rel = path
                    .strip_prefix(root)
                    .map_err(|e| ApiError::internal(e.to_string()))?
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                out.push((rel, path, size));
                if out.len() > most {
                    return Err(ApiError::new(
                        supernet_core::ErrorCode::Oversize,
                        format!("{} holds more than {most} files", root.display()),
                    ));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `root` joined with a name from a received folder listing, refused when the name would
/// leave `root` (an absolute path, `..`).
fn safe_join(root: &Path, name: &str) -> Result<PathBuf, ApiError> {
    let mut out = root.to_path_buf();
    for part in name.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains(['\\', '\0']) {
            return Err(invalid(format!(
                "the folder lists a file named {name:?}, which would be written outside {}; nothing more was written",
                root.display()
            )));
        }
        out.push(part);
    }
    Ok(out)
}

/// A byte stream made step by step by `step(n)` (the `n`th piece, `None` after the last),
/// one step ahead of its reader. An error ends it.
fn crypt_stream<F, Fut>(
    step: F,
) -> impl futures_util::Stream<Item = std::io::Result<bytes::Bytes>> + Send + Sync + 'static
where
    F: Fn(u64) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<Option<Vec<u8>>, String>> + Send,
{
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::io::Result<bytes::Bytes>>(1);
    tokio::spawn(async move {
        for n in 0.. {
            let item = match step(n).await {
                Ok(Some(bytes)) => Ok(bytes::Bytes::from(bytes)),
                Ok(None) => return,
                Err(e) => Err(std::io::Error::other(e)),
            };
            let failed = item.is_err();
            if tx.send(item).await.is_err() || failed {
                return;
            }
        }
    });
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

fn random_id() -> String {
    let mut bytes = [0u8; 8];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes);
    hex::encode(bytes)
}

/// Bytes for people: `1.5 GB`.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_stay_inside() {
        let root = Path::new("/tmp/x");
        assert_eq!(safe_join(root, "a/b.txt").unwrap(), root.join("a/b.txt"));
        for bad in ["../etc/passwd", "/etc/passwd", "a/../../b", "a//b", ""] {
            assert!(safe_join(root, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reasons_from_tags() {
        let r = Reason::of("ev/abc/sn1x/hash");
        assert_eq!(
            (r.kind.as_str(), r.event.as_deref(), r.author.as_deref()),
            ("event", Some("abc"), Some("sn1x"))
        );
        assert_eq!(Reason::of("share/h").kind, "share");
        assert_eq!(Reason::of("pin/h").kind, "pin");
        assert_eq!(Reason::of("tmp/1/h").kind, "pending");
        assert_eq!(Reason::of("miniapp/todo").kind, "app");
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(human(999), "999 bytes");
        assert_eq!(human(1_500_000), "1.5 MB");
        assert_eq!(mime_of("Clip.MP4"), "video/mp4");
        assert_eq!(mime_of("noext"), "application/octet-stream");
    }
}

/// A byte range asked for with an HTTP `Range` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// `bytes=start-` or `bytes=start-end` (`end` inclusive).
    From {
        /// First byte.
        start: u64,
        /// Last byte, inclusive.
        end: Option<u64>,
    },
    /// `bytes=-n`: the last `n` bytes.
    Last(u64),
}

impl ByteRange {
    /// Reads a `Range` header value; `None` for anything but one `bytes=` range (which
    /// is then served whole, as RFC 9110 allows).
    pub fn parse(header: &str) -> Option<Self> {
        let spec = header.trim().strip_prefix("bytes=")?;
        if spec.contains(',') {
            return None;
        }
        let (start, end) = spec.split_once('-')?;
        let (start, end) = (start.trim(), end.trim());
        if start.is_empty() {
            return end.parse().ok().filter(|n| *n > 0).map(ByteRange::Last);
        }
        let start: u64 = start.parse().ok()?;
        let end = if end.is_empty() {
            None
        } else {
            Some(end.parse::<u64>().ok().filter(|e| *e >= start)?)
        };
        Some(ByteRange::From { start, end })
    }

    /// The first byte and the last (inclusive, when bounded), for a blob of `size` bytes.
    pub fn resolve(self, size: u64) -> (u64, Option<u64>) {
        match self {
            ByteRange::From { start, end } => (start, end),
            ByteRange::Last(n) => (size.saturating_sub(n), None),
        }
    }
}

/// Media types served inline by the gateway: ones a browser shows without running
/// anything. Everything else (HTML, SVG, scripts) is sent as a download, so a file cannot
/// run code on the node's own origin.
pub fn inline_safe(mime: &str) -> bool {
    let mime = mime.split(';').next().unwrap_or("").trim();
    (mime.starts_with("image/") && mime != "image/svg+xml")
        || mime.starts_with("video/")
        || mime.starts_with("audio/")
        || mime == "text/plain"
        || mime == "application/pdf"
}

#[cfg(test)]
mod range_tests {
    use super::*;

    #[test]
    fn range_headers() {
        assert_eq!(
            ByteRange::parse("bytes=0-"),
            Some(ByteRange::From {
                start: 0,
                end: None
            })
        );
        assert_eq!(
            ByteRange::parse("bytes=10-19"),
            Some(ByteRange::From {
                start: 10,
                end: Some(19)
            })
        );
        assert_eq!(ByteRange::parse("bytes=-500"), Some(ByteRange::Last(500)));
        for bad in [
            "bytes=5-1",
            "bytes=0-1,5-6",
            "items=0-1",
            "bytes=x-",
            "bytes=-0",
        ] {
            assert_eq!(ByteRange::parse(bad), None, "{bad}");
        }
        assert_eq!(ByteRange::Last(10).resolve(100), (90, None));
        assert!(
            inline_safe("video/mp4") && !inline_safe("image/svg+xml") && !inline_safe("text/html")
        );
    }
}
