//! superCoin between four real processes on loopback: A pays B and both balances update on
//! both nodes and on C, which follows both; an over-limit payment fails and changes nothing;
//! then, in a currency with a notary N, A signs a second payment at the same seq for C —
//! the notary refuses it, C never countersigns, and B, C and N freeze A with the proof.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use supernet_core::{Draft, Event, Ref, SecretKey};

use super::{Daemon, fails, init, ok, supernet, ticket_of, wait_on_notices};

fn call(dir: &Path, method: &str, input: Value) -> Value {
    serde_json::from_str(&ok(supernet(dir).args([
        "call",
        method,
        &input.to_string(),
    ])))
    .unwrap()
}

/// `account`'s balance in `currency` as the node of `dir` sees it.
fn balance(dir: &Path, account: &str, currency: &str) -> Option<String> {
    let view = call(dir, "coin.account", json!({ "account": account }));
    view["balances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["currency"] == currency)
        .map(|b| b["balance"].as_str().unwrap().to_owned())
}

fn status(dir: &Path, id: &str) -> Option<Value> {
    let page = call(dir, "coin.transfers", json!({ "limit": 500 }));
    page["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .cloned()
}

fn frozen(dir: &Path, account: &str) -> Value {
    call(dir, "coin.account", json!({ "account": account }))["frozen"].clone()
}

fn events(dir: &Path) -> u64 {
    call(dir, "node.info", Value::Null)["events"]
        .as_u64()
        .unwrap()
}

#[test]
fn four_nodes_pay_refuse_over_limit_and_freeze_a_double_spender() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, c, n) = (
        root.path().join("a"),
        root.path().join("b"),
        root.path().join("c"),
        root.path().join("n"),
    );
    // A's key is known here, to forge with it later.
    let key = SecretKey::generate();
    let phrase = key.recovery_phrase().to_string();
    ok(supernet(&a)
        .args(["init", "--no-passphrase", "--name", "alice", "--recover"])
        .env("SUPERNET_RECOVERY_PHRASE", &phrase));
    // Restored from its phrase, this device pays only once told to.
    call(&a, "net.set_paying", json!({ "paying": true }));
    let id_a = key.account().to_text();
    let (id_b, id_c, id_n) = (init(&b, "bob"), init(&c, "carol"), init(&n, "notary"));
    let (da, db, dc, dn) = (
        Daemon::start(&a, &[]),
        Daemon::start(&b, &[]),
        Daemon::start(&c, &[]),
        Daemon::start(&n, &[]),
    );
    // A reaches B and N; B reaches N; C follows A and B. B does not follow A.
    ok(supernet(&a).args(["follow", &ticket_of(&b)]));
    ok(supernet(&a).args(["follow", &ticket_of(&n)]));
    ok(supernet(&b).args(["follow", &ticket_of(&n)]));
    ok(supernet(&c).args(["follow", &ticket_of(&a)]));
    ok(supernet(&c).args(["follow", &ticket_of(&b)]));

    // A pays B in the network's currency.
    let paid = call(
        &a,
        "coin.pay",
        json!({ "to": id_b, "amount": "40", "memo": "rent" }),
    );
    let first = paid["id"].as_str().unwrap().to_owned();
    wait_on_notices(&da, "A's payment is final", || {
        status(&a, &first).is_some_and(|t| t["status"] == "confirmed")
    });
    wait_on_notices(&db, "B holds 40", || {
        balance(&b, &id_b, "net").as_deref() == Some("40.00")
    });
    assert_eq!(balance(&a, &id_a, "net").as_deref(), Some("-40.00"));
    assert_eq!(
        balance(&b, &id_a, "net").as_deref(),
        Some("-40.00"),
        "B validated A's chain"
    );
    wait_on_notices(&dc, "C sees both balances", || {
        balance(&c, &id_a, "net").as_deref() == Some("-40.00")
            && balance(&c, &id_b, "net").as_deref() == Some("40.00")
    });

    // Over the limit: refused on A's node, nothing signed, nothing sent.
    let before = (events(&a), events(&b));
    let (code, message) = fails(supernet(&a).args([
        "call",
        "coin.pay",
        &json!({ "to": id_b, "amount": "61" }).to_string(),
    ]));
    assert_eq!(code, "over_limit");
    assert!(
        message.contains("below your limit of -100.00 ŧ"),
        "{message}"
    );
    assert_eq!((events(&a), events(&b)), before);
    assert_eq!(balance(&a, &id_a, "net").as_deref(), Some("-40.00"));

    // A community currency with N as its notary.
    let hours = call(
        &a,
        "coin.create_currency",
        json!({ "name": "Hours", "symbol": "H", "decimals": 0, "start_limit": "10", "notaries": [id_n] }),
    );
    let currency = hours["id"].as_str().unwrap().to_owned();
    let paid = call(
        &a,
        "coin.pay",
        json!({ "to": id_b, "amount": "10", "currency": currency }),
    );
    let second = paid["id"].as_str().unwrap().to_owned();
    wait_on_notices(&da, "the notarized payment is final", || {
        status(&a, &second).is_some_and(|t| t["status"] == "confirmed" && t["notarizations"] == 1)
    });
    wait_on_notices(&dc, "C holds A's chain", || {
        call(&c, "coin.account", json!({ "account": id_a }))["head"]["seq"] == 3
    });

    // A spends the same 10 H again, at the same seq, for C, and shows it to N and C.
    let view = call(&a, "events.get", json!({ "id": second }));
    let send = Event::decode(
        URL_SAFE_NO_PAD
            .decode(view["wire"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    let body = json!({ "op": "send", "currency": currency, "to": id_c, "amount": 10 });
    let mut d = Draft::new(
        "coin.op",
        supernet_node::now(),
        serde_json::to_vec(&body).unwrap(),
    );
    d.seq = send.seq();
    d.prev = send.prev();
    d.refs = vec![
        Ref::Account(id_c.parse().unwrap()),
        Ref::Account(id_n.parse().unwrap()),
    ];
    let forged = d.sign(&key).unwrap();
    let wire = URL_SAFE_NO_PAD.encode(forged.wire());
    for dir in [&n, &c] {
        let out = call(dir, "events.ingest", json!({ "wire": wire }));
        assert_eq!(out["stored"], true, "{out}");
    }
    for (dir, daemon, name) in [(&n, &dn, "N"), (&c, &dc, "C"), (&b, &db, "B")] {
        wait_on_notices(daemon, &format!("{name} freezes A"), || {
            frozen(dir, &id_a).is_object()
        });
    }
    wait_on_notices(&db, "B holds a proof", || {
        frozen(&b, &id_a)["proof"].is_string()
    });
    let freeze = frozen(&b, &id_a);
    let mut pair = [
        freeze["a"].as_str().unwrap().to_owned(),
        freeze["b"].as_str().unwrap().to_owned(),
    ];
    pair.sort();
    let mut expected = [second.clone(), forged.id().to_string()];
    expected.sort();
    assert_eq!(pair, expected, "the proof names both operations");

    // The notary signed one operation at that seq; C never countersigned the other.
    let notarized = call(&n, "events.query", json!({ "kinds": ["coin.notarize"] }));
    assert_eq!(notarized["events"].as_array().unwrap().len(), 1);
    let t = status(&c, &forged.id().to_string()).unwrap();
    assert_eq!(t["status"], "pending");
    assert_eq!(t["notarizations"], 0);
    assert_eq!(balance(&c, &id_c, &currency), None, "C holds no H");
    // Nobody pays A, and A pays nobody.
    let (code, _) = fails(supernet(&b).args([
        "call",
        "coin.pay",
        &json!({ "to": id_a, "amount": "1" }).to_string(),
    ]));
    assert_eq!(code, "frozen");
    wait_on_notices(&da, "A hears of its own freeze", || {
        frozen(&a, &id_a).is_object()
    });
    let (code, _) = fails(supernet(&a).args([
        "call",
        "coin.pay",
        &json!({ "to": id_b, "amount": "1" }).to_string(),
    ]));
    assert_eq!(code, "frozen");
    drop((da, db, dc, dn));
}
