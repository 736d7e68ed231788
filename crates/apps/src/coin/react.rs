//! What a node does, unasked, when coin events arrive (the app's [`Reactor`]): the work is
//! read from the tables each time, so a missed wake-up only delays it, and doing it twice
//! does nothing (each step first checks it is still to do).
//!
//! - **Fork proofs**: for every freeze found here from two stored operations and not yet
//!   backed by a `coin.fork`, publish one (gossiped to the account's followers and to
//!   everyone following this node).
//! - **Payments to this account**: fetch the payer's chain if it is incomplete here,
//!   validate it through the payment, wait for the notaries' quorum if the currency has
//!   one, then countersign (`receive`, joining the currency first if need be) — or
//!   `decline` with the reason when the payer's chain does not allow it. Frozen payers wait.
//! - **Notary duty**: for payments in a currency this account notarizes, countersign
//!   (`coin.notarize`) once the payer's chain validates through the payment — never two
//!   operations of one account at one seq.
//! - **Declined payments of this account**: take them back (`refund`).
//! - **Vouches for this account**: accept them once the voucher's chain validates.
//!
//! [`Reactor`]: crate::contract::Reactor

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use supernet_core::{AccountId, ApiError, Draft, Event, EventId, Ref};

use super::body::{NotarizeBody, Op, ParsedOp, Wire, inner_send, inner_vouch};
use super::stored::{Problem, chain_lock, db_error, frozen, load};
use super::{APP_ID, FORK, NOTARIZE, OP, append, catch_up_own, ensure_joined, own_chain};
use crate::contract::{Ctx, Fetch};

/// Items of each kind of work looked at per wake-up: bounds one reaction; what is left
/// waits for the next.
const BATCH: i64 = 32;
/// Least time between two fetches of one account's chain by one node: a chain that is
/// still incomplete after a fetch is not asked for again at every event that arrives.
const REFETCH_AFTER: Duration = Duration::from_secs(2);

/// When each (node account, chain) was last fetched.
static FETCHED: LazyLock<Mutex<HashMap<(AccountId, AccountId), Instant>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));
/// Operations a notary refused to notarize (or a vouchee to accept), so they are not
/// looked at again and again. Bounded: cleared past this size.
static REFUSED: LazyLock<Mutex<std::collections::HashSet<(AccountId, EventId)>>> =
    LazyLock::new(|| Mutex::new(Default::default()));
const MAX_REFUSED: usize = 65_536;

fn refused(me: AccountId, id: EventId) -> bool {
    REFUSED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .contains(&(me, id))
}

fn refuse(me: AccountId, id: EventId) {
    let mut set = REFUSED.lock().unwrap_or_else(|p| p.into_inner());
    if set.len() >= MAX_REFUSED {
        set.clear();
    }
    set.insert((me, id));
}

/// Runs every step; one failing item does not stop the others.
pub(crate) async fn react(ctx: Ctx, _events: Vec<Event>) -> Result<(), ApiError> {
    let Some(me) = ctx.account() else {
        return Ok(());
    };
    let mut first_error = None;
    let mut note = |what: &str, r: Result<(), ApiError>| {
        if let Err(e) = r {
            tracing::debug!(%me, "coin: {what}: {}", e.message);
            first_error.get_or_insert(e);
        }
    };
    note("spreading fork proofs", spread_forks(&ctx).await);
    for send in pending(&ctx, me, PENDING_SENDS).await? {
        let id = send.id();
        note(&format!("payment {id}"), countersign(&ctx, me, send).await);
    }
    for send in pending(&ctx, me, TO_NOTARIZE).await? {
        let id = send.id();
        note(&format!("notarizing {id}"), notarize(&ctx, me, send).await);
    }
    for decline in pending(&ctx, me, TO_REFUND).await? {
        note("a refund", refund(&ctx, me, decline).await);
    }
    for vouch in pending(&ctx, me, TO_ACCEPT).await? {
        note("a vouch", accept(&ctx, me, vouch).await);
    }
    note(
        "entering payments in the books",
        super::books::record_payments(&ctx, me).await,
    );
    match first_error {
        // Locked keys and unreachable peers are the normal state of a node at times.
        Some(e) if e.code != supernet_core::ErrorCode::Locked => Err(e),
        _ => Ok(()),
    }
}

/// Payments to ?1 it has neither received nor declined.
const PENDING_SENDS: &str = "SELECT s.pos FROM ops s WHERE s.op = 'send' AND s.counterparty = ?1 \
     AND NOT EXISTS (SELECT 1 FROM ops r WHERE r.author = ?1 AND r.settles = s.id) ORDER BY s.pos LIMIT ?2";
/// Payments asking ?1 to notarize them, not notarized by it yet.
const TO_NOTARIZE: &str = "SELECT s.pos FROM asked a JOIN ops s ON s.pos = a.pos \
     WHERE a.notary = ?1 AND NOT EXISTS (SELECT 1 FROM notarizations n WHERE n.notary = ?1 AND n.op = s.id) \
     ORDER BY s.pos LIMIT ?2";
/// Declines of ?1's payments it has not taken back.
const TO_REFUND: &str = "SELECT d.pos FROM ops d WHERE d.op = 'decline' AND d.counterparty = ?1 \
     AND EXISTS (SELECT 1 FROM ops s WHERE s.id = d.settles AND s.author = ?1 AND s.counterparty = d.author) \
     AND NOT EXISTS (SELECT 1 FROM ops f WHERE f.author = ?1 AND f.op = 'refund' AND f.settles = d.settles) \
     ORDER BY d.pos LIMIT ?2";
/// Vouches for ?1 it has not accepted.
const TO_ACCEPT: &str = "SELECT v.pos FROM ops v WHERE v.op = 'vouch' AND v.counterparty = ?1 \
     AND NOT EXISTS (SELECT 1 FROM ops a WHERE a.author = ?1 AND a.op = 'accept' AND a.settles = v.id) \
     ORDER BY v.pos LIMIT ?2";

async fn pending(ctx: &Ctx, me: AccountId, sql: &'static str) -> Result<Vec<Event>, ApiError> {
    let positions: Vec<i64> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_scalar(sql)
            .bind(me.as_bytes().to_vec())
            .bind(BATCH)
            .fetch_all(reader.conn())
            .await
            .map_err(db_error)?
    };
    let events = ctx.store().at_positions(&positions).await?;
    Ok(events
        .into_iter()
        .map(|s| s.event)
        .filter(|e| !refused(me, e.id()))
        .collect())
}

async fn spread_forks(ctx: &Ctx) -> Result<(), ApiError> {
    let rows: Vec<(Vec<u8>, Vec<u8>)> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_as("SELECT a, b FROM forks WHERE proof IS NULL LIMIT 16")
            .fetch_all(reader.conn())
            .await
            .map_err(db_error)?
    };
    for (a, b) in rows {
        let id = |bytes: Vec<u8>| EventId(bytes.as_slice().try_into().unwrap_or([0; 32]));
        let (Some(a), Some(b)) = (
            ctx.store().get(&id(a)).await?,
            ctx.store().get(&id(b)).await?,
        ) else {
            continue;
        };
        let Ok((author, seq)) = super::body::check_fork(&a, &b) else {
            continue;
        };
        let body = super::body::ForkBody {
            a: Wire(a.clone()),
            b: Wire(b.clone()),
        };
        let mut draft = Draft::new(
            FORK,
            ctx.now(),
            serde_json::to_vec(&body).map_err(|e| ApiError::internal(e.to_string()))?,
        );
        // To the account's followers, and to those it dealt with in either operation:
        // the victims of a double-spend hear of it first.
        draft.refs = vec![Ref::Account(author), Ref::Event(a.id()), Ref::Event(b.id())];
        for op in [&a, &b] {
            if let Some(other) = ParsedOp::parse_unsigned(op)
                .ok()
                .and_then(|p| p.counterparty())
                && !draft.refs.contains(&Ref::Account(other))
            {
                draft.refs.push(Ref::Account(other));
            }
        }
        ctx.publish(draft).await?;
        tracing::warn!(%author, seq, a = %a.id(), b = %b.id(), "coin: a fork — the account is frozen here, and the proof is spread");
    }
    Ok(())
}

/// Asks peers for `account`'s chain (at most every [`REFETCH_AFTER`]).
async fn fetch_chain(ctx: &Ctx, me: AccountId, account: AccountId) -> Result<(), ApiError> {
    {
        let mut fetched = FETCHED.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if fetched
            .get(&(me, account))
            .is_some_and(|at| now.duration_since(*at) < REFETCH_AFTER)
        {
            return Ok(());
        }
        if fetched.len() >= 4096 {
            fetched.clear();
        }
        fetched.insert((me, account), now);
    }
    let filter = Fetch {
        authors: vec![account],
        named: vec![account],
        kinds: vec![OP.into(), NOTARIZE.into(), FORK.into()],
    };
    let got = ctx.fetch(filter).await?;
    tracing::debug!(%account, got, "coin: fetched a chain to check");
    Ok(())
}

/// Whether `account`'s chain validates here through `seq`: `Ok(true)` yes, `Ok(false)`
/// not yet (fetching), `Err(reason)` never (invalid or forked there).
async fn checked_through(
    ctx: &Ctx,
    me: AccountId,
    account: AccountId,
    seq: u64,
) -> Result<Result<super::stored::Loaded, String>, ApiError> {
    let loaded = load(ctx.store(), account).await?;
    if loaded.valid_through(seq) {
        return Ok(Ok(loaded));
    }
    match &loaded.problem {
        Some(Problem::Invalid(s, why)) if *s <= seq => Ok(Err(why.clone())),
        Some(Problem::Fork(s)) if *s <= seq => Ok(Err(format!("its chain forks at seq {s}"))),
        _ => {
            fetch_chain(ctx, me, account).await?;
            Ok(Err(String::new()))
        }
    }
}

async fn countersign(ctx: &Ctx, me: AccountId, send: Event) -> Result<(), ApiError> {
    let payer = send.author();
    let (currency, _, _, seq) = inner_send(&send).map_err(ApiError::internal)?;
    if frozen(ctx.store(), &payer).await?.is_some() || frozen(ctx.store(), &me).await?.is_some() {
        return Ok(());
    }
    let loaded = match checked_through(ctx, me, payer, seq).await? {
        Ok(loaded) => loaded,
        Err(why) if why.is_empty() || why.starts_with("its chain forks") => return Ok(()),
        Err(why) => {
            return decline(
                ctx,
                me,
                &send,
                &format!("the payer's chain does not allow it: {why}"),
            )
            .await;
        }
    };
    let Some(c) = loaded.state.currency(&currency).cloned() else {
        return Ok(());
    };
    let mut notarizations = Vec::new();
    if c.body.quorum > 0 {
        notarizations = notarizations_of(ctx, &send, &c.body.notaries).await?;
        if notarizations.len() < usize::from(c.body.quorum) {
            return Ok(());
        }
        notarizations.truncate(usize::from(c.body.quorum));
    }
    let _chain = chain_lock(me).await;
    catch_up_own(ctx, me).await?;
    let own = own_chain(ctx, me).await?;
    if own.state.settled(&send.id()) {
        return Ok(());
    }
    let state = if own.state.currency(&currency).is_none() {
        ensure_joined(ctx, me, &currency).await?
    } else {
        own.state
    };
    let op = Op::Receive {
        send: Wire(send.clone()),
        notarizations,
    };
    let event = append(
        ctx,
        &state,
        &op,
        vec![Ref::Account(payer), Ref::Event(send.id())],
    )
    .await?;
    tracing::info!(%payer, send = %send.id(), receive = %event.id(), "coin: a payment countersigned");
    Ok(())
}

/// The valid notarizations of `send` stored here by `notaries`, one per notary.
async fn notarizations_of(
    ctx: &Ctx,
    send: &Event,
    notaries: &[AccountId],
) -> Result<Vec<Wire>, ApiError> {
    let positions: Vec<i64> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_scalar("SELECT pos FROM notarizations WHERE op = ? ORDER BY pos")
            .bind(send.id().as_bytes().to_vec())
            .fetch_all(reader.conn())
            .await
            .map_err(db_error)?
    };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for s in ctx.store().at_positions(&positions).await? {
        let n = s.event;
        let Ok(body) = NotarizeBody::parse(&n) else {
            continue;
        };
        if body.author == send.author()
            && Some(body.seq) == send.seq()
            && notaries.contains(&n.author())
            && !seen.contains(&n.author())
        {
            seen.push(n.author());
            out.push(Wire(n));
        }
    }
    Ok(out)
}

async fn decline(ctx: &Ctx, me: AccountId, send: &Event, reason: &str) -> Result<(), ApiError> {
    let _chain = chain_lock(me).await;
    catch_up_own(ctx, me).await?;
    let own = own_chain(ctx, me).await?;
    if own.state.settled(&send.id()) {
        return Ok(());
    }
    let reason: String = reason.chars().take(super::body::MAX_MEMO_CHARS).collect();
    let op = Op::Decline {
        send: send.id(),
        payer: send.author(),
        reason: reason.clone(),
    };
    append(
        ctx,
        &own.state,
        &op,
        vec![Ref::Account(send.author()), Ref::Event(send.id())],
    )
    .await?;
    tracing::info!(payer = %send.author(), send = %send.id(), %reason, "coin: a payment declined");
    Ok(())
}

async fn notarize(ctx: &Ctx, me: AccountId, send: Event) -> Result<(), ApiError> {
    let payer = send.author();
    let Some(seq) = send.seq() else { return Ok(()) };
    let (_, payee, _, _) = inner_send(&send).map_err(ApiError::internal)?;
    if frozen(ctx.store(), &payer).await?.is_some() {
        refuse(me, send.id());
        return Ok(());
    }
    let other: Option<Vec<u8>> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_scalar("SELECT op FROM notarizations WHERE notary = ? AND author = ? AND seq = ? AND op <> ? LIMIT 1")
            .bind(me.as_bytes().to_vec())
            .bind(payer.as_bytes().to_vec())
            .bind(seq as i64)
            .bind(send.id().as_bytes().to_vec())
            .fetch_optional(reader.conn())
            .await
            .map_err(db_error)?
    };
    if other.is_some() {
        refuse(me, send.id());
        tracing::warn!(%payer, seq, op = %send.id(), "coin: refused to notarize a second operation at one seq (a double-spend)");
        return Ok(());
    }
    let loaded = match checked_through(ctx, me, payer, seq).await? {
        Ok(loaded) => loaded,
        Err(why) if why.is_empty() => return Ok(()),
        Err(why) => {
            refuse(me, send.id());
            tracing::info!(%payer, op = %send.id(), "coin: not notarized: {why}");
            return Ok(());
        }
    };
    // Only for currencies that name this account a notary.
    let currency = inner_send(&send).map_err(ApiError::internal)?.0;
    if !loaded
        .state
        .currency(&currency)
        .is_some_and(|c| c.body.notaries.contains(&me))
    {
        refuse(me, send.id());
        return Ok(());
    }
    let body = NotarizeBody {
        op: send.id(),
        author: payer,
        seq,
        payee,
    };
    let mut draft = Draft::new(
        NOTARIZE,
        ctx.now(),
        serde_json::to_vec(&body).map_err(|e| ApiError::internal(e.to_string()))?,
    );
    draft.refs = vec![
        Ref::Account(payer),
        Ref::Account(payee),
        Ref::Event(send.id()),
    ];
    ctx.publish(draft).await?;
    Ok(())
}

async fn refund(ctx: &Ctx, me: AccountId, decline: Event) -> Result<(), ApiError> {
    let (send, _) = super::body::inner_decline(&decline).map_err(ApiError::internal)?;
    let _chain = chain_lock(me).await;
    catch_up_own(ctx, me).await?;
    let own = own_chain(ctx, me).await?;
    if !own.state.sent(&send) || own.state.refunded(&send) {
        return Ok(());
    }
    let payee = decline.author();
    append(
        ctx,
        &own.state,
        &Op::Refund {
            decline: Wire(decline),
        },
        vec![Ref::Account(payee)],
    )
    .await?;
    tracing::info!(%send, "coin: a declined payment taken back");
    Ok(())
}

async fn accept(ctx: &Ctx, me: AccountId, vouch: Event) -> Result<(), ApiError> {
    let voucher = vouch.author();
    let Some(seq) = vouch.seq() else {
        return Ok(());
    };
    let (currency, _, _) = inner_vouch(&vouch).map_err(ApiError::internal)?;
    if frozen(ctx.store(), &voucher).await?.is_some() {
        return Ok(());
    }
    match checked_through(ctx, me, voucher, seq).await? {
        Ok(_) => {}
        Err(why) if why.is_empty() => return Ok(()),
        Err(_) => {
            refuse(me, vouch.id());
            return Ok(());
        }
    }
    let _chain = chain_lock(me).await;
    catch_up_own(ctx, me).await?;
    let own = own_chain(ctx, me).await?;
    if own.state.settled(&vouch.id()) {
        return Ok(());
    }
    let state = if own.state.currency(&currency).is_none() {
        ensure_joined(ctx, me, &currency).await?
    } else {
        own.state
    };
    append(
        ctx,
        &state,
        &Op::Accept { vouch: Wire(vouch) },
        vec![Ref::Account(voucher)],
    )
    .await?;
    Ok(())
}
