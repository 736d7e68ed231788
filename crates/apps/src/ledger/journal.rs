//! The books in memory: accounts, transactions with their postings, balance checks and
//! prices, and the rules that make them books — every transaction balances (one posting
//! may leave its amount out, to be inferred), every account belongs to one of the five
//! types, and every balance assertion holds.
//!
//! Both text formats read into a [`Parsed`] journal (with line numbers) and [`Journal::merge`]
//! turns it into books or says, by line, why not; the API's `ledger.add` goes through the
//! same [`balance`] and assertion checks.

use std::collections::BTreeMap;

use super::amount::{self, Amounts, Decimal, TooLarge};
use super::date::Date;

/// The tag (hledger) or metadata key (beancount) that carries a transaction's external id
/// through the text formats, so that entries recorded by other modules keep it.
pub const EXTERNAL_KEY: &str = "supernet-id";

/// Most problems one import reports: enough to fix a batch at a time, few enough to read.
pub const MAX_REPORTED: usize = 20;

/// The five account types, after hledger's and beancount's top-level accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccountType {
    /// What is owned (`Assets`).
    Asset,
    /// What is owed (`Liabilities`).
    Liability,
    /// Owners' equity: opening balances, retained earnings (`Equity`).
    Equity,
    /// Income, revenue (`Income`).
    Income,
    /// Expenses (`Expenses`).
    Expense,
}

impl AccountType {
    /// Every type, in the order of the reports.
    pub const ALL: [AccountType; 5] = [
        AccountType::Asset,
        AccountType::Liability,
        AccountType::Equity,
        AccountType::Income,
        AccountType::Expense,
    ];

    /// The type a name implies, as hledger infers it: the first component (any case) is
    /// `asset(s)`, `liability`/`liabilities`/`debt(s)`, `equity`, `income`/`revenue(s)` or
    /// `expense(s)`.
    pub fn of_name(name: &str) -> Option<Self> {
        let top = name.split(':').next()?.to_lowercase();
        Some(match top.as_str() {
            "asset" | "assets" => Self::Asset,
            "liability" | "liabilities" | "debt" | "debts" => Self::Liability,
            "equity" => Self::Equity,
            "income" | "revenue" | "revenues" => Self::Income,
            "expense" | "expenses" => Self::Expense,
            _ => return None,
        })
    }

    /// Reads a declared type: hledger's `type:` tag values (`A`, `Asset`, `L`, `E`, `R`,
    /// `Revenue`, `X`, `Expense`, and `C`/`Cash` for assets, `V`/`Conversion` for equity),
    /// or this module's names (`asset`, `income`, …), any case.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.trim().to_lowercase().as_str() {
            "a" | "asset" | "assets" | "c" | "cash" => Self::Asset,
            "l" | "liability" | "liabilities" => Self::Liability,
            "e" | "equity" | "v" | "conversion" => Self::Equity,
            "r" | "revenue" | "revenues" | "income" => Self::Income,
            "x" | "expense" | "expenses" => Self::Expense,
            _ => return None,
        })
    }

    /// Its name in the API: `asset`, `liability`, `equity`, `income`, `expense`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asset => "asset",
            Self::Liability => "liability",
            Self::Equity => "equity",
            Self::Income => "income",
            Self::Expense => "expense",
        }
    }

    /// Its name with an article: `an asset`, `a liability`.
    pub fn with_article(self) -> &'static str {
        match self {
            Self::Asset => "an asset",
            Self::Liability => "a liability",
            Self::Equity => "an equity",
            Self::Income => "an income",
            Self::Expense => "an expense",
        }
    }

    /// hledger's one-letter type code.
    pub fn letter(self) -> char {
        match self {
            Self::Asset => 'A',
            Self::Liability => 'L',
            Self::Equity => 'E',
            Self::Income => 'R',
            Self::Expense => 'X',
        }
    }

    /// The root account beancount requires for it.
    pub fn root(self) -> &'static str {
        match self {
            Self::Asset => "Assets",
            Self::Liability => "Liabilities",
            Self::Equity => "Equity",
            Self::Income => "Income",
            Self::Expense => "Expenses",
        }
    }
}

/// A transaction's status mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// No mark.
    #[default]
    Unmarked,
    /// `!`: pending.
    Pending,
    /// `*`: cleared.
    Cleared,
}

impl Status {
    /// Its name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unmarked => "unmarked",
            Self::Pending => "pending",
            Self::Cleared => "cleared",
        }
    }

    /// Reads its API name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "unmarked" => Self::Unmarked,
            "pending" => Self::Pending,
            "cleared" => Self::Cleared,
            _ => return None,
        })
    }
}

/// What a posting's amount cost in another commodity: hledger's `@` (per unit) or `@@`
/// (in total), beancount's `{…}`/`{{…}}` or `@`/`@@`. It decides the posting's weight in
/// the transaction's balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    /// Whether `amount` is the total (`@@`) rather than per unit (`@`).
    pub total: bool,
    /// The price (never negative).
    pub amount: Decimal,
    /// Its commodity.
    pub commodity: String,
}

/// A balance assertion on a posting: after it, the account's balance is this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    /// The asserted balance.
    pub amount: Decimal,
    /// Of this commodity.
    pub commodity: String,
    /// `==`: and no other commodity (otherwise only this commodity is checked).
    pub total: bool,
    /// `=*`: counting the account's subaccounts.
    pub inclusive: bool,
}

/// A posting: an amount of one commodity to or from an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    /// The account, `Assets:Bank:Checking`.
    pub account: String,
    /// The amount (negative: out of the account).
    pub amount: Decimal,
    /// Its commodity (may be empty: hledger allows amounts without one).
    pub commodity: String,
    /// What it cost, when it converts between commodities.
    pub cost: Option<Cost>,
    /// A balance assertion after it.
    pub assertion: Option<Assertion>,
    /// Whether the amount was left out and inferred.
    pub inferred: bool,
    /// The line it was read from (only while importing, for messages).
    pub line: Option<u32>,
}

impl Posting {
    /// What it weighs in its transaction's balance: its cost when it has one.
    pub fn weight(&self) -> Result<(Decimal, &str), TooLarge> {
        match &self.cost {
            None => Ok((self.amount, &self.commodity)),
            Some(cost) if cost.total => {
                let sign = if self.amount.is_sign_negative() {
                    -Decimal::ONE
                } else {
                    Decimal::ONE
                };
                Ok((cost.amount.abs() * sign, &cost.commodity))
            }
            Some(cost) => Ok((amount::mul(self.amount, cost.amount)?, &cost.commodity)),
        }
    }
}

/// A transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Txn {
    /// Its place among transactions of the same date (and its id once stored): later
    /// entries have larger numbers.
    pub seq: i64,
    /// Its date.
    pub date: Date,
    /// Its mark.
    pub status: Status,
    /// hledger's transaction code, `(123)` (may be empty).
    pub code: String,
    /// What it was: hledger's description, beancount's `payee | narration`.
    pub description: String,
    /// The id another module gave it ([`super::record`]), unique in the books.
    pub external: Option<String>,
    /// Its postings, in order.
    pub postings: Vec<Posting>,
    /// The line it was read from (only while importing, for messages).
    pub line: Option<u32>,
}

/// A balance check standing alone, beancount's `balance` directive: at the start of
/// `date`, the account with its subaccounts holds exactly `amount` of `commodity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Its order among checks, and its id once stored.
    pub seq: i64,
    /// Checked before any transaction of this date.
    pub date: Date,
    /// The account (with its subaccounts).
    pub account: String,
    /// The balance expected.
    pub amount: Decimal,
    /// Of this commodity.
    pub commodity: String,
    /// The line it was read from (only while importing).
    pub line: Option<u32>,
}

/// A market price: on `date`, one unit of `commodity` was worth `price` of `quote`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    /// The day.
    pub date: Date,
    /// What is priced.
    pub commodity: String,
    /// Its price, per unit (positive).
    pub price: Decimal,
    /// In this commodity.
    pub quote: String,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its full name.
    pub name: String,
    /// Its type.
    pub kind: AccountType,
    /// When it was opened (beancount's `open`), if said.
    pub opened: Option<Date>,
    /// Whether it was declared (its type said, or an `account`/`open` directive), rather
    /// than merely used.
    pub declared: bool,
}

/// A posting as written: its amount may be left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftPosting {
    /// The account.
    pub account: String,
    /// Amount and commodity, unless left out.
    pub amount: Option<(Decimal, String)>,
    /// Its cost.
    pub cost: Option<Cost>,
    /// A balance assertion after it.
    pub assertion: Option<Assertion>,
    /// Where it was read.
    pub line: Option<u32>,
    /// Whether its amount was computed from its balance assertion (a balance assignment).
    pub assigned: bool,
}

/// A transaction as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Its date.
    pub date: Date,
    /// Its mark.
    pub status: Status,
    /// Its code.
    pub code: String,
    /// Its description.
    pub description: String,
    /// Another module's id for it.
    pub external: Option<String>,
    /// Its postings.
    pub postings: Vec<DraftPosting>,
    /// Where it was read.
    pub line: Option<u32>,
}

/// An account directive as read: hledger's `account`, beancount's `open`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The account's name in the books.
    pub name: String,
    /// Its type, when declared.
    pub kind: Option<AccountType>,
    /// When it opened, if said.
    pub opened: Option<Date>,
    /// Where it was read.
    pub line: u32,
}

/// A journal as read from text, before it is checked against the books.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Account declarations.
    pub accounts: Vec<Declaration>,
    /// Transactions.
    pub txns: Vec<Draft>,
    /// Standalone balance checks.
    pub checks: Vec<Check>,
    /// Prices, with the line each was read from.
    pub prices: Vec<(u32, Price)>,
}

/// Problems found while reading or checking, each naming its line when it has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    lines: Vec<(Option<u32>, String)>,
    more: usize,
}

impl Problems {
    /// Notes a problem at `line` (or of the books, without one).
    pub fn push(&mut self, line: Option<u32>, message: impl Into<String>) {
        if self.lines.len() < MAX_REPORTED {
            self.lines.push((line, message.into()));
        } else {
            self.more += 1;
        }
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Whether no more will be listed.
    pub fn full(&self) -> bool {
        self.lines.len() >= MAX_REPORTED
    }

    /// `Err(self)` when there are problems.
    pub fn into_result(self) -> Result<(), Problems> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // By line, whatever order they were found in (transactions are checked by date).
        let mut lines: Vec<&(Option<u32>, String)> = self.lines.iter().collect();
        lines.sort_by_key(|(line, _)| line.unwrap_or(u32::MAX));
        for (i, (line, message)) in lines.into_iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match line {
                Some(line) => write!(f, "line {line}: {message}")?,
                None => f.write_str(message)?,
            }
        }
        if self.more > 0 {
            write!(f, "\n… and {} more", self.more)?;
        }
        Ok(())
    }
}

/// Balances a transaction as written: checks its costs, infers the amount one posting
/// left out (one posting per commodity when several are missing), and checks that the
/// weights sum to zero in every commodity. A transaction with exactly two commodities,
/// no costs and one posting in the first infers that posting's cost, as hledger does.
pub fn balance(draft: &Draft) -> Result<Vec<Posting>, String> {
    let too_large = |_: TooLarge| TooLarge.to_string();
    let mut elided = Vec::new();
    for (i, p) in draft.postings.iter().enumerate() {
        if p.account.is_empty() {
            return Err("a posting has no account".into());
        }
        match (&p.amount, &p.cost) {
            (None, Some(_)) => {
                return Err(format!(
                    "the posting to {} has a cost but no amount",
                    p.account
                ));
            }
            (Some((_, commodity)), Some(cost)) if &cost.commodity == commodity => {
                return Err(format!(
                    "the posting to {} costs its own commodity {commodity:?}: a cost converts to another",
                    p.account
                ));
            }
            (_, Some(cost)) if cost.amount.is_sign_negative() && !cost.amount.is_zero() => {
                return Err(format!(
                    "the posting to {} has a negative cost: write the price without a sign",
                    p.account
                ));
            }
            (None, _) => elided.push(i),
            _ => {}
        }
    }
    if elided.len() > 1 {
        let names: Vec<&str> = elided
            .iter()
            .map(|&i| draft.postings[i].account.as_str())
            .collect();
        return Err(format!(
            "only one posting may leave its amount out, and {} do ({})",
            elided.len(),
            names.join(", ")
        ));
    }
    let mut postings: Vec<Posting> = Vec::with_capacity(draft.postings.len());
    let mut residual = Amounts::new();
    // Per commodity, the most decimals written in amounts of it (costs count only for
    // commodities no amount is written in): what the tolerance is relative to.
    let mut scales: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for p in &draft.postings {
        let Some((value, commodity)) = &p.amount else {
            continue;
        };
        let posting = Posting {
            account: p.account.clone(),
            amount: *value,
            commodity: commodity.clone(),
            cost: p.cost.clone(),
            assertion: p.assertion.clone(),
            inferred: p.assigned,
            line: p.line,
        };
        let (weight, in_commodity) = posting.weight().map_err(too_large)?;
        residual.add(in_commodity, weight).map_err(too_large)?;
        let s = scales.entry(commodity.clone()).or_default();
        s.0 = s.0.max(value.scale());
        if let Some(cost) = &p.cost {
            let s = scales.entry(cost.commodity.clone()).or_default();
            s.1 = s.1.max(cost.amount.scale());
        }
        postings.push(posting);
    }
    if let Some(&at) = elided.first() {
        let p = &draft.postings[at];
        let mut inferred: Vec<Posting> = residual
            .negated()
            .iter()
            .map(|(commodity, value)| Posting {
                account: p.account.clone(),
                amount: value,
                commodity: commodity.to_owned(),
                cost: None,
                assertion: None,
                inferred: true,
                line: p.line,
            })
            .collect();
        if inferred.is_empty() {
            inferred.push(Posting {
                account: p.account.clone(),
                amount: Decimal::ZERO,
                commodity: String::new(),
                cost: None,
                assertion: None,
                inferred: true,
                line: p.line,
            });
        }
        // The assertion holds after the last of them.
        if let Some(last) = inferred.last_mut() {
            last.assertion = p.assertion.clone();
        }
        let before = draft.postings[..at]
            .iter()
            .filter(|d| d.amount.is_some())
            .count();
        postings.splice(before..before, inferred);
        return Ok(postings);
    }
    let off: Vec<(&str, Decimal)> = residual
        .iter()
        .filter(|(commodity, value)| {
            let (written, costs) = scales.get(*commodity).copied().unwrap_or_default();
            let scale = if written > 0 || costs == 0 {
                written
            } else {
                costs
            };
            !amount::negligible(*value, scale)
        })
        .collect();
    if off.is_empty() {
        return Ok(postings);
    }
    if off.len() == 2 && postings.iter().all(|p| p.cost.is_none()) {
        // hledger's implied conversion: the first commodity's one posting cost the other.
        let first = postings
            .iter()
            .position(|p| off.iter().any(|(c, _)| *c == p.commodity))
            .expect("a commodity off balance has a posting");
        let commodity = postings[first].commodity.clone();
        let (other, other_sum) = *off.iter().find(|(c, _)| *c != commodity).expect("two");
        let own_sum = residual.get(&commodity);
        let alone = postings.iter().filter(|p| p.commodity == commodity).count() == 1;
        if alone && own_sum.is_sign_negative() != other_sum.is_sign_negative() {
            postings[first].cost = Some(Cost {
                total: true,
                amount: other_sum.abs(),
                commodity: other.to_owned(),
            });
            return Ok(postings);
        }
    }
    let off: Vec<String> = off.iter().map(|(c, v)| amount::show(*v, c)).collect();
    Err(format!(
        "transaction does not balance: off by {}",
        off.join(", ")
    ))
}

/// Where a balance assertion is: on a posting, or a standalone check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AssertionAt {
    /// The posting at this index of the transaction with this `seq`.
    Posting(i64, usize),
    /// The check with this `seq`.
    Check(i64),
}

/// A balance assertion that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Which assertion.
    pub at: AssertionAt,
    /// The line it was read from, while importing.
    pub line: Option<u32>,
    /// Its date.
    pub date: Date,
    /// What is wrong, for people.
    pub message: String,
}

/// The books.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Journal {
    /// Every account, by name.
    pub accounts: BTreeMap<String, Account>,
    /// Every transaction, by date then `seq`.
    pub txns: Vec<Txn>,
    /// Standalone balance checks, by date then `seq`.
    pub checks: Vec<Check>,
    /// Market prices, by commodity, quote and date.
    pub prices: Vec<Price>,
}

/// What merging a parsed journal added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Added {
    /// Accounts new to the books, or newly declared.
    pub accounts: Vec<Account>,
    /// New transactions (their `seq` is provisional until stored).
    pub txns: Vec<Txn>,
    /// New checks.
    pub checks: Vec<Check>,
    /// New or changed prices.
    pub prices: Vec<Price>,
}

impl Journal {
    /// The type of account `name` in these books (as it was stored), or as it would be.
    pub fn kind(&self, name: &str) -> Option<AccountType> {
        self.accounts
            .get(name)
            .map(|a| a.kind)
            .or_else(|| self.kind_of(name))
    }

    /// The type of account `name`: declared for it or for its nearest declared parent,
    /// else implied by its first component.
    pub fn kind_of(&self, name: &str) -> Option<AccountType> {
        let mut at = name;
        loop {
            if let Some(account) = self.accounts.get(at)
                && account.declared
            {
                return Some(account.kind);
            }
            match at.rfind(':') {
                Some(i) => at = &at[..i],
                None => return AccountType::of_name(name),
            }
        }
    }

    /// Adds `name` to the accounts when it is new; fails when its type cannot be told.
    pub fn use_account(&mut self, name: &str) -> Result<Option<Account>, String> {
        if self.accounts.contains_key(name) {
            return Ok(None);
        }
        check_account_name(name)?;
        let kind = self.kind_of(name).ok_or_else(|| {
            format!(
                "account {name:?} is not under Assets, Liabilities, Equity, Income or Expenses: \
                 rename it, or declare its type (in hledger: account {name}  ; type: A)"
            )
        })?;
        let account = Account {
            name: name.to_owned(),
            kind,
            opened: None,
            declared: false,
        };
        self.accounts.insert(name.to_owned(), account.clone());
        Ok(Some(account))
    }

    /// The next free `seq` for a transaction.
    pub fn next_seq(&self) -> i64 {
        self.txns.iter().map(|t| t.seq).max().unwrap_or(0) + 1
    }

    /// Inserts `txn` in date order.
    pub fn insert_txn(&mut self, txn: Txn) {
        let at = self
            .txns
            .partition_point(|t| (t.date, t.seq) <= (txn.date, txn.seq));
        self.txns.insert(at, txn);
    }

    /// Inserts a price, replacing one of the same day, commodity and quote.
    pub fn set_price(&mut self, price: Price) {
        let key = |p: &Price| (p.commodity.clone(), p.quote.clone(), p.date);
        match self.prices.binary_search_by_key(&key(&price), key) {
            Ok(i) => self.prices[i] = price,
            Err(i) => self.prices.insert(i, price),
        }
    }

    /// Balances `draft` against these books: a transaction ready to store (its `seq` is
    /// the next free one) and the accounts it opens; or the line at fault and the problem.
    pub fn prepare(&mut self, draft: &Draft) -> Result<(Txn, Vec<Account>), (Option<u32>, String)> {
        let assigned = self.assign(draft)?;
        let draft = assigned.as_ref().unwrap_or(draft);
        let postings = balance(draft).map_err(|e| (draft.line, e))?;
        let mut opened = Vec::new();
        for p in &postings {
            match self.use_account(&p.account) {
                Ok(Some(account)) => opened.push(account),
                Ok(None) => {}
                Err(e) => {
                    // Forget what this transaction opened: it is not going in.
                    for a in &opened {
                        self.accounts.remove(&a.name);
                    }
                    return Err((p.line.or(draft.line), e));
                }
            }
        }
        Ok((
            Txn {
                seq: self.next_seq(),
                date: draft.date,
                status: draft.status,
                code: draft.code.clone(),
                description: draft.description.clone(),
                external: draft.external.clone(),
                postings,
                line: draft.line,
            },
            opened,
        ))
    }

    /// Fills in the amounts of balance assignments (a posting with an assertion and no
    /// amount: the amount that makes the balance the asserted one, as in hledger),
    /// counting every transaction up to the draft's date. `None` when there is none.
    fn assign(&self, draft: &Draft) -> Result<Option<Draft>, (Option<u32>, String)> {
        if !draft
            .postings
            .iter()
            .any(|p| p.amount.is_none() && p.assertion.is_some())
        {
            return Ok(None);
        }
        let too_large = |p: &DraftPosting| (p.line.or(draft.line), TooLarge.to_string());
        let mut out = draft.clone();
        for i in 0..out.postings.len() {
            let p = &out.postings[i];
            let (None, Some(a)) = (&p.amount, &p.assertion) else {
                continue;
            };
            let within = |account: &str| {
                if a.inclusive {
                    is_within(account, &p.account)
                } else {
                    account == p.account
                }
            };
            let mut held = Decimal::ZERO;
            for t in self.txns.iter().take_while(|t| t.date <= draft.date) {
                for q in t.postings.iter().filter(|q| q.commodity == a.commodity) {
                    if within(&q.account) {
                        held = amount::add(held, q.amount).map_err(|_| too_large(p))?;
                    }
                }
            }
            for q in &out.postings[..i] {
                if let Some((value, commodity)) = &q.amount
                    && *commodity == a.commodity
                    && within(&q.account)
                {
                    held = amount::add(held, *value).map_err(|_| too_large(p))?;
                }
            }
            let value = amount::add(a.amount, -held).map_err(|_| too_large(p))?;
            let commodity = a.commodity.clone();
            let p = &mut out.postings[i];
            p.amount = Some((amount::tidy(value), commodity));
            p.assigned = true;
        }
        Ok(Some(out))
    }

    /// Every balance assertion that does not hold, in the order they are checked: by
    /// date, checks of a day before its transactions, and postings in order.
    pub fn failures(&self) -> Result<Vec<Failure>, TooLarge> {
        let mut balances: BTreeMap<&str, Amounts> = BTreeMap::new();
        let mut failures = Vec::new();
        let mut checks = self.checks.iter().peekable();
        let mut txns = self.txns.iter().peekable();
        loop {
            let check_first = match (checks.peek(), txns.peek()) {
                (None, None) => break,
                (Some(c), Some(t)) => c.date <= t.date,
                (Some(_), None) => true,
                (None, Some(_)) => false,
            };
            if check_first {
                let c = checks.next().expect("peeked");
                let actual = subtree(&balances, &c.account)?.get(&c.commodity);
                if actual != c.amount {
                    failures.push(Failure {
                        at: AssertionAt::Check(c.seq),
                        line: c.line,
                        date: c.date,
                        message: format!(
                            "balance check failed: at the start of {}, {} with its subaccounts holds {}, not {} (off by {})",
                            c.date,
                            c.account,
                            amount::show(actual, &c.commodity),
                            amount::show(c.amount, &c.commodity),
                            amount::show(actual - c.amount, &c.commodity),
                        ),
                    });
                }
                continue;
            }
            let t = txns.next().expect("peeked");
            for (i, p) in t.postings.iter().enumerate() {
                balances
                    .entry(p.account.as_str())
                    .or_default()
                    .add(&p.commodity, p.amount)?;
                let Some(a) = &p.assertion else { continue };
                let held = if a.inclusive {
                    subtree(&balances, &p.account)?
                } else {
                    balances
                        .get(p.account.as_str())
                        .cloned()
                        .unwrap_or_default()
                };
                let actual = held.get(&a.commodity);
                let with = if a.inclusive {
                    " with its subaccounts"
                } else {
                    ""
                };
                let message = if actual != a.amount {
                    Some(format!(
                        "balance assertion failed: after this posting, {}{with} holds {}, not {} (off by {})",
                        p.account,
                        amount::show(actual, &a.commodity),
                        amount::show(a.amount, &a.commodity),
                        amount::show(actual - a.amount, &a.commodity),
                    ))
                } else if a.total {
                    let others: Vec<String> = held
                        .iter()
                        .filter(|(c, _)| *c != a.commodity)
                        .map(|(c, v)| amount::show(v, c))
                        .collect();
                    (!others.is_empty()).then(|| {
                        format!(
                            "balance assertion (==) failed: after this posting, {}{with} also holds {}",
                            p.account,
                            others.join(", ")
                        )
                    })
                } else {
                    None
                };
                if let Some(message) = message {
                    failures.push(Failure {
                        at: AssertionAt::Posting(t.seq, i),
                        line: p.line.or(t.line),
                        date: t.date,
                        message,
                    });
                }
            }
        }
        Ok(failures)
    }

    /// Fails with the assertions that hold in `before` but not in these books: what a
    /// change must not do.
    pub fn keeps_assertions(&self, before: &Journal) -> Result<(), Problems> {
        let mut problems = Problems::default();
        let too_large = |p: &mut Problems| p.push(None, TooLarge.to_string());
        let (Ok(now), Ok(then)) = (self.failures(), before.failures()) else {
            too_large(&mut problems);
            return Err(problems);
        };
        let known: std::collections::HashSet<AssertionAt> = then.iter().map(|f| f.at).collect();
        for f in now.into_iter().filter(|f| !known.contains(&f.at)) {
            match f.line {
                Some(line) => problems.push(Some(line), f.message),
                None => {
                    let what = match f.at {
                        AssertionAt::Posting(seq, _) => format!("transaction {seq}"),
                        AssertionAt::Check(seq) => format!("balance check {seq}"),
                    };
                    problems.push(
                        None,
                        format!(
                            "this would break the balance assertion of {what} ({}): {}",
                            f.date, f.message
                        ),
                    )
                }
            }
        }
        problems.into_result()
    }

    /// Adds a parsed journal to these books, all or nothing: declares its accounts,
    /// balances its transactions, and checks that every assertion it makes holds and none
    /// that held before breaks. Returns what was added (transactions in file order).
    pub fn merge(&mut self, parsed: Parsed) -> Result<Added, Problems> {
        let before = self.clone();
        let mut next = self.clone();
        let mut added = Added::default();
        let mut problems = Problems::default();
        for d in &parsed.accounts {
            if let Err(e) = check_account_name(&d.name) {
                problems.push(Some(d.line), e);
                continue;
            }
            let kind = d.kind.or_else(|| next.kind_of(&d.name));
            let Some(kind) = kind else {
                problems.push(
                    Some(d.line),
                    format!(
                        "account {:?} is not under Assets, Liabilities, Equity, Income or Expenses: \
                         rename it, or declare its type (account {}  ; type: A)",
                        d.name, d.name
                    ),
                );
                continue;
            };
            if let Some(old) = next.accounts.get(&d.name)
                && old.kind != kind
                && (old.declared || d.kind.is_some())
            {
                problems.push(
                    Some(d.line),
                    format!(
                        "account {} is already {} account",
                        d.name,
                        old.kind.with_article()
                    ),
                );
                continue;
            }
            let opened = d
                .opened
                .or_else(|| next.accounts.get(&d.name).and_then(|a| a.opened));
            let account = Account {
                name: d.name.clone(),
                kind,
                opened,
                declared: true,
            };
            if next.accounts.get(&d.name) != Some(&account) {
                next.accounts.insert(d.name.clone(), account.clone());
                added.accounts.retain(|a| a.name != account.name);
                added.accounts.push(account);
            }
        }
        // In date order (a day's in file order), so that a balance assignment counts
        // every earlier transaction, wherever it is in the file.
        let mut drafts: Vec<&Draft> = parsed.txns.iter().collect();
        drafts.sort_by_key(|d| d.date);
        for draft in drafts {
            if problems.full() {
                break;
            }
            if let Some(id) = &draft.external
                && next.txns.iter().any(|t| t.external.as_ref() == Some(id))
            {
                problems.push(
                    draft.line,
                    format!("{EXTERNAL_KEY} {id} is already in the books: this entry was imported or recorded before"),
                );
                continue;
            }
            match next.prepare(draft) {
                Ok((txn, opened)) => {
                    added.accounts.extend(opened);
                    added.txns.push(txn.clone());
                    next.insert_txn(txn);
                }
                Err((line, e)) => problems.push(line, e),
            }
        }
        let mut seq = next.checks.iter().map(|c| c.seq).max().unwrap_or(0);
        for c in &parsed.checks {
            match next.use_account(&c.account) {
                Ok(opened) => added.accounts.extend(opened),
                Err(e) => {
                    problems.push(c.line, e);
                    continue;
                }
            }
            seq += 1;
            let check = Check { seq, ..c.clone() };
            let at = next
                .checks
                .partition_point(|x| (x.date, x.seq) <= (check.date, check.seq));
            next.checks.insert(at, check.clone());
            added.checks.push(check);
        }
        for (line, price) in &parsed.prices {
            if price.price <= Decimal::ZERO {
                problems.push(Some(*line), "a price must be more than zero");
                continue;
            }
            if price.commodity == price.quote {
                problems.push(
                    Some(*line),
                    "a commodity's price must be in another commodity",
                );
                continue;
            }
            next.set_price(price.clone());
            added.prices.push(price.clone());
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        next.keeps_assertions(&before)?;
        *self = next;
        Ok(added)
    }
}

/// Checks an account name: components separated by `:`, none empty, no tabs, no double
/// spaces (hledger reads those as the end of the name) and no `;`.
pub fn check_account_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("an account name is empty".into());
    }
    if name
        .split(':')
        .any(|c| c.trim().is_empty() || c.trim() != c)
    {
        return Err(format!(
            "account name {name:?} has an empty component or spaces around a ':'"
        ));
    }
    if name.contains("  ") || name.contains(['\t', '\n', '\r', ';']) {
        return Err(format!(
            "account name {name:?} contains two spaces, a tab, a line break or ';'"
        ));
    }
    if name.chars().count() > MAX_ACCOUNT_CHARS {
        return Err(format!(
            "account name {name:?} is longer than {MAX_ACCOUNT_CHARS} characters"
        ));
    }
    Ok(())
}

/// Longest account name, in characters: deep trees of long names stay under it.
pub const MAX_ACCOUNT_CHARS: usize = 400;

/// The balance of `account` with its subaccounts.
fn subtree(balances: &BTreeMap<&str, Amounts>, account: &str) -> Result<Amounts, TooLarge> {
    let mut sum = Amounts::new();
    for (name, amounts) in balances.range(account..) {
        if !name.starts_with(account) {
            break;
        }
        if name.len() == account.len() || name[account.len()..].starts_with(':') {
            sum.add_all(amounts)?;
        }
    }
    Ok(sum)
}

/// Whether `name` is `account` or one of its subaccounts.
pub fn is_within(name: &str, account: &str) -> bool {
    name == account
        || (name.len() > account.len()
            && name.starts_with(account)
            && name[account.len()..].starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        amount::parse_plain(s).unwrap()
    }

    fn posting(account: &str, amount: Option<(&str, &str)>) -> DraftPosting {
        DraftPosting {
            account: account.into(),
            amount: amount.map(|(a, c)| (d(a), c.to_owned())),
            cost: None,
            assertion: None,
            line: None,
            assigned: false,
        }
    }

    fn draft(postings: Vec<DraftPosting>) -> Draft {
        Draft {
            date: Date::from_ymd(2024, 1, 1).unwrap(),
            status: Status::Unmarked,
            code: String::new(),
            description: "test".into(),
            external: None,
            postings,
            line: Some(7),
        }
    }

    #[test]
    fn an_elided_amount_takes_the_rest_in_every_commodity() {
        let t = draft(vec![
            posting("Assets:Cash", Some(("-10.50", "EUR"))),
            posting("Assets:Card", Some(("-2", "USD"))),
            posting("Expenses:Food", None),
        ]);
        let postings = balance(&t).unwrap();
        let inferred: Vec<(String, String)> = postings
            .iter()
            .filter(|p| p.inferred)
            .map(|p| (p.amount.to_string(), p.commodity.clone()))
            .collect();
        assert_eq!(
            inferred,
            [("10.50".into(), "EUR".into()), ("2".into(), "USD".into())]
        );
        let two = draft(vec![
            posting("Assets:Cash", Some(("-1", "EUR"))),
            posting("Expenses:A", None),
            posting("Expenses:B", None),
        ]);
        assert_eq!(
            balance(&two).unwrap_err(),
            "only one posting may leave its amount out, and 2 do (Expenses:A, Expenses:B)"
        );
    }

    #[test]
    fn unbalanced_transactions_say_by_how_much() {
        let t = draft(vec![
            posting("Assets:Cash", Some(("-10.00", "EUR"))),
            posting("Expenses:Food", Some(("6.50", "EUR"))),
        ]);
        assert_eq!(
            balance(&t).unwrap_err(),
            "transaction does not balance: off by -3.50 EUR"
        );
    }

    #[test]
    fn costs_convert_and_a_remainder_below_the_written_precision_is_tolerated() {
        let mut buy = posting("Assets:Broker", Some(("3", "X")));
        buy.cost = Some(Cost {
            total: false,
            amount: d("0.3333"),
            commodity: "USD".into(),
        });
        let t = draft(vec![
            buy.clone(),
            posting("Assets:Cash", Some(("-1.00", "USD"))),
        ]);
        assert!(balance(&t).is_ok(), "0.9999 against 1.00 is within 0.005");
        let t = draft(vec![buy, posting("Assets:Cash", Some(("-1.01", "USD")))]);
        assert_eq!(
            balance(&t).unwrap_err(),
            "transaction does not balance: off by -0.0101 USD"
        );
        let mut total = posting("Assets:Broker", Some(("-2", "X")));
        total.cost = Some(Cost {
            total: true,
            amount: d("7"),
            commodity: "USD".into(),
        });
        let t = draft(vec![total, posting("Assets:Cash", None)]);
        let postings = balance(&t).unwrap();
        assert_eq!(
            (postings[1].amount, postings[1].commodity.as_str()),
            (d("7"), "USD")
        );
    }

    #[test]
    fn two_commodities_without_costs_imply_a_conversion() {
        let t = draft(vec![
            posting("Assets:Eur", Some(("-100", "EUR"))),
            posting("Assets:Usd", Some(("110", "USD"))),
        ]);
        let postings = balance(&t).unwrap();
        assert_eq!(
            postings[0].cost,
            Some(Cost {
                total: true,
                amount: d("110"),
                commodity: "USD".into()
            })
        );
        let same_sign = draft(vec![
            posting("Assets:Eur", Some(("100", "EUR"))),
            posting("Assets:Usd", Some(("110", "USD"))),
        ]);
        assert!(balance(&same_sign).is_err());
    }

    #[test]
    fn account_types_come_from_names_or_declarations() {
        assert_eq!(
            AccountType::of_name("assets:bank"),
            Some(AccountType::Asset)
        );
        assert_eq!(
            AccountType::of_name("Revenues:Job"),
            Some(AccountType::Income)
        );
        assert_eq!(
            AccountType::of_name("Debts:Card"),
            Some(AccountType::Liability)
        );
        assert_eq!(AccountType::of_name("checking"), None);
        let mut j = Journal::default();
        j.accounts.insert(
            "checking".into(),
            Account {
                name: "checking".into(),
                kind: AccountType::Asset,
                opened: None,
                declared: true,
            },
        );
        assert_eq!(j.kind_of("checking:joint"), Some(AccountType::Asset));
        assert!(j.use_account("misc:stuff").unwrap_err().contains("type: A"));
        assert!(check_account_name("Assets::Bank").is_err());
        assert!(check_account_name("Assets:My  Bank").is_err());
        assert!(check_account_name("Assets:My Bank").is_ok());
    }
}
