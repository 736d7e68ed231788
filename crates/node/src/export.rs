//! The portable export file: every event of a node, as signed, so another node (or the same
//! one after a reinstall) can import it and verify each event itself.
//!
//! ```text
//! magic     16 bytes  "SUPERNET-EXPORT\0"
//! version   u32       1
//! records   u32 length (1..=MAX_EVENT_BYTES), then the event's wire bytes; repeated
//! end       u32       0
//! count     u64       number of records
//! checksum  [u8; 32]  BLAKE3 of every byte from the magic through the end marker
//! ```
//!
//! All integers are big-endian. The trailer makes a truncated or altered file detectable
//! before anything is committed: an import is all or nothing.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{ApiError, ErrorCode, Event, EventError, MAX_EVENT_BYTES, VerifiedEvent};
use supernet_store::Store;
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;

const MAGIC: &[u8; 16] = b"SUPERNET-EXPORT\0";
const FORMAT_VERSION: u32 = 1;
/// Events read from the log, or verified from the file, per step.
const BATCH: usize = 2000;

/// Output of `events.export`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ExportOutput {
    /// The file written.
    pub path: PathBuf,
    /// Events written.
    pub events: u64,
    /// File size in bytes.
    pub bytes: u64,
}

/// Output of `events.import`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ImportOutput {
    /// Events newly stored.
    pub inserted: usize,
    /// Events this node had already.
    pub duplicates: usize,
    /// Events skipped because they have expired since the export.
    pub expired: usize,
}

fn io(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::new(ErrorCode::Io, format!("cannot use {}: {e}", path.display()))
}

/// Writes every stored event to `path` (through a temporary file, renamed when complete).
pub async fn export(store: &Store, path: &Path) -> Result<ExportOutput, ApiError> {
    let partial = path.with_extension("partial");
    let file = tokio::fs::File::create(&partial)
        .await
        .map_err(|e| io(&partial, e))?;
    let mut out = tokio::io::BufWriter::new(file);
    let mut hasher = blake3::Hasher::new();
    let mut bytes = 0u64;
    let mut write = async |chunk: &[u8], hasher: &mut blake3::Hasher| -> Result<(), ApiError> {
        hasher.update(chunk);
        bytes += chunk.len() as u64;
        out.write_all(chunk).await.map_err(|e| io(&partial, e))
    };
    write(MAGIC, &mut hasher).await?;
    write(&FORMAT_VERSION.to_be_bytes(), &mut hasher).await?;
    let mut count = 0u64;
    let mut after = 0;
    loop {
        let batch = store.scan(after, BATCH as u32).await?;
        let Some(last) = batch.last() else { break };
        after = last.pos;
        for stored in &batch {
            let wire = stored.event.wire();
            write(&(wire.len() as u32).to_be_bytes(), &mut hasher).await?;
            write(wire, &mut hasher).await?;
            count += 1;
        }
    }
    write(&0u32.to_be_bytes(), &mut hasher).await?;
    let mut trailer = Vec::with_capacity(40);
    trailer.extend_from_slice(&count.to_be_bytes());
    trailer.extend_from_slice(hasher.finalize().as_bytes());
    out.write_all(&trailer).await.map_err(|e| io(&partial, e))?;
    out.flush().await.map_err(|e| io(&partial, e))?;
    out.into_inner()
        .sync_all()
        .await
        .map_err(|e| io(&partial, e))?;
    tokio::fs::rename(&partial, path)
        .await
        .map_err(|e| io(path, e))?;
    Ok(ExportOutput {
        path: path.to_owned(),
        events: count,
        bytes: bytes + trailer.len() as u64,
    })
}

fn bad_file(path: &Path, detail: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::BadExportFile,
        format!(
            "{} is not a usable Supernet export: {detail}; nothing was imported",
            path.display()
        ),
    )
}

/// Reads the export at `path` into `store`. Every event is verified and passed to
/// `check`; one bad event, or a damaged or truncated file, refuses the whole import.
pub async fn import<C>(store: &Store, path: &Path, check: C) -> Result<ImportOutput, ApiError>
where
    C: Fn(&Event) -> Result<(), ApiError> + Send + 'static,
{
    let file = std::fs::File::open(path).map_err(|e| io(path, e))?;
    let (tx, rx) = mpsc::channel(2);
    let owned = path.to_owned();
    let reader =
        tokio::task::spawn_blocking(move || read_file(BufReader::new(file), &owned, &check, &tx));
    let outcome = store.ingest_all(rx).await?;
    let expired = reader
        .await
        .map_err(|e| ApiError::internal(format!("the import reader stopped: {e}")))?;
    let report = outcome?;
    Ok(ImportOutput {
        inserted: report.inserted,
        duplicates: report.duplicates,
        expired,
    })
}

type Batches = mpsc::Sender<Result<Vec<VerifiedEvent>, ApiError>>;

/// Reads, verifies and sends batches; sends an error (which rolls the import back) at the
/// first problem. Returns how many expired events were skipped.
fn read_file<R: Read, C>(mut r: R, path: &Path, check: &C, tx: &Batches) -> usize
where
    C: Fn(&Event) -> Result<(), ApiError>,
{
    match read_records(&mut r, path, check, tx) {
        Ok(expired) => expired,
        Err(e) => {
            let _ = tx.blocking_send(Err(e));
            0
        }
    }
}

fn read_records<R: Read, C>(
    r: &mut R,
    path: &Path,
    check: &C,
    tx: &Batches,
) -> Result<usize, ApiError>
where
    C: Fn(&Event) -> Result<(), ApiError>,
{
    let mut hasher = blake3::Hasher::new();
    let mut read =
        |buf: &mut [u8], what: &str, hasher: Option<&mut blake3::Hasher>| -> Result<(), ApiError> {
            r.read_exact(buf).map_err(|e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => {
                    bad_file(path, format!("it ends inside {what} (truncated?)"))
                }
                _ => io(path, e),
            })?;
            if let Some(h) = hasher {
                h.update(buf);
            }
            Ok(())
        };
    let mut magic = [0u8; 16];
    read(&mut magic, "the header", Some(&mut hasher))?;
    if &magic != MAGIC {
        return Err(bad_file(
            path,
            "it does not start with the Supernet export header",
        ));
    }
    let mut word = [0u8; 4];
    read(&mut word, "the header", Some(&mut hasher))?;
    let version = u32::from_be_bytes(word);
    if version != FORMAT_VERSION {
        return Err(bad_file(
            path,
            format!(
                "export format {version} is not supported (this build reads {FORMAT_VERSION}); update Supernet"
            ),
        ));
    }
    let now = crate::now();
    let mut count = 0u64;
    let mut expired = 0usize;
    let mut pending: Vec<Box<[u8]>> = Vec::with_capacity(BATCH);
    let flush = |pending: &mut Vec<Box<[u8]>>,
                 first_index: u64,
                 expired: &mut usize|
     -> Result<(), ApiError> {
        let wires = std::mem::take(pending);
        let decoded: Vec<Result<Option<VerifiedEvent>, (usize, EventError)>> = {
            use rayon::prelude::*;
            wires
                .into_par_iter()
                .enumerate()
                .map(|(i, w)| {
                    let e = Event::decode(w).map_err(|e| (i, e))?;
                    e.check_signature().map_err(|err| (i, err))?;
                    match e.verify(now) {
                        Ok(v) => Ok(Some(v)),
                        Err(EventError::Expired { .. }) => Ok(None),
                        Err(err) => Err((i, err)),
                    }
                })
                .collect()
        };
        let mut batch = Vec::with_capacity(decoded.len());
        for r in decoded {
            match r {
                Ok(Some(v)) => {
                    check(&v)
                        .map_err(|e| bad_file(path, format!("event {}: {}", v.id(), e.message)))?;
                    batch.push(v);
                }
                Ok(None) => *expired += 1,
                Err((i, e)) => {
                    return Err(ApiError::new(
                        e.code(),
                        format!(
                            "record {} of {} is refused: {e}; nothing was imported",
                            first_index + i as u64,
                            path.display()
                        ),
                    ));
                }
            }
        }
        tx.blocking_send(Ok(batch))
            .map_err(|_| ApiError::new(ErrorCode::Unavailable, "the import was cancelled"))
    };
    loop {
        read(&mut word, "a record length", Some(&mut hasher))?;
        let len = u32::from_be_bytes(word) as usize;
        if len == 0 {
            break;
        }
        if len > MAX_EVENT_BYTES {
            return Err(bad_file(
                path,
                format!(
                    "record {count} claims {len} bytes, more than any event ({MAX_EVENT_BYTES})"
                ),
            ));
        }
        let mut wire = vec![0u8; len];
        read(&mut wire, "an event", Some(&mut hasher))?;
        pending.push(wire.into_boxed_slice());
        count += 1;
        if pending.len() == BATCH {
            flush(&mut pending, count - BATCH as u64, &mut expired)?;
        }
    }
    let first = count - pending.len() as u64;
    flush(&mut pending, first, &mut expired)?;
    let mut trailer = [0u8; 40];
    read(&mut trailer, "the trailer", None)?;
    let claimed = u64::from_be_bytes(trailer[..8].try_into().expect("8 bytes"));
    if claimed != count {
        return Err(bad_file(
            path,
            format!("the trailer counts {claimed} events, the file holds {count}"),
        ));
    }
    if trailer[8..] != *hasher.finalize().as_bytes() {
        return Err(bad_file(
            path,
            "its checksum does not match its contents (the file was altered or damaged)",
        ));
    }
    let mut extra = [0u8; 1];
    if r.read(&mut extra).map_err(|e| io(path, e))? != 0 {
        return Err(bad_file(path, "there are bytes after the trailer"));
    }
    Ok(expired)
}
