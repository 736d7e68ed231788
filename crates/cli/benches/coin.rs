//! `scripts/bench coin`: superCoin's two costs that matter.
//!
//! 1. **Validating a chain** of 100,000 operations (half payments received — each carrying
//!    the payer's signed `send` — half payments made), from wire bytes, the way a payee
//!    checks a payer it has never seen: decode, verify every signature, apply every rule.
//!    Compared with merely decoding and verifying the same signatures in this run, on one
//!    core both (validation is sequential by nature: each operation depends on the last).
//! 2. **Payments per second** between two `supernet serve` processes on loopback: A pays B
//!    as fast as its API takes the calls; each payment is final when B's node has fetched
//!    and validated A's chain and countersigned, and A has heard of it. Also the latency of
//!    one payment, from `coin.pay` to "confirmed" on A. The baseline is the rate of plain
//!    posts (one signed event each) through the same API in this run.
//!
//! A's counterparty B keeps its own chain alongside (it receives what A pays back).
//!
//! Usage: `cargo bench -p supernet-cli --bench coin -- [PAYMENTS] [OPS]` (default 500 and
//! 100,000).
#![allow(clippy::print_stdout, missing_docs)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use supernet_core::{Draft, Event, Ref, SecretKey};
use supernet_node::apps::coin::chain::{ChainState, validate};
use supernet_node::apps::coin::{CurrencyId, Op, Wire};

#[path = "common/daemon.rs"]
mod daemon;
use daemon::{Daemon, SUPERNET};

/// One account writing its chain.
struct Writer {
    key: SecretKey,
    state: ChainState,
}

impl Writer {
    fn new() -> Self {
        let key = SecretKey::generate();
        let state = ChainState::new(key.account());
        Self { key, state }
    }

    fn write(&mut self, op: &Op, refs: Vec<Ref>, at: u64) -> Event {
        let (seq, prev) = self.state.next();
        let mut d = Draft::new("coin.op", at, serde_json::to_vec(op).unwrap());
        d.seq = Some(seq);
        d.prev = prev;
        d.refs = refs;
        let e = d.sign(&self.key).unwrap();
        self.state.apply(&e, false).unwrap();
        e
    }
}

/// A's chain of `n` operations, alternately receiving 1.00 ŧ from B and paying it back.
fn chain(n: usize) -> (SecretKey, Vec<Vec<u8>>) {
    let (mut a, mut b) = (Writer::new(), Writer::new());
    let at = supernet_node::now() - n as u64;
    let mut wires = Vec::with_capacity(n);
    for i in 0..n {
        let e = if i % 2 == 0 {
            let pay = Op::Send {
                currency: CurrencyId::Net,
                to: a.key.account(),
                amount: 100,
                memo: String::new(),
            };
            let send = b.write(&pay, vec![Ref::Account(a.key.account())], at + i as u64);
            let receive = Op::Receive {
                send: Wire(send.clone()),
                notarizations: vec![],
            };
            a.write(
                &receive,
                vec![Ref::Account(b.key.account()), Ref::Event(send.id())],
                at + i as u64,
            )
        } else {
            let pay = Op::Send {
                currency: CurrencyId::Net,
                to: b.key.account(),
                amount: 100,
                memo: "back".into(),
            };
            let send = a.write(&pay, vec![Ref::Account(b.key.account())], at + i as u64);
            // B records it too, or its own credit would run out.
            let receive = Op::Receive {
                send: Wire(send.clone()),
                notarizations: vec![],
            };
            b.write(
                &receive,
                vec![Ref::Account(a.key.account()), Ref::Event(send.id())],
                at + i as u64,
            );
            send
        };
        wires.push(e.wire().to_vec());
    }
    (a.key, wires)
}

fn validation(n: usize) {
    println!("\n1. validating a chain of {n} operations (one core)");
    let t = Instant::now();
    let (key, wires) = chain(n);
    println!("   built it in {:.1} s", t.elapsed().as_secs_f64());
    let embedded = wires.len() / 2;

    // Baseline: decode and verify every signature the chain carries, nothing more.
    let t = Instant::now();
    for w in &wires {
        let e = Event::decode(w.clone()).unwrap();
        e.check_signature().unwrap();
        if let Ok(Op::Receive { send, .. }) = serde_json::from_slice::<Op>(e.body()) {
            send.0.check_signature().unwrap();
        }
    }
    let verify_all = t.elapsed();
    // Narrower baseline: the operations' own signatures only.
    let t = Instant::now();
    for w in &wires {
        Event::decode(w.clone()).unwrap().check_signature().unwrap();
    }
    let verify_ops = t.elapsed();

    let t = Instant::now();
    let events: Vec<Event> = wires
        .iter()
        .map(|w| Event::decode(w.clone()).unwrap())
        .collect();
    let state = validate(key.account(), &events, true).unwrap();
    let full = t.elapsed();
    assert_eq!(state.head().unwrap().0, n as u64);
    assert_eq!(state.position(&CurrencyId::Net).balance(), 0);

    let per_op = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    println!(
        "   full validation:      {:>8.3} s  ({:.1} µs per operation; {n} operations, {embedded} embedded sends)",
        full.as_secs_f64(),
        per_op(full)
    );
    println!(
        "   verify signatures:    {:>8.3} s  (every signature the chain carries)  → validation is {:.2}× that",
        verify_all.as_secs_f64(),
        full.as_secs_f64() / verify_all.as_secs_f64()
    );
    println!(
        "   verify op signatures: {:>8.3} s  (the operations' own only)           → validation is {:.2}× that",
        verify_ops.as_secs_f64(),
        full.as_secs_f64() / verify_ops.as_secs_f64()
    );
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn pending(a: &Daemon) -> usize {
    let page = a.call(
        "coin.transfers",
        json!({ "direction": "out", "status": "pending", "limit": 500 }),
    );
    page["transfers"].as_array().unwrap().len()
}

fn payments(count: usize) {
    println!("\n2. payments between two processes on loopback (A pays B {count} times)");
    let root = tempfile::tempdir().unwrap();
    let (a_dir, b_dir) = (root.path().join("a"), root.path().join("b"));
    for dir in [&a_dir, &b_dir] {
        let status = std::process::Command::new(SUPERNET)
            .args(["init", "--no-passphrase"])
            .env("SUPERNET_DATA_DIR", dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let a = Daemon::start(&a_dir, None);
    let b = Daemon::start(&b_dir, None);
    let b_account = b.call("identity.get", Value::Null)["account"].clone();
    let ticket = b.call("net.ticket", Value::Null)["ticket"].clone();
    a.call("social.follow", json!({ "ticket": ticket }));

    // Baseline: signing and storing one plain event through the same API.
    let posts = count.min(200);
    let t = Instant::now();
    for i in 0..posts {
        a.call("social.post", json!({ "text": format!("note {i}") }));
    }
    let post_rate = posts as f64 / t.elapsed().as_secs_f64();
    println!("   baseline: {posts} posts through A's API at {post_rate:.0}/s");

    // Latency: one payment at a time, from the call to "confirmed" on A.
    let mut latencies = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let id = a.call("coin.pay", json!({ "to": b_account, "amount": "0.01" }))["id"].clone();
        wait_until("a payment is confirmed", || {
            let page = a.call("coin.transfers", json!({ "direction": "out", "limit": 5 }));
            page["transfers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["id"] == id && t["status"] == "confirmed")
        });
        latencies.push(t.elapsed());
    }
    latencies.sort();
    println!(
        "   one payment, pay → confirmed on the payer: median {:.1} ms, worst {:.1} ms (20 payments; polled every 20 ms)",
        latencies[latencies.len() / 2].as_secs_f64() * 1e3,
        latencies[latencies.len() - 1].as_secs_f64() * 1e3
    );

    // Throughput: as many as A's API takes, then until every one is final.
    let t = Instant::now();
    for _ in 0..count {
        a.call("coin.pay", json!({ "to": b_account, "amount": "0.01" }));
    }
    let signed = t.elapsed();
    wait_until("every payment is confirmed", || pending(&a) == 0);
    let total = t.elapsed();
    let balance = b.call("coin.balances", Value::Null)["balances"][0]["balance"].clone();
    let expected = format!("{:.2}", (count + 20) as f64 * 0.01);
    assert_eq!(balance, Value::String(expected), "B holds every payment");
    println!(
        "   {count} payments signed by A in {:.2} s ({:.0}/s through its API)",
        signed.as_secs_f64(),
        count as f64 / signed.as_secs_f64()
    );
    let rate = count as f64 / total.as_secs_f64();
    println!(
        "   all countersigned by B and confirmed on A after {:.2} s: {rate:.0} payments/s end to end, {:.2}× the rate of plain posts",
        total.as_secs_f64(),
        rate / post_rate
    );
    for d in [a, b] {
        let mut child = d.child;
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let _ = child.wait();
    }
}

fn main() {
    let mut numbers = std::env::args()
        .skip(1)
        .filter_map(|a| a.replace('_', "").parse::<usize>().ok());
    let count = numbers.next().unwrap_or(500);
    let ops = numbers.next().unwrap_or(100_000);
    println!("coin benchmark");
    validation(ops);
    payments(count);
}
