//! The node's API as its callers see it: methods, typed errors with their exact codes for
//! every kind of bad input (each changing nothing), permissions, the ingest path for events
//! made elsewhere, and export/import.

mod chat;
mod coin;
mod gateway;
mod ledger;
mod network;
mod openapi;
mod social;
mod support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use supernet_core::{Draft, ErrorCode, MAX_CLOCK_SKEW_MS, SecretKey};
use supernet_node::apps::contract::NODE_READ;
use supernet_node::{Caller, Node, NodeConfig};

async fn node() -> (Node, SecretKey) {
    let key = SecretKey::generate();
    let twin = SecretKey::from_seed(*key.seed());
    let node = Node::open_with_key(NodeConfig::default(), twin, Some("alice".into()))
        .await
        .unwrap();
    (node, key)
}

async fn call(node: &Node, method: &str, input: Value) -> Result<Value, supernet_core::ApiError> {
    node.call(&Caller::owner(), method, input).await
}

async fn code_of(node: &Node, method: &str, input: Value) -> ErrorCode {
    call(node, method, input).await.unwrap_err().code
}

async fn event_count(node: &Node) -> u64 {
    call(node, "node.info", Value::Null).await.unwrap()["events"]
        .as_u64()
        .unwrap()
}

fn wire_of(draft: &Draft, key: &SecretKey) -> Vec<u8> {
    draft.sign(key).unwrap().wire().to_vec()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn post_draft(text: &str) -> Draft {
    Draft::new(
        "social.post",
        supernet_node::now(),
        serde_json::to_vec(&json!({ "text": text })).unwrap(),
    )
}

#[tokio::test]
async fn a_post_appears_in_the_feed_and_as_an_event() {
    let (node, key) = node().await;
    let post = call(
        &node,
        "social.post",
        json!({"text": "Hello **world**", "title": "First"}),
    )
    .await
    .unwrap();
    assert_eq!(post["author"], key.account().to_text());
    let feed = call(&node, "social.feed", Value::Null).await.unwrap();
    assert_eq!(feed["posts"][0]["id"], post["id"]);
    assert_eq!(feed["posts"][0]["title"], "First");
    assert_eq!(feed["posts"][0]["text"], "Hello **world**");

    let event = call(&node, "events.get", json!({"id": post["id"]}))
        .await
        .unwrap();
    assert_eq!(event["kind"], "social.post");
    assert_eq!(event["author"], key.account().to_text());
    let wire = URL_SAFE_NO_PAD
        .decode(event["wire"].as_str().unwrap())
        .unwrap();
    let decoded = supernet_core::Event::decode(wire).unwrap();
    assert!(
        decoded.verify(supernet_node::now()).is_ok(),
        "the wire bytes verify anywhere"
    );
}

#[tokio::test]
async fn the_feed_pages_through_every_post_once() {
    let (node, _) = node().await;
    for i in 0..23 {
        call(&node, "social.post", json!({"text": format!("post {i}")}))
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut input = json!({"limit": 10});
    loop {
        let page = call(&node, "social.feed", input.clone()).await.unwrap();
        for p in page["posts"].as_array().unwrap() {
            seen.push(p["text"].as_str().unwrap().to_owned());
        }
        match page.get("next") {
            Some(next) => input["before"] = next.clone(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 23);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 23);
}

#[tokio::test]
async fn events_query_filters_by_author_kind_and_time() {
    let (node, key) = node().await;
    let other = SecretKey::generate();
    call(&node, "social.post", json!({"text": "mine"}))
        .await
        .unwrap();
    let wire = wire_of(&post_draft("theirs"), &other);
    call(&node, "events.ingest", json!({"wire": b64(&wire)}))
        .await
        .unwrap();

    let mine = call(&node, "events.query", json!({"authors": [key.account()]}))
        .await
        .unwrap();
    assert_eq!(mine["events"].as_array().unwrap().len(), 1);
    let all = call(
        &node,
        "events.query",
        json!({"kinds": ["social.post"], "limit": 10}),
    )
    .await
    .unwrap();
    assert_eq!(all["events"].as_array().unwrap().len(), 2);
    let none = call(&node, "events.query", json!({"until": 1000}))
        .await
        .unwrap();
    assert!(none["events"].as_array().unwrap().is_empty());
    assert_eq!(
        code_of(&node, "events.query", json!({"kinds": ["Bad Kind"]})).await,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code_of(&node, "events.query", json!({"limit": 5000})).await,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code_of(&node, "events.query", json!({"before": "%%%"})).await,
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn api_methods_describes_every_method_with_schemas() {
    let (node, _) = node().await;
    let out = call(&node, "api.methods", Value::Null).await.unwrap();
    let names: Vec<&str> = out["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    for expected in [
        "node.info",
        "identity.get",
        "social.post",
        "social.feed",
        "events.get",
        "events.query",
        "api.methods",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    for m in out["methods"].as_array().unwrap() {
        assert!(
            m["input"].is_object() && m["output"].is_object(),
            "{}",
            m["name"]
        );
        assert!(!m["description"].as_str().unwrap().is_empty());
    }
    let post = out["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "social.post")
        .unwrap();
    assert_eq!(post["signs"], true);
    assert!(post["input"]["properties"]["text"].is_object());
    assert!(
        out["error_codes"]
            .as_array()
            .unwrap()
            .contains(&json!("bad_signature"))
    );
}

#[tokio::test]
async fn identity_get_reports_the_account() {
    let (node, key) = node().await;
    let id = call(&node, "identity.get", Value::Null).await.unwrap();
    assert_eq!(id["account"], key.account().to_text());
    assert_eq!(id["name"], "alice");
    assert_eq!(id["state"], "unlocked");
}

#[tokio::test]
async fn each_bad_event_gets_its_exact_code_and_changes_nothing() {
    let (node, _) = node().await;
    let author = SecretKey::generate();
    let now = supernet_node::now();
    let good = wire_of(&post_draft("fine"), &author);

    let mut bad_signature = good.clone();
    bad_signature[40] ^= 1;
    let mut wrong_id = good.clone();
    wrong_id[0] ^= 1;
    let mut unknown_version = good.clone();
    unknown_version[96] = 9;
    let mut trailing = good.clone();
    trailing.push(0);
    let mut future = post_draft("later");
    future.created_at = now + MAX_CLOCK_SKEW_MS + 60_000;
    let mut expired = post_draft("gone");
    expired.created_at = now - 10_000;
    expired.expires_at = Some(now - 1);
    let unknown_kind = Draft::new("nosuch.thing", now, b"{}".to_vec());
    let not_json = Draft::new("social.post", now, b"plain text".to_vec());
    let empty_post = Draft::new("social.post", now, br#"{"text":"   "}"#.to_vec());

    let cases: Vec<(&str, String, ErrorCode)> = vec![
        (
            "bad signature",
            b64(&bad_signature),
            ErrorCode::BadSignature,
        ),
        ("wrong id", b64(&wrong_id), ErrorCode::WrongId),
        (
            "unknown version",
            b64(&unknown_version),
            ErrorCode::UnknownVersion,
        ),
        ("trailing bytes", b64(&trailing), ErrorCode::MalformedEvent),
        (
            "truncated",
            b64(&good[..good.len() - 3]),
            ErrorCode::MalformedEvent,
        ),
        (
            "oversize",
            b64(&vec![0u8; supernet_core::MAX_EVENT_BYTES + 1]),
            ErrorCode::Oversize,
        ),
        (
            "future",
            b64(&wire_of(&future, &author)),
            ErrorCode::FutureTimestamp,
        ),
        (
            "expired",
            b64(&wire_of(&expired, &author)),
            ErrorCode::Expired,
        ),
        (
            "unknown kind",
            b64(&wire_of(&unknown_kind, &author)),
            ErrorCode::UnknownKind,
        ),
        (
            "body not JSON",
            b64(&wire_of(&not_json, &author)),
            ErrorCode::InvalidBody,
        ),
        (
            "blank post",
            b64(&wire_of(&empty_post, &author)),
            ErrorCode::InvalidBody,
        ),
        ("not base64", "@@@".to_owned(), ErrorCode::InvalidInput),
    ];
    for (what, wire, expected) in cases {
        let err = call(&node, "events.ingest", json!({ "wire": wire }))
            .await
            .unwrap_err();
        assert_eq!(err.code, expected, "{what}: {}", err.message);
        assert_eq!(event_count(&node).await, 0, "{what} changed nothing");
    }
    let ok = call(&node, "events.ingest", json!({ "wire": b64(&good) }))
        .await
        .unwrap();
    assert_eq!(ok["stored"], true);
    let again = call(&node, "events.ingest", json!({ "wire": b64(&good) }))
        .await
        .unwrap();
    assert_eq!(again["stored"], false, "the same event twice is a no-op");
    assert_eq!(event_count(&node).await, 1);
}

#[tokio::test]
async fn bad_calls_get_their_exact_codes() {
    let (node, _) = node().await;
    assert_eq!(
        code_of(&node, "no.such", Value::Null).await,
        ErrorCode::UnknownMethod
    );
    assert_eq!(
        code_of(&node, "social.post", json!({"text": 5})).await,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code_of(&node, "social.post", json!({"text": "x", "colour": "red"})).await,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code_of(&node, "social.post", json!({"text": "x", "title": "a\nb"})).await,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code_of(&node, "social.feed", json!({"limit": 0})).await,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code_of(&node, "events.get", json!({"id": "00".repeat(32)})).await,
        ErrorCode::NotFound
    );
    assert_eq!(
        code_of(&node, "events.export", json!({"path": "relative.export"})).await,
        ErrorCode::InvalidInput
    );
    assert_eq!(event_count(&node).await, 0);
}

#[tokio::test]
async fn scoped_callers_only_reach_what_they_were_granted() {
    let (node, _) = node().await;
    let reader = Caller::scoped([NODE_READ]);
    assert!(node.call(&reader, "node.info", Value::Null).await.is_ok());
    let err = node
        .call(&reader, "social.post", json!({"text": "hi"}))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    assert!(err.message.contains("social.write"));
    assert_eq!(event_count(&node).await, 0);
}

async fn node_in(dir: &std::path::Path) -> Node {
    Node::open(NodeConfig {
        data_dir: Some(dir.to_owned()),
        local_only: true,
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_new_node_is_onboarded_through_the_identity_methods() {
    let dir = tempfile::tempdir().unwrap();
    let node = node_in(dir.path()).await;
    let id = call(&node, "identity.get", Value::Null).await.unwrap();
    assert_eq!(id["state"], "none");
    assert_eq!(
        code_of(&node, "social.post", json!({"text": "too early"})).await,
        ErrorCode::KeystoreMissing
    );
    assert_eq!(
        code_of(&node, "identity.unlock", json!({"passphrase": "x"})).await,
        ErrorCode::KeystoreMissing
    );
    assert_eq!(
        code_of(&node, "identity.create", json!({"passphrase": ""})).await,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code_of(&node, "identity.create", json!({"name": "a\nb"})).await,
        ErrorCode::InvalidInput
    );

    let created = call(
        &node,
        "identity.create",
        json!({"name": "Alice", "passphrase": "pw"}),
    )
    .await
    .unwrap();
    let account = created["account"].as_str().unwrap().to_owned();
    assert_eq!(
        created["recovery_phrase"]
            .as_str()
            .unwrap()
            .split(' ')
            .count(),
        24
    );
    let id = call(&node, "identity.get", Value::Null).await.unwrap();
    assert_eq!(
        (
            id["state"].as_str(),
            id["account"].as_str(),
            id["protected"].as_bool()
        ),
        (Some("unlocked"), Some(account.as_str()), Some(true))
    );
    assert!(
        call(&node, "social.post", json!({"text": "hello"}))
            .await
            .is_ok()
    );
    assert_eq!(
        code_of(&node, "identity.create", Value::Null).await,
        ErrorCode::AlreadyExists
    );
    node.close().await;

    // Reopened, the protected key starts locked: reading works, signing waits for the passphrase.
    let node = node_in(dir.path()).await;
    assert_eq!(
        call(&node, "identity.get", Value::Null).await.unwrap()["state"],
        "locked"
    );
    assert_eq!(
        call(&node, "social.feed", Value::Null).await.unwrap()["posts"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        code_of(&node, "social.post", json!({"text": "hi"})).await,
        ErrorCode::Locked
    );
    assert_eq!(
        code_of(&node, "identity.unlock", json!({"passphrase": "nope"})).await,
        ErrorCode::WrongPassphrase
    );
    let id = call(&node, "identity.unlock", json!({"passphrase": "pw"}))
        .await
        .unwrap();
    assert_eq!(id["state"], "unlocked");
    assert!(
        call(&node, "social.post", json!({"text": "hi"}))
            .await
            .is_ok()
    );
    let id = call(&node, "identity.lock", Value::Null).await.unwrap();
    assert_eq!(id["state"], "locked");
    assert_eq!(
        code_of(&node, "social.post", json!({"text": "hi"})).await,
        ErrorCode::Locked
    );
}

#[tokio::test]
async fn the_recovery_phrase_restores_the_account_in_another_node() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = node_in(a.path()).await;
    let created = call(&first, "identity.create", json!({"passphrase": null}))
        .await
        .unwrap();
    let second = node_in(b.path()).await;
    let bad = call(
        &second,
        "identity.recover",
        json!({"phrase": "one two three"}),
    )
    .await
    .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidRecoveryPhrase);
    assert_eq!(
        call(&second, "identity.get", Value::Null).await.unwrap()["state"],
        "none",
        "a refused phrase changes nothing"
    );
    let restored = call(
        &second,
        "identity.recover",
        json!({"phrase": created["recovery_phrase"], "name": "Alice"}),
    )
    .await
    .unwrap();
    assert_eq!(restored["account"], created["account"]);
    assert_eq!(restored["state"], "unlocked");
    assert_eq!(restored["protected"], false);
    assert_eq!(
        code_of(&second, "identity.lock", Value::Null).await,
        ErrorCode::InvalidInput,
        "no passphrase to lock with"
    );

    // The restored node does not pay (sign chained records) until told to: the first
    // may still be paying, and two payers would fork the account's chain.
    let currency = json!({"name": "Hours", "symbol": "H", "decimals": 0, "start_limit": "10"});
    let refused = call(&second, "coin.create_currency", currency.clone())
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::PermissionDenied);
    assert!(
        refused.message.contains("Pay from this device"),
        "{}",
        refused.message
    );
    assert_eq!(event_count(&second).await, 0, "a refusal publishes nothing");
    let answer = call(&second, "net.set_paying", json!({"paying": true}))
        .await
        .unwrap();
    assert_eq!(answer["paying"], true);
    call(&second, "coin.create_currency", currency.clone())
        .await
        .unwrap();
    call(&first, "coin.create_currency", currency)
        .await
        .unwrap();
}

#[tokio::test]
async fn ingest_batches_stores_the_good_and_names_the_bad() {
    let (node, _) = node().await;
    let author = SecretKey::generate();
    let mut wires: Vec<Box<[u8]>> = (0..10)
        .map(|i| wire_of(&post_draft(&format!("p{i}")), &author).into())
        .collect();
    wires[3][50] ^= 1;
    wires[7] = b"garbage".to_vec().into();
    let dup = wires[0].clone();
    let outcome = node
        .ingest_batches(vec![wires[..5].to_vec(), wires[5..].to_vec(), vec![dup]])
        .await
        .unwrap();
    assert_eq!(outcome.inserted, 8);
    assert_eq!(outcome.duplicates, 1);
    assert_eq!(outcome.rejected_count, 2);
    let rejected: Vec<(usize, ErrorCode)> =
        outcome.rejected.iter().map(|r| (r.index, r.code)).collect();
    assert_eq!(
        rejected,
        [(3, ErrorCode::BadSignature), (7, ErrorCode::MalformedEvent)]
    );
    let feed = call(&node, "social.feed", Value::Null).await.unwrap();
    assert_eq!(feed["posts"].as_array().unwrap().len(), 8);
}

#[tokio::test]
async fn export_then_import_reproduces_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alice.export");
    let (alice, _) = node().await;
    for i in 0..5 {
        call(&alice, "social.post", json!({"text": format!("post {i}")}))
            .await
            .unwrap();
    }
    let out = call(&alice, "events.export", json!({"path": file}))
        .await
        .unwrap();
    assert_eq!(out["events"], 5);

    let (bob, _) = node().await;
    let out = call(&bob, "events.import", json!({"path": file}))
        .await
        .unwrap();
    assert_eq!(
        (out["inserted"].as_u64(), out["duplicates"].as_u64()),
        (Some(5), Some(0))
    );
    let a = call(&alice, "social.feed", Value::Null).await.unwrap();
    let b = call(&bob, "social.feed", Value::Null).await.unwrap();
    assert_eq!(a, b);
    let out = call(&bob, "events.import", json!({"path": file}))
        .await
        .unwrap();
    assert_eq!(
        (out["inserted"].as_u64(), out["duplicates"].as_u64()),
        (Some(0), Some(5))
    );
}

#[tokio::test]
async fn a_damaged_export_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alice.export");
    let (alice, _) = node().await;
    for i in 0..5 {
        call(&alice, "social.post", json!({"text": format!("post {i}")}))
            .await
            .unwrap();
    }
    call(&alice, "events.export", json!({"path": file}))
        .await
        .unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let (bob, _) = node().await;
    let damaged = dir.path().join("damaged.export");

    let check = |bytes: Vec<u8>, expected: ErrorCode| {
        let bob = bob.clone();
        let damaged = damaged.clone();
        async move {
            std::fs::write(&damaged, bytes).unwrap();
            let err = call(&bob, "events.import", json!({"path": damaged}))
                .await
                .unwrap_err();
            assert_eq!(err.code, expected, "{}", err.message);
            assert_eq!(event_count(&bob).await, 0);
        }
    };
    check(bytes[..bytes.len() - 50].to_vec(), ErrorCode::BadExportFile).await;
    check(bytes[..bytes.len() - 1].to_vec(), ErrorCode::BadExportFile).await;
    check(
        b"PK\x03\x04 a zip file, not an export".to_vec(),
        ErrorCode::BadExportFile,
    )
    .await;
    let mut tampered = bytes.clone();
    let at = bytes.len() - 60; // inside the last event's body
    tampered[at] ^= 1;
    check(tampered, ErrorCode::WrongId).await;
    let mut extra = bytes.clone();
    extra.push(0);
    check(extra, ErrorCode::BadExportFile).await;
    let missing = call(
        &bob,
        "events.import",
        json!({"path": dir.path().join("nope")}),
    )
    .await
    .unwrap_err();
    assert_eq!(missing.code, ErrorCode::Io);
}

#[tokio::test]
async fn change_notices_announce_new_posts() {
    let (node, _) = node().await;
    let mut notices = node.subscribe();
    let post = call(&node, "social.post", json!({"text": "live"}))
        .await
        .unwrap();
    let notice = tokio::time::timeout(std::time::Duration::from_secs(5), notices.recv())
        .await
        .unwrap()
        .unwrap();
    let json = serde_json::to_value(notice.as_ref()).unwrap();
    assert_eq!(json["type"], "events");
    assert_eq!(json["events"][0]["id"], post["id"]);
    assert_eq!(json["events"][0]["kind"], "social.post");
}
