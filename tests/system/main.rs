//! System tests: the real `supernet` binary, in separate processes, on fresh data
//! directories — used the way a person or a script uses it. Daemons listen on 127.0.0.1
//! with OS-chosen ports and run in local-only mode.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

mod coin;
mod files;
mod miniapps;
mod social;
mod tokens;

/// Milliseconds since the Unix epoch.
fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// How long a daemon may take to start serving; a debug build opening its databases takes
/// well under a second here.
const START_TIMEOUT: Duration = Duration::from_secs(30);

fn supernet(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_supernet"));
    cmd.env("SUPERNET_DATA_DIR", dir)
        .env("SUPERNET_LOCAL_ONLY", "1")
        .env_remove("SUPERNET_PASSPHRASE")
        .env_remove("SUPERNET_RECOVERY_PHRASE")
        .stdin(Stdio::null());
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the supernet binary runs")
}

fn ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must fail; returns the error code it printed as JSON on stderr.
fn fails(cmd: &mut Command) -> (String, String) {
    let out = run(cmd);
    assert!(!out.status.success(), "{cmd:?} should have failed");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let last = stderr.lines().last().unwrap_or_default();
    let err: Value =
        serde_json::from_str(last).unwrap_or_else(|_| panic!("no JSON error in {stderr:?}"));
    (
        err["code"].as_str().unwrap().to_owned(),
        err["message"].as_str().unwrap().to_owned(),
    )
}

fn init(dir: &Path, name: &str) -> String {
    ok(supernet(dir).args(["init", "--no-passphrase", "--name", name]))
        .trim()
        .to_owned()
}

fn feed_texts(dir: &Path) -> Vec<String> {
    let page: Value =
        serde_json::from_str(&ok(supernet(dir).args(["feed", "--json", "--limit", "100"])))
            .unwrap();
    page["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_owned())
        .collect()
}

/// A running `supernet serve`, stopped when dropped.
struct Daemon {
    child: Child,
    url: String,
    /// The one-time web UI link it printed.
    login: String,
    dir: PathBuf,
}

impl Daemon {
    fn start(dir: &Path, env: &[(&str, &str)]) -> Self {
        let mut cmd = supernet(dir);
        cmd.arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::sync_channel(2);
        std::thread::spawn(move || {
            let mut url = None;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(u) = line.strip_prefix("Supernet node serving its API at ") {
                    url = Some(u.to_owned());
                }
                if let (Some(u), Some(link)) = (&url, line.strip_prefix("Open the web UI: ")) {
                    let _ = tx.send((u.clone(), link.to_owned()));
                }
            }
        });
        let (url, login) = rx.recv_timeout(START_TIMEOUT).unwrap_or_else(|_| {
            let _ = child.kill();
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("the daemon did not start: {err}");
        });
        Daemon {
            child,
            url,
            login,
            dir: dir.to_owned(),
        }
    }

    fn token(&self) -> String {
        let info: Value =
            serde_json::from_slice(&std::fs::read(self.dir.join("daemon.json")).unwrap()).unwrap();
        info["token"].as_str().unwrap().to_owned()
    }

    /// Stops the daemon the way Ctrl-C does, and waits for it.
    fn stop(mut self) {
        stop(&mut self.child);
    }
}

fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let (tx, rx) = mpsc::sync_channel(1);
    let id = child.id();
    std::thread::spawn(move || {
        let waited = rx.recv_timeout(Duration::from_secs(10)).is_ok();
        if !waited {
            let _ = Command::new("kill")
                .args(["-KILL", &id.to_string()])
                .status();
        }
    });
    let _ = child.wait();
    let _ = tx.send(());
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            stop(&mut self.child);
        }
    }
}

/// An HTTP response as a test sees it.
struct Http {
    status: u16,
    head: String,
    body: String,
}

impl Http {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// A raw HTTP/1.1 request, so the test sees exactly what any HTTP client would.
fn http(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Http {
    let rest = url.strip_prefix("http://").unwrap();
    let (addr, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    Http {
        status: head[9..12].parse().unwrap(),
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// `POST <url><path>` with an optional bearer token; status and JSON body.
fn http_post(url: &str, path: &str, token: Option<&str>, body: &str) -> (u16, Value) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    let response = http("POST", &format!("{url}{path}"), &headers, body);
    (response.status, response.json())
}

#[test]
fn two_nodes_post_and_list_in_process_and_through_their_daemons() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let id_a = init(&a, "alice");
    let id_b = init(&b, "bob");
    assert!(id_a.starts_with("sn1") && id_b.starts_with("sn1") && id_a != id_b);
    assert_eq!(ok(supernet(&a).arg("id")).trim(), id_a);

    ok(supernet(&a).args(["post", "alice in process"]));
    ok(supernet(&b).args(["post", "bob in process", "--title", "Bob's blog"]));

    let daemon_a = Daemon::start(&a, &[]);
    let daemon_b = Daemon::start(&b, &[]);
    let post_id = ok(supernet(&a).args(["post", "alice through her daemon"]));
    assert_eq!(post_id.trim().len(), 64);
    ok(supernet(&b).args(["post", "bob through his daemon"]));
    assert_eq!(
        feed_texts(&a),
        ["alice through her daemon", "alice in process"]
    );
    assert_eq!(feed_texts(&b), ["bob through his daemon", "bob in process"]);
    let text = ok(supernet(&b).arg("feed"));
    assert!(
        text.contains("# Bob's blog") && text.contains("bob in process"),
        "{text}"
    );

    let info: Value = serde_json::from_str(&ok(supernet(&a).args(["call", "node.info"]))).unwrap();
    assert_eq!(info["account"], id_a);
    assert_eq!(
        info["local_only"], true,
        "the daemon runs in local-only mode"
    );
    assert_eq!(info["events"], 2);

    daemon_a.stop();
    daemon_b.stop();
    assert!(
        !a.join("daemon.json").exists(),
        "a stopped daemon leaves no record"
    );
    assert_eq!(
        feed_texts(&a),
        ["alice through her daemon", "alice in process"],
        "posts survive the daemon"
    );
}

#[test]
fn a_second_daemon_on_the_same_directory_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("n");
    init(&dir, "n");
    let _daemon = Daemon::start(&dir, &[]);
    let (code, message) = fails(supernet(&dir).arg("serve"));
    assert_eq!(code, "daemon_running");
    assert!(message.contains(dir.to_str().unwrap()), "{message}");
}

#[test]
fn export_into_a_fresh_directory_reproduces_the_feed() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    init(&a, "alice");
    for i in 0..5 {
        ok(supernet(&a).args(["post", &format!("post {i}")]));
    }
    let file = root.path().join("alice.export");
    {
        // Export through the daemon, import in process.
        let _daemon = Daemon::start(&a, &[]);
        assert!(ok(supernet(&a).arg("export").arg(&file)).contains("exported 5 events"));
    }
    init(&b, "bob");
    let out = ok(supernet(&b).arg("import").arg(&file));
    assert!(out.contains("imported 5 new events"), "{out}");
    assert_eq!(feed_texts(&b), feed_texts(&a));

    let garbage = root.path().join("garbage.export");
    std::fs::write(&garbage, b"not an export").unwrap();
    let (code, _) = fails(supernet(&b).arg("import").arg(&garbage));
    assert_eq!(code, "bad_export_file");
    assert_eq!(feed_texts(&b).len(), 5, "a refused import changes nothing");
}

#[test]
fn passphrase_protected_keys_and_their_errors() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("p");
    let out = run(supernet(&dir)
        .args(["init", "--name", "pat"])
        .env("SUPERNET_PASSPHRASE", "correct horse battery"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("recovery phrase"),
        "the phrase is shown once at init"
    );
    let keystore = std::fs::read_to_string(dir.join("keystore.json")).unwrap();
    assert!(keystore.contains("argon2id"), "{keystore}");

    // Reading needs no passphrase; signing does.
    assert!(feed_texts(&dir).is_empty());
    assert_eq!(
        fails(supernet(&dir).args(["post", "hi"])).0,
        "passphrase_required"
    );
    assert_eq!(
        fails(
            supernet(&dir)
                .args(["post", "hi"])
                .env("SUPERNET_PASSPHRASE", "wrong horse")
        )
        .0,
        "wrong_passphrase"
    );
    ok(supernet(&dir)
        .args(["post", "hi"])
        .env("SUPERNET_PASSPHRASE", "correct horse battery"));
    assert_eq!(feed_texts(&dir), ["hi"]);

    // A daemon started with the passphrase signs at once.
    let daemon = Daemon::start(&dir, &[("SUPERNET_PASSPHRASE", "correct horse battery")]);
    ok(supernet(&dir).args(["post", "through the unlocked daemon"]));
    daemon.stop();
    assert_eq!(feed_texts(&dir).len(), 2);

    // Started without it, the daemon serves locked until someone unlocks it.
    let daemon = Daemon::start(&dir, &[]);
    assert_eq!(fails(supernet(&dir).args(["post", "locked"])).0, "locked");
    assert_eq!(
        fails(supernet(&dir).args([
            "call",
            "identity.unlock",
            r#"{"passphrase": "wrong horse"}"#
        ]))
        .0,
        "wrong_passphrase"
    );
    ok(supernet(&dir).args([
        "call",
        "identity.unlock",
        r#"{"passphrase": "correct horse battery"}"#,
    ]));
    ok(supernet(&dir).args(["post", "after unlocking"]));
    daemon.stop();
    assert_eq!(feed_texts(&dir).len(), 3);

    // An account is never overwritten.
    assert_eq!(
        fails(supernet(&dir).args(["init", "--no-passphrase"])).0,
        "already_exists"
    );
}

#[test]
fn keystore_missing_and_corrupt_are_named() {
    let root = tempfile::tempdir().unwrap();
    let empty = root.path().join("empty");
    let (code, message) = fails(supernet(&empty).args(["post", "hi"]));
    assert_eq!(code, "keystore_missing");
    assert!(message.contains("supernet init"), "{message}");
    assert_eq!(fails(supernet(&empty).arg("id")).0, "keystore_missing");

    let broken = root.path().join("broken");
    init(&broken, "b");
    std::fs::write(broken.join("keystore.json"), b"{ this is not json").unwrap();
    assert_eq!(fails(supernet(&broken).arg("id")).0, "keystore_corrupt");
    assert_eq!(
        fails(supernet(&broken).args(["post", "hi"])).0,
        "keystore_corrupt"
    );
}

#[test]
fn the_recovery_phrase_restores_the_same_account() {
    let root = tempfile::tempdir().unwrap();
    let original = root.path().join("original");
    let out = run(supernet(&original).args(["init", "--no-passphrase"]));
    let account = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The phrase is printed as numbered words: "  1. word      2. word …".
    let words: Vec<&str> = stderr
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0].ends_with('.') && w[0].trim_end_matches('.').parse::<u32>().is_ok())
        .map(|w| w[1])
        .collect();
    assert_eq!(words.len(), 24, "{stderr}");
    let phrase = words.join(" ");

    let restored = root.path().join("restored");
    let mut child = supernet(&restored)
        .args(["init", "--no-passphrase", "--recover"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{phrase}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), account);

    let wrong = root.path().join("wrong");
    let mut words: Vec<&str> = phrase.split(' ').collect();
    words[5] = "zebra";
    words[6] = "zebra";
    let (code, _) = fails(
        supernet(&wrong)
            .args(["init", "--no-passphrase", "--recover"])
            .env("SUPERNET_RECOVERY_PHRASE", words.join(" ")),
    );
    assert_eq!(code, "invalid_recovery_phrase");
    assert!(!wrong.join("keystore.json").exists());
}

#[test]
fn call_prints_json_and_errors_with_codes() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("c");
    let account = init(&dir, "carol");
    let id: Value =
        serde_json::from_str(&ok(supernet(&dir).args(["call", "identity.get"]))).unwrap();
    assert_eq!(id["account"], account);
    let methods: Value =
        serde_json::from_str(&ok(supernet(&dir).args(["call", "api.methods"]))).unwrap();
    assert!(methods["methods"].as_array().unwrap().len() >= 7);
    assert_eq!(
        fails(supernet(&dir).args(["call", "social.post", "{not json"])).0,
        "invalid_input"
    );
    assert_eq!(
        fails(supernet(&dir).args(["call", "no.such.method"])).0,
        "unknown_method"
    );
    assert_eq!(
        fails(supernet(&dir).args(["call", "social.post", r#"{"text": ""}"#])).0,
        "invalid_input"
    );
    assert!(feed_texts(&dir).is_empty());
}

#[test]
fn the_http_api_needs_its_token_and_answers_with_codes() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("h");
    let account = init(&dir, "h");
    let daemon = Daemon::start(&dir, &[]);
    let token = daemon.token();
    let (status, body) = http_post(&daemon.url, "/api/identity.get", None, "");
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    let (status, body) = http_post(&daemon.url, "/api/identity.get", Some("not-the-token"), "");
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    let (status, body) = http_post(&daemon.url, "/api/identity.get", Some(&token), "");
    assert_eq!(
        (status, body["account"].as_str()),
        (200, Some(account.as_str()))
    );
    let (status, body) = http_post(&daemon.url, "/api/social.post", Some(&token), "{oops");
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_input"))
    );
    let (status, body) = http_post(&daemon.url, "/api/nope", Some(&token), "{}");
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("unknown_method"))
    );
    let (status, body) = http_post(
        &daemon.url,
        "/api/social.post",
        Some(&token),
        &json!({"text": "over http"}).to_string(),
    );
    assert_eq!(status, 200, "{body}");
    let huge = json!({"text": "x".repeat(2 * 1024 * 1024)}).to_string();
    let (status, body) = http_post(&daemon.url, "/api/social.post", Some(&token), &huge);
    assert_eq!((status, body["code"].as_str()), (413, Some("oversize")));
    drop(daemon);
    assert_eq!(feed_texts(&dir), ["over http"]);
}

#[test]
fn a_daemon_whose_output_nobody_reads_keeps_serving() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d");
    init(&dir, "d");
    // As `supernet serve | head -0`: the reading end is gone before the daemon says a word.
    let mut child = supernet(&dir)
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let deadline = std::time::Instant::now() + START_TIMEOUT;
    while !dir.join("daemon.json").exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the daemon did not start"
        );
        assert!(child.try_wait().unwrap().is_none(), "the daemon exited");
        std::thread::sleep(Duration::from_millis(20));
    }
    ok(supernet(&dir).args(["post", "nobody reads my output"]));
    assert_eq!(feed_texts(&dir), ["nobody reads my output"]);
    assert!(
        child.try_wait().unwrap().is_none(),
        "the daemon stopped when its output was closed"
    );
    stop(&mut child);
}

#[test]
fn a_damaged_database_is_a_clear_error_not_a_crash() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d");
    init(&dir, "d");
    ok(supernet(&dir).args(["post", "before the damage"]));
    std::fs::write(dir.join("node.sqlite"), b"definitely not sqlite").unwrap();
    let (code, message) = fails(supernet(&dir).arg("feed"));
    assert_eq!(code, "store_corrupt");
    assert!(message.contains("node.sqlite"), "{message}");
    let out = run(supernet(&dir).arg("feed"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn a_login_link_signs_in_one_browser_once() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("w");
    // A node without an account serves too: the person onboards in the web UI.
    let daemon = Daemon::start(&dir, &[]);
    let first = http("GET", &daemon.login, &[], "");
    assert_eq!(first.status, 303);
    assert_eq!(first.header("location").as_deref(), Some("/"));
    let cookie = first.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_owned();
    assert_eq!(
        http("GET", &daemon.login, &[], "").status,
        401,
        "a link works once"
    );

    let url = format!("{}/api/identity.get", daemon.url);
    let signed_in = http("POST", &url, &[("Cookie", &session)], "");
    assert_eq!(
        (signed_in.status, signed_in.json()["state"].as_str()),
        (200, Some("none"))
    );
    let origin = http(
        "POST",
        &url,
        &[("Cookie", &session), ("Origin", &daemon.url)],
        "",
    );
    assert_eq!(origin.status, 200, "the page's own origin may call");
    let forged = http(
        "POST",
        &url,
        &[("Cookie", &session), ("Origin", "http://evil.example")],
        "",
    );
    assert_eq!(
        (forged.status, forged.json()["code"].as_str()),
        (403, Some("permission_denied"))
    );
    let stranger = http("POST", &url, &[("Cookie", "supernet_session=guess")], "");
    assert_eq!(stranger.status, 401);

    // Onboarding through the session, then the CLI sees the same account.
    let created = http(
        "POST",
        &format!("{}/api/identity.create", daemon.url),
        &[("Cookie", &session)],
        r#"{"name":"Web"}"#,
    );
    assert_eq!(created.status, 200, "{}", created.body);
    let account = created.json()["account"].as_str().unwrap().to_owned();
    assert_eq!(ok(supernet(&dir).arg("id")).trim(), account);

    let again = ok(supernet(&dir).arg("link"));
    assert_eq!(
        http("GET", again.trim(), &[], "").status,
        303,
        "`supernet link` mints a fresh link"
    );
    assert_eq!(
        fails(supernet(&root.path().join("idle")).arg("link")).0,
        "unavailable"
    );
}

#[test]
fn the_web_ui_and_its_security_headers_are_served() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("u");
    let daemon = Daemon::start(&dir, &[]);
    let page = http("GET", &format!("{}/", daemon.url), &[], "");
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(
        page.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        page.status, 200,
        "the web UI is built into the node: {}",
        page.body
    );
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.body.contains("<title>Supernet"), "{}", page.body);
    assert_eq!(
        http("GET", &format!("{}/assets/nope.js", daemon.url), &[], "").status,
        404
    );
}

#[test]
fn an_account_page_shows_its_posts_as_plain_html() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("p");
    let account = init(&dir, "Pat");
    ok(supernet(&dir).args([
        "post",
        "Hello <script>alert(1)</script> **world**",
        "--title",
        "My blog & me",
    ]));
    ok(supernet(&dir).args(["post", "a second note"]));
    let daemon = Daemon::start(&dir, &[]);
    let page = http("GET", &format!("{}/@{account}", daemon.url), &[], "");
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.body.contains("<h1>Pat</h1>"), "{}", page.body);
    assert!(
        page.body.contains(">My blog &amp; me</a></h2>"),
        "the title links to the post's page: {}",
        page.body
    );
    assert!(page.body.contains("<strong>world</strong>") && page.body.contains("a second note"));
    assert!(
        !page.body.contains("<script"),
        "no script runs on a public page: {}",
        page.body
    );
    assert!(page.body.contains("&lt;script&gt;"));
    let missing = http("GET", &format!("{}/@not-an-account", daemon.url), &[], "");
    assert_eq!(missing.status, 404);
}

/// Waits, on the daemon's change-notice WebSocket, until `done` holds.
fn wait_on_notices(daemon: &Daemon, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let url = format!("{}/api/notices", daemon.url.replace("http://", "ws://"));
    let mut request =
        tungstenite::client::IntoClientRequest::into_client_request(url.as_str()).unwrap();
    request.headers_mut().insert(
        "Authorization",
        format!("Bearer {}", daemon.token()).parse().unwrap(),
    );
    let (mut socket, _) = tungstenite::connect(request).unwrap();
    if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
        stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
    }
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        // A notice, or half a second of silence: either way, look again.
        let _ = socket.read();
    }
}

fn ticket_of(dir: &Path) -> String {
    ok(supernet(dir).arg("ticket")).trim().to_owned()
}

/// The daemon's first TCP listen address with its peer id, for `--bootstrap`.
fn multiaddr_of(dir: &Path) -> String {
    let card: Value =
        serde_json::from_str(&ok(supernet(dir).args(["call", "net.ticket"]))).unwrap();
    let tcp = card["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a.as_str().unwrap().contains("/tcp/"))
        .unwrap();
    format!(
        "{}/p2p/{}",
        tcp.as_str().unwrap(),
        card["peer_id"].as_str().unwrap()
    )
}

#[test]
fn followers_get_posts_live_and_serve_them_while_the_author_is_away() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        root.path().join("a"),
        root.path().join("b"),
        root.path().join("c"),
    );
    let alice = init(&a, "alice");
    init(&b, "bob");
    init(&c, "carol");
    ok(supernet(&a).args(["post", "posted before anyone followed"]));
    let daemon_a = Daemon::start(&a, &[]);
    let daemon_b = Daemon::start(&b, &[]);

    let out = ok(supernet(&b).args(["follow", &ticket_of(&a)]));
    assert!(out.contains(&alice), "{out}");
    wait_on_notices(&daemon_b, "A's first post on B", || {
        feed_texts(&b).contains(&"posted before anyone followed".to_owned())
    });
    ok(supernet(&a).args(["post", "posted live"]));
    wait_on_notices(&daemon_b, "A's live post on B", || {
        feed_texts(&b).contains(&"posted live".to_owned())
    });
    assert!(
        ok(supernet(&b).arg("peers")).contains("supernet/"),
        "B lists A as a Supernet peer"
    );

    // A goes away; C, who only knows B, follows A by account and gets A's posts from B.
    daemon_a.stop();
    let bootstrap = multiaddr_of(&b);
    let daemon_c = Daemon::start(&c, &[("SUPERNET_BOOTSTRAP", bootstrap.as_str())]);
    ok(supernet(&c).args(["follow", &alice]));
    wait_on_notices(&daemon_c, "A's posts on C, from B", || {
        feed_texts(&c).len() == 2
    });
    let status: Value =
        serde_json::from_str(&ok(supernet(&c).args(["call", "sync.status"]))).unwrap();
    let entry = status["authors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["account"] == alice)
        .unwrap()
        .clone();
    assert_eq!(entry["events"], 2);
    drop(daemon_b);
    drop(daemon_c);
}

#[test]
fn network_commands_explain_themselves_without_a_daemon() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("n");
    init(&dir, "n");
    let (code, message) = fails(supernet(&dir).arg("ticket"));
    assert_eq!(code, "unavailable");
    assert!(message.contains("supernet serve"), "{message}");
    assert_eq!(
        fails(supernet(&dir).args(["follow", "SNTKT1NOTATICKET"])).0,
        "invalid_input"
    );
}

#[test]
fn output_cut_short_by_its_reader_ends_quietly() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("n");
    init(&dir, "n");
    // Like `supernet call api.methods | head -c 100`: the reader leaves after a few bytes
    // of an answer far bigger than a pipe holds.
    let mut child = supernet(&dir)
        .args(["call", "api.methods"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
