//! The file layer between two in-process endpoints on loopback.

use std::time::Duration;

use supernet_net::blobs::{BlobConfig, Blobs, Progress};

async fn blobs(dir: &std::path::Path, seed: u8) -> Blobs {
    Blobs::start(BlobConfig {
        dir: Some(dir.to_path_buf()),
        key_seed: [seed; 32],
        local_only: true,
        port: 0,
        relays: vec![],
        gc_every: Duration::from_secs(3600),
    })
    .await
    .unwrap()
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 1000) as u8).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_moves_verified_and_ranges_arrive_on_demand() {
    let dir = tempfile::tempdir().unwrap();
    let a = blobs(&dir.path().join("a"), 1).await;
    let b = blobs(&dir.path().join("b"), 2).await;
    let file = dir.path().join("f.bin");
    let content = data(64 * 1024 * 1024 + 17);
    std::fs::write(&file, &content).unwrap();
    let (hash, size) = a.add_path(&file, "pin/x", |_, _| {}).await.unwrap();
    assert_eq!(size, content.len() as u64);
    assert_eq!(hash.as_bytes(), blake3::hash(&content).as_bytes());
    b.learn(a.addr());

    // A range first: only it (rounded to chunk groups) arrives.
    b.ensure_range(hash, 1_000_000..1_100_000, &[a.id()])
        .await
        .unwrap();
    let state = b.state(hash).await.unwrap();
    assert!(!state.complete && state.have < size / 2, "{state:?}");
    let got = b.read(hash, 1_000_000..1_100_000).await.unwrap();
    assert_eq!(got, &content[1_000_000..1_100_000]);

    // Then the whole of it, resuming.
    let mut seen = vec![];
    b.download(hash, false, vec![a.id()], |p| seen.push(p))
        .await
        .unwrap();
    assert!(b.state(hash).await.unwrap().complete);
    assert!(seen.contains(&Progress::Trying(a.id())));
    let out = dir.path().join("out.bin");
    b.export(hash, &out).await.unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), content);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_file_comes_from_several_providers_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        blobs(&dir.path().join("a"), 1).await,
        blobs(&dir.path().join("b"), 2).await,
        blobs(&dir.path().join("c"), 3).await,
    );
    let file = dir.path().join("big.bin");
    let content = data(80 * 1024 * 1024 + 5);
    std::fs::write(&file, &content).unwrap();
    let (hash, _) = a.add_path(&file, "pin/a", |_, _| {}).await.unwrap();
    c.add_path(&file, "pin/c", |_, _| {}).await.unwrap();
    b.learn(a.addr());
    b.learn(c.addr());
    let mut seen = vec![];
    b.download(hash, false, vec![a.id(), c.id()], |p| seen.push(p))
        .await
        .unwrap();
    assert!(seen.contains(&Progress::Trying(a.id())), "{seen:?}");
    assert!(seen.contains(&Progress::Trying(c.id())), "{seen:?}");
    let out = dir.path().join("out.bin");
    b.export(hash, &out).await.unwrap();
    assert!(std::fs::read(&out).unwrap() == content);
}
