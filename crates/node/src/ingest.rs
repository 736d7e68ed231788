//! The ingest path for events made elsewhere (peers, files, other programs): decode and
//! verify in parallel, check each against its application's validator, store in batches —
//! verifying the next batch while the current one is written.

use std::collections::HashMap;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_apps::KindSpec;
use supernet_core::{ApiError, ErrorCode, Event, EventError, Timestamp, VerifiedEvent};
use tokio::sync::mpsc;

use crate::Node;

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
pub(crate) fn check_kind(kinds: &HashMap<String, KindSpec>, event: &Event) -> Result<(), ApiError> {
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

impl Node {
    /// Verifies, validates and stores events from elsewhere, batch by batch: each valid
    /// event is stored, each invalid one is refused and reported; verification of the next
    /// batch runs on all cores while the current one is written.
    pub async fn ingest_batches<I>(&self, batches: I) -> Result<IngestOutcome, ApiError>
    where
        I: IntoIterator<Item = Vec<Box<[u8]>>> + Send + 'static,
        I::IntoIter: Send,
    {
        let (tx, mut rx) =
            mpsc::channel::<(usize, Vec<Result<VerifiedEvent, ApiError>>)>(VERIFIED_AHEAD);
        let kinds = self.inner.kinds.clone();
        let producer = tokio::task::spawn_blocking(move || {
            let mut offset = 0;
            for batch in batches {
                let n = batch.len();
                let now = crate::now();
                let checked = batch
                    .into_par_iter()
                    .map(|wire| {
                        let e = Event::decode(wire)?.verify(now)?;
                        check_kind(&kinds, &e)?;
                        Ok(e)
                    })
                    .collect();
                if tx.blocking_send((offset, checked)).is_err() {
                    return;
                }
                offset += n;
            }
        });
        let mut outcome = IngestOutcome::default();
        while let Some(first) = rx.recv().await {
            // Gather what the verifier delivers until the transaction is large or old enough.
            let deadline = tokio::time::Instant::now() + MAX_TXN_DELAY;
            let mut pending = first.1.len();
            let mut batches = vec![first];
            while pending < MAX_TXN_EVENTS {
                match tokio::time::timeout_at(deadline, rx.recv()).await {
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
                    match r {
                        Ok(e) => valid.push(e),
                        Err(e) => {
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
            let report = self.inner.store.ingest(valid).await?;
            outcome.inserted += report.inserted;
            outcome.duplicates += report.duplicates;
        }
        producer
            .await
            .map_err(|e| ApiError::internal(format!("the verifier stopped: {e}")))?;
        Ok(outcome)
    }
}
