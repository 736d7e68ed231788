//! Bundles in the blob store: fetching one from a link and checking it against its signed
//! manifest, reading an installed app's files, and publishing an app's source directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use supernet_core::manifest::{
    self, AppManifest, BUNDLE_MANIFEST, Bundle, FileEntry, MAX_BUNDLE_BYTES, MAX_FILES,
    MAX_MANIFEST_BYTES, SOURCE_MANIFEST,
};
use supernet_core::{ApiError, ErrorCode};
use supernet_net::blobs::{BlobFormat, CollectionEntry, Hash, parse_hash, parse_ticket};

use super::{LINK_PREFIX, Record};
use crate::NodeInner;
use crate::network::Network;

/// Tags that keep a bundle while it is fetched and checked (cleared at start like every
/// `tmp/` tag).
const CHECKING_TAG: &str = "tmp/miniapp/";

fn unavailable(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Unavailable, e.to_string())
}

fn random_id() -> String {
    let mut bytes = [0u8; 8];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes);
    hex::encode(bytes)
}

pub(crate) fn network(node: &NodeInner) -> Result<Arc<Network>, ApiError> {
    node.network().ok_or_else(crate::api::files_offline)
}

/// A bundle that passed every check, with its files' hashes.
#[derive(Debug)]
pub(crate) struct Verified {
    /// The signed manifest.
    pub(crate) bundle: Bundle,
    /// The collection's hash.
    pub(crate) hash: Hash,
    /// Tag keeping it while it is checked and installed (dropped after).
    pub(crate) hold: Option<String>,
}

impl Verified {
    /// Lets go of the temporary hold (the install's own tag keeps what it needs).
    pub(crate) async fn release(self, network: &Network) {
        if let Some(hold) = &self.hold
            && let Err(e) = network.files.blobs.untag_prefix(hold).await
        {
            tracing::debug!("releasing a checked bundle: {e}");
        }
    }
}

/// Fetches the bundle `link` names (`supernet://app/<ticket>` or a bare ticket) and
/// checks it.
pub(crate) async fn fetch(node: &NodeInner, link: &str) -> Result<Verified, ApiError> {
    let network = network(node)?;
    let text = link.trim();
    let text = text.strip_prefix(LINK_PREFIX).unwrap_or(text);
    let ticket = parse_ticket(text).map_err(|e| {
        ApiError::invalid_input(format!(
            "not an app link: {e} (an app link looks like {LINK_PREFIX}blob…)"
        ))
    })?;
    if ticket.format() != BlobFormat::HashSeq {
        return Err(ApiError::invalid_input(
            "this link names a single file, not an app bundle (a folder of files with a manifest.json)",
        ));
    }
    let hash = ticket.hash();
    let addr = ticket.addr().clone();
    let mut providers = vec![addr.id];
    providers.extend(
        network
            .providers(None)
            .into_iter()
            .filter(|p| *p != addr.id),
    );
    network.files.blobs.learn(addr);
    let hold = format!("{CHECKING_TAG}{}", random_id());
    network
        .files
        .blobs
        .tag_folder(&hold, hash)
        .await
        .map_err(unavailable)?;
    let result = async {
        // Here already (its publisher's node, an installed version): nothing to fetch.
        if let Ok(bundle) = verify(&network, hash).await {
            return Ok(bundle);
        }
        precheck(&network, hash, &providers).await?;
        network
            .files
            .download(hash, true, Some("app bundle".into()), providers)
            .await?;
        verify(&network, hash).await
    }
    .await;
    match result {
        Ok(bundle) => Ok(Verified {
            bundle,
            hash,
            hold: Some(hold),
        }),
        Err(e) => {
            let _ = network.files.blobs.untag_prefix(&hold).await;
            Err(e)
        }
    }
}

/// Most bytes of a bundle's folder listing (the file names): [`MAX_FILES`] paths of at
/// most [`manifest::MAX_PATH_BYTES`] each, with room for the encoding.
const MAX_LISTING_BYTES: u64 = (MAX_FILES as u64 + 1) * (manifest::MAX_PATH_BYTES as u64 + 8);

/// Before the whole bundle `hash` is downloaded: fetches only its listing and its
/// manifest, checks the manifest (fields, limits, signature) and that the listing holds
/// exactly the files it signs, and asks the providers each file's verified size. So a link
/// to something that is not a well-formed app, or to a bundle bigger than the limits,
/// costs a few kilobytes, never the download.
async fn precheck(
    network: &Network,
    hash: Hash,
    providers: &[supernet_net::blobs::EndpointId],
) -> Result<(), ApiError> {
    let files = &network.files;
    let blobs = &files.blobs;
    let small = |what: String, size: u64, limit: u64| {
        if size > limit {
            Err(ApiError::new(
                ErrorCode::Oversize,
                format!("{what} has {size} bytes, more than the {limit} an app bundle's may have"),
            ))
        } else {
            Ok(())
        }
    };
    // The hash sequence: the listing's hash, then one hash per file.
    let size = blobs
        .probe_size(hash, providers)
        .await
        .map_err(unavailable)?;
    small(
        "the bundle's list of files".into(),
        size,
        (MAX_FILES as u64 + 2) * 32,
    )?;
    files
        .download(hash, false, None, providers.to_vec())
        .await?;
    let sequence = blobs.read(hash, 0..size).await.map_err(unavailable)?;
    if sequence.len() % 32 != 0 || sequence.len() < 32 {
        return Err(ApiError::invalid_input(
            "this link is not an app bundle (its list of files is malformed)",
        ));
    }
    let listing = Hash::from_bytes(sequence[..32].try_into().expect("32 bytes"));
    let size = blobs
        .probe_size(listing, providers)
        .await
        .map_err(unavailable)?;
    small("the bundle's file names".into(), size, MAX_LISTING_BYTES)?;
    files
        .download(listing, false, None, providers.to_vec())
        .await?;
    let entries = blobs
        .collection(hash)
        .await
        .map_err(|e| ApiError::invalid_input(format!("this link is not an app bundle: {e}")))?;
    let held: BTreeMap<String, Hash> = entries.into_iter().map(|e| (e.name, e.hash)).collect();
    let Some(manifest_hash) = held.get(BUNDLE_MANIFEST).copied() else {
        return Err(ApiError::invalid_input(format!(
            "the bundle has no {BUNDLE_MANIFEST}: it is a shared folder, not a Supernet app"
        )));
    };
    let size = blobs
        .probe_size(manifest_hash, providers)
        .await
        .map_err(unavailable)?;
    small(BUNDLE_MANIFEST.into(), size, MAX_MANIFEST_BYTES as u64)?;
    files
        .download(manifest_hash, false, None, providers.to_vec())
        .await?;
    let bytes = blobs
        .read(manifest_hash, 0..size)
        .await
        .map_err(unavailable)?;
    let bundle = Bundle::parse(&bytes).map_err(|e| {
        let e = ApiError::from(e);
        ApiError::new(e.code, format!("{BUNDLE_MANIFEST} refused: {}", e.message))
    })?;
    let id = &bundle.app.id;
    check_listing(&bundle, &held)?;
    for (path, entry) in &bundle.app.files {
        let actual = blobs
            .probe_size(held[path], providers)
            .await
            .map_err(unavailable)?;
        if actual != entry.size {
            return Err(ApiError::invalid_input(format!(
                "{path} in the bundle has {actual} bytes, but app {id}'s signed manifest says {}",
                entry.size
            )));
        }
    }
    Ok(())
}

/// Checks that the bundle's listing `held` holds exactly the files its signed manifest
/// lists, each with the hash it signs.
fn check_listing(bundle: &Bundle, held: &BTreeMap<String, Hash>) -> Result<(), ApiError> {
    let id = &bundle.app.id;
    for (path, entry) in &bundle.app.files {
        let Some(held_hash) = held.get(path) else {
            return Err(ApiError::invalid_input(format!(
                "app {id}'s manifest lists {path}, which the bundle does not hold: it is incomplete or altered"
            )));
        };
        if held_hash.to_hex().as_str() != entry.hash {
            return Err(ApiError::invalid_input(format!(
                "{path} in the bundle has hash {held_hash}, but app {id}'s signed manifest says {}: the bundle was altered",
                entry.hash
            )));
        }
    }
    if let Some(extra) = held
        .keys()
        .find(|name| *name != BUNDLE_MANIFEST && !bundle.app.files.contains_key(*name))
    {
        return Err(ApiError::invalid_input(format!(
            "the bundle holds {extra}, which app {id}'s signed manifest does not list: it was altered"
        )));
    }
    Ok(())
}

/// Checks the bundle `hash` (here in full) against its signed manifest: the manifest's
/// fields, limits and signature, and every file's presence, hash and size.
pub(crate) async fn verify(network: &Network, hash: Hash) -> Result<Bundle, ApiError> {
    let blobs = &network.files.blobs;
    let entries = blobs
        .collection(hash)
        .await
        .map_err(|e| ApiError::invalid_input(format!("this link is not an app bundle: {e}")))?;
    let held: BTreeMap<String, Hash> = entries.into_iter().map(|e| (e.name, e.hash)).collect();
    let Some(manifest_hash) = held.get(BUNDLE_MANIFEST) else {
        return Err(ApiError::invalid_input(format!(
            "the bundle has no {BUNDLE_MANIFEST}: it is a shared folder, not a Supernet app"
        )));
    };
    let state = blobs.state(*manifest_hash).await.map_err(unavailable)?;
    if !state.complete {
        return Err(ApiError::new(
            ErrorCode::Unavailable,
            format!("the bundle's {BUNDLE_MANIFEST} is not all here yet"),
        ));
    }
    let size = state.size.unwrap_or(0);
    if size > MAX_MANIFEST_BYTES as u64 {
        return Err(manifest::ManifestError::TooLarge {
            what: BUNDLE_MANIFEST.into(),
            size,
            limit: MAX_MANIFEST_BYTES as u64,
        }
        .into());
    }
    let bytes = blobs
        .read(*manifest_hash, 0..size)
        .await
        .map_err(unavailable)?;
    let bundle = Bundle::parse(&bytes).map_err(|e| {
        let e = ApiError::from(e);
        ApiError::new(e.code, format!("{BUNDLE_MANIFEST} refused: {}", e.message))
    })?;
    let id = &bundle.app.id;
    check_listing(&bundle, &held)?;
    let mut total = 0u64;
    for (path, entry) in &bundle.app.files {
        let held_hash = &held[path];
        let state = blobs.state(*held_hash).await.map_err(unavailable)?;
        if !state.complete {
            return Err(ApiError::new(
                ErrorCode::Unavailable,
                format!("{path} of app {id} is not all here yet"),
            ));
        }
        if state.size != Some(entry.size) {
            return Err(ApiError::invalid_input(format!(
                "{path} in the bundle has {} bytes, but app {id}'s signed manifest says {}",
                state.size.unwrap_or(0),
                entry.size
            )));
        }
        total += entry.size;
    }
    if total > MAX_BUNDLE_BYTES {
        return Err(ApiError::new(
            ErrorCode::Oversize,
            format!(
                "app {id}'s bundle has {total} bytes, more than the {MAX_BUNDLE_BYTES} allowed"
            ),
        ));
    }
    Ok(bundle)
}

/// The bytes of file `path` of installed app `record` (`None` when it has no such file).
pub(crate) async fn read_file(
    node: &NodeInner,
    record: &Record,
    path: Option<&str>,
) -> Result<Option<Vec<u8>>, ApiError> {
    let Some(entry) = path.and_then(|p| record.app.files.get(p)) else {
        return Ok(None);
    };
    let network = network(node)?;
    let hash = parse_hash(&entry.hash).map_err(|e| ApiError::internal(e.to_string()))?;
    let bytes = network
        .files
        .blobs
        .read(hash, 0..entry.size)
        .await
        .map_err(unavailable)?;
    Ok(Some(bytes))
}

/// Output of a publish, before any install.
#[derive(Debug)]
pub(crate) struct Published {
    pub(crate) bundle: Bundle,
    pub(crate) hash: Hash,
    pub(crate) ticket: String,
}

/// Every file of an app's source directory to publish, by `/`-separated path, sorted:
/// everything but `supernet-app.json` and hidden files (`.git`, editor files). Symbolic
/// links are not followed.
fn walk(root: &Path) -> Result<Vec<(String, PathBuf)>, ApiError> {
    let too_many = || {
        ApiError::new(
            ErrorCode::Oversize,
            format!(
                "{} holds more than {MAX_FILES} files; an app bundle has at most {MAX_FILES}",
                root.display()
            ),
        )
    };
    // One more than a bundle holds: the source manifest is among them, and is left out.
    let files: Vec<(String, PathBuf)> = crate::files::walk(root, false, MAX_FILES + 1)
        .map_err(|e| match e.code {
            ErrorCode::Oversize => too_many(),
            _ => e,
        })?
        .into_iter()
        .filter(|(rel, _, _)| rel != SOURCE_MANIFEST)
        .map(|(rel, path, _)| (rel, path))
        .collect();
    if files.len() > MAX_FILES {
        return Err(too_many());
    }
    Ok(files)
}

/// Reads, checks, signs and shares the app in `dir` (see `apps.publish`).
pub(crate) async fn publish(node: &NodeInner, dir: &Path) -> Result<Published, ApiError> {
    if !dir.is_absolute() {
        return Err(ApiError::invalid_input(format!(
            "{} is a relative path; give an absolute path (the node may run in another directory)",
            dir.display()
        )));
    }
    let key = node.identity().key()?;
    let network = network(node)?;
    let source_path = dir.join(SOURCE_MANIFEST);
    let source = std::fs::read(&source_path).map_err(|e| {
        ApiError::new(
            ErrorCode::NotFound,
            format!(
                "cannot read {}: {e} (an app's folder holds its {SOURCE_MANIFEST}; `supernet app new` makes one)",
                source_path.display()
            ),
        )
    })?;
    let mut app: AppManifest = manifest::parse_source(&source).map_err(|e| {
        let e = ApiError::from(e);
        ApiError::new(e.code, format!("{SOURCE_MANIFEST}: {}", e.message))
    })?;
    let files = walk(dir)?;
    for (path, _) in &files {
        manifest::check_path(path).map_err(|reason| {
            ApiError::invalid_input(format!("cannot publish the file {path:?}: {reason}"))
        })?;
    }
    let blobs = &network.files.blobs;
    let hold = format!("{CHECKING_TAG}{}/", random_id());
    let result = async {
        let mut entries = Vec::with_capacity(files.len() + 1);
        for (name, path) in &files {
            let (hash, size) = blobs
                .add_path(path, &format!("{hold}{name}"), |_, _| {})
                .await
                .map_err(|e| ApiError::invalid_input(format!("cannot add {name}: {e}")))?;
            app.files.insert(
                name.clone(),
                FileEntry {
                    hash: hash.to_hex().to_string(),
                    size,
                },
            );
            entries.push(CollectionEntry {
                name: name.clone(),
                hash,
            });
        }
        let bundle = Bundle::sign(app, &key).map_err(|e| {
            let e = ApiError::from(e);
            ApiError::new(e.code, format!("cannot publish: {}", e.message))
        })?;
        let bytes = bundle.to_bytes();
        let data = futures_util::stream::iter([Ok(bytes::Bytes::from(bytes))]);
        let (manifest_hash, _) = blobs
            .add_stream(data, &format!("{hold}{BUNDLE_MANIFEST}"), |_, _| {})
            .await
            .map_err(unavailable)?;
        entries.push(CollectionEntry {
            name: BUNDLE_MANIFEST.into(),
            hash: manifest_hash,
        });
        let hash = blobs
            .add_collection(entries, &format!("{hold}collection"))
            .await
            .map_err(unavailable)?;
        // Shared like any folder: `blobs.list` shows it, `blobs.unshare` stops it.
        blobs
            .tag_folder(&format!("share/{hash}"), hash)
            .await
            .map_err(unavailable)?;
        Ok::<_, ApiError>((bundle, hash))
    }
    .await;
    let _ = blobs.untag_prefix(&hold).await;
    let (bundle, hash) = result?;
    let ticket = blobs.ticket(hash, true).to_string();
    Ok(Published {
        bundle,
        hash,
        ticket,
    })
}
