//! `scripts/bench ingest`: how fast a node stores signed events from elsewhere, against the
//! time merely to verify their signatures, measured in the same run on the same cores.
//!
//! 1. Sign N `social.post` events from 1,000 authors (not timed).
//! 2. Baseline: decode and verify every signature, in parallel on all cores.
//! 3. Ingest: the node's real path for events from peers and files — decode, verify,
//!    validate against the app, store in the event log, apply the `posts` table — into a
//!    fresh on-disk store.
//! 4. The first feed page (50 posts) from that store, as `social.feed` serves it.
//!
//! Usage: `cargo bench -p supernet-node --bench ingest -- [EVENTS]` (default 1,000,000).
#![allow(clippy::print_stdout, missing_docs)]

use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::json;
use supernet_core::{Draft, SecretKey};
use supernet_node::{Caller, Node, NodeConfig, verify_batch};

/// Events per ingest batch: what a sync round or an import step hands the store.
const BATCH: usize = 10_000;
const AUTHORS: usize = 1_000;
/// Feed-page timings taken after ingest, for the median and the worst.
const FEED_SAMPLES: usize = 50;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let threads = rayon::current_num_threads();
    println!(
        "ingest benchmark: {n} signed social.post events from {AUTHORS} authors, {threads} threads"
    );

    let t = Instant::now();
    let authors: Vec<SecretKey> = (0..AUTHORS).map(|_| SecretKey::generate()).collect();
    let start = supernet_node::now() - n as u64 * 10;
    let wires: Vec<Box<[u8]>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let body = json!({ "text": format!("Post number {i}: a short note of the length people write, with some words in it.") });
            Draft::new("social.post", start + i as u64 * 10, serde_json::to_vec(&body).unwrap())
                .sign(&authors[i % AUTHORS])
                .unwrap()
                .into_wire()
        })
        .collect();
    let bytes: usize = wires.iter().map(|w| w.len()).sum();
    println!(
        "  prepared {n} events ({:.1} MB) in {:.1} s (not timed)",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    // Baseline: verification only, same cores, same decode.
    let t = Instant::now();
    let mut verified = 0;
    for chunk in wires.chunks(BATCH) {
        verified += verify_batch(chunk.to_vec(), supernet_node::now())
            .iter()
            .filter(|r| r.is_ok())
            .count();
    }
    let verify = t.elapsed();
    assert_eq!(verified, n);
    let single = {
        let sample = &wires[..n.min(20_000)];
        let t = Instant::now();
        for w in sample {
            supernet_core::Event::decode(w.clone())
                .unwrap()
                .verify(supernet_node::now())
                .unwrap();
        }
        sample.len() as f64 / t.elapsed().as_secs_f64()
    };

    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (ingest, feed) = runtime.block_on(async {
        let node = Node::open_with_key(
            NodeConfig {
                data_dir: Some(dir.path().to_owned()),
                local_only: true,
            },
            SecretKey::generate(),
            None,
        )
        .await
        .unwrap();
        let batches: Vec<Vec<Box<[u8]>>> = wires.chunks(BATCH).map(<[Box<[u8]>]>::to_vec).collect();
        let t = Instant::now();
        let outcome = node.ingest_batches(batches).await.unwrap();
        let ingest = t.elapsed();
        assert_eq!(outcome.inserted, n, "{outcome:?}");

        let mut samples = Vec::with_capacity(FEED_SAMPLES);
        for _ in 0..FEED_SAMPLES {
            let t = Instant::now();
            let page = node
                .call(&Caller::owner(), "social.feed", json!({ "limit": 50 }))
                .await
                .unwrap();
            samples.push(t.elapsed());
            assert_eq!(page["posts"].as_array().unwrap().len(), 50.min(n));
        }
        node.close().await;
        (ingest, samples)
    });

    let mut feed = feed;
    let first = feed[0];
    feed.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = ingest.as_secs_f64() / verify.as_secs_f64();
    println!(
        "  verify only : {:>8.2} s  {:>9.0} events/s  (single core: {single:.0}/s)",
        verify.as_secs_f64(),
        n as f64 / verify.as_secs_f64()
    );
    println!(
        "  ingest      : {:>8.2} s  {:>9.0} events/s",
        ingest.as_secs_f64(),
        n as f64 / ingest.as_secs_f64()
    );
    println!("  ratio ingest/verify: {ratio:.3}  (target <= 1.25)");
    println!(
        "  first feed page (50 posts): first call {:.2} ms, median {:.2} ms, worst {:.2} ms  (target <= 10 ms)",
        ms(first),
        ms(feed[feed.len() / 2]),
        ms(*feed.last().unwrap())
    );
    let db = std::fs::metadata(dir.path().join("node.sqlite"))
        .map(|m| m.len())
        .unwrap_or(0)
        + std::fs::metadata(dir.path().join("apps/social.sqlite"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!("  store size: {:.1} MB", db as f64 / 1e6);
    println!(
        "verdict: ratio {} ; feed page {}",
        if ratio <= 1.25 { "MET" } else { "NOT MET" },
        if ms(feed[feed.len() / 2]) <= 10.0 {
            "MET"
        } else {
            "NOT MET"
        }
    );
}
