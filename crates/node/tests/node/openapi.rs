//! The public API as a third-party program sees it, over real HTTP on loopback: the OpenAPI
//! document the gateway serves, every method in it answering as the document says, and
//! scoped access tokens carrying their permissions and no more.

use std::time::Duration;

use serde_json::{Value, json};
use supernet_node::gateway::{Gateway, router};
use supernet_node::network::NetworkConfig;
use supernet_node::{Node, NodeConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long one HTTP exchange may take on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(60);
/// The owner token the test gateway is guarded by.
const OWNER_TOKEN: &str = "owner-token-of-the-test-gateway";

/// A node with an account, its network (file and peer methods need it) and its gateway.
struct Api {
    node: Node,
    url: String,
    _dir: tempfile::TempDir,
}

async fn api() -> Api {
    let dir = tempfile::tempdir().unwrap();
    let node = Node::open(NodeConfig {
        data_dir: Some(dir.path().join("node")),
        local_only: true,
    })
    .await
    .unwrap();
    super::call(&node, "identity.create", json!({ "name": "alice" }))
        .await
        .unwrap();
    node.start_network(NetworkConfig::local()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = router(Gateway::new(node.clone(), &url, OWNER_TOKEN));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Api {
        node,
        url,
        _dir: dir,
    }
}

/// One HTTP/1.1 exchange; the status and the body as JSON (`Null` when it is not JSON).
async fn exchange(
    api: &Api,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let addr = api.url.strip_prefix("http://").unwrap().to_owned();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let response = tokio::time::timeout(PATIENCE, async move {
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.unwrap();
        response
    })
    .await
    .unwrap_or_else(|_| panic!("{method} {path} got no answer"));
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
    let mut body = response[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    let status = head[9..12].parse().unwrap();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
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

async fn post(api: &Api, method: &str, token: &str, input: &Value) -> (u16, Value) {
    exchange(
        api,
        "POST",
        &format!("/api/{method}"),
        Some(token),
        &input.to_string(),
    )
    .await
}

/// Follows a `$ref` into the document (`#/components/…`).
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(r) => doc
            .pointer(r.strip_prefix('#').unwrap())
            .unwrap_or_else(|| panic!("{r} points nowhere")),
        None => value,
    }
}

/// Checks `instance` against `schema`, whose `$ref`s point into the document's components.
fn conforms(doc: &Value, schema: &Value, instance: &Value) -> Result<(), String> {
    let mut root = match schema {
        Value::Object(map) => map.clone(),
        other => {
            return if *other == Value::Bool(false) {
                Err("false".into())
            } else {
                Ok(())
            };
        }
    };
    root.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root.insert("components".into(), doc["components"].clone());
    let validator = jsonschema::draft202012::new(&Value::Object(root))
        .map_err(|e| format!("the schema does not compile: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// The schema of an operation's JSON answer for `status`.
fn answer_schema<'a>(doc: &'a Value, operation: &'a Value, status: u16) -> &'a Value {
    let response = resolve(doc, &operation["responses"][status.to_string()]);
    assert!(
        response.is_object(),
        "{} documents no {status} answer",
        operation["operationId"]
    );
    &response["content"]["application/json"]["schema"]
}

#[tokio::test]
async fn the_served_document_describes_every_method_and_each_answers_as_described() {
    let api = api().await;
    let (status, doc) = exchange(&api, "GET", "/api/openapi.json", None, "").await;
    assert_eq!(status, 200, "served without sign-in: {doc}");
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["version"], supernet_node::VERSION);
    assert_eq!(doc["servers"][0]["url"], api.url);

    let described = super::call(&api.node, "api.methods", Value::Null)
        .await
        .unwrap();
    let names: Vec<&str> = described["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    let paths = doc["paths"].as_object().unwrap();
    for name in &names {
        assert!(
            paths.contains_key(&format!("/api/{name}")),
            "{name} is missing"
        );
    }

    let mut read = Vec::new();
    for (path, item) in paths {
        let Some(operation) = item.get("post") else {
            continue;
        };
        let method = path.strip_prefix("/api/").unwrap();
        assert!(names.contains(&method), "{path} is no method of this node");

        // A wrong-typed input: the documented 400, with the documented body.
        let (status, body) = post(&api, method, OWNER_TOKEN, &json!("not an object")).await;
        assert_eq!(status, 400, "{method}: {body}");
        conforms(&doc, answer_schema(&doc, operation, 400), &body)
            .unwrap_or_else(|e| panic!("{method}'s 400 body {body} is not as documented: {e}"));
        assert_eq!(body["code"], "invalid_input", "{method}");
        assert!(
            body["message"].as_str().unwrap().contains(method),
            "{method}: the message names the method: {body}"
        );

        let permission = operation["x-supernet-permission"].as_str().unwrap();
        let input = resolve(
            &doc,
            &operation["requestBody"]["content"]["application/json"]["schema"],
        );
        let needs_input = input["required"].as_array().is_some_and(|r| !r.is_empty());
        if permission.ends_with(".read") && !needs_input {
            read.push(method);
            let (status, body) = post(&api, method, OWNER_TOKEN, &json!({})).await;
            assert_eq!(status, 200, "{method}: {body}");
            conforms(&doc, answer_schema(&doc, operation, 200), &body)
                .unwrap_or_else(|e| panic!("{method}'s answer {body} is not as documented: {e}"));
        }
    }
    for method in [
        "node.info",
        "api.methods",
        "api.permissions",
        "social.feed",
        "blobs.list",
    ] {
        assert!(
            read.contains(&method),
            "{method} was checked against its output schema"
        );
    }

    // The check is not vacuous: a body unlike the schema fails it.
    let operation = &doc["paths"]["/api/node.info"]["post"];
    let wrong = json!({ "version": 7, "events": "many" });
    assert!(conforms(&doc, answer_schema(&doc, operation, 200), &wrong).is_err());
    let wrong = json!({ "code": "permission_denied", "message": "no" });
    assert!(conforms(&doc, answer_schema(&doc, operation, 400), &wrong).is_err());

    // Without any credentials: the documented 401.
    let (status, body) = exchange(&api, "POST", "/api/node.info", None, "{}").await;
    assert_eq!(status, 401);
    conforms(&doc, answer_schema(&doc, operation, 401), &body).unwrap();
}

#[tokio::test]
async fn a_scoped_token_carries_its_permissions_and_no_more_until_revoked() {
    let api = api().await;
    let (status, created) = post(
        &api,
        "tokens.create",
        OWNER_TOKEN,
        &json!({ "name": "feed reader", "permissions": ["social.read"], "expires_days": 30 }),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let token = created["token"].as_str().unwrap().to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(token.starts_with("snt_"), "{token}");

    // What it was granted works.
    let (status, feed) = post(&api, "social.feed", &token, &json!({})).await;
    assert_eq!(status, 200, "{feed}");
    assert!(feed["posts"].is_array());

    // What it was not is refused, naming the permission it lacks.
    let (status, refused) = post(&api, "social.post", &token, &json!({ "text": "hi" })).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["code"], "permission_denied");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("social.write"),
        "{refused}"
    );
    let feed = super::call(&api.node, "social.feed", Value::Null)
        .await
        .unwrap();
    assert!(
        feed["posts"].as_array().unwrap().is_empty(),
        "nothing was posted"
    );

    // A token cannot mint tokens, nor use the owner-only routes.
    let (status, refused) = post(
        &api,
        "tokens.create",
        &token,
        &json!({ "name": "escalate", "permissions": ["social.write"] }),
    )
    .await;
    assert_eq!(status, 403, "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("owner"),
        "{refused}"
    );
    let (status, _) = exchange(&api, "POST", "/auth/link", Some(&token), "").await;
    assert_eq!(status, 401);

    // Asking for what does not exist (or is the owner's alone) is refused precisely.
    for (permission, code) in [("coin.steal", "invalid_input"), ("owner", "invalid_input")] {
        let (status, refused) = post(
            &api,
            "tokens.create",
            OWNER_TOKEN,
            &json!({ "name": "x", "permissions": ["social.read", permission] }),
        )
        .await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (400, Some(code)),
            "{refused}"
        );
        assert!(
            refused["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{permission:?}")),
            "{refused}"
        );
    }

    // The owner sees it, used, without its secret.
    let (status, listed) = post(&api, "tokens.list", OWNER_TOKEN, &json!({})).await;
    assert_eq!(status, 200);
    let entry = &listed["tokens"][0];
    assert_eq!(entry["id"], id.as_str());
    assert_eq!(entry["name"], "feed reader");
    assert_eq!(entry["permissions"], json!(["social.read"]));
    assert_eq!(entry["state"], "active");
    assert!(
        entry["last_used"].is_u64() && entry["expires"].is_u64(),
        "{entry}"
    );
    assert!(
        !listed.to_string().contains(&token),
        "the token is never shown again"
    );

    // Revoked, it stops at once, saying so.
    let (status, revoked) = post(&api, "tokens.revoke", OWNER_TOKEN, &json!({ "id": id })).await;
    assert_eq!(status, 200, "{revoked}");
    assert_eq!(revoked["state"], "revoked");
    let (status, refused) = post(&api, "social.feed", &token, &json!({})).await;
    assert_eq!(status, 401, "{refused}");
    assert_eq!(refused["code"], "unauthorized");
    assert!(
        refused["message"].as_str().unwrap().contains("revoked"),
        "{refused}"
    );

    // An unknown token is told apart from a revoked one.
    let (status, refused) = post(&api, "social.feed", "snt_not-a-token", &json!({})).await;
    assert_eq!(status, 401);
    assert!(
        !refused["message"].as_str().unwrap().contains("revoked"),
        "{refused}"
    );

    let (status, missing) =
        post(&api, "tokens.revoke", OWNER_TOKEN, &json!({ "id": "nope" })).await;
    assert_eq!((status, missing["code"].as_str()), (404, Some("not_found")));
}
