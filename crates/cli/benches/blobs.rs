//! `scripts/bench blobs`: one file (1 GiB by default) from one `supernet serve` process to
//! another on loopback (local-only), written out to a file at the end — compared with a
//! plain TCP copy of the same file between two processes in the same run (read the file,
//! send it, write it out), the fastest any transfer could be here.
//!
//! Usage: `cargo bench -p supernet-cli --bench blobs -- [MiB] [RUNS]` (default 1024 MiB, 3 runs).
#![allow(clippy::print_stdout, missing_docs)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Target: at least this share of plain TCP's throughput.
const TARGET: f64 = 0.35;
/// Copy buffer of the TCP baseline: large, so the baseline is as fast as it gets.
const TCP_BUFFER: usize = 1024 * 1024;

#[path = "common/daemon.rs"]
mod daemon;
use daemon::Daemon;

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn write_file(path: &Path, len: u64) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut written = 0;
    let mut block = vec![0u8; 1 << 20];
    while written < len {
        for word in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        let n = (len - written).min(block.len() as u64) as usize;
        file.write_all(&block[..n]).unwrap();
        written += n as u64;
    }
    file.flush().unwrap();
}

/// The sending half of the baseline, run in its own process.
fn tcp_send(addr: &str, path: &str) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut file = std::fs::File::open(path).unwrap();
    let mut buf = vec![0u8; TCP_BUFFER];
    loop {
        let n = file.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        stream.write_all(&buf[..n]).unwrap();
    }
}

/// Plain TCP: a second process reads the file and sends it; this one writes it out.
fn tcp_copy(file: &Path, out: &Path) -> Duration {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let started = Instant::now();
    let mut sender = Command::new(std::env::current_exe().unwrap())
        .args(["--tcp-send", &addr, file.to_str().unwrap()])
        .spawn()
        .unwrap();
    let (mut stream, _) = listener.accept().unwrap();
    let mut target = std::fs::File::create(out).unwrap();
    let mut buf = vec![0u8; TCP_BUFFER];
    loop {
        let n = stream.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        target.write_all(&buf[..n]).unwrap();
    }
    let elapsed = started.elapsed();
    sender.wait().unwrap();
    elapsed
}

/// Writes dirty pages out, so that each timed copy starts from the same state of the
/// page cache rather than paying for the previous one's writes.
fn settle() {
    let _ = Command::new("sync").status();
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mib_per_s(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--tcp-send") {
        tcp_send(&args[1], &args[2]);
        return;
    }
    let numbers: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let mib = numbers.first().copied().unwrap_or(1024);
    let runs = numbers.get(1).copied().unwrap_or(3).max(1) as usize;
    let bytes = mib * 1024 * 1024;
    // Everything on tmpfs when there is one: on disk, write-back of the previous run's
    // gigabyte made the same TCP copy take 0.3 s or 2.2 s, which says nothing about either.
    let shm = Path::new("/dev/shm");
    let root = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let file = root.path().join("file.bin");
    write_file(&file, bytes);
    println!(
        "file: {mib} MiB in {}; {runs} runs of each, alternating",
        root.path().display()
    );

    let a = Daemon::start(&root.path().join("a"), None);
    let shared = a.call("blobs.share", json!({ "path": file }));
    let ticket = shared["ticket"].as_str().unwrap().to_owned();

    let (mut tcp, mut blobs, mut stored) = (vec![], vec![], vec![]);
    for run in 0..runs {
        let out = root.path().join("tcp.out");
        settle();
        tcp.push(tcp_copy(&file, &out));
        std::fs::remove_file(&out).unwrap();

        // A fresh receiver each run: nothing of the file is there yet.
        let dir = root.path().join(format!("b{run}"));
        let b = Daemon::start(&dir, None);
        let out = root.path().join("blob.out");
        settle();
        let started = Instant::now();
        let got = b.call("blobs.get", json!({ "ticket": ticket, "path": out }));
        let elapsed = started.elapsed();
        assert_eq!(got["files"][0]["size"], bytes);
        assert_eq!(std::fs::metadata(&out).unwrap().len(), bytes);
        let status = b.call("blobs.status", Value::Null);
        let transfer = status["transfers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["direction"] == "download")
            .cloned()
            .unwrap();
        blobs.push(elapsed);
        stored.push(transfer["rate"].as_u64().unwrap_or(0));
        drop(b);
        std::fs::remove_file(&out).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
    let (tcp, blob) = (median(tcp), median(blobs));
    let ratio = tcp.as_secs_f64() / blob.as_secs_f64();
    stored.sort();
    let into_store = stored[stored.len() / 2] as f64 / (1024.0 * 1024.0);
    println!(
        "plain TCP copy (2 processes, file to file): median {:.2} s, {:.0} MiB/s",
        tcp.as_secs_f64(),
        mib_per_s(bytes, tcp)
    );
    println!(
        "supernet blobs.get (verified, into the store, then written out): median {:.2} s, {:.0} MiB/s (download into the store alone: {into_store:.0} MiB/s)",
        blob.as_secs_f64(),
        mib_per_s(bytes, blob)
    );
    println!(
        "ratio to plain TCP: {:.0}% (target ≥ {:.0}%): {}",
        ratio * 100.0,
        TARGET * 100.0,
        if ratio >= TARGET { "met" } else { "NOT met" }
    );
}
