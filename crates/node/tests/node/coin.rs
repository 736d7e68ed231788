//! superCoin across nodes on loopback: a payment countersigned by its payee and seen by a
//! follower of both; an over-limit payment refused without a trace; a forged fork frozen by
//! everyone with its proof; notaries refusing a double-spend; unique assets changing hands
//! with their provenance, and frozen when handed to two owners.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use supernet_core::{AccountId, Draft, ErrorCode, Event, EventId, Ref, SecretKey};
use supernet_node::Node;
use supernet_node::apps::coin::{CurrencyId, Op};

use crate::support::{call, try_call, until};

async fn node(key: &SecretKey) -> Node {
    crate::support::loopback_node(key).await
}

async fn follow(node: &Node, other: &Node) {
    let ticket = call(other, "net.ticket", Value::Null).await["ticket"].clone();
    call(node, "social.follow", json!({ "ticket": ticket })).await;
}

fn text(a: &AccountId) -> String {
    a.to_text()
}

/// `account`'s balance in `currency` as `node` sees it (`None` when it holds none there).
async fn balance_of(node: &Node, account: &AccountId, currency: &str) -> Option<String> {
    let view = call(node, "coin.account", json!({ "account": text(account) })).await;
    view["balances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["currency"] == currency)
        .map(|b| b["balance"].as_str().unwrap().to_owned())
}

/// The transfer `id` as `node` lists it for its own account.
async fn transfer(node: &Node, id: &str) -> Option<Value> {
    let page = call(node, "coin.transfers", json!({ "limit": 500 })).await;
    page["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .cloned()
}

async fn events(node: &Node) -> u64 {
    call(node, "node.info", Value::Null).await["events"]
        .as_u64()
        .unwrap()
}

async fn frozen(node: &Node, account: &AccountId) -> Option<Value> {
    let view = call(node, "coin.account", json!({ "account": text(account) })).await;
    view.get("frozen").cloned()
}

/// A second operation signed by `key` at the seq (and after the prev) of `original`: a
/// payment of `amount` to `to` — the forgery a double-spender makes.
fn fork_of(
    original: &Event,
    key: &SecretKey,
    to: AccountId,
    currency: CurrencyId,
    amount: u64,
    notaries: &[AccountId],
) -> Event {
    let op = Op::Send {
        currency,
        to,
        amount,
        memo: "the same money again".into(),
    };
    let mut d = Draft::new(
        "coin.op",
        supernet_node::now(),
        serde_json::to_vec(&op).unwrap(),
    );
    d.seq = original.seq();
    d.prev = original.prev();
    d.refs = vec![Ref::Account(to)];
    d.refs.extend(notaries.iter().map(|n| Ref::Account(*n)));
    d.sign(key).unwrap()
}

async fn stored(node: &Node, id: &str) -> Event {
    let view = call(node, "events.get", json!({ "id": id })).await;
    let wire = URL_SAFE_NO_PAD
        .decode(view["wire"].as_str().unwrap())
        .unwrap();
    Event::decode(wire).unwrap()
}

async fn ingest(node: &Node, event: &Event) {
    let out = call(
        node,
        "events.ingest",
        json!({ "wire": URL_SAFE_NO_PAD.encode(event.wire()) }),
    )
    .await;
    assert_eq!(out["stored"], true, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_is_countersigned_and_seen_everywhere_and_an_over_limit_one_changes_nothing() {
    let (ka, kb, kc) = (
        SecretKey::generate(),
        SecretKey::generate(),
        SecretKey::generate(),
    );
    let (a, b, c) = (node(&ka).await, node(&kb).await, node(&kc).await);
    // A and B are connected (A follows B); C follows both. B does not follow A: it fetches
    // A's chain to check the payment.
    follow(&a, &b).await;
    follow(&c, &a).await;
    follow(&c, &b).await;

    let paid = call(
        &a,
        "coin.pay",
        json!({ "to": text(&kb.account()), "amount": "40", "memo": "bread" }),
    )
    .await;
    assert_eq!(paid["status"], "pending");
    assert_eq!(paid["amount"], "40.00");
    assert_eq!(paid["symbol"], "ŧ");
    let id = paid["id"].as_str().unwrap().to_owned();
    until(&a, "A sees its payment countersigned", || async {
        transfer(&a, &id)
            .await
            .is_some_and(|t| t["status"] == "confirmed")
    })
    .await;
    let mine = call(&a, "coin.balances", json!({})).await;
    assert_eq!(mine["balances"][0]["currency"], "net");
    assert_eq!(mine["balances"][0]["balance"], "-40.00");
    assert_eq!(mine["balances"][0]["available"], "60.00");
    assert_eq!(mine["balances"][0]["pending_out"], "0.00");

    until(&b, "B holds the payment", || async {
        balance_of(&b, &kb.account(), "net").await.as_deref() == Some("40.00")
    })
    .await;
    let theirs = call(&b, "coin.balances", json!({})).await;
    // A limit grows by 0.1 per unit received: 100.00 + 4.00.
    assert_eq!(theirs["balances"][0]["limit"], "104.00");
    assert_eq!(theirs["balances"][0]["available"], "144.00");
    let history = call(
        &b,
        "coin.transfers",
        json!({ "direction": "in", "counterparty": text(&ka.account()) }),
    )
    .await;
    assert_eq!(history["transfers"][0]["memo"], "bread");
    assert_eq!(history["transfers"][0]["from"], text(&ka.account()));
    assert!(history["transfers"][0]["confirmed_at"].is_u64());
    let none = call(&b, "coin.transfers", json!({ "direction": "out" })).await;
    assert!(none["transfers"].as_array().unwrap().is_empty());

    // Both wallets entered the payment in their owners' books.
    for (node, worth, other) in [
        (&a, "-40.00", "Expenses:Payments sent"),
        (&b, "40.00", "Income:Payments received"),
    ] {
        until(node, "the payment is in the books", || async {
            let sheet = call(node, "ledger.balance_sheet", json!({})).await;
            sheet["net_worth"] == json!([{ "amount": worth, "commodity": "ŧ" }])
        })
        .await;
        let accounts = call(node, "ledger.accounts", json!({})).await.to_string();
        assert!(
            accounts.contains("Assets:Wallet:Supernet credit"),
            "{accounts}"
        );
        assert!(accounts.contains(other), "{accounts}");
    }

    until(&c, "C, following both, sees both balances", || async {
        balance_of(&c, &ka.account(), "net").await.as_deref() == Some("-40.00")
            && balance_of(&c, &kb.account(), "net").await.as_deref() == Some("40.00")
    })
    .await;
    let view = call(
        &c,
        "coin.account",
        json!({ "account": text(&ka.account()) }),
    )
    .await;
    assert_eq!(view["valid"], true);
    assert_eq!(view["head"]["seq"], 1);

    // Over the limit: A is at -40.00 with a limit of 100.00.
    let before = (events(&a).await, events(&b).await);
    let refused = try_call(
        &a,
        "coin.pay",
        json!({ "to": text(&kb.account()), "amount": "60.01" }),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.code, ErrorCode::OverLimit);
    assert!(
        refused
            .message
            .contains("would take your balance to -100.01 ŧ, below your limit of -100.00 ŧ"),
        "{}",
        refused.message
    );
    assert_eq!(
        (events(&a).await, events(&b).await),
        before,
        "nothing was signed or sent"
    );
    assert_eq!(call(&a, "coin.balances", json!({})).await, mine);
    // What is left can be paid.
    call(
        &a,
        "coin.pay",
        json!({ "to": text(&kb.account()), "amount": "60" }),
    )
    .await;
    until(&b, "B holds the second payment", || async {
        balance_of(&b, &kb.account(), "net").await.as_deref() == Some("100.00")
    })
    .await;

    // A debt cannot be erased: A's node refuses to delete the payment, and a deletion
    // request A signs by hand deletes nothing on C (nor a copy of the payment arriving later).
    let refused = try_call(&a, "events.delete", json!({ "ids": [id] }))
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(
        refused
            .message
            .contains("a chained record cannot be deleted"),
        "{}",
        refused.message
    );
    let op: EventId = id.parse().unwrap();
    let mut request = Draft::new(
        supernet_core::deletion::KIND,
        supernet_node::now(),
        b"{}".to_vec(),
    );
    request.refs = vec![Ref::Event(op)];
    ingest(&c, &request.sign(&ka).unwrap()).await;
    stored(&c, &id).await;
    assert_eq!(
        balance_of(&c, &ka.account(), "net").await.as_deref(),
        Some("-100.00")
    );
    let tombstones = call(&c, "events.deleted", json!({ "ids": [id] })).await;
    assert_eq!(
        tombstones["deleted"],
        json!([]),
        "no tombstone for a chained record"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_fork_freezes_the_forger_everywhere_with_its_proof() {
    let (ka, kb, kc) = (
        SecretKey::generate(),
        SecretKey::generate(),
        SecretKey::generate(),
    );
    let (a, b, c) = (node(&ka).await, node(&kb).await, node(&kc).await);
    follow(&a, &b).await;
    follow(&c, &a).await;
    follow(&c, &b).await;
    let paid = call(
        &a,
        "coin.pay",
        json!({ "to": text(&kb.account()), "amount": "10" }),
    )
    .await;
    let id = paid["id"].as_str().unwrap().to_owned();
    until(&a, "the payment is final", || async {
        transfer(&a, &id)
            .await
            .is_some_and(|t| t["status"] == "confirmed")
    })
    .await;
    until(&c, "C holds A's payment", || async {
        call(
            &c,
            "coin.account",
            json!({ "account": text(&ka.account()) }),
        )
        .await["head"]["seq"]
            == 1
    })
    .await;

    // A signs the same seq again, paying C with the same credit, and hands it to C.
    let send = stored(&a, &id).await;
    let forged = fork_of(&send, &ka, kc.account(), CurrencyId::Net, 1000, &[]);
    ingest(&c, &forged).await;
    until(&c, "C freezes A", || async {
        frozen(&c, &ka.account()).await.is_some()
    })
    .await;
    let freeze = frozen(&c, &ka.account()).await.unwrap();
    let mut pair = [
        freeze["a"].as_str().unwrap().to_owned(),
        freeze["b"].as_str().unwrap().to_owned(),
    ];
    pair.sort();
    let mut expected = [send.id().to_string(), forged.id().to_string()];
    expected.sort();
    assert_eq!(pair, expected);
    assert_eq!(freeze["seq"], 1);

    // C's proof reaches B (the payee of the other operation) and A itself.
    for (n, name) in [(&b, "B"), (&a, "A")] {
        until(n, &format!("{name} freezes A on C's proof"), || async {
            frozen(n, &ka.account())
                .await
                .is_some_and(|f| f["proof"].is_string())
        })
        .await;
    }
    let proof = frozen(&b, &ka.account()).await.unwrap()["proof"]
        .as_str()
        .unwrap()
        .to_owned();
    let event = call(&b, "events.get", json!({ "id": proof })).await;
    assert_eq!(event["kind"], "coin.fork");
    assert_eq!(event["author"], text(&kc.account()));

    // Nobody pays or is paid by a frozen account.
    let err = try_call(
        &a,
        "coin.pay",
        json!({ "to": text(&kb.account()), "amount": "1" }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Frozen);
    let err = try_call(
        &b,
        "coin.pay",
        json!({ "to": text(&ka.account()), "amount": "1" }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Frozen);
    // C never countersigned the forged payment.
    let t = transfer(&c, &forged.id().to_string()).await.unwrap();
    assert_eq!(t["status"], "pending");
    assert_eq!(
        balance_of(&c, &kc.account(), "net").await.as_deref(),
        Some("0.00")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_notaries_a_double_spend_never_completes() {
    let (ka, kb, kc, kn) = (
        SecretKey::generate(),
        SecretKey::generate(),
        SecretKey::generate(),
        SecretKey::generate(),
    );
    let (a, b, c, n) = (
        node(&ka).await,
        node(&kb).await,
        node(&kc).await,
        node(&kn).await,
    );
    follow(&a, &b).await;
    follow(&a, &n).await;
    follow(&b, &n).await;
    follow(&c, &a).await;

    let hours = call(
        &a,
        "coin.create_currency",
        json!({ "name": "Hours", "symbol": "H", "decimals": 0, "start_limit": "10", "notaries": [text(&kn.account())] }),
    )
    .await;
    assert_eq!(hours["quorum"], 1);
    let currency = hours["id"].as_str().unwrap().to_owned();
    let paid = call(
        &a,
        "coin.pay",
        json!({ "to": text(&kb.account()), "amount": "8", "currency": currency }),
    )
    .await;
    let id = paid["id"].as_str().unwrap().to_owned();
    until(&a, "the notarized payment is final", || async {
        transfer(&a, &id)
            .await
            .is_some_and(|t| t["status"] == "confirmed" && t["notarizations"] == 1)
    })
    .await;
    until(&b, "B holds 8 H", || async {
        balance_of(&b, &kb.account(), &currency).await.as_deref() == Some("8")
    })
    .await;
    until(&c, "C holds A's chain", || async {
        call(
            &c,
            "coin.account",
            json!({ "account": text(&ka.account()) }),
        )
        .await["head"]["seq"]
            == 2
    })
    .await;

    // A spends the same 8 H again at the same seq, for C, and shows it to the notary and C.
    let send = stored(&a, &id).await;
    let cid: CurrencyId = currency.parse().unwrap();
    let forged = fork_of(&send, &ka, kc.account(), cid, 8, &[kn.account()]);
    ingest(&n, &forged).await;
    ingest(&c, &forged).await;
    until(&n, "the notary freezes A", || async {
        frozen(&n, &ka.account()).await.is_some()
    })
    .await;
    until(&c, "C freezes A", || async {
        frozen(&c, &ka.account()).await.is_some()
    })
    .await;
    let notarized = call(&n, "events.query", json!({ "kinds": ["coin.notarize"] })).await;
    let ids: Vec<&Value> = notarized["events"].as_array().unwrap().iter().collect();
    assert_eq!(
        ids.len(),
        1,
        "the notary signed one operation at that seq: {notarized}"
    );
    assert!(ids[0]["body"].as_str().unwrap().contains(&id));
    let t = transfer(&c, &forged.id().to_string()).await.unwrap();
    assert_eq!(
        (t["status"].as_str(), t["notarizations"].as_u64()),
        (Some("pending"), Some(0))
    );
    assert_eq!(
        balance_of(&c, &kc.account(), &currency).await,
        None,
        "C holds no H at all"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_asset_changes_hands_with_its_provenance_and_freezes_when_handed_twice() {
    let (ka, kb, kc) = (
        SecretKey::generate(),
        SecretKey::generate(),
        SecretKey::generate(),
    );
    let (a, b, c) = (node(&ka).await, node(&kb).await, node(&kc).await);
    follow(&a, &b).await;
    follow(&c, &a).await;

    let minted = call(
        &a,
        "assets.mint",
        json!({ "name": "Violin", "description": "Mirecourt, 1890, with its case" }),
    )
    .await;
    let asset = minted["id"].as_str().unwrap().to_owned();
    assert_eq!(minted["owner"], text(&ka.account()));
    let moved = call(
        &a,
        "assets.transfer",
        json!({ "asset": asset, "to": text(&kb.account()) }),
    )
    .await;
    assert_eq!(moved["owner"], text(&kb.account()));
    let err = try_call(
        &a,
        "assets.transfer",
        json!({ "asset": asset, "to": text(&kc.account()) }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::PermissionDenied, "A no longer owns it");

    // B, who does not follow A, fetches the mint to complete the history.
    until(&b, "B owns the violin", || async {
        let list = call(&b, "assets.list", json!({})).await;
        list["assets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == asset.as_str())
    })
    .await;
    let p = call(&b, "assets.provenance", json!({ "asset": asset })).await;
    assert_eq!(p["asset"]["name"], "Violin");
    assert_eq!(p["history"].as_array().unwrap().len(), 1);
    assert_eq!(p["history"][0]["from"], text(&ka.account()));
    assert_eq!(p["history"][0]["to"], text(&kb.account()));

    // A signs a second transfer from the mint, to C, and shows it to B.
    let first = stored(&a, moved["head"].as_str().unwrap()).await;
    let body = json!({ "asset": asset, "prev": asset, "to": text(&kc.account()), "minter": text(&ka.account()) });
    let mut d = Draft::new(
        "assets.transfer",
        supernet_node::now(),
        serde_json::to_vec(&body).unwrap(),
    );
    let asset_id: EventId = asset.parse().unwrap();
    d.refs = vec![
        Ref::Event(asset_id),
        Ref::Account(kc.account()),
        Ref::Account(ka.account()),
    ];
    let forged = d.sign(&ka).unwrap();
    assert_ne!(forged.id(), first.id());
    ingest(&b, &forged).await;
    until(&b, "B freezes the violin", || async {
        call(&b, "assets.provenance", json!({ "asset": asset })).await["asset"]["frozen"]
            .is_object()
    })
    .await;
    until(&c, "C freezes it on B's proof", || async {
        try_call(&c, "assets.provenance", json!({ "asset": asset }))
            .await
            .is_ok_and(|p| p["asset"]["frozen"]["proof"].is_string())
    })
    .await;
    let err = try_call(
        &b,
        "assets.transfer",
        json!({ "asset": asset, "to": text(&kc.account()) }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Frozen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payee_declines_a_payment_its_payers_chain_does_not_allow() {
    let (ka, kb) = (SecretKey::generate(), SecretKey::generate());
    let (a, b) = (node(&ka).await, node(&kb).await);
    follow(&a, &b).await;
    // A's node would refuse this: 150.00 ŧ against a limit of 100.00 ŧ. Signed anyway,
    // and handed to B.
    let op = Op::Send {
        currency: CurrencyId::Net,
        to: kb.account(),
        amount: 15_000,
        memo: String::new(),
    };
    let mut d = Draft::new(
        "coin.op",
        supernet_node::now(),
        serde_json::to_vec(&op).unwrap(),
    );
    d.seq = Some(1);
    d.refs = vec![Ref::Account(kb.account())];
    let forged = d.sign(&ka).unwrap();
    ingest(&b, &forged).await;
    let id = forged.id().to_string();
    until(&b, "B declines it", || async {
        transfer(&b, &id)
            .await
            .is_some_and(|t| t["status"] == "declined")
    })
    .await;
    let t = transfer(&b, &id).await.unwrap();
    assert!(
        t["reason"]
            .as_str()
            .unwrap()
            .contains("below the limit of -100.00 ŧ"),
        "{t}"
    );
    assert_eq!(
        balance_of(&b, &kb.account(), "net").await.as_deref(),
        Some("0.00")
    );
}
