//! superCoin's currencies: mutual credit, in the network's default currency and in
//! community currencies anyone can define, with double-spends caught and frozen.
//!
//! # Model
//! Money here is **mutual credit**: nobody issues it; a payment takes the payer below zero
//! (within a credit limit) and the payee above, so the balances of all accounts of a
//! currency always sum to zero. Each account writes every currency operation it signs into
//! one hash-chained sequence (`coin.op`, with `seq` and `prev`), validated by
//! [`chain`]; amounts are integer minor units ([`body`]).
//!
//! # A payment
//! ```text
//!  payer's node                    payee's node                     notaries' nodes
//!  coin.pay: own chain valid,
//!  within limit? ── send ────────▶ reactor: fetch the payer's
//!  (seq n, names payee+notaries)   chain, validate it through n ◀── notarize (once per
//!                                  (balance, limit); quorum?          account and seq)
//!  reactor: refund if declined ◀── receive (carries the send and
//!                                  the notarizations) or decline
//! ```
//! The send counts against the payer at once (pending); it is **final** when the payee's
//! `receive` is in the payee's chain, which the payee only writes after validating the
//! payer's full chain through the send — and, in a currency with notaries, after a quorum
//! of them countersigned. Both chains record the transfer. Everything travels by gossip:
//! events naming an account reach its node and its followers.
//!
//! # Forks
//! Two operations of one account at the same seq are a fork — the shape of every
//! double-spend. A node that stores both records a freeze ([`table`]) and publishes a
//! `coin.fork` proof carrying both events; any node that receives the proof checks the two
//! signatures and freezes the account too. A frozen account can neither pay nor be paid
//! here, and `coin.account` shows the proof. One chain spans all an account's currencies,
//! so a fork makes every one of them doubtful: the freeze covers the account in all of
//! them. A notary never signs two operations at one seq, so with notaries a double-spend
//! cannot complete: the second payment never reaches its quorum.
//!
//! # Vouching
//! Where a currency allows it, a member lends part of its limit to another (`vouch`, then
//! the other's `accept`): the voucher's limit shrinks by what the vouchee's grows — the
//! voucher shares the risk.
//!
//! Kinds: `coin.currency` (a definition), `coin.op` (chained operations), `coin.notarize`
//! (a notary's countersignature), `coin.fork` (a fork proof).
//!
//! For the personal books, [`confirmed_transfers`] yields this account's final transfers.

pub mod body;
mod books;
pub(crate) use books::record_payments;
pub mod chain;
mod react;
pub mod request;
mod stored;
mod table;

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, ApiError, Draft, ErrorCode, Event, EventId, Ref, Timestamp};

pub use body::{CurrencyBody, CurrencyId, Op, Rules, Wire};
pub use chain::{ChainError, ChainState, Currency, Position};
pub use stored::Freeze;

use crate::contract::{AppSpec, Ctx, KindSpec, MethodSpec, Permission, Reactor};
use body::{format_amount, parse_amount, parse_ppm};
use stored::{Loaded, chain_lock, db_error, load, refuse_frozen};

/// The app's namespace.
pub const APP_ID: &str = "coin";
/// A currency's definition.
pub const CURRENCY: &str = "coin.currency";
/// An operation in an account's currency chain.
pub const OP: &str = "coin.op";
/// A notary's countersignature of an operation.
pub const NOTARIZE: &str = "coin.notarize";
/// A fork proof.
pub const FORK: &str = "coin.fork";
/// See balances, transfers, currencies and accounts.
pub const COIN_READ: Permission = Permission::named("coin.read");
/// Define and join currencies as this node's account.
pub const COIN_WRITE: Permission = Permission::named("coin.write");
/// Move money: pay, and vouch (lend part of this account's credit limit). Apart from
/// [`COIN_WRITE`] so that granting "use currencies" never grants "spend".
pub const COIN_PAY: Permission = Permission::named("coin.pay");
/// Most transfers one page lists.
const MAX_PAGE: u32 = 500;

fn me(ctx: &Ctx) -> Result<AccountId, ApiError> {
    ctx.account()
        .ok_or_else(|| ApiError::new(ErrorCode::KeystoreMissing, "this node has no account yet"))
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(e.to_string())
}

/// A currency as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CurrencyView {
    /// Its id: `net`, or its definition's event id.
    pub id: CurrencyId,
    /// Its name.
    pub name: String,
    /// Its symbol.
    pub symbol: String,
    /// Digits after the decimal point.
    pub decimals: u8,
    /// Credit every member starts with (decimal text).
    pub start_limit: String,
    /// Growth of the limit per unit received (decimal text, `0.1`).
    pub growth: String,
    /// Whether members may vouch for others.
    pub vouching: bool,
    /// Notaries that countersign every payment.
    pub notaries: Vec<AccountId>,
    /// How many of them must.
    pub quorum: u8,
    /// Who defined it (none for the network's currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<AccountId>,
    /// Whether this node's account holds it (the network's always).
    pub joined: bool,
}

fn currency_view(c: &Currency, joined: bool) -> CurrencyView {
    let r = &c.body.rules;
    CurrencyView {
        id: c.id,
        name: c.body.name.clone(),
        symbol: c.body.symbol.clone(),
        decimals: c.body.decimals,
        start_limit: format_amount(i128::from(r.start_limit), c.body.decimals),
        growth: format_amount(i128::from(r.growth_ppm), 6)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned(),
        vouching: r.vouching,
        notaries: c.body.notaries.clone(),
        quorum: c.body.quorum,
        creator: c.creator,
        joined,
    }
}

/// Output of `coin.currencies`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Currencies {
    /// The network's currency first, then every community currency known here.
    pub currencies: Vec<CurrencyView>,
}

/// No input.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoInput {}

/// Input of `coin.create_currency`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCurrencyInput {
    /// Its name.
    pub name: String,
    /// Its symbol.
    pub symbol: String,
    /// Digits after the decimal point (default 2).
    #[serde(default)]
    pub decimals: Option<u8>,
    /// Credit every member starts with (decimal text, e.g. `"50"`).
    pub start_limit: String,
    /// Growth of the limit per unit received (decimal text from 0 to 1; default 0).
    #[serde(default)]
    pub growth: Option<String>,
    /// Whether members may vouch for others (default false).
    #[serde(default)]
    pub vouching: bool,
    /// Notaries that must countersign every payment.
    #[serde(default)]
    pub notaries: Vec<AccountId>,
    /// How many of them must (default: a majority).
    #[serde(default)]
    pub quorum: Option<u8>,
}

/// A currency by id.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CurrencyInput {
    /// The currency.
    pub currency: CurrencyId,
}

/// Where an account stands in one currency.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CoinBalance {
    /// The currency.
    pub currency: CurrencyId,
    /// Its symbol.
    pub symbol: String,
    /// Its decimals.
    pub decimals: u8,
    /// Confirmed balance: received, less payments their payees countersigned.
    pub balance: String,
    /// The credit limit (how far below zero the balance may go), as a positive amount.
    pub limit: String,
    /// What can still be paid: balance + limit, less pending payments.
    pub available: String,
    /// Payments signed and not yet countersigned (or refunded).
    pub pending_out: String,
    /// Payments to this account it has not countersigned yet.
    pub pending_in: String,
    /// Everything received so far.
    pub received: String,
}

/// Output of `coin.balances`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Balances {
    /// The account.
    pub account: AccountId,
    /// Why it is frozen, if it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen: Option<Freeze>,
    /// One entry per currency it holds.
    pub balances: Vec<CoinBalance>,
}

/// Input of `coin.pay`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PayInput {
    /// The payee.
    pub to: AccountId,
    /// How much, as decimal text (`"12.50"`).
    pub amount: String,
    /// The currency (default: the network's, `net`).
    #[serde(default)]
    pub currency: Option<CurrencyId>,
    /// What it is for.
    #[serde(default)]
    pub memo: Option<String>,
}

/// A transfer as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TransferView {
    /// The payer's `send`.
    pub id: EventId,
    /// The payer.
    pub from: AccountId,
    /// The payee.
    pub to: AccountId,
    /// `in` (to the account asked about), `out` (from it).
    pub direction: String,
    /// The currency.
    pub currency: CurrencyId,
    /// Its symbol (when the currency is known here).
    pub symbol: String,
    /// The amount, as decimal text.
    pub amount: String,
    /// The amount in minor units.
    pub minor: u64,
    /// What it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
    /// When the payer signed it.
    pub created_at: Timestamp,
    /// `pending` (waiting for the payee, or its notaries), `confirmed` (countersigned:
    /// final), `declined` (refused by the payee) or `refunded` (declined and taken back).
    pub status: String,
    /// When the payee countersigned it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<Timestamp>,
    /// Why the payee declined it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Notaries' countersignatures stored here.
    pub notarizations: u32,
    /// How many the currency needs.
    pub quorum: u8,
}

/// Input of `coin.transfers`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransfersInput {
    /// Whose (default: this node's account).
    #[serde(default)]
    pub account: Option<AccountId>,
    /// Only in this currency.
    #[serde(default)]
    pub currency: Option<CurrencyId>,
    /// Only with this account.
    #[serde(default)]
    pub counterparty: Option<AccountId>,
    /// Only `in` or `out`.
    #[serde(default)]
    pub direction: Option<String>,
    /// Only `pending`, `confirmed`, `declined` or `refunded`.
    #[serde(default)]
    pub status: Option<String>,
    /// Only signed at or after this time (ms since the epoch).
    #[serde(default)]
    pub from: Option<Timestamp>,
    /// Only signed at or before this time.
    #[serde(default)]
    pub to: Option<Timestamp>,
    /// Page size, 1 to 500 (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Continue after this cursor (the `next` of the previous page).
    #[serde(default)]
    pub before: Option<String>,
}

/// Output of `coin.transfers`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Transfers {
    /// Newest first.
    pub transfers: Vec<TransferView>,
    /// Cursor for the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Input of `coin.account`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    /// The account.
    pub account: AccountId,
    /// Only this currency's balance.
    #[serde(default)]
    pub currency: Option<CurrencyId>,
}

/// The head of a chain.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Head {
    /// Its seq.
    pub seq: u64,
    /// Its id.
    pub id: EventId,
}

/// Output of `coin.account`: an account's chain as this node holds it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AccountView {
    /// The account.
    pub account: AccountId,
    /// The last operation validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Head>,
    /// Operations stored here.
    pub operations: u64,
    /// Whether every operation stored here validates, from seq 1 to the head.
    pub valid: bool,
    /// What stops the chain short, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Why it is frozen, if it is: the fork's two operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen: Option<Freeze>,
    /// Its balances, as far as its chain validates.
    pub balances: Vec<CoinBalance>,
}

/// Input of `coin.vouch`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VouchInput {
    /// Whom to vouch for.
    #[serde(rename = "for")]
    pub vouchee: AccountId,
    /// How much of this account's limit to lend, as decimal text.
    pub amount: String,
    /// The currency (default `net`).
    #[serde(default)]
    pub currency: Option<CurrencyId>,
}

/// The operation an API call wrote.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct OpOutput {
    /// Its event id.
    pub id: EventId,
    /// Its seq.
    pub seq: u64,
}

/// Output of `coin.join`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Joined {
    /// The currency.
    pub currency: CurrencyView,
}

async fn currencies(ctx: Ctx, _: NoInput) -> Result<Currencies, ApiError> {
    let mine = match ctx.account() {
        Some(me) => Some(load(ctx.store(), me).await?.state),
        None => None,
    };
    let held = |id: &CurrencyId| mine.as_ref().is_some_and(|s| s.currency(id).is_some());
    let mut out = vec![currency_view(chain::net(), true)];
    for c in known_currencies(&ctx).await? {
        out.push(currency_view(&c, held(&c.id)));
    }
    Ok(Currencies { currencies: out })
}

/// Every community currency defined here or carried by a join stored here.
async fn known_currencies(ctx: &Ctx) -> Result<Vec<Currency>, ApiError> {
    let rows: Vec<(String, Vec<u8>)> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_as("SELECT id, wire FROM currencies ORDER BY created_at DESC LIMIT 1000")
            .fetch_all(reader.conn())
            .await
            .map_err(db_error)?
    };
    Ok(rows
        .into_iter()
        .filter_map(|(_, wire)| currency_of(wire).ok())
        .map(|(c, _)| c)
        .collect())
}

fn currency_of(wire: Vec<u8>) -> Result<(Currency, Event), ApiError> {
    let event = Event::decode(wire).map_err(internal)?;
    let body = CurrencyBody::parse(&event).map_err(internal)?;
    Ok((
        Currency {
            id: CurrencyId::Community(event.id()),
            body,
            creator: Some(event.author()),
        },
        event,
    ))
}

/// A community currency's definition event, when known here.
async fn currency_event(ctx: &Ctx, id: &CurrencyId) -> Result<Option<(Currency, Event)>, ApiError> {
    let CurrencyId::Community(_) = id else {
        return Ok(None);
    };
    let wire: Option<Vec<u8>> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_scalar("SELECT wire FROM currencies WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(reader.conn())
            .await
            .map_err(db_error)?
    };
    wire.map(currency_of).transpose()
}

/// This node's own chain, which must validate to its last operation.
async fn own_chain(ctx: &Ctx, me: AccountId) -> Result<Loaded, ApiError> {
    let loaded = load(ctx.store(), me).await?;
    let code = match &loaded.problem {
        None => return Ok(loaded),
        // Part of its own history is not here (yet): wait for a sync, do not fork it.
        Some(stored::Problem::Missing(_)) => ErrorCode::Unavailable,
        Some(_) => ErrorCode::Frozen,
    };
    let problem = loaded
        .problem
        .as_ref()
        .map(|p| p.describe())
        .unwrap_or_default();
    Err(ApiError::new(
        code,
        format!("this account's currency chain cannot be extended: {problem}"),
    ))
}

/// Before the first operation this node signs for its account, asks peers for the
/// account's chain: an account restored on a new device must continue its history, not
/// start a second one at seq 1 (a fork of its own making). Once the node holds any of its
/// chain, its own sync keeps it current.
async fn catch_up_own(ctx: &Ctx, me: AccountId) -> Result<(), ApiError> {
    if load(ctx.store(), me).await?.state.head().is_none() {
        let filter = crate::contract::Fetch {
            authors: vec![me],
            named: vec![],
            kinds: vec![OP.into()],
        };
        if let Err(e) = ctx.fetch(filter).await {
            tracing::debug!("coin: asking for this account's chain: {}", e.message);
        }
    }
    Ok(())
}

/// Signs `op` as the next operation of this node's chain (`state` at its head; the
/// caller holds [`chain_lock`]).
async fn append(ctx: &Ctx, state: &ChainState, op: &Op, refs: Vec<Ref>) -> Result<Event, ApiError> {
    let (seq, prev) = state.next();
    let mut draft = Draft::new(OP, ctx.now(), serde_json::to_vec(op).map_err(internal)?);
    draft.seq = Some(seq);
    draft.prev = prev;
    draft.refs = refs;
    ctx.publish(draft).await
}

/// Makes sure this node's chain holds `currency`, joining it (a `join` operation) when
/// its definition is known here. Returns the chain at its head.
async fn ensure_joined(
    ctx: &Ctx,
    me: AccountId,
    currency: &CurrencyId,
) -> Result<ChainState, ApiError> {
    catch_up_own(ctx, me).await?;
    let loaded = own_chain(ctx, me).await?;
    if loaded.state.currency(currency).is_some() {
        return Ok(loaded.state);
    }
    let Some((_, event)) = currency_event(ctx, currency).await? else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!(
                "no currency {currency} is known on this node: its definition reaches a node with a payment in it, or from its creator"
            ),
        ));
    };
    append(
        ctx,
        &loaded.state,
        &Op::Join {
            currency: Wire(event),
        },
        vec![],
    )
    .await?;
    Ok(own_chain(ctx, me).await?.state)
}

async fn create_currency(ctx: Ctx, input: CreateCurrencyInput) -> Result<CurrencyView, ApiError> {
    let me = me(&ctx)?;
    let decimals = input.decimals.unwrap_or(2);
    if decimals > body::MAX_DECIMALS {
        return Err(ApiError::invalid_input(format!(
            "a currency has at most {} decimals",
            body::MAX_DECIMALS
        )));
    }
    let start_limit = match input.start_limit.trim() {
        "0" => 0,
        text => parse_amount(text, decimals).map_err(ApiError::invalid_input)?,
    };
    let growth_ppm = match &input.growth {
        Some(g) => parse_ppm(g).map_err(ApiError::invalid_input)?,
        None => 0,
    };
    let quorum = input
        .quorum
        .unwrap_or((input.notaries.len() / 2 + usize::from(!input.notaries.is_empty())) as u8);
    let def = CurrencyBody {
        name: input.name.trim().to_owned(),
        symbol: input.symbol.trim().to_owned(),
        decimals,
        rules: Rules {
            start_limit,
            growth_ppm,
            vouching: input.vouching,
        },
        notaries: input.notaries,
        quorum,
    };
    def.check().map_err(ApiError::invalid_input)?;
    // Its creator joins it with a chained record: only where this account pays.
    ctx.check_pays().await?;
    let event = ctx
        .publish(Draft::new(
            CURRENCY,
            ctx.now(),
            serde_json::to_vec(&def).map_err(internal)?,
        ))
        .await?;
    let id = CurrencyId::Community(event.id());
    {
        let _chain = chain_lock(me).await;
        ensure_joined(&ctx, me, &id).await?;
    }
    Ok(currency_view(
        &Currency {
            id,
            body: def,
            creator: Some(me),
        },
        true,
    ))
}

async fn join(ctx: Ctx, input: CurrencyInput) -> Result<Joined, ApiError> {
    let me = me(&ctx)?;
    if input.currency == CurrencyId::Net {
        return Ok(Joined {
            currency: currency_view(chain::net(), true),
        });
    }
    let _chain = chain_lock(me).await;
    refuse_frozen(ctx.store(), &me, "this account").await?;
    let state = ensure_joined(&ctx, me, &input.currency).await?;
    let c = state
        .currency(&input.currency)
        .ok_or_else(|| ApiError::internal("a joined currency is missing from the chain"))?;
    Ok(Joined {
        currency: currency_view(c, true),
    })
}

/// Sums of pending payments of `account` per currency: (out: signed by it and not
/// countersigned or refunded; in: to it and not countersigned or declined by it).
async fn pending(
    ctx: &Ctx,
    account: &AccountId,
) -> Result<std::collections::HashMap<String, (i128, i128)>, ApiError> {
    let me = account.as_bytes().to_vec();
    let mut reader = ctx.store().app_reader(APP_ID).await?;
    let out: Vec<(String, i64)> = sqlx::query_as(
        "SELECT s.currency, sum(s.amount) FROM ops s WHERE s.author = ?1 AND s.op = 'send' \
         AND NOT EXISTS (SELECT 1 FROM ops r WHERE r.settles = s.id AND r.op = 'receive' AND r.author = s.counterparty) \
         AND NOT EXISTS (SELECT 1 FROM ops f WHERE f.settles = s.id AND f.op = 'refund' AND f.author = ?1) \
         GROUP BY s.currency",
    )
    .bind(&me)
    .fetch_all(reader.conn())
    .await
    .map_err(db_error)?;
    let inc: Vec<(String, i64)> = sqlx::query_as(
        "SELECT s.currency, sum(s.amount) FROM ops s WHERE s.counterparty = ?1 AND s.op = 'send' \
         AND NOT EXISTS (SELECT 1 FROM ops r WHERE r.settles = s.id AND r.author = ?1) \
         GROUP BY s.currency",
    )
    .bind(&me)
    .fetch_all(reader.conn())
    .await
    .map_err(db_error)?;
    let mut sums: std::collections::HashMap<String, (i128, i128)> = Default::default();
    for (c, n) in out {
        sums.entry(c).or_default().0 += i128::from(n);
    }
    for (c, n) in inc {
        sums.entry(c).or_default().1 += i128::from(n);
    }
    Ok(sums)
}

async fn balance_views(
    ctx: &Ctx,
    account: &AccountId,
    state: &ChainState,
    only: Option<CurrencyId>,
) -> Result<Vec<CoinBalance>, ApiError> {
    let pending = pending(ctx, account).await?;
    let mut out = Vec::new();
    for c in state.currencies() {
        if only.is_some_and(|o| o != c.id) {
            continue;
        }
        let p = state.position(&c.id);
        let rules = &c.body.rules;
        let (out_p, in_p) = pending.get(&c.id.to_string()).copied().unwrap_or_default();
        let d = c.body.decimals;
        out.push(CoinBalance {
            currency: c.id,
            symbol: c.body.symbol.clone(),
            decimals: d,
            balance: format_amount(p.balance() + out_p, d),
            limit: format_amount(p.limit(rules), d),
            available: format_amount(p.available(rules).max(0), d),
            pending_out: format_amount(out_p, d),
            pending_in: format_amount(in_p, d),
            received: format_amount(p.received, d),
        });
    }
    Ok(out)
}

async fn balances(ctx: Ctx, _: NoInput) -> Result<Balances, ApiError> {
    let me = me(&ctx)?;
    let loaded = load(ctx.store(), me).await?;
    Ok(Balances {
        account: me,
        frozen: stored::frozen(ctx.store(), &me).await?,
        balances: balance_views(&ctx, &me, &loaded.state, None).await?,
    })
}

async fn account(ctx: Ctx, input: AccountInput) -> Result<AccountView, ApiError> {
    let loaded = load(ctx.store(), input.account).await?;
    Ok(AccountView {
        account: input.account,
        head: loaded.state.head().map(|(seq, id)| Head { seq, id }),
        operations: loaded.stored,
        valid: loaded.problem.is_none(),
        problem: loaded.problem.as_ref().map(|p| p.describe()),
        frozen: stored::frozen(ctx.store(), &input.account).await?,
        balances: balance_views(&ctx, &input.account, &loaded.state, input.currency).await?,
    })
}

fn over_limit(e: ChainError, to: &AccountId) -> ApiError {
    match e {
        // A vouch leaves the balance as it is and lowers the limit instead.
        ChainError::OverLimit {
            what,
            balance_after,
            available,
            ..
        } if what.starts_with("vouching") => ApiError::new(
            ErrorCode::OverLimit,
            format!(
                "{} for {to} would lower your own credit limit below your balance of {balance_after}; you can vouch at most {available} now",
                capitalise(&what)
            ),
        ),
        ChainError::OverLimit {
            what,
            balance_after,
            limit,
            available,
        } => ApiError::new(
            ErrorCode::OverLimit,
            format!(
                "{} to {to} would take your balance to {balance_after}, below your limit of {limit}; you can pay at most {available} now",
                capitalise(&what)
            ),
        ),
        ChainError::NotJoined { currency } => ApiError::new(
            ErrorCode::NotFound,
            format!("this account does not hold {currency}: join it first (coin.join)"),
        ),
        other => ApiError::invalid_input(other.to_string()),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

async fn pay(ctx: Ctx, input: PayInput) -> Result<TransferView, ApiError> {
    let me = me(&ctx)?;
    if input.to == me {
        return Err(ApiError::invalid_input("an account does not pay itself"));
    }
    let memo = input.memo.unwrap_or_default().trim().to_owned();
    if memo.chars().count() > body::MAX_MEMO_CHARS {
        return Err(ApiError::invalid_input(format!(
            "a memo has at most {} characters",
            body::MAX_MEMO_CHARS
        )));
    }
    let currency = input.currency.unwrap_or(CurrencyId::Net);
    let _chain = chain_lock(me).await;
    refuse_frozen(ctx.store(), &me, "this account").await?;
    refuse_frozen(ctx.store(), &input.to, "the payee").await?;
    let state = ensure_joined(&ctx, me, &currency).await?;
    let c = state
        .currency(&currency)
        .ok_or_else(|| ApiError::internal("a joined currency is missing from the chain"))?
        .clone();
    let amount = parse_amount(&input.amount, c.body.decimals).map_err(ApiError::invalid_input)?;
    state
        .check_send(&currency, amount)
        .map_err(|e| over_limit(e, &input.to))?;
    let mut refs = vec![Ref::Account(input.to)];
    refs.extend(c.body.notaries.iter().map(|n| Ref::Account(*n)));
    let op = Op::Send {
        currency,
        to: input.to,
        amount,
        memo: memo.clone(),
    };
    let event = append(&ctx, &state, &op, refs).await?;
    Ok(TransferView {
        id: event.id(),
        from: me,
        to: input.to,
        direction: "out".into(),
        currency,
        symbol: c.body.symbol.clone(),
        amount: format_amount(i128::from(amount), c.body.decimals),
        minor: amount,
        memo,
        created_at: event.created_at(),
        status: "pending".into(),
        confirmed_at: None,
        reason: None,
        notarizations: 0,
        quorum: c.body.quorum,
    })
}

async fn vouch(ctx: Ctx, input: VouchInput) -> Result<OpOutput, ApiError> {
    let me = me(&ctx)?;
    if input.vouchee == me {
        return Err(ApiError::invalid_input(
            "an account does not vouch for itself",
        ));
    }
    let currency = input.currency.unwrap_or(CurrencyId::Net);
    let _chain = chain_lock(me).await;
    refuse_frozen(ctx.store(), &me, "this account").await?;
    refuse_frozen(ctx.store(), &input.vouchee, "the account vouched for").await?;
    let state = ensure_joined(&ctx, me, &currency).await?;
    let decimals = state.currency(&currency).map_or(2, |c| c.body.decimals);
    let amount = parse_amount(&input.amount, decimals).map_err(ApiError::invalid_input)?;
    state.check_vouch(&currency, amount).map_err(|e| match e {
        ChainError::Refused { reason, .. } => ApiError::invalid_input(reason),
        other => over_limit(other, &input.vouchee),
    })?;
    let op = Op::Vouch {
        currency,
        vouchee: input.vouchee,
        amount,
    };
    let event = append(&ctx, &state, &op, vec![Ref::Account(input.vouchee)]).await?;
    Ok(OpOutput {
        id: event.id(),
        seq: event.seq().unwrap_or(0),
    })
}

type TransferRow = (
    i64,
    Vec<u8>,
    Vec<u8>,
    Vec<u8>,
    String,
    i64,
    Option<String>,
    i64,
    Option<i64>,
    Option<String>,
    Option<i64>,
    i64,
);

const STATUSES: [&str; 4] = ["pending", "confirmed", "declined", "refunded"];

async fn transfers(ctx: Ctx, input: TransfersInput) -> Result<Transfers, ApiError> {
    let account = match input.account {
        Some(a) => a,
        None => me(&ctx)?,
    };
    let limit = input.limit.unwrap_or(50);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::invalid_input(format!(
            "limit is 1 to {MAX_PAGE}, not {limit}"
        )));
    }
    if let Some(d) = &input.direction
        && d != "in"
        && d != "out"
    {
        return Err(ApiError::invalid_input(format!(
            "direction is \"in\" or \"out\", not {d:?}"
        )));
    }
    if let Some(s) = &input.status
        && !STATUSES.contains(&s.as_str())
    {
        return Err(ApiError::invalid_input(format!(
            "status is one of {}, not {s:?}",
            STATUSES.join(", ")
        )));
    }
    let before = input
        .before
        .as_deref()
        .map(supernet_store::Cursor::parse)
        .transpose()?;
    let me = account.as_bytes().to_vec();
    let mut sql = String::from(
        "SELECT * FROM (SELECT s.pos, s.id, s.author, s.counterparty, s.currency, s.amount, s.memo, s.created_at, \
           (SELECT r.created_at FROM ops r WHERE r.settles = s.id AND r.op = 'receive' AND r.author = s.counterparty LIMIT 1) AS confirmed_at, \
           (SELECT d.memo FROM ops d WHERE d.settles = s.id AND d.op = 'decline' AND d.author = s.counterparty LIMIT 1) AS reason, \
           (SELECT 1 FROM ops f WHERE f.settles = s.id AND f.op = 'refund' AND f.author = s.author LIMIT 1) AS refunded, \
           (SELECT count(*) FROM notarizations n JOIN currency_notaries c ON c.currency = s.currency AND c.notary = n.notary WHERE n.op = s.id) AS notarized \
         FROM ops s WHERE s.op = 'send' AND (s.author = ?1 OR s.counterparty = ?1)",
    );
    let mut binds: Vec<Bind> = vec![Bind::Blob(me.clone())];
    match input.direction.as_deref() {
        Some("in") => sql.push_str(" AND s.counterparty = ?1"),
        Some("out") => sql.push_str(" AND s.author = ?1"),
        _ => {}
    }
    if let Some(c) = &input.currency {
        binds.push(Bind::Text(c.to_string()));
        sql.push_str(&format!(" AND s.currency = ?{}", binds.len()));
    }
    if let Some(other) = &input.counterparty {
        binds.push(Bind::Blob(other.as_bytes().to_vec()));
        let n = binds.len();
        sql.push_str(&format!(" AND (s.author = ?{n} OR s.counterparty = ?{n})"));
    }
    if let Some(t) = input.from {
        binds.push(Bind::Int(t as i64));
        sql.push_str(&format!(" AND s.created_at >= ?{}", binds.len()));
    }
    if let Some(t) = input.to {
        binds.push(Bind::Int(t as i64));
        sql.push_str(&format!(" AND s.created_at <= ?{}", binds.len()));
    }
    if let Some(c) = before {
        binds.push(Bind::Int(c.created_at as i64));
        binds.push(Bind::Int(c.pos));
        let n = binds.len();
        sql.push_str(&format!(" AND (s.created_at, s.pos) < (?{}, ?{n})", n - 1));
    }
    sql.push(')');
    match input.status.as_deref() {
        Some("confirmed") => sql.push_str(" WHERE confirmed_at IS NOT NULL"),
        Some("refunded") => sql.push_str(" WHERE refunded IS NOT NULL"),
        Some("declined") => {
            sql.push_str(" WHERE reason IS NOT NULL AND confirmed_at IS NULL AND refunded IS NULL")
        }
        Some("pending") => {
            sql.push_str(" WHERE confirmed_at IS NULL AND reason IS NULL AND refunded IS NULL")
        }
        _ => {}
    }
    binds.push(Bind::Int(i64::from(limit)));
    sql.push_str(&format!(
        " ORDER BY created_at DESC, pos DESC LIMIT ?{}",
        binds.len()
    ));
    let rows: Vec<TransferRow> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = match b {
                Bind::Blob(v) => query.bind(v),
                Bind::Text(v) => query.bind(v),
                Bind::Int(v) => query.bind(v),
            };
        }
        query.fetch_all(reader.conn()).await.map_err(db_error)?
    };
    let next = (rows.len() == limit as usize)
        .then(|| {
            rows.last().map(|r| {
                supernet_store::Cursor {
                    created_at: r.7 as u64,
                    pos: r.0,
                }
                .to_text()
            })
        })
        .flatten();
    let mut known: std::collections::HashMap<String, Option<Currency>> = Default::default();
    let mut out = Vec::with_capacity(rows.len());
    for (
        _,
        id,
        from,
        to,
        currency,
        amount,
        memo,
        created_at,
        confirmed_at,
        reason,
        refunded,
        notarized,
    ) in rows
    {
        let currency: CurrencyId = currency.parse().map_err(internal)?;
        let c = match known.get(&currency.to_string()) {
            Some(c) => c.clone(),
            None => {
                let c = match currency {
                    CurrencyId::Net => Some(chain::net().clone()),
                    other => currency_event(&ctx, &other).await?.map(|(c, _)| c),
                };
                known.insert(currency.to_string(), c.clone());
                c
            }
        };
        let (symbol, decimals, quorum) = c.as_ref().map_or((String::new(), 0, 0), |c| {
            (c.body.symbol.clone(), c.body.decimals, c.body.quorum)
        });
        let from = AccountId::from_bytes(from.as_slice().try_into().map_err(internal)?);
        let to = AccountId::from_bytes(to.as_slice().try_into().map_err(internal)?);
        let status = if confirmed_at.is_some() {
            "confirmed"
        } else if refunded.is_some() {
            "refunded"
        } else if reason.is_some() {
            "declined"
        } else {
            "pending"
        };
        out.push(TransferView {
            id: EventId(id.as_slice().try_into().map_err(internal)?),
            from,
            to,
            direction: if from == account { "out" } else { "in" }.into(),
            currency,
            symbol,
            amount: format_amount(i128::from(amount), decimals),
            minor: amount as u64,
            memo: memo.unwrap_or_default(),
            created_at: created_at as u64,
            status: status.into(),
            confirmed_at: confirmed_at.map(|t| t as u64),
            reason,
            notarizations: notarized as u32,
            quorum,
        });
    }
    Ok(Transfers {
        transfers: out,
        next,
    })
}

enum Bind {
    Blob(Vec<u8>),
    Text(String),
    Int(i64),
}

/// A final (countersigned) transfer of this node's account, for the personal books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ConfirmedTransfer {
    /// The payer's `send`: a stable id for the books to de-duplicate on.
    pub id: EventId,
    /// The payer.
    pub from: AccountId,
    /// The payee.
    pub to: AccountId,
    /// The currency.
    pub currency: CurrencyId,
    /// Its name (empty when the currency's definition is not here).
    pub name: String,
    /// Its symbol (empty when the currency's definition is not here).
    pub symbol: String,
    /// Its decimals.
    pub decimals: u8,
    /// Minor units.
    pub minor: u64,
    /// The memo.
    pub memo: String,
    /// When the payer signed it.
    pub created_at: Timestamp,
    /// When the payee countersigned it (the transfer's date for the books).
    pub confirmed_at: Timestamp,
    /// Where the countersignature is in this node's log (the cursor for the next read).
    pub pos: i64,
}

/// id, payer, payee, currency, amount, memo, signed at, countersigned at, its position.
type ConfirmedRow = (
    Vec<u8>,
    Vec<u8>,
    Vec<u8>,
    String,
    i64,
    Option<String>,
    i64,
    i64,
    i64,
);

/// Every final transfer to or from `account` whose countersignature was stored here after
/// log position `after`, in the order they were stored, at most `limit`: what the
/// personal books record from the wallet. Re-reading is harmless: each transfer has a
/// stable `id`.
pub async fn confirmed_transfers(
    ctx: &Ctx,
    account: AccountId,
    after: i64,
    limit: u32,
) -> Result<Vec<ConfirmedTransfer>, ApiError> {
    let rows: Vec<ConfirmedRow> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_as(
            "SELECT s.id, s.author, s.counterparty, s.currency, s.amount, s.memo, s.created_at, r.created_at, r.pos \
             FROM ops s JOIN ops r ON r.settles = s.id AND r.op = 'receive' AND r.author = s.counterparty \
             WHERE s.op = 'send' AND (s.author = ?1 OR s.counterparty = ?1) AND r.pos > ?2 \
             ORDER BY r.pos LIMIT ?3",
        )
        .bind(account.as_bytes().to_vec())
        .bind(after)
        .bind(i64::from(limit.min(supernet_store::MAX_PAGE)))
        .fetch_all(reader.conn())
        .await
        .map_err(db_error)?
    };
    let mut out = Vec::with_capacity(rows.len());
    for (id, from, to, currency, amount, memo, created_at, confirmed_at, pos) in rows {
        let currency: CurrencyId = currency.parse().map_err(internal)?;
        let c = match currency {
            CurrencyId::Net => Some(chain::net().clone()),
            other => currency_event(ctx, &other).await?.map(|(c, _)| c),
        };
        out.push(ConfirmedTransfer {
            id: EventId(id.as_slice().try_into().map_err(internal)?),
            from: AccountId::from_bytes(from.as_slice().try_into().map_err(internal)?),
            to: AccountId::from_bytes(to.as_slice().try_into().map_err(internal)?),
            currency,
            name: c.as_ref().map(|c| c.body.name.clone()).unwrap_or_default(),
            symbol: c
                .as_ref()
                .map(|c| c.body.symbol.clone())
                .unwrap_or_default(),
            decimals: c.as_ref().map_or(0, |c| c.body.decimals),
            minor: amount as u64,
            memo: memo.unwrap_or_default(),
            created_at: created_at as u64,
            confirmed_at: confirmed_at as u64,
            pos,
        });
    }
    Ok(out)
}

fn kind(name: &str, description: &str, validator: fn(&Event) -> Result<(), String>) -> KindSpec {
    KindSpec {
        name: name.into(),
        description: description.into(),
        validator: Arc::new(validator),
        own_devices_only: false,
    }
}

/// The coin app's registration.
pub fn spec() -> AppSpec {
    AppSpec {
        id: APP_ID.into(),
        name: "superCoin".into(),
        description: "Mutual-credit currencies: the network's and community ones, payments countersigned by payees (and notaries), credit limits, vouching, and double-spends frozen".into(),
        kinds: vec![
            kind(CURRENCY, "A currency's definition: name, symbol, decimals, credit rules, notaries", |e| CurrencyBody::parse(e).map(|_| ())),
            kind(OP, "An operation in the author's currency chain (join, send, receive, decline, refund, vouch, accept)", |e| body::ParsedOp::parse(e).map(|_| ())),
            kind(NOTARIZE, "A notary's countersignature of a payment", |e| body::NotarizeBody::parse(e).map(|_| ())),
            kind(FORK, "Proof that an account signed two operations at one seq of its chain", |e| body::ForkBody::parse(e).map(|_| ())),
        ],
        projections: vec![Arc::new(table::Coin)],
        methods: vec![
            MethodSpec::new("coin.currencies", "The network's currency and every community currency known here", COIN_READ, currencies),
            MethodSpec::new("coin.create_currency", "Defines a community currency (name, symbol, credit rules, notaries) and joins it", COIN_WRITE, create_currency).signing(),
            MethodSpec::new("coin.join", "Joins a community currency known here", COIN_WRITE, join).signing(),
            MethodSpec::new("coin.balances", "This account's balance, credit limit, available credit and pending payments in each currency", COIN_READ, balances),
            MethodSpec::new("coin.pay", "Pays an account: signs a payment that is final once the payee (and the currency's notaries) countersign it", COIN_PAY, pay).signing(),
            MethodSpec::new("coin.transfers", "Payments to and from an account (default this one), newest first, with filters", COIN_READ, transfers),
            MethodSpec::new("coin.account", "An account's currency chain as held here: head, validity, balances, and the proof if it is frozen", COIN_READ, account),
            MethodSpec::new("coin.vouch", "Lends part of this account's credit limit to another account", COIN_PAY, vouch).signing(),
            MethodSpec::new("coin.request", "A payment request as a supernet://pay link", COIN_READ, request::request),
            MethodSpec::new("coin.parse_request", "Reads a supernet://pay link", COIN_READ, request::parse_request),
        ],
        permissions: vec![COIN_READ, COIN_WRITE, COIN_PAY],
    }
}

/// The coin app's reactor: countersigns payments and vouches to this account, notarizes
/// as a notary, takes back declined payments, and spreads fork proofs.
pub fn reactor() -> Reactor {
    Reactor::new(APP_ID, &[OP, NOTARIZE, FORK], react::react)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_follows_the_contract() {
        spec().check().unwrap();
    }
}
