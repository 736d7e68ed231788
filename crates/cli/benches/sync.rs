//! `scripts/bench sync`: two `supernet serve` processes on loopback (local-only). B follows
//! A and syncs A's 100,000 events from scratch; the time is compared with merely verifying
//! the same signatures on the same cores in this run. Then B goes offline, A posts 100
//! more, B comes back and re-syncs: the bytes exchanged are compared with the full sync's.
//!
//! Usage: `cargo bench -p supernet-cli --bench sync -- [EVENTS]` (default 100,000).
#![allow(clippy::print_stdout, missing_docs)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::{Value, json};
use supernet_core::{Draft, SecretKey};
use supernet_node::{Caller, Node, NodeConfig, verify_batch};

use daemon::SUPERNET;
/// New events for the re-sync.
const NEW_EVENTS: usize = 100;

#[path = "common/daemon.rs"]
mod daemon;
use daemon::Daemon;

impl Daemon {
    /// The daemon's change-notice WebSocket.
    fn notices(&self) -> tungstenite::WebSocket<std::net::TcpStream> {
        let info: Value =
            serde_json::from_slice(&std::fs::read(self.dir.join("daemon.json")).unwrap()).unwrap();
        let url = format!(
            "{}/api/notices",
            info["url"].as_str().unwrap().replace("http://", "ws://")
        );
        let mut request =
            tungstenite::client::IntoClientRequest::into_client_request(url.as_str()).unwrap();
        request.headers_mut().insert(
            "Authorization",
            format!("Bearer {}", info["token"].as_str().unwrap())
                .parse()
                .unwrap(),
        );
        let host = url.trim_start_matches("ws://").split('/').next().unwrap();
        let stream = std::net::TcpStream::connect(host).unwrap();
        let (socket, _) = tungstenite::client(request, stream).unwrap();
        socket
    }

    /// CPU time the process used so far.
    fn cpu(&self) -> Duration {
        cpu_of(&self.child.id().to_string())
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// Events of `account` stored on the daemon (from `sync.status`).
fn held(daemon: &Daemon, account: &str) -> u64 {
    let status = daemon.call("sync.status", Value::Null);
    status["authors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["account"] == account)
        .map_or(0, |a| a["events"].as_u64().unwrap_or(0))
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    start.elapsed()
}

/// Reads change notices until a sync ends having fetched `fetched` events.
fn wait_for_sync(socket: &mut tungstenite::WebSocket<std::net::TcpStream>, fetched: usize) {
    loop {
        let message = socket.read().expect("the notice stream stays open");
        let Ok(text) = message.to_text() else {
            continue;
        };
        let Ok(notice) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        if notice["type"] == "sync" && notice["done"] == true {
            assert!(notice["error"].is_null(), "the sync failed: {notice}");
            if notice["fetched"].as_u64() == Some(fetched as u64) {
                return;
            }
        }
    }
}

fn last_report(daemon: &Daemon) -> Value {
    daemon.call("sync.status", Value::Null)["peers"][0].clone()
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let root = tempfile::tempdir().unwrap();
    let (a_dir, b_dir) = (root.path().join("a"), root.path().join("b"));
    println!("sync benchmark: B syncs {n} of A's events; two processes on loopback");

    // A's store: n posts by A's own account.
    let key = SecretKey::generate();
    let account = key.account().to_text();
    let start = supernet_node::now() - n as u64 * 10;
    let wires: Vec<Box<[u8]>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let body = json!({ "text": format!("Post {i}: a short note of the length people write, with some words in it.") });
            Draft::new("social.post", start + i as u64 * 10, serde_json::to_vec(&body).unwrap())
                .sign(&key)
                .unwrap()
                .into_wire()
        })
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let node = Node::open(NodeConfig {
            data_dir: Some(a_dir.clone()),
            local_only: true,
        })
        .await
        .unwrap();
        let phrase = key.recovery_phrase().to_string();
        node.call(
            &Caller::owner(),
            "identity.recover",
            json!({ "phrase": phrase }),
        )
        .await
        .unwrap();
        let batches: Vec<Vec<Box<[u8]>>> = wires.chunks(10_000).map(<[_]>::to_vec).collect();
        node.ingest_batches(batches).await.unwrap();
        node.close().await;
    });
    let status = Command::new(SUPERNET)
        .args(["init", "--no-passphrase"])
        .env("SUPERNET_DATA_DIR", &b_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());

    // Baseline: verifying the same events on the same cores.
    let own_cpu = cpu_of("self");
    let t = Instant::now();
    for chunk in wires.chunks(10_000) {
        assert!(
            verify_batch(chunk.to_vec(), supernet_node::now())
                .iter()
                .all(Result::is_ok)
        );
    }
    let verify = t.elapsed();
    let verify_cpu = cpu_of("self") - own_cpu;

    let a = Daemon::start(&a_dir, None);
    let b = Daemon::start(&b_dir, None);
    let ticket = a.call("net.ticket", Value::Null)["ticket"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut notices = b.notices();
    let (a_cpu, b_cpu) = (a.cpu(), b.cpu());
    let t = Instant::now();
    b.call("social.follow", json!({ "ticket": ticket }));
    wait_for_sync(&mut notices, n);
    let sync = t.elapsed();
    let (a_cpu, b_cpu) = (a.cpu() - a_cpu, b.cpu() - b_cpu);
    drop(notices);
    assert_eq!(
        held(&b, &account),
        n as u64,
        "B holds every event after the sync"
    );
    let full = last_report(&b);
    assert_eq!(full["fetched"].as_u64(), Some(n as u64));

    let full_bytes =
        full["bytes_sent"].as_u64().unwrap() + full["bytes_received"].as_u64().unwrap();

    // B goes away; A writes more; B comes back and catches up.
    let a_card = a.call("net.ticket", Value::Null);
    let a_addr = format!(
        "{}/p2p/{}",
        a_card["addresses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x.as_str().unwrap().contains("/tcp/"))
            .unwrap()
            .as_str()
            .unwrap(),
        a_card["peer_id"].as_str().unwrap()
    );
    b.stop();
    for i in 0..NEW_EVENTS {
        a.call("social.post", json!({ "text": format!("new post {i}") }));
    }
    let b = Daemon::start(&b_dir, Some(&a_addr));
    let resync = wait_until("the re-sync", || {
        held(&b, &account) >= (n + NEW_EVENTS) as u64
    });
    wait_until("the re-sync report", || {
        last_report(&b)["fetched"].as_u64() == Some(NEW_EVENTS as u64)
    });
    let again = last_report(&b);
    let again_bytes =
        again["bytes_sent"].as_u64().unwrap() + again["bytes_received"].as_u64().unwrap();
    a.stop();
    b.stop();

    let ratio = sync.as_secs_f64() / verify.as_secs_f64();
    let share = again_bytes as f64 / full_bytes as f64;
    println!(
        "  verify only : {:>7.2} s  {:>9.0} events/s",
        verify.as_secs_f64(),
        n as f64 / verify.as_secs_f64()
    );
    println!(
        "  full sync   : {:>7.2} s  {:>9.0} events/s  ({} rounds, {:.1} MB exchanged)",
        sync.as_secs_f64(),
        n as f64 / sync.as_secs_f64(),
        full["rounds"],
        full_bytes as f64 / 1e6
    );
    println!(
        "  CPU during the full sync: A (serving) {:.2} s, B (verifying, storing) {:.2} s; verify only used {:.2} s",
        a_cpu.as_secs_f64(),
        b_cpu.as_secs_f64(),
        verify_cpu.as_secs_f64()
    );
    println!("  ratio sync/verify: {ratio:.2}  (target <= 1.5)");
    println!(
        "  re-sync of {NEW_EVENTS} new events: {:.2} s, {} rounds, {} bytes = {:.2}% of the full sync  (target < 5%)",
        resync.as_secs_f64(),
        again["rounds"],
        again_bytes,
        share * 100.0
    );
    println!(
        "verdict: sync ratio {} ; re-sync bytes {}",
        if ratio <= 1.5 { "MET" } else { "NOT MET" },
        if share < 0.05 { "MET" } else { "NOT MET" }
    );
}

/// CPU time (user + system) process `pid` (or "self") used so far.
fn cpu_of(pid: &str) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which ends at the last ')'): utime is the 12th,
    // stime the 13th, in clock ticks of 1/100 s on Linux.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}
