//! Both sides of a reconciliation: [`respond`] answers a request from the node's events;
//! [`pull`] drives a sync with one peer — rounds of fingerprint comparison, then fetches of
//! what is missing, handed batch by batch to a sink (the node, which verifies and stores).
//! The asker checks that every answer stays inside what it asked about; a peer that strays
//! is reported as misbehaving.

use std::future::Future;

use supernet_core::EventId;
use supernet_core::sync::{
    Filter, Fingerprint, Key, LEAF_ITEMS, Range, SyncSource, in_range, split,
};

use crate::protocol::{
    MAX_EVENTS_BYTES, MAX_FETCH, MAX_LISTED_KEYS, MAX_RANGES, Part, Request, Response,
};

/// Most keys listed in one reconcile response, across its ranges: ~2.6 MB on the wire.
const MAX_RESPONSE_KEYS: usize = 65_536;
/// Most rounds of a sync: 16-way splits resolve 16^12 events, far more than any store.
const MAX_ROUNDS: usize = 12;
/// Most ranges still open in a sync: more means the peer is splitting without end.
const MAX_OPEN_RANGES: usize = 65_536;
/// Ids fetched per request while a sync runs: big enough to amortise a round trip,
/// small enough that the first events are stored while the rest are in flight.
const FETCH_BATCH: usize = 2_048;

/// Answers `request` from `source`.
pub async fn respond<S: SyncSource>(source: &S, request: Request) -> Response {
    match request {
        Request::Reconcile { filter, ranges } => {
            let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
                return refused("no ranges");
            };
            let span = Range {
                lower: first.0.lower,
                upper: last.0.upper,
            };
            let keys = match source.keys(&filter, &span).await {
                Ok(keys) => keys,
                Err(e) => return refused(&format!("cannot read events: {e}")),
            };
            let mut parts = Vec::new();
            let mut listed = 0usize;
            for (range, theirs) in ranges {
                let mine = in_range(&keys, &range);
                let fingerprint = Fingerprint::of(mine);
                if fingerprint == theirs {
                    continue;
                }
                let list = mine.len() <= LEAF_ITEMS
                    || (theirs.count == 0 && mine.len() <= MAX_LISTED_KEYS);
                if list && listed + mine.len() <= MAX_RESPONSE_KEYS {
                    listed += mine.len();
                    parts.push(Part::Keys {
                        range,
                        keys: mine.to_vec(),
                    });
                } else if list {
                    // The response is full: let the asker come back for this range.
                    parts.push(Part::Fingerprint { range, fingerprint });
                } else {
                    for sub in split(&range, mine) {
                        let fingerprint = Fingerprint::of(in_range(mine, &sub));
                        parts.push(Part::Fingerprint {
                            range: sub,
                            fingerprint,
                        });
                    }
                }
            }
            Response::Reconcile { parts }
        }
        Request::Fetch { ids } => {
            let ids: Vec<EventId> = ids.into_iter().map(EventId).collect();
            match source.events(&ids).await {
                Ok(mut wires) => {
                    let mut total = 0usize;
                    wires.retain(|w| {
                        total += w.len() + 8;
                        total <= MAX_EVENTS_BYTES
                    });
                    Response::Events { wires }
                }
                Err(e) => refused(&format!("cannot read events: {e}")),
            }
        }
        Request::Contact => Response::Contact {
            card: String::from_utf8(source.contact()).unwrap_or_default(),
        },
        Request::Nudge => Response::Noted,
    }
}

fn refused(reason: &str) -> Response {
    Response::Refused {
        reason: reason.to_owned(),
    }
}

/// Why a pull stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PullError {
    /// The request could not be sent or answered (connection lost, timeout).
    #[error("the peer did not answer: {0}")]
    Unreachable(String),
    /// The peer answered outside the protocol: it should be penalised.
    #[error("the peer broke the sync protocol: {0}")]
    Misbehaved(String),
    /// The peer refused.
    #[error("the peer refused: {0}")]
    Refused(String),
    /// Our own store failed.
    #[error("reading our events failed: {0}")]
    Local(String),
    /// The sink refused what the peer sent (invalid events): it should be penalised.
    #[error("the peer sent invalid events: {0}")]
    Invalid(String),
}

/// What a pull did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PullReport {
    /// Reconciliation rounds.
    pub rounds: usize,
    /// Events received.
    pub fetched: usize,
    /// Bytes of requests sent.
    pub bytes_sent: u64,
    /// Bytes of responses received.
    pub bytes_received: u64,
}

fn size_of<M: serde::Serialize>(message: &M) -> u64 {
    postcard::to_stdvec(message).map_or(0, |b| b.len() as u64 + 4)
}

/// Fetches from a peer every event of `filter` it has and `source` lacks. `ask` sends one
/// request to the peer; `sink` takes each batch of received events and fails when they are
/// invalid. Cancel-safe: dropping the future stops the sync; what was handed to `sink`
/// stays.
pub async fn pull<S, A, AF, K, KF>(
    source: &S,
    filter: &Filter,
    mut ask: A,
    mut sink: K,
) -> Result<PullReport, PullError>
where
    S: SyncSource,
    A: FnMut(Request) -> AF,
    AF: Future<Output = Result<Response, String>>,
    K: FnMut(Vec<Vec<u8>>) -> KF,
    KF: Future<Output = Result<(), String>>,
{
    let mut report = PullReport::default();
    let mut pending = vec![Range::ALL];
    let mut wanted: Vec<EventId> = Vec::new();

    while !pending.is_empty() {
        report.rounds += 1;
        if report.rounds > MAX_ROUNDS {
            return Err(PullError::Misbehaved(format!(
                "no agreement after {MAX_ROUNDS} rounds"
            )));
        }
        let span = Range {
            lower: pending[0].lower,
            upper: pending[pending.len() - 1].upper,
        };
        let mine = source
            .keys(filter, &span)
            .await
            .map_err(|e| PullError::Local(e.to_string()))?;
        let mut next = Vec::new();
        for chunk in pending.chunks(MAX_RANGES) {
            let ranges: Vec<(Range, Fingerprint)> = chunk
                .iter()
                .map(|r| (*r, Fingerprint::of(in_range(&mine, r))))
                .collect();
            let request = Request::Reconcile {
                filter: filter.clone(),
                ranges,
            };
            report.bytes_sent += size_of(&request);
            let response = ask(request).await.map_err(PullError::Unreachable)?;
            report.bytes_received += size_of(&response);
            let parts = match response {
                Response::Reconcile { parts } => parts,
                Response::Refused { reason } => return Err(PullError::Refused(reason)),
                Response::Events { .. } | Response::Contact { .. } | Response::Noted => {
                    return Err(PullError::Misbehaved(
                        "something else than fingerprints in answer to a reconcile".into(),
                    ));
                }
            };
            let asked = |range: &Range| {
                chunk.iter().any(|c| {
                    c.lower <= range.lower && range.upper <= c.upper && range.lower < range.upper
                })
            };
            for part in parts {
                match part {
                    Part::Fingerprint { range, fingerprint } => {
                        if !asked(&range) {
                            return Err(PullError::Misbehaved(
                                "a range outside the question".into(),
                            ));
                        }
                        if fingerprint != Fingerprint::of(in_range(&mine, &range)) {
                            next.push(range);
                        }
                    }
                    Part::Keys { range, keys } => {
                        if !asked(&range) || keys.iter().any(|k| !range.contains(k)) {
                            return Err(PullError::Misbehaved("keys outside the question".into()));
                        }
                        wanted.extend(
                            keys.iter()
                                .filter(|k| mine.binary_search(k).is_err())
                                .map(|k: &Key| k.id),
                        );
                    }
                }
            }
            while wanted.len() >= FETCH_BATCH {
                let batch: Vec<EventId> = wanted.drain(..FETCH_BATCH).collect();
                fetch(&mut ask, &mut sink, batch, &mut report).await?;
            }
        }
        next.sort_by_key(|r| r.lower);
        next.dedup();
        if next.len() > MAX_OPEN_RANGES || next.windows(2).any(|w| w[0].upper > w[1].lower) {
            return Err(PullError::Misbehaved(
                "overlapping or too many ranges".into(),
            ));
        }
        pending = next;
    }
    while !wanted.is_empty() {
        let n = wanted.len().min(FETCH_BATCH);
        let batch: Vec<EventId> = wanted.drain(..n).collect();
        fetch(&mut ask, &mut sink, batch, &mut report).await?;
    }
    Ok(report)
}

/// Fetches `ids` (asking again for those a full page left out) and hands them to `sink`.
async fn fetch<A, AF, K, KF>(
    ask: &mut A,
    sink: &mut K,
    mut ids: Vec<EventId>,
    report: &mut PullReport,
) -> Result<(), PullError>
where
    A: FnMut(Request) -> AF,
    AF: Future<Output = Result<Response, String>>,
    K: FnMut(Vec<Vec<u8>>) -> KF,
    KF: Future<Output = Result<(), String>>,
{
    while !ids.is_empty() {
        let n = ids.len().min(MAX_FETCH);
        let asked: Vec<EventId> = ids.drain(..n).collect();
        let request = Request::Fetch {
            ids: asked.iter().map(|id| id.0).collect(),
        };
        report.bytes_sent += size_of(&request);
        let response = ask(request).await.map_err(PullError::Unreachable)?;
        report.bytes_received += size_of(&response);
        let wires = match response {
            Response::Events { wires } => wires,
            Response::Refused { reason } => return Err(PullError::Refused(reason)),
            Response::Reconcile { .. } | Response::Contact { .. } | Response::Noted => {
                return Err(PullError::Misbehaved(
                    "something else than events in answer to a fetch".into(),
                ));
            }
        };
        if wires.len() > asked.len() {
            return Err(PullError::Misbehaved("more events than asked for".into()));
        }
        let mut open: std::collections::HashSet<EventId> = asked.iter().copied().collect();
        for wire in &wires {
            let id: [u8; 32] = wire
                .get(..32)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| PullError::Invalid("an event shorter than its id".into()))?;
            if !open.remove(&EventId(id)) {
                return Err(PullError::Misbehaved(
                    "an event that was not asked for, or twice".into(),
                ));
            }
        }
        // Events a full page left out are asked for again.
        let missing: Vec<EventId> = asked.into_iter().filter(|id| open.contains(id)).collect();
        let progress = !wires.is_empty();
        report.fetched += wires.len();
        if progress {
            sink(wires).await.map_err(PullError::Invalid)?;
            ids.extend(missing);
        }
        // A peer that sends nothing it was asked for no longer has it: move on.
    }
    Ok(())
}
