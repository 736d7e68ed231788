//! The personal books through the node's API: adding and deleting transactions, reports
//! (balance sheet, income statement, register pages, net worth), prices and conversion,
//! import errors by line that change nothing, export, permissions, books that stay
//! private (encrypted changes only) and survive a restart, and books that follow the
//! account to its other devices (nodes restored from the same key) and to no one else.

use serde_json::{Value, json};
use supernet_core::{ErrorCode, SecretKey};
use supernet_node::apps::ledger::{LEDGER_READ, LEDGER_WRITE};
use supernet_node::{Caller, Node, NodeConfig};

use crate::support::{call, loopback_node, try_call, until};

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
    // The books leave the node only as changes for its own devices, encrypted: no
    // readable trace of them is in any event.
    let changes = call(
        &node,
        "events.query",
        json!({"kinds": ["ledger.change"], "limit": 500}),
    )
    .await;
    let changes = changes["events"].as_array().unwrap();
    assert!(!changes.is_empty());
    for kind in ["Salary", "Checking", "2500", "EUR"] {
        assert!(
            !Value::Array(changes.clone()).to_string().contains(kind),
            "{kind}"
        );
    }
    assert_eq!(
        call(&node, "node.info", Value::Null).await["events"],
        changes.len()
    );
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

async fn export(node: &Node) -> String {
    call(node, "ledger.export", json!({"format": "hledger"})).await["text"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Waits until `node`'s books export as `expected`.
async fn until_books(node: &Node, what: &str, expected: &str) {
    until(node, what, || async { export(node).await == expected }).await;
}

fn changes_held(events: &Value) -> usize {
    events["events"].as_array().unwrap().len()
}

#[tokio::test]
async fn the_books_follow_the_account_to_its_other_devices_and_nowhere_else() {
    let key = SecretKey::generate();
    let (phone, laptop) = (loopback_node(&key).await, loopback_node(&key).await);
    let friend = loopback_node(&SecretKey::generate()).await;
    // The laptop is linked to the phone by the phone's ticket; the friend follows the
    // account (and so keeps its public events).
    let ticket = call(&phone, "net.ticket", Value::Null).await["ticket"].clone();
    let linked = call(&laptop, "net.link_device", json!({ "ticket": ticket })).await;
    assert_eq!(linked["devices"].as_array().unwrap().len(), 1, "{linked}");
    call(&friend, "social.follow", json!({ "ticket": ticket })).await;
    call(&phone, "social.post", json!({"text": "public hello"})).await;

    // Linking needs a ticket of the same account, and of another node.
    let friends = call(&friend, "net.ticket", Value::Null).await["ticket"].clone();
    let refused = try_call(&laptop, "net.link_device", json!({ "ticket": friends }))
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(
        refused.message.contains("another account"),
        "{}",
        refused.message
    );
    let own = call(&laptop, "net.ticket", Value::Null).await["ticket"].clone();
    let refused = try_call(&laptop, "net.link_device", json!({ "ticket": own }))
        .await
        .unwrap_err();
    assert!(
        refused.message.contains("this device's own ticket"),
        "{}",
        refused.message
    );
    let refused = try_call(&laptop, "social.follow", json!({ "ticket": ticket }))
        .await
        .unwrap_err();
    assert!(
        refused.message.contains("net.link_device"),
        "{}",
        refused.message
    );

    // An import on the phone reaches the laptop, exactly.
    call(
        &phone,
        "ledger.import",
        json!({"text": JOURNAL, "format": "hledger"}),
    )
    .await;
    let books = export(&phone).await;
    until_books(&laptop, "the laptop has the imported books", &books).await;

    // A change of the account's that does not open (made with the key, not by a node) is
    // set aside on the laptop and changes nothing; what follows still applies.
    let garbage = supernet_core::Draft::new(
        "ledger.change",
        supernet_node::now(),
        json!({"ct": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
            .to_string()
            .into_bytes(),
    )
    .sign(&key)
    .unwrap()
    .verify(supernet_node::now())
    .unwrap();
    laptop.store().ingest(vec![garbage]).await.unwrap();

    // An entry on the laptop reaches the phone.
    let added = call(
        &laptop,
        "ledger.add",
        json!({
            "date": "2024-03-02",
            "description": "Groceries",
            "postings": [
                {"account": "Expenses:Food", "amount": "42.10", "commodity": "EUR"},
                {"account": "Assets:Bank:Checking"}
            ]
        }),
    )
    .await;
    let books = export(&laptop).await;
    assert!(books.contains("Groceries"));
    until_books(&phone, "the phone has the laptop's entry", &books).await;

    // Deleted on the phone, it goes from the laptop too; a price set there comes back.
    let on_phone = call(
        &phone,
        "ledger.register",
        json!({"account": "Expenses:Food"}),
    )
    .await;
    let id = on_phone["rows"][0]["id"].clone();
    assert_ne!(id, Value::Null, "{on_phone}");
    call(&phone, "ledger.delete", json!({ "id": id })).await;
    let books = export(&phone).await;
    assert!(!books.contains("Groceries"));
    until_books(&laptop, "the deletion reaches the laptop", &books).await;
    call(
        &laptop,
        "ledger.set_price",
        json!({"commodity": "EUR", "quote": "USD", "price": "1.25", "date": "2024-04-01"}),
    )
    .await;
    let books = export(&laptop).await;
    until_books(&phone, "the laptop's price reaches the phone", &books).await;
    assert_ne!(added["id"], Value::Null);

    // A wallet entry (with the wallet's id) on the phone; then the laptop replaces the
    // books with a journal holding an edited copy of it: the phone ends with that copy.
    let paid = "2024-04-02 Paid Bob  ; supernet-id: coin:abc\n    Expenses:Gifts  5 EUR\n    Assets:Cash\n";
    call(
        &phone,
        "ledger.import",
        json!({"text": paid, "format": "hledger"}),
    )
    .await;
    let books = export(&phone).await;
    until_books(&laptop, "the wallet entry reaches the laptop", &books).await;
    let smaller = "2024-05-01 Pocket money\n    Assets:Cash  20 EUR\n    Equity:Opening\n\n\
                   2024-04-02 Paid Bob, for the book  ; supernet-id: coin:abc\n    Expenses:Gifts  5 EUR\n    Assets:Cash\n";
    call(
        &laptop,
        "ledger.import",
        json!({"text": smaller, "format": "hledger", "replace": true}),
    )
    .await;
    let books = export(&laptop).await;
    assert!(!books.contains("Salary") && books.contains("Pocket money"));
    assert!(books.contains("Paid Bob, for the book"));
    until_books(&phone, "the replaced books reach the phone", &books).await;

    // A third device linked only now gets the books as they are when it connects.
    let tablet = loopback_node(&key).await;
    call(&tablet, "net.link_device", json!({ "ticket": ticket })).await;
    until_books(&tablet, "the tablet has the books", &books).await;

    let devices = call(&phone, "net.devices", Value::Null).await;
    assert_eq!(devices["devices"].as_array().unwrap().len(), 2, "{devices}");
    assert!(
        devices["devices"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["connected"] == true)
    );

    // The friend, who follows the account, has its post and none of its books.
    until(&friend, "the friend has the post", || async {
        changes_held(&call(&friend, "events.query", json!({"kinds": ["social.post"]})).await) == 1
    })
    .await;
    let query = json!({"kinds": ["ledger.change"]});
    assert!(changes_held(&call(&phone, "events.query", query.clone()).await) > 0);
    assert_eq!(changes_held(&call(&friend, "events.query", query).await), 0);
    assert!(
        export(&friend)
            .await
            .trim()
            .lines()
            .all(|l| l.starts_with(';'))
    );
}
