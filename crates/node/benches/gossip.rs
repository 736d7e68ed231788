//! `scripts/bench gossip`: NODES nodes (default 30) in one process on loopback, local-only.
//! Each follows the next FOLLOWS nodes around a ring, so every author has FOLLOWS followers
//! and every follower is connected to the others that share its authors. After a warm-up
//! (every follower has every author's first post), each node publishes MESSAGES posts in
//! turn; for each post this measures the time from the call that publishes it to its
//! arrival in each follower's store (a change notice), and counts the copies of gossip
//! messages that reached a node that already had them (gossipsub's own counters).
//!
//! Usage: `cargo bench -p supernet-node --bench gossip -- [NODES]`.
#![allow(clippy::print_stdout, missing_docs)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use supernet_core::EventId;
use supernet_node::network::NetworkConfig;
use supernet_node::{Caller, Node, NodeConfig};
use supernet_store::Notice;

/// Followers per author.
const FOLLOWS: usize = 8;
/// Posts each node publishes while measured.
const MESSAGES: usize = 5;
/// Pause between two posts: a steady stream, not a burst that measures queueing.
const SPACING: Duration = Duration::from_millis(20);
/// Longest wait for anything: a bound on the whole run.
const PATIENCE: Duration = Duration::from_secs(120);

/// When each node stored each event.
type Arrivals = Arc<Mutex<HashMap<(usize, EventId), Instant>>>;

async fn post(node: &Node, text: String) -> EventId {
    let out = node
        .call(&Caller::owner(), "social.post", json!({ "text": text }))
        .await
        .expect("posting works");
    out["id"].as_str().unwrap().parse::<EventId>().unwrap()
}

/// Records, for node `index`, when each event reaches its store.
fn watch(index: usize, node: &Node, arrivals: Arrivals) {
    let mut notices = node.subscribe();
    tokio::spawn(async move {
        while let Ok(notice) = notices.recv().await {
            if let Notice::Events { events, .. } = notice.as_ref() {
                let now = Instant::now();
                let mut arrivals = arrivals.lock().unwrap();
                for e in events {
                    arrivals.entry((index, e.id)).or_insert(now);
                }
            }
        }
    });
}

/// Waits until every follower holds every one of `posts` (author index, id).
async fn wait_delivered(n: usize, posts: &[(usize, EventId)], arrivals: &Arrivals, what: &str) {
    let start = Instant::now();
    loop {
        let missing = {
            let arrivals = arrivals.lock().unwrap();
            posts
                .iter()
                .flat_map(|&(author, id)| followers(author, n).map(move |f| (f, id)))
                .filter(|key| !arrivals.contains_key(key))
                .count()
        };
        if missing == 0 {
            return;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "{what}: {missing} deliveries still missing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The nodes that follow `author`: the FOLLOWS before it around the ring.
fn followers(author: usize, n: usize) -> impl Iterator<Item = usize> {
    (1..=FOLLOWS).map(move |k| (author + n - k) % n)
}

async fn duplicates(nodes: &[Node]) -> (u64, u64) {
    let mut total = (0, 0);
    for node in nodes {
        let stats = node.net().unwrap().gossip_stats().await.unwrap();
        total.0 += stats.received;
        total.1 += stats.duplicates;
    }
    total
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30);
    assert!(n > FOLLOWS, "at least {} nodes", FOLLOWS + 1);
    println!(
        "gossip benchmark: {n} nodes on loopback, {FOLLOWS} followers per author, {MESSAGES} posts per node"
    );
    let mut nodes = Vec::with_capacity(n);
    for _ in 0..n {
        let node = Node::open(NodeConfig {
            data_dir: None,
            local_only: true,
        })
        .await
        .unwrap();
        node.call(
            &Caller::owner(),
            "identity.create",
            json!({ "name": "bench" }),
        )
        .await
        .unwrap();
        node.start_network(NetworkConfig::local()).await.unwrap();
        nodes.push(node);
    }
    let arrivals: Arrivals = Arc::default();
    for (i, node) in nodes.iter().enumerate() {
        watch(i, node, arrivals.clone());
    }
    let mut tickets = Vec::with_capacity(n);
    for node in &nodes {
        let card = node
            .call(&Caller::owner(), "net.ticket", serde_json::Value::Null)
            .await
            .unwrap();
        tickets.push(card["ticket"].as_str().unwrap().to_owned());
    }
    for (author, ticket) in tickets.iter().enumerate() {
        for f in followers(author, n) {
            nodes[f]
                .call(
                    &Caller::owner(),
                    "social.follow",
                    json!({ "ticket": ticket }),
                )
                .await
                .unwrap();
        }
    }

    // Warm-up: every author's first post reaches every follower, and the gossip meshes
    // settle (a few heartbeats).
    let mut warm = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        warm.push((i, post(node, format!("warm-up from {i}")).await));
    }
    wait_delivered(n, &warm, &arrivals, "the warm-up").await;
    tokio::time::sleep(Duration::from_secs(3)).await;

    let before = duplicates(&nodes).await;
    let mut sent = Vec::new();
    let mut published_at = HashMap::new();
    for m in 0..MESSAGES {
        for (i, node) in nodes.iter().enumerate() {
            let t = Instant::now();
            let id = post(node, format!("message {m} from {i}")).await;
            published_at.insert(id, t);
            sent.push((i, id));
            tokio::time::sleep(SPACING).await;
        }
    }
    wait_delivered(n, &sent, &arrivals, "the measured posts").await;
    // Late copies still on the wire count too.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = duplicates(&nodes).await;

    let mut latencies: Vec<Duration> = {
        let arrivals = arrivals.lock().unwrap();
        sent.iter()
            .flat_map(|&(author, id)| {
                let t = published_at[&id];
                followers(author, n).map(move |f| (f, id, t))
            })
            .map(|(f, id, t)| arrivals[&(f, id)].duration_since(t))
            .collect()
    };
    latencies.sort();
    let deliveries = latencies.len();
    let (p50, p99) = (percentile(&latencies, 0.5), percentile(&latencies, 0.99));
    let received = after.0 - before.0;
    let copies = after.1 - before.1;
    let per_delivery = copies as f64 / received.max(1) as f64;
    let per_message = copies as f64 / sent.len() as f64;
    println!(
        "  {} posts, {deliveries} deliveries (every follower got every post)",
        sent.len()
    );
    println!(
        "  publish to delivery: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms  (target p99 <= 100 ms)",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        latencies[deliveries - 1].as_secs_f64() * 1e3
    );
    println!(
        "  duplicate copies: {per_message:.2} per post, all its followers together ({copies} copies of {} posts; {per_delivery:.2} per gossip delivery, {received} of them)  (target <= 3)",
        sent.len()
    );
    println!(
        "verdict: latency {} ; duplicates {}",
        if p99 <= Duration::from_millis(100) {
            "MET"
        } else {
            "NOT MET"
        },
        if per_delivery <= 3.0 {
            "MET"
        } else {
            "NOT MET"
        }
    );
    for node in nodes {
        node.close().await;
    }
}
