//! The personal books through the node's API: adding and deleting transactions, reports
//! (balance sheet, income statement, register pages, net worth), prices and conversion,
//! import errors by line that change nothing, export, permissions, and books that stay
//! private (no events) and survive a restart.

use serde_json::{Value, json};
use supernet_core::{ErrorCode, SecretKey};
use supernet_node::apps::ledger::{LEDGER_READ, LEDGER_WRITE};
use supernet_node::{Caller, Node, NodeConfig};

use crate::support::{call, try_call};

async fn open(dir: Option<&std::path::Path>) -> Node {
    Node::open_with_key(
        NodeConfig {
            data_dir: dir.map(|d| d.to_owned()),
            local_only: true,
        },
        SecretKey::generate(),
        None,
    )
    .await
    .unwrap()
}

/// `[amount, commodity]` pairs of a list of amounts.
fn pairs(amounts: &Value) -> Vec<(String, String)> {
    amounts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["amount"].as_str().unwrap().to_owned(),
                a["commodity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pair(amount: &str, commodity: &str) -> (String, String) {
    (amount.to_owned(), commodity.to_owned())
}

const JOURNAL: &str = "\
P 2024-01-01 EUR 1.10 USD
P 2024-03-01 EUR 1.20 USD

2024-01-01 * Opening
    Assets:Bank:Checking     1,000.00 EUR
    Assets:Bank:Savings      5,000.00 EUR
    Liabilities:Card          -200.00 EUR
    Equity:Opening

2024-01-10 Rent
    Expenses:Rent              700.00 EUR
    Assets:Bank:Checking

2024-01-25 Salary
    Assets:Bank:Checking     2,500.00 EUR
    Income:Salary

2024-02-10 Rent
    Expenses:Rent              700.00 EUR
    Assets:Bank:Checking      -700.00 EUR = 2100.00 EUR

2024-02-15 Dollars
    Assets:Cash                100 USD @@ 90.00 EUR
    Assets:Bank:Checking
";

#[tokio::test]
async fn books_import_report_and_export() {
    let node = open(None).await;
    let summary = call(
        &node,
        "ledger.import",
        json!({"text": JOURNAL, "format": "hledger"}),
    )
    .await;
    assert_eq!(summary["transactions"], 5);
    assert_eq!(summary["prices"], 2);
    assert_eq!(summary["assertions"], 1);

    let sheet = call(&node, "ledger.balance_sheet", json!({"date": "2024-01-31"})).await;
    assert_eq!(pairs(&sheet["assets"]["total"]), [pair("7800.00", "EUR")]);
    assert_eq!(
        pairs(&sheet["liabilities"]["total"]),
        [pair("200.00", "EUR")]
    );
    assert_eq!(pairs(&sheet["net_worth"]), [pair("7600.00", "EUR")]);
    assert_eq!(pairs(&sheet["earnings"]), [pair("1800.00", "EUR")]);
    let tree: Vec<(String, u64)> = sheet["assets"]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["account"].as_str().unwrap().to_owned(),
                r["depth"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tree,
        [
            ("Assets".into(), 0),
            ("Assets:Bank".into(), 1),
            ("Assets:Bank:Checking".into(), 2),
            ("Assets:Bank:Savings".into(), 2),
        ]
    );

    // In dollars at March's price: 100 USD stay, the euros are worth 1.20 each.
    let sheet = call(
        &node,
        "ledger.balance_sheet",
        json!({"date": "2024-03-31", "commodity": "USD"}),
    )
    .await;
    // Euros: 1,000 + 5,000 − 700 + 2,500 − 700 − 90 (what the dollars cost) = 7,010.
    assert_eq!(
        pairs(&sheet["assets"]["total"]),
        [pair("8512.00", "USD")],
        "7010 EUR × 1.20 + 100 USD"
    );
    assert_eq!(sheet["missing_prices"], json!([]));

    let statement = call(
        &node,
        "ledger.income_statement",
        json!({"from": "2024-02-01", "to": "2024-02-29"}),
    )
    .await;
    assert_eq!(
        pairs(&statement["expenses"]["total"]),
        [pair("700.00", "EUR")]
    );
    assert!(
        statement["income"]["accounts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(pairs(&statement["net"]), [pair("-700.00", "EUR")]);

    // The register pages newest first, with the balance after each posting.
    let page = call(
        &node,
        "ledger.register",
        json!({"account": "Assets:Bank:Checking", "limit": 2}),
    )
    .await;
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["date"], "2024-02-15");
    assert_eq!(pairs(&rows[1]["balance"]), [pair("2100.00", "EUR")]);
    let rest = call(
        &node,
        "ledger.register",
        json!({"account": "Assets:Bank:Checking", "limit": 10, "before": page["next"]}),
    )
    .await;
    assert_eq!(rest["rows"].as_array().unwrap().len(), 3);
    assert!(rest.get("next").is_none());

    let series = call(
        &node,
        "ledger.net_worth",
        json!({"from": "2024-01-01", "to": "2024-03-01", "step": "month", "commodity": "USD"}),
    )
    .await;
    let points: Vec<(String, Vec<(String, String)>)> = series["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["date"].as_str().unwrap().to_owned(),
                pairs(&p["net_worth"]),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            ("2024-01-01".into(), vec![pair("6380.00", "USD")]),
            ("2024-02-01".into(), vec![pair("8360.00", "USD")]),
            ("2024-03-01".into(), vec![pair("8272.00", "USD")]),
        ],
        "5,800 EUR × 1.10; 7,600 EUR × 1.10; 6,810 EUR × 1.20 + 100 USD"
    );

    // Both exports read back into a fresh node give the same balance sheet.
    for format in ["hledger", "beancount"] {
        let text = call(&node, "ledger.export", json!({"format": format})).await["text"].clone();
        let other = open(None).await;
        call(
            &other,
            "ledger.import",
            json!({"text": text, "format": format}),
        )
        .await;
        for date in ["2024-01-31", "2024-12-31"] {
            let input = json!({"date": date});
            assert_eq!(
                call(&other, "ledger.balance_sheet", input.clone()).await,
                call(&node, "ledger.balance_sheet", input).await,
                "{format} at {date}"
            );
        }
    }
    // The books are private: none of this is an event.
    assert_eq!(call(&node, "node.info", Value::Null).await["events"], 0);
}

#[tokio::test]
async fn bad_entries_and_imports_are_refused_by_line_and_change_nothing() {
    let node = open(None).await;
    let bad = "2024-01-01 Opening\n    Assets:Bank  100 EUR\n    Equity:Opening\n\n2024-01-02 Typo\n    Expenses:Food  10.00 EUR\n    Assets:Bank  -6.50 EUR\n";
    let err = try_call(
        &node,
        "ledger.import",
        json!({"text": bad, "format": "hledger"}),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message
            .ends_with("line 5: transaction does not balance: off by 3.50 EUR"),
        "{}",
        err.message
    );
    let accounts = call(&node, "ledger.accounts", Value::Null).await;
    assert_eq!(accounts["accounts"], json!([]), "nothing was imported");

    let err = try_call(
        &node,
        "ledger.import",
        json!({"text": "2024-01-01 open Assets:A\n2024-01-02 *\n  Assets:A  1 usd\n", "format": "beancount"}),
    )
    .await
    .unwrap_err();
    assert!(
        err.message.contains("line 3: \"usd\" is not a currency"),
        "{}",
        err.message
    );

    let unbalanced = try_call(
        &node,
        "ledger.add",
        json!({"date": "2024-01-02", "description": "Typo", "postings": [
            {"account": "Expenses:Food", "amount": "10.00", "commodity": "EUR"},
            {"account": "Assets:Bank", "amount": "-6.50", "commodity": "EUR"}
        ]}),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (unbalanced.code, unbalanced.message.as_str()),
        (
            ErrorCode::InvalidInput,
            "transaction does not balance: off by 3.50 EUR"
        )
    );
    for (input, field) in [
        (
            json!({"date": "2024-13-01", "description": "x", "postings": [{"account": "Assets:A"}]}),
            "date",
        ),
        (
            json!({"date": "2024-01-01", "description": "x", "postings": [{"account": "Assets:A", "amount": 5, "commodity": "EUR"}]}),
            "invalid input",
        ),
        (
            json!({"date": "2024-01-01", "description": "x", "postings": [{"account": "Assets:A", "amount": "1e3", "commodity": "EUR"}]}),
            "postings[0].amount",
        ),
        (
            json!({"date": "2024-01-01", "description": "x", "postings": [{"account": "Misc:A", "amount": "1", "commodity": "EUR"}, {"account": "Assets:B"}]}),
            "not under Assets",
        ),
        (
            json!({"date": "2024-01-01", "description": "x", "postings": []}),
            "postings",
        ),
    ] {
        let err = try_call(&node, "ledger.add", input).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{}", err.message);
        assert!(err.message.contains(field), "{field}: {}", err.message);
    }
    assert_eq!(
        call(&node, "ledger.accounts", Value::Null).await["accounts"],
        json!([])
    );
    assert_eq!(
        try_call(&node, "ledger.delete", json!({"id": 99}))
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(
        try_call(&node, "ledger.register", json!({"account": "Assets:Nope"}))
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(
        try_call(
            &node,
            "ledger.net_worth",
            json!({"from": "2000-01-01", "to": "2024-01-01", "step": "day"})
        )
        .await
        .unwrap_err()
        .code,
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn added_entries_infer_assert_and_delete() {
    let node = open(None).await;
    let opening = call(
        &node,
        "ledger.add",
        json!({"date": "2024-01-01", "description": "Opening", "status": "cleared", "postings": [
            {"account": "Assets:Wallet", "amount": "50", "commodity": "SNC"},
            {"account": "Equity:Opening"}
        ]}),
    )
    .await;
    assert_eq!(opening["postings"][1]["amount"], "-50");
    assert_eq!(opening["postings"][1]["inferred"], true);
    // A balance assignment: the amount is what makes the balance 42.
    let statement = call(
        &node,
        "ledger.add",
        json!({"date": "2024-01-31", "description": "Statement", "postings": [
            {"account": "Assets:Wallet", "balance": {"amount": "42", "commodity": "SNC"}},
            {"account": "Expenses:Unknown"}
        ]}),
    )
    .await;
    assert_eq!(statement["postings"][0]["amount"], "-8");
    assert_eq!(statement["postings"][1]["amount"], "8");
    // Deleting the opening would break the statement's assertion.
    let err = try_call(&node, "ledger.delete", json!({"id": opening["id"]}))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("balance assertion"), "{}", err.message);
    let deleted = call(&node, "ledger.delete", json!({"id": statement["id"]})).await;
    assert_eq!(deleted["deleted"]["description"], "Statement");
    call(&node, "ledger.delete", json!({"id": opening["id"]})).await;
    let sheet = call(&node, "ledger.balance_sheet", json!({"date": "2024-12-31"})).await;
    assert_eq!(sheet["assets"]["total"], json!([]));
    assert_eq!(
        call(&node, "ledger.check", Value::Null).await["failures"],
        json!([])
    );

    call(
        &node,
        "ledger.set_price",
        json!({"date": "2024-02-01", "commodity": "SNC", "price": "0.25", "quote": "EUR"}),
    )
    .await;
    let prices = call(&node, "ledger.prices", json!({"commodity": "EUR"})).await;
    assert_eq!(prices["prices"][0]["price"], "0.25");
    assert_eq!(
        try_call(
            &node,
            "ledger.set_price",
            json!({"date": "2024-02-01", "commodity": "SNC", "price": "-1", "quote": "EUR"})
        )
        .await
        .unwrap_err()
        .code,
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn callers_need_the_ledger_permissions() {
    let node = open(None).await;
    let reader = Caller::scoped([LEDGER_READ]);
    assert!(
        node.call(&reader, "ledger.accounts", Value::Null)
            .await
            .is_ok()
    );
    let err = node
        .call(
            &reader,
            "ledger.import",
            json!({"text": JOURNAL, "format": "hledger"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    assert!(err.message.contains("ledger.write"), "{}", err.message);
    let writer = Caller::scoped([LEDGER_WRITE]);
    let err = node
        .call(&writer, "ledger.export", json!({"format": "hledger"}))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::PermissionDenied);
}

#[tokio::test]
async fn the_books_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let node = open(Some(dir.path())).await;
    call(
        &node,
        "ledger.import",
        json!({"text": JOURNAL, "format": "hledger"}),
    )
    .await;
    let before = call(&node, "ledger.export", json!({"format": "hledger"})).await;
    node.close().await;
    let node = open(Some(dir.path())).await;
    assert_eq!(
        call(&node, "ledger.export", json!({"format": "hledger"})).await,
        before
    );
    assert!(dir.path().join("apps/ledger.sqlite").exists());
}
