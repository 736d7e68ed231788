//! The public blog pages of the gateway, over real HTTP on loopback, as a browser without
//! the app (and without signing in) sees them: profile and posts with their pictures, one
//! post with its comments, and files served only when those pages show them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use supernet_core::{Draft, SecretKey};
use supernet_node::gateway::{Gateway, router};
use supernet_node::network::NetworkConfig;
use supernet_node::{Node, NodeConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{b64, wire_of};

/// How long one HTTP exchange may take on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(30);

/// A node with an account, its network (files need it) and its gateway on loopback.
struct Site {
    node: Node,
    url: String,
    account: String,
    dir: tempfile::TempDir,
}

async fn site(name: &str) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let node = Node::open(NodeConfig {
        data_dir: Some(dir.path().join("node")),
        local_only: true,
    })
    .await
    .unwrap();
    let created = call(&node, "identity.create", json!({ "name": name })).await;
    node.start_network(NetworkConfig::local()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = router(Gateway::new(node.clone(), &url, "not-used-by-public-pages"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Site {
        node,
        url,
        account: created["account"].as_str().unwrap().to_owned(),
        dir,
    }
}

async fn call(node: &Node, method: &str, input: Value) -> Value {
    super::call(node, method, input)
        .await
        .unwrap_or_else(|e| panic!("{method}: {e:?}"))
}

/// An HTTP answer as a test sees it.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET <path>` with no credentials at all, optionally for a byte range.
async fn get(site: &Site, path: &str, range: Option<&str>) -> Answer {
    let addr = site.url.strip_prefix("http://").unwrap();
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let range = range.map(|r| format!("Range: {r}\r\n")).unwrap_or_default();
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{range}Connection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.unwrap();
        response
    };
    let response = tokio::time::timeout(PATIENCE, exchange)
        .await
        .unwrap_or_else(|_| panic!("GET {path} got no answer"));
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let mut body = response[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Answer {
        status: head[9..12].parse().unwrap(),
        head,
        body,
    }
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

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/e2e/fixtures")
        .join(name)
}

/// The value of the first `attr="…"` after `marker` in `html`.
fn attribute_after(html: &str, marker: &str, attr: &str) -> String {
    let from = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let rest = &html[from..];
    let start = rest.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
    let end = start + rest[start..].find('"').unwrap();
    rest[start..end].to_owned()
}

#[tokio::test]
async fn a_blog_shows_the_profile_and_a_post_whose_picture_loads_from_the_page() {
    let site = site("Ada").await;
    let photo = std::fs::read(fixture("sunset.jpg")).unwrap();
    let added = call(
        &site.node,
        "blobs.add",
        json!({ "path": fixture("sunset.jpg") }),
    )
    .await;
    let hash = added["hash"].as_str().unwrap().to_owned();
    call(
        &site.node,
        "social.set_profile",
        json!({
            "name": "Ada <Lovelace>",
            "bio": "Writes about **light** <script>alert(1)</script>",
            "avatar": { "hash": hash },
            "links": ["https://example.org/ada"],
        }),
    )
    .await;
    let post = call(
        &site.node,
        "social.post",
        json!({
            "title": "Sunset & sea",
            "text": "Look <img src=x onerror=alert(1)> at *this*",
            "attachments": [{ "hash": hash }],
        }),
    )
    .await;
    let id = post["id"].as_str().unwrap();
    let thumb = post["attachments"][0]["thumb"]
        .as_str()
        .expect("a big picture gets a thumbnail")
        .to_owned();

    let page = get(&site, &format!("/@{}", site.account), None).await;
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("img-src 'self'"),
        "no script runs and pictures come only from this node: {csp}"
    );
    let html = page.text();
    assert!(html.contains("<h1>Ada &lt;Lovelace&gt;</h1>"), "{html}");
    assert!(
        html.contains(&site.account),
        "the account id is on the page"
    );
    assert!(html.contains("<strong>light</strong>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org/ada\" rel=\"nofollow noopener\">"),
        "{html}"
    );
    assert!(
        html.contains("Sunset &amp; sea"),
        "the title is there: {html}"
    );
    assert!(
        !html.contains("<script") && !html.contains("<img src=x"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(html.contains("<em>this</em>"), "{html}");

    // The post's picture: its thumbnail on the page, linking to the whole picture.
    let img = attribute_after(&html, "class=\"image\"", "src");
    assert_eq!(img, format!("/@{}/{id}/files/{thumb}", site.account));
    let full = attribute_after(&html, "class=\"image\"", "href");
    assert_eq!(full, format!("/@{}/{id}/files/{hash}", site.account));
    let shown = get(&site, &img, None).await;
    assert_eq!(shown.status, 200, "{}", shown.text());
    assert_eq!(shown.header("content-type").as_deref(), Some("image/jpeg"));
    assert_eq!(
        blake3::hash(&shown.body).to_hex().as_str(),
        thumb,
        "the thumbnail's own bytes"
    );
    let whole = get(&site, &full, None).await;
    assert_eq!(whole.status, 200);
    assert!(whole.body == photo, "the picture as it was added");
    let part = get(&site, &full, Some("bytes=100-199")).await;
    assert_eq!(part.status, 206, "ranges work (video seeking needs them)");
    assert_eq!(part.body, photo[100..200]);

    // The avatar, from the profile.
    let avatar = attribute_after(&html, "class=\"avatar large\"", "src");
    assert_eq!(avatar, format!("/@{}/files/{thumb}", site.account));
    assert_eq!(get(&site, &avatar, None).await.status, 200);
}

#[tokio::test]
async fn only_files_of_the_accounts_public_posts_are_served() {
    let site = site("Ada").await;
    let attached = site.dir.path().join("notes.txt");
    std::fs::write(&attached, "shared notes").unwrap();
    let private = site.dir.path().join("diary.txt");
    std::fs::write(&private, "my own diary").unwrap();
    let attached = call(&site.node, "blobs.add", json!({ "path": attached })).await["hash"]
        .as_str()
        .unwrap()
        .to_owned();
    let private = call(&site.node, "blobs.add", json!({ "path": private })).await["hash"]
        .as_str()
        .unwrap()
        .to_owned();
    let post = call(
        &site.node,
        "social.post",
        json!({ "text": "notes", "attachments": [{ "hash": attached }] }),
    )
    .await;
    let id = post["id"].as_str().unwrap();
    let me = &site.account;

    let page = get(&site, &format!("/@{me}"), None).await.text();
    let link = format!("/@{me}/{id}/files/{attached}?download=1");
    assert!(page.contains(&format!("href=\"{link}\"")), "{page}");
    assert!(page.contains("12 bytes"), "the size is shown: {page}");
    let file = get(&site, &link, None).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.text(), "shared notes");
    assert!(
        file.header("content-disposition")
            .unwrap()
            .starts_with("attachment"),
        "a download link downloads"
    );

    // The diary is on this node, but in no post: no address serves it.
    let stranger = SecretKey::generate().account();
    for path in [
        format!("/@{me}/{id}/files/{private}"),
        format!("/@{me}/files/{private}"),
        format!("/@{stranger}/{id}/files/{attached}"),
        format!("/@{me}/{}/files/{attached}", "0".repeat(64)),
        format!("/@{me}/{id}/files/not-a-hash"),
    ] {
        let answer = get(&site, &path, None).await;
        assert_eq!(answer.status, 404, "{path}: {}", answer.text());
        assert!(!answer.text().contains("my own diary"));
    }
    assert_eq!(
        get(&site, &format!("/blobs/{private}"), None).await.status,
        401,
        "the node's own file route still needs signing in"
    );

    // Deleted, the post's file is no longer public, though the node still keeps it.
    call(&site.node, "social.delete", json!({ "id": id })).await;
    assert_eq!(get(&site, &link, None).await.status, 404);
    let gone = get(&site, &format!("/@{me}/{id}"), None).await;
    assert_eq!(gone.status, 410, "{}", gone.text());
}

#[tokio::test]
async fn posts_for_an_audience_never_show_on_the_public_pages() {
    let site = site("Ada").await;
    let me = &site.account;
    let public = call(&site.node, "social.post", json!({ "text": "for everyone" })).await;
    let mut sealed = Vec::new();
    for (audience, text) in [("followers", "for my followers"), ("private", "my diary")] {
        let post = call(
            &site.node,
            "social.post",
            json!({ "text": text, "audience": audience }),
        )
        .await;
        sealed.push(post["id"].as_str().unwrap().to_owned());
    }
    // The owner reads them all in the app…
    let feed = call(&site.node, "social.feed", json!({ "author": me })).await;
    assert_eq!(feed["posts"].as_array().unwrap().len(), 3, "{feed}");
    // …and the public reads only the public one.
    let page = get(&site, &format!("/@{me}"), None).await.text();
    assert!(page.contains("for everyone"), "{page}");
    assert!(
        !page.contains("for my followers") && !page.contains("my diary"),
        "{page}"
    );
    for id in &sealed {
        let answer = get(&site, &format!("/@{me}/{id}"), None).await;
        assert_eq!(answer.status, 404, "{}", answer.text());
        assert!(!answer.text().contains("my diary"));
    }
    let id = public["id"].as_str().unwrap();
    assert_eq!(get(&site, &format!("/@{me}/{id}"), None).await.status, 200);
}

#[tokio::test]
async fn a_post_page_lists_its_comments_oldest_first_with_their_authors_names() {
    let site = site("Ada").await;
    let me = site.account.clone();
    let root = call(
        &site.node,
        "social.post",
        json!({ "title": "Questions welcome", "text": "Ask me anything." }),
    )
    .await;
    let root_id = root["id"].as_str().unwrap().to_owned();

    // Bob, from another node: his profile and a comment.
    let bob = SecretKey::generate();
    let profile = Draft::new(
        "social.profile",
        supernet_node::now(),
        json!({ "name": "Bob" }).to_string().into_bytes(),
    );
    let comment = Draft {
        refs: vec![
            supernet_core::Ref::Event(root_id.parse().unwrap()),
            supernet_core::Ref::Account(me.parse().unwrap()),
        ],
        ..Draft::new(
            "social.post",
            supernet_node::now(),
            json!({
                "text": "Why is the sky <b>blue</b>?",
                "reply_to": { "root": root_id, "parent": root_id, "author": me },
            })
            .to_string()
            .into_bytes(),
        )
    };
    for draft in [profile, comment] {
        call(
            &site.node,
            "events.ingest",
            json!({ "wire": b64(&wire_of(&draft, &bob)) }),
        )
        .await;
    }
    let answer = call(
        &site.node,
        "social.post",
        json!({ "text": "Rayleigh scattering.", "reply_to": root_id }),
    )
    .await;
    let answer_id = answer["id"].as_str().unwrap();

    let list = get(&site, &format!("/@{me}"), None).await.text();
    assert!(
        list.contains(&format!(
            "href=\"/@{me}/{root_id}#comments\">2 comments</a>"
        )),
        "the blog links to the comments: {list}"
    );

    let page = get(&site, &format!("/@{me}/{root_id}"), None).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<h1>Questions welcome</h1>"), "{html}");
    let question = html
        .find("Why is the sky &lt;b&gt;blue&lt;/b&gt;?")
        .expect("Bob's comment, escaped");
    let reply = html.find("Rayleigh scattering.").expect("Ada's comment");
    assert!(question < reply, "oldest first");
    assert!(
        html.contains(&format!("href=\"/@{}\">Bob</a>", bob.account())),
        "the commenter's name, linking to their page: {html}"
    );
    assert!(!html.contains("<b>blue"), "{html}");

    // A comment's own address leads to its place in the thread.
    let moved = get(&site, &format!("/@{me}/{answer_id}"), None).await;
    assert_eq!(moved.status, 303);
    assert_eq!(
        moved.header("location").unwrap(),
        format!("/@{me}/{root_id}#{answer_id}")
    );
    // The post is Ada's, not Bob's.
    let wrong = get(&site, &format!("/@{}/{root_id}", bob.account()), None).await;
    assert_eq!(wrong.status, 404);
}

#[tokio::test]
async fn unknown_accounts_and_posts_get_a_friendly_not_found_page() {
    let site = site("Ada").await;
    let stranger = SecretKey::generate().account();
    for path in [
        "/@not-an-account".to_owned(),
        format!("/@{stranger}"),
        format!("/@{}/{}", site.account, "ab".repeat(32)),
        format!("/@{}/nope", site.account),
        format!("/@{}/a/b/c", site.account),
    ] {
        let answer = get(&site, &path, None).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(
            answer
                .header("content-type")
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert!(
            answer.text().contains("<h1>"),
            "{path}: a page, not an error code"
        );
    }
    let empty = get(&site, &format!("/@{}", site.account), None).await;
    assert_eq!(
        empty.status, 200,
        "the node's own account, before its first post"
    );
    assert!(empty.text().contains("No public posts here yet."));
}
