//! The ingest path for events made elsewhere (peers, files, other programs): decode and
//! verify in parallel, check each against its application's validator, store in batches —
//! verifying the next batch while the current one is written.

use std::collections::HashMap;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{ApiError, ErrorCode, Event, EventError, Timestamp, VerifiedEvent};
use tokio::sync::mpsc;

use std::sync::Arc;

use crate::{Node, NodeInner};

/// Batches verified ahead of the writer: enough for the verifier to keep every core busy
/// while the writer commits a large transaction (sixteen sync-sized batches of 10,000
/// events are ~50 MB).
const VERIFIED_AHEAD: usize = 16;
/// Most events in one transaction. Every commit rewrites each index page it touched, and
/// the event-id index is random, so a few large commits write several times less than
/// many small ones.
const MAX_TXN_EVENTS: usize = 100_000;
/// Longest a verified event waits for its transaction: bulk work commits at least every
/// second, so progress is visible and durable.
const MAX_TXN_DELAY: std::time::Duration = std::time::Duration::from_secs(1);
/// Rejections listed in full in an [`IngestOutcome`]; the rest are only counted.
const MAX_REJECTIONS_LISTED: usize = 100;

/// Decodes and verifies events on every core.
pub fn verify_batch(
    wires: Vec<Box<[u8]>>,
    now: Timestamp,
) -> Vec<Result<VerifiedEvent, EventError>> {
    wires
        .into_par_iter()
        .map(|wire| Event::decode(wire).and_then(|e| e.verify(now)))
        .collect()
}

/// Checks `event` against the validator of the application that owns its kind.
pub(crate) fn check_kind(kinds: &crate::kinds::Kinds, event: &Event) -> Result<(), ApiError> {
    let spec = kinds.get(event.kind()).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnknownKind,
            format!(
                "no application on this node handles events of kind {:?}",
                event.kind()
            ),
        )
    })?;
    (spec.validator)(event).map_err(|reason| {
        ApiError::new(
            ErrorCode::InvalidBody,
            format!("{} {} refused: {reason}", event.kind(), event.id()),
        )
    })
}

/// One event refused during an ingest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Rejected {
    /// Its position in the input, from 0.
    pub index: usize,
    /// Why, as a stable code.
    pub code: ErrorCode,
    /// Why, in words.
    pub message: String,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IngestOutcome {
    /// Events newly stored.
    pub inserted: usize,
    /// Events already stored.
    pub duplicates: usize,
    /// How many were refused.
    pub rejected_count: usize,
    /// The first refusals, with reasons.
    pub rejected: Vec<Rejected>,
}

/// Decides, after verification, whether an event may be stored (e.g. "its author is
/// followed here"); the error says why not.
pub(crate) type Admit = Arc<dyn Fn(&Event) -> Result<(), ApiError> + Send + Sync>;

/// A running ingest: batches of wire bytes go in; verification (all cores) of one batch
/// overlaps the storing of the previous ones, which are gathered into large transactions.
pub(crate) struct Pipeline {
    /// Where batches go. Bounded: a sender waits while the verifier is busy.
    pub(crate) input: mpsc::Sender<Vec<Box<[u8]>>>,
    /// Set once an event was refused: lets a sender stop early.
    pub(crate) refused: Arc<std::sync::atomic::AtomicBool>,
    /// Valid events not kept because their author's (or the total) quota is full, per author.
    pub(crate) over_quota: Arc<std::sync::Mutex<HashMap<supernet_core::AccountId, u64>>>,
    done: tokio::task::JoinHandle<Result<IngestOutcome, ApiError>>,
}

impl Pipeline {
    /// Starts a pipeline into `node`'s store. `admit` runs on every verified event; `quota`
    /// (when given) is asked, per event, whether it fits the storage quotas.
    pub(crate) fn start(
        node: &Arc<NodeInner>,
        admit: Option<Admit>,
        quota: Option<Arc<crate::network::Network>>,
    ) -> Self {
        let (input, mut raw) = mpsc::channel::<Vec<Box<[u8]>>>(VERIFIED_AHEAD);
        let (verified_tx, mut verified) =
            mpsc::channel::<(usize, Vec<Result<VerifiedEvent, ApiError>>)>(VERIFIED_AHEAD);
        let refused = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let over_quota = Arc::new(std::sync::Mutex::new(HashMap::new()));
        let kinds = node.kinds.clone();
        let verifier = tokio::spawn(async move {
            let mut offset = 0;
            while let Some(batch) = raw.recv().await {
                let n = batch.len();
                let kinds = kinds.clone();
                let admit = admit.clone();
                let checked = tokio::task::spawn_blocking(move || {
                    let now = crate::now();
                    batch
                        .into_par_iter()
                        .map(|wire| {
                            let e = Event::decode(wire)?.verify(now)?;
                            check_kind(&kinds, &e)?;
                            if let Some(admit) = &admit {
                                admit(&e)?;
                            }
                            Ok(e)
                        })
                        .collect::<Vec<_>>()
                })
                .await;
                let Ok(checked) = checked else { return };
                if verified_tx.send((offset, checked)).await.is_err() {
                    return;
                }
                offset += n;
            }
        });
        let node = node.clone();
        let flag = refused.clone();
        let withheld = over_quota.clone();
        let done = tokio::spawn(async move {
            let mut outcome = IngestOutcome::default();
            let me = node.identity().account();
            while let Some(first) = verified.recv().await {
                // Gather what the verifier delivers until the transaction is large or old enough.
                let deadline = tokio::time::Instant::now() + MAX_TXN_DELAY;
                let mut pending = first.1.len();
                let mut batches = vec![first];
                while pending < MAX_TXN_EVENTS {
                    match tokio::time::timeout_at(deadline, verified.recv()).await {
                        Ok(Some(next)) => {
                            pending += next.1.len();
                            batches.push(next);
                        }
                        Ok(None) | Err(_) => break,
                    }
                }
                let mut valid = Vec::with_capacity(pending);
                for (offset, checked) in batches {
                    for (i, r) in checked.into_iter().enumerate() {
                        let r = match (r, &quota) {
                            (Ok(e), Some(network)) => {
                                let size = e.wire().len() as u64;
                                let fits = network.within_quota(&node.store, e.author(), me, size);
                                match fits.await {
                                    Ok(()) => Ok(e),
                                    Err(full) => {
                                        *withheld
                                            .lock()
                                            .unwrap_or_else(|p| p.into_inner())
                                            .entry(e.author())
                                            .or_default() += 1;
                                        Err(full)
                                    }
                                }
                            }
                            (r, _) => r,
                        };
                        match r {
                            Ok(e) => valid.push(e),
                            // An event that expired in flight, or over quota, is no one's fault.
                            Err(e)
                                if matches!(
                                    e.code,
                                    ErrorCode::Expired | ErrorCode::QuotaExceeded
                                ) => {}
                            Err(e) => {
                                flag.store(true, std::sync::atomic::Ordering::Relaxed);
                                outcome.rejected_count += 1;
                                if outcome.rejected.len() < MAX_REJECTIONS_LISTED {
                                    outcome.rejected.push(Rejected {
                                        index: offset + i,
                                        code: e.code,
                                        message: e.message,
                                    });
                                }
                            }
                        }
                    }
                }
                let report = node.store.ingest(valid).await?;
                outcome.inserted += report.inserted;
                outcome.duplicates += report.duplicates;
            }
            let _ = verifier.await;
            Ok(outcome)
        });
        Self {
            input,
            refused,
            over_quota,
            done,
        }
    }

    /// Closes the input and waits for everything sent to be stored.
    pub(crate) async fn finish(self) -> Result<IngestOutcome, ApiError> {
        drop(self.input);
        self.done
            .await
            .map_err(|e| ApiError::internal(format!("the ingest stopped: {e}")))?
    }
}

impl Node {
    /// Verifies, validates and stores events from elsewhere, batch by batch: each valid
    /// event is stored, each invalid one is refused and reported; verification of the next
    /// batch runs on all cores while the current one is written.
    pub async fn ingest_batches<I>(&self, batches: I) -> Result<IngestOutcome, ApiError>
    where
        I: IntoIterator<Item = Vec<Box<[u8]>>> + Send + 'static,
        I::IntoIter: Send,
    {
        let pipeline = Pipeline::start(&self.inner, None, None);
        for batch in batches {
            if pipeline.input.send(batch).await.is_err() {
                break;
            }
        }
        pipeline.finish().await
    }
}
