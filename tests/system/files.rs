//! Files between real processes on loopback: attachments that followers fetch and serve,
//! playback by range before a download ends, resuming, corrupt providers, expiry, and the
//! errors a person meets.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Daemon, fails, init, ok, supernet, ticket_of, wait_on_notices};

/// The big file of these tests: what the issue asks to move between three nodes.
const BIG: usize = 200 * 1000 * 1000;

/// Writes `len` reproducible, incompressible bytes to `path`.
fn write_file(path: &Path, len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut data = Vec::with_capacity(len);
    while data.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        data.extend_from_slice(&state.to_le_bytes());
    }
    data.truncate(len);
    std::fs::write(path, &data).unwrap();
    data
}

fn call(dir: &Path, method: &str, input: Value) -> Value {
    serde_json::from_str(&ok(supernet(dir).args([
        "call",
        method,
        &input.to_string(),
    ])))
    .unwrap()
}

/// What `blobs.list` says of `hash` on `dir`'s node: (bytes here, complete).
fn held(dir: &Path, hash: &str) -> (u64, bool) {
    call(dir, "blobs.list", Value::Null)["blobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["hash"] == hash)
        .map(|b| (b["have"].as_u64().unwrap(), b["complete"] == true))
        .unwrap_or((0, false))
}

/// `GET <path>` on a daemon's gateway with its token and an optional `Range`.
fn get_bytes(daemon: &Daemon, path: &str, range: Option<&str>) -> (u16, String, Vec<u8>) {
    let rest = daemon.url.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(rest).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let range = range.map(|r| format!("Range: {r}\r\n")).unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {rest}\r\nAuthorization: Bearer {}\r\n{range}Connection: close\r\n\r\n",
        daemon.token()
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head[9..12].parse().unwrap();
    let mut body = response[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, head, body)
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..line]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[line + 2..line + 2 + size]);
        body = &body[line + 4 + size..];
    }
}

/// Waits (bounded) until `done` holds, looking again on every change notice.
fn until(daemon: &Daemon, what: &str, done: impl FnMut() -> bool) {
    wait_on_notices(daemon, what, done);
}

fn hash_of(data: &[u8]) -> String {
    blake3::hash(data).to_hex().to_string()
}

#[test]
fn an_attachment_reaches_two_followers_and_plays_before_it_is_all_here() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        root.path().join("a"),
        root.path().join("b"),
        root.path().join("c"),
    );
    let alice = init(&a, "alice");
    init(&b, "bob");
    init(&c, "carol");
    let film = root.path().join("film.mp4");
    let data = write_file(&film, BIG, 7);
    let daemon_a = Daemon::start(&a, &[]);
    let daemon_b = Daemon::start(&b, &[]);
    // Carol fetches big files only when she opens them.
    let daemon_c = Daemon::start(&c, &[("SUPERNET_FETCH_MAX", "1M")]);

    let added = call(&a, "blobs.add", json!({ "path": film }));
    let hash = added["hash"].as_str().unwrap().to_owned();
    assert_eq!(hash, hash_of(&data), "the hash is BLAKE3 of the content");
    assert_eq!(added["mime"], "video/mp4");
    let post = call(
        &a,
        "social.post",
        json!({ "text": "my film", "attachments": [{ "hash": hash }] }),
    );
    assert_eq!(post["attachments"][0]["size"], BIG as u64);

    ok(supernet(&b).args(["follow", &ticket_of(&a)]));
    ok(supernet(&c).args(["follow", &ticket_of(&a)]));

    // Bob's node fetches it as the post arrives, verified, identical.
    until(&daemon_b, "the film on B", || {
        held(&b, &hash) == (BIG as u64, true)
    });
    let feed = call(&b, "social.feed", json!({}));
    assert_eq!(feed["posts"][0]["attachments"][0]["hash"], hash);
    let (status, _, tail) = get_bytes(
        &daemon_b,
        &format!("/blobs/{hash}"),
        Some(&format!("bytes={}-", BIG - 1000)),
    );
    assert_eq!((status, tail.as_slice()), (206, &data[BIG - 1000..]));

    // Carol's node has the post but not the film; playing it fetches what the player asks.
    until(&daemon_c, "the post on C", || {
        call(&c, "social.feed", json!({}))["posts"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    });
    assert_eq!(held(&c, &hash), (0, false));
    let url = format!("/blobs/{hash}?author={alice}&name=film.mp4");
    let (status, head, first) = get_bytes(&daemon_c, &url, Some("bytes=0-1048575"));
    assert_eq!(status, 206, "{head}");
    assert!(
        head.contains(&format!("content-range: bytes 0-1048575/{BIG}")),
        "{head}"
    );
    assert!(head.contains("content-type: video/mp4"), "{head}");
    assert_eq!(first, &data[..1_048_576]);
    let middle = 120_000_000;
    let (status, _, seek) = get_bytes(
        &daemon_c,
        &url,
        Some(&format!("bytes={middle}-{}", middle + 99_999)),
    );
    assert_eq!(
        (status, seek.as_slice()),
        (206, &data[middle..middle + 100_000])
    );
    let (have, complete) = held(&c, &hash);
    assert!(
        !complete && have >= 1_048_576 && have < BIG as u64 / 10,
        "early ranges are served while the rest is still missing: {have} of {BIG}"
    );

    // Asked for all of it, Carol's node resumes from what it has: from A or from B.
    let fetched = call(&c, "blobs.fetch", json!({ "hash": hash, "author": alice }));
    assert_eq!(fetched["size"], BIG as u64);
    assert_eq!(held(&c, &hash), (BIG as u64, true));
    let status = call(&c, "blobs.status", Value::Null);
    let transfer = status["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["hash"] == hash && t["direction"] == "download")
        .unwrap()
        .clone();
    assert_eq!(transfer["done"], true);
    assert!(transfer["resumed"].as_u64().unwrap() >= have, "{transfer}");
    assert_eq!(status["by_author"][0]["author"], alice);
    drop((daemon_a, daemon_b, daemon_c));
}

/// The data file of `hash` in `dir`'s blob store.
fn data_file(dir: &Path, hash: &str) -> PathBuf {
    dir.join("blobs").join("data").join(format!("{hash}.data"))
}

#[test]
fn a_download_killed_half_way_resumes_without_fetching_again_what_it_had() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let file = root.path().join("big.bin");
    let data = write_file(&file, BIG, 11);
    let hash = hash_of(&data);
    let daemon_a = Daemon::start(&a, &[]);
    let shared = ok(supernet(&a).args(["share", file.to_str().unwrap()]));
    let ticket = shared
        .lines()
        .find_map(|l| l.strip_prefix("ticket: "))
        .unwrap()
        .trim()
        .to_owned();
    assert!(shared.contains("sharing 1 file"), "{shared}");

    // B has no daemon: `get` runs a node of its own, killed once part of the file is in.
    let out = root.path().join("out.bin");
    let mut child = supernet(&b)
        .args(["get", &ticket, out.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let part = loop {
        // Bytes on disk (the file is sparse: its length is the whole size from the start).
        let len = std::fs::metadata(data_file(&b, &hash))
            .map(|m| std::os::unix::fs::MetadataExt::blocks(&m) * 512)
            .unwrap_or(0);
        if len >= BIG as u64 / 5 {
            break len;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the download ended before it could be interrupted"
        );
        assert!(Instant::now() < deadline, "the download did not start");
        std::thread::sleep(Duration::from_millis(2));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(part < BIG as u64, "interrupted half-way");

    let again = ok(supernet(&b).args(["get", &ticket, out.to_str().unwrap()]));
    assert!(again.contains("received 1 file"), "{again}");
    let resumed: u64 = again
        .split("resumed: ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no resume in {again:?}"));
    assert!(
        resumed > 0 && resumed < BIG as u64,
        "it resumed from the {resumed} verified bytes it had"
    );
    assert!(std::fs::read(&out).unwrap() == data, "the file is whole");
    drop(daemon_a);
}

#[test]
fn a_provider_sending_corrupt_data_is_dropped_and_another_one_delivers() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        root.path().join("a"),
        root.path().join("b"),
        root.path().join("c"),
    );
    for (dir, name) in [(&a, "a"), (&b, "b"), (&c, "c")] {
        init(dir, name);
    }
    let file = root.path().join("photo.bin");
    let data = write_file(&file, 3_000_000, 5);
    let hash = hash_of(&data);
    let daemon_a = Daemon::start(&a, &[]);
    let ticket = call(&a, "blobs.share", json!({ "path": file }))["ticket"]
        .as_str()
        .unwrap()
        .to_owned();
    // C keeps a good copy.
    let daemon_c = Daemon::start(&c, &[]);
    ok(supernet(&c).args(["get", &ticket, root.path().join("c.bin").to_str().unwrap()]));

    // A's copy rots on disk: one byte in the middle.
    daemon_a.stop();
    let path = data_file(&a, &hash);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[1_500_000] ^= 0xff;
    std::fs::write(&path, bytes).unwrap();
    let daemon_a = Daemon::start(&a, &[]);

    // Alone, A's corrupt copy is refused: nothing wrong is written.
    let lonely = root.path().join("lonely");
    init(&lonely, "l");
    let (code, message) = fails(supernet(&lonely).args([
        "get",
        &ticket,
        root.path().join("bad.bin").to_str().unwrap(),
    ]));
    assert_eq!(code, "unavailable", "{message}");
    assert!(message.contains("no provider delivered"), "{message}");
    assert!(!root.path().join("bad.bin").exists());

    // B knows C too: A is tried first, dropped when verification fails, and C delivers.
    let card_c: Value = call(&c, "net.ticket", Value::Null);
    let daemon_b = Daemon::start(&b, &[]);
    ok(supernet(&b).args(["follow", card_c["ticket"].as_str().unwrap()]));
    let c_account = ok(supernet(&c).arg("id")).trim().to_owned();
    until(&daemon_b, "C's contact card on B", || {
        call(&b, "net.peers", Value::Null)["peers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["account"] == c_account.as_str() && p["files"].is_string())
    });
    let out = root.path().join("b.bin");
    ok(supernet(&b).args(["get", &ticket, out.to_str().unwrap()]));
    assert!(std::fs::read(&out).unwrap() == data);
    let a_endpoint = call(&a, "blobs.status", Value::Null)["endpoint"].clone();
    let transfer = call(&b, "blobs.status", Value::Null)["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["hash"] == hash.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        transfer["providers"][0], a_endpoint,
        "the ticket's node first"
    );
    assert!(
        transfer["dropped"]
            .as_array()
            .unwrap()
            .contains(&a_endpoint),
        "A was dropped: {transfer}"
    );
    drop((daemon_a, daemon_b, daemon_c));
}

#[test]
fn files_of_an_expired_post_are_deleted_on_every_node() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    init(&a, "alice");
    init(&b, "bob");
    let fast_gc = [("SUPERNET_GC_EVERY_SECS", "1")];
    let daemon_a = Daemon::start(&a, &fast_gc);
    let daemon_b = Daemon::start(&b, &fast_gc);
    ok(supernet(&b).args(["follow", &ticket_of(&a)]));
    let file = root.path().join("note.bin");
    let hash = hash_of(&write_file(&file, 1_000_000, 3));
    call(&a, "blobs.add", json!({ "path": file }));
    let expires_at = super::now_ms() + 6_000;
    call(
        &a,
        "social.post",
        json!({ "text": "gone soon", "attachments": [{ "hash": hash }], "expires_at": expires_at }),
    );
    // Only the post keeps it now on A.
    assert_eq!(
        call(&a, "blobs.unpin", json!({ "hash": hash }))["removed"],
        true
    );
    until(&daemon_b, "the file on B", || held(&b, &hash).1);
    assert!(data_file(&a, &hash).exists() && data_file(&b, &hash).exists());

    for (dir, daemon) in [(&a, &daemon_a), (&b, &daemon_b)] {
        until(daemon, "the post and its file gone", || {
            call(dir, "social.feed", json!({}))["posts"]
                .as_array()
                .is_some_and(|p| p.is_empty())
                && !data_file(dir, &hash).exists()
        });
        assert_eq!(held(dir, &hash), (0, false));
    }
    drop((daemon_a, daemon_b));
}

#[test]
fn file_commands_give_precise_errors_and_change_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("n");
    init(&dir, "n");
    let daemon = Daemon::start(&dir, &[("SUPERNET_BLOB_QUOTA", "1M")]);
    let (code, message) = fails(supernet(&dir).args(["get", "blobnotaticket", "/tmp/x"]));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("not a file ticket"), "{message}");
    let (code, message) = fails(supernet(&dir).args(["share", "/no/such/file"]));
    assert_eq!(code, "not_found", "{message}");
    assert!(message.contains("/no/such/file"), "{message}");
    let big = root.path().join("big.bin");
    write_file(&big, 2_000_000, 1);
    let (code, message) = fails(supernet(&dir).args(["share", big.to_str().unwrap()]));
    assert_eq!(code, "quota_exceeded");
    assert!(message.contains("file storage is full"), "{message}");
    let (code, _) = fails(supernet(&dir).args([
        "call",
        "social.post",
        &json!({ "text": "x", "attachments": [{ "hash": "00".repeat(32) }] }).to_string(),
    ]));
    assert_eq!(code, "not_found");
    // A name or media type no post could carry is refused before anything is stored.
    let small = root.path().join("small.bin");
    write_file(&small, 1000, 9);
    for bad in [
        json!({ "path": small, "name": "../x" }),
        json!({ "path": small, "mime": "nonsense" }),
    ] {
        let (code, message) = fails(supernet(&dir).args(["call", "blobs.add", &bad.to_string()]));
        assert_eq!(code, "invalid_input", "{message}");
    }
    // A shared folder counts with its files in the storage view.
    let folder = root.path().join("album");
    std::fs::create_dir_all(folder.join("inner")).unwrap();
    write_file(&folder.join("one.bin"), 100_000, 2);
    write_file(&folder.join("inner/two.bin"), 200_000, 4);
    let shared = call(&dir, "blobs.share", json!({ "path": folder }));
    assert_eq!(
        (shared["folder"].clone(), shared["files"].clone()),
        (json!(true), json!(2))
    );
    let status = call(&dir, "blobs.status", Value::Null);
    assert!(status["shares"].as_u64().unwrap() >= 300_000, "{status}");
    assert_eq!(
        call(&dir, "blobs.unshare", json!({ "hash": shared["hash"] }))["removed"],
        true
    );
    let (status, _, body) = get_bytes(&daemon, "/blobs/nothex", None);
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    assert!(
        call(&dir, "blobs.list", Value::Null)["blobs"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    drop(daemon);
}
