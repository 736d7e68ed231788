//! Files over HTTP: playback and downloads with range requests, and uploads.
//!
//! ```text
//!  GET  /blobs/<hash>?author=&mime=&name=&download=1
//!       200 (all of it, streamed) or 206 (one range, at most files::MAX_RANGE bytes);
//!       missing ranges are fetched from the author's node (or any holder) first, so a
//!       video plays while it downloads
//!  POST /api/upload?name=&mime=    the body (streamed into the store) → files::BlobOutput
//! ```

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::{Gateway, error_response};
use crate::blob_http::{BlobQuery, BlobReply};
use crate::files::{ByteRange, MAX_RANGE};

fn reply_response(reply: BlobReply) -> Response {
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    add_headers(&mut response, reply.headers);
    response
}

fn add_headers(response: &mut Response, headers: Vec<(&'static str, String)>) {
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
}

pub(super) async fn get_blob(
    State(gateway): State<Arc<Gateway>>,
    Path(hash): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = match BlobQuery::parse(raw.as_deref()) {
        Ok(q) => q,
        Err(e) => return error_response(e),
    };
    let keyed = query
        .key
        .as_deref()
        .is_some_and(|k| gateway.media_key_matches(k));
    if !keyed && let Err(e) = gateway.authorize(&headers) {
        return error_response(e);
    }
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    serve(gateway.node.clone(), hash, &query, range).await
}

/// Answers a file request the gateway has decided to allow: with a `Range`, that range
/// (206); without one, all of it, of any size, read (and fetched) piece by piece as it is
/// sent.
pub(super) async fn serve(
    node: crate::Node,
    hash: String,
    query: &BlobQuery,
    range: Option<&str>,
) -> Response {
    if let Some(range) = range {
        return match node.blob_reply(&hash, query, Some(range), 0).await {
            Ok(reply) => reply_response(reply),
            Err(e) => error_response(e),
        };
    }
    let author = match query.author() {
        Ok(a) => a,
        Err(e) => return error_response(e),
    };
    let size = match node.blob_size(&hash, author).await {
        Ok(size) => size,
        Err(e) => return error_response(e),
    };
    let body = futures_util::stream::unfold(0u64, move |offset| {
        let node = node.clone();
        let hash = hash.clone();
        async move {
            if offset >= size {
                return None;
            }
            let piece = ByteRange::From {
                start: offset,
                end: Some((offset + MAX_RANGE).min(size) - 1),
            };
            match node.read_blob(&hash, author, Some(piece)).await {
                Ok((_, _, bytes)) if !bytes.is_empty() => {
                    let next = offset + bytes.len() as u64;
                    Some((Ok(axum::body::Bytes::from(bytes)), next))
                }
                Ok(_) => Some((Err(std::io::Error::other("no progress")), size)),
                Err(e) => Some((Err(std::io::Error::other(e.message)), size)),
            }
        }
    });
    let mut response = Response::new(Body::from_stream(body));
    let mut all = query.headers();
    all.push(("content-length", size.to_string()));
    add_headers(&mut response, all);
    response
}

pub(super) async fn upload(
    State(gateway): State<Arc<Gateway>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Err(e) = gateway.authorize(&headers) {
        return error_response(e);
    }
    let query = match BlobQuery::parse(raw.as_deref()) {
        Ok(q) => q,
        Err(e) => return error_response(e),
    };
    let size = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let data = body
        .into_data_stream()
        .map(|chunk| chunk.map_err(std::io::Error::other));
    match gateway
        .node
        .upload_blob(SyncStream::new(data), size, query.name, query.mime)
        .await
    {
        Ok(output) => axum::Json(output).into_response(),
        Err(e) => error_response(e),
    }
}

/// Makes a `Send` stream `Sync` (the store's import wants both) by giving it one owner
/// behind a lock that is never contended.
struct SyncStream<S>(std::sync::Mutex<std::pin::Pin<Box<S>>>);

impl<S> SyncStream<S> {
    fn new(stream: S) -> Self {
        Self(std::sync::Mutex::new(Box::pin(stream)))
    }
}

impl<S: futures_util::Stream + Send> futures_util::Stream for SyncStream<S> {
    type Item = S::Item;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let this = self.get_mut();
        this.0
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .as_mut()
            .poll_next(cx)
    }
}
