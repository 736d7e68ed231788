//! The books against the tools people keep their books in: every sample journal in
//! `fixtures/` gives the same balances, account by account and commodity by commodity, as
//! hledger (and the beancount sample as beancount) at several dates; the balance sheet's
//! sections hold exactly the accounts hledger types as assets, liabilities and equity;
//! what the books export, hledger and `bean-check` read back with the same balances; and
//! round trips through both formats keep every balance.
//!
//! hledger and beancount come from Debian (`scripts/setup` installs them). A missing tool
//! fails these tests rather than skipping them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal::Decimal;
use supernet_apps::ledger::date::Date;
use supernet_apps::ledger::journal::{AccountType, Journal};
use supernet_apps::ledger::{self, Format, beancount, hledger, report};

/// Balances by (account, commodity).
type Balances = BTreeMap<(String, String), Decimal>;

fn fixtures(extension: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ledger/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no .{extension} samples in {}",
        dir.display()
    );
    files
}

/// Runs a tool; a missing tool is a failure that says how to install it.
fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {tool} ({e}): install it with scripts/setup (Debian's hledger and beancount packages)")
    });
    assert!(
        out.status.success(),
        "{tool} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The fields of one CSV line (quoted or bare, trimmed).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field).trim().to_owned()),
            c => field.push(c),
        }
    }
    fields.push(field.trim().to_owned());
    fields
}

fn number(text: &str, decimal_comma: bool) -> Decimal {
    let text = if decimal_comma {
        text.replace('.', "").replace(',', ".")
    } else {
        text.replace(',', "")
    };
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not a number: {e}"))
}

/// hledger's flat balances of `file` (postings before `end`, when given) matching `query`.
fn hledger_balances(file: &Path, end: Option<Date>, query: Option<&str>) -> Balances {
    let comma = std::fs::read_to_string(file)
        .unwrap()
        .contains("decimal-mark ,");
    let file = file.to_str().unwrap();
    let end = end.map(|d| d.to_string());
    let mut args = vec![
        "-f",
        file,
        "bal",
        "-N",
        "--flat",
        "-O",
        "csv",
        "--layout=bare",
    ];
    if let Some(end) = &end {
        args.extend(["-e", end.as_str()]);
    }
    args.extend(query);
    let out = run("hledger", &args);
    let mut balances = Balances::new();
    for line in out.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f = csv_fields(line);
        balances.insert((f[0].clone(), f[1].clone()), number(&f[2], comma));
    }
    balances
}

/// Our own balances at the end of `date` (all of them when `None`).
fn our_balances(journal: &Journal, date: Option<Date>) -> Balances {
    let date = date.unwrap_or(Date::from_ymd(9999, 12, 31).unwrap());
    let mut out = Balances::new();
    for (account, amounts) in report::balances(journal, None, date).unwrap() {
        for (commodity, value) in amounts.iter() {
            out.insert((account.clone(), commodity.to_owned()), value);
        }
    }
    out
}

/// Checks ours against theirs, where theirs may be rounded to the decimals it shows.
fn assert_same(ours: &Balances, theirs: &Balances, what: &str) {
    let keys = |b: &Balances| b.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(ours),
        keys(theirs),
        "{what}: different accounts or commodities"
    );
    for (key, theirs) in theirs {
        let ours = ours[key];
        let shown = ours.round_dp(theirs.scale());
        let away = ours.round_dp_with_strategy(
            theirs.scale(),
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        );
        assert!(
            shown == *theirs || away == *theirs,
            "{what}: {key:?} is {ours} here and {theirs} there"
        );
    }
}

fn read(text: &str, format: Format) -> Journal {
    let parsed = match format {
        Format::Hledger => hledger::read(text),
        Format::Beancount => beancount::read(text),
    }
    .unwrap_or_else(|e| panic!("{format:?} did not read:\n{e}\n---\n{text}"));
    let mut journal = Journal::default();
    journal
        .merge(parsed)
        .unwrap_or_else(|e| panic!("{format:?} did not merge:\n{e}\n---\n{text}"));
    journal
}

fn import(file: &Path) -> Journal {
    let format = if file.extension().is_some_and(|x| x == "beancount") {
        Format::Beancount
    } else {
        Format::Hledger
    };
    read(&std::fs::read_to_string(file).unwrap(), format)
}

/// The first day, a day in the middle, and the end of the books.
fn dates(journal: &Journal) -> Vec<Option<Date>> {
    let days: Vec<Date> = journal.txns.iter().map(|t| t.date).collect();
    vec![
        days.first().copied(),
        days.get(days.len() / 2).copied(),
        None,
    ]
}

fn scratch(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn every_sample_journal_balances_as_hledger_does() {
    for file in fixtures("journal") {
        let journal = import(&file);
        for date in dates(&journal) {
            let theirs = hledger_balances(&file, date.map(|d| d.add_days(1)), None);
            let what = format!("{} at {date:?}", file.display());
            assert_same(&our_balances(&journal, date), &theirs, &what);
        }
    }
}

#[test]
fn the_balance_sheet_holds_what_hledger_calls_assets_liabilities_and_equity() {
    for file in fixtures("journal") {
        let journal = import(&file);
        for date in dates(&journal) {
            let day = date.unwrap_or(Date::from_ymd(9999, 12, 31).unwrap());
            let sheet = ledger::balance_sheet(&journal, day, None).unwrap();
            let end = date.map(|d| d.add_days(1));
            let mut net_worth = Balances::new();
            for (section, code, flip) in [
                (&sheet.assets, "type:A", false),
                (&sheet.liabilities, "type:L", true),
                (&sheet.equity, "type:E", true),
            ] {
                let mut ours = Balances::new();
                for row in &section.accounts {
                    for a in &row.own {
                        let value: Decimal = a.amount.parse().unwrap();
                        let value = if flip { -value } else { value };
                        ours.insert((row.account.clone(), a.commodity.clone()), value);
                        if code != "type:E" {
                            *net_worth
                                .entry(("".into(), a.commodity.clone()))
                                .or_default() += value;
                        }
                    }
                }
                let theirs = hledger_balances(&file, end, Some(code));
                assert_same(
                    &ours,
                    &theirs,
                    &format!("{} {code} at {date:?}", file.display()),
                );
            }
            net_worth.retain(|_, v| !v.is_zero());
            let ours: Balances = sheet
                .net_worth
                .iter()
                .map(|a| (("".into(), a.commodity.clone()), a.amount.parse().unwrap()))
                .collect();
            assert_eq!(
                ours,
                net_worth,
                "{}: net worth is assets less liabilities",
                file.display()
            );
        }
    }
}

#[test]
fn hledger_reads_the_exported_books_with_the_same_balances() {
    for file in fixtures("journal").into_iter().chain(fixtures("beancount")) {
        let journal = import(&file);
        let text = ledger::export(&journal, Format::Hledger);
        let (_dir, exported) = scratch("exported.journal", &text);
        let theirs = hledger_balances(&exported, None, None);
        let what = format!("{} exported to hledger", file.display());
        assert_same(&our_balances(&journal, None), &theirs, &what);
        // hledger checks every balance assertion the export carries when it reads it.
        run("hledger", &["-f", exported.to_str().unwrap(), "check"]);
    }
}

#[test]
fn round_trips_through_hledger_keep_every_balance_and_reach_a_fixed_point() {
    for file in fixtures("journal").into_iter().chain(fixtures("beancount")) {
        let journal = import(&file);
        let once = ledger::export(&journal, Format::Hledger);
        let again = read(&once, Format::Hledger);
        for date in dates(&journal) {
            assert_eq!(
                our_balances(&again, date),
                our_balances(&journal, date),
                "{} through hledger at {date:?}",
                file.display()
            );
        }
        assert_eq!(again.failures().unwrap(), [], "{}", file.display());
        let twice = ledger::export(&again, Format::Hledger);
        assert_eq!(
            once,
            twice,
            "{}: a second export changes nothing",
            file.display()
        );
    }
}

#[test]
fn round_trips_through_beancount_keep_every_balance_and_pass_bean_check() {
    for file in fixtures("journal").into_iter().chain(fixtures("beancount")) {
        let journal = import(&file);
        let text = ledger::export(&journal, Format::Beancount);
        let (_dir, exported) = scratch("exported.beancount", &text);
        run("bean-check", &[exported.to_str().unwrap()]);
        let again = read(&text, Format::Beancount);
        for date in dates(&journal) {
            assert_eq!(
                our_balances(&again, date),
                our_balances(&journal, date),
                "{} through beancount at {date:?}",
                file.display()
            );
        }
        let kinds = |j: &Journal| -> Vec<(String, AccountType)> {
            j.accounts
                .values()
                .map(|a| (a.name.clone(), a.kind))
                .collect()
        };
        assert_eq!(
            kinds(&again),
            kinds(&journal),
            "{}: names and types come back",
            file.display()
        );
        assert_eq!(again.failures().unwrap(), [], "{}", file.display());
        // And once more: the second export is the first.
        assert_eq!(
            ledger::export(&again, Format::Beancount),
            text,
            "{}: a second export changes nothing",
            file.display()
        );
    }
}

#[test]
fn the_beancount_sample_balances_as_beancount_does() {
    for file in fixtures("beancount") {
        let journal = import(&file);
        let out = run(
            "bean-query",
            &[
                "-f",
                "csv",
                file.to_str().unwrap(),
                "SELECT account, currency, sum(number) GROUP BY account, currency",
            ],
        );
        let mut theirs = Balances::new();
        for line in out.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f = csv_fields(line);
            let value = number(&f[2], false);
            if !value.is_zero() {
                theirs.insert((f[0].clone(), f[1].clone()), value);
            }
        }
        assert_same(
            &our_balances(&journal, None),
            &theirs,
            &file.display().to_string(),
        );
    }
}
