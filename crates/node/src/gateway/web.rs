//! The web UI: the built frontend (`frontend/dist`), embedded in the binary, served with a
//! strict Content-Security-Policy.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The built frontend. Missing at build time (frontend not built) means the gateway serves
/// a page saying how to build it, instead of failing.
#[derive(rust_embed::Embed)]
#[folder = "../../frontend/dist"]
#[allow_missing = true]
struct WebUi;

/// Everything the UI loads comes from this node; nothing is inlined, framed or fetched
/// from elsewhere.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Pages the node renders itself (public blog pages, messages): no script at all, styles
/// from this node, pictures and media only from this node's own file routes, nothing
/// framed, no forms.
pub(crate) const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; media-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Adds the headers every page of the web UI gets.
pub(crate) fn secure(response: Response) -> Response {
    secure_with(response, CSP)
}

/// Adds the headers every page gets, with the policy `csp`.
fn secure_with(mut response: Response, csp: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// The asset at `path`: `/` is the app's page; a path without a file extension is a
/// client-side view and gets the app's page too.
pub(crate) fn asset(path: &str) -> Response {
    let name = path.trim_start_matches('/');
    let name = if name.is_empty() || !name.rsplit('/').next().unwrap_or("").contains('.') {
        "index.html"
    } else {
        name
    };
    let Some(file) = WebUi::get(name) else {
        if name == "index.html" {
            return message_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "The web UI is not built into this node",
                "Build it with <code>npm --prefix frontend ci &amp;&amp; npm --prefix frontend run build</code>, then rebuild Supernet (<code>scripts/run</code> does both).",
            );
        }
        return secure((StatusCode::NOT_FOUND, "not found").into_response());
    };
    let cache = if name.starts_with("assets/") {
        // Vite names these by content hash: they never change.
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mime = file.metadata.mimetype().to_owned();
    let mut response = (StatusCode::OK, file.data.into_owned()).into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    secure(response)
}

/// A small page with a title and a message (the message is trusted HTML).
pub(crate) fn message_page(status: StatusCode, title: &str, message_html: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} · Supernet</title><link rel=\"stylesheet\" href=\"/public.css\"></head><body><header class=\"site\"><span class=\"brand\">Supernet</span></header><main class=\"page message\"><h1>{title}</h1><p>{message_html}</p></main></body></html>"
    );
    html_response(status, html)
}

/// A page rendered here (never the web UI), with the usual headers and the strict
/// [`PAGE_CSP`].
pub(crate) fn html_response(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    secure_with(response, PAGE_CSP)
}
