//! Public, read-only pages: an account's blog as plain HTML that works in any browser
//! without JavaScript.
//!
//! ```text
//!  GET /@<account>[?before=<cursor>]            profile, then its posts, newest first
//!  GET /@<account>/<post>                       one post and its comments, oldest first
//!  GET /@<account>/files/<hash>                 the account's avatar (or its thumbnail)
//!  GET /@<account>/<post>/files/<hash>          a file of that post (or its thumbnail),
//!      [?download=1]                            with range requests (video seeking)
//! ```
//!
//! Content comes through the one API, as a caller holding only `social.read`, so these
//! pages show what the node's own moderation lets through and nothing private. Everything
//! from an author is escaped; Markdown is rendered with raw HTML shown as text. A file is
//! served only when it belongs to what such a page shows — a current attachment of that
//! account's post, or its avatar — so no other blob of the node is reachable from here.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::de::DeserializeOwned;
use serde_json::json;
use supernet_apps::social::{FeedPage, PostView, ProfileView, QuotedPost, SOCIAL_READ, Thread};
use supernet_core::{AccountId, ApiError, Attachment, ErrorCode, EventId, Timestamp};

use super::web::{html_response, message_page};
use crate::blob_http::BlobQuery;
use crate::files::{human, inline_safe};
use crate::{Caller, Node};

/// Posts per public page: a screenful or two of a blog, and a bounded amount of work for
/// an anonymous request.
const PAGE_SIZE: u32 = 20;
/// Characters of a post's text used as its page title when it has no title.
const TITLE_CHARS: usize = 70;
/// Characters of a post's text in its page's description (what link previews show).
const DESCRIPTION_CHARS: usize = 200;
/// How links written by authors are marked: search engines give them no weight, and the
/// page they open cannot reach back to this one.
const LINK_REL: &str = "nofollow noopener";

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
/// loads in a page), links are marked [`LINK_REL`], and unsafe link schemes lose their
/// link (the text stays).
pub(crate) fn markdown(text: &str) -> String {
    // For each link or image open: whether it became an `<a>`.
    let mut open: Vec<bool> = Vec::new();
    let events = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES).map(
        |event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    ..
                },
            ) => {
                let url = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                let keep = safe_url(&url);
                open.push(keep);
                if keep {
                    Event::InlineHtml(
                        format!("<a href=\"{}\" rel=\"{LINK_REL}\">", escape(&url)).into(),
                    )
                } else {
                    Event::Text("".into())
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if open.pop().unwrap_or(false) {
                    Event::InlineHtml("</a>".into())
                } else {
                    Event::Text("".into())
                }
            }
            other => other,
        },
    );
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// A whole page: `title` and `description` are plain text, `body` is HTML.
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

/// An account id cut to something a person can glance at: `sn1abcdef…uvwxyz`.
fn short(account: &str) -> String {
    match (
        account.get(..8),
        account.get(account.len().saturating_sub(6)..),
    ) {
        (Some(head), Some(tail)) if account.len() > 16 => format!("{head}…{tail}"),
        _ => account.to_owned(),
    }
}

/// The first line of a text with its Markdown marks dropped, cut to `chars`.
fn excerpt(text: &str, chars: usize) -> String {
    let line = text
        .lines()
        .map(|l| l.trim_start_matches(['#', '>', '-', '*', ' ']).trim())
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let plain: String = line.chars().filter(|c| !"*_`[]".contains(*c)).collect();
    let mut out: String = plain.chars().take(chars).collect();
    if plain.chars().count() > chars {
        out.push('…');
    }
    out
}

/// Calls a reading method of the social app as the public does: holding `social.read`
/// and nothing else.
async fn read<T: DeserializeOwned>(
    node: &Node,
    method: &str,
    input: serde_json::Value,
) -> Result<T, ApiError> {
    let reader = Caller::scoped([SOCIAL_READ]);
    let output = node.call(&reader, method, input).await?;
    serde_json::from_value(output)
        .map_err(|e| ApiError::internal(format!("{method} answered in an unexpected shape: {e}")))
}

/// The value of `name` in a query string.
fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or(""))
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn error_page(e: &ApiError) -> Response {
    let status = super::status_for(e.code);
    let title = if status == StatusCode::NOT_FOUND {
        "Not found"
    } else {
        "This page cannot be shown"
    };
    message_page(status, title, &escape(&e.message))
}

fn not_found(title: &str, message_html: &str) -> Response {
    message_page(StatusCode::NOT_FOUND, title, message_html)
}

/// `GET /@<rest>`: the public pages and files of one account.
pub(crate) async fn route(
    node: &Node,
    rest: &str,
    query: Option<&str>,
    range: Option<&str>,
) -> Response {
    let mut parts = rest.split('/');
    let account_text = parts.next().unwrap_or_default();
    let Ok(account) = account_text.parse::<AccountId>() else {
        return not_found(
            "No such account",
            "The address after <code>/@</code> is not a Supernet account id (they look like <code>sn1…</code>).",
        );
    };
    let parts: Vec<&str> = parts.collect();
    if account_text != account.to_text() {
        // One address per page: the account id as it is written everywhere else.
        let tail: String = parts.iter().map(|p| format!("/{p}")).collect();
        let query = query.map(|q| format!("?{q}")).unwrap_or_default();
        return Redirect::permanent(&format!("/@{account}{tail}{query}")).into_response();
    }
    match parts.as_slice() {
        [] | [""] => account_page(node, account, query).await,
        ["files", hash] => file(node, account, None, hash, query, range).await,
        [post] | [post, ""] => post_page(node, account, post).await,
        [post, "files", hash] => file(node, account, Some(post), hash, query, range).await,
        _ => not_found(
            "Not found",
            "There is no such page here. Each account's posts are at <code>/@&lt;account id&gt;</code>.",
        ),
    }
}

/// Who a page is about, as the page shows them.
struct Author {
    account: AccountId,
    name: String,
    /// The avatar's address (its thumbnail when it has one).
    avatar: Option<String>,
}

impl Author {
    fn of(node: &Node, view: &ProfileView) -> Self {
        let account = view.account;
        let text = account.to_text();
        let profile = view.profile.as_ref();
        let name = profile
            .map(|p| p.name.clone())
            .or_else(|| {
                (node.account() == Some(account))
                    .then(|| node.identity().name)
                    .flatten()
            })
            .unwrap_or_else(|| short(&text));
        let avatar = profile.and_then(|p| p.avatar.as_ref()).map(|a| {
            let hash = a.thumb.as_deref().unwrap_or(&a.hash);
            format!("/@{text}/files/{hash}")
        });
        Self {
            account,
            name,
            avatar,
        }
    }

    fn home(&self) -> String {
        format!("/@{}", self.account)
    }

    /// The avatar as an image, or the name's first letter in a circle.
    fn avatar_html(&self, class: &str) -> String {
        match &self.avatar {
            Some(url) => format!(
                "<img class=\"avatar {class}\" src=\"{}\" alt=\"\">",
                escape(url)
            ),
            None => {
                let initial: String = self
                    .name
                    .chars()
                    .find(|c| c.is_alphanumeric())
                    .map(|c| c.to_uppercase().collect())
                    .unwrap_or_else(|| "?".into());
                format!(
                    "<span class=\"avatar initial {class}\" aria-hidden=\"true\">{}</span>",
                    escape(&initial)
                )
            }
        }
    }
}

/// The account's profile, or the page to show when there is none to show.
async fn author_of(node: &Node, account: AccountId) -> Result<(Author, ProfileView), Response> {
    let view: ProfileView = read(node, "social.profile", json!({ "account": account }))
        .await
        .map_err(|e| error_page(&e))?;
    let own = node.account() == Some(account);
    let unknown = view.profile.is_none() && view.posts == 0;
    if view.hidden.is_some() || (unknown && !own) {
        return Err(not_found(
            "Nothing here",
            &format!(
                "This node holds no profile or public posts of <code>{}</code>. \
                 Ask its owner for a link to their own node, or check the address.",
                escape(&account.to_text())
            ),
        ));
    }
    Ok((Author::of(node, &view), view))
}

/// Whether a post is for everyone: the owner's node can read its followers-only and
/// private posts, and the public pages must never show them.
fn is_public(post: &PostView) -> bool {
    post.audience
        .is_none_or(|a| a == supernet_apps::social::sealed::Audience::Public)
}

/// A thread as the public may see it: its public posts only (a post for an audience is
/// "no such post" here), and nothing of what its owner hid.
async fn read_public_thread(node: &Node, id: EventId) -> Result<Thread, ApiError> {
    let mut thread: Thread = read(node, "social.thread", json!({ "id": id })).await?;
    thread.root = thread.root.filter(is_public);
    thread.comments.retain(is_public);
    Ok(thread)
}

/// `GET /@<account>[?before=<cursor>]`.
async fn account_page(node: &Node, account: AccountId, query: Option<&str>) -> Response {
    let before = query_param(query, "before");
    let (author, view) = match author_of(node, account).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let input = json!({ "author": account, "limit": PAGE_SIZE, "before": before });
    let feed: FeedPage = match read::<FeedPage>(node, "social.feed", input).await {
        Ok(mut feed) => {
            feed.posts.retain(is_public);
            feed
        }
        Err(e) => return error_page(&e),
    };
    let profile = view.profile.unwrap_or_default();
    let mut body = String::from("<header class=\"profile\">");
    body.push_str(&author.avatar_html("large"));
    body.push_str(&format!(
        "<div class=\"who\"><h1>{}</h1><p class=\"account\"><span class=\"label\">Account</span> \
         <code class=\"account-id\" title=\"Account id: select to copy\">{}</code></p></div></header>",
        escape(&author.name),
        escape(&account.to_text())
    ));
    if !profile.bio.trim().is_empty() {
        body.push_str(&format!(
            "<div class=\"bio\">{}</div>",
            markdown(&profile.bio)
        ));
    }
    let links: Vec<String> = profile
        .links
        .iter()
        .filter(|l| safe_url(l))
        .map(|l| {
            let shown = l
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/');
            format!(
                "<li><a href=\"{}\" rel=\"{LINK_REL}\">{}</a></li>",
                escape(l),
                escape(shown)
            )
        })
        .collect();
    if !links.is_empty() {
        body.push_str(&format!("<ul class=\"links\">{}</ul>", links.concat()));
    }
    body.push_str("<section class=\"posts\" aria-label=\"Posts\">");
    if feed.posts.is_empty() {
        body.push_str(if before.is_none() {
            "<p class=\"empty\">No public posts here yet.</p>"
        } else {
            "<p class=\"empty\">No older posts.</p>"
        });
    }
    for post in &feed.posts {
        body.push_str(&render_post(post, Heading::Linked));
    }
    body.push_str("</section>");
    let mut pages = Vec::new();
    if before.is_some() {
        pages.push(format!(
            "<a href=\"{}\">← Newest posts</a>",
            escape(&author.home())
        ));
    }
    if let Some(next) = &feed.next {
        pages.push(format!(
            "<a href=\"{}?before={}\">Older posts →</a>",
            escape(&author.home()),
            escape(next)
        ));
    }
    if !pages.is_empty() {
        body.push_str(&format!(
            "<nav class=\"pages\">{}</nav>",
            pages.join("<span class=\"sep\"></span>")
        ));
    }
    let description = if profile.bio.trim().is_empty() {
        format!("Posts by {} on Supernet", author.name)
    } else {
        excerpt(&profile.bio, DESCRIPTION_CHARS)
    };
    html_response(StatusCode::OK, page(&author.name, &description, &body))
}

/// `GET /@<account>/<post>`: the post, if that account wrote it, and its comments.
async fn post_page(node: &Node, account: AccountId, post: &str) -> Response {
    let no_post = || {
        not_found(
            "No such post",
            "This node holds no such post by this account. It may not have arrived here, or its author deleted it.",
        )
    };
    let Ok(id) = post.parse::<EventId>() else {
        return no_post();
    };
    let thread: Thread = match read_public_thread(node, id).await {
        Ok(thread) => thread,
        Err(e) if e.code == ErrorCode::NotFound || e.code == ErrorCode::InvalidInput => {
            return no_post();
        }
        Err(e) => return error_page(&e),
    };
    if thread.root_id != id {
        // A comment's place is in its thread.
        let comment = thread
            .comments
            .iter()
            .find(|c| c.id == id && c.author == account);
        return match (comment, &thread.root) {
            (Some(_), Some(root)) => {
                Redirect::to(&format!("/@{}/{}#{id}", root.author, root.id)).into_response()
            }
            _ => no_post(),
        };
    }
    let Some(root) = thread.root else {
        return match thread.deleted.iter().find(|t| t.id == id) {
            Some(t) if t.author == account => message_page(
                StatusCode::GONE,
                "This post was deleted",
                &format!(
                    "Its author deleted it on {}.",
                    escape(&long_date(t.deleted_at))
                ),
            ),
            _ => no_post(),
        };
    };
    if root.author != account {
        return no_post();
    }
    let (author, _) = match author_of(node, account).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let mut body = format!(
        "<nav class=\"crumbs\"><a class=\"byline\" href=\"{}\">{}<span>{}</span></a></nav>",
        escape(&author.home()),
        author.avatar_html("small"),
        escape(&author.name)
    );
    body.push_str(&render_post(&root, Heading::Page));
    body.push_str(&render_comments(&thread.comments, root.id, thread.more));
    let title = match &root.title {
        Some(t) => t.clone(),
        None if !root.text.trim().is_empty() => excerpt(&root.text, TITLE_CHARS),
        None => format!("A post by {}", author.name),
    };
    let description = match excerpt(&root.text, DESCRIPTION_CHARS) {
        d if d.is_empty() => format!("A post by {} on Supernet", author.name),
        d => d,
    };
    html_response(
        StatusCode::OK,
        page(&format!("{title} — {}", author.name), &description, &body),
    )
}

/// How a post's title is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Heading {
    /// In a list: a heading that links to the post's page.
    Linked,
    /// On its own page: the page's heading.
    Page,
}

fn post_url(author: &AccountId, id: &EventId) -> String {
    format!("/@{author}/{id}")
}

fn file_url(author: &AccountId, post: &EventId, hash: &str) -> String {
    format!("/@{author}/{post}/files/{hash}")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `3 May 2025`, in UTC.
fn long_date(at: Timestamp) -> String {
    let (y, m, d) = supernet_core::time::civil_from_days((at / 86_400_000) as i64);
    let month = MONTHS.get(m as usize - 1).copied().unwrap_or("");
    format!("{d} {month} {y}")
}

/// A `<time>` element: the date shown, the exact time on hover and for machines.
fn time_html(at: Timestamp) -> String {
    format!(
        "<time datetime=\"{}\" title=\"{}\">{}</time>",
        supernet_core::time::rfc3339_utc(at),
        supernet_core::time::datetime_utc(at),
        long_date(at)
    )
}

fn edited_html(edited_at: Option<Timestamp>) -> String {
    edited_at
        .map(|at| {
            format!(
                "<span class=\"edited\" title=\"Edited {}\">edited</span>",
                supernet_core::time::datetime_utc(at)
            )
        })
        .unwrap_or_default()
}

fn render_post(post: &PostView, heading: Heading) -> String {
    let url = escape(&post_url(&post.author, &post.id));
    let mut html = format!("<article class=\"post\" id=\"{}\">", post.id);
    match (&post.title, heading) {
        (Some(t), Heading::Linked) => {
            html.push_str(&format!("<h2><a href=\"{url}\">{}</a></h2>", escape(t)));
        }
        (Some(t), Heading::Page) => html.push_str(&format!("<h1>{}</h1>", escape(t))),
        (None, _) => {}
    }
    if heading == Heading::Page || post.title.is_some() {
        html.push_str(&format!(
            "<p class=\"meta\"><a class=\"date\" href=\"{url}\">{}</a>{}</p>",
            time_html(post.created_at),
            edited_html(post.edited_at)
        ));
    }
    if post.text.trim().is_empty() && post.quote.is_some() && post.attachments.is_empty() {
        html.push_str("<p class=\"repost\">Reposted</p>");
    } else if !post.text.trim().is_empty() {
        html.push_str(&format!(
            "<div class=\"text\">{}</div>",
            markdown(&post.text)
        ));
    }
    html.push_str(&render_files(&post.author, &post.id, &post.attachments));
    if let Some(quote) = &post.quote {
        html.push_str(&render_quote(quote));
    }
    html.push_str("<footer>");
    if heading == Heading::Linked && post.title.is_none() {
        html.push_str(&format!(
            "<a class=\"date\" href=\"{url}\">{}</a>{}",
            time_html(post.created_at),
            edited_html(post.edited_at)
        ));
    }
    let comments = match post.replies {
        0 => "No comments".to_owned(),
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    };
    html.push_str(&format!(
        "<a class=\"comments\" href=\"{url}#comments\">{comments}</a>"
    ));
    html.push_str(&render_reactions(post));
    html.push_str("</footer></article>");
    html
}

fn render_reactions(post: &PostView) -> String {
    if post.reactions.is_empty() {
        return String::new();
    }
    let shown: String = post
        .reactions
        .iter()
        .map(|r| {
            format!(
                "<span class=\"reaction\">{} {}</span>",
                escape(&r.reaction),
                r.count
            )
        })
        .collect();
    format!("<span class=\"reactions\">{shown}</span>")
}

/// Files of a post: pictures (their thumbnails, linking to the whole file), players for
/// video and audio, and download links for the rest.
fn render_files(author: &AccountId, post: &EventId, files: &[Attachment]) -> String {
    let mut media = String::new();
    let mut others = String::new();
    for a in files {
        let url = escape(&file_url(author, post, &a.hash));
        let name = escape(&a.name);
        let mime = a.mime.as_str();
        if mime.starts_with("image/") && inline_safe(mime) {
            let src = a
                .thumb
                .as_deref()
                .map_or_else(|| url.clone(), |t| escape(&file_url(author, post, t)));
            media.push_str(&format!(
                "<a class=\"image\" href=\"{url}\" title=\"{name}\"><img src=\"{src}\" alt=\"{name}\" loading=\"lazy\"></a>"
            ));
        } else if mime.starts_with("video/") {
            media.push_str(&format!(
                "<video controls preload=\"metadata\" src=\"{url}\"><a href=\"{url}\">{name}</a></video>"
            ));
        } else if mime.starts_with("audio/") {
            media.push_str(&format!(
                "<figure class=\"audio\"><figcaption>{name}</figcaption><audio controls preload=\"metadata\" src=\"{url}\"><a href=\"{url}\">{name}</a></audio></figure>"
            ));
        } else {
            others.push_str(&format!(
                "<li><a href=\"{url}?download=1\" download=\"{name}\">{name}</a> <span class=\"size\">{}</span></li>",
                human(a.size)
            ));
        }
    }
    let mut html = String::new();
    if !media.is_empty() {
        html.push_str(&format!("<div class=\"media\">{media}</div>"));
    }
    if !others.is_empty() {
        html.push_str(&format!("<ul class=\"files\">{others}</ul>"));
    }
    html
}

fn render_quote(quote: &QuotedPost) -> String {
    let Some(author) = quote.author.filter(|_| quote.found) else {
        return "<blockquote class=\"quote missing\">A post that is not on this node.</blockquote>"
            .into();
    };
    let name = quote
        .author_name
        .clone()
        .unwrap_or_else(|| short(&author.to_text()));
    let mut html = format!(
        "<blockquote class=\"quote\"><p class=\"by\"><a href=\"/@{author}\">{}</a> · <a href=\"{}\">{}</a></p>",
        escape(&name),
        escape(&post_url(&author, &quote.id)),
        time_html(quote.created_at)
    );
    if let Some(title) = &quote.title {
        html.push_str(&format!("<p class=\"title\">{}</p>", escape(title)));
    }
    if !quote.text.trim().is_empty() {
        html.push_str(&markdown(&quote.text));
    }
    html.push_str(&render_files(&author, &quote.id, &quote.attachments));
    html.push_str("</blockquote>");
    html
}

/// The comments of a thread, oldest first, each naming its author and, when it answers
/// another comment, which one.
fn render_comments(comments: &[PostView], root: EventId, more: bool) -> String {
    let heading = match comments.len() {
        0 => "No comments yet".to_owned(),
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    };
    let mut html = format!("<section class=\"comments\" id=\"comments\"><h2>{heading}</h2>");
    let name_of = |c: &PostView| {
        c.author_name
            .clone()
            .unwrap_or_else(|| short(&c.author.to_text()))
    };
    for c in comments {
        let name = name_of(c);
        let initial: String = name
            .chars()
            .find(|ch| ch.is_alphanumeric())
            .map(|ch| ch.to_uppercase().collect())
            .unwrap_or_else(|| "?".into());
        html.push_str(&format!(
            "<article class=\"comment\" id=\"{}\"><header><span class=\"avatar initial small\" aria-hidden=\"true\">{}</span>\
             <a class=\"who\" href=\"/@{}\">{}</a> <a class=\"date\" href=\"#{}\">{}</a>{}</header>",
            c.id,
            escape(&initial),
            c.author,
            escape(&name),
            c.id,
            time_html(c.created_at),
            edited_html(c.edited_at)
        ));
        if let Some(parent) = c.reply_to.map(|r| r.parent).filter(|p| *p != root) {
            let to = comments
                .iter()
                .find(|p| p.id == parent)
                .map(name_of)
                .unwrap_or_else(|| "a comment".into());
            html.push_str(&format!(
                "<p class=\"reply-to\">In reply to <a href=\"#{parent}\">{}</a></p>",
                escape(&to)
            ));
        }
        if !c.text.trim().is_empty() {
            html.push_str(&format!("<div class=\"text\">{}</div>", markdown(&c.text)));
        }
        html.push_str(&render_files(&c.author, &c.id, &c.attachments));
        if let Some(quote) = &c.quote {
            html.push_str(&render_quote(quote));
        }
        html.push_str(&format!(
            "<footer>{}</footer></article>",
            render_reactions(c)
        ));
    }
    if more {
        html.push_str("<p class=\"empty\">Only the first comments are shown here.</p>");
    }
    html.push_str("</section>");
    html
}

/// Which file of an attachment list `hash` is: its media type and name (a thumbnail is a
/// JPEG named after its image).
fn file_in(files: &[&Attachment], hash: &str) -> Option<(String, String)> {
    files.iter().find_map(|a| {
        if a.hash == hash {
            Some((a.mime.clone(), a.name.clone()))
        } else if a.thumb.as_deref() == Some(hash) {
            let stem = a.name.rsplit_once('.').map_or(a.name.as_str(), |(s, _)| s);
            Some(("image/jpeg".into(), format!("{stem}-thumbnail.jpg")))
        } else {
            None
        }
    })
}

/// `GET /@<account>[/<post>]/files/<hash>`: the file, if it is one the account's public
/// pages show — an attachment (or thumbnail) of that post as it reads now, or the
/// account's avatar — and otherwise 404, the same whether or not the node holds it.
async fn file(
    node: &Node,
    account: AccountId,
    post: Option<&str>,
    hash: &str,
    query: Option<&str>,
    range: Option<&str>,
) -> Response {
    let found = if !supernet_core::attachment::is_hash(hash) {
        None
    } else if let Some(post) = post {
        post_file(node, account, post, hash).await
    } else {
        avatar_file(node, account, hash).await
    };
    let Some((mime, name)) = found else {
        return not_found(
            "No such file",
            "This file is not one this account published in a post or profile here.",
        );
    };
    let query = BlobQuery {
        author: Some(account.to_text()),
        mime: Some(mime),
        name: Some(name),
        download: query_param(query, "download"),
        key: None,
    };
    super::blobs::serve(node.clone(), hash.to_owned(), &query, range).await
}

async fn avatar_file(node: &Node, account: AccountId, hash: &str) -> Option<(String, String)> {
    let view: ProfileView = read(node, "social.profile", json!({ "account": account }))
        .await
        .ok()?;
    if view.hidden.is_some() {
        return None;
    }
    let avatar = view.profile?.avatar?;
    file_in(&[&avatar], hash)
}

async fn post_file(
    node: &Node,
    account: AccountId,
    post: &str,
    hash: &str,
) -> Option<(String, String)> {
    let id = post.parse::<EventId>().ok()?;
    let thread: Thread = read_public_thread(node, id).await.ok()?;
    let post = thread
        .root
        .iter()
        .chain(&thread.comments)
        .find(|p| p.id == id && p.author == account)?;
    let files: Vec<&Attachment> = post.attachments.iter().collect();
    file_in(&files, hash)
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
        assert!(
            html.contains("<a href=\"https://example.org\" rel=\"nofollow noopener\">ok</a>"),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(
            html.contains("bad"),
            "the text of a dropped link stays: {html}"
        );
        assert!(!html.contains("<img"), "no remote content loads: {html}");
        assert!(
            html.contains("href=\"https://example.org/x.png\""),
            "{html}"
        );
        let mail = markdown("<ada@example.org>");
        assert!(mail.contains("href=\"mailto:ada@example.org\""), "{mail}");
        let quoted = markdown("[x](https://e.org/\"onmouseover=\"alert(1))");
        assert!(!quoted.contains("\"onmouseover"), "{quoted}");
    }

    #[test]
    fn escape_covers_attribute_breakers() {
        assert_eq!(escape("a\"b'c<d>&"), "a&quot;b&#39;c&lt;d&gt;&amp;");
    }

    #[test]
    fn dates_excerpts_and_short_ids_read_well() {
        assert_eq!(long_date(0), "1 January 1970");
        assert_eq!(long_date(1_746_230_400_000), "3 May 2025");
        assert_eq!(excerpt("# A **big** day\nmore", 70), "A big day");
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(short("sn1abcdefghijklmnopqrstuvwxyz"), "sn1abcde…uvwxyz");
    }

    #[test]
    fn a_file_is_found_by_its_hash_or_its_thumbnail() {
        let photo = Attachment {
            hash: "a".repeat(64),
            size: 10,
            mime: "image/png".into(),
            name: "sunset.png".into(),
            thumb: Some("b".repeat(64)),
        };
        assert_eq!(
            file_in(&[&photo], &"a".repeat(64)),
            Some(("image/png".into(), "sunset.png".into()))
        );
        assert_eq!(
            file_in(&[&photo], &"b".repeat(64)),
            Some(("image/jpeg".into(), "sunset-thumbnail.jpg".into()))
        );
        assert_eq!(file_in(&[&photo], &"c".repeat(64)), None);
    }
}
