//! superSocial through the node's API: threads, reactions, edits, quotes, profiles,
//! hashtags, search, notifications, deletion and moderation — on one node, and across
//! three nodes on loopback.

use serde_json::{Value, json};
use supernet_core::{ErrorCode, SecretKey};
use supernet_node::network::NetworkConfig;
use supernet_node::{Caller, Node, NodeConfig};

use crate::support::{call, until};

async fn code_of(node: &Node, method: &str, input: Value) -> ErrorCode {
    node.call(&Caller::owner(), method, input)
        .await
        .expect_err(method)
        .code
}

async fn alone() -> Node {
    Node::open_with_key(
        NodeConfig::default(),
        SecretKey::generate(),
        Some("solo".into()),
    )
    .await
    .unwrap()
}

fn texts(page: &Value) -> Vec<String> {
    page["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_owned())
        .collect()
}

async fn post(node: &Node, input: Value) -> String {
    call(node, "social.post", input).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_thread_with_reactions_edits_and_quotes_reads_as_written() {
    let node = alone().await;
    call(
        &node,
        "social.set_profile",
        json!({ "name": "Ada", "bio": "engines", "links": ["https://example.org"] }),
    )
    .await;
    let root = post(&node, json!({ "text": "What should we build? #Rust #p2p" })).await;
    let first = post(&node, json!({ "text": "a ledger", "reply_to": root })).await;
    let second = post(&node, json!({ "text": "a feed", "reply_to": first })).await;

    let thread = call(&node, "social.thread", json!({ "id": second })).await;
    assert_eq!(
        thread["root"]["id"],
        root.as_str(),
        "a comment's thread is its root's"
    );
    let comments: Vec<&str> = thread["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(comments, ["a ledger", "a feed"]);
    assert_eq!(thread["comments"][1]["reply_to"]["parent"], first.as_str());
    assert_eq!(thread["comments"][1]["reply_to"]["root"], root.as_str());
    assert_eq!(thread["root"]["replies"], 1);
    assert_eq!(thread["root"]["author_name"], "Ada");
    assert_eq!(thread["root"]["tags"], json!(["rust", "p2p"]));

    // Reactions: one per account and emoji, withdrawn by deleting.
    call(
        &node,
        "social.react",
        json!({ "id": root, "reaction": "🚀" }),
    )
    .await;
    let again = call(
        &node,
        "social.react",
        json!({ "id": root, "reaction": "🚀" }),
    )
    .await;
    assert_eq!(
        again["post"]["reactions"],
        json!([{ "reaction": "🚀", "count": 1, "mine": true }])
    );
    let gone = call(
        &node,
        "social.unreact",
        json!({ "id": root, "reaction": "🚀" }),
    )
    .await;
    assert_eq!(gone["post"]["reactions"], json!(null));
    assert_eq!(
        code_of(
            &node,
            "social.react",
            json!({ "id": root, "reaction": "two words" })
        )
        .await,
        ErrorCode::InvalidInput
    );

    // Edits: the view shows the newest; the history keeps every version.
    let edited = call(
        &node,
        "social.edit",
        json!({ "id": first, "text": "a ledger and a wallet" }),
    )
    .await;
    assert_eq!(edited["text"], "a ledger and a wallet");
    assert!(edited["edited_at"].as_u64().is_some());
    let history = call(&node, "social.history", json!({ "id": first })).await;
    let versions: Vec<&str> = history["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["text"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["a ledger", "a ledger and a wallet"]);

    let quoting = call(
        &node,
        "social.post",
        json!({ "text": "see", "quote": first }),
    )
    .await;
    assert_eq!(
        quoting["quote"]["text"], "a ledger and a wallet",
        "a quote shows the newest version"
    );
    call(&node, "social.delete", json!({ "id": quoting["id"] })).await;

    // Quotes and reposts carry the quoted post.
    let repost = call(&node, "social.post", json!({ "quote": root })).await;
    assert_eq!(repost["quote"]["found"], true);
    assert_eq!(repost["quote"]["text"], "What should we build? #Rust #p2p");

    // Hashtags and search (edited text is found too; FTS syntax is text, not commands).
    let tagged = call(&node, "social.tag", json!({ "tag": "#RUST" })).await;
    assert_eq!(texts(&tagged), ["What should we build? #Rust #p2p"]);
    let found = call(&node, "social.search", json!({ "query": "wall" })).await;
    assert_eq!(texts(&found), ["a ledger and a wallet"]);
    let odd = call(
        &node,
        "social.search",
        json!({ "query": "build\" OR NEAR(x*" }),
    )
    .await;
    assert_eq!(texts(&odd), Vec::<String>::new());
    assert_eq!(
        code_of(&node, "social.search", json!({ "query": "  ** " })).await,
        ErrorCode::InvalidInput
    );

    // The home timeline has posts and reposts, not comments.
    let home = call(&node, "social.timeline", json!({})).await;
    assert_eq!(home["posts"].as_array().unwrap().len(), 2);

    // Deleting: gone from views, named in the thread with when.
    let deleted = call(&node, "social.delete", json!({ "id": first })).await;
    let thread = call(&node, "social.thread", json!({ "id": root })).await;
    let comments: Vec<&str> = thread["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(comments, ["a feed"]);
    assert_eq!(thread["deleted"][0]["id"], first.as_str());
    assert_eq!(thread["deleted"][0]["deleted_at"], deleted["deleted_at"]);
    assert_eq!(
        texts(&call(&node, "social.search", json!({ "query": "wallet" })).await),
        Vec::<String>::new()
    );
    assert_eq!(
        code_of(&node, "social.history", json!({ "id": first })).await,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn a_deleted_event_arriving_again_is_not_stored() {
    let node = alone().await;
    let id = post(&node, json!({ "text": "regret" })).await;
    let wire = call(&node, "events.get", json!({ "id": id })).await["wire"].clone();
    call(
        &node,
        "events.delete",
        json!({ "ids": [id], "reason": "typo" }),
    )
    .await;
    let again = call(&node, "events.ingest", json!({ "wire": wire })).await;
    assert_eq!(
        again["stored"], false,
        "a tombstoned event is not stored again: {again}"
    );
    let deleted = call(&node, "events.deleted", json!({})).await;
    assert_eq!(deleted["deleted"][0]["id"], id.as_str());

    // Only the author can delete.
    let other = alone().await;
    let theirs = post(&other, json!({ "text": "mine" })).await;
    let wire = call(&other, "events.get", json!({ "id": theirs })).await["wire"].clone();
    call(&node, "events.ingest", json!({ "wire": wire })).await;
    assert_eq!(
        code_of(&node, "events.delete", json!({ "ids": [theirs] })).await,
        ErrorCode::PermissionDenied
    );
    assert_eq!(
        code_of(&node, "social.delete", json!({ "id": theirs })).await,
        ErrorCode::PermissionDenied
    );
    assert_eq!(
        code_of(&node, "events.delete", json!({ "ids": [] })).await,
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn mutes_hide_and_blocks_delete() {
    let node = alone().await;
    let other = alone().await;
    let ingest = |text: &'static str| {
        let other = &other;
        let node = &node;
        async move {
            let id = post(other, json!({ "text": text })).await;
            let wire = call(other, "events.get", json!({ "id": id })).await["wire"].clone();
            call(node, "events.ingest", json!({ "wire": wire })).await;
        }
    };
    ingest("spoilers ahead").await;
    ingest("plain news #tv").await;
    let all = call(&node, "social.feed", json!({})).await;
    assert_eq!(texts(&all).len(), 2);

    assert_eq!(
        code_of(&node, "social.feed", json!({ "replies": true })).await,
        ErrorCode::InvalidInput,
        "comments go with an author page"
    );
    call(&node, "social.mute_word", json!({ "word": "Spoilers" })).await;
    assert_eq!(
        texts(&call(&node, "social.feed", json!({})).await),
        ["plain news #tv"]
    );
    call(&node, "social.mute_word", json!({ "word": "#TV" })).await;
    assert_eq!(
        texts(&call(&node, "social.feed", json!({})).await),
        Vec::<String>::new()
    );
    call(&node, "social.unmute_word", json!({ "word": "spoilers" })).await;
    call(&node, "social.unmute_word", json!({ "word": "#tv" })).await;
    assert_eq!(texts(&call(&node, "social.feed", json!({})).await).len(), 2);

    let account = call(&other, "identity.get", Value::Null).await["account"].clone();
    let view = call(&node, "social.mute", json!({ "account": account })).await;
    assert_eq!(view["settings"]["muted"], json!([account]));
    assert_eq!(texts(&call(&node, "social.feed", json!({})).await).len(), 0);
    call(&node, "social.unmute", json!({ "account": account })).await;

    let view = call(&node, "social.block", json!({ "account": account })).await;
    assert_eq!(view["blocked"], json!([account]));
    let info = call(&node, "node.info", Value::Null).await;
    assert_eq!(info["events"], 0, "a blocked account's events are deleted");
    let profile = call(&node, "social.profile", json!({ "account": account })).await;
    assert_eq!(profile["blocked"], true);
    assert_eq!(
        code_of(
            &node,
            "social.block",
            json!({ "account": call(&node, "identity.get", Value::Null).await["account"] })
        )
        .await,
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn a_followed_block_list_hides_the_accounts_it_reports() {
    let node = alone().await;
    let list = alone().await;
    let spammer = alone().await;
    let carry = |from: &Node, id: String| {
        let (from, node) = (from.clone(), node.clone());
        async move {
            let wire = call(&from, "events.get", json!({ "id": id })).await["wire"].clone();
            call(&node, "events.ingest", json!({ "wire": wire })).await;
        }
    };
    let account = |n: &Node| {
        let n = n.clone();
        async move { call(&n, "identity.get", Value::Null).await["account"].clone() }
    };
    let (list_account, spammer_account) = (account(&list).await, account(&spammer).await);
    carry(
        &spammer,
        post(&spammer, json!({ "text": "cheap pills" })).await,
    )
    .await;
    let report = call(
        &list,
        "social.report",
        json!({ "account": spammer_account, "reason": "spam", "block": false }),
    )
    .await;
    carry(&list, report["report"].as_str().unwrap().to_owned()).await;
    assert_eq!(
        texts(&call(&node, "social.feed", json!({})).await),
        ["cheap pills"]
    );

    let view = call(
        &node,
        "social.follow_list",
        json!({ "account": list_account }),
    )
    .await;
    assert_eq!(view["settings"]["lists"], json!([list_account]));
    assert!(texts(&call(&node, "social.feed", json!({})).await).is_empty());
    let author = json!({ "author": spammer_account });
    assert!(texts(&call(&node, "social.feed", author.clone()).await).is_empty());
    let profile = call(
        &node,
        "social.profile",
        json!({ "account": spammer_account }),
    )
    .await;
    assert_eq!(profile["hidden"], "on a block list you follow");
    assert_eq!(profile["posts"], 1);

    let view = call(
        &node,
        "social.unfollow_list",
        json!({ "account": list_account }),
    )
    .await;
    assert_eq!(view["settings"]["lists"], json!([]));
    assert_eq!(
        texts(&call(&node, "social.feed", author).await),
        ["cheap pills"]
    );
    assert_eq!(
        code_of(
            &node,
            "social.follow_list",
            json!({ "account": account(&node).await })
        )
        .await,
        ErrorCode::InvalidInput,
        "a node's own account is no block list"
    );
}

/// A node on a data directory of its own, with a new account named `name`, on loopback.
async fn member(name: &str) -> (Node, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let node = Node::open(NodeConfig {
        data_dir: Some(dir.path().to_owned()),
        local_only: true,
    })
    .await
    .unwrap();
    call(&node, "identity.create", json!({ "name": name })).await;
    node.start_network(NetworkConfig::local()).await.unwrap();
    (node, dir)
}

async fn account(node: &Node) -> Value {
    call(node, "identity.get", Value::Null).await["account"].clone()
}

async fn follow(node: &Node, other: &Node) {
    let ticket = call(other, "net.ticket", Value::Null).await["ticket"].clone();
    call(node, "social.follow", json!({ "ticket": ticket })).await;
}

async fn comments(node: &Node, root: &str) -> Vec<String> {
    match node
        .call(&Caller::owner(), "social.thread", json!({ "id": root }))
        .await
    {
        Ok(thread) => thread["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap().to_owned())
            .collect(),
        Err(_) => vec![],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_share_a_thread_deletions_and_blocks() {
    let (a, _da) = member("A").await;
    let (b, _db) = member("B").await;
    let (c, _dc) = member("C").await;
    // A and C follow B; C does not follow A.
    follow(&a, &b).await;
    follow(&c, &b).await;
    follow(&b, &a).await;
    let root = post(&b, json!({ "text": "B asks: thoughts?" })).await;
    until(&a, "A has B's post", || async {
        !texts(&call(&a, "social.timeline", json!({})).await).is_empty()
    })
    .await;
    until(&c, "C has B's post", || async {
        !texts(&call(&c, "social.timeline", json!({})).await).is_empty()
    })
    .await;

    // A comments; C, who follows B only, sees the thread.
    post(&a, json!({ "text": "A answers", "reply_to": root })).await;
    until(&c, "C sees A's comment", || async {
        comments(&c, &root).await == ["A answers"]
    })
    .await;
    until(&b, "B is told of the reply", || async {
        let n = call(&b, "social.notifications", json!({})).await;
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["what"] == "reply")
            && n["unread"].as_u64() > Some(0)
    })
    .await;
    call(&b, "social.notifications_seen", json!({})).await;
    assert_eq!(
        call(&b, "social.unread", json!({})).await["notifications"],
        0
    );

    // B deletes its post: gone from every node.
    call(&b, "social.delete", json!({ "id": root })).await;
    for (node, name) in [(&a, "A"), (&c, "C")] {
        until(node, &format!("{name} deletes B's post"), || async {
            texts(&call(node, "social.timeline", json!({})).await).is_empty()
        })
        .await;
        let tomb = call(node, "events.deleted", json!({ "ids": [root] })).await;
        assert_eq!(
            tomb["deleted"].as_array().unwrap().len(),
            1,
            "{name} knows when it was deleted"
        );
    }

    // B blocks A: what B held of A is deleted, and A's new posts are not stored at B.
    let a_account = account(&a).await;
    call(&b, "social.block", json!({ "account": a_account })).await;
    let page = call(
        &b,
        "social.feed",
        json!({ "author": a_account, "replies": true }),
    )
    .await;
    assert_eq!(texts(&page), Vec::<String>::new());
    let marker = post(&b, json!({ "text": "B after the block" })).await;
    until(&a, "A has B's later post", || async {
        a.call(&Caller::owner(), "events.get", json!({ "id": marker }))
            .await
            .is_ok()
    })
    .await;
    post(
        &a,
        json!({ "text": "A after the block", "reply_to": marker }),
    )
    .await;
    // C, following A now too, gets A's comment on B's post; B never stores it.
    follow(&c, &a).await;
    until(&c, "C sees A's later comment", || async {
        comments(&c, &marker).await == ["A after the block"]
    })
    .await;
    assert_eq!(comments(&b, &marker).await, Vec::<String>::new());
    let held = call(&b, "events.query", json!({ "authors": [a_account] })).await;
    assert_eq!(held["events"].as_array().unwrap().len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_for_an_audience_reach_only_it() {
    let (a, _da) = member("A").await;
    let (b, _db) = member("B").await;
    let (c, _dc) = member("C").await;
    for n in [&a, &b, &c] {
        call(n, "chat.conversations", json!({})).await;
    }
    // A and C follow B; B follows A (so B knows A's chat key), not C.
    follow(&a, &b).await;
    follow(&c, &b).await;
    follow(&b, &a).await;
    let a_account = account(&a).await;
    until(&b, "B knows A follows it, and A's key", || async {
        let followers = call(&b, "social.followers", json!({})).await;
        // A's chat key is in B's chat tables once B can open a chat with A.
        let key = b
            .call(
                &Caller::owner(),
                "chat.start",
                json!({ "account": a_account }),
            )
            .await;
        followers["accounts"]
            .as_array()
            .unwrap()
            .contains(&a_account)
            && key.is_ok()
    })
    .await;

    let for_a = post(
        &b,
        json!({ "text": "just for A", "audience": "list", "to": [a_account] }),
    )
    .await;
    let private = post(
        &b,
        json!({ "text": "a note to self", "audience": "private" }),
    )
    .await;
    let followers = post(
        &b,
        json!({ "text": "followers only", "audience": "followers" }),
    )
    .await;
    let public = post(&b, json!({ "text": "for everyone" })).await;
    until(&a, "A reads what is for it", || async {
        let home = texts(&call(&a, "social.timeline", json!({})).await);
        home == ["for everyone", "followers only", "just for A"]
    })
    .await;
    let home = call(&a, "social.timeline", json!({})).await;
    assert_eq!(home["posts"][1]["audience"], "followers");
    // C stores and relays what it follows, and reads only the public post.
    until(&c, "C has all four", || async {
        let mut ids = vec![];
        for id in [&for_a, &private, &followers, &public] {
            ids.push(
                c.call(&Caller::owner(), "events.get", json!({ "id": id }))
                    .await
                    .is_ok(),
            );
        }
        ids.iter().all(|held| *held)
    })
    .await;
    assert_eq!(
        texts(&call(&c, "social.timeline", json!({})).await),
        ["for everyone"]
    );
    assert_eq!(
        texts(&call(&b, "social.timeline", json!({})).await).len(),
        4,
        "the author reads all"
    );
    // What cannot be opened cannot be commented on or quoted in the open.
    let code = c
        .call(
            &Caller::owner(),
            "social.react",
            json!({ "id": for_a, "reaction": "👍" }),
        )
        .await
        .unwrap_err()
        .code;
    assert_eq!(code, ErrorCode::PermissionDenied);
    let code = a
        .call(
            &Caller::owner(),
            "social.post",
            json!({ "text": "re", "reply_to": for_a }),
        )
        .await
        .unwrap_err()
        .code;
    assert_eq!(code, ErrorCode::InvalidInput);
    let stored = call(&c, "events.get", json!({ "id": for_a })).await;
    assert!(!stored.to_string().contains("just for A"));
}

/// Copies the event `id` from one node to another, as sync would.
async fn carry(from: &Node, to: &Node, id: &Value) {
    let wire = call(from, "events.get", json!({ "id": id })).await["wire"].clone();
    call(to, "events.ingest", json!({ "wire": wire })).await;
}

/// How many entries of the social full-text index match `query` (FTS5 syntax), whatever
/// post they stand for.
async fn indexed(node: &Node, query: &str) -> i64 {
    let mut reader = node.store().app_reader("social").await.unwrap();
    sqlx::query_scalar("SELECT count(*) FROM post_search WHERE post_search MATCH ?")
        .bind(query)
        .fetch_one(reader.conn())
        .await
        .unwrap()
}

#[tokio::test]
async fn search_finds_the_sealed_posts_this_account_can_open() {
    let author = alone().await;
    let reader = alone().await;
    let stranger = alone().await;
    // The reader's chat key reaches the author, who can then seal posts to it.
    call(&reader, "chat.conversations", json!({})).await;
    let reader_account = account(&reader).await;
    let keys = call(
        &reader,
        "events.query",
        json!({ "authors": [reader_account], "kinds": ["chat.key"] }),
    )
    .await;
    carry(&reader, &author, &keys["events"][0]["id"]).await;

    let listed = post(
        &author,
        json!({ "text": "Garden party on Sunday #picnic", "audience": "list", "to": [reader_account] }),
    )
    .await;
    let note = post(
        &author,
        json!({ "text": "garden: plant the beans", "audience": "private" }),
    )
    .await;
    let public = post(&author, json!({ "text": "My garden in spring" })).await;
    let search = |node: &Node, query: &str| {
        let (node, query) = (node.clone(), query.to_owned());
        async move { texts(&call(&node, "social.search", json!({ "query": query })).await) }
    };
    let tag = |node: &Node, tag: &str| {
        let (node, tag) = (node.clone(), tag.to_owned());
        async move { texts(&call(&node, "social.tag", json!({ "tag": tag })).await) }
    };
    assert_eq!(
        search(&author, "garden").await,
        [
            "My garden in spring",
            "garden: plant the beans",
            "Garden party on Sunday #picnic"
        ],
        "the author finds every post it wrote"
    );
    assert_eq!(
        tag(&author, "picnic").await,
        ["Garden party on Sunday #picnic"]
    );

    for id in [&listed, &note, &public] {
        carry(&author, &reader, &json!(id)).await;
        carry(&author, &stranger, &json!(id)).await;
    }
    // Indexed as it arrives (by the app's reactor), before anyone searches.
    let deadline = tokio::time::Instant::now() + crate::support::PATIENCE;
    while indexed(&reader, "party").await == 0 {
        assert!(tokio::time::Instant::now() < deadline, "indexed on arrival");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let found = call(&reader, "social.search", json!({ "query": "garden par" })).await;
    assert_eq!(texts(&found), ["Garden party on Sunday #picnic"]);
    assert_eq!(
        found["posts"][0]["audience"], "list",
        "shown as the feed shows it"
    );
    assert_eq!(
        search(&reader, "garden").await,
        ["My garden in spring", "Garden party on Sunday #picnic"],
        "another account's private note stays closed"
    );
    assert_eq!(
        tag(&reader, "#picnic").await,
        ["Garden party on Sunday #picnic"]
    );
    assert_eq!(search(&stranger, "garden").await, ["My garden in spring"]);
    assert_eq!(tag(&stranger, "picnic").await, Vec::<String>::new());
    assert_eq!(
        indexed(&stranger, "party").await,
        0,
        "nothing of it indexed"
    );
    let stored = call(&stranger, "events.get", json!({ "id": listed })).await;
    assert!(!stored.to_string().to_lowercase().contains("party"));

    // Deleted: out of the index on every node that opened it.
    call(&author, "social.delete", json!({ "id": listed })).await;
    let request = call(
        &author,
        "events.query",
        json!({ "kinds": ["node.delete"], "limit": 1 }),
    )
    .await;
    carry(&author, &reader, &request["events"][0]["id"]).await;
    for node in [&author, &reader] {
        assert_eq!(search(node, "party").await, Vec::<String>::new());
        assert_eq!(tag(node, "picnic").await, Vec::<String>::new());
        assert_eq!(indexed(node, "party").await, 0);
    }

    // Expired: the same.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    post(
        &author,
        json!({ "text": "a fleeting thought", "audience": "private", "expires_at": now + 1000 }),
    )
    .await;
    assert_eq!(search(&author, "fleeting").await, ["a fleeting thought"]);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    author.purge_expired().await.unwrap();
    assert_eq!(search(&author, "fleeting").await, Vec::<String>::new());
    assert_eq!(indexed(&author, "fleeting").await, 0);
}

#[tokio::test]
async fn hidden_replies_stay_within_reach_of_who_hid_them() {
    let owner = alone().await;
    let other = alone().await;
    let root = post(&owner, json!({ "text": "Ask me anything" })).await;
    carry(&owner, &other, &json!(root)).await;
    let rude = post(&other, json!({ "text": "a rude reply", "reply_to": root })).await;
    let kind = post(&other, json!({ "text": "a kind reply", "reply_to": root })).await;
    carry(&other, &owner, &json!(rude)).await;
    carry(&other, &owner, &json!(kind)).await;

    let view = call(&owner, "social.hide_reply", json!({ "id": rude })).await;
    assert_eq!(view["settings"]["hidden"], json!([rude]));
    assert_eq!(view["hidden_replies"][0]["text"], "a rude reply");
    let thread = call(&owner, "social.thread", json!({ "id": root })).await;
    assert_eq!(
        texts(&json!({ "posts": thread["comments"] })),
        ["a kind reply"]
    );
    assert_eq!(
        texts(&json!({ "posts": thread["hidden"] })),
        ["a rude reply"],
        "the thread names what its owner hid"
    );
    let moderation = call(&owner, "social.moderation", json!({})).await;
    assert_eq!(moderation["hidden_replies"][0]["id"], rude.as_str());

    let view = call(
        &owner,
        "social.hide_reply",
        json!({ "id": rude, "hidden": false }),
    )
    .await;
    assert_eq!(view["hidden_replies"], json!([]));
    let thread = call(&owner, "social.thread", json!({ "id": root })).await;
    assert_eq!(
        texts(&json!({ "posts": thread["comments"] })),
        ["a rude reply", "a kind reply"]
    );
    assert_eq!(thread["hidden"], json!([]));

    // A hidden reply deleted since can still be taken off the list.
    call(&owner, "social.hide_reply", json!({ "id": kind })).await;
    call(&other, "social.delete", json!({ "id": kind })).await;
    let request = call(
        &other,
        "events.query",
        json!({ "kinds": ["node.delete"], "limit": 1 }),
    )
    .await;
    carry(&other, &owner, &request["events"][0]["id"]).await;
    let view = call(&owner, "social.moderation", json!({})).await;
    assert_eq!(view["settings"]["hidden"], json!([kind]));
    assert_eq!(view["hidden_replies"], json!([]));
    let view = call(
        &owner,
        "social.hide_reply",
        json!({ "id": kind, "hidden": false }),
    )
    .await;
    assert_eq!(view["settings"]["hidden"], json!([]));
}
