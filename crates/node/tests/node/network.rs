//! Nodes on a real libp2p network over loopback, in one process: following by ticket and
//! through the DHT, live gossip, catching up after partitions, and hostile peers.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use supernet_core::sync::{Filter, Key, Range, SyncSource};
use supernet_core::{AccountId, Draft, EventId, SecretKey};
use supernet_net::{Net, PeerId};
use supernet_node::network::NetworkConfig;
use supernet_node::{Caller, Node, NodeConfig};

/// How long anything may take to arrive: generous for a loaded 2-core machine.
const PATIENCE: Duration = Duration::from_secs(60);

struct Peer {
    node: Node,
    account: AccountId,
    _dir: Option<tempfile::TempDir>,
}

async fn peer() -> Peer {
    let key = SecretKey::generate();
    let account = key.account();
    let node = Node::open_with_key(NodeConfig::default(), key, None)
        .await
        .unwrap();
    node.start_network(NetworkConfig::local()).await.unwrap();
    Peer {
        node,
        account,
        _dir: None,
    }
}

/// The node of `key` on the data directory `dir`, on the network with `config`.
async fn open_in(dir: &std::path::Path, key: &SecretKey, config: NetworkConfig) -> Node {
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
    node.start_network(config).await.unwrap();
    node
}

/// A new in-memory node with a new account, on the network with `config`.
async fn fresh(config: NetworkConfig) -> Node {
    let node = Node::open(NodeConfig::default()).await.unwrap();
    call(&node, "identity.create", json!({ "name": "someone" })).await;
    node.start_network(config).await.unwrap();
    node
}

async fn call(node: &Node, method: &str, input: Value) -> Value {
    node.call(&Caller::owner(), method, input)
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

async fn ticket(node: &Node) -> String {
    call(node, "net.ticket", Value::Null).await["ticket"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn post(node: &Node, text: &str) -> String {
    call(node, "social.post", json!({ "text": text })).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn texts(node: &Node) -> BTreeSet<String> {
    let feed = call(node, "social.feed", json!({ "limit": 500 })).await;
    feed["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits, on the node's change notices, until its feed holds every one of `wanted`.
async fn wait_for_posts(node: &Node, wanted: &[&str]) {
    let mut notices = node.subscribe();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let have = texts(node).await;
        if wanted.iter().all(|w| have.contains(*w)) {
            return;
        }
        match tokio::time::timeout_at(deadline, notices.recv()).await {
            Ok(_) => {}
            Err(_) => panic!("timed out waiting for {wanted:?}; the feed has {have:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_gets_past_posts_by_sync_and_new_ones_live() {
    let a = peer().await;
    let b = peer().await;
    post(&a.node, "before the follow").await;
    let followed = call(
        &b.node,
        "social.follow",
        json!({ "ticket": ticket(&a.node).await }),
    )
    .await;
    assert_eq!(followed["account"], a.account.to_text());
    wait_for_posts(&b.node, &["before the follow"]).await;

    post(&a.node, "after the follow").await;
    wait_for_posts(&b.node, &["after the follow"]).await;

    let following = call(&b.node, "social.following", Value::Null).await;
    assert_eq!(following["accounts"], json!([a.account.to_text()]));
    // A learns of its follower from B's follow event, which A holds once it follows B back.
    call(
        &a.node,
        "social.follow",
        json!({ "ticket": ticket(&b.node).await }),
    )
    .await;
    let mut notices = a.node.subscribe();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let followers = call(&a.node, "social.followers", Value::Null).await;
        if followers["accounts"] == json!([b.account.to_text()]) {
            break;
        }
        tokio::time::timeout_at(deadline, notices.recv())
            .await
            .expect("B's follow reaches A")
            .ok();
    }
    let peers = call(&b.node, "net.peers", Value::Null).await;
    assert_eq!(peers["peers"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_authors_feed_comes_from_its_followers() {
    let a = peer().await;
    let b = peer().await;
    let c = peer().await;
    post(&a.node, "written while A was online").await;
    call(
        &b.node,
        "social.follow",
        json!({ "ticket": ticket(&a.node).await }),
    )
    .await;
    wait_for_posts(&b.node, &["written while A was online"]).await;

    // A leaves. C knows B (but not A), and follows A by account id: the DHT says B holds A.
    let a_account = a.account;
    a.node.close().await;
    let b_ticket = supernet_net::Ticket::parse(&ticket(&b.node).await).unwrap();
    c.node
        .net()
        .unwrap()
        .dial(b_ticket.peer, b_ticket.addresses)
        .await
        .unwrap();
    call(
        &c.node,
        "social.follow",
        json!({ "account": a_account.to_text() }),
    )
    .await;
    wait_for_posts(&c.node, &["written while A was online"]).await;
    let status = call(&c.node, "sync.status", Value::Null).await;
    let entry = status["authors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["account"] == a_account.to_text())
        .unwrap()
        .clone();
    assert_eq!(entry["events"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_back_online_catches_up_from_its_bootstrap_peer_at_once() {
    let a = peer().await;
    let dir = tempfile::tempdir().unwrap();
    let key = SecretKey::generate();
    // No periodic sync within the test: only the sync on connecting can bring the posts.
    let config = |bootstrap: Vec<String>| NetworkConfig {
        bootstrap,
        sync_every: Duration::from_secs(3600),
        ..NetworkConfig::local()
    };
    let b = open_in(dir.path(), &key, config(vec![])).await;
    call(
        &b,
        "social.follow",
        json!({ "ticket": ticket(&a.node).await }),
    )
    .await;
    post(&a.node, "seen before going away").await;
    wait_for_posts(&b, &["seen before going away"]).await;
    b.close().await;

    post(&a.node, "written while B was away").await;
    let card = supernet_net::Ticket::parse(&ticket(&a.node).await).unwrap();
    let bootstrap = card
        .addresses
        .iter()
        .map(|addr| format!("{addr}/p2p/{}", card.peer))
        .collect();
    let b = open_in(dir.path(), &key, config(bootstrap)).await;
    wait_for_posts(&b, &["seen before going away", "written while B was away"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_reaches_fifteen_followers_on_one_address_live() {
    // Fifteen followers, all at 127.0.0.1, and no periodic sync: only gossip can bring a
    // post written after the follows.
    const FOLLOWERS: usize = 15;
    let live = || NetworkConfig {
        sync_every: Duration::from_secs(3600),
        ..NetworkConfig::local()
    };
    let a = fresh(live()).await;
    post(&a, "before you came").await;
    let a_ticket = ticket(&a).await;
    // All connect first, so A sees fifteen peers at one address before anyone follows.
    let card = supernet_net::Ticket::parse(&a_ticket).unwrap();
    let mut followers = Vec::new();
    for _ in 0..FOLLOWERS {
        let f = fresh(live()).await;
        let net = f.net().unwrap();
        net.dial(card.peer, card.addresses.clone()).await.unwrap();
        followers.push(f);
    }
    for f in &followers {
        call(f, "social.follow", json!({ "ticket": a_ticket })).await;
    }
    // Each has synced on following; from here on, gossip alone carries news.
    for f in &followers {
        wait_for_posts(f, &["before you came"]).await;
    }
    post(&a, "to all of you").await;
    for f in &followers {
        wait_for_posts(f, &["to all of you"]).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn followers_keep_authors_within_their_quotas_and_say_what_they_left_out() {
    const POSTS: u64 = 10;
    let a = peer().await;
    for i in 0..POSTS {
        post(&a.node, &format!("post number {i}")).await;
    }
    let a_ticket = ticket(&a.node).await;
    // Room for about three of A's posts (each a few hundred bytes): per author, then in all.
    let per_author = NetworkConfig {
        quota_per_author: 1_000,
        ..NetworkConfig::local()
    };
    let in_all = NetworkConfig {
        quota_total: 1_000,
        ..NetworkConfig::local()
    };
    for config in [per_author, in_all] {
        let b = fresh(config).await;
        call(&b, "social.follow", json!({ "ticket": a_ticket })).await;
        let entry = synced_status(&b, a.account).await;
        let (held, missing) = (
            entry["events"].as_u64().unwrap(),
            entry["missing"].as_u64().unwrap(),
        );
        assert!(held >= 1 && missing >= 1, "{entry}");
        assert_eq!(held + missing, POSTS, "{entry}");
        assert_eq!(
            texts(&b).await.len() as u64,
            held,
            "the feed shows what is held"
        );
        b.close().await;
    }
}

/// `author`'s entry in `node`'s `sync.status`, once a sync has covered them.
async fn synced_status(node: &Node, author: AccountId) -> Value {
    let mut notices = node.subscribe();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let status = call(node, "sync.status", Value::Null).await;
        let entry = status["authors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["account"] == author.to_text())
            .cloned()
            .unwrap();
        if entry["missing"].is_u64() {
            return entry;
        }
        tokio::time::timeout_at(deadline, notices.recv())
            .await
            .expect("a sync covering the author ends")
            .ok();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_reachable_only_through_a_relay_is_followed_through_it() {
    let relay = fresh(NetworkConfig {
        relay_server: true,
        ..NetworkConfig::local()
    })
    .await;
    let a = peer().await;
    post(&a.node, "sent through the relay").await;
    // A knows the relay (as a node behind NAT knows some peer), and listens through it.
    let r = supernet_net::Ticket::parse(&ticket(&relay).await).unwrap();
    a.node
        .net()
        .unwrap()
        .dial(r.peer, r.addresses)
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let card = loop {
        let card = supernet_net::Ticket::parse(&ticket(&a.node).await).unwrap();
        if card
            .addresses
            .iter()
            .any(|a| a.to_string().contains("p2p-circuit"))
        {
            break card;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "A never listened through the relay: {:?}",
            card.addresses
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // B has only the relayed address: every byte to A goes through the relay (until DCUtR
    // finds a direct path).
    let relayed = supernet_net::Ticket {
        addresses: card
            .addresses
            .into_iter()
            .filter(|a| a.to_string().contains("p2p-circuit"))
            .collect(),
        ..card
    };
    let b = peer().await;
    call(
        &b.node,
        "social.follow",
        json!({ "ticket": relayed.to_text() }),
    )
    .await;
    wait_for_posts(&b.node, &["sent through the relay"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_nodes_converge_after_a_partition_heals() {
    const N: usize = 20;
    const FOLLOWS: usize = 3;
    let dirs: Vec<tempfile::TempDir> = (0..N).map(|_| tempfile::tempdir().unwrap()).collect();
    let keys: Vec<SecretKey> = (0..N).map(|_| SecretKey::generate()).collect();
    let open = |i: usize| open_in(dirs[i].path(), &keys[i], NetworkConfig::local());
    let mut nodes = Vec::new();
    for i in 0..N {
        nodes.push(open(i).await);
    }
    let tickets = futures_tickets(&nodes).await;
    for (i, node) in nodes.iter().enumerate() {
        for k in 1..=FOLLOWS {
            let j = (i + k) % N;
            call(node, "social.follow", json!({ "ticket": tickets[j] })).await;
        }
    }
    for (i, node) in nodes.iter().enumerate() {
        post(node, &format!("hello from {i}")).await;
    }
    // Partition: the second half stops; the first half keeps posting.
    let second: Vec<Node> = nodes.split_off(N / 2);
    for node in second {
        node.close().await;
    }
    for (i, node) in nodes.iter().enumerate() {
        post(node, &format!("during the partition, from {i}")).await;
    }
    // Heal: the second half comes back (new addresses) and dials the first half.
    for i in N / 2..N {
        let node = open(i).await;
        for t in &tickets[..N / 2] {
            let t = supernet_net::Ticket::parse(t).unwrap();
            let _ = node.net().unwrap().dial(t.peer, t.addresses).await;
        }
        nodes.push(node);
    }
    let fresh = futures_tickets(&nodes).await;
    for node in &nodes[..N / 2] {
        for t in &fresh[N / 2..] {
            let t = supernet_net::Ticket::parse(t).unwrap();
            let _ = node.net().unwrap().dial(t.peer, t.addresses).await;
        }
    }
    for (i, node) in nodes.iter().enumerate() {
        let mut wanted = Vec::new();
        for k in 1..=FOLLOWS {
            let j = (i + k) % N;
            wanted.push(format!("hello from {j}"));
            if j < N / 2 {
                wanted.push(format!("during the partition, from {j}"));
            }
        }
        let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
        wait_for_posts(node, &wanted).await;
    }
}

async fn futures_tickets(nodes: &[Node]) -> Vec<String> {
    let mut out = Vec::new();
    for n in nodes {
        out.push(ticket(n).await);
    }
    out
}

/// A source that claims events it cannot back: its keys are made up, and the events it
/// sends for them are forgeries.
#[derive(Debug)]
struct Forger {
    forgeries: Vec<(Key, Vec<u8>)>,
}

impl Forger {
    /// Ten events "by" `victim`: real events by someone else with the author bytes swapped
    /// (and the id fixed up), so only the signature betrays them.
    fn new(victim: AccountId) -> Self {
        let stranger = SecretKey::from_seed([3; 32]);
        let base = supernet_node::now() - 60_000;
        let mut forgeries: Vec<(Key, Vec<u8>)> = (0..10u64)
            .map(|i| {
                let mut wire =
                    Draft::new("social.post", base + i, br#"{"text":"forged"}"#.to_vec())
                        .sign(&stranger)
                        .unwrap()
                        .into_wire()
                        .to_vec();
                wire[98..130].copy_from_slice(victim.as_bytes());
                let id = blake3::hash(&wire[96..]);
                wire[..32].copy_from_slice(id.as_bytes());
                (
                    Key {
                        created_at: base + i,
                        id: EventId(*id.as_bytes()),
                    },
                    wire,
                )
            })
            .collect();
        forgeries.sort_by_key(|(k, _)| *k);
        Self { forgeries }
    }
}

impl SyncSource for Forger {
    type Error = String;
    async fn keys(&self, _: &Filter, range: &Range) -> Result<Vec<Key>, String> {
        Ok(self
            .forgeries
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| range.contains(k))
            .collect())
    }
    async fn events(&self, ids: &[EventId]) -> Result<Vec<Vec<u8>>, String> {
        Ok(self
            .forgeries
            .iter()
            .filter(|(k, _)| ids.contains(&k.id))
            .map(|(_, w)| w.clone())
            .collect())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_peer_is_banned_while_honest_sync_goes_on() {
    let honest = peer().await;
    let victim = peer().await;
    post(&honest.node, "honest news").await;
    call(
        &victim.node,
        "social.follow",
        json!({ "ticket": ticket(&honest.node).await }),
    )
    .await;
    wait_for_posts(&victim.node, &["honest news"]).await;

    // The hostile peer speaks the protocol, but serves forged events "by" the honest author.
    let (hostile, _events) = Net::start(
        supernet_net::Config {
            key_seed: [9; 32],
            local_only: true,
            port: 0,
            bootstrap: vec![],
            relay_server: false,
        },
        Arc::new(Forger::new(honest.account)),
    )
    .await
    .unwrap();
    let victim_net = victim.node.net().unwrap();
    let addrs = hostile.addresses().await.unwrap();
    victim_net.dial(hostile.peer_id(), addrs).await.unwrap();
    let outcome = victim.node.sync_with(hostile.peer_id()).await;
    assert!(outcome.is_err(), "forged events are refused: {outcome:?}");
    wait_until_banned(&victim.node, hostile.peer_id()).await;

    // A flood of requests from another hostile peer is cut off too.
    let (flooder, _e) = Net::start(
        supernet_net::Config {
            key_seed: [8; 32],
            local_only: true,
            port: 0,
            bootstrap: vec![],
            relay_server: false,
        },
        Arc::new(Forger::new(honest.account)),
    )
    .await
    .unwrap();
    let victim_ticket = supernet_net::Ticket::parse(&ticket(&victim.node).await).unwrap();
    flooder
        .dial(victim_ticket.peer, victim_ticket.addresses.clone())
        .await
        .unwrap();
    let mut refused = 0;
    for _ in 0..400 {
        let request = supernet_net::protocol::Request::Fetch { ids: vec![[1; 32]] };
        match flooder.request(victim_ticket.peer, request).await {
            Ok(supernet_net::protocol::Response::Refused { .. }) | Err(_) => refused += 1,
            Ok(_) => {}
        }
    }
    assert!(refused > 0, "a flood is refused");
    wait_until_banned(&victim.node, flooder.peer_id()).await;

    // Meanwhile honest traffic still flows, and nothing forged was stored.
    post(&honest.node, "more honest news").await;
    wait_for_posts(&victim.node, &["more honest news"]).await;
    assert!(!texts(&victim.node).await.contains("forged"));
}

async fn wait_until_banned(node: &Node, peer: PeerId) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    loop {
        let banned = node.net().unwrap().banned().await.unwrap();
        if banned.contains(&peer) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{peer} was never banned"
        );
        tick.tick().await;
    }
}
