//! Fills a data directory with signed posts, for benchmarks and for trying the app with a
//! realistic store: `cargo run --release -p supernet-node --example fill -- DIR COUNT`.
//! Creates an account (without passphrase) when the directory has none; the posts come
//! from 100 other authors, spread over the last 30 days.
#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs)]

use rayon::prelude::*;
use serde_json::json;
use supernet_core::{Draft, SecretKey};
use supernet_node::{Caller, Node, NodeConfig};

/// Authors of the generated posts.
const AUTHORS: usize = 100;
/// Spread of their times.
const SPAN_MS: u64 = 30 * 24 * 3600 * 1000;

const WORDS: &[&str] = &[
    "garden", "market", "river", "build", "share", "friends", "morning", "light", "network",
    "coffee", "read", "write", "music", "walk", "city", "project", "idea", "open", "local", "node",
];

fn text(i: usize) -> String {
    let n = 8 + i % 40;
    let words: Vec<&str> = (0..n)
        .map(|k| WORDS[(i * 7 + k * 13) % WORDS.len()])
        .collect();
    format!("{} — note {i}.", words.join(" "))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (args.next(), args.next()) else {
        eprintln!("usage: fill DATA_DIR COUNT");
        std::process::exit(2);
    };
    let count: usize = count.replace('_', "").parse().expect("COUNT is a number");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let node = Node::open(NodeConfig {
            data_dir: Some(dir.clone().into()),
            local_only: true,
        })
        .await
        .expect("the data directory opens");
        if node.account().is_none() {
            let input = json!({ "name": "Bench", "passphrase": null });
            node.call(&Caller::owner(), "identity.create", input)
                .await
                .unwrap();
        }
        let authors: Vec<SecretKey> = (0..AUTHORS).map(|_| SecretKey::generate()).collect();
        let now = supernet_node::now();
        let wires: Vec<Box<[u8]>> = (0..count)
            .into_par_iter()
            .map(|i| {
                let at = now - SPAN_MS + (i as u64 * SPAN_MS) / count as u64;
                let title = (i % 10 == 0).then(|| format!("Weekly notes #{i}"));
                let body = serde_json::to_vec(&json!({ "text": text(i), "title": title })).unwrap();
                Draft::new("social.post", at, body)
                    .sign(&authors[i % AUTHORS])
                    .unwrap()
                    .into_wire()
            })
            .collect();
        let batches: Vec<Vec<Box<[u8]>>> = wires.chunks(10_000).map(<[_]>::to_vec).collect();
        let outcome = node.ingest_batches(batches).await.unwrap();
        println!("stored {} posts in {dir}", outcome.inserted);
        node.close().await;
    });
}
