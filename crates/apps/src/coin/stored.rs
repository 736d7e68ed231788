//! Chains as this node holds them: read from the event log in seq order (found through
//! the `ops` table), validated with [`super::chain`], and the validated state kept in a
//! small cache so that the next payment validates only what is new.
//!
//! The cache is keyed by account and holds the state at some head `(seq, id)`; a later
//! load reuses it only if the chain it reads has that very operation at that seq. A chain's
//! validity depends on nothing but its operations, so the cache is safe to share between
//! every node in a process (tests run several).
//!
//! Appends to this node's own chain go through [`chain_lock`]: two payments made at once
//! must not both take the same seq (that would be a fork of one's own making).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, ApiError, Event, EventId, Timestamp};
use supernet_store::Store;

use super::APP_ID;
use super::chain::ChainState;

/// Accounts whose validated state is cached: the counterparties a node deals with, not the
/// whole network. Past it, the cache starts afresh.
const CACHED_CHAINS: usize = 4096;
/// Events read from the log per query while loading a chain (the store's page limit).
const LOAD_PAGE: usize = supernet_store::MAX_PAGE as usize;

static CACHE: LazyLock<Mutex<HashMap<AccountId, ChainState>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

static LOCKS: LazyLock<Mutex<HashMap<AccountId, Arc<tokio::sync::Mutex<()>>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Holds the right to append to `account`'s chain on this node (see the module doc).
pub(crate) async fn chain_lock(account: AccountId) -> tokio::sync::OwnedMutexGuard<()> {
    let lock = LOCKS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(account)
        .or_default()
        .clone();
    lock.lock_owned().await
}

pub(crate) fn db_error(e: sqlx::Error) -> ApiError {
    ApiError::internal(format!("the coin tables: {e}"))
}

/// What stops a chain held here short of its last operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Operations from this seq on have not reached this node.
    Missing(u64),
    /// Two operations at this seq.
    Fork(u64),
    /// The operation at this seq breaks the rules.
    Invalid(u64, String),
}

impl Problem {
    pub(crate) fn describe(&self) -> String {
        match self {
            Problem::Missing(s) => format!("operations from seq {s} on have not reached this node"),
            Problem::Fork(s) => format!("two different operations were signed at seq {s}"),
            Problem::Invalid(s, why) => format!("the operation at seq {s} is invalid: {why}"),
        }
    }
}

/// A chain as loaded: the state validated as far as it goes, and what stopped it.
#[derive(Debug, Clone)]
pub(crate) struct Loaded {
    pub state: ChainState,
    pub problem: Option<Problem>,
    /// Operations stored here (all seqs, forks included).
    pub stored: u64,
}

impl Loaded {
    /// Whether the chain is known valid through `seq` with `id` there.
    pub(crate) fn valid_through(&self, seq: u64) -> bool {
        self.state.head().is_some_and(|(s, _)| s >= seq)
    }
}

/// Loads and validates `account`'s chain as stored here.
pub(crate) async fn load(store: &Store, account: AccountId) -> Result<Loaded, ApiError> {
    let rows: Vec<(i64, Vec<u8>, i64)> = {
        let mut reader = store.app_reader(APP_ID).await?;
        sqlx::query_as("SELECT seq, id, pos FROM ops WHERE author = ? ORDER BY seq, pos")
            .bind(account.as_bytes().to_vec())
            .fetch_all(reader.conn())
            .await
            .map_err(db_error)?
    };
    let stored = rows.len() as u64;
    // The contiguous, fork-free run from seq 1.
    let mut run: Vec<(u64, EventId, i64)> = Vec::with_capacity(rows.len());
    let mut problem = None;
    for (seq, id, pos) in rows {
        let seq = seq as u64;
        let id = EventId(id.as_slice().try_into().unwrap_or([0; 32]));
        match run.last() {
            Some(&(last, other, _)) if last == seq && other != id => {
                run.pop();
                problem = Some(Problem::Fork(seq));
                break;
            }
            Some(&(last, _, _)) if last == seq => continue,
            _ => {}
        }
        if seq != run.len() as u64 + 1 {
            problem = Some(Problem::Missing(run.len() as u64 + 1));
            break;
        }
        run.push((seq, id, pos));
    }
    let cached = CACHE
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&account)
        .cloned();
    let mut state = match cached {
        Some(state)
            if state
                .head()
                .is_some_and(|(s, id)| run.get(s as usize - 1).is_some_and(|r| r.1 == id)) =>
        {
            state
        }
        _ => ChainState::new(account),
    };
    let start = state.head().map_or(0, |(s, _)| s as usize);
    'load: for chunk in run[start.min(run.len())..].chunks(LOAD_PAGE) {
        let positions: Vec<i64> = chunk.iter().map(|r| r.2).collect();
        let events = store.at_positions(&positions).await?;
        let mut by_pos: HashMap<i64, Event> =
            events.into_iter().map(|s| (s.pos, s.event)).collect();
        for &(seq, _, pos) in chunk {
            let Some(event) = by_pos.remove(&pos) else {
                // Removed from the log meanwhile.
                problem = Some(Problem::Missing(seq));
                break 'load;
            };
            if let Err(e) = state.apply(&event, false) {
                problem = Some(Problem::Invalid(seq, e.to_string()));
                break 'load;
            }
        }
    }
    if problem.is_none() || matches!(problem, Some(Problem::Missing(_)) | Some(Problem::Fork(_))) {
        let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= CACHED_CHAINS && !cache.contains_key(&account) {
            cache.clear();
        }
        let better = cache
            .get(&account)
            .is_none_or(|c| c.head().map_or(0, |h| h.0) <= state.head().map_or(0, |h| h.0));
        if better {
            cache.insert(account, state.clone());
        }
    }
    Ok(Loaded {
        state,
        problem,
        stored,
    })
}

/// Why an account is frozen here: the two operations it signed at one seq.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Freeze {
    /// The seq both operations claim.
    pub seq: u64,
    /// One operation's id.
    pub a: EventId,
    /// When it says it was signed.
    pub a_at: Timestamp,
    /// The other's id.
    pub b: EventId,
    /// When it says it was signed.
    pub b_at: Timestamp,
    /// When the fork came to light here (the later operation's or the proof's time).
    pub found_at: Timestamp,
    /// The `coin.fork` proof that spread it, once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<EventId>,
    /// Why, in words.
    pub reason: String,
}

fn id_of(bytes: Vec<u8>) -> EventId {
    EventId(bytes.as_slice().try_into().unwrap_or([0; 32]))
}

/// Whether `account` is frozen here, and why.
pub(crate) async fn frozen(store: &Store, account: &AccountId) -> Result<Option<Freeze>, ApiError> {
    type Row = (i64, Vec<u8>, i64, Vec<u8>, i64, i64, Option<Vec<u8>>);
    let row: Option<Row> = {
        let mut reader = store.app_reader(APP_ID).await?;
        sqlx::query_as("SELECT seq, a, a_at, b, b_at, found_at, proof FROM forks WHERE author = ?")
            .bind(account.as_bytes().to_vec())
            .fetch_optional(reader.conn())
            .await
            .map_err(db_error)?
    };
    Ok(row.map(|(seq, a, a_at, b, b_at, found_at, proof)| Freeze {
        seq: seq as u64,
        a: id_of(a),
        a_at: a_at as u64,
        b: id_of(b),
        b_at: b_at as u64,
        found_at: found_at as u64,
        proof: proof.map(id_of),
        reason: format!(
            "{account} signed two different operations at seq {seq} of its currency chain — a double-spend attempt — so every honest node freezes it: it can no longer pay or be paid"
        ),
    }))
}

/// Refuses with `frozen` when `account` is frozen here.
pub(crate) async fn refuse_frozen(
    store: &Store,
    account: &AccountId,
    who: &str,
) -> Result<(), ApiError> {
    match frozen(store, account).await? {
        Some(f) => Err(ApiError::new(
            supernet_core::ErrorCode::Frozen,
            format!(
                "{who} ({account}) is frozen: it signed two operations ({} and {}) at seq {}; see coin.account for the proof",
                f.a, f.b, f.seq
            ),
        )),
        None => Ok(()),
    }
}
