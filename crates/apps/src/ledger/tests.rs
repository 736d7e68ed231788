//! The books through the store: adding, deleting, importing all or nothing, recording
//! other modules' entries once, and keeping every balance assertion.

use supernet_core::ErrorCode;
use supernet_store::{Store, StoreConfig};

use super::*;

const NOW: Timestamp = 1_717_200_000_000;

async fn store() -> Store {
    Store::open(StoreConfig::in_memory().namespace(APP_ID, vec![]))
        .await
        .unwrap()
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn d(s: &str) -> Decimal {
    amount::parse_plain(s).unwrap()
}

fn add_input(value: serde_json::Value) -> Draft {
    serde_json::from_value::<AddInput>(value)
        .unwrap()
        .draft()
        .unwrap()
}

async fn sheet(store: &Store, date: &str) -> BalanceSheet {
    balance_sheet(&load(store).await.unwrap(), day(date), None).unwrap()
}

fn total(section: &SectionView) -> Vec<(String, String)> {
    section
        .total
        .iter()
        .map(|a| (a.amount.clone(), a.commodity.clone()))
        .collect()
}

#[tokio::test]
async fn added_transactions_balance_infer_and_report() {
    let store = store().await;
    let txn = add_draft(
        &store,
        add_input(serde_json::json!({
            "date": "2024-01-05",
            "description": "Groceries",
            "status": "cleared",
            "postings": [
                {"account": "Expenses:Food", "amount": "25.50", "commodity": "EUR"},
                {"account": "Assets:Bank"}
            ]
        })),
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(txn.postings[1].amount, d("-25.50"));
    assert!(txn.postings[1].inferred);
    let s = sheet(&store, "2024-12-31").await;
    assert_eq!(total(&s.assets), [("-25.50".into(), "EUR".into())]);
    assert_eq!(s.earnings[0].amount, "-25.50");
    let before = sheet(&store, "2024-01-04").await;
    assert!(before.assets.total.is_empty(), "nothing yet on the 4th");

    let unbalanced = add_draft(
        &store,
        add_input(serde_json::json!({
            "date": "2024-01-06",
            "description": "Typo",
            "postings": [
                {"account": "Expenses:Food", "amount": "10.00", "commodity": "EUR"},
                {"account": "Assets:Bank", "amount": "-6.50", "commodity": "EUR"}
            ]
        })),
        NOW,
    )
    .await
    .unwrap_err();
    assert_eq!(unbalanced.code, ErrorCode::InvalidInput);
    assert_eq!(
        unbalanced.message,
        "transaction does not balance: off by 3.50 EUR"
    );
    assert_eq!(load(&store).await.unwrap().txns.len(), 1, "nothing stored");
}

#[tokio::test]
async fn no_change_may_break_a_balance_assertion() {
    let store = store().await;
    add_draft(
        &store,
        add_input(serde_json::json!({
            "date": "2024-01-01",
            "description": "Opening",
            "postings": [
                {"account": "Assets:Bank", "amount": "100", "commodity": "EUR"},
                {"account": "Equity:Opening"}
            ]
        })),
        NOW,
    )
    .await
    .unwrap();
    let statement = add_draft(
        &store,
        add_input(serde_json::json!({
            "date": "2024-01-31",
            "description": "Statement",
            "postings": [
                {"account": "Assets:Bank", "amount": "0", "commodity": "EUR",
                 "balance": {"amount": "100"}}
            ]
        })),
        NOW,
    )
    .await
    .unwrap();
    // A backdated expense would make the statement's assertion fail.
    let err = add_draft(
        &store,
        add_input(serde_json::json!({
            "date": "2024-01-15",
            "description": "Forgotten",
            "postings": [
                {"account": "Expenses:Misc", "amount": "5", "commodity": "EUR"},
                {"account": "Assets:Bank"}
            ]
        })),
        NOW,
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.message,
        format!(
            "this would break the balance assertion of transaction {} (2024-01-31): balance assertion failed: after this posting, Assets:Bank holds 95 EUR, not 100 EUR (off by -5 EUR)",
            statement.seq
        )
    );
    // An assertion that fails from the start is refused too.
    let wrong = add_draft(
        &store,
        add_input(serde_json::json!({
            "date": "2024-02-01",
            "description": "Wrong statement",
            "postings": [
                {"account": "Assets:Bank", "amount": "0", "commodity": "EUR",
                 "balance": {"amount": "99"}}
            ]
        })),
        NOW,
    )
    .await
    .unwrap_err();
    assert!(
        wrong.message.contains("holds 100 EUR, not 99 EUR"),
        "{}",
        wrong.message
    );
    assert_eq!(load(&store).await.unwrap().failures().unwrap(), []);
}

#[tokio::test]
async fn an_import_with_any_error_changes_nothing() {
    let store = store().await;
    let good = "2024-01-01 Opening\n    Assets:Bank  100 EUR\n    Equity:Opening\n";
    let summary = import_in(&store, good, Format::Hledger, false, NOW)
        .await
        .unwrap();
    assert_eq!(
        (summary.transactions, summary.postings, summary.accounts),
        (1, 2, 2)
    );
    let bad = "\
2024-02-01 Fine
    Expenses:Food  10 EUR
    Assets:Bank

2024-02-02 Broken
    Expenses:Food  10 EUR
    Assets:Bank   -9 EUR

2024-02-03 Assertion
    Assets:Bank  0 EUR = 1000 EUR
";
    let err = import_in(&store, bad, Format::Hledger, false, NOW)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "the hledger journal was not imported (nothing changed):\nline 5: transaction does not balance: off by 1 EUR"
    );
    let journal = load(&store).await.unwrap();
    assert_eq!(journal.txns.len(), 1);
    assert!(!journal.accounts.contains_key("Expenses:Food"));
    // With the balancing fixed, the failing assertion names its line.
    let err = import_in(
        &store,
        &bad.replace("-9 EUR", "-10 EUR"),
        Format::Hledger,
        false,
        NOW,
    )
    .await
    .unwrap_err();
    assert!(
        err.message.ends_with("line 10: balance assertion failed: after this posting, Assets:Bank holds 80 EUR, not 1000 EUR (off by -920 EUR)"),
        "{}",
        err.message
    );
    assert_eq!(load(&store).await.unwrap().txns.len(), 1);
    // Replacing the books starts from nothing.
    import_in(&store, good, Format::Hledger, true, NOW)
        .await
        .unwrap();
    assert_eq!(load(&store).await.unwrap().txns.len(), 1);
}

/// A wallet payment as superCoin enters it in the books.
fn paid_bob() -> Entry {
    Entry {
        external_id: "coin:abc".into(),
        date: day("2024-03-01"),
        description: "Paid Bob".into(),
        postings: vec![
            EntryPosting {
                account: "Expenses:Gifts".into(),
                amount: d("5.00"),
                commodity: "SNC".into(),
            },
            EntryPosting {
                account: "Assets:Wallet".into(),
                amount: d("-5.00"),
                commodity: "SNC".into(),
            },
        ],
    }
}

#[tokio::test]
async fn recording_is_idempotent_by_external_id() {
    let store = store().await;
    let entry = paid_bob();
    let first = record_in(&store, entry.clone(), NOW).await.unwrap();
    assert!(first.created);
    let again = record_in(&store, entry.clone(), NOW).await.unwrap();
    assert_eq!(
        again,
        Recorded {
            id: first.id,
            created: false
        }
    );
    assert_eq!(load(&store).await.unwrap().txns.len(), 1);
    let mut bad = entry.clone();
    bad.external_id = "coin:def".into();
    bad.postings[0].amount = d("4");
    assert!(record_in(&store, bad, NOW).await.is_err());
    // The id travels through both text formats and back.
    let journal = load(&store).await.unwrap();
    for format in [Format::Hledger, Format::Beancount] {
        let text = export(&journal, format);
        let other = self::store().await;
        import_in(&other, &text, format, false, NOW).await.unwrap();
        let back = record_in(&other, entry.clone(), NOW).await.unwrap();
        assert!(!back.created, "{format:?}: {text}");
        let twice = import_in(&other, &text, format, false, NOW)
            .await
            .unwrap_err();
        assert!(
            twice
                .message
                .contains("supernet-id coin:abc is already in the books")
        );
    }
}

#[tokio::test]
async fn books_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let config = || StoreConfig::in_dir(dir.path()).namespace(APP_ID, vec![]);
    let store = Store::open(config()).await.unwrap();
    import_in(
        &store,
        "P 2024-01-01 EUR 1.10 USD\n2024-01-01 x\n    Assets:A  1.50 EUR\n    Income:B\n",
        Format::Hledger,
        false,
        NOW,
    )
    .await
    .unwrap();
    let before = load(&store).await.unwrap();
    store.close().await;
    let store = Store::open(config()).await.unwrap();
    assert_eq!(load(&store).await.unwrap(), before);
}

#[test]
fn the_spec_follows_the_contract() {
    spec().check().unwrap();
}

mod properties {
    use proptest::prelude::*;

    use super::super::*;

    const ACCOUNTS: [&str; 5] = [
        "Assets:Bank",
        "Assets:Bank:Savings",
        "Liabilities:Card",
        "Expenses:Food",
        "income:odd name",
    ];
    const COMMODITIES: [&str; 4] = ["EUR", "$", "AAPL 2", "btc"];

    /// Pieces of both formats, to shuffle into texts that look like journals.
    const PIECES: [&str; 16] = [
        "2024-01-01 * x",
        "2024-01-02 open Assets:A",
        "    Assets:A  1 EUR",
        "  Assets:A  -1.50 USD @ 2 EUR",
        "    Expenses:B",
        "  Expenses:B  {10 USD}",
        "P 2024-01-01 € 1,5 $",
        "account x ; type: Q",
        "2024-01-03 balance Assets:A 1 EUR",
        "    a  = 5 €",
        "comment",
        "  key: \"value",
        "; note",
        "",
        "    Assets:Ä  -€1.000,00 = *",
        "2024-13-40 price X 1 Y",
    ];

    fn balances(j: &Journal) -> Vec<(String, String, Decimal)> {
        let end = Date::from_ymd(9999, 12, 31).unwrap();
        let mut out = Vec::new();
        for (account, amounts) in report::balances(j, None, end).unwrap() {
            for (c, v) in amounts.iter() {
                out.push((account.clone(), c.to_owned(), v));
            }
        }
        out
    }

    fn read(text: &str, format: Format) -> Journal {
        let parsed = match format {
            Format::Hledger => hledger::read(text),
            Format::Beancount => beancount::read(text),
        }
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
        let mut j = Journal::default();
        j.merge(parsed).unwrap_or_else(|e| panic!("{e}\n{text}"));
        j
    }

    proptest! {
        #[test]
        fn readers_never_panic_on_any_text(text in "\\PC{0,300}") {
            let _ = hledger::read(&text);
            let _ = beancount::read(&text);
        }

        #[test]
        fn readers_never_panic_on_journal_like_text(
            picks in prop::collection::vec(0..PIECES.len(), 0..25)
        ) {
            let text: Vec<&str> = picks.iter().map(|&i| PIECES[i]).collect();
            let text = text.join("\n");
            for parsed in [hledger::read(&text), beancount::read(&text)].into_iter().flatten() {
                let _ = Journal::default().merge(parsed);
            }
        }

        #[test]
        fn random_books_keep_their_balances_through_both_formats(
            txns in prop::collection::vec(
                (1..29u32, prop::collection::vec(
                    (0..ACCOUNTS.len(), -10_000_000i64..10_000_000, 0..4u32, 0..COMMODITIES.len()),
                    1..5,
                )),
                1..15,
            )
        ) {
            let mut text = String::new();
            for (day, postings) in &txns {
                text.push_str(&format!("2024-02-{day:02} entry\n"));
                for (a, value, scale, c) in postings {
                    let amount = hledger::write_amount(Decimal::new(*value, *scale), COMMODITIES[*c]);
                    text.push_str(&format!("    {}  {amount}\n", ACCOUNTS[*a]));
                }
                text.push_str("    Equity:Balancing\n\n");
            }
            let books = read(&text, Format::Hledger);
            let want = balances(&books);
            for format in [Format::Hledger, Format::Beancount] {
                let again = read(&export(&books, format), format);
                prop_assert_eq!(balances(&again), want.clone(), "{:?}", format);
            }
        }
    }
}

/// The outbox notes of the books, as `(what, key)`.
async fn outbox(store: &Store) -> Vec<(String, String)> {
    let mut writer = writer(store).await.unwrap();
    sqlx::query_as("SELECT what, key FROM ledger_outbox ORDER BY seq")
        .fetch_all(writer.conn())
        .await
        .unwrap()
}

#[tokio::test]
async fn every_change_is_noted_for_the_other_devices_and_a_deleted_wallet_entry_stays_gone() {
    let store = store().await;
    let entry = paid_bob();
    let first = record_in(&store, entry.clone(), NOW).await.unwrap();
    let notes = outbox(&store).await;
    // Both accounts, then the entry, named by an id derived from the wallet's: a second
    // device that records the same payment names it the same.
    assert_eq!(
        notes,
        [
            ("account".to_owned(), "Expenses:Gifts".to_owned()),
            ("account".to_owned(), "Assets:Wallet".to_owned()),
            ("txn".to_owned(), "x:coin:abc".to_owned()),
        ]
    );
    {
        let mut writer = writer(&store).await.unwrap();
        books::delete_txn(writer.conn(), first.id).await.unwrap();
    }
    assert_eq!(
        outbox(&store).await.last().unwrap(),
        &("txn-".to_owned(), "x:coin:abc".to_owned())
    );
    // The wallet does not put back an entry the user deleted.
    let again = record_in(&store, entry, NOW).await.unwrap();
    assert_eq!(
        again,
        Recorded {
            id: 0,
            created: false
        }
    );
    assert!(load(&store).await.unwrap().txns.is_empty());
}

#[test]
fn changes_are_packed_under_the_event_size_and_a_change_too_large_is_left_out() {
    let op = |n: usize| "x".repeat(n);
    let changes = replica::pack_for_test(vec![
        (1, Some(op(30_000))),
        (2, None),
        (3, Some(op(20_000))),
        (4, Some(op(100_000))),
        (5, Some(op(10))),
    ]);
    let shape: Vec<(i64, Vec<usize>)> = changes
        .iter()
        .map(|(upto, ops)| (*upto, ops.iter().map(String::len).collect()))
        .collect();
    assert_eq!(shape, [(2, vec![30_000]), (5, vec![20_000, 10])]);
    // Only notes of rows gone since: nothing to send, but the notes are done with.
    assert_eq!(replica::pack_for_test(vec![(7, None)]), [(7, vec![])]);
}
