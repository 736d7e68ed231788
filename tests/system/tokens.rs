//! Access tokens from the command line: `supernet token create` in process and through the
//! daemon, a program using the token over HTTP for what it was granted and refused the
//! rest, `token list`, and `token revoke` ending it at once.

use super::{Daemon, fails, http_post, init, ok, supernet};

#[test]
fn a_token_made_on_the_command_line_works_for_its_permissions_until_revoked() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("t");
    init(&dir, "tess");
    ok(supernet(&dir).args(["post", "hello from tess"]));

    // Made in process, before any daemon runs: saved in the node's own settings.
    let reader = ok(supernet(&dir).args([
        "token",
        "create",
        "feed reader",
        "--permission",
        "social.read",
    ]))
    .trim()
    .to_owned();
    assert!(reader.starts_with("snt_"), "{reader}");
    let (code, message) = fails(supernet(&dir).args(["token", "create", "x", "-p", "coin.steal"]));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("coin.steal"), "{message}");

    let daemon = Daemon::start(&dir, &[]);
    let (status, feed) = http_post(&daemon.url, "/api/social.feed", Some(&reader), "{}");
    assert_eq!(status, 200, "{feed}");
    assert_eq!(feed["posts"][0]["text"], "hello from tess");
    let (status, refused) = http_post(
        &daemon.url,
        "/api/social.post",
        Some(&reader),
        r#"{"text": "not mine to say"}"#,
    );
    assert_eq!(status, 403, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("social.write")
    );

    // Through the daemon: list, then revoke.
    let listed = ok(supernet(&dir).args(["token", "list"]));
    assert!(
        listed.contains("feed reader") && listed.contains("active"),
        "{listed}"
    );
    assert!(
        !listed.contains(&reader),
        "the token itself is never listed"
    );
    let id = listed.split_whitespace().next().unwrap().to_owned();
    let revoked = ok(supernet(&dir).args(["token", "revoke", &id]));
    assert!(revoked.contains("feed reader"), "{revoked}");
    let (status, refused) = http_post(&daemon.url, "/api/social.feed", Some(&reader), "{}");
    assert_eq!(status, 401, "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("revoked"),
        "{refused}"
    );
    daemon.stop();
}
