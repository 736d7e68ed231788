//! Mini-apps between real processes on loopback: A publishes the to-do app, B follows A and
//! installs it from A's link, and an item added on A shows in B's list (its own event kind,
//! synced like any event, handled by B's copy of the app's script into B's own database).
//! A forged update (another account signing the same app id) and an older version are
//! refused; a hostile app's endless loop, calls without permission, money, ATTACH and an
//! undeclared kind are each refused or contained, and the node keeps answering.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{Daemon, fails, http, init, ok, supernet, ticket_of, wait_on_notices};

fn call(dir: &Path, method: &str, input: Value) -> Value {
    serde_json::from_str(&ok(supernet(dir).args([
        "call",
        method,
        &input.to_string(),
    ])))
    .unwrap()
}

fn call_fails(dir: &Path, method: &str, input: Value) -> (String, String) {
    fails(supernet(dir).args(["call", method, &input.to_string()]))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/system/fixtures/miniapps")
        .join(name)
        .canonicalize()
        .unwrap()
}

/// A copy of fixture `name` whose manifest says `version`.
fn copy_with_version(name: &str, into: &Path, version: &str) -> PathBuf {
    let dir = into.join(format!("{name}-{version}"));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(fixture(name)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    let manifest = dir.join("supernet-app.json");
    let mut value: Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    value["version"] = json!(version);
    std::fs::write(&manifest, value.to_string()).unwrap();
    dir
}

fn todo_texts(dir: &Path) -> Vec<String> {
    call(dir, "app.todo.list", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap().to_owned())
        .collect()
}

fn app_view(dir: &Path, id: &str) -> Option<Value> {
    call(dir, "apps.list", json!({}))["apps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .cloned()
}

#[test]
fn two_nodes_share_a_todo_app_refuse_forgeries_and_contain_a_hostile_app() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        root.path().join("a"),
        root.path().join("b"),
        root.path().join("c"),
    );
    let alice = init(&a, "alice");
    init(&b, "bob");
    let carol = init(&c, "carol");
    let (da, db, _dc) = (
        Daemon::start(&a, &[]),
        Daemon::start(&b, &[]),
        Daemon::start(&c, &[]),
    );

    // A publishes the to-do app and runs it too.
    let published = call(
        &a,
        "apps.publish",
        json!({ "dir": fixture("todo"), "install": true }),
    );
    let link = published["link"].as_str().unwrap().to_owned();
    assert!(link.starts_with("supernet://app/blob"), "{link}");
    assert_eq!(published["id"], "todo");
    let on_a = app_view(&a, "todo").unwrap();
    assert_eq!(on_a["dev"], true);
    assert_eq!(on_a["granted"], json!(["social.read"]));
    let own = call(&a, "apps.inspect", json!({ "link": link }));
    assert_eq!(own["update"], true, "{own}");
    assert_eq!(own["installed"]["version"], "1.0.0");

    // B follows A, looks at the app, and installs it without granting anything.
    ok(supernet(&b).args(["follow", &ticket_of(&a)]));
    let inspected = call(&b, "apps.inspect", json!({ "link": link }));
    assert_eq!(inspected["app"]["id"], "todo");
    assert_eq!(inspected["publisher"], alice);
    assert_eq!(inspected["installed"], Value::Null);
    assert_eq!(inspected["update"], false);
    let permission = &inspected["permissions"][0];
    assert_eq!(permission["name"], "social.read");
    assert_eq!(permission["money"], false);
    assert!(
        permission["description"].as_str().unwrap().len() > 10,
        "permissions are described in plain words: {permission}"
    );
    assert!(
        app_view(&b, "todo").is_none(),
        "inspecting installs nothing"
    );
    let installed = call(&b, "apps.install", json!({ "link": link, "grant": [] }));
    assert_eq!(installed["version"], "1.0.0");
    assert_eq!(installed["publisher"], alice);
    assert_eq!(installed["granted"], json!([]));
    assert_eq!(installed["ui_url"], "/miniapp/todo/index.html");
    let (code, message) = call_fails(
        &b,
        "apps.install",
        json!({ "link": link, "grant": ["coin.pay"] }),
    );
    assert_eq!(code, "invalid_input");
    assert!(
        message.contains("does not ask for \"coin.pay\""),
        "{message}"
    );

    // An item added on A appears in B's list.
    let added = call(&a, "app.todo.add", json!({ "text": "buy milk" }));
    assert_eq!(added["id"].as_str().unwrap().len(), 64);
    wait_on_notices(&da, "the item in A's own list", || {
        todo_texts(&a) == ["buy milk"]
    });
    wait_on_notices(&db, "A's item in B's list", || {
        todo_texts(&b) == ["buy milk"]
    });
    let events = call(&b, "events.query", json!({ "kinds": ["app.todo.item"] }));
    assert_eq!(events["events"][0]["author"], alice);
    // A node without the app does not take its events.
    let (code, _) = call_fails(
        &c,
        "events.ingest",
        json!({ "wire": events["events"][0]["wire"] }),
    );
    assert_eq!(code, "unknown_kind");

    // The gateway serves the app's files with the sandboxing headers, and nothing else.
    let page = http(
        "GET",
        &format!("{}/miniapp/todo/index.html", db.url),
        &[],
        "",
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Shared to-do"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.starts_with(
            "sandbox allow-scripts allow-forms; default-src 'none'; script-src 'self' http://127.0.0.1:"
        ) && csp.contains("/miniapp/todo/; style-src")
            && csp.contains("connect-src 'none'")
            && csp.ends_with("frame-ancestors 'self' tauri://localhost http://tauri.localhost"),
        "{csp}"
    );
    assert_eq!(
        page.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    // Not `same-origin`: the sandboxed page has an opaque origin, to which its own
    // scripts and images are cross-origin loads (see gateway/miniapps.rs).
    assert_eq!(
        page.header("cross-origin-resource-policy").as_deref(),
        Some("cross-origin")
    );
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let sdk = http(
        "GET",
        &format!("{}/miniapp/todo/_supernet/sdk.js", db.url),
        &[],
        "",
    );
    assert_eq!(sdk.status, 200);
    assert!(
        sdk.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(sdk.header("content-security-policy").is_some());
    for missing in [
        "/miniapp/todo/nope.html",
        "/miniapp/todo/..%2f..%2fdaemon.json",
        "/miniapp/todo/%2e%2e/daemon.json",
        "/miniapp/todo/manifest.json",
        "/miniapp/nothing/index.html",
    ] {
        let response = http("GET", &format!("{}{missing}", db.url), &[], "");
        assert_eq!(response.status, 404, "{missing}: {}", response.body);
    }

    // Carol signs an app with the same id: B refuses it as an update.
    let forged = call(
        &c,
        "apps.publish",
        json!({ "dir": copy_with_version("todo", root.path(), "9.0.0") }),
    );
    let (code, message) = call_fails(
        &b,
        "apps.install",
        json!({ "link": forged["link"], "grant": [] }),
    );
    assert_eq!(code, "permission_denied");
    assert_eq!(
        message,
        format!("app todo is installed from {alice}; this bundle is signed by {carol}: refused")
    );
    let inspected = call(&b, "apps.inspect", json!({ "link": forged["link"] }));
    assert_eq!(inspected["update"], true);
    assert_eq!(inspected["installed"]["publisher"], alice);

    // Bundles altered after signing, and links that are not apps, are refused precisely.
    let tampered = |name: &str, change: &dyn Fn(&Path)| -> Value {
        let dir = root.path().join(name);
        call(
            &a,
            "blobs.get",
            json!({ "ticket": published["ticket"], "path": dir }),
        );
        change(&dir);
        let shared = call(&a, "blobs.share", json!({ "path": dir }));
        json!({ "link": shared["link"] })
    };
    let resigned = tampered("resigned", &|dir| {
        let path = dir.join("manifest.json");
        let mut manifest: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        manifest["app"]["version"] = json!("1.0.1");
        std::fs::write(&path, manifest.to_string()).unwrap();
    });
    let (code, message) = call_fails(&b, "apps.inspect", resigned);
    assert_eq!(code, "bad_signature", "{message}");
    let altered = tampered("altered", &|dir| {
        std::fs::write(
            dir.join("node.js"),
            "supernet.method('list', () => 'mine');",
        )
        .unwrap();
    });
    let (code, message) = call_fails(&b, "apps.inspect", altered);
    assert_eq!(code, "invalid_input");
    assert!(
        message.contains("node.js in the bundle has hash"),
        "{message}"
    );
    let folder = call(&a, "blobs.share", json!({ "path": fixture("todo") }));
    let (code, message) = call_fails(&b, "apps.inspect", json!({ "link": folder["link"] }));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("no manifest.json"), "{message}");
    let file = call(
        &a,
        "blobs.share",
        json!({ "path": fixture("todo").join("index.html") }),
    );
    let (code, message) = call_fails(&b, "apps.inspect", json!({ "link": file["link"] }));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("single file"), "{message}");

    // An older version from A is refused too; a newer one keeps B's data.
    let older = call(
        &a,
        "apps.publish",
        json!({ "dir": copy_with_version("todo", root.path(), "0.9.0") }),
    );
    let (code, message) = call_fails(&b, "apps.install", json!({ "link": older["link"] }));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("older 0.9.0"), "{message}");
    let newer = call(
        &a,
        "apps.publish",
        json!({ "dir": copy_with_version("todo", root.path(), "1.1.0") }),
    );
    let updated = call(&b, "apps.install", json!({ "link": newer["link"] }));
    assert_eq!(updated["version"], "1.1.0");
    assert_eq!(
        todo_texts(&b),
        ["buy milk"],
        "an update keeps the app's data"
    );

    // Calls on the app's behalf hold only its grants; money is never one of them.
    let (code, message) = call_fails(
        &b,
        "apps.call",
        json!({ "app": "todo", "method": "social.feed", "input": {} }),
    );
    assert_eq!(code, "permission_denied");
    assert!(message.contains("social.read"), "{message}");
    call(
        &b,
        "apps.grant",
        json!({ "id": "todo", "permission": "social.read", "granted": true }),
    );
    call(
        &b,
        "apps.call",
        json!({ "app": "todo", "method": "social.feed", "input": {} }),
    );
    let listed = call(
        &b,
        "apps.call",
        json!({ "app": "todo", "method": "app.todo.list", "input": {} }),
    );
    assert_eq!(listed[0]["text"], "buy milk");
    let (code, message) = call_fails(
        &b,
        "apps.call",
        json!({ "app": "todo", "method": "coin.pay", "input": { "to": alice, "amount": "1" } }),
    );
    assert_eq!(code, "permission_denied");
    assert!(message.contains("requestPayment"), "{message}");
    let (code, _) = call_fails(&b, "app.todo.nothing", json!({}));
    assert_eq!(code, "unknown_method");
    let (code, _) = call_fails(&b, "app.nothing.list", json!({}));
    assert_eq!(code, "unknown_method");

    // A hostile app: each misdeed is refused or contained, and the node keeps answering.
    call(
        &b,
        "apps.publish",
        json!({ "dir": fixture("hostile"), "install": true }),
    );
    assert_eq!(call(&b, "app.hostile.ping", json!({})), "pong");
    call(
        &b,
        "apps.grant",
        json!({ "id": "hostile", "permission": "social.read", "granted": false }),
    );
    let (code, message) = call_fails(&b, "app.hostile.feed", json!({}));
    assert_eq!(code, "script_failed");
    assert!(message.contains("social.read"), "{message}");
    let (code, message) = call_fails(&b, "app.hostile.events", json!({}));
    assert_eq!(code, "script_failed");
    assert!(message.contains("events.read"), "{message}");
    let (_, message) = call_fails(&b, "app.hostile.pay", json!({ "to": alice }));
    assert!(message.contains("requestPayment"), "{message}");
    let (_, message) = call_fails(&b, "app.hostile.attach", json!({}));
    assert!(
        message.contains("not authorized") || message.contains("too many attached"),
        "{message}"
    );
    let (_, message) = call_fails(&b, "app.hostile.uncap", json!({}));
    assert!(message.contains("not authorized"), "{message}");
    let (_, message) = call_fails(&b, "app.hostile.forge", json!({}));
    assert!(message.contains("does not declare the kind"), "{message}");
    let (code, message) = call_fails(&b, "app.hostile.spin", json!({}));
    assert_eq!(code, "script_failed", "{message}");
    assert_eq!(
        call(&b, "node.info", Value::Null)["account"]
            .as_str()
            .map(str::len),
        Some(61),
        "the node still answers"
    );
    let hostile = app_view(&b, "hostile").unwrap();
    assert!(
        !hostile["incidents"].as_array().unwrap().is_empty(),
        "the incident is listed: {hostile}"
    );
    assert_eq!(
        call(&b, "app.hostile.ping", json!({})),
        "pong",
        "it restarts"
    );
    assert_eq!(todo_texts(&b), ["buy milk"], "other apps are unharmed");
    // Breaking its limits again and again suspends it until the user resumes it.
    for _ in 0..2 {
        assert_eq!(
            call_fails(&b, "app.hostile.spin", json!({})).0,
            "script_failed"
        );
    }
    assert_eq!(app_view(&b, "hostile").unwrap()["status"], "suspended");
    let (code, message) = call_fails(&b, "app.hostile.ping", json!({}));
    assert_eq!(code, "script_failed");
    assert!(message.contains("suspended"), "{message}");
    let resumed = call(&b, "apps.resume", json!({ "id": "hostile" }));
    assert_eq!(resumed["status"], "running", "{resumed}");
    assert_eq!(call(&b, "app.hostile.ping", json!({})), "pong");

    // Installed apps, their grants and their data survive a restart.
    db.stop();
    let db = Daemon::start(&b, &[]);
    assert_eq!(todo_texts(&b), ["buy milk"]);
    assert_eq!(
        app_view(&b, "todo").unwrap()["granted"],
        json!(["social.read"])
    );
    assert_eq!(app_view(&b, "hostile").unwrap()["granted"], json!([]));

    // Uninstalling removes the app, its methods and its kinds.
    call(&b, "apps.uninstall", json!({ "id": "todo" }));
    assert!(app_view(&b, "todo").is_none());
    let (code, _) = call_fails(&b, "app.todo.list", json!({}));
    assert_eq!(code, "unknown_method");
    assert!(!b.join("miniapps/todo").exists(), "its database is deleted");
    drop(db);
    drop(da);
}

/// The examples in `examples/miniapps` as a person gets them: published by A, installed by
/// B from A's link; the to-do example's items and ticks travel both ways.
#[test]
fn the_todo_example_syncs_between_two_nodes_and_every_example_publishes() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/miniapps")
        .canonicalize()
        .unwrap();
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let alice = init(&a, "alice");
    let bob = init(&b, "bob");
    let (da, db) = (Daemon::start(&a, &[]), Daemon::start(&b, &[]));
    ok(supernet(&b).args(["follow", &ticket_of(&a)]));
    ok(supernet(&a).args(["follow", &ticket_of(&b)]));

    let mut links = vec![];
    for entry in std::fs::read_dir(&examples).unwrap() {
        let dir = entry.unwrap().path();
        let published = call(&a, "apps.publish", json!({ "dir": dir, "install": true }));
        links.push((
            published["id"].as_str().unwrap().to_owned(),
            published["link"].clone(),
        ));
    }
    assert!(links.iter().any(|(id, _)| id == "todo"), "{links:?}");
    for (id, link) in &links {
        let inspected = call(&b, "apps.inspect", json!({ "link": link }));
        assert_eq!(&inspected["app"]["id"], id);
        assert_eq!(inspected["publisher"], alice);
    }
    let (_, link) = links.iter().find(|(id, _)| id == "todo").unwrap();
    let granted: Vec<String> =
        call(&b, "apps.inspect", json!({ "link": link }))["app"]["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
    call(
        &b,
        "apps.install",
        json!({ "link": link, "grant": granted }),
    );

    let items = |dir: &Path| -> Vec<Value> {
        call(dir, "app.todo.list", json!({}))["items"]
            .as_array()
            .unwrap()
            .clone()
    };
    let added = call(&a, "app.todo.add", json!({ "text": "bring the tent" }));
    wait_on_notices(&db, "A's item on B", || {
        items(&b).iter().any(|i| i["text"] == "bring the tent")
    });
    call(&b, "app.todo.add", json!({ "text": "bring the stove" }));
    call(
        &b,
        "app.todo.toggle",
        json!({ "id": added["id"], "done": true }),
    );
    wait_on_notices(&da, "B's item and tick on A", || {
        let on_a = items(&a);
        on_a.iter()
            .any(|i| i["text"] == "bring the stove" && i["author"] == bob)
            && on_a
                .iter()
                .any(|i| i["id"] == added["id"] && i["done"] == true)
    });
}
