//! superSocial between three real processes on loopback: a thread seen by a follower of the
//! post's author, encrypted messages relayed by a node that cannot read them, posts for an
//! audience found by search only where they can be opened, a group that loses a member,
//! expiry and deletion everywhere, and a block that stops storing.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use super::{Daemon, fails, init, ok, supernet, ticket_of, wait_on_notices};

fn call(dir: &Path, method: &str, input: Value) -> Value {
    serde_json::from_str(&ok(supernet(dir).args([
        "call",
        method,
        &input.to_string(),
    ])))
    .unwrap()
}

/// Texts of the comments in a thread (none when it is not here).
fn comments(dir: &Path, root: &str) -> Vec<String> {
    let out = super::run(supernet(dir).args([
        "call",
        "social.thread",
        &json!({ "id": root }).to_string(),
    ]));
    if !out.status.success() {
        return vec![];
    }
    let thread: Value = serde_json::from_slice(&out.stdout).unwrap();
    thread["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn holds(dir: &Path, id: &str) -> bool {
    super::run(supernet(dir).args(["call", "events.get", &json!({ "id": id }).to_string()]))
        .status
        .success()
}

fn count_of_kind(dir: &Path, kind: &str) -> usize {
    call(dir, "events.query", json!({ "kinds": [kind] }))["events"]
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn three_nodes_talk_relay_sealed_messages_expire_delete_and_block() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        root.path().join("a"),
        root.path().join("b"),
        root.path().join("c"),
    );
    let (id_a, id_b, id_c) = (init(&a, "alice"), init(&b, "bob"), init(&c, "carol"));
    let (da, db, dc) = (
        Daemon::start(&a, &[]),
        Daemon::start(&b, &[]),
        Daemon::start(&c, &[]),
    );
    for dir in [&a, &b, &c] {
        call(dir, "chat.conversations", json!({}));
    }
    // A and B follow each other; C follows both; A follows C too (to add C to a group, A
    // needs C's chat key, which comes with C's events).
    ok(supernet(&a).args(["follow", &ticket_of(&b)]));
    ok(supernet(&a).args(["follow", &ticket_of(&c)]));
    ok(supernet(&b).args(["follow", &ticket_of(&a)]));
    ok(supernet(&c).args(["follow", &ticket_of(&a)]));
    ok(supernet(&c).args(["follow", &ticket_of(&b)]));

    // A comments on B's post; C sees the thread.
    let post = call(&b, "social.post", json!({ "text": "Bob asks: what next?" }))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_on_notices(&da, "A has B's post", || holds(&a, &post));
    call(
        &a,
        "social.post",
        json!({ "text": "Alice: a ledger", "reply_to": post }),
    );
    wait_on_notices(&dc, "C sees A's comment", || {
        comments(&c, &post) == ["Alice: a ledger"]
    });

    // A writes to B; C holds the ciphertext and cannot read it; B reads it.
    // A can write to B and C once their chat keys are in its chat tables.
    let can_write = |id: &str| {
        super::run(supernet(&a).args(["call", "chat.start", &json!({ "account": id }).to_string()]))
            .status
            .success()
    };
    wait_on_notices(&da, "A has B's and C's chat keys", || {
        can_write(&id_b) && can_write(&id_c)
    });
    let dm = call(&a, "chat.start", json!({ "account": id_b }))["conv"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &a,
        "chat.send",
        json!({ "conv": dm, "text": "a secret for Bob" }),
    );
    wait_on_notices(&db, "B reads A's message", || {
        call(&b, "chat.messages", json!({ "conv": dm }))["messages"][0]["text"]
            == "a secret for Bob"
    });
    wait_on_notices(&dc, "C holds A's message", || {
        count_of_kind(&c, "chat.message") == 1
    });
    let held = call(
        &c,
        "events.query",
        json!({ "kinds": ["chat.message", "chat.group"] }),
    );
    assert!(!held.to_string().contains("a secret for Bob"));
    let (code, _) =
        fails(supernet(&c).args(["call", "chat.messages", &json!({ "conv": dm }).to_string()]));
    assert_eq!(code, "permission_denied");

    // A's followers-only post: B, a follower, finds it by its words. A's post for B alone:
    // C holds it and finds nothing of it.
    let search = |dir: &Path, query: &str| -> Vec<String> {
        call(dir, "social.search", json!({ "query": query }))["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["text"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    call(
        &a,
        "social.post",
        json!({ "text": "Seedlings to give away", "audience": "followers" }),
    );
    let for_b = call(
        &a,
        "social.post",
        json!({ "text": "Seedlings kept for Bob", "audience": "list", "to": [id_b] }),
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_on_notices(&db, "B finds A's posts for it", || {
        search(&b, "seedlings") == ["Seedlings kept for Bob", "Seedlings to give away"]
    });
    wait_on_notices(&dc, "C holds A's post for B", || holds(&c, &for_b));
    assert_eq!(search(&c, "kept for Bob"), Vec::<String>::new());

    // A group loses C, who cannot read what follows.
    let group = call(
        &a,
        "chat.create_group",
        json!({ "name": "Friends", "members": [id_b, id_c] }),
    )["conv"]
        .as_str()
        .unwrap()
        .to_owned();
    call(&a, "chat.send", json!({ "conv": group, "text": "hi both" }));
    wait_on_notices(&dc, "C reads the group", || {
        super::run(supernet(&c).args([
            "call",
            "chat.messages",
            &json!({ "conv": group }).to_string(),
        ]))
        .stdout
        .windows(7)
        .any(|w| w == b"hi both")
    });
    call(
        &a,
        "chat.remove_member",
        json!({ "conv": group, "account": id_c }),
    );
    call(&a, "chat.send", json!({ "conv": group, "text": "just us" }));
    wait_on_notices(&db, "B reads the second group message", || {
        call(&b, "chat.messages", json!({ "conv": group }))["messages"][0]["text"] == "just us"
    });
    wait_on_notices(&dc, "C holds the second group message", || {
        call(&c, "chat.messages", json!({ "conv": group }))["messages"]
            .as_array()
            .unwrap()
            .len()
            == 2
    });
    let seen_by_c = call(&c, "chat.messages", json!({ "conv": group }));
    assert_eq!(seen_by_c["messages"][0]["text"], Value::Null, "{seen_by_c}");
    assert!(!seen_by_c.to_string().contains("just us"));

    // An expiring post disappears from all three.
    let expires_at = super::now_ms() + 5_000;
    let brief = call(
        &b,
        "social.post",
        json!({ "text": "brief", "expires_at": expires_at }),
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_on_notices(&dc, "C has the brief post", || holds(&c, &brief));
    wait_on_notices(&da, "A has the brief post", || holds(&a, &brief));
    std::thread::sleep(Duration::from_millis(
        expires_at.saturating_sub(super::now_ms()),
    ));
    for (daemon, dir, name) in [(&da, &a, "A"), (&db, &b, "B"), (&dc, &c, "C")] {
        wait_on_notices(daemon, &format!("{name} deletes the expired post"), || {
            !holds(dir, &brief)
        });
    }

    // A deletion request removes B's first post everywhere.
    call(&b, "social.delete", json!({ "id": post }));
    for (daemon, dir, name) in [(&da, &a, "A"), (&dc, &c, "C")] {
        wait_on_notices(daemon, &format!("{name} deletes B's post"), || {
            !holds(dir, &post)
        });
        let tomb = call(dir, "events.deleted", json!({ "ids": [post] }));
        assert_eq!(tomb["deleted"][0]["author"], id_b);
    }

    // B blocks A: A's events leave B, and new ones are not stored there.
    call(&b, "social.block", json!({ "account": id_a }));
    assert!(
        call(&b, "events.query", json!({ "authors": [id_a] }))["events"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let later = call(&a, "social.post", json!({ "text": "after the block" }))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_on_notices(&dc, "C has A's later post", || holds(&c, &later));
    assert!(!holds(&b, &later), "B stores nothing of A");
    ok(supernet(&b).args(["call", "sync.status"]));
    assert!(
        call(&b, "events.query", json!({ "authors": [id_a] }))["events"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    drop((da, db, dc));
}
