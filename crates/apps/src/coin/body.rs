//! The bodies of superCoin's events, their shape rules (what every node checks before it
//! stores one), and amounts.
//!
//! Amounts are **integer minor units** (`i64`/`u64`, cents for a currency of 2 decimals):
//! exact, and with every amount at most [`MAX_AMOUNT`] (below 2^53) they survive JSON in
//! any language. The API reads and writes them as decimal text (`"12.50"`), converted with
//! the currency's `decimals`; sums are computed in `i128`, so no sum of valid amounts
//! overflows.
//!
//! Events carried inside others (a payer's `send` inside the payee's `receive`, a currency
//! definition inside a `join`) are their whole wire encoding in base64url ([`Wire`]), so each
//! chain is self-contained: anyone holding an account's chain can check it without asking
//! for anything else.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, Event, EventId, Ref};

use super::{CURRENCY, FORK, NOTARIZE, OP};
use crate::body::names;

/// Largest amount of one operation, and of a start limit, in minor units: below 2^53, so
/// exact in every JSON reader (JavaScript's numbers included), and ten million whole units
/// even at the most decimals allowed.
pub const MAX_AMOUNT: u64 = 1_000_000_000_000_000;
/// Most decimals a currency may have: 10^8 minor units per unit (like bitcoin's satoshi).
pub const MAX_DECIMALS: u8 = 8;
/// Longest currency name, in characters.
pub const MAX_NAME_CHARS: usize = 64;
/// Longest currency symbol, in characters (`ŧ`, `EUR`, `HOURS`).
pub const MAX_SYMBOL_CHARS: usize = 8;
/// Longest memo or reason, in characters: a line, like a bank transfer's reference.
pub const MAX_MEMO_CHARS: usize = 280;
/// Most notaries one currency names: each signs every payment, so a handful, not a crowd.
pub const MAX_NOTARIES: usize = 16;
/// Growth of a credit limit per unit received, in millionths: at most 1.0 (a limit never
/// grows faster than what the account has earned).
pub const MAX_GROWTH_PPM: u32 = 1_000_000;
/// One, in the millionths [`Rules::growth_ppm`] counts in.
pub const PPM: i128 = 1_000_000;

/// Which currency: the network's default one, or a community currency named by the id of
/// the `coin.currency` event that defines it. Written `"net"` or as 64 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CurrencyId {
    /// The network's default currency (see [`super::chain::net`]).
    Net,
    /// A community currency: the id of its `coin.currency` event.
    Community(EventId),
}

impl CurrencyId {
    /// The text `"net"` stands for the default currency.
    pub const NET_TEXT: &'static str = "net";
}

impl fmt::Display for CurrencyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CurrencyId::Net => f.write_str(Self::NET_TEXT),
            CurrencyId::Community(id) => write!(f, "{id}"),
        }
    }
}

impl FromStr for CurrencyId {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text == Self::NET_TEXT {
            return Ok(CurrencyId::Net);
        }
        text.parse().map(CurrencyId::Community).map_err(|_| {
            format!("{text:?} is not a currency: give \"net\" or a currency's id (64 hex digits)")
        })
    }
}

impl Serialize for CurrencyId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CurrencyId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for CurrencyId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CurrencyId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A currency: \"net\" (the network's default currency) or the id of a coin.currency event",
            "pattern": "^(net|[0-9a-f]{64})$"
        })
    }
}

/// A whole event inside another, as its wire bytes in base64url (no padding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire(pub Event);

impl Serialize for Wire {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&URL_SAFE_NO_PAD.encode(self.0.wire()))
    }
}

impl<'de> Deserialize<'de> for Wire {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let bytes = URL_SAFE_NO_PAD.decode(text.as_bytes()).map_err(|e| {
            serde::de::Error::custom(format!("an embedded event is not base64url: {e}"))
        })?;
        Event::decode(bytes)
            .map(Wire)
            .map_err(|e| serde::de::Error::custom(format!("an embedded event: {e}")))
    }
}

impl JsonSchema for Wire {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Wire".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A whole signed event (id || signature || canonical encoding), base64url without padding"
        })
    }
}

/// How a currency grants credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Credit every member starts with, in minor units: how far below zero a new account
    /// may go.
    pub start_limit: u64,
    /// How much the limit grows per unit the account has received, in millionths
    /// (100000 = 0.1: receiving 50 raises the limit by 5).
    #[serde(default)]
    pub growth_ppm: u32,
    /// Whether members may vouch for others: a voucher lends part of its own limit.
    #[serde(default)]
    pub vouching: bool,
}

/// A currency's definition: the body of `coin.currency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CurrencyBody {
    /// Its name (`Hours`, `Village pound`).
    pub name: String,
    /// Its symbol (`H`, `£v`).
    pub symbol: String,
    /// Digits after the decimal point: amounts count in 10^-decimals units.
    pub decimals: u8,
    /// How credit is granted.
    pub rules: Rules,
    /// Accounts that must countersign every payment (none: the payee's signature makes it
    /// final).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notaries: Vec<AccountId>,
    /// How many of the notaries must countersign (0 when there are none).
    #[serde(default)]
    pub quorum: u8,
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

impl CurrencyBody {
    /// Checks the rules every node enforces on a currency.
    pub fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() || chars(&self.name) > MAX_NAME_CHARS {
            return Err(format!(
                "a currency's name has 1 to {MAX_NAME_CHARS} characters"
            ));
        }
        if self.symbol.trim().is_empty() || chars(&self.symbol) > MAX_SYMBOL_CHARS {
            return Err(format!(
                "a currency's symbol has 1 to {MAX_SYMBOL_CHARS} characters"
            ));
        }
        if self.decimals > MAX_DECIMALS {
            return Err(format!(
                "a currency has at most {MAX_DECIMALS} decimals, not {}",
                self.decimals
            ));
        }
        if self.rules.start_limit > MAX_AMOUNT {
            return Err(format!("a start limit is at most {MAX_AMOUNT} minor units"));
        }
        if self.rules.growth_ppm > MAX_GROWTH_PPM {
            return Err("a limit grows by at most 1.0 per unit received".into());
        }
        if self.notaries.len() > MAX_NOTARIES {
            return Err(format!("a currency names at most {MAX_NOTARIES} notaries"));
        }
        let mut seen = self.notaries.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != self.notaries.len() {
            return Err("a notary is named twice".into());
        }
        let quorum = usize::from(self.quorum);
        if self.notaries.is_empty() && quorum != 0 {
            return Err("a quorum needs notaries".into());
        }
        if !self.notaries.is_empty() && (quorum == 0 || quorum > self.notaries.len()) {
            return Err(format!(
                "the quorum is 1 to {} (the number of notaries), not {quorum}",
                self.notaries.len()
            ));
        }
        Ok(())
    }

    /// Reads and checks the body of a `coin.currency` event.
    pub fn parse(event: &Event) -> Result<Self, String> {
        crate::body::expect_kind(event, CURRENCY)?;
        if event.seq().is_some() || event.expires_at().is_some() {
            return Err("a currency is neither chained nor expiring".into());
        }
        let body: Self = crate::body::json(event, "a currency")?;
        body.check()?;
        Ok(body)
    }
}

/// One operation in an account's currency chain: the body of `coin.op`.
///
/// Every `coin.op` is chained (`seq`, `prev`) per author, across all currencies of the
/// account; see [`super::chain`] for what each does to balances and limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Op {
    /// The account takes part in a community currency, whose definition (a `coin.currency`
    /// event) it carries: every later operation in that currency is judged by its rules.
    Join {
        /// The currency's `coin.currency` event.
        currency: Wire,
    },
    /// The payer proposes a payment. It counts against the payer's credit at once; it is
    /// final when the payee records it (and, in a currency with notaries, a quorum of them
    /// countersigned it first).
    Send {
        /// The currency.
        currency: CurrencyId,
        /// The payee.
        to: AccountId,
        /// Minor units, 1 to [`MAX_AMOUNT`].
        amount: u64,
        /// What it is for.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        memo: String,
    },
    /// The payee countersigns a payment: carries the payer's `send` (and the notaries'
    /// countersignatures), and credits the payee.
    Receive {
        /// The payer's `send`.
        send: Wire,
        /// The notaries' `coin.notarize` events for it (a quorum, when the currency has
        /// notaries).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        notarizations: Vec<Wire>,
    },
    /// The payee refuses a payment (the payer's chain does not allow it); the payer may
    /// then take it back with a `refund`.
    Decline {
        /// The `send` refused.
        send: EventId,
        /// Its payer.
        payer: AccountId,
        /// Why.
        reason: String,
    },
    /// The payer takes back a payment its payee declined: carries the `decline`.
    Refund {
        /// The payee's `decline`.
        decline: Wire,
    },
    /// The account lends part of its credit limit to another: its own limit shrinks by
    /// `amount` and, once the other accepts, the other's grows by as much — the voucher
    /// shares the risk.
    Vouch {
        /// The currency (its rules must allow vouching).
        currency: CurrencyId,
        /// Whom it vouches for.
        #[serde(rename = "for")]
        vouchee: AccountId,
        /// Minor units.
        amount: u64,
    },
    /// The vouchee records a vouch for it: carries the voucher's `vouch`.
    Accept {
        /// The voucher's `vouch`.
        vouch: Wire,
    },
}

impl Op {
    /// The operation's name, as written in its body (`send`, `receive`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Join { .. } => "join",
            Op::Send { .. } => "send",
            Op::Receive { .. } => "receive",
            Op::Decline { .. } => "decline",
            Op::Refund { .. } => "refund",
            Op::Vouch { .. } => "vouch",
            Op::Accept { .. } => "accept",
        }
    }
}

fn amount_ok(amount: u64) -> Result<(), String> {
    if amount == 0 || amount > MAX_AMOUNT {
        return Err(format!(
            "an amount is 1 to {MAX_AMOUNT} minor units, not {amount}"
        ));
    }
    Ok(())
}

fn memo_ok(text: &str, what: &str) -> Result<(), String> {
    if chars(text) > MAX_MEMO_CHARS {
        return Err(format!("a {what} has at most {MAX_MEMO_CHARS} characters"));
    }
    Ok(())
}

/// A `coin.op` event's operation, read and checked on its own (not against its chain).
#[derive(Debug, Clone)]
pub struct ParsedOp {
    /// The event.
    pub event: Event,
    /// Its operation.
    pub op: Op,
}

impl ParsedOp {
    /// The currency the operation moves, when it moves one (`join`: the one it joins).
    pub fn currency(&self) -> Option<CurrencyId> {
        match &self.op {
            Op::Join { currency } => Some(CurrencyId::Community(currency.0.id())),
            Op::Send { currency, .. } | Op::Vouch { currency, .. } => Some(*currency),
            Op::Receive { send, .. } => inner_send(&send.0).ok().map(|(c, _, _, _)| c),
            Op::Accept { vouch } => inner_vouch(&vouch.0).ok().map(|(c, _, _)| c),
            // The currency of a refund or decline is its send's: only the chains know it.
            Op::Refund { .. } | Op::Decline { .. } => None,
        }
    }
}

impl ParsedOp {
    /// The other account the operation concerns: payee, payer, vouchee or voucher (none
    /// for a join).
    pub fn counterparty(&self) -> Option<AccountId> {
        match &self.op {
            Op::Join { .. } => None,
            Op::Send { to, .. } => Some(*to),
            Op::Receive { send, .. } => Some(send.0.author()),
            Op::Decline { payer, .. } => Some(*payer),
            Op::Refund { decline } => Some(decline.0.author()),
            Op::Vouch { vouchee, .. } => Some(*vouchee),
            Op::Accept { vouch } => Some(vouch.0.author()),
        }
    }
}

/// Reads a `coin.op` body without checking embedded signatures.
fn read_op(event: &Event) -> Result<Op, String> {
    crate::body::expect_kind(event, OP)?;
    crate::body::json(event, &format!("a {OP}"))
}

/// The currency, payee, amount and seq of an embedded `send`.
pub fn inner_send(event: &Event) -> Result<(CurrencyId, AccountId, u64, u64), String> {
    match read_op(event)? {
        Op::Send {
            currency,
            to,
            amount,
            ..
        } => Ok((currency, to, amount, event.seq().unwrap_or(0))),
        other => Err(format!("{} is a {}, not a send", event.id(), other.name())),
    }
}

/// The currency, vouchee and amount of an embedded `vouch`.
pub fn inner_vouch(event: &Event) -> Result<(CurrencyId, AccountId, u64), String> {
    match read_op(event)? {
        Op::Vouch {
            currency,
            vouchee,
            amount,
        } => Ok((currency, vouchee, amount)),
        other => Err(format!("{} is a {}, not a vouch", event.id(), other.name())),
    }
}

/// The send id, payer and payee of an embedded `decline`.
pub fn inner_decline(event: &Event) -> Result<(EventId, AccountId), String> {
    match read_op(event)? {
        Op::Decline { send, payer, .. } => Ok((send, payer)),
        other => Err(format!(
            "{} is a {}, not a decline",
            event.id(),
            other.name()
        )),
    }
}

/// An embedded event, with its signature checked.
fn signed(event: &Event) -> Result<(), String> {
    event
        .check_signature()
        .map_err(|e| format!("an embedded event: {e}"))
}

impl ParsedOp {
    /// Reads and checks a `coin.op` event on its own: the body's shape, its references
    /// (so gossip reaches everyone concerned) and the signatures of the events it carries.
    /// What the operation does to balances is the chain's to judge.
    pub fn parse(event: &Event) -> Result<Self, String> {
        let op = Self::parse_unsigned(event)?;
        match &op.op {
            Op::Join { currency } => signed(&currency.0)?,
            Op::Receive {
                send,
                notarizations,
            } => {
                signed(&send.0)?;
                for n in notarizations {
                    signed(&n.0)?;
                }
            }
            Op::Refund { decline } => signed(&decline.0)?,
            Op::Accept { vouch } => signed(&vouch.0)?,
            _ => {}
        }
        Ok(op)
    }

    /// Like [`ParsedOp::parse`] without checking the embedded events' signatures: for
    /// events already checked when they were stored.
    pub fn parse_unsigned(event: &Event) -> Result<Self, String> {
        let op = read_op(event)?;
        if event.seq().is_none() {
            return Err(format!(
                "a {OP} is chained: it needs a seq (and a prev after the first)"
            ));
        }
        if event.expires_at().is_some() {
            return Err(format!("a {OP} never expires: it is part of a ledger"));
        }
        let me = event.author();
        match &op {
            Op::Join { currency } => {
                CurrencyBody::parse(&currency.0)?;
            }
            Op::Send {
                to, amount, memo, ..
            } => {
                amount_ok(*amount)?;
                memo_ok(memo, "memo")?;
                if *to == me {
                    return Err("an account does not pay itself".into());
                }
                names(event, Ref::Account(*to), "its payee")?;
            }
            Op::Receive {
                send,
                notarizations,
            } => {
                let send = &send.0;
                let (_, to, _, seq) = inner_send(send)?;
                if to != me {
                    return Err(format!(
                        "a receive records a payment to its author, and {} pays {to}",
                        send.id()
                    ));
                }
                names(event, Ref::Account(send.author()), "its payer")?;
                names(event, Ref::Event(send.id()), "the send")?;
                if notarizations.len() > MAX_NOTARIES {
                    return Err(format!(
                        "a receive carries at most {MAX_NOTARIES} notarizations"
                    ));
                }
                let mut notaries = Vec::new();
                for n in notarizations {
                    let body = NotarizeBody::parse(&n.0)?;
                    if body.op != send.id() || body.author != send.author() || body.seq != seq {
                        return Err(format!(
                            "notarization {} is for another operation than {}",
                            n.0.id(),
                            send.id()
                        ));
                    }
                    notaries.push(n.0.author());
                }
                notaries.sort();
                notaries.dedup();
                if notaries.len() != notarizations.len() {
                    return Err("a receive carries one notarization per notary".into());
                }
            }
            Op::Decline {
                send,
                payer,
                reason,
            } => {
                memo_ok(reason, "reason")?;
                if *payer == me {
                    return Err("an account declines only others' payments".into());
                }
                names(event, Ref::Account(*payer), "the payer")?;
                names(event, Ref::Event(*send), "the send")?;
            }
            Op::Refund { decline } => {
                let (_, payer) = inner_decline(&decline.0)?;
                if payer != me {
                    return Err("a refund takes back one of its author's own payments".into());
                }
                names(event, Ref::Account(decline.0.author()), "the payee")?;
            }
            Op::Vouch {
                vouchee, amount, ..
            } => {
                amount_ok(*amount)?;
                if *vouchee == me {
                    return Err("an account does not vouch for itself".into());
                }
                names(event, Ref::Account(*vouchee), "whom it vouches for")?;
            }
            Op::Accept { vouch } => {
                let (_, vouchee, _) = inner_vouch(&vouch.0)?;
                if vouchee != me {
                    return Err("an accept records a vouch for its author".into());
                }
                names(event, Ref::Account(vouch.0.author()), "the voucher")?;
            }
        }
        Ok(Self {
            event: event.clone(),
            op,
        })
    }
}

/// A notary's countersignature of one operation: the body of `coin.notarize`. A notary
/// signs at most one operation per account and seq.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotarizeBody {
    /// The operation (a `send`).
    pub op: EventId,
    /// Its author.
    pub author: AccountId,
    /// Its seq.
    pub seq: u64,
    /// Its payee (named so the countersignature reaches it).
    pub payee: AccountId,
}

impl NotarizeBody {
    /// Reads and checks a `coin.notarize` event (its signature is the caller's to check).
    pub fn parse(event: &Event) -> Result<Self, String> {
        crate::body::expect_kind(event, NOTARIZE)?;
        if event.seq().is_some() || event.expires_at().is_some() {
            return Err("a notarization is neither chained nor expiring".into());
        }
        let body: Self = crate::body::json(event, "a notarization")?;
        if body.seq == 0 {
            return Err("a seq starts at 1".into());
        }
        names(event, Ref::Account(body.author), "the operation's author")?;
        names(event, Ref::Event(body.op), "the operation")?;
        Ok(body)
    }
}

/// A fork proof: two operations of one account at the same seq, each signed by it. Anyone
/// can check it with nothing else; every honest node that does freezes the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForkBody {
    /// One operation.
    pub a: Wire,
    /// Another, at the same seq.
    pub b: Wire,
}

impl ForkBody {
    /// Reads and checks a `coin.fork` event: both operations signed by the same account,
    /// in its `coin.op` chain, at the same seq, and different.
    pub fn parse(event: &Event) -> Result<Self, String> {
        crate::body::expect_kind(event, FORK)?;
        let body: Self = crate::body::json(event, "a fork proof")?;
        let (author, _) = check_fork(&body.a.0, &body.b.0)?;
        names(event, Ref::Account(author), "the account that forked")?;
        Ok(body)
    }
}

/// Checks that `a` and `b` are a fork of a `coin.op` chain: same author and seq, different
/// ids, both validly signed. Returns the author and seq.
pub fn check_fork(a: &Event, b: &Event) -> Result<(AccountId, u64), String> {
    if a.kind() != OP || b.kind() != OP {
        return Err(format!("a fork proof is made of two {OP} events"));
    }
    if a.author() != b.author() {
        return Err("the two operations of a fork proof have one author".into());
    }
    let (Some(sa), Some(sb)) = (a.seq(), b.seq()) else {
        return Err("the operations of a fork proof are chained".into());
    };
    if sa != sb {
        return Err(format!(
            "the two operations are at seq {sa} and {sb}, not the same"
        ));
    }
    if a.id() == b.id() {
        return Err("the two operations of a fork proof are different".into());
    }
    signed(a)?;
    signed(b)?;
    Ok((a.author(), sa))
}

/// Writes `minor` units of a currency of `decimals` as decimal text: `-12050`, 2 →
/// `"-120.50"`.
pub fn format_amount(minor: i128, decimals: u8) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if decimals == 0 {
        return format!("{sign}{abs}");
    }
    let scale = 10u128.pow(u32::from(decimals));
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = usize::from(decimals)
    )
}

/// Reads a positive amount written as decimal text (`"12.5"`, `"3"`) in a currency of
/// `decimals`, into minor units.
pub fn parse_amount(text: &str, decimals: u8) -> Result<u64, String> {
    let minor = parse_units(text, decimals)?;
    if minor == 0 {
        return Err("an amount is more than zero".into());
    }
    if minor > u128::from(MAX_AMOUNT) {
        return Err(format!(
            "{:?} is more than the largest amount, {}",
            text.trim(),
            format_amount(MAX_AMOUNT as i128, decimals)
        ));
    }
    Ok(minor as u64)
}

/// Reads non-negative decimal text into units of 10^-decimals.
fn parse_units(text: &str, decimals: u8) -> Result<u128, String> {
    let text = text.trim();
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
        return Err(format!(
            "{text:?} is not an amount: write digits with an optional decimal point, like 12.50"
        ));
    }
    if frac.len() > usize::from(decimals) {
        return Err(format!(
            "{text:?} has more than the {decimals} decimals this currency counts in"
        ));
    }
    let too_large = || format!("{text:?} is too large an amount");
    let whole: u128 = if whole.is_empty() {
        0
    } else if whole.len() > 30 {
        return Err(too_large());
    } else {
        whole.parse().map_err(|_| too_large())?
    };
    let frac_units: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse::<u128>().map_err(|_| too_large())?
            * 10u128.pow(u32::from(decimals) - frac.len() as u32)
    };
    whole
        .checked_mul(10u128.pow(u32::from(decimals)))
        .and_then(|w| w.checked_add(frac_units))
        .ok_or_else(too_large)
}

/// Reads a fraction written as decimal text (`"0.1"`), 0 to 1, into millionths.
pub fn parse_ppm(text: &str) -> Result<u32, String> {
    let ppm = parse_units(text, 6)?;
    if ppm > u128::from(MAX_GROWTH_PPM) {
        return Err(format!("{:?} is more than 1.0", text.trim()));
    }
    Ok(ppm as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_trip_as_decimal_text() {
        assert_eq!(parse_amount("12.5", 2).unwrap(), 1250);
        assert_eq!(parse_amount("12", 2).unwrap(), 1200);
        assert_eq!(parse_amount(".05", 2).unwrap(), 5);
        assert_eq!(parse_amount("7", 0).unwrap(), 7);
        assert_eq!(format_amount(-12050, 2), "-120.50");
        assert_eq!(format_amount(5, 2), "0.05");
        assert_eq!(format_amount(7, 0), "7");
        for bad in ["", ".", "1.234", "-1", "1e3", "0", "0.00", "abc", "1.2.3"] {
            assert!(parse_amount(bad, 2).is_err(), "{bad:?}");
        }
        assert!(
            parse_amount("10000000000000.01", 2).is_err(),
            "over MAX_AMOUNT"
        );
        assert_eq!(parse_ppm("0.1").unwrap(), 100_000);
        assert_eq!(parse_ppm("0").unwrap(), 0);
        assert!(parse_ppm("1.5").is_err());
    }

    #[test]
    fn currency_ids_read_and_write() {
        assert_eq!("net".parse::<CurrencyId>().unwrap(), CurrencyId::Net);
        let id = CurrencyId::Community(EventId([7; 32]));
        assert_eq!(id.to_string().parse::<CurrencyId>().unwrap(), id);
        assert!("euro".parse::<CurrencyId>().is_err());
    }

    #[test]
    fn currency_rules_are_checked() {
        let mut c = CurrencyBody {
            name: "Hours".into(),
            symbol: "H".into(),
            decimals: 2,
            rules: Rules {
                start_limit: 1000,
                growth_ppm: 0,
                vouching: true,
            },
            notaries: vec![],
            quorum: 0,
        };
        c.check().unwrap();
        c.quorum = 1;
        assert!(c.check().is_err(), "a quorum without notaries");
        c.notaries = vec![supernet_core::SecretKey::generate().account()];
        c.check().unwrap();
        c.quorum = 2;
        assert!(c.check().is_err(), "a quorum larger than the notaries");
        c.quorum = 1;
        c.decimals = 9;
        assert!(c.check().is_err());
    }
}
