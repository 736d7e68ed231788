//! The HTTP gateway: the node's API, its web UI and its public pages, on loopback.
//!
//! ```text
//!  POST /api/<method>   the one API: JSON in, JSON out, or {"code","message"} with a status
//!  GET  /api/openapi.json  that API as an OpenAPI 3.1 document (see `crate::openapi`); no sign-in
//!  GET  /api/notices    WebSocket of change notices (JSON text messages)
//!  GET  /login?token=   trades a one-time login token for a session cookie, then → /
//!  POST /auth/link      mints a new one-time login link (bearer token only)
//!  GET  /blobs/<hash>   a file, with range requests (playback while it downloads)
//!  POST /api/upload     a file upload, streamed into the store
//!  GET  /miniapp/<id>/…  an installed mini-app's files and its SDK, sandboxed by their CSP
//!                       (see `miniapps`); no sign-in: bundles are public
//!  GET  /@<account>     public, read-only HTML of an account's blog (no JavaScript): its
//!                       profile and posts, `/@<account>/<post>` with comments, and the
//!                       files those pages show (see `public`); no sign-in
//!  GET  /…              the web UI (built frontend, embedded in the binary)
//! ```
//!
//! Who may call: programs present the bearer token from `daemon.json` (the owner: anything)
//! or a scoped access token from `tokens.create` (its permissions only, and only on
//! `POST /api/<method>`); a browser presents the session cookie it got from a login link. Cookies are `HttpOnly` and
//! `SameSite=Strict`, and a cookie-carrying request from another origin is refused, so no
//! other web page can call the API through the user's browser.

mod blobs;
mod miniapps;
mod notices;
mod openapi;
mod public;
mod web;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use ring::rand::{SecureRandom, SystemRandom};
use supernet_core::{ApiError, ErrorCode};

use crate::{Caller, Node};

/// Largest request body: API inputs are small JSON documents (events travel as at most
/// ~100 KiB of base64), so 1 MiB is generous and stops a memory-filling request.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// Browser sessions kept at once; the oldest is signed out beyond this. A person has a few
/// browsers and devices, not dozens.
const MAX_SESSIONS: usize = 32;
/// Unused login links kept at once; the oldest lapses beyond this.
const MAX_PENDING_LOGINS: usize = 8;
/// How long a login link stays valid: long enough to copy it to a phone.
const LOGIN_TTL: Duration = Duration::from_secs(15 * 60);
/// Name of the session cookie.
const SESSION_COOKIE: &str = "supernet_session";
/// How long a browser stays signed in.
const SESSION_MAX_AGE_SECS: u64 = 30 * 24 * 3600;

/// The gateway's shared state.
#[derive(Debug)]
pub struct Gateway {
    node: Node,
    base_url: String,
    /// BLAKE3 of the bearer token: compared in constant time.
    bearer: blake3::Hash,
    sessions: Mutex<VecDeque<blake3::Hash>>,
    logins: Mutex<VecDeque<(blake3::Hash, Instant)>>,
    /// A key that lets `GET /blobs/…` (and nothing else) through without a session: for
    /// the desktop window's media players, which cannot load from its own URI scheme on
    /// Linux (WebKitGTK plays media only from http(s)). Random per run, never stored.
    media_key: String,
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .expect("OS random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Gateway {
    /// A gateway for `node`, reachable at `base_url`, guarded by `bearer_token`.
    pub fn new(node: Node, base_url: &str, bearer_token: &str) -> Arc<Self> {
        Arc::new(Self {
            node,
            base_url: base_url.trim_end_matches('/').to_owned(),
            bearer: blake3::hash(bearer_token.as_bytes()),
            sessions: Mutex::new(VecDeque::new()),
            logins: Mutex::new(VecDeque::new()),
            media_key: random_token(),
        })
    }

    /// Where the desktop window's media players fetch files: `<base>/blobs/<hash>` with
    /// `?key=` this key. Returns (base, key).
    pub fn media_access(&self) -> (String, String) {
        (self.base_url.clone(), self.media_key.clone())
    }

    /// Whether `key` is the media key (compared in constant time).
    fn media_key_matches(&self, key: &str) -> bool {
        blake3::hash(key.as_bytes()) == blake3::hash(self.media_key.as_bytes())
    }

    /// A new one-time link that signs a browser in to the web UI.
    pub fn login_link(&self) -> String {
        let token = random_token();
        let mut logins = self.logins.lock().unwrap_or_else(|p| p.into_inner());
        logins.retain(|(_, at)| at.elapsed() < LOGIN_TTL);
        if logins.len() >= MAX_PENDING_LOGINS {
            logins.pop_front();
        }
        logins.push_back((blake3::hash(token.as_bytes()), Instant::now()));
        format!("{}/login?token={token}", self.base_url)
    }

    /// Consumes a login token; true when it was valid and unused.
    fn redeem_login(&self, token: &str) -> bool {
        let presented = blake3::hash(token.as_bytes());
        let mut logins = self.logins.lock().unwrap_or_else(|p| p.into_inner());
        logins.retain(|(_, at)| at.elapsed() < LOGIN_TTL);
        match logins.iter().position(|(hash, _)| *hash == presented) {
            Some(i) => {
                logins.remove(i);
                true
            }
            None => false,
        }
    }

    fn new_session(&self) -> String {
        let session = random_token();
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        if sessions.len() >= MAX_SESSIONS {
            sessions.pop_front();
        }
        sessions.push_back(blake3::hash(session.as_bytes()));
        session
    }

    fn has_session(&self, session: &str) -> bool {
        let presented = blake3::hash(session.as_bytes());
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .any(|s| *s == presented)
    }

    /// Whether the request may use the API: a valid bearer token, or a session cookie
    /// from this same origin.
    fn authorize(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if let Some(token) = bearer {
            if blake3::hash(token.trim().as_bytes()) == self.bearer {
                return Ok(());
            }
        } else if let Some(session) = cookie(headers, SESSION_COOKIE) {
            if !same_origin(headers) {
                return Err(ApiError::new(
                    ErrorCode::PermissionDenied,
                    "a request from another web origin may not use this node's session",
                ));
            }
            if self.has_session(session) {
                return Ok(());
            }
        }
        if bearer.is_some() {
            return Err(ApiError::new(
                ErrorCode::Unauthorized,
                "this bearer token is not the node's owner token (the `token` in daemon.json); an access token from `tokens.create` works only for POST /api/<method>",
            ));
        }
        Err(ApiError::new(
            ErrorCode::Unauthorized,
            "not signed in: open the link printed by `supernet serve` (or get a new one with `supernet link`); programs send `Authorization: Bearer <token>` from daemon.json",
        ))
    }

    /// Who is calling an API method: the owner (owner token or session), or the holder of
    /// a scoped access token (its permissions). Errors say why not.
    async fn caller(&self, headers: &HeaderMap) -> Result<Caller, ApiError> {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match bearer {
            Some(token) if blake3::hash(token.as_bytes()) != self.bearer => {
                self.node.token_caller(token).await
            }
            _ => self.authorize(headers).map(|()| Caller::owner()),
        }
    }
}

/// The value of cookie `name`, if the request carries it.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether the request's `Origin` (when a browser sends one) is this gateway's own.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    host.is_some_and(|host| {
        origin == format!("http://{host}") || origin == format!("https://{host}")
    })
}

/// The gateway's routes.
pub fn router(gateway: Arc<Gateway>) -> Router {
    Router::new()
        .route("/api/notices", get(notices::upgrade))
        .route(
            "/api/upload",
            post(blobs::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/{method}", post(call))
        .route("/blobs/{hash}", get(blobs::get_blob))
        .route("/miniapp/{id}", get(miniapps::index))
        .route("/miniapp/{id}/", get(miniapps::index))
        .route("/miniapp/{id}/{*path}", get(miniapps::file))
        .route("/login", get(login))
        .route("/auth/link", post(link))
        .route("/public.css", get(public_css))
        .fallback(get(pages))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(gateway)
}

/// The HTTP status for an error code.
pub fn status_for(code: ErrorCode) -> StatusCode {
    use ErrorCode as C;
    match code {
        C::Unauthorized => StatusCode::UNAUTHORIZED,
        C::PermissionDenied => StatusCode::FORBIDDEN,
        C::NotFound | C::UnknownMethod => StatusCode::NOT_FOUND,
        C::AlreadyExists | C::DaemonRunning => StatusCode::CONFLICT,
        C::Locked => StatusCode::LOCKED,
        C::Oversize => StatusCode::PAYLOAD_TOO_LARGE,
        C::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        C::Internal | C::Io | C::StoreCorrupt | C::ForeignDatabase | C::KeystoreCorrupt => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::BAD_REQUEST,
    }
}

fn error_response(e: ApiError) -> Response {
    (status_for(e.code), axum::Json(e)).into_response()
}

async fn call(
    State(gateway): State<Arc<Gateway>>,
    Path(method): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let caller = match gateway.caller(&headers).await {
        Ok(caller) => caller,
        Err(e) => return error_response(e),
    };
    let body = match body {
        Ok(b) => b,
        Err(rejection) => {
            let code = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ErrorCode::Oversize
            } else {
                ErrorCode::InvalidInput
            };
            return error_response(ApiError::new(
                code,
                format!("request body refused: {rejection} (at most {MAX_REQUEST_BYTES} bytes)"),
            ));
        }
    };
    let input = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_response(ApiError::invalid_input(format!(
                    "the request body is not JSON: {e}"
                )));
            }
        }
    };
    match gateway.node.call(&caller, &method, input).await {
        Ok(output) => axum::Json(output).into_response(),
        Err(e) => error_response(e),
    }
}

#[derive(Debug, serde::Deserialize)]
struct LoginQuery {
    token: Option<String>,
}

async fn login(State(gateway): State<Arc<Gateway>>, Query(query): Query<LoginQuery>) -> Response {
    let valid = query
        .token
        .as_deref()
        .is_some_and(|t| gateway.redeem_login(t));
    if !valid {
        return web::message_page(
            StatusCode::UNAUTHORIZED,
            "This sign-in link has expired",
            "Each link works once, for 15 minutes. Get a new one with <code>supernet link</code>, or restart <code>supernet serve</code>.",
        );
    }
    let session = gateway.new_session();
    let cookie = format!(
        "{SESSION_COOKIE}={session}; HttpOnly; SameSite=Strict; Path=/; Max-Age={SESSION_MAX_AGE_SECS}"
    );
    let mut response = Redirect::to("/").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn link(State(gateway): State<Arc<Gateway>>, headers: HeaderMap) -> Response {
    let bearer_only = headers.get(header::AUTHORIZATION).is_some();
    match gateway.authorize(&headers) {
        Ok(()) if bearer_only => {
            axum::Json(serde_json::json!({ "url": gateway.login_link() })).into_response()
        }
        Ok(()) => error_response(ApiError::new(
            ErrorCode::PermissionDenied,
            "login links are minted with the bearer token only",
        )),
        Err(e) => error_response(e),
    }
}

async fn public_css() -> Response {
    let mut response = public::STYLESHEET.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    response
}

async fn pages(
    State(gateway): State<Arc<Gateway>>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path();
    match path.strip_prefix("/@") {
        Some(rest) => {
            let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
            public::route(&gateway.node, rest, uri.query(), range).await
        }
        None => web::asset(path),
    }
}
