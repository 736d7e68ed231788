//! Public, read-only pages: `/@<account>` lists an account's posts (its blog) as plain HTML
//! that works in any browser without JavaScript. Content comes through the one API, as a
//! caller holding only `social.read`; Markdown is rendered with raw HTML escaped.

use axum::http::StatusCode;
use axum::response::Response;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::{Value, json};
use supernet_apps::social::SOCIAL_READ;
use supernet_core::AccountId;

use super::web::{html_response, message_page};
use crate::{Caller, Node};

/// Posts per public page.
const PAGE_SIZE: u32 = 20;

/// The stylesheet of the public pages (served at `/public.css`).
pub(crate) const STYLESHEET: &str = include_str!("public.css");

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a link target is safe to follow: web, mail, or a path on this site.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with('/')
        || lower.starts_with('#')
}

/// Markdown to HTML: raw HTML is shown as text, images become links (no remote content
/// loads in a page), and unsafe link schemes lose their link.
pub(crate) fn markdown(text: &str) -> String {
    let mut dropped_links = 0usize;
    let events = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES).map(
        |event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Image { dest_url, .. }) => {
                if safe_url(&dest_url) {
                    Event::Start(Tag::Link {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url,
                        title: "".into(),
                        id: "".into(),
                    })
                } else {
                    dropped_links += 1;
                    Event::Text("".into())
                }
            }
            Event::End(TagEnd::Image) if dropped_links > 0 => {
                dropped_links -= 1;
                Event::Text("".into())
            }
            Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
            Event::Start(Tag::Link { dest_url, .. }) if !safe_url(&dest_url) => {
                dropped_links += 1;
                Event::Text("".into())
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => {
                dropped_links -= 1;
                Event::Text("".into())
            }
            other => other,
        },
    );
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

fn page(title: &str, description: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"description\" content=\"{}\"><title>{} · Supernet</title>\
         <link rel=\"stylesheet\" href=\"/public.css\"></head>\
         <body><header class=\"site\"><span class=\"brand\">Supernet</span></header>\
         <main class=\"page\">{body}</main>\
         <footer class=\"site\">Published peer to peer with Supernet. Every post is signed by its author.</footer>\
         </body></html>",
        escape(description),
        escape(title),
    )
}

fn short(account: &str) -> String {
    format!("{}…{}", &account[..8], &account[account.len() - 6..])
}

/// `GET /@<account>[?before=<cursor>]`.
pub(crate) async fn account_page(node: &Node, account: &str, query: Option<&str>) -> Response {
    let Ok(account) = account.parse::<AccountId>() else {
        return message_page(
            StatusCode::NOT_FOUND,
            "No such account",
            "The address after <code>/@</code> is not a Supernet account id (they look like <code>sn1…</code>).",
        );
    };
    let before = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix("before="))
        .map(str::to_owned);
    let reader = Caller::scoped([SOCIAL_READ]);
    let input = json!({ "author": account, "limit": PAGE_SIZE, "before": before });
    let feed = match node.call(&reader, "social.feed", input).await {
        Ok(feed) => feed,
        Err(e) => {
            let status = super::status_for(e.code);
            return message_page(status, "This page cannot be shown", &escape(&e.message));
        }
    };
    let text = account.to_text();
    let name = (node.account() == Some(account))
        .then(|| node.identity().name)
        .flatten()
        .unwrap_or_else(|| short(&text));
    let posts = feed["posts"].as_array().cloned().unwrap_or_default();
    let mut body = format!(
        "<h1>{}</h1><p class=\"account\" title=\"Account id\">{}</p>",
        escape(&name),
        escape(&text)
    );
    if posts.is_empty() && before.is_none() {
        body.push_str("<p class=\"empty\">No public posts here yet.</p>");
    }
    for post in &posts {
        body.push_str(&render_post(post));
    }
    if let Some(next) = feed["next"].as_str() {
        body.push_str(&format!(
            "<nav class=\"pages\"><a href=\"/@{}?before={}\">Older posts</a></nav>",
            escape(&text),
            escape(next)
        ));
    }
    html_response(
        StatusCode::OK,
        page(&name, &format!("Posts by {name} on Supernet"), &body),
    )
}

fn render_post(post: &Value) -> String {
    let created_at = post["created_at"].as_u64().unwrap_or_default();
    let title = post["title"]
        .as_str()
        .map(|t| format!("<h2>{}</h2>", escape(t)))
        .unwrap_or_default();
    format!(
        "<article class=\"post\">{title}<div class=\"text\">{}</div>\
         <footer><time datetime=\"{}\">{}</time></footer></article>",
        markdown(post["text"].as_str().unwrap_or_default()),
        supernet_core::time::rfc3339_utc(created_at),
        supernet_core::time::datetime_utc(created_at),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_raw_html_and_unsafe_links() {
        let html = markdown(
            "Hello <script>alert(1)</script> **bold** [ok](https://example.org) [bad](javascript:alert(1)) ![img](https://example.org/x.png)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("href=\"https://example.org\""));
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "no remote content loads: {html}");
        assert!(
            html.contains("href=\"https://example.org/x.png\""),
            "{html}"
        );
    }

    #[test]
    fn escape_covers_attribute_breakers() {
        assert_eq!(escape("a\"b'c<d>&"), "a&quot;b&#39;c&lt;d&gt;&amp;");
    }
}
