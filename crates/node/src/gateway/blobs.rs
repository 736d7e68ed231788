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
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use supernet_core::{AccountId, ApiError};

use super::{Gateway, error_response};
use crate::files::{ByteRange, MAX_RANGE, inline_safe, mime_of};

/// Query of `GET /blobs/<hash>`.
#[derive(Debug, serde::Deserialize)]
pub(super) struct BlobQuery {
    /// Whose event refers to it: that node is asked first for missing bytes.
    author: Option<String>,
    /// Media type to serve it as.
    mime: Option<String>,
    /// File name (for the media type and downloads).
    name: Option<String>,
    /// Send as a download rather than for display.
    download: Option<String>,
    /// The desktop window's media key (instead of a session).
    key: Option<String>,
}

fn content_type(query: &BlobQuery) -> String {
    query
        .mime
        .clone()
        .filter(|m| m.len() < 128 && m.bytes().all(|b| b.is_ascii_graphic() || b == b' '))
        .or_else(|| query.name.as_deref().map(mime_of))
        .unwrap_or_else(|| "application/octet-stream".into())
}

pub(super) async fn get_blob(
    State(gateway): State<Arc<Gateway>>,
    Path(hash): Path<String>,
    Query(query): Query<BlobQuery>,
    headers: HeaderMap,
) -> Response {
    let keyed = query
        .key
        .as_deref()
        .is_some_and(|k| gateway.media_key_matches(k));
    if !keyed && let Err(e) = gateway.authorize(&headers) {
        return error_response(e);
    }
    let author = match query
        .author
        .as_deref()
        .map(str::parse::<AccountId>)
        .transpose()
    {
        Ok(a) => a,
        Err(e) => return error_response(ApiError::invalid_input(format!("author: {e}"))),
    };
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(ByteRange::parse);
    let node = gateway.node.clone();
    let first = match node.read_blob(&hash, author, range).await {
        Ok(first) => first,
        Err(e) => {
            if e.message.contains("past the end") {
                return (StatusCode::RANGE_NOT_SATISFIABLE, axum::Json(e)).into_response();
            }
            return error_response(e);
        }
    };
    let (size, start, bytes) = first;
    let mime = content_type(&query);
    let mut response = if range.is_some() {
        let end = start + bytes.len() as u64;
        let mut r = Response::new(Body::from(bytes));
        *r.status_mut() = StatusCode::PARTIAL_CONTENT;
        if let Ok(v) =
            HeaderValue::from_str(&format!("bytes {start}-{}/{size}", end.saturating_sub(1)))
        {
            r.headers_mut().insert(header::CONTENT_RANGE, v);
        }
        r
    } else {
        // All of it: the first piece now, the rest read (and fetched) as it is sent.
        let rest = futures_util::stream::unfold(start + bytes.len() as u64, move |offset| {
            let node = node.clone();
            let hash = hash.clone();
            async move {
                if offset >= size {
                    return None;
                }
                let range = ByteRange::From {
                    start: offset,
                    end: Some((offset + MAX_RANGE).min(size) - 1),
                };
                match node.read_blob(&hash, author, Some(range)).await {
                    Ok((_, _, bytes)) if !bytes.is_empty() => {
                        let next = offset + bytes.len() as u64;
                        Some((Ok(axum::body::Bytes::from(bytes)), next))
                    }
                    Ok(_) => Some((Err(std::io::Error::other("no progress")), size)),
                    Err(e) => Some((Err(std::io::Error::other(e.message)), size)),
                }
            }
        });
        let body = futures_util::stream::once(async move {
            Ok::<_, std::io::Error>(axum::body::Bytes::from(bytes))
        })
        .chain(rest);
        let mut r = Response::new(Body::from_stream(body));
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(size));
        r
    };
    let headers = response.headers_mut();
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    // Content-addressed: the same URL never changes.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    // A file never runs code on the node's origin.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let inline = inline_safe(&mime) && query.download.is_none();
    let served = if inline_safe(&mime) {
        mime
    } else {
        "application/octet-stream".into()
    };
    if let Ok(v) = HeaderValue::from_str(&served) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    let name: String = query
        .name
        .as_deref()
        .unwrap_or("file")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "._- ".contains(*c))
        .collect();
    let disposition = format!(
        "{}; filename=\"{}\"",
        if inline { "inline" } else { "attachment" },
        if name.is_empty() { "file" } else { &name }
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// Query of `POST /api/upload`.
#[derive(Debug, serde::Deserialize)]
pub(super) struct UploadQuery {
    /// The file's name.
    name: Option<String>,
    /// Its media type.
    mime: Option<String>,
}

pub(super) async fn upload(
    State(gateway): State<Arc<Gateway>>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Err(e) = gateway.authorize(&headers) {
        return error_response(e);
    }
    let Some(name) = query.name.filter(|n| !n.trim().is_empty()) else {
        return error_response(ApiError::invalid_input("an upload needs ?name=<file name>"));
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
        .upload_blob(SyncStream::new(data), size, name, query.mime)
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
