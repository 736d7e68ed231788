//! The store as its users see it: ingest, queries, projections, notices, purge, and the
//! errors a damaged or foreign database file gives.

use std::sync::Arc;

use sqlx::{Row, SqliteConnection};
use supernet_core::{Draft, EventId, SecretKey, Timestamp, VerifiedEvent};
use supernet_store::{
    BoxError, Cursor, EventQuery, Gone, Notice, Projection, Store, StoreConfig, StoreError, Stored,
};

const NOW: Timestamp = 1_800_000_000_000;

/// A test projection: one row per `test.note` event, with its text.
#[derive(Debug)]
struct Notes {
    version: u32,
}

#[async_trait::async_trait]
impl Projection for Notes {
    fn name(&self) -> &str {
        "notes"
    }
    fn version(&self) -> u32 {
        self.version
    }
    fn kinds(&self) -> Vec<String> {
        vec!["test.note".into()]
    }
    fn schema(&self) -> &str {
        "CREATE TABLE notes (id BLOB PRIMARY KEY, text TEXT NOT NULL, created_at INTEGER NOT NULL);"
    }
    fn tables(&self) -> Vec<String> {
        vec!["notes".into()]
    }
    async fn apply(&self, conn: &mut SqliteConnection, events: &[Stored]) -> Result<(), BoxError> {
        for s in events {
            sqlx::query("INSERT INTO notes (id, text, created_at) VALUES (?, ?, ?)")
                .bind(s.event.id().as_bytes().to_vec())
                .bind(String::from_utf8(s.event.body().to_vec())?)
                .bind(s.event.created_at() as i64)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
    async fn remove(&self, conn: &mut SqliteConnection, gone: &[Gone]) -> Result<(), BoxError> {
        for g in gone {
            sqlx::query("DELETE FROM notes WHERE id = ?")
                .bind(g.id.as_bytes().to_vec())
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

fn config(dir: Option<&std::path::Path>, version: u32) -> StoreConfig {
    let base = match dir {
        Some(d) => StoreConfig::in_dir(d),
        None => StoreConfig::in_memory(),
    };
    base.namespace(
        "test",
        vec![Arc::new(Notes { version }) as Arc<dyn Projection>],
    )
}

fn event(key: &SecretKey, kind: &str, at: Timestamp, text: &str) -> VerifiedEvent {
    Draft::new(kind, at, text.as_bytes().to_vec())
        .sign(key)
        .unwrap()
        .verify(NOW)
        .unwrap()
}

fn expiring(key: &SecretKey, at: Timestamp, expires_at: Timestamp) -> VerifiedEvent {
    let mut d = Draft::new("test.note", at, b"ephemeral".to_vec());
    d.expires_at = Some(expires_at);
    d.sign(key).unwrap().verify(NOW - 10).unwrap()
}

async fn notes(store: &Store) -> Vec<String> {
    let mut reader = store.app_reader("test").await.unwrap();
    sqlx::query("SELECT text FROM notes ORDER BY created_at")
        .fetch_all(reader.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.get(0))
        .collect()
}

#[tokio::test]
async fn ingest_is_idempotent_and_feeds_projections() {
    let store = Store::open(config(None, 1)).await.unwrap();
    let key = SecretKey::generate();
    let a = event(&key, "test.note", NOW - 3, "first");
    let b = event(&key, "test.note", NOW - 2, "second");
    let other = event(&key, "test.other", NOW - 1, "not a note");

    let report = store
        .ingest(vec![a.clone(), b.clone(), other.clone()])
        .await
        .unwrap();
    assert_eq!((report.inserted, report.duplicates), (3, 0));
    let report = store.ingest(vec![a.clone(), b, other]).await.unwrap();
    assert_eq!((report.inserted, report.duplicates), (0, 3));
    let report = store.ingest(vec![a.clone(), a.clone()]).await.unwrap();
    assert_eq!((report.inserted, report.duplicates), (0, 2));

    assert_eq!(store.count().await.unwrap(), 3);
    assert_eq!(notes(&store).await, ["first", "second"]);
    let got = store.get(&a.id()).await.unwrap().unwrap();
    assert_eq!(got.wire(), a.wire());
    assert!(store.get(&EventId([0; 32])).await.unwrap().is_none());
}

#[tokio::test]
async fn duplicates_inside_one_batch_are_stored_once() {
    let store = Store::open(config(None, 1)).await.unwrap();
    let key = SecretKey::generate();
    let a = event(&key, "test.note", NOW, "once");
    let report = store.ingest(vec![a.clone(), a.clone(), a]).await.unwrap();
    assert_eq!((report.inserted, report.duplicates), (1, 2));
    assert_eq!(notes(&store).await, ["once"]);
}

#[tokio::test]
async fn keyset_pages_cover_everything_once_by_author_kind_and_time() {
    let store = Store::open(config(None, 1)).await.unwrap();
    let alice = SecretKey::generate();
    let bob = SecretKey::generate();
    let mut batch = Vec::new();
    for i in 0..120u64 {
        // Several events share a timestamp: the id breaks ties.
        let at = NOW - 1000 + i / 3;
        batch.push(event(&alice, "test.note", at, &format!("a{i}")));
        batch.push(event(
            &bob,
            if i % 2 == 0 {
                "test.note"
            } else {
                "test.other"
            },
            at,
            &format!("b{i}"),
        ));
    }
    store.ingest(batch.clone()).await.unwrap();

    let mut query = EventQuery {
        authors: vec![alice.account()],
        limit: 25,
        ..Default::default()
    };
    let mut seen = Vec::new();
    loop {
        let page = store.query(&query).await.unwrap();
        seen.extend(page.events.iter().map(|e| (e.created_at(), e.id())));
        match page.next {
            Some(c) => query.before = Some(Cursor::parse(&c.to_text()).unwrap()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 120);
    assert!(seen.windows(2).all(|w| w[0].0 >= w[1].0), "newest first");
    let mut ids: Vec<_> = seen.iter().map(|s| s.1).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 120, "no repeats");

    let q = EventQuery {
        authors: vec![bob.account()],
        kinds: vec!["test.other".into()],
        limit: 1000,
        ..Default::default()
    };
    assert_eq!(store.query(&q).await.unwrap().events.len(), 60);
    let q = EventQuery {
        kinds: vec!["test.note".into()],
        since: Some(NOW - 1000),
        until: Some(NOW - 1000 + 9),
        limit: 1000,
        ..Default::default()
    };
    let page = store.query(&q).await.unwrap();
    assert_eq!(page.events.len(), 30 + 15);
    assert!(page.next.is_none());
}

#[tokio::test]
async fn bad_queries_are_refused_with_a_reason() {
    let store = Store::open(config(None, 1)).await.unwrap();
    let err = store
        .query(&EventQuery {
            limit: 0,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidQuery(m) if m.contains("limit")));
    assert!(matches!(
        Cursor::parse("not-a-cursor"),
        Err(StoreError::InvalidQuery(_))
    ));
}

#[tokio::test]
async fn notices_follow_each_commit() {
    let store = Store::open(config(None, 1)).await.unwrap();
    let mut notices = store.subscribe();
    let key = SecretKey::generate();
    let a = event(&key, "test.note", NOW, "hello");
    store.ingest(vec![a.clone()]).await.unwrap();
    let notice = notices.recv().await.unwrap();
    match notice.as_ref() {
        Notice::Events { count, events } => {
            assert_eq!(*count, 1);
            assert_eq!(events.len(), 1);
            assert_eq!(events[0].id, a.id());
            assert_eq!(events[0].kind, "test.note");
        }
        other => panic!("unexpected notice {other:?}"),
    }
    store.ingest(vec![a]).await.unwrap();
    assert!(
        notices.try_recv().is_err(),
        "a duplicate changes nothing and says nothing"
    );
}

#[tokio::test]
async fn expired_events_are_purged_with_their_rows() {
    let store = Store::open(config(None, 1)).await.unwrap();
    let key = SecretKey::generate();
    let keep = event(&key, "test.note", NOW - 100, "keep");
    let gone = expiring(&key, NOW - 100, NOW - 5);
    let later = expiring(&key, NOW - 100, NOW + 1000);
    store.ingest(vec![keep, gone.clone(), later]).await.unwrap();
    let mut notices = store.subscribe();
    assert_eq!(store.purge_expired(NOW).await.unwrap(), 1);
    assert!(store.get(&gone.id()).await.unwrap().is_none());
    assert_eq!(store.count().await.unwrap(), 2);
    assert_eq!(notes(&store).await.len(), 2);
    assert!(
        matches!(notices.recv().await.unwrap().as_ref(), Notice::Removed { ids } if ids == &[gone.id()])
    );
    assert_eq!(store.purge_expired(NOW).await.unwrap(), 0);
}

#[tokio::test]
async fn projections_are_rebuilt_from_events_on_version_change_and_on_demand() {
    let dir = tempfile::tempdir().unwrap();
    let key = SecretKey::generate();
    {
        let store = Store::open(config(Some(dir.path()), 1)).await.unwrap();
        store
            .ingest(vec![
                event(&key, "test.note", NOW - 2, "one"),
                event(&key, "test.note", NOW - 1, "two"),
            ])
            .await
            .unwrap();
        store.close().await;
    }
    // Wipe the projection behind the store's back, then open with a new version.
    {
        let store = Store::open(config(Some(dir.path()), 1)).await.unwrap();
        store.rebuild("test", "notes").await.unwrap();
        assert_eq!(notes(&store).await, ["one", "two"]);
        store.close().await;
    }
    let db = dir.path().join("apps/test.sqlite");
    let mut conn =
        <SqliteConnection as sqlx::Connection>::connect(&format!("sqlite:{}", db.display()))
            .await
            .unwrap();
    sqlx::query("DELETE FROM notes")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::Connection::close(conn).await.unwrap();
    let store = Store::open(config(Some(dir.path()), 2)).await.unwrap();
    assert_eq!(
        notes(&store).await,
        ["one", "two"],
        "version 2 rebuilt the table from the log"
    );
}

#[tokio::test]
async fn a_projection_behind_the_log_catches_up_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let key = SecretKey::generate();
    {
        // First run without the app registered: events arrive, nobody projects them.
        let store = Store::open(StoreConfig::in_dir(dir.path())).await.unwrap();
        store
            .ingest(vec![event(&key, "test.note", NOW - 1, "early")])
            .await
            .unwrap();
        store.close().await;
    }
    let store = Store::open(config(Some(dir.path()), 1)).await.unwrap();
    assert_eq!(notes(&store).await, ["early"]);
    store
        .ingest(vec![event(&key, "test.note", NOW, "late")])
        .await
        .unwrap();
    assert_eq!(notes(&store).await, ["early", "late"]);
}

fn channel<T: Send + 'static>(items: Vec<T>) -> tokio::sync::mpsc::Receiver<T> {
    let (tx, rx) = tokio::sync::mpsc::channel(items.len().max(1));
    for item in items {
        tx.try_send(item).unwrap();
    }
    rx
}

#[tokio::test]
async fn ingest_all_is_all_or_nothing() {
    let store = Store::open(config(None, 1)).await.unwrap();
    let key = SecretKey::generate();
    let a = event(&key, "test.note", NOW - 1, "a");
    let b = event(&key, "test.note", NOW, "b");
    let outcome = store
        .ingest_all(channel(vec![
            Ok(vec![a.clone()]),
            Err("the file ends early"),
            Ok(vec![b.clone()]),
        ]))
        .await
        .unwrap();
    assert_eq!(outcome.unwrap_err(), "the file ends early");
    assert_eq!(store.count().await.unwrap(), 0);
    assert!(notes(&store).await.is_empty());
    let report = store
        .ingest_all(channel(vec![Ok::<_, ()>(vec![a]), Ok(vec![b])]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.inserted, 2);
    assert_eq!(notes(&store).await, ["a", "b"]);
}

#[tokio::test]
async fn a_garbage_file_is_corrupt_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("node.sqlite"),
        b"this is not a database at all, just text",
    )
    .unwrap();
    let err = Store::open(StoreConfig::in_dir(dir.path()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    let api: supernet_core::ApiError = err.into();
    assert_eq!(api.code, supernet_core::ErrorCode::StoreCorrupt);
    assert!(api.message.contains("node.sqlite"), "{}", api.message);
}

#[tokio::test]
async fn a_damaged_sqlite_file_is_corrupt_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(StoreConfig::in_dir(dir.path())).await.unwrap();
        let key = SecretKey::generate();
        let batch: Vec<_> = (0..300)
            .map(|i| event(&key, "test.note", NOW - i, &"x".repeat(500)))
            .collect();
        store.ingest(batch.clone()).await.unwrap();
        store.close().await;
    }
    let path = dir.path().join("node.sqlite");
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192);
    // Keep the 100-byte header, scribble over the schema page and beyond.
    for b in &mut bytes[100..8192] {
        *b = 0xA5;
    }
    std::fs::write(&path, bytes).unwrap();
    let err = Store::open(StoreConfig::in_dir(dir.path()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
}

#[tokio::test]
async fn a_foreign_sqlite_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("node.sqlite");
    let mut conn = <SqliteConnection as sqlx::Connection>::connect(&format!(
        "sqlite:{}?mode=rwc",
        path.display()
    ))
    .await
    .unwrap();
    sqlx::query("CREATE TABLE recipes (name TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::Connection::close(conn).await.unwrap();
    let err = Store::open(StoreConfig::in_dir(dir.path()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    let api: supernet_core::ApiError = err.into();
    assert_eq!(api.code, supernet_core::ErrorCode::ForeignDatabase);
}

#[tokio::test]
async fn each_namespace_has_its_own_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(config(Some(dir.path()), 1).namespace("other", vec![]))
        .await
        .unwrap();
    assert!(dir.path().join("node.sqlite").exists());
    assert!(dir.path().join("apps/test.sqlite").exists());
    assert!(dir.path().join("apps/other.sqlite").exists());
    assert!(matches!(
        store.app_reader("missing").await,
        Err(StoreError::UnknownNamespace(_))
    ));
}

#[tokio::test]
async fn new_databases_use_wal_and_large_pages() {
    let dir = tempfile::tempdir().unwrap();
    Store::open(config(Some(dir.path()), 1))
        .await
        .unwrap()
        .close()
        .await;
    for file in ["node.sqlite", "apps/test.sqlite"] {
        let url = format!("sqlite:{}", dir.path().join(file).display());
        let mut conn = <SqliteConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        let page: i64 = sqlx::query_scalar("PRAGMA page_size")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!((page, mode.as_str()), (16384, "wal"), "{file}");
    }
}

#[tokio::test]
async fn an_apps_own_tables_are_written_through_its_writer_and_survive_rebuilds() {
    for dir in [None, Some(tempfile::tempdir().unwrap())] {
        let path = dir.as_ref().map(|d| d.path());
        let store = Store::open(config(path, 1)).await.unwrap();
        {
            let mut writer = store.app_writer("test").await.unwrap();
            sqlx::raw_sql(
                "CREATE TABLE own (v TEXT NOT NULL); INSERT INTO own (v) VALUES ('mine');",
            )
            .execute(writer.conn())
            .await
            .unwrap();
        }
        store.rebuild("test", "notes").await.unwrap();
        let read = |store: Store| async move {
            let mut reader = store.app_reader("test").await.unwrap();
            let v: String = sqlx::query_scalar("SELECT v FROM own")
                .fetch_one(reader.conn())
                .await
                .unwrap();
            v
        };
        assert_eq!(read(store.clone()).await, "mine", "kept by a rebuild");
        assert!(matches!(
            store.app_writer("missing").await,
            Err(StoreError::UnknownNamespace(_))
        ));
        if let Some(dir) = &dir {
            store.close().await;
            // A new version of the projection rebuilds it at open: the app's table stays.
            let store = Store::open(config(Some(dir.path()), 2)).await.unwrap();
            assert_eq!(read(store).await, "mine", "kept across a reopen");
        }
    }
}
