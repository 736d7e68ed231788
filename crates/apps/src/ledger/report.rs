//! Reports over the books: balances by account tree (balance sheet, income statement),
//! an account's register with running balances, net worth over time, and conversion
//! between commodities at market prices.
//!
//! Signs: the books hold liabilities, equity and income as negative amounts (credits).
//! Reports show each section the way people read it — what is owed, owned by the owners
//! and earned as positive numbers — and say so in their field docs.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use rust_decimal::RoundingStrategy;

use super::amount::{Amounts, Decimal, TooLarge};
use super::date::Date;
use super::journal::{AccountType, Journal, is_within};

/// One account in a report's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Full name.
    pub account: String,
    /// Last component.
    pub name: String,
    /// Components above it (0 for a top-level account).
    pub depth: usize,
    /// Its own postings' sum.
    pub own: Amounts,
    /// With its subaccounts.
    pub total: Amounts,
}

/// The accounts of one type, as a tree in depth-first order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The type.
    pub kind: AccountType,
    /// Accounts with a balance, and their parents.
    pub rows: Vec<Row>,
    /// The whole section.
    pub total: Amounts,
}

/// Each account's own balance from postings dated `from` (when given) to `to`, inclusive.
pub fn balances(
    journal: &Journal,
    from: Option<Date>,
    to: Date,
) -> Result<BTreeMap<String, Amounts>, TooLarge> {
    let mut out: BTreeMap<String, Amounts> = BTreeMap::new();
    for t in &journal.txns {
        if t.date > to {
            break;
        }
        if from.is_some_and(|f| t.date < f) {
            continue;
        }
        for p in &t.postings {
            out.entry(p.account.clone())
                .or_default()
                .add(&p.commodity, p.amount)?;
        }
    }
    Ok(out)
}

/// Whether a section is shown with its signs flipped (credit-normal types).
fn flipped(kind: AccountType) -> bool {
    matches!(
        kind,
        AccountType::Liability | AccountType::Equity | AccountType::Income
    )
}

/// The section of `kind` from own balances (already converted when they should be).
pub fn section(
    journal: &Journal,
    kind: AccountType,
    own: &BTreeMap<String, Amounts>,
) -> Result<Section, TooLarge> {
    let sign = |a: &Amounts| {
        if flipped(kind) {
            a.negated()
        } else {
            a.clone()
        }
    };
    let mine: BTreeMap<&str, Amounts> = own
        .iter()
        .filter(|(name, amounts)| !amounts.is_zero() && journal.kind(name) == Some(kind))
        .map(|(name, amounts)| (name.as_str(), sign(amounts)))
        .collect();
    let mut names: BTreeSet<Vec<&str>> = BTreeSet::new();
    for name in mine.keys() {
        let parts: Vec<&str> = name.split(':').collect();
        for n in 1..=parts.len() {
            names.insert(parts[..n].to_vec());
        }
    }
    let mut rows = Vec::with_capacity(names.len());
    let mut total = Amounts::new();
    for amounts in mine.values() {
        total.add_all(amounts)?;
    }
    for parts in names {
        let account = parts.join(":");
        let mut sum = Amounts::new();
        for (name, amounts) in mine.range(account.as_str()..) {
            if !name.starts_with(account.as_str()) {
                break;
            }
            if is_within(name, &account) {
                sum.add_all(amounts)?;
            }
        }
        rows.push(Row {
            own: mine.get(account.as_str()).cloned().unwrap_or_default(),
            name: parts.last().copied().unwrap_or_default().to_owned(),
            depth: parts.len() - 1,
            account,
            total: sum,
        });
    }
    Ok(Section { kind, rows, total })
}

/// Converts amounts into one commodity at the market prices known on a day: the latest
/// price of each pair at or before it, used either way round, chained through other
/// commodities when no direct price exists (the fewest steps win).
#[derive(Debug, Clone)]
pub struct Converter {
    target: String,
    /// Per commodity, its value in the target (when some chain of prices reaches it).
    rates: BTreeMap<String, Decimal>,
    /// Decimals the target is shown with.
    scale: u32,
}

impl Converter {
    /// A converter into `target` with the prices known on `date`.
    pub fn new(journal: &Journal, target: &str, date: Date) -> Self {
        // Latest price per (commodity, quote) on or before the date.
        let mut latest: BTreeMap<(&str, &str), (Date, Decimal)> = BTreeMap::new();
        for p in &journal.prices {
            if p.date > date {
                continue;
            }
            let slot = latest
                .entry((p.commodity.as_str(), p.quote.as_str()))
                .or_insert((p.date, p.price));
            if p.date >= slot.0 {
                *slot = (p.date, p.price);
            }
        }
        // Edges: from each commodity to another, what one unit of the other is worth in
        // it. A direct price is used as given; its other direction is its inverse. As in
        // hledger, a price of A in B comes before the inverse of one of B in A, however
        // recent that one is: every direct edge is listed before any inverse.
        let mut edges: BTreeMap<&str, Vec<(&str, Decimal)>> = BTreeMap::new();
        for ((commodity, quote), (_, price)) in &latest {
            edges.entry(quote).or_default().push((commodity, *price));
        }
        for ((commodity, quote), (_, price)) in &latest {
            if let Some(inverse) = Decimal::ONE.checked_div(*price) {
                edges.entry(commodity).or_default().push((quote, inverse));
            }
        }
        // Breadth-first from the target, so each commodity gets its shortest chain.
        let mut rates = BTreeMap::new();
        rates.insert(target.to_owned(), Decimal::ONE);
        let mut queue = VecDeque::from([target.to_owned()]);
        while let Some(at) = queue.pop_front() {
            let value_of_at = rates[&at];
            for (next, worth) in edges.get(at.as_str()).into_iter().flatten() {
                if rates.contains_key(*next) {
                    continue;
                }
                let Some(value) = worth.checked_mul(value_of_at) else {
                    continue;
                };
                rates.insert((*next).to_owned(), value);
                queue.push_back((*next).to_owned());
            }
        }
        let scale = display_scale(journal, target);
        Self {
            target: target.to_owned(),
            rates,
            scale,
        }
    }

    /// `amounts` in the target commodity, except those no price reaches (kept as they
    /// are and named in `missing`).
    pub fn convert(&self, amounts: &Amounts, missing: &mut BTreeSet<String>) -> Amounts {
        let mut out = Amounts::new();
        for (commodity, value) in amounts.iter() {
            let converted = self
                .rates
                .get(commodity)
                .and_then(|rate| value.checked_mul(*rate));
            let ok = match converted {
                Some(v) => out.add(&self.target, v).is_ok(),
                None => false,
            };
            if !ok {
                missing.insert(commodity.to_owned());
                // Cannot overflow: it is one of the amounts it came from.
                let _ = out.add(commodity, value);
            }
        }
        out
    }

    /// Rounds the target commodity's amount to the decimals it is written with.
    pub fn round(&self, amounts: &Amounts) -> Amounts {
        let mut out = Amounts::new();
        for (commodity, value) in amounts.iter() {
            let value = if commodity == self.target {
                value.round_dp_with_strategy(self.scale, RoundingStrategy::MidpointAwayFromZero)
            } else {
                value
            };
            let _ = out.add(commodity, value);
        }
        out
    }
}

/// Decimals a commodity is written with in the books (the most any posting or price uses,
/// 2 when it is only ever a target).
pub fn display_scale(journal: &Journal, commodity: &str) -> u32 {
    let mut scale = None::<u32>;
    for t in &journal.txns {
        for p in &t.postings {
            if p.commodity == commodity && !p.inferred {
                scale = Some(scale.unwrap_or(0).max(p.amount.scale()));
            }
        }
    }
    for p in &journal.prices {
        if p.quote == commodity {
            scale = Some(scale.unwrap_or(0).max(p.price.scale().min(4)));
        }
    }
    scale.unwrap_or(2)
}

/// One posting in a register, with the account's balance after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// Transaction `seq` (its id).
    pub txn: i64,
    /// Posting index within it.
    pub index: usize,
    /// Its date.
    pub date: Date,
    /// Its transaction's description.
    pub description: String,
    /// The posting's account (the one asked for, or a subaccount).
    pub account: String,
    /// Its amount.
    pub amount: Decimal,
    /// Its commodity.
    pub commodity: String,
    /// The account's balance (with subaccounts, from the very first posting) after it.
    pub balance: Amounts,
}

/// Where a register page ends: the ordering key of its last row.
pub type RegisterKey = (Date, i64, usize);

/// Postings to `account` and its subaccounts dated within `from..=to`, newest first,
/// after `before` (exclusive), at most `limit`; and the key to continue from when more
/// remain.
pub fn register(
    journal: &Journal,
    account: &str,
    from: Option<Date>,
    to: Option<Date>,
    before: Option<RegisterKey>,
    limit: usize,
) -> Result<(Vec<RegisterRow>, Option<RegisterKey>), TooLarge> {
    let mut running = Amounts::new();
    let mut rows = Vec::new();
    for t in &journal.txns {
        if to.is_some_and(|to| t.date > to) {
            break;
        }
        for (i, p) in t.postings.iter().enumerate() {
            if !is_within(&p.account, account) {
                continue;
            }
            running.add(&p.commodity, p.amount)?;
            let key = (t.date, t.seq, i);
            if from.is_some_and(|f| t.date < f) || before.is_some_and(|b| key >= b) {
                continue;
            }
            rows.push(RegisterRow {
                txn: t.seq,
                index: i,
                date: t.date,
                description: t.description.clone(),
                account: p.account.clone(),
                amount: p.amount,
                commodity: p.commodity.clone(),
                balance: running.clone(),
            });
        }
    }
    let more = rows.len() > limit;
    let page: Vec<RegisterRow> = rows.into_iter().rev().take(limit).collect();
    let next = if more {
        page.last().map(|r| (r.date, r.txn, r.index))
    } else {
        None
    };
    Ok((page, next))
}

/// How far apart the points of a series are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Every day.
    Day,
    /// Every seven days.
    Week,
    /// Every month, on the same day of the month (or its last day).
    Month,
}

/// The days of a series from `from` to `to`: `from`, then one step at a time, and `to`
/// last even when the steps do not land on it.
pub fn points(from: Date, to: Date, step: Step, max: usize) -> Result<Vec<Date>, usize> {
    let mut out = Vec::new();
    let mut k = 0u32;
    loop {
        let day = match step {
            Step::Day => from.add_days(k as i32),
            Step::Week => from.add_days(7 * k as i32),
            Step::Month => from.add_months(k),
        };
        if day >= to || (k > 0 && day <= *out.last().unwrap_or(&from)) {
            break;
        }
        out.push(day);
        if out.len() >= max {
            // Count how many there would be, for the message.
            let per = match step {
                Step::Day => 1,
                Step::Week => 7,
                Step::Month => 28,
            };
            return Err((from.days_until(to) / per + 1) as usize);
        }
        k += 1;
    }
    out.push(to);
    Ok(out)
}

/// Net worth (assets and liabilities) at the end of each day of `days` (ascending).
pub fn net_worth(journal: &Journal, days: &[Date]) -> Result<Vec<Amounts>, TooLarge> {
    let mut out = Vec::with_capacity(days.len());
    let mut sum = Amounts::new();
    let mut txns = journal.txns.iter().peekable();
    for day in days {
        while let Some(t) = txns.next_if(|t| t.date <= *day) {
            for p in &t.postings {
                if matches!(
                    journal.kind(&p.account),
                    Some(AccountType::Asset | AccountType::Liability)
                ) {
                    sum.add(&p.commodity, p.amount)?;
                }
            }
        }
        out.push(sum.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::hledger;

    fn books(text: &str) -> Journal {
        let mut j = Journal::default();
        j.merge(hledger::read(text).unwrap()).unwrap();
        j
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    const BOOKS: &str = "\
P 2024-01-01 EUR 1.10 USD
P 2024-02-01 EUR 1.20 USD
P 2024-01-01 AAPL 150 USD

2024-01-01 Opening
    Assets:Bank:Checking   1000.00 EUR
    Assets:Cash              50.00 EUR
    Equity:Opening

2024-01-10 Rent
    Expenses:Rent           400.00 EUR
    Liabilities:Card

2024-01-20 Salary
    Assets:Bank:Checking   2000.00 EUR
    Income:Salary

2024-02-05 Shares
    Assets:Broker          2 AAPL @ 150 USD
    Assets:Bank:Checking   -300 USD
";

    #[test]
    fn the_balance_sheet_is_a_tree_with_totals() {
        let j = books(BOOKS);
        let own = balances(&j, None, day("2024-01-31")).unwrap();
        let assets = section(&j, AccountType::Asset, &own).unwrap();
        let rows: Vec<(String, usize, String)> = assets
            .rows
            .iter()
            .map(|r| (r.account.clone(), r.depth, r.total.to_string()))
            .collect();
        assert_eq!(
            rows,
            [
                ("Assets".into(), 0, "3050.00 EUR".into()),
                ("Assets:Bank".into(), 1, "3000.00 EUR".into()),
                ("Assets:Bank:Checking".into(), 2, "3000.00 EUR".into()),
                ("Assets:Cash".into(), 1, "50.00 EUR".into()),
            ]
        );
        let liabilities = section(&j, AccountType::Liability, &own).unwrap();
        assert_eq!(
            liabilities.total.to_string(),
            "400.00 EUR",
            "owed, shown positive"
        );
        let income = section(&j, AccountType::Income, &own).unwrap();
        assert_eq!(income.total.to_string(), "2000.00 EUR");
    }

    #[test]
    fn conversion_uses_the_latest_price_either_way_and_chains() {
        let j = books(BOOKS);
        let jan = Converter::new(&j, "USD", day("2024-01-31"));
        let mut missing = BTreeSet::new();
        let mut a = Amounts::new();
        a.add("EUR", Decimal::new(10000, 2)).unwrap();
        assert_eq!(
            jan.round(&jan.convert(&a, &mut missing)).to_string(),
            "110.00 USD"
        );
        let feb = Converter::new(&j, "USD", day("2024-02-29"));
        assert_eq!(
            feb.round(&feb.convert(&a, &mut missing)).to_string(),
            "120.00 USD"
        );
        // EUR → USD → AAPL: 1000 EUR is 1200 USD is 8 AAPL.
        let in_aapl = Converter::new(&j, "AAPL", day("2024-02-29"));
        let mut k = Amounts::new();
        k.add("EUR", Decimal::new(1000, 0)).unwrap();
        assert_eq!(
            in_aapl
                .round(&in_aapl.convert(&k, &mut missing))
                .to_string(),
            "8 AAPL"
        );
        let mut x = Amounts::new();
        x.add("XYZ", Decimal::ONE).unwrap();
        assert_eq!(jan.convert(&x, &mut missing).to_string(), "1 XYZ");
        assert_eq!(missing.into_iter().collect::<Vec<_>>(), ["XYZ"]);
    }

    #[test]
    fn a_direct_price_comes_before_the_inverse_of_a_newer_one_as_in_hledger() {
        // hledger's lookup: A's latest price in B first, only then the inverse of B's in A.
        let j = books(
            "P 2024-01-01 USD 0.90 EUR\nP 2024-06-01 EUR 1.25 USD\n\n\
             2024-01-02 Dollars\n    Assets:Cash  100 USD\n    Equity:Opening\n",
        );
        let mut missing = BTreeSet::new();
        let mut dollars = Amounts::new();
        dollars.add("USD", Decimal::new(100, 0)).unwrap();
        let in_eur = Converter::new(&j, "EUR", day("2024-12-31"));
        assert_eq!(
            in_eur
                .round(&in_eur.convert(&dollars, &mut missing))
                .to_string(),
            "90.00 EUR"
        );
        let mut euros = Amounts::new();
        euros.add("EUR", Decimal::new(100, 0)).unwrap();
        let in_usd = Converter::new(&j, "USD", day("2024-12-31"));
        assert_eq!(
            in_usd
                .round(&in_usd.convert(&euros, &mut missing))
                .to_string(),
            "125.00 USD"
        );
        assert!(missing.is_empty());
    }

    #[test]
    fn registers_page_newest_first_with_running_balances() {
        let j = books(BOOKS);
        let (page, next) = register(&j, "Assets:Bank", None, None, None, 2).unwrap();
        let seen: Vec<(String, String)> = page
            .iter()
            .map(|r| (r.date.to_string(), r.balance.to_string()))
            .collect();
        assert_eq!(
            seen,
            [
                ("2024-02-05".into(), "3000.00 EUR, -300 USD".into()),
                ("2024-01-20".into(), "3000.00 EUR".into()),
            ]
        );
        let (rest, end) = register(&j, "Assets:Bank", None, None, next, 2).unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].balance.to_string(), "1000.00 EUR");
        assert_eq!(end, None);
    }

    #[test]
    fn net_worth_series_end_on_the_last_day() {
        let days = points(day("2024-01-01"), day("2024-02-15"), Step::Month, 100).unwrap();
        let texts: Vec<String> = days.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["2024-01-01", "2024-02-01", "2024-02-15"]);
        let j = books(BOOKS);
        let worth = net_worth(&j, &days).unwrap();
        let texts: Vec<String> = worth.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "1050.00 EUR",
                "2650.00 EUR",
                "2 AAPL, 2650.00 EUR, -300 USD"
            ]
        );
        assert!(points(day("2024-01-01"), day("2030-01-01"), Step::Day, 1000).is_err());
        assert_eq!(
            points(day("2024-01-01"), day("2024-01-01"), Step::Week, 10).unwrap(),
            [day("2024-01-01")]
        );
    }
}
