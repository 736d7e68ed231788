//! An account's currency chain, validated: the one piece of code that decides whether an
//! operation is allowed — run by the payer's node before it signs, by the payee's node
//! before it countersigns, by notaries before they notarize, by every node that shows a
//! balance, and by the property test and the benchmark.
//!
//! A chain is every `coin.op` of one account, `seq` 1, 2, … each naming the previous by id
//! (`prev`). It spans all the account's currencies: one order for everything it signs, so
//! any two operations it ever signed at the same seq are a fork, whatever their currency.
//!
//! Per currency, the chain alone gives (all in minor units):
//! - **balance** = received − sent + refunded: every `send` counts against the payer from
//!   the moment it is signed, before the payee countersigns, so pending payments can never
//!   over-commit the payer's credit; a declined payment comes back with a `refund`;
//! - **limit** = start_limit + growth × received + vouches accepted − vouches given (growth
//!   in millionths, rounded down): how far below zero the balance may go;
//! - an operation that spends (`send`, `vouch`) is valid only if afterwards
//!   balance ≥ −limit.
//!
//! Everything an operation needs from elsewhere travels inside it (the currency definition
//! in `join`, the payer's `send` and its notarizations in `receive`, the `decline` in
//! `refund`, the `vouch` in `accept`), so validation reads nothing but the chain.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use supernet_core::{AccountId, Event, EventId};

use super::body::{
    CurrencyBody, CurrencyId, NotarizeBody, Op, PPM, ParsedOp, Rules, format_amount, inner_decline,
    inner_send, inner_vouch,
};

/// A currency, as a chain knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    /// Its id.
    pub id: CurrencyId,
    /// Its definition.
    pub body: CurrencyBody,
    /// Who defined it (none for the network's currency).
    pub creator: Option<AccountId>,
}

impl Currency {
    /// `minor` units written with this currency's decimals and symbol: `-120.00 ŧ`.
    pub fn show(&self, minor: i128) -> String {
        format!(
            "{} {}",
            format_amount(minor, self.body.decimals),
            self.body.symbol
        )
    }
}

/// The network's default currency: every account holds it without joining, it has no
/// notaries, and it is defined here rather than by an event, so its id is the constant
/// `"net"`:
/// - name "Supernet credit", symbol "ŧ", 2 decimals;
/// - start limit 100.00 ŧ: enough to start trading, small enough that a throwaway account
///   gains little by never paying back;
/// - growth 0.1 per unit received: an account that has earned 1,000 ŧ may run 100 ŧ more
///   into debt — credit follows a history of being paid;
/// - vouching allowed.
pub fn net() -> &'static Currency {
    static NET: LazyLock<Currency> = LazyLock::new(|| Currency {
        id: CurrencyId::Net,
        body: CurrencyBody {
            name: "Supernet credit".into(),
            symbol: "ŧ".into(),
            decimals: 2,
            rules: Rules {
                start_limit: 10_000,
                growth_ppm: 100_000,
                vouching: true,
            },
            notaries: vec![],
            quorum: 0,
        },
        creator: None,
    });
    &NET
}

/// Where one account stands in one currency, from its chain alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    /// Total received (countersigned payments).
    pub received: i128,
    /// Total of every payment signed, countersigned or not.
    pub sent: i128,
    /// Total taken back after a decline.
    pub refunded: i128,
    /// Vouches for this account it accepted.
    pub vouched_in: i128,
    /// Vouches it gave.
    pub vouched_out: i128,
}

impl Position {
    /// received − sent + refunded: pending payments already count.
    pub fn balance(&self) -> i128 {
        self.received - self.sent + self.refunded
    }

    /// How far below zero the balance may go under `rules`.
    pub fn limit(&self, rules: &Rules) -> i128 {
        i128::from(rules.start_limit)
            + self.received * i128::from(rules.growth_ppm) / PPM
            + self.vouched_in
            - self.vouched_out
    }

    /// What the account may still spend: balance + limit.
    pub fn available(&self, rules: &Rules) -> i128 {
        self.balance() + self.limit(rules)
    }
}

/// Why an operation does not fit its chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainError {
    /// It is not the next in the chain.
    #[error("operation {id} is at seq {seq}, but the chain expects seq {expected} after {prev}")]
    OutOfOrder {
        /// The operation.
        id: EventId,
        /// Its seq.
        seq: u64,
        /// The seq the chain expects.
        expected: u64,
        /// The previous operation's id (or "nothing").
        prev: String,
    },
    /// Its `prev` is not the chain's last operation.
    #[error("operation {id} at seq {seq} names {named} as previous, but the chain's is {actual}")]
    WrongPrev {
        /// The operation.
        id: EventId,
        /// Its seq.
        seq: u64,
        /// The prev it names.
        named: String,
        /// The chain's last operation.
        actual: String,
    },
    /// It belongs to another account or kind.
    #[error("{0}")]
    Foreign(String),
    /// Its body breaks the rules of its kind.
    #[error("operation {id}: {reason}")]
    Body {
        /// The operation.
        id: EventId,
        /// Why.
        reason: String,
    },
    /// It uses a currency the account has not joined.
    #[error("{currency} is not a currency this account has joined")]
    NotJoined {
        /// The currency.
        currency: CurrencyId,
    },
    /// It would take the balance below the limit.
    #[error(
        "{what} would take the balance to {balance_after}, below the limit of {limit} (available: {available})"
    )]
    OverLimit {
        /// What was attempted (`paying 120.00 ŧ`).
        what: String,
        /// The balance afterwards, with its symbol.
        balance_after: String,
        /// The limit (negative), with its symbol.
        limit: String,
        /// What could still be spent, with its symbol.
        available: String,
    },
    /// Anything else the chain refuses (a second receive of one send, too few notaries…).
    #[error("operation {id}: {reason}")]
    Refused {
        /// The operation.
        id: EventId,
        /// Why.
        reason: String,
    },
}

/// What is known of a payment signed in this chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sent {
    currency: CurrencyId,
    to: AccountId,
    amount: u64,
}

/// One account's chain, validated up to its head.
#[derive(Debug, Clone)]
pub struct ChainState {
    account: AccountId,
    head: Option<(u64, EventId)>,
    currencies: BTreeMap<CurrencyId, Arc<Currency>>,
    positions: BTreeMap<CurrencyId, Position>,
    sends: HashMap<EventId, Sent>,
    /// Others' sends this account received.
    received: HashSet<EventId>,
    /// Others' sends it declined.
    declined: HashSet<EventId>,
    /// Others' vouches it accepted.
    accepted: HashSet<EventId>,
    refunded: HashSet<EventId>,
}

impl ChainState {
    /// The empty chain of `account`.
    pub fn new(account: AccountId) -> Self {
        let mut currencies = BTreeMap::new();
        currencies.insert(CurrencyId::Net, Arc::new(net().clone()));
        Self {
            account,
            head: None,
            currencies,
            positions: BTreeMap::new(),
            sends: HashMap::new(),
            received: HashSet::new(),
            declined: HashSet::new(),
            accepted: HashSet::new(),
            refunded: HashSet::new(),
        }
    }

    /// The account.
    pub fn account(&self) -> AccountId {
        self.account
    }

    /// The last operation: its seq and id.
    pub fn head(&self) -> Option<(u64, EventId)> {
        self.head
    }

    /// The seq and prev the next operation must carry.
    pub fn next(&self) -> (u64, Option<EventId>) {
        match self.head {
            Some((seq, id)) => (seq + 1, Some(id)),
            None => (1, None),
        }
    }

    /// The currencies this account holds (the network's, and those it joined).
    pub fn currencies(&self) -> impl Iterator<Item = &Arc<Currency>> {
        self.currencies.values()
    }

    /// A currency this account holds.
    pub fn currency(&self, id: &CurrencyId) -> Option<&Arc<Currency>> {
        self.currencies.get(id)
    }

    /// Where the account stands in `currency`.
    pub fn position(&self, currency: &CurrencyId) -> Position {
        self.positions.get(currency).copied().unwrap_or_default()
    }

    /// Whether this chain holds a payment with this id (signed by the account).
    pub fn sent(&self, send: &EventId) -> bool {
        self.sends.contains_key(send)
    }

    /// Whether the account took back its payment `send` after a decline.
    pub fn refunded(&self, send: &EventId) -> bool {
        self.refunded.contains(send)
    }

    /// Whether the account has already received, declined or accepted `id`.
    pub fn settled(&self, id: &EventId) -> bool {
        self.received.contains(id) || self.declined.contains(id) || self.accepted.contains(id)
    }

    fn held(&self, currency: &CurrencyId) -> Result<&Arc<Currency>, ChainError> {
        self.currencies.get(currency).ok_or(ChainError::NotJoined {
            currency: *currency,
        })
    }

    /// Checks that the account may pay `amount` in `currency` now: it holds the currency
    /// and its balance stays within its limit. What the payer's node asks before signing.
    pub fn check_send(&self, currency: &CurrencyId, amount: u64) -> Result<(), ChainError> {
        self.check_spend(currency, amount, "paying")
    }

    /// Checks that the account may vouch `amount` in `currency` now.
    pub fn check_vouch(&self, currency: &CurrencyId, amount: u64) -> Result<(), ChainError> {
        let c = self.held(currency)?;
        if !c.body.rules.vouching {
            return Err(ChainError::Refused {
                id: EventId([0; 32]),
                reason: format!("{} does not allow vouching", c.body.name),
            });
        }
        self.check_spend(currency, amount, "vouching")
    }

    fn check_spend(
        &self,
        currency: &CurrencyId,
        amount: u64,
        verb: &str,
    ) -> Result<(), ChainError> {
        let c = self.held(currency)?;
        let p = self.position(currency);
        let rules = &c.body.rules;
        let amount = i128::from(amount);
        // A vouch lowers the limit; a send lowers the balance. Either way the margin
        // (balance + limit) shrinks by `amount`.
        let (balance_after, limit_after) = if verb == "vouching" {
            (p.balance(), p.limit(rules) - amount)
        } else {
            (p.balance() - amount, p.limit(rules))
        };
        if balance_after < -limit_after {
            return Err(ChainError::OverLimit {
                what: format!("{verb} {}", c.show(amount)),
                balance_after: c.show(balance_after),
                limit: c.show(-limit_after),
                available: c.show(p.available(rules).max(0)),
            });
        }
        Ok(())
    }

    /// Appends one operation, checked in full against the chain. `verify` also checks its
    /// signature and those of the events it carries (leave it off for events the node
    /// checked when it stored them). On error the state is unchanged.
    pub fn apply(&mut self, event: &Event, verify: bool) -> Result<(), ChainError> {
        let id = event.id();
        if event.author() != self.account {
            return Err(ChainError::Foreign(format!(
                "operation {id} is by {}, not by {}",
                event.author(),
                self.account
            )));
        }
        let (expected, prev) = self.next();
        let seq = event.seq().unwrap_or(0);
        if seq != expected {
            return Err(ChainError::OutOfOrder {
                id,
                seq,
                expected,
                prev: prev.map_or("nothing".into(), |p| p.to_string()),
            });
        }
        if event.prev() != prev {
            return Err(ChainError::WrongPrev {
                id,
                seq,
                named: event.prev().map_or("nothing".into(), |p| p.to_string()),
                actual: prev.map_or("nothing".into(), |p| p.to_string()),
            });
        }
        let body_error = |reason: String| ChainError::Body { id, reason };
        let parsed = if verify {
            event
                .check_signature()
                .map_err(|e| body_error(e.to_string()))?;
            ParsedOp::parse(event)
        } else {
            ParsedOp::parse_unsigned(event)
        }
        .map_err(body_error)?;
        let refused = |reason: String| ChainError::Refused { id, reason };
        match parsed.op {
            Op::Join { currency } => {
                let def = CurrencyBody::parse(&currency.0).map_err(body_error)?;
                let cid = CurrencyId::Community(currency.0.id());
                if self.currencies.contains_key(&cid) {
                    return Err(refused(format!("{cid} was joined already")));
                }
                self.currencies.insert(
                    cid,
                    Arc::new(Currency {
                        id: cid,
                        body: def,
                        creator: Some(currency.0.author()),
                    }),
                );
            }
            Op::Send {
                currency,
                to,
                amount,
                ..
            } => {
                self.check_send(&currency, amount).map_err(|e| match e {
                    ChainError::OverLimit { .. } | ChainError::NotJoined { .. } => {
                        refused(e.to_string())
                    }
                    other => other,
                })?;
                let c = self.held(&currency)?;
                for notary in &c.body.notaries {
                    if !event.refs().contains(&supernet_core::Ref::Account(*notary)) {
                        return Err(refused(format!(
                            "a payment in {} names its notaries (so they see it), and {notary} is missing",
                            c.body.name
                        )));
                    }
                }
                self.sends.insert(
                    id,
                    Sent {
                        currency,
                        to,
                        amount,
                    },
                );
                self.positions.entry(currency).or_default().sent += i128::from(amount);
            }
            Op::Receive {
                send,
                notarizations,
            } => {
                let send = &send.0;
                let (currency, _, amount, seq) = inner_send(send).map_err(body_error)?;
                if self.settled(&send.id()) {
                    return Err(refused(format!(
                        "{} was received or declined already",
                        send.id()
                    )));
                }
                let c = self.held(&currency)?;
                let mut valid = 0usize;
                for n in &notarizations {
                    let body = NotarizeBody::parse(&n.0).map_err(body_error)?;
                    if body.op == send.id()
                        && body.author == send.author()
                        && body.seq == seq
                        && c.body.notaries.contains(&n.0.author())
                    {
                        valid += 1;
                    }
                }
                if valid < usize::from(c.body.quorum) {
                    return Err(refused(format!(
                        "{} needs {} of its notaries' countersignatures, and this payment has {valid}",
                        c.body.name, c.body.quorum
                    )));
                }
                self.received.insert(send.id());
                self.positions.entry(currency).or_default().received += i128::from(amount);
            }
            Op::Decline { send, .. } => {
                if self.settled(&send) {
                    return Err(refused(format!("{send} was received or declined already")));
                }
                self.declined.insert(send);
            }
            Op::Refund { decline } => {
                let (send, _) = inner_decline(&decline.0).map_err(body_error)?;
                let Some(sent) = self.sends.get(&send).copied() else {
                    return Err(refused(format!("{send} is not a payment of this chain")));
                };
                if decline.0.author() != sent.to {
                    return Err(refused(format!(
                        "{send} was declined by {}, not by its payee {}",
                        decline.0.author(),
                        sent.to
                    )));
                }
                if !self.refunded.insert(send) {
                    return Err(refused(format!("{send} was refunded already")));
                }
                self.positions.entry(sent.currency).or_default().refunded +=
                    i128::from(sent.amount);
            }
            Op::Vouch {
                currency, amount, ..
            } => {
                self.check_vouch(&currency, amount).map_err(|e| match e {
                    ChainError::Refused { reason, .. } => refused(reason),
                    other => refused(other.to_string()),
                })?;
                self.positions.entry(currency).or_default().vouched_out += i128::from(amount);
            }
            Op::Accept { vouch } => {
                let (currency, _, amount) = inner_vouch(&vouch.0).map_err(body_error)?;
                let c = self.held(&currency)?;
                if !c.body.rules.vouching {
                    return Err(refused(format!("{} does not allow vouching", c.body.name)));
                }
                if !self.accepted.insert(vouch.0.id()) {
                    return Err(refused(format!("{} was accepted already", vouch.0.id())));
                }
                self.positions.entry(currency).or_default().vouched_in += i128::from(amount);
            }
        }
        self.head = Some((seq, id));
        Ok(())
    }
}

/// Validates a whole chain: `ops` in seq order from 1. Returns the state at its head, or
/// the first operation that does not fit and why.
pub fn validate<'a>(
    account: AccountId,
    ops: impl IntoIterator<Item = &'a Event>,
    verify: bool,
) -> Result<ChainState, ChainError> {
    let mut state = ChainState::new(account);
    for op in ops {
        state.apply(op, verify)?;
    }
    Ok(state)
}

/// Payments confirmed across a set of chains: for each currency, every account's
/// confirmed balance — what it received, less what it sent *and its payee countersigned*.
/// Summed over all accounts of a currency, these are zero whenever every payee's chain is
/// among `chains`.
pub fn confirmed_balances(
    chains: &[&ChainState],
) -> BTreeMap<CurrencyId, BTreeMap<AccountId, i128>> {
    let mut out: BTreeMap<CurrencyId, BTreeMap<AccountId, i128>> = BTreeMap::new();
    let received: HashSet<EventId> = chains
        .iter()
        .flat_map(|c| c.received.iter().copied())
        .collect();
    for chain in chains {
        for (currency, p) in &chain.positions {
            *out.entry(*currency)
                .or_default()
                .entry(chain.account)
                .or_default() += p.received;
        }
        for (id, sent) in &chain.sends {
            if received.contains(id) {
                *out.entry(sent.currency)
                    .or_default()
                    .entry(chain.account)
                    .or_default() -= i128::from(sent.amount);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coin::body::{CurrencyBody, Wire};
    use crate::coin::{CURRENCY, OP};
    use supernet_core::{Draft, Ref, SecretKey};

    const NOW: u64 = 1_800_000_000_000;

    /// An account writing its chain, as a node would.
    pub(crate) struct Writer {
        pub key: SecretKey,
        pub state: ChainState,
        pub ops: Vec<Event>,
    }

    impl Writer {
        pub fn new() -> Self {
            let key = SecretKey::generate();
            let state = ChainState::new(key.account());
            Self {
                key,
                state,
                ops: vec![],
            }
        }

        pub fn account(&self) -> AccountId {
            self.key.account()
        }

        /// Signs `op` as the next operation, naming `refs`; applies it.
        pub fn write(&mut self, op: &Op, refs: Vec<Ref>) -> Result<Event, ChainError> {
            let e = self.sign(op, refs);
            self.state.apply(&e, true)?;
            self.ops.push(e.clone());
            Ok(e)
        }

        /// Signs `op` as the next operation without applying it.
        pub fn sign(&self, op: &Op, refs: Vec<Ref>) -> Event {
            let (seq, prev) = self.state.next();
            let mut d = Draft::new(OP, NOW + seq, serde_json::to_vec(op).unwrap());
            d.seq = Some(seq);
            d.prev = prev;
            d.refs = refs;
            d.sign(&self.key).unwrap()
        }

        pub fn send(&mut self, to: AccountId, amount: u64) -> Result<Event, ChainError> {
            let op = Op::Send {
                currency: CurrencyId::Net,
                to,
                amount,
                memo: String::new(),
            };
            self.write(&op, vec![Ref::Account(to)])
        }

        pub fn receive(&mut self, send: &Event) -> Result<Event, ChainError> {
            let op = Op::Receive {
                send: Wire(send.clone()),
                notarizations: vec![],
            };
            self.write(
                &op,
                vec![Ref::Account(send.author()), Ref::Event(send.id())],
            )
        }
    }

    fn currency(creator: &SecretKey, notaries: Vec<AccountId>, quorum: u8) -> Event {
        let body = CurrencyBody {
            name: "Hours".into(),
            symbol: "H".into(),
            decimals: 0,
            rules: Rules {
                start_limit: 10,
                growth_ppm: 0,
                vouching: true,
            },
            notaries,
            quorum,
        };
        Draft::new(CURRENCY, NOW, serde_json::to_vec(&body).unwrap())
            .sign(creator)
            .unwrap()
    }

    #[test]
    fn a_payment_moves_balance_and_both_chains_validate() {
        let (mut a, mut b) = (Writer::new(), Writer::new());
        let send = a.send(b.account(), 4_000).unwrap();
        b.receive(&send).unwrap();
        assert_eq!(a.state.position(&CurrencyId::Net).balance(), -4_000);
        assert_eq!(b.state.position(&CurrencyId::Net).balance(), 4_000);
        let rules = &net().body.rules;
        assert_eq!(
            b.state.position(&CurrencyId::Net).limit(rules),
            10_000 + 400
        );
        for w in [&a, &b] {
            let again = validate(w.account(), &w.ops, true).unwrap();
            assert_eq!(again.head(), w.state.head());
        }
        let sums = confirmed_balances(&[&a.state, &b.state]);
        assert_eq!(sums[&CurrencyId::Net].values().sum::<i128>(), 0);
    }

    #[test]
    fn over_limit_payments_are_refused_with_the_numbers() {
        let (mut a, b) = (Writer::new(), Writer::new());
        a.send(b.account(), 6_000).unwrap();
        let err = a.state.check_send(&CurrencyId::Net, 6_000).unwrap_err();
        assert_eq!(
            err.to_string(),
            "paying 60.00 ŧ would take the balance to -120.00 ŧ, below the limit of -100.00 ŧ (available: 40.00 ŧ)"
        );
        // The same payment signed anyway does not fit the chain.
        let op = Op::Send {
            currency: CurrencyId::Net,
            to: b.account(),
            amount: 6_000,
            memo: String::new(),
        };
        let forged = a.sign(&op, vec![Ref::Account(b.account())]);
        assert!(matches!(
            a.state.apply(&forged, true),
            Err(ChainError::Refused { .. })
        ));
        assert_eq!(
            a.state.head().unwrap().0,
            1,
            "a refused operation changes nothing"
        );
    }

    #[test]
    fn gaps_wrong_prev_and_foreign_ops_are_refused() {
        let (mut a, b) = (Writer::new(), Writer::new());
        let first = a.send(b.account(), 100).unwrap();
        let second = a.send(b.account(), 100).unwrap();
        let mut fresh = ChainState::new(a.account());
        assert!(matches!(
            fresh.apply(&second, true),
            Err(ChainError::OutOfOrder { expected: 1, .. })
        ));
        fresh.apply(&first, true).unwrap();
        // An op at seq 2 naming another prev.
        let op = Op::Send {
            currency: CurrencyId::Net,
            to: b.account(),
            amount: 1,
            memo: String::new(),
        };
        let mut d = Draft::new(OP, NOW, serde_json::to_vec(&op).unwrap());
        d.seq = Some(2);
        d.prev = Some(EventId([9; 32]));
        d.refs = vec![Ref::Account(b.account())];
        let wrong = d.sign(&a.key).unwrap();
        assert!(matches!(
            fresh.apply(&wrong, true),
            Err(ChainError::WrongPrev { .. })
        ));
        let mut other = ChainState::new(b.account());
        assert!(matches!(
            other.apply(&first, true),
            Err(ChainError::Foreign(_))
        ));
    }

    #[test]
    fn a_send_is_received_once_and_only_by_its_payee() {
        let (mut a, mut b, mut c) = (Writer::new(), Writer::new(), Writer::new());
        let send = a.send(b.account(), 100).unwrap();
        b.receive(&send).unwrap();
        assert!(matches!(b.receive(&send), Err(ChainError::Refused { .. })));
        // C cannot claim B's payment: the body check refuses it.
        assert!(matches!(c.receive(&send), Err(ChainError::Body { .. })));
    }

    #[test]
    fn a_receive_carrying_a_forged_send_is_refused() {
        let (a, mut b) = (Writer::new(), Writer::new());
        let mallory = SecretKey::generate();
        let op = Op::Send {
            currency: CurrencyId::Net,
            to: b.account(),
            amount: 100,
            memo: String::new(),
        };
        let mut d = Draft::new(OP, NOW, serde_json::to_vec(&op).unwrap());
        d.seq = Some(1);
        d.refs = vec![Ref::Account(b.account())];
        let genuine = d.sign(&a.key).unwrap();
        // Same bytes, Mallory's signature.
        let mut wire = genuine.wire().to_vec();
        let sig = mallory.sign(supernet_core::Domain::Event, genuine.id().as_bytes());
        wire[32..96].copy_from_slice(&sig);
        let forged = Event::decode(wire).unwrap();
        assert!(matches!(b.receive(&forged), Err(ChainError::Body { .. })));
    }

    #[test]
    fn community_currencies_need_joining_and_notaries_need_a_quorum() {
        let creator = SecretKey::generate();
        let (n1, n2) = (SecretKey::generate(), SecretKey::generate());
        let def = currency(&creator, vec![n1.account(), n2.account()], 2);
        let cid = CurrencyId::Community(def.id());
        let (mut a, mut b) = (Writer::new(), Writer::new());
        let send_op = Op::Send {
            currency: cid,
            to: b.account(),
            amount: 5,
            memo: "tea".into(),
        };
        let refs = vec![
            Ref::Account(b.account()),
            Ref::Account(n1.account()),
            Ref::Account(n2.account()),
        ];
        assert!(matches!(
            a.write(&send_op, refs.clone()),
            Err(ChainError::Refused { .. })
        ));
        for w in [&mut a, &mut b] {
            w.write(
                &Op::Join {
                    currency: Wire(def.clone()),
                },
                vec![],
            )
            .unwrap();
        }
        assert!(
            matches!(
                a.write(&send_op, vec![Ref::Account(b.account())]),
                Err(ChainError::Refused { .. })
            ),
            "a payment names the notaries"
        );
        let send = a.write(&send_op, refs).unwrap();
        let (payer, payee) = (a.account(), b.account());
        let notarize = |k: &SecretKey| {
            let body = NotarizeBody {
                op: send.id(),
                author: payer,
                seq: send.seq().unwrap(),
                payee,
            };
            let mut d = Draft::new(
                crate::coin::NOTARIZE,
                NOW,
                serde_json::to_vec(&body).unwrap(),
            );
            d.refs = vec![
                Ref::Account(payer),
                Ref::Account(payee),
                Ref::Event(send.id()),
            ];
            Wire(d.sign(k).unwrap())
        };
        let receive = |ns: Vec<Wire>| Op::Receive {
            send: Wire(send.clone()),
            notarizations: ns,
        };
        let refs = vec![Ref::Account(a.account()), Ref::Event(send.id())];
        assert!(matches!(
            b.write(&receive(vec![notarize(&n1)]), refs.clone()),
            Err(ChainError::Refused { .. })
        ));
        let outsider = SecretKey::generate();
        assert!(matches!(
            b.write(
                &receive(vec![notarize(&n1), notarize(&outsider)]),
                refs.clone()
            ),
            Err(ChainError::Refused { .. })
        ));
        b.write(&receive(vec![notarize(&n1), notarize(&n2)]), refs)
            .unwrap();
        assert_eq!(b.state.position(&cid).balance(), 5);
        assert_eq!(
            a.state
                .position(&cid)
                .available(&b.state.currency(&cid).unwrap().body.rules),
            5
        );
    }

    #[test]
    fn vouching_moves_limit_from_voucher_to_vouchee() {
        let (mut v, mut w, x) = (Writer::new(), Writer::new(), Writer::new());
        let op = Op::Vouch {
            currency: CurrencyId::Net,
            vouchee: w.account(),
            amount: 5_000,
        };
        let vouch = v.write(&op, vec![Ref::Account(w.account())]).unwrap();
        w.write(
            &Op::Accept {
                vouch: Wire(vouch.clone()),
            },
            vec![Ref::Account(v.account())],
        )
        .unwrap();
        let rules = &net().body.rules;
        assert_eq!(v.state.position(&CurrencyId::Net).limit(rules), 5_000);
        assert_eq!(w.state.position(&CurrencyId::Net).limit(rules), 15_000);
        w.send(x.account(), 15_000).unwrap();
        assert!(w.state.check_send(&CurrencyId::Net, 1).is_err());
        assert!(v.state.check_send(&CurrencyId::Net, 5_001).is_err());
        // Vouching more than one has is refused.
        let too_much = Op::Vouch {
            currency: CurrencyId::Net,
            vouchee: x.account(),
            amount: 5_001,
        };
        assert!(v.write(&too_much, vec![Ref::Account(x.account())]).is_err());
    }

    #[test]
    fn a_declined_payment_comes_back_with_a_refund() {
        let (mut a, mut b) = (Writer::new(), Writer::new());
        let send = a.send(b.account(), 9_000).unwrap();
        let decline = b
            .write(
                &Op::Decline {
                    send: send.id(),
                    payer: a.account(),
                    reason: "no".into(),
                },
                vec![Ref::Account(a.account()), Ref::Event(send.id())],
            )
            .unwrap();
        assert!(
            b.receive(&send).is_err(),
            "declined, then received: refused"
        );
        a.write(
            &Op::Refund {
                decline: Wire(decline.clone()),
            },
            vec![Ref::Account(b.account())],
        )
        .unwrap();
        assert_eq!(a.state.position(&CurrencyId::Net).balance(), 0);
        assert!(
            a.write(
                &Op::Refund {
                    decline: Wire(decline)
                },
                vec![Ref::Account(b.account())]
            )
            .is_err(),
            "refunded once"
        );
    }

    mod property {
        //! Random payments, vouches and declines among 20 accounts, each step decided by
        //! the same checks the node runs (the payer's `check_send`, the payee's validation
        //! of the payer's chain through the payment), then every chain validated afresh.
        use super::*;
        use proptest::prelude::*;

        const ACCOUNTS: usize = 20;

        #[derive(Debug, Clone)]
        enum Step {
            Pay {
                from: usize,
                to: usize,
                amount: u64,
                community: bool,
            },
            Settle {
                pick: usize,
                decline: bool,
            },
            Vouch {
                from: usize,
                to: usize,
                amount: u64,
            },
        }

        fn step() -> impl Strategy<Value = Step> {
            prop_oneof![
                4 => (0..ACCOUNTS, 0..ACCOUNTS, 1u64..8_000, any::<bool>())
                    .prop_map(|(from, to, amount, community)| Step::Pay { from, to, amount, community }),
                4 => (any::<usize>(), prop::bool::weighted(0.1))
                    .prop_map(|(pick, decline)| Step::Settle { pick, decline }),
                1 => (0..ACCOUNTS, 0..ACCOUNTS, 1u64..4_000)
                    .prop_map(|(from, to, amount)| Step::Vouch { from, to, amount }),
            ]
        }

        /// What a payee's node does: validates the payer's chain through `op` (from
        /// scratch, signatures included), as it would before countersigning.
        fn payee_accepts(payer: &Writer, op: &Event) -> bool {
            let seq = op.seq().unwrap() as usize;
            let through = &payer.ops[..seq];
            through.last().map(Event::id) == Some(op.id())
                && validate(payer.account(), through, true).is_ok()
        }

        fn join(w: &mut Writer, def: &Event, cid: &CurrencyId) {
            if w.state.currency(cid).is_none() {
                w.write(
                    &Op::Join {
                        currency: Wire(def.clone()),
                    },
                    vec![],
                )
                .unwrap();
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

            #[test]
            fn sums_stay_zero_limits_hold_and_every_chain_validates(
                steps in prop::collection::vec(step(), 1..160)
            ) {
                let mut ws: Vec<Writer> = (0..ACCOUNTS).map(|_| Writer::new()).collect();
                let creator = SecretKey::generate();
                let def = currency(&creator, vec![], 0);
                let cid = CurrencyId::Community(def.id());
                // (payer, send) not settled yet.
                let mut pending: Vec<(usize, Event)> = vec![];
                for step in steps {
                    match step {
                        Step::Pay { from, to, amount, community } => {
                            if from == to {
                                continue;
                            }
                            let currency = if community { cid } else { CurrencyId::Net };
                            if community {
                                join(&mut ws[from], &def, &cid);
                            }
                            let to_account = ws[to].account();
                            // The payer's node asks first; a refusal is an over-limit.
                            match ws[from].state.check_send(&currency, amount) {
                                Ok(()) => {
                                    let op = Op::Send { currency, to: to_account, amount, memo: String::new() };
                                    let send = ws[from].write(&op, vec![Ref::Account(to_account)]).unwrap();
                                    pending.push((from, send));
                                }
                                Err(e) => prop_assert!(matches!(e, ChainError::OverLimit { .. }), "{e}"),
                            }
                        }
                        Step::Settle { pick, decline } => {
                            if pending.is_empty() {
                                continue;
                            }
                            let (from, send) = pending.swap_remove(pick % pending.len());
                            prop_assert!(payee_accepts(&ws[from], &send));
                            let (currency, to, _, _) = inner_send(&send).unwrap();
                            let to = ws.iter().position(|w| w.account() == to).unwrap();
                            if decline {
                                let op = Op::Decline { send: send.id(), payer: send.author(), reason: "no".into() };
                                let d = ws[to].write(&op, vec![Ref::Account(send.author()), Ref::Event(send.id())]).unwrap();
                                let payee = ws[to].account();
                                ws[from].write(&Op::Refund { decline: Wire(d) }, vec![Ref::Account(payee)]).unwrap();
                            } else {
                                if currency == cid {
                                    join(&mut ws[to], &def, &cid);
                                }
                                ws[to].receive(&send).unwrap();
                            }
                        }
                        Step::Vouch { from, to, amount } => {
                            if from == to || ws[from].state.check_vouch(&CurrencyId::Net, amount).is_err() {
                                continue;
                            }
                            let vouchee = ws[to].account();
                            let op = Op::Vouch { currency: CurrencyId::Net, vouchee, amount };
                            let vouch = ws[from].write(&op, vec![Ref::Account(vouchee)]).unwrap();
                            prop_assert!(payee_accepts(&ws[from], &vouch));
                            let voucher = ws[from].account();
                            ws[to].write(&Op::Accept { vouch: Wire(vouch) }, vec![Ref::Account(voucher)]).unwrap();
                        }
                    }
                }
                // Every chain validates from scratch, and no account is below its limit.
                let mut states = vec![];
                for w in &ws {
                    let state = validate(w.account(), &w.ops, true);
                    prop_assert!(state.is_ok(), "{:?}", state.err());
                    let state = state.unwrap();
                    for c in state.currencies() {
                        let p = state.position(&c.id);
                        prop_assert!(p.balance() >= -p.limit(&c.body.rules), "{} below its limit", w.account());
                    }
                    states.push(state);
                }
                // Confirmed balances of each currency sum to zero.
                let refs: Vec<&ChainState> = states.iter().collect();
                for (currency, balances) in confirmed_balances(&refs) {
                    prop_assert_eq!(balances.values().sum::<i128>(), 0, "{}", currency);
                }
            }
        }
    }
}
