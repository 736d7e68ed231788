//! beancount files: reading the subset personal books use, and writing books that
//! `bean-check` accepts with the same balances.
//!
//! Read: `open` (currency lists and booking methods are read and not kept), `close`
//! (ignored), `commodity`, transactions (`*`, `!`, `txn` and the other flag letters; payee
//! and narration become the description `payee | narration`; tags, links and metadata are
//! skipped), postings with one amount left out, costs `{…}`/`{{…}}` and prices `@`/`@@`,
//! `balance` (checked at the start of its day, counting subaccounts, as beancount does),
//! `price`, `option`, `plugin`, `note`, `document`, `event`, `query`, `custom`,
//! `pushtag`/`poptag` (ignored). Refused by line: `include`, `pad`, arithmetic in amounts,
//! a cost without an amount (`{}`, which needs lot booking), renamed root accounts.
//!
//! The books keep no lots: a posting's cost (or, without one, its price) is what it
//! weighs, so a sale at cost with a price (`-5 AAPL {150 USD} @ 170 USD`) is kept and
//! written back as a conversion at its cost (`@ 150 USD`), which balances the same.
//!
//! beancount is stricter about names than hledger: accounts start with one of the five
//! roots and each component with a capital or digit; currencies are capitals of 2 to 24
//! characters. Written books rename what does not fit (`assets:bank` → `Assets:Bank`, `$`
//! → `USD`) and keep the original in metadata (`hledger-account:` on the `open`,
//! `hledger-commodity:` on a `commodity` directive), which this reader restores.
//!
//! Why not a crate: `beancount-parser` (nom, lean and maintained) keeps line numbers but
//! reports a syntax error only as "Invalid beancount syntax at line N", without the
//! problem; `beancount-parser-lima` reports problems well but brings a dozen dependencies
//! (chumsky, logos, ariadne, strum, time, glob…) for a subset this small.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use super::amount::{self, Amounts, Decimal};
use super::date::Date;
use super::hledger::one_line;
use super::journal::{
    AccountType, Check, Cost, Declaration, Draft, DraftPosting, EXTERNAL_KEY, Journal, Parsed,
    Price, Problems, Status,
};

/// Metadata key that keeps an account's name in the books when beancount's differs.
pub const ACCOUNT_KEY: &str = "hledger-account";
/// Metadata key that keeps a commodity's symbol in the books when beancount's differs.
pub const COMMODITY_KEY: &str = "hledger-commodity";

/// A token of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a str),
    Str(String),
    Punct(&'static str),
}

/// Splits a line into words, strings and punctuation, up to a `;` comment.
fn lex(line: &str) -> Result<Vec<Tok<'_>>, String> {
    let mut toks = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let c = line[i..].chars().next().expect("in bounds");
        match c {
            c if c.is_whitespace() => i += c.len_utf8(),
            ';' => break,
            '"' => {
                let mut s = String::new();
                let mut chars = line[i + 1..].char_indices();
                let mut closed = None;
                while let Some((j, c)) = chars.next() {
                    match c {
                        '"' => {
                            closed = Some(i + 1 + j + 1);
                            break;
                        }
                        '\\' => match chars.next() {
                            Some((_, 'n')) => s.push('\n'),
                            Some((_, 't')) => s.push('\t'),
                            Some((_, c)) => s.push(c),
                            None => {}
                        },
                        c => s.push(c),
                    }
                }
                let Some(end) = closed else {
                    return Err(
                        "a string is not closed on its line (strings over several lines are not supported)"
                            .into(),
                    );
                };
                toks.push(Tok::Str(s));
                i = end;
            }
            '{' | '}' | '@' => {
                let double = bytes.get(i + 1) == Some(&(c as u8));
                toks.push(Tok::Punct(match (c, double) {
                    ('{', true) => "{{",
                    ('{', false) => "{",
                    ('}', true) => "}}",
                    ('}', false) => "}",
                    ('@', true) => "@@",
                    _ => "@",
                }));
                i += if double { 2 } else { 1 };
            }
            ',' => {
                toks.push(Tok::Punct(","));
                i += 1;
            }
            '~' => {
                toks.push(Tok::Punct("~"));
                i += 1;
            }
            _ => {
                let start = i;
                while i < line.len() {
                    let c = line[i..].chars().next().expect("in bounds");
                    let digit_comma = c == ','
                        && i > start
                        && bytes[i - 1].is_ascii_digit()
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                    if c.is_whitespace()
                        || (matches!(c, '"' | '{' | '}' | '@' | ',' | ';' | '~') && !digit_comma)
                    {
                        break;
                    }
                    i += c.len_utf8();
                }
                toks.push(Tok::Word(&line[start..i]));
            }
        }
    }
    Ok(toks)
}

/// What the lines indented under a directive belong to.
#[derive(Debug)]
enum Entry {
    /// A transaction (and whether one of its lines was refused).
    Txn(Draft, bool),
    /// An `open`: the index of its declaration.
    Open(usize),
    /// A `commodity`.
    Commodity(String),
    /// Anything whose metadata is skipped.
    Other,
}

#[derive(Debug, Default)]
struct Reader {
    parsed: Parsed,
    problems: Problems,
    entry: Option<Entry>,
    /// beancount account → name in the books (`hledger-account:`).
    accounts: HashMap<String, String>,
    /// beancount currency → symbol in the books (`hledger-commodity:`).
    commodities: HashMap<String, String>,
}

/// Reads a beancount file.
pub fn read(text: &str) -> Result<Parsed, Problems> {
    let mut r = Reader::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.split('\n').enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        if let Err(e) = r.line(line, content) {
            if let Some(Entry::Txn(_, broken)) = &mut r.entry
                && content.starts_with([' ', '\t'])
            {
                *broken = true;
            }
            r.problems.push(Some(line), e);
        }
        if r.problems.full() {
            break;
        }
    }
    r.close();
    let Reader {
        mut parsed,
        problems,
        accounts,
        commodities,
        ..
    } = r;
    problems.into_result()?;
    rename(&mut parsed, &accounts, &commodities);
    Ok(parsed)
}

impl Reader {
    fn close(&mut self) {
        if let Some(Entry::Txn(draft, false)) = self.entry.take() {
            self.parsed.txns.push(draft);
        }
    }

    fn line(&mut self, line: u32, content: &str) -> Result<(), String> {
        if content.trim().is_empty() {
            return Ok(());
        }
        if content.starts_with([' ', '\t']) {
            let toks = lex(content)?;
            if toks.is_empty() {
                return Ok(());
            }
            return self.indented(&toks, line);
        }
        if content.starts_with([';', '*', '#']) {
            // A comment (or an org-mode heading) does not end the entry it sits in.
            return Ok(());
        }
        self.close();
        // Until this line proves to open an entry, what is indented under it is skipped.
        self.entry = Some(Entry::Other);
        let toks = lex(content)?;
        let Some(Tok::Word(first)) = toks.first() else {
            return Err(format!("cannot read this line: {:?}", clip(content)));
        };
        if let Some(date) = Date::parse(first).filter(|_| first.len() == 10) {
            return self.dated(date, &toks[1..], line);
        }
        match *first {
            "option" => match toks.get(1) {
                Some(Tok::Str(name)) if name.starts_with("name_") => Err(format!(
                    "option {name} is not supported: use the root accounts Assets, Liabilities, Equity, Income and Expenses"
                )),
                _ => Ok(()),
            },
            "plugin" | "pushtag" | "poptag" | "pushmeta" | "popmeta" => Ok(()),
            "include" => Err(
                "include is not supported: import each file, or paste the included file in its place"
                    .into(),
            ),
            _ => Err(format!(
                "cannot read this line: expected a date (YYYY-MM-DD) first, an option or a comment, not {:?}",
                clip(content)
            )),
        }
    }

    fn dated(&mut self, date: Date, toks: &[Tok<'_>], line: u32) -> Result<(), String> {
        let Some(Tok::Word(keyword)) = toks.first() else {
            return Err("a date must be followed by a directive (open, balance, price…) or a flag (*, !, txn)".into());
        };
        let args = &toks[1..];
        self.entry = Some(Entry::Other);
        match *keyword {
            "*" | "!" | "txn" => self.header(date, keyword, args, line),
            flag if flag.len() == 1 && "PSTCURM#?%&".contains(flag) => {
                self.header(date, flag, args, line)
            }
            "open" => {
                let account = account_arg(args.first())?;
                self.parsed.accounts.push(Declaration {
                    name: account.to_owned(),
                    kind: Some(root_type(account)?),
                    opened: Some(date),
                    line,
                });
                self.entry = Some(Entry::Open(self.parsed.accounts.len() - 1));
                Ok(())
            }
            "close" => {
                root_type(account_arg(args.first())?)?;
                Ok(())
            }
            "commodity" => {
                let currency = currency_arg(args.first())?;
                self.entry = Some(Entry::Commodity(currency.to_owned()));
                Ok(())
            }
            "balance" => {
                let account = account_arg(args.first())?;
                root_type(account)?;
                let mut rest = &args[1..];
                let value = number_arg(rest.first())?;
                rest = &rest[1..];
                if rest.first() == Some(&Tok::Punct("~")) {
                    // A tolerance: the books check balances exactly.
                    number_arg(rest.get(1))?;
                    rest = &rest[2..];
                }
                let commodity = currency_arg(rest.first())?;
                trailing(&rest[1..])?;
                self.parsed.checks.push(Check {
                    seq: 0,
                    date,
                    account: account.to_owned(),
                    amount: value,
                    commodity: commodity.to_owned(),
                    line: Some(line),
                });
                Ok(())
            }
            "price" => {
                let commodity = currency_arg(args.first())?;
                let price = number_arg(args.get(1))?;
                let quote = currency_arg(args.get(2))?;
                trailing(&args[3..])?;
                self.parsed.prices.push((
                    line,
                    Price {
                        date,
                        commodity: commodity.to_owned(),
                        price,
                        quote: quote.to_owned(),
                    },
                ));
                Ok(())
            }
            "pad" => Err(
                "pad is not supported: write the padding transaction out (its amount is what the next balance needs)"
                    .into(),
            ),
            "note" | "document" | "event" | "query" | "custom" => Ok(()),
            other => Err(format!(
                "unknown directive {other:?}: expected open, close, commodity, balance, price or a transaction flag (*, !, txn)"
            )),
        }
    }

    fn header(
        &mut self,
        date: Date,
        flag: &str,
        args: &[Tok<'_>],
        line: u32,
    ) -> Result<(), String> {
        let mut strings = Vec::new();
        for tok in args {
            match tok {
                Tok::Str(s) => strings.push(one_line(s)),
                Tok::Word(w) if w.starts_with(['#', '^']) => {}
                other => {
                    return Err(format!(
                        "unexpected {} in a transaction's first line",
                        show(other)
                    ));
                }
            }
        }
        let description = match strings.as_slice() {
            [] => String::new(),
            [narration] => narration.clone(),
            [payee, narration] if payee.is_empty() => narration.clone(),
            [payee, narration] if narration.is_empty() => payee.clone(),
            [payee, narration] => format!("{payee} | {narration}"),
            _ => return Err("a transaction has at most two strings: payee and narration".into()),
        };
        let status = match flag {
            "*" => Status::Cleared,
            "!" => Status::Pending,
            _ => Status::Unmarked,
        };
        self.entry = Some(Entry::Txn(
            Draft {
                date,
                status,
                code: String::new(),
                description,
                external: None,
                postings: Vec::new(),
                line: Some(line),
            },
            false,
        ));
        Ok(())
    }

    fn indented(&mut self, toks: &[Tok<'_>], line: u32) -> Result<(), String> {
        // Metadata: `key: value`.
        if let Some(Tok::Word(w)) = toks.first()
            && w.ends_with(':')
            && w.starts_with(|c: char| c.is_ascii_lowercase())
        {
            let key = &w[..w.len() - 1];
            let value = match toks.get(1) {
                Some(Tok::Str(s)) => Some(s.clone()),
                _ => None,
            };
            match (&mut self.entry, key, value) {
                (Some(Entry::Open(i)), ACCOUNT_KEY, Some(name)) => {
                    let bean = self.parsed.accounts[*i].name.clone();
                    self.accounts.insert(bean, name);
                }
                (Some(Entry::Commodity(c)), COMMODITY_KEY, Some(symbol)) => {
                    self.commodities.insert(c.clone(), symbol);
                }
                (Some(Entry::Txn(draft, _)), EXTERNAL_KEY, Some(id))
                    if draft.postings.is_empty() =>
                {
                    draft.external = Some(id);
                }
                (None, _, _) => {
                    return Err("metadata outside an entry: indent it under a directive".into());
                }
                _ => {}
            }
            return Ok(());
        }
        let Some(Entry::Txn(draft, _)) = &mut self.entry else {
            return match &self.entry {
                None => Err("an indented line outside a transaction".into()),
                // Tags continued on the next line, and the like.
                Some(_) => Ok(()),
            };
        };
        if toks
            .iter()
            .all(|t| matches!(t, Tok::Word(w) if w.starts_with(['#', '^'])))
        {
            return Ok(());
        }
        let mut rest = toks;
        if let Some(Tok::Word(w)) = rest.first()
            && w.len() == 1
            && !w.contains(':')
        {
            rest = &rest[1..];
        }
        let account = account_arg(rest.first())?;
        root_type(account)?;
        rest = &rest[1..];
        let mut posting = DraftPosting {
            account: account.to_owned(),
            amount: None,
            cost: None,
            assertion: None,
            line: Some(line),
            assigned: false,
        };
        if let Some(Tok::Word(_)) = rest.first() {
            let value = number_arg(rest.first())?;
            let commodity = match rest.get(1) {
                Some(Tok::Word(_)) => currency_arg(rest.get(1))?,
                _ => {
                    return Err(
                        "an amount needs its currency (this reader does not infer one)".into(),
                    );
                }
            };
            posting.amount = Some((value, commodity.to_owned()));
            rest = &rest[2..];
        }
        if let Some(Tok::Punct(open @ ("{" | "{{"))) = rest.first() {
            let close = if *open == "{" { "}" } else { "}}" };
            let end = rest
                .iter()
                .position(|t| *t == Tok::Punct(close))
                .ok_or_else(|| format!("the cost opened with {open} is not closed with {close}"))?;
            let inside = &rest[1..end];
            if inside.contains(&Tok::Word("#")) {
                return Err("compound costs ({per-unit # total}) are not supported".into());
            }
            let mut cost = None;
            for (i, t) in inside.iter().enumerate() {
                if let Tok::Word(w) = t
                    && w.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
                    && Date::parse(w).is_none()
                {
                    let value = number_arg(Some(t))?;
                    let commodity = currency_arg(inside.get(i + 1))?;
                    cost = Some(Cost {
                        total: *open == "{{",
                        amount: value.abs(),
                        commodity: commodity.to_owned(),
                    });
                    break;
                }
            }
            if cost.is_none() {
                return Err(
                    "a cost without an amount ({}) needs lot booking, which the books do not do: write the cost ({150.00 USD})"
                        .into(),
                );
            }
            posting.cost = cost;
            rest = &rest[end + 1..];
        }
        if let Some(Tok::Punct(at @ ("@" | "@@"))) = rest.first() {
            let value = number_arg(rest.get(1))?;
            let commodity = currency_arg(rest.get(2))?;
            // With a cost, the price is only informative (the cost is the weight).
            if posting.cost.is_none() {
                posting.cost = Some(Cost {
                    total: *at == "@@",
                    amount: value.abs(),
                    commodity: commodity.to_owned(),
                });
            }
            rest = &rest[3..];
        }
        if posting.amount.is_none() && posting.cost.is_some() {
            return Err("a posting without an amount cannot have a cost or price".into());
        }
        trailing(rest)?;
        draft.postings.push(posting);
        Ok(())
    }
}

fn show(tok: &Tok<'_>) -> String {
    match tok {
        Tok::Word(w) => format!("{:?}", clip(w)),
        Tok::Str(s) => format!("the string {:?}", clip(s)),
        Tok::Punct(p) => format!("{p:?}"),
    }
}

fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn trailing(rest: &[Tok<'_>]) -> Result<(), String> {
    match rest.first() {
        None => Ok(()),
        Some(t) => Err(format!("unexpected {} here", show(t))),
    }
}

fn account_arg<'a>(tok: Option<&Tok<'a>>) -> Result<&'a str, String> {
    match tok {
        Some(Tok::Word(w)) if w.contains(':') => Ok(w),
        Some(other) => Err(format!(
            "expected an account (Assets:Bank), found {}",
            show(other)
        )),
        None => Err("an account (Assets:Bank) is missing".into()),
    }
}

fn currency_arg<'a>(tok: Option<&Tok<'a>>) -> Result<&'a str, String> {
    match tok {
        Some(Tok::Word(w)) => {
            let mut chars = w.chars();
            let first_ok = chars
                .next()
                .is_some_and(|c| c.is_ascii_uppercase() || c == '/');
            if first_ok
                && chars
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "'._-/".contains(c))
            {
                Ok(w)
            } else {
                Err(format!(
                    "{:?} is not a currency: beancount currencies are capitals, digits and '._- (USD, VANGUARD-500)",
                    clip(w)
                ))
            }
        }
        Some(other) => Err(format!("expected a currency, found {}", show(other))),
        None => Err("a currency is missing".into()),
    }
}

fn number_arg(tok: Option<&Tok<'_>>) -> Result<Decimal, String> {
    let Some(Tok::Word(w)) = tok else {
        return Err(match tok {
            Some(other) => format!("expected a number, found {}", show(other)),
            None => "a number is missing".into(),
        });
    };
    if w.contains(['(', ')', '*', '/']) || w.chars().skip(1).any(|c| c == '+' || c == '-') {
        return Err(format!(
            "{:?}: arithmetic in amounts is not supported: write the result",
            clip(w)
        ));
    }
    let plain = w.replace(',', "");
    let plain = if plain.starts_with('.') || plain.starts_with("-.") {
        plain.replacen('.', "0.", 1)
    } else {
        plain
    };
    let plain = plain.strip_suffix('.').unwrap_or(&plain);
    amount::parse_plain(plain).ok_or_else(|| {
        format!(
            "{:?} is not a number (at most {} digits, {} of them decimals)",
            clip(w),
            amount::MAX_DIGITS,
            amount::MAX_SCALE
        )
    })
}

/// The type beancount gives an account: its root.
fn root_type(account: &str) -> Result<AccountType, String> {
    let root = account.split(':').next().unwrap_or_default();
    AccountType::ALL
        .into_iter()
        .find(|k| k.root() == root)
        .ok_or_else(|| {
            format!(
                "account {account} does not start with Assets, Liabilities, Equity, Income or Expenses"
            )
        })
}

/// Gives accounts and commodities their names in the books (from metadata).
fn rename(
    parsed: &mut Parsed,
    accounts: &HashMap<String, String>,
    commodities: &HashMap<String, String>,
) {
    if accounts.is_empty() && commodities.is_empty() {
        return;
    }
    let account = |name: &mut String| {
        if let Some(new) = accounts.get(name.as_str()) {
            *name = new.clone();
        }
    };
    let commodity = |symbol: &mut String| {
        if let Some(new) = commodities.get(symbol.as_str()) {
            *symbol = new.clone();
        }
    };
    for d in &mut parsed.accounts {
        account(&mut d.name);
    }
    for t in &mut parsed.txns {
        for p in &mut t.postings {
            account(&mut p.account);
            if let Some((_, c)) = &mut p.amount {
                commodity(c);
            }
            if let Some(cost) = &mut p.cost {
                commodity(&mut cost.commodity);
            }
        }
    }
    for c in &mut parsed.checks {
        account(&mut c.account);
        commodity(&mut c.commodity);
    }
    for (_, p) in &mut parsed.prices {
        commodity(&mut p.commodity);
        commodity(&mut p.quote);
    }
}

/// Names the books' accounts and commodities the way beancount requires.
#[derive(Debug, Default)]
struct Names {
    accounts: BTreeMap<String, String>,
    commodities: BTreeMap<String, String>,
}

impl Names {
    fn of(journal: &Journal) -> Self {
        let accounts = assign(
            journal
                .accounts
                .values()
                .map(|a| (a.name.clone(), bean_account(&a.name, a.kind)))
                .collect(),
        );
        let mut symbols = BTreeSet::new();
        for t in &journal.txns {
            for p in &t.postings {
                if !(p.commodity.is_empty() && p.amount.is_zero()) {
                    symbols.insert(p.commodity.clone());
                }
                if let Some(c) = &p.cost {
                    symbols.insert(c.commodity.clone());
                }
                if let Some(a) = &p.assertion {
                    symbols.insert(a.commodity.clone());
                }
            }
        }
        for c in &journal.checks {
            symbols.insert(c.commodity.clone());
        }
        for p in &journal.prices {
            symbols.insert(p.commodity.clone());
            symbols.insert(p.quote.clone());
        }
        let commodities = assign(
            symbols
                .into_iter()
                .map(|s| {
                    let bean = bean_currency(&s);
                    (s, bean)
                })
                .collect(),
        );
        Names {
            accounts,
            commodities,
        }
    }

    fn account<'a>(&'a self, name: &'a str) -> &'a str {
        self.accounts.get(name).map_or(name, String::as_str)
    }

    fn commodity<'a>(&'a self, symbol: &'a str) -> &'a str {
        self.commodities.get(symbol).map_or(symbol, String::as_str)
    }
}

/// Gives each name the beancount name it wants: those that already fit keep theirs, the
/// others get the wanted one or, when it is taken, a numbered one.
fn assign(wanted: Vec<(String, String)>) -> BTreeMap<String, String> {
    let mut used: BTreeSet<String> = wanted
        .iter()
        .filter(|(name, bean)| name == bean)
        .map(|(_, bean)| bean.clone())
        .collect();
    let mut out = BTreeMap::new();
    for (name, bean) in wanted {
        let bean = if name == bean {
            bean
        } else {
            let free = unique(&bean, &used, "-");
            used.insert(free.clone());
            free
        };
        out.insert(name, bean);
    }
    out
}

/// `base`, or `base-2`, `base-3`… whichever is not taken.
fn unique(base: &str, used: &BTreeSet<String>, sep: &str) -> String {
    if !used.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{sep}{n}"))
        .find(|name| !used.contains(name))
        .expect("some number is free")
}

/// An account name beancount accepts: its type's root, then components that start with
/// a capital or digit and hold letters, digits and `-`.
fn bean_account(name: &str, kind: AccountType) -> String {
    let mut parts: Vec<&str> = name.split(':').collect();
    if AccountType::of_name(name) == Some(kind) {
        parts.remove(0);
    }
    let mut out = String::from(kind.root());
    if parts.is_empty() {
        out.push_str(":Other");
        return out;
    }
    for part in parts {
        out.push(':');
        let mut chars = part.chars();
        match chars.next() {
            Some(c) if c.is_uppercase() || c.is_ascii_digit() => out.push(c),
            Some(c) if c.is_lowercase() => out.extend(c.to_uppercase()),
            // Letters without case (CJK) and anything else need a capital before them.
            Some(c) if c.is_alphanumeric() => {
                out.push('X');
                out.push(c);
            }
            _ => out.push_str("X-"),
        }
        out.extend(chars.map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        }));
    }
    out
}

/// A currency name beancount accepts: capitals, digits and `'._-`, 2 to 24 characters,
/// starting with a capital and ending with a capital or digit.
fn bean_currency(symbol: &str) -> String {
    let sign = match symbol {
        "$" => Some("USD"),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        "¥" => Some("JPY"),
        "₹" => Some("INR"),
        "₽" => Some("RUB"),
        "₩" => Some("KRW"),
        "₪" => Some("ILS"),
        "฿" => Some("THB"),
        "" => Some("NOCOMMODITY"),
        _ => None,
    };
    if let Some(code) = sign {
        return code.to_owned();
    }
    let mut out: String = symbol
        .chars()
        .map(|c| {
            let c = c.to_ascii_uppercase();
            if c.is_ascii_uppercase() || c.is_ascii_digit() || "'._-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.insert(0, 'C');
    }
    while out.len() > 1 && !out.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        out.pop();
    }
    if out.len() < 2 {
        out.push('X');
    }
    // Room for a `-NN` to tell collisions apart.
    out.truncate(20);
    while !out.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        out.pop();
    }
    if out.len() < 2 {
        out.push('X');
    }
    out
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes the books as a beancount file.
///
/// A balance assertion on a posting (after it, excluding subaccounts: hledger's) becomes a
/// `balance` the next morning (before anything, including subaccounts: beancount's) of
/// what the books hold then, which is what the assertion checked when nothing else moved
/// that day.
pub fn write(journal: &Journal) -> String {
    let names = Names::of(journal);
    let mut out = String::from(";; Personal books, written by Supernet in beancount's format.\n");
    let first_day = journal
        .txns
        .first()
        .map(|t| t.date)
        .into_iter()
        .chain(journal.checks.first().map(|c| c.date))
        .chain(journal.prices.iter().map(|p| p.date))
        .chain(journal.accounts.values().filter_map(|a| a.opened))
        .min()
        .unwrap_or_else(|| Date::from_ymd(1970, 1, 1).expect("valid"));
    // Dated lines, written in date order (stable: a day's own order stays).
    let mut dated: Vec<(Date, u8, String)> = Vec::new();
    for (symbol, bean) in &names.commodities {
        if symbol != bean {
            dated.push((
                first_day,
                0,
                format!(
                    "{first_day} commodity {bean}\n  {COMMODITY_KEY}: {}\n",
                    quote(symbol)
                ),
            ));
        }
    }
    let mut first_use: BTreeMap<&str, Date> = BTreeMap::new();
    for t in &journal.txns {
        for p in &t.postings {
            first_use.entry(&p.account).or_insert(t.date);
        }
    }
    for c in &journal.checks {
        let e = first_use.entry(&c.account).or_insert(c.date);
        *e = (*e).min(c.date);
    }
    for a in journal.accounts.values() {
        let used = first_use.get(a.name.as_str()).copied();
        let opened = match (a.opened, used) {
            (Some(o), Some(u)) => o.min(u),
            (Some(o), None) => o,
            (None, Some(u)) => u,
            (None, None) => first_day,
        };
        let bean = names.account(&a.name);
        let mut text = format!("{opened} open {bean}\n");
        if bean != a.name {
            let _ = writeln!(text, "  {ACCOUNT_KEY}: {}", quote(&a.name));
        }
        dated.push((opened, 1, text));
    }
    for p in &journal.prices {
        dated.push((
            p.date,
            2,
            format!(
                "{} price {} {} {}\n",
                p.date,
                names.commodity(&p.commodity),
                p.price,
                names.commodity(&p.quote)
            ),
        ));
    }
    for c in &journal.checks {
        dated.push((
            c.date,
            3,
            format!(
                "{} balance {} {} {}\n",
                c.date,
                names.account(&c.account),
                amount::tidy(c.amount),
                names.commodity(&c.commodity)
            ),
        ));
    }
    let mut balances: BTreeMap<&str, Amounts> = BTreeMap::new();
    let mut asserted: BTreeSet<(Date, &str, &str)> = BTreeSet::new();
    let mut day_end: Vec<(&str, &str)> = Vec::new();
    let mut txns = journal.txns.iter().peekable();
    while let Some(t) = txns.next() {
        let mut text = format!(
            "{} {}",
            t.date,
            match t.status {
                Status::Cleared => "*",
                Status::Pending => "!",
                Status::Unmarked => "txn",
            }
        );
        let description = one_line(&t.description);
        match description.split_once(" | ") {
            Some((payee, narration)) => {
                let _ = write!(text, " {} {}", quote(payee), quote(narration));
            }
            None => {
                let _ = write!(text, " {}", quote(&description));
            }
        }
        text.push('\n');
        if let Some(id) = &t.external {
            let _ = writeln!(text, "  {EXTERNAL_KEY}: {}", quote(id));
        }
        for p in &t.postings {
            // Overflow cannot happen here: the same sums were checked when the books were.
            let _ = balances
                .entry(&p.account)
                .or_default()
                .add(&p.commodity, p.amount);
            if p.commodity.is_empty() && p.amount.is_zero() {
                continue;
            }
            let _ = write!(
                text,
                "  {}  {} {}",
                names.account(&p.account),
                amount::tidy(p.amount),
                names.commodity(&p.commodity)
            );
            if let Some(cost) = &p.cost {
                let _ = write!(
                    text,
                    " {} {} {}",
                    if cost.total { "@@" } else { "@" },
                    cost.amount,
                    names.commodity(&cost.commodity)
                );
            }
            text.push('\n');
            if let Some(a) = &p.assertion {
                day_end.push((&p.account, &a.commodity));
            }
        }
        dated.push((t.date, 4, text));
        if txns.peek().is_none_or(|next| next.date != t.date) {
            let next_day = t.date.add_days(1);
            for (account, commodity) in day_end.drain(..) {
                if !asserted.insert((next_day, account, commodity)) {
                    continue;
                }
                let mut held = Decimal::ZERO;
                for (name, amounts) in balances.range(account..) {
                    if !name.starts_with(account) {
                        break;
                    }
                    if super::journal::is_within(name, account) {
                        held += amounts.get(commodity);
                    }
                }
                dated.push((
                    next_day,
                    3,
                    format!(
                        "{next_day} balance {} {} {}\n",
                        names.account(account),
                        amount::tidy(held),
                        names.commodity(commodity)
                    ),
                ));
            }
        }
    }
    dated.sort_by_key(|(date, order, _)| (*date, *order));
    for (_, _, text) in dated {
        out.push('\n');
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        amount::parse_plain(s).unwrap()
    }

    #[test]
    fn a_file_reads_with_its_lines() {
        let text = r#"option "title" "Books"
2024-01-01 open Assets:Bank:Checking  USD,EUR
  hledger-account: "assets:checking"
2024-01-01 commodity USD
  hledger-commodity: "$"
  name: "US Dollar"

2024-01-02 * "Shop" "Groceries" #food
  memo: "weekly"
  Expenses:Food        25.50 USD
  Assets:Bank:Checking
2024-01-03 ! "Stock"
  Assets:Broker   10 AAPL {150.00 USD, 2024-01-03}
  Assets:Bank:Checking  -1,500.00 USD
2024-01-04 txn "Sell"
  Assets:Broker   -5 AAPL {150.00 USD} @ 170 USD
  Assets:Bank:Checking  850.00 USD
  Income:Gains
2024-01-05 balance Assets:Bank:Checking  -675.50 USD
2024-01-05 price AAPL  170.00 USD
"#;
        let p = read(text).unwrap();
        assert_eq!(p.accounts[0].name, "assets:checking");
        assert_eq!(p.accounts[0].kind, Some(AccountType::Asset));
        let t = &p.txns[0];
        assert_eq!(
            (t.line, t.description.as_str()),
            (Some(8), "Shop | Groceries")
        );
        assert_eq!(t.postings[0].amount, Some((d("25.50"), "$".to_owned())));
        assert_eq!(t.postings[1].account, "assets:checking");
        let buy = &p.txns[1].postings[0];
        assert_eq!(
            buy.cost,
            Some(Cost {
                total: false,
                amount: d("150.00"),
                commodity: "$".into()
            })
        );
        let sell = &p.txns[2].postings[0];
        assert_eq!(
            sell.cost.as_ref().unwrap().amount,
            d("150.00"),
            "the cost weighs, not the price"
        );
        assert_eq!(p.checks[0].line, Some(19));
        assert_eq!(p.checks[0].account, "assets:checking");
        assert_eq!(p.prices[0].1.quote, "$");
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        let err = |text: &str| read(text).unwrap_err().to_string();
        assert_eq!(
            err("2024-01-01 open Assets:A\n2024-01-02 *\n  Assets:A  10 usd\n"),
            "line 3: \"usd\" is not a currency: beancount currencies are capitals, digits and '._- (USD, VANGUARD-500)"
        );
        assert!(
            err("2024-01-01 pad Assets:A Equity:B\n").starts_with("line 1: pad is not supported")
        );
        assert!(err("2024-01-01 *\n  Assets:A  (1+2) USD\n").contains("arithmetic"));
        assert!(err("2024-01-01 *\n  Assets:A  1 X {}\n").contains("lot booking"));
        assert!(
            err("2024-01-01 *\n  Cash:A  1 USD\n")
                .starts_with("line 2: account Cash:A does not start")
        );
        assert!(err("include \"x.bean\"\n").starts_with("line 1: include"));
        assert!(err("2024-01-01 * \"open\n").contains("not closed"));
    }

    #[test]
    fn names_beancount_refuses_are_mapped() {
        assert_eq!(
            bean_account("assets:bank account", AccountType::Asset),
            "Assets:Bank-account"
        );
        assert_eq!(
            bean_account("checking", AccountType::Asset),
            "Assets:Checking"
        );
        assert_eq!(
            bean_account("Expenses", AccountType::Expense),
            "Expenses:Other"
        );
        assert_eq!(
            bean_account("Expenses:_x", AccountType::Expense),
            "Expenses:X-x"
        );
        assert_eq!(
            bean_account("ausgaben:bäckerei", AccountType::Expense),
            "Expenses:Ausgaben:Bäckerei"
        );
        assert_eq!(
            bean_account("expenses:日本", AccountType::Expense),
            "Expenses:X日本"
        );
        assert_eq!(bean_currency("$"), "USD");
        assert_eq!(bean_currency("AAPL 2"), "AAPL-2");
        assert_eq!(bean_currency("x"), "XX");
        assert_eq!(bean_currency("1INCH"), "C1INCH");
        assert_eq!(bean_currency("btc"), "BTC");
    }
}
