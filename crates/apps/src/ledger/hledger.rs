//! hledger journals: reading the subset personal books use, and writing books back out so
//! that hledger (1.25 and later) reads them with the same balances.
//!
//! Read: transactions (`DATE[=DATE2] [*|!] [(CODE)] DESCRIPTION`), postings with amounts in
//! any commodity (symbol before or after the number, quoted symbols, one amount left out),
//! costs (`@` per unit, `@@` in total; lot prices `{…}` are read and ignored, as hledger
//! does), balance assertions (`=`, `==`, `=*`, `==*`), `P` prices, `account` directives
//! (with a `type:` tag), `commodity`/`payee`/`tag` directives (ignored), `decimal-mark`,
//! `D` (default commodity), `Y` (default year), and comments (`;`, `#`, `*` lines,
//! `comment … end comment` blocks). Anything else — `include`, virtual postings, balance
//! assignments, periodic and automated transactions, aliases — is refused by line, never
//! silently misread.
//!
//! Numbers: the decimal mark is `.` (or `,` after `decimal-mark ,`), the other of the two
//! separates digit groups. hledger guesses when a number such as `1,000` has one
//! separator and no declaration (1.25 reads it as a decimal comma); this reader refuses
//! such a number instead of guessing, so it never reads a different amount than hledger.
//!
//! Why not a crate: `hledger-parser` (a 1.0 beta on an alpha of chumsky) and
//! `ledger-parser` (ledger-cli's dialect) keep no source positions on what they read, so a
//! transaction that does not balance or an assertion that fails could not be named by
//! line, and `ledger-parser`'s syntax errors carry no line at all. The subset above is
//! small enough to read clearly here, with a message for every refusal.

use std::fmt::Write as _;

use super::amount::{self, Decimal};
use super::date::Date;
use super::journal::{
    AccountType, Assertion, Check, Cost, Declaration, Draft, DraftPosting, EXTERNAL_KEY, Journal,
    Parsed, Price, Problems, Status,
};

/// Characters that cannot appear in an unquoted commodity symbol (hledger's rule, plus
/// digits and white space).
const NOT_IN_SYMBOL: &str = "-+.@*;\"{}=";

/// Reads an hledger journal.
pub fn read(text: &str) -> Result<Parsed, Problems> {
    let mut r = Reader::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.split('\n').enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        r.line(line, content);
        if r.problems.full() {
            break;
        }
    }
    // An unterminated block comment runs to the end of the file, as in hledger.
    r.close();
    r.problems.into_result().map(|()| r.parsed)
}

#[derive(Debug, Default)]
struct Reader {
    parsed: Parsed,
    problems: Problems,
    /// The transaction being read, and whether one of its lines was refused.
    current: Option<(Draft, bool)>,
    /// Indented lines belong to the directive above (account, commodity…): ignored.
    in_directive: bool,
    /// Inside `comment … end comment`, since this line.
    in_comment: Option<u32>,
    /// `decimal-mark`, once declared.
    decimal_mark: Option<char>,
    /// `D`: the commodity of amounts written without one.
    default_commodity: Option<String>,
    /// `Y`: the year of dates written without one.
    default_year: Option<i32>,
}

impl Reader {
    fn line(&mut self, line: u32, content: &str) {
        if self.in_comment.is_some() {
            if content.trim_end() == "end comment" {
                self.in_comment = None;
            }
            return;
        }
        if content.trim().is_empty() {
            self.close();
            self.in_directive = false;
            return;
        }
        if content.starts_with([' ', '\t']) {
            let trimmed = content.trim_start();
            if trimmed.starts_with([';', '#']) {
                return;
            }
            if let Some((draft, broken)) = &mut self.current {
                match posting(trimmed, line, self.decimal_mark, &self.default_commodity) {
                    Ok(p) => draft.postings.push(p),
                    Err(e) => {
                        *broken = true;
                        self.problems.push(Some(line), e);
                    }
                }
            } else if !self.in_directive {
                self.problems.push(
                    Some(line),
                    "an indented line outside a transaction: a posting needs its transaction's \
                     date line above it, with no blank line between",
                );
            }
            return;
        }
        self.close();
        self.in_directive = false;
        if content.starts_with([';', '#', '*', '%', '|']) {
            return;
        }
        if content.trim_end() == "comment" {
            self.in_comment = Some(line);
            return;
        }
        if content.starts_with(|c: char| c.is_ascii_digit()) {
            match self.header(content, line) {
                Ok(draft) => self.current = Some((draft, false)),
                Err(e) => {
                    self.problems.push(Some(line), e);
                    // Its postings are skipped with it.
                    self.current = Some((empty_draft(), true));
                }
            }
            return;
        }
        let (word, rest) = split_word(content);
        let result = match word {
            "P" => self.price(rest, line),
            "account" => {
                self.in_directive = true;
                self.account(rest, line)
            }
            "commodity" | "payee" | "tag" => {
                self.in_directive = true;
                Ok(())
            }
            "decimal-mark" => match rest.trim() {
                "." => {
                    self.decimal_mark = Some('.');
                    Ok(())
                }
                "," => {
                    self.decimal_mark = Some(',');
                    Ok(())
                }
                other => Err(format!(
                    "decimal-mark must be . or , (not {other:?})"
                )),
            },
            "D" => amount(rest, self.decimal_mark, &None).and_then(|((_, commodity), tail)| {
                if !tail.trim().is_empty() && !tail.trim_start().starts_with(';') {
                    return Err(format!("unexpected {:?} after D's amount", tail.trim()));
                }
                self.default_commodity = Some(commodity);
                Ok(())
            }),
            "Y" | "year" => match rest.trim().parse::<i32>() {
                Ok(y) if (super::date::MIN_YEAR..=super::date::MAX_YEAR).contains(&y) => {
                    self.default_year = Some(y);
                    Ok(())
                }
                _ => Err(format!("{word} needs a four-digit year, not {:?}", rest.trim())),
            },
            "include" => Err(
                "include is not supported: import each file, or paste the included file in its place"
                    .into(),
            ),
            "alias" | "apply" | "end" => Err(format!(
                "the {word} directive is not supported: write the account names out in full"
            )),
            "~" => Err("periodic transactions (~) are not supported: they are forecasts, not books".into()),
            "=" => Err("automated postings (=) are not supported: write the postings out".into()),
            _ => Err(format!(
                "cannot read this line: expected a transaction (a date first), a price (P), \
                 an account directive or a comment, not {:?}",
                clip(content)
            )),
        };
        if let Err(e) = result {
            self.problems.push(Some(line), e);
        }
    }

    /// Ends the transaction being read.
    fn close(&mut self) {
        if let Some((draft, broken)) = self.current.take()
            && !broken
        {
            self.parsed.txns.push(draft);
        }
    }

    fn header(&self, content: &str, line: u32) -> Result<Draft, String> {
        let external = content.split_once(';').and_then(|(_, comment)| {
            comment.split(',').find_map(|tag| {
                let (key, value) = tag.split_once(':')?;
                (key.trim() == EXTERNAL_KEY).then(|| value.trim().to_owned())
            })
        });
        let content = strip_comment(content);
        let end = content
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(content.len());
        let (date_text, mut rest) = content.split_at(end);
        let date = self.date(date_text)?;
        if let Some(after) = rest.strip_prefix('=') {
            // A secondary date: read, checked, and not kept (reports use the primary).
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            self.date(&after[..end])?;
            rest = &after[end..];
        }
        let mut rest = rest.trim();
        let status = match rest.chars().next() {
            Some('*') => Status::Cleared,
            Some('!') => Status::Pending,
            _ => Status::Unmarked,
        };
        if status != Status::Unmarked {
            rest = rest[1..].trim_start();
        }
        let mut code = String::new();
        if let Some(after) = rest.strip_prefix('(') {
            let close = after
                .find(')')
                .ok_or("the transaction code opened with ( is not closed with )")?;
            code = after[..close].trim().to_owned();
            rest = after[close + 1..].trim_start();
        }
        Ok(Draft {
            date,
            status,
            code,
            description: rest.trim().to_owned(),
            external,
            postings: Vec::new(),
            line: Some(line),
        })
    }

    fn date(&self, text: &str) -> Result<Date, String> {
        if let Some(date) = Date::parse(text) {
            return Ok(date);
        }
        // A date without a year takes the `Y` directive's.
        let sep = text.chars().find(|c| matches!(c, '-' | '/' | '.'));
        if let (Some(year), Some(sep)) = (self.default_year, sep)
            && text.matches(sep).count() == 1
            && let Some(date) = Date::parse(&format!("{year}{sep}{text}"))
        {
            return Ok(date);
        }
        Err(format!(
            "{:?} is not a date: write YYYY-MM-DD (or YYYY/MM/DD)",
            clip(text)
        ))
    }

    fn price(&mut self, rest: &str, line: u32) -> Result<(), String> {
        let rest = strip_comment(rest).trim();
        let (date_text, rest) = split_word(rest);
        let date = self.date(date_text)?;
        let mut rest = rest.trim_start();
        // An optional time of day (HH:MM[:SS]) is read and not kept.
        let (maybe_time, after) = split_word(rest);
        if maybe_time.contains(':') && maybe_time.chars().all(|c| c.is_ascii_digit() || c == ':') {
            rest = after.trim_start();
        }
        let (commodity, rest) = symbol(rest).ok_or("P needs a commodity after its date")?;
        let ((price, quote), tail) = amount(rest, self.decimal_mark, &self.default_commodity)?;
        if !tail.trim().is_empty() {
            return Err(format!(
                "unexpected {:?} after the price",
                clip(tail.trim())
            ));
        }
        self.parsed.prices.push((
            line,
            Price {
                date,
                commodity,
                price,
                quote,
            },
        ));
        Ok(())
    }

    fn account(&mut self, rest: &str, line: u32) -> Result<(), String> {
        let (name, comment) = match rest.find(';') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        // The name ends at two spaces or a tab, as in postings.
        let name = name.trim_start();
        let end = name
            .find("  ")
            .into_iter()
            .chain(name.find('\t'))
            .min()
            .unwrap_or(name.len());
        let name = name[..end].trim_end();
        if name.is_empty() {
            return Err("account needs a name".into());
        }
        let mut kind = None;
        for tag in comment.split(',') {
            if let Some((key, value)) = tag.split_once(':')
                && key.trim() == "type"
            {
                kind = Some(AccountType::parse(value).ok_or_else(|| {
                    format!(
                        "unknown account type {:?}: use A (asset), L (liability), E (equity), R (revenue) or X (expense)",
                        value.trim()
                    )
                })?);
            }
        }
        self.parsed.accounts.push(Declaration {
            name: name.to_owned(),
            kind,
            opened: None,
            line,
        });
        Ok(())
    }
}

fn empty_draft() -> Draft {
    Draft {
        date: Date::from_ymd(2000, 1, 1).expect("valid"),
        status: Status::Unmarked,
        code: String::new(),
        description: String::new(),
        external: None,
        postings: Vec::new(),
        line: None,
    }
}

/// The first word of `text` and the rest.
fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    text.split_at(end)
}

/// `text` without its `;` comment.
fn strip_comment(text: &str) -> &str {
    text.split_once(';').map_or(text, |(before, _)| before)
}

/// At most 40 characters of `text`, for messages.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Reads one posting (the line without its indentation).
fn posting(
    text: &str,
    line: u32,
    mark: Option<char>,
    default: &Option<String>,
) -> Result<DraftPosting, String> {
    let mut text = text;
    if let Some(rest) = text.strip_prefix(['*', '!'])
        && rest.starts_with([' ', '\t'])
    {
        text = rest.trim_start();
    }
    let text = strip_comment(text);
    let end = [text.find("  "), text.find('\t')]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(text.len());
    let account = text[..end].trim_end();
    let rest = text[end..].trim();
    if account.is_empty() {
        return Err("a posting needs an account".into());
    }
    if (account.starts_with('(') && account.ends_with(')'))
        || (account.starts_with('[') && account.ends_with(']'))
    {
        return Err(format!(
            "virtual postings ({account}) are not supported: post to a real account"
        ));
    }
    let mut posting = DraftPosting {
        account: account.to_owned(),
        amount: None,
        cost: None,
        assertion: None,
        line: Some(line),
        assigned: false,
    };
    if rest.is_empty() {
        return Ok(posting);
    }
    let mut rest = rest;
    if !rest.starts_with('=') {
        let (value, after) = amount(rest, mark, default)?;
        posting.amount = Some(value);
        rest = after.trim_start();
    }
    rest = skip_lot(rest)?;
    if let Some(after) = rest.strip_prefix('@') {
        let (total, after) = match after.strip_prefix('@') {
            Some(after) => (true, after),
            None => (false, after),
        };
        let ((price, commodity), after) = amount(after, mark, default)
            .map_err(|e| format!("after {}: {e}", if total { "@@" } else { "@" }))?;
        if price.is_sign_negative() && !price.is_zero() {
            return Err("a cost (@ or @@) cannot be negative".into());
        }
        posting.cost = Some(Cost {
            total,
            amount: price,
            commodity,
        });
        rest = skip_lot(after.trim_start())?;
    }
    if let Some(after) = rest.strip_prefix('=') {
        let (total, after) = match after.strip_prefix('=') {
            Some(after) => (true, after),
            None => (false, after),
        };
        let (inclusive, after) = match after.strip_prefix('*') {
            Some(after) => (true, after),
            None => (false, after),
        };
        let ((value, commodity), after) =
            amount(after, mark, default).map_err(|e| format!("in the balance assertion: {e}"))?;
        posting.assertion = Some(Assertion {
            amount: value,
            commodity,
            total,
            inclusive,
        });
        rest = after.trim_start();
    }
    if !rest.is_empty() {
        return Err(format!(
            "unexpected {:?} after the posting's amount",
            clip(rest)
        ));
    }
    Ok(posting)
}

/// Skips a lot price or date (`{…}`, `{{…}}`, `[…]`): hledger reads and ignores them.
fn skip_lot(text: &str) -> Result<&str, String> {
    let mut text = text;
    while let Some(open) = text.chars().next().filter(|c| matches!(c, '{' | '[')) {
        let close = if open == '{' { '}' } else { ']' };
        let end = text
            .find(close)
            .ok_or_else(|| format!("{open} is not closed with {close}"))?;
        text = text[end..].trim_start_matches(close).trim_start();
    }
    Ok(text)
}

/// Reads a commodity symbol at the start of `text`: quoted (`"AAPL 2"`) or simple.
fn symbol(text: &str) -> Option<(String, &str)> {
    if let Some(rest) = text.strip_prefix('"') {
        let end = rest.find('"')?;
        return Some((rest[..end].to_owned(), &rest[end + 1..]));
    }
    let end = text
        .find(|c: char| c.is_ascii_digit() || c.is_whitespace() || NOT_IN_SYMBOL.contains(c))
        .unwrap_or(text.len());
    (end > 0).then(|| (text[..end].to_owned(), &text[end..]))
}

/// Reads an amount at the start of `text` (after white space): a number with a commodity
/// symbol before or after it and a sign before either; returns it and the rest.
fn amount<'a>(
    text: &'a str,
    mark: Option<char>,
    default: &Option<String>,
) -> Result<((Decimal, String), &'a str), String> {
    let mut rest = text.trim_start();
    let mut negative = false;
    let mut signed = false;
    let mut sign = |rest: &mut &str| -> Result<(), String> {
        if let Some(c) = rest.chars().next().filter(|c| matches!(c, '-' | '+')) {
            if signed {
                return Err("an amount has two signs".into());
            }
            signed = true;
            negative = c == '-';
            *rest = rest[1..].trim_start();
        }
        Ok(())
    };
    sign(&mut rest)?;
    let mut commodity = None;
    if !rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
        && let Some((s, after)) = symbol(rest)
    {
        commodity = Some(s);
        rest = after.trim_start();
        sign(&mut rest)?;
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let digits = &rest[..end];
    if !digits.bytes().any(|b| b.is_ascii_digit()) {
        return Err(if text.trim().is_empty() {
            "an amount is missing".into()
        } else {
            format!("{:?} is not an amount", clip(text.trim()))
        });
    }
    let mut value = number(digits, mark)?;
    rest = &rest[end..];
    if commodity.is_none() {
        let after = rest.trim_start();
        if let Some((s, after)) = symbol(after) {
            commodity = Some(s);
            rest = after;
        }
    }
    if negative {
        value = -value;
    }
    let commodity = commodity.or_else(|| default.clone()).unwrap_or_default();
    check_commodity(&commodity)?;
    Ok(((amount::tidy(value), commodity), rest))
}

/// Reads the digits of a number with `mark` as its decimal mark (`.` unless declared).
fn number(text: &str, declared: Option<char>) -> Result<Decimal, String> {
    let mark = declared.unwrap_or('.');
    let group = if mark == '.' { ',' } else { '.' };
    if declared.is_none() && text.matches(',').count() == 1 && !text.contains('.') {
        return Err(format!(
            "{text:?} is ambiguous (a decimal comma, or a thousands separator?): write it with \
             a decimal point ({}), or declare `decimal-mark ,` at the top of the journal",
            text.replace(',', ".")
        ));
    }
    let (int, frac) = match text.split_once(mark) {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    if frac.contains([mark, group]) {
        return Err(format!(
            "{text:?} is not a number: the decimal mark {mark:?} comes once, after any digit groups"
        ));
    }
    let int = if int.contains(group) {
        let groups: Vec<&str> = int.split(group).collect();
        let ok = (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err(format!(
                "{text:?} is not a number: digit groups after {group:?} have three digits"
            ));
        }
        groups.concat()
    } else {
        int.to_owned()
    };
    let int = if int.is_empty() { "0".to_owned() } else { int };
    let plain = if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    };
    amount::parse_plain(&plain).ok_or_else(|| {
        format!(
            "{text:?} has more than {} digits or {} decimals",
            amount::MAX_DIGITS,
            amount::MAX_SCALE
        )
    })
}

/// Checks a commodity symbol the books can write back in both formats' files.
pub fn check_commodity(symbol: &str) -> Result<(), String> {
    if symbol.contains(['"', '\n', '\r', '\t', ';']) || symbol.trim() != symbol {
        return Err(format!(
            "commodity {symbol:?} contains a quote, a ';', a line break, a tab or outer spaces"
        ));
    }
    if symbol.chars().count() > MAX_COMMODITY_CHARS {
        return Err(format!(
            "commodity {symbol:?} is longer than {MAX_COMMODITY_CHARS} characters"
        ));
    }
    Ok(())
}

/// Longest commodity symbol, in characters (beancount allows 24; names of funds run
/// longer in hledger).
pub const MAX_COMMODITY_CHARS: usize = 64;

/// Writes the books as an hledger journal.
pub fn write(journal: &Journal) -> String {
    let mut out =
        String::from("; Personal books, written by Supernet in hledger's journal format.\n");
    if !journal.accounts.is_empty() {
        out.push('\n');
    }
    for account in journal.accounts.values() {
        let _ = write!(out, "account {}", account.name);
        if AccountType::of_name(&account.name) != Some(account.kind) {
            let _ = write!(out, "  ; type: {}", account.kind.letter());
        }
        out.push('\n');
    }
    if !journal.prices.is_empty() {
        out.push('\n');
    }
    let mut prices: Vec<_> = journal.prices.iter().collect();
    prices.sort_by(|a, b| (a.date, &a.commodity, &a.quote).cmp(&(b.date, &b.commodity, &b.quote)));
    for p in prices {
        let _ = writeln!(
            out,
            "P {} {} {}",
            p.date,
            write_symbol(&p.commodity),
            write_amount(p.price, &p.quote)
        );
    }
    // A day's standalone checks come before its transactions: they hold at its start.
    let mut checks = journal.checks.iter().peekable();
    for t in &journal.txns {
        while let Some(c) = checks.next_if(|c| c.date <= t.date) {
            write_check(&mut out, c);
        }
        out.push('\n');
        let _ = write!(out, "{}", t.date);
        match t.status {
            Status::Cleared => out.push_str(" *"),
            Status::Pending => out.push_str(" !"),
            Status::Unmarked => {}
        }
        if !t.code.is_empty() {
            let _ = write!(out, " ({})", t.code.replace(')', "]"));
        }
        let description = one_line(&t.description).replace(';', ",");
        if !description.is_empty() {
            let _ = write!(out, " {description}");
        }
        if let Some(id) = &t.external {
            let _ = write!(out, "  ; {EXTERNAL_KEY}: {id}");
        }
        out.push('\n');
        // An amount that was left out is left out again (hledger infers the same), so
        // that its digits do not change the precision hledger balances with; one left out
        // across several commodities is one posting again.
        let elided: Vec<&super::journal::Posting> = t
            .postings
            .iter()
            .filter(|p| p.inferred && p.assertion.is_none())
            .collect();
        let one_account = elided.windows(2).all(|w| w[0].account == w[1].account);
        let mut elided_written = false;
        for p in &t.postings {
            if one_account && p.inferred && p.assertion.is_none() {
                if !elided_written {
                    let _ = writeln!(out, "    {}", p.account);
                    elided_written = true;
                }
                continue;
            }
            let _ = write!(
                out,
                "    {}  {}",
                p.account,
                write_amount(p.amount, &p.commodity)
            );
            if let Some(cost) = &p.cost {
                let at = if cost.total { "@@" } else { "@" };
                let _ = write!(out, " {at} {}", write_amount(cost.amount, &cost.commodity));
            }
            if let Some(a) = &p.assertion {
                let op = match (a.total, a.inclusive) {
                    (false, false) => "=",
                    (true, false) => "==",
                    (false, true) => "=*",
                    (true, true) => "==*",
                };
                let _ = write!(out, " {op} {}", write_amount(a.amount, &a.commodity));
            }
            out.push('\n');
        }
    }
    for c in checks {
        write_check(&mut out, c);
    }
    out
}

/// A standalone check, as hledger can say it: a posting of nothing with an inclusive
/// assertion, first on its date.
fn write_check(out: &mut String, c: &Check) {
    let _ = write!(
        out,
        "\n{} balance check\n    {}  {} =* {}\n",
        c.date,
        c.account,
        write_amount(Decimal::ZERO, &c.commodity),
        write_amount(c.amount, &c.commodity)
    );
}

/// Text on one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A symbol as written: bare when hledger reads it bare, else quoted.
fn write_symbol(symbol: &str) -> String {
    let bare = !symbol.is_empty()
        && symbol
            .chars()
            .all(|c| c.is_alphabetic() || is_currency_sign(c));
    if bare {
        symbol.to_owned()
    } else {
        format!("\"{symbol}\"")
    }
}

fn is_currency_sign(c: char) -> bool {
    "$€£¥₹₽¢₩₪฿₫₴₦₱₲₵₡₭₮₺₼₾".contains(c)
}

/// An amount as written: a currency sign before the number (`-$5.00`), any other symbol
/// after it (`5.00 EUR`), none for an amount without a commodity.
pub fn write_amount(value: Decimal, commodity: &str) -> String {
    let value = amount::tidy(value);
    if commodity.is_empty() {
        return value.to_string();
    }
    let mut chars = commodity.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && is_currency_sign(c)
    {
        return if value.is_sign_negative() {
            format!("-{c}{}", value.abs())
        } else {
            format!("{c}{value}")
        };
    }
    format!("{value} {}", write_symbol(commodity))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    fn d(s: &str) -> Decimal {
        amount::parse_plain(s).unwrap()
    }

    #[test]
    fn amounts_in_every_spelling() {
        let cases = [
            ("$10.50", "10.50", "$"),
            ("-$10.50", "-10.50", "$"),
            ("$-10.50", "-10.50", "$"),
            ("10.50 EUR", "10.50", "EUR"),
            ("-10.50EUR", "-10.50", "EUR"),
            ("EUR 1,000.00", "1000.00", "EUR"),
            ("EUR -5", "-5", "EUR"),
            ("3 \"AAPL 2\"", "3", "AAPL 2"),
            ("1,000,000 JPY", "1000000", "JPY"),
            (".5 BTC", "0.5", "BTC"),
            ("42", "42", ""),
        ];
        for (text, value, commodity) in cases {
            let ((v, c), rest) = amount(text, None, &None).unwrap();
            assert_eq!((v, c.as_str(), rest), (d(value), commodity, ""), "{text}");
        }
        let ((v, _), _) = amount("1.000,50 EUR", Some(','), &None).unwrap();
        assert_eq!(v, d("1000.50"));
        assert!(
            amount("1,5 EUR", None, &None)
                .unwrap_err()
                .contains("ambiguous")
        );
        assert!(amount("1,5 EUR", Some(','), &None).is_ok());
        assert!(amount("1,00,0 EUR", None, &None).is_err());
        assert!(amount("--5 EUR", None, &None).is_err());
        assert!(
            amount("- $-5", None, &None)
                .unwrap_err()
                .contains("two signs")
        );
    }

    #[test]
    fn a_journal_reads_with_its_lines() {
        let text = "\
; books
account checking  ; type: A
P 2024-01-01 EUR 1.10 USD

2024-01-02 * (42) Groceries ; a comment
    Expenses:Food      25.50 EUR
    * checking  -25.50 EUR = -25.50 EUR
    ; a posting comment

2024/01/03 ! Stock
    Assets:Broker   10 AAPL @ 150 USD
    Assets:Cash    -1,500.00 USD =* -1500 USD

comment
anything here
end comment
";
        let p = read(text).unwrap();
        assert_eq!(p.accounts[0].kind, Some(AccountType::Asset));
        assert_eq!(p.prices[0].0, 3);
        assert_eq!(p.prices[0].1.price, d("1.10"));
        let t = &p.txns[0];
        assert_eq!(
            (t.line, t.status, t.code.as_str()),
            (Some(5), Status::Cleared, "42")
        );
        assert_eq!(t.description, "Groceries");
        assert_eq!(t.postings[1].account, "checking");
        assert_eq!(t.postings[1].line, Some(7));
        assert_eq!(t.postings[1].amount, Some((d("-25.50"), "EUR".to_owned())));
        assert_eq!(
            t.postings[1].assertion.as_ref().unwrap().amount,
            d("-25.50")
        );
        let t = &p.txns[1];
        assert_eq!(t.status, Status::Pending);
        let cost = t.postings[0].cost.as_ref().unwrap();
        assert_eq!(
            (cost.total, cost.amount, cost.commodity.as_str()),
            (false, d("150"), "USD")
        );
        assert!(t.postings[1].assertion.as_ref().unwrap().inclusive);
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        assert_eq!(
            err("2024-01-01 x\n    a:b  1 EUR\n\n2024-13-01 y\n    a:b  1 EUR\n"),
            "line 4: \"2024-13-01\" is not a date: write YYYY-MM-DD (or YYYY/MM/DD)"
        );
        assert_eq!(
            err("2024-01-01 x\n    Assets:A  1 EUR  oops\n"),
            "line 2: unexpected \"oops\" after the posting's amount"
        );
        assert!(err("include other.journal\n").starts_with("line 1: include is not supported"));
        assert!(err("2024-01-01 x\n    (Assets:A)  1 EUR\n").contains("virtual postings"));
        assert!(err("    Assets:A  1 EUR\n").starts_with("line 1: an indented line"));
        assert!(err("hello\n").starts_with("line 1: cannot read this line"));
        // Several problems are reported at once.
        let many = err("x\n\ny\n\n2024-01-01 z\n    A:B  1,5 EUR\n");
        assert_eq!(many.lines().count(), 3, "{many}");
        assert!(
            many.lines()
                .nth(2)
                .unwrap()
                .starts_with("line 6: \"1,5\" is ambiguous")
        );
    }

    #[test]
    fn written_amounts_read_back() {
        for (value, commodity) in [("-5.00", "$"), ("10", "EUR"), ("1.5", "AAPL 2"), ("3", "")] {
            let text = write_amount(d(value), commodity);
            let ((v, c), rest) = amount(&text, None, &None).unwrap();
            assert_eq!((v, c.as_str(), rest), (d(value), commodity, ""), "{text}");
        }
        assert_eq!(write_amount(d("-5.00"), "$"), "-$5.00");
        assert_eq!(write_amount(d("1.5"), "AAPL 2"), "1.5 \"AAPL 2\"");
    }
}
