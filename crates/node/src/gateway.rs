//! The HTTP gateway: `POST /api/<method>` with a JSON body, answered with the method's JSON
//! output, or with `{"code", "message"}` and an HTTP status that fits the code. Every request
//! needs `Authorization: Bearer <token>`; the daemon binds it to loopback.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use supernet_core::{ApiError, ErrorCode};

use crate::{Caller, Node};

/// Largest request body: API inputs are small JSON documents (events travel as at most
/// ~100 KiB of base64), so 1 MiB is generous and stops a memory-filling request.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone)]
struct Gateway {
    node: Node,
    /// BLAKE3 of the bearer token: compared in constant time.
    token_hash: blake3::Hash,
}

/// The gateway's routes for `node`, guarded by `token`.
pub fn router(node: Node, token: &str) -> Router {
    let state = Arc::new(Gateway {
        node,
        token_hash: blake3::hash(token.as_bytes()),
    });
    Router::new()
        .route("/api/{method}", post(call))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(state)
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

fn authorized(gateway: &Gateway, headers: &HeaderMap) -> bool {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    presented.is_some_and(|t| blake3::hash(t.trim().as_bytes()) == gateway.token_hash)
}

async fn call(
    State(gateway): State<Arc<Gateway>>,
    Path(method): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !authorized(&gateway, &headers) {
        return error_response(ApiError::new(
            ErrorCode::Unauthorized,
            "missing or wrong bearer token: send `Authorization: Bearer <token>` (the token is in daemon.json in the data directory)",
        ));
    }
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
    match gateway.node.call(&Caller::owner(), &method, input).await {
        Ok(output) => axum::Json(output).into_response(),
        Err(e) => error_response(e),
    }
}
