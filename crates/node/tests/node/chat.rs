//! Encrypted chats across nodes on loopback: a direct message reaches its recipient through
//! a node that holds only ciphertext while the recipient is offline; a group re-keys when a
//! member leaves, and the former member cannot read what follows.

use std::time::Duration;

use serde_json::{Value, json};
use supernet_core::{ErrorCode, SecretKey};
use supernet_node::network::NetworkConfig;
use supernet_node::{Node, NodeConfig};

use crate::support::{call, try_call, until};

/// No periodic sync: only gossip and the sync on connecting move events.
fn config(bootstrap: Vec<String>) -> NetworkConfig {
    NetworkConfig {
        bootstrap,
        sync_every: Duration::from_secs(3600),
        ..NetworkConfig::local()
    }
}

async fn open(dir: &std::path::Path, key: &SecretKey, bootstrap: Vec<String>) -> Node {
    let node = Node::open_with_key(
        NodeConfig {
            data_dir: Some(dir.to_owned()),
            local_only: true,
        },
        SecretKey::from_seed(*key.seed()),
        None,
    )
    .await
    .unwrap();
    node.start_network(config(bootstrap)).await.unwrap();
    node
}

async fn ticket(node: &Node) -> Value {
    call(node, "net.ticket", Value::Null).await["ticket"].clone()
}

async fn follow(node: &Node, other: &Node) {
    call(
        node,
        "social.follow",
        json!({ "ticket": ticket(other).await }),
    )
    .await;
}

async fn bootstrap_of(node: &Node) -> Vec<String> {
    let card = supernet_net::Ticket::parse(ticket(node).await.as_str().unwrap()).unwrap();
    card.addresses
        .iter()
        .map(|addr| format!("{addr}/p2p/{}", card.peer))
        .collect()
}

/// Whether `node` can write to `account`: its chat key has reached the node's chat tables
/// (opening the direct chat needs exactly that).
async fn has_key_of(node: &Node, account: &supernet_core::AccountId) -> bool {
    try_call(node, "chat.start", json!({ "account": account.to_text() }))
        .await
        .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_direct_message_waits_at_a_mutual_peer_while_its_recipient_is_offline() {
    let (ka, kb, kc) = (
        SecretKey::generate(),
        SecretKey::generate(),
        SecretKey::generate(),
    );
    let (da, db, dc) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let a = open(da.path(), &ka, vec![]).await;
    let b = open(db.path(), &kb, vec![]).await;
    let c = open(dc.path(), &kc, vec![]).await;
    // B publishes its chat key; A follows B and receives it. C follows both (a mutual
    // peer); B follows no one.
    call(&b, "chat.conversations", json!({})).await;
    follow(&a, &b).await;
    follow(&c, &a).await;
    follow(&c, &b).await;
    let b_account = kb.account();
    until(&a, "A has B's chat key", || has_key_of(&a, &b_account)).await;
    b.close().await;

    // A writes while B is away, with a file of three sealed chunks.
    let photo = da.path().join("photo.jpg");
    let secret: Vec<u8> = b"NOT FOR RELAYS "
        .iter()
        .copied()
        .cycle()
        .take(150_000)
        .collect();
    std::fs::write(&photo, &secret).unwrap();
    let added = call(&a, "blobs.add", json!({ "path": photo })).await;
    let plain_hash = added["hash"].as_str().unwrap().to_owned();
    let conv = call(
        &a,
        "chat.start",
        json!({ "account": kb.account().to_text() }),
    )
    .await["conv"]
        .clone();
    call(
        &a,
        "chat.send",
        json!({ "conv": conv, "text": "meet at noon", "attachments": [{ "hash": plain_hash }] }),
    )
    .await;
    until(&c, "C holds A's message", || async {
        let page = call(&c, "events.query", json!({ "kinds": ["chat.message"] })).await;
        !page["events"].as_array().unwrap().is_empty()
    })
    .await;
    // C holds it and cannot read it.
    let held = call(
        &c,
        "events.query",
        json!({ "kinds": ["chat.message", "chat.group"] }),
    )
    .await;
    assert!(
        !held.to_string().contains("meet at noon"),
        "only ciphertext is stored at C"
    );
    let denied = try_call(&c, "chat.messages", json!({ "conv": conv }))
        .await
        .unwrap_err();
    assert_eq!(denied.code, ErrorCode::PermissionDenied);
    // C keeps the sealed file (and would serve it), never the file itself.
    let sealed_hash = Value::String(
        supernet_core::Attachment::in_body(&first_body(
            &call(&c, "events.query", json!({ "kinds": ["chat.message"] })).await,
        ))[0]
            .hash
            .clone(),
    );
    until(&c, "C holds the sealed file", || async {
        let list = call(&c, "blobs.list", json!({})).await;
        list["blobs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["hash"] == sealed_hash && b["complete"] == true)
    })
    .await;
    let list = call(&c, "blobs.list", json!({})).await;
    assert!(
        !list.to_string().contains(&plain_hash),
        "C never holds the opened file"
    );
    a.close().await;

    // B comes back, reaching only C, and reads it.
    let b = open(db.path(), &kb, bootstrap_of(&c).await).await;
    until(&b, "B reads A's message", || async {
        let list = call(&b, "chat.conversations", json!({})).await;
        list["conversations"][0]["last"]["text"] == "meet at noon"
    })
    .await;
    let list = call(&b, "chat.conversations", json!({})).await;
    assert_eq!(list["conversations"][0]["unread"], 1);
    assert_eq!(list["conversations"][0]["group"], false);
    let page = call(&b, "chat.messages", json!({ "conv": conv })).await;
    assert_eq!(page["messages"][0]["author"], ka.account().to_text());
    call(&b, "chat.read", json!({ "conv": conv })).await;
    assert_eq!(call(&b, "chat.unread", json!({})).await["messages"], 0);

    // B opens the file, fetched sealed from C while A is away, to exactly what A sent.
    let file = &page["messages"][0]["files"][0];
    assert_eq!(file["file"]["name"], "photo.jpg");
    assert_eq!(file["file"]["size"], secret.len());
    assert_eq!(file["sealed"], sealed_hash);
    let id = page["messages"][0]["id"].clone();
    let opened = call(&b, "chat.open_file", json!({ "message": id, "index": 0 })).await;
    assert_eq!(opened["ready"], true);
    assert_eq!(opened["file"]["hash"], plain_hash.as_str());
    let page = call(&b, "chat.messages", json!({ "conv": conv })).await;
    assert_eq!(page["messages"][0]["files"][0]["ready"], true);
    let past = try_call(&b, "chat.open_file", json!({ "message": id, "index": 1 }))
        .await
        .unwrap_err();
    assert_eq!(past.code, ErrorCode::InvalidInput);
    assert!(past.message.contains("it has 1"), "{}", past.message);
}

/// The body of the first event of an `events.query` page.
fn first_body(page: &Value) -> Vec<u8> {
    page["events"][0]["body"]
        .as_str()
        .unwrap()
        .as_bytes()
        .to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_removed_from_a_group_cannot_read_what_follows() {
    let (ka, kb, kc) = (
        SecretKey::generate(),
        SecretKey::generate(),
        SecretKey::generate(),
    );
    let (da, db, dc) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let a = open(da.path(), &ka, vec![]).await;
    let b = open(db.path(), &kb, vec![]).await;
    let c = open(dc.path(), &kc, vec![]).await;
    for n in [&a, &b, &c] {
        call(n, "chat.conversations", json!({})).await;
    }
    for (x, y) in [(&a, &b), (&a, &c), (&b, &a), (&c, &a)] {
        follow(x, y).await;
    }
    until(&a, "A has B's and C's keys", || async {
        has_key_of(&a, &kb.account()).await && has_key_of(&a, &kc.account()).await
    })
    .await;
    let members = json!([kb.account().to_text(), kc.account().to_text()]);
    let group = call(
        &a,
        "chat.create_group",
        json!({ "name": "Trip", "members": members, "ttl": 3_600_000 }),
    )
    .await;
    let conv = group["conv"].clone();
    assert_eq!(group["members"].as_array().unwrap().len(), 3);
    call(
        &a,
        "chat.send",
        json!({ "conv": conv, "text": "hello all" }),
    )
    .await;
    for (n, name) in [(&b, "B"), (&c, "C")] {
        until(n, &format!("{name} reads the first message"), || async {
            let page = try_call(n, "chat.messages", json!({ "conv": conv })).await;
            page.is_ok_and(|p| {
                p["messages"][0]["text"] == "hello all" && p["conversation"]["name"] == "Trip"
            })
        })
        .await;
    }
    let first = call(&b, "chat.messages", json!({ "conv": conv })).await;
    assert!(
        first["messages"][0]["expires_at"].as_u64().is_some(),
        "the group's lifetime applies"
    );

    // Only the creator manages the group.
    let refused = try_call(
        &b,
        "chat.remove_member",
        json!({ "conv": conv, "account": kc.account().to_text() }),
    )
    .await;
    assert_eq!(refused.unwrap_err().code, ErrorCode::PermissionDenied);

    let after = call(
        &a,
        "chat.remove_member",
        json!({ "conv": conv, "account": kc.account().to_text() }),
    )
    .await;
    assert_eq!(after["members"].as_array().unwrap().len(), 2);
    call(
        &a,
        "chat.send",
        json!({ "conv": conv, "text": "without C" }),
    )
    .await;
    until(&b, "B reads the second message", || async {
        let page = call(&b, "chat.messages", json!({ "conv": conv })).await;
        page["messages"][0]["text"] == "without C"
    })
    .await;
    until(&c, "C holds the second message", || async {
        let page = call(&c, "chat.messages", json!({ "conv": conv })).await;
        page["messages"].as_array().unwrap().len() == 2
    })
    .await;
    let page = call(&c, "chat.messages", json!({ "conv": conv })).await;
    assert_eq!(
        page["messages"][0]["text"],
        Value::Null,
        "C cannot read it: {page}"
    );
    assert!(page["messages"][0]["unreadable"].is_string());
    assert_eq!(
        page["messages"][1]["text"], "hello all",
        "what C could read stays readable"
    );
    assert_eq!(page["conversation"]["member"], false);
    let refused = try_call(
        &c,
        "chat.send",
        json!({ "conv": conv, "text": "let me in" }),
    )
    .await;
    assert_eq!(refused.unwrap_err().code, ErrorCode::PermissionDenied);
}
