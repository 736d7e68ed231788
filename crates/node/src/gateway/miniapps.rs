//! `GET /miniapp/<id>/<path…>`: an installed mini-app's files (its bundle is public, so no
//! sign-in), and `/miniapp/<id>/_supernet/sdk.js`, the SDK its UI loads. Every response
//! carries a sandboxing Content-Security-Policy: the page runs in an opaque origin (no
//! cookies, no storage of the host's, no same-origin access to the node's API), loads only
//! its own files and reaches nothing on the network; the host page talks to it through
//! `postMessage` only.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::{Gateway, error_response};

/// The SDK a mini-app's UI loads (`window.supernet`).
const SDK: &str = include_str!("miniapp-sdk.js");
/// Where the SDK is served inside every app's path.
const SDK_PATH: &str = "_supernet/sdk.js";

/// The policy every response of app `id` carries (see the module doc). Its own files are
/// named twice: as `'self'` and by their folder on this gateway (`base`), because WebKit
/// (the desktop window on Linux) matches `'self'` against the sandboxed page's opaque
/// origin, which is nothing, and would run none of its scripts. The folder also keeps one
/// app's page from loading another app's files.
pub fn csp(base: &str, id: &str) -> String {
    let own = format!("'self' {base}/miniapp/{id}/");
    format!(
        "sandbox allow-scripts allow-forms; default-src 'none'; script-src {own}; \
         style-src {own} 'unsafe-inline'; img-src {own} data: blob:; media-src {own} blob:; \
         font-src {own}; connect-src 'none'; form-action 'none'; \
         frame-ancestors 'self' tauri://localhost http://tauri.localhost"
    )
}

/// Media type of a bundle file, by its extension; unknown ones are plain bytes (and
/// `nosniff` keeps the browser from guessing).
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("mp3") => "audio/mpeg",
        Some("ogg" | "oga" | "opus") => "audio/ogg",
        Some("wav") => "audio/wav",
        Some("mp4" | "m4v") => "video/mp4",
        Some("webm") => "video/webm",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn secured(gateway: &Gateway, id: &str, mut response: Response) -> Response {
    let headers = response.headers_mut();
    // Only an app id's own characters go into the policy; anything else (refused as no app
    // anyway) gets a policy that allows nothing, so a crafted path cannot add directives.
    let plain = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let policy = plain
        .then(|| HeaderValue::from_str(&csp(&gateway.base_url, id)).ok())
        .flatten()
        .unwrap_or_else(|| HeaderValue::from_static("sandbox; default-src 'none'"));
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // `cross-origin`, not `same-origin`: the app's own page runs on an opaque origin
    // (sandboxed, no allow-same-origin), so to the browser its scripts, styles and images
    // are cross-origin loads, and `same-origin` would block every one of them. Bundles are
    // public anyway; the CSP above is what confines the page.
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn not_found(gateway: &Gateway, id: &str, what: String) -> Response {
    secured(gateway, id, (StatusCode::NOT_FOUND, what).into_response())
}

/// `GET /miniapp/<id>` and `/miniapp/<id>/`: to the app's UI page.
pub(crate) async fn index(State(gateway): State<Arc<Gateway>>, Path(id): Path<String>) -> Response {
    match gateway.node.miniapp(&id) {
        Some(app) => secured(
            &gateway,
            &id,
            Redirect::to(&format!("/miniapp/{id}/{}", app.ui)).into_response(),
        ),
        None => not_found(&gateway, &id, format!("no app {id:?} is installed here")),
    }
}

/// `GET /miniapp/<id>/<path…>`.
pub(crate) async fn file(
    State(gateway): State<Arc<Gateway>>,
    Path((id, path)): Path<(String, String)>,
) -> Response {
    if gateway.node.miniapp(&id).is_none() {
        return not_found(&gateway, &id, format!("no app {id:?} is installed here"));
    }
    if path == SDK_PATH {
        let mut response = SDK.into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        );
        return secured(&gateway, &id, response);
    }
    if supernet_core::manifest::check_path(&path).is_err() {
        return not_found(&gateway, &id, format!("app {id} has no file {path:?}"));
    }
    match gateway.node.miniapp_file(&id, &path).await {
        Ok(Some(bytes)) => {
            let mut response = bytes.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&path)),
            );
            secured(&gateway, &id, response)
        }
        Ok(None) => not_found(&gateway, &id, format!("app {id} has no file {path:?}")),
        Err(e) => secured(&gateway, &id, error_response(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a/b.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
