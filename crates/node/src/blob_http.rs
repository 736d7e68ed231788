//! Files as HTTP answers, the same for every surface that shows them: the gateway's
//! `GET /blobs/<hash>` and the desktop window's `snblob:` protocol. What a request may ask
//! (`?author=&mime=&name=&download=1`, a `Range`), which bytes it gets, and the headers
//! that keep a file from running code where it is shown are decided here, once.

use supernet_core::{AccountId, ApiError};

use crate::Node;
use crate::files::{ByteRange, inline_safe, mime_of};

/// What a file request may ask, from its query string.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct BlobQuery {
    /// Whose event refers to it: that node is asked first for missing bytes.
    pub author: Option<String>,
    /// Media type to serve it as.
    pub mime: Option<String>,
    /// File name (for the media type and downloads).
    pub name: Option<String>,
    /// Send as a download rather than for display.
    pub download: Option<String>,
    /// The desktop window's media key (gateway only; see `Gateway::media_access`).
    pub key: Option<String>,
}

impl BlobQuery {
    /// Reads a query string (without the `?`; none is an empty query).
    pub fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|e| ApiError::invalid_input(format!("the file URL's query is malformed: {e}")))
    }

    /// The author it names, if any.
    pub fn author(&self) -> Result<Option<AccountId>, ApiError> {
        self.author
            .as_deref()
            .map(str::parse::<AccountId>)
            .transpose()
            .map_err(|e| ApiError::invalid_input(format!("author: {e}")))
    }

    /// The media type asked for (printable, bounded), else guessed from the name.
    fn content_type(&self) -> String {
        self.mime
            .clone()
            .filter(|m| m.len() < 128 && m.bytes().all(|b| b.is_ascii_graphic() || b == b' '))
            .or_else(|| self.name.as_deref().map(mime_of))
            .unwrap_or_else(|| "application/octet-stream".into())
    }

    /// The headers of a file answer: its type (shown inline only when that is safe), how
    /// to save it, and a policy that keeps it from running anything.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mime = self.content_type();
        let inline = inline_safe(&mime) && self.download.is_none();
        let served = if inline_safe(&mime) {
            mime
        } else {
            "application/octet-stream".into()
        };
        let name: String = self
            .name
            .as_deref()
            .unwrap_or("file")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "._- ".contains(*c))
            .collect();
        vec![
            ("content-type", served),
            (
                "content-disposition",
                format!(
                    "{}; filename=\"{}\"",
                    if inline { "inline" } else { "attachment" },
                    if name.is_empty() { "file" } else { &name }
                ),
            ),
            ("accept-ranges", "bytes".into()),
            // Content-addressed: the same URL never changes.
            (
                "cache-control",
                "private, max-age=31536000, immutable".into(),
            ),
            // A file never runs code on the origin that shows it.
            (
                "content-security-policy",
                "sandbox; default-src 'none'".into(),
            ),
            ("x-content-type-options", "nosniff".into()),
        ]
    }
}

/// A file answer.
#[derive(Debug)]
pub struct BlobReply {
    /// 200 (all of it), 206 (a range), or the status of an error.
    pub status: u16,
    /// Headers (lowercase names).
    pub headers: Vec<(&'static str, String)>,
    /// The bytes.
    pub body: Vec<u8>,
    /// The file's size.
    pub size: u64,
}

impl BlobReply {
    /// An error as a file answer: its status, and `{"code","message"}` JSON.
    pub fn error(e: &ApiError) -> Self {
        Self {
            status: crate::gateway::status_for(e.code).as_u16(),
            headers: vec![("content-type", "application/json".into())],
            body: serde_json::to_vec(e).unwrap_or_default(),
            size: 0,
        }
    }
}

impl Node {
    /// Answers a file request: the range asked for (at most [`crate::files::MAX_RANGE`] bytes, 206), or
    /// without one, the whole file when it is at most `whole_max` bytes (200) and else its
    /// first piece (206, so the reader asks on). Missing bytes are fetched first from the
    /// author's node or any holder. A range past the end is 416.
    pub async fn blob_reply(
        &self,
        hash: &str,
        query: &BlobQuery,
        range: Option<&str>,
        whole_max: u64,
    ) -> Result<BlobReply, ApiError> {
        let author = query.author()?;
        let range = range.and_then(ByteRange::parse);
        let size = self.blob_size(hash, author).await?;
        let (start, end) = match range {
            Some(r) => r.resolve(size),
            None => (0, None),
        };
        if start >= size && size > 0 {
            let mut reply = BlobReply::error(&ApiError::invalid_input(format!(
                "the range starts at byte {start}, past the end of the {size}-byte file"
            )));
            reply.status = 416;
            reply
                .headers
                .push(("content-range", format!("bytes */{size}")));
            return Ok(reply);
        }
        let mut body = Vec::new();
        let mut next = start;
        loop {
            let piece = ByteRange::From { start: next, end };
            let (_, _, bytes) = self.read_blob(hash, author, Some(piece)).await?;
            next += bytes.len() as u64;
            body.extend_from_slice(&bytes);
            let whole_wanted = range.is_none() && size <= whole_max;
            if !whole_wanted || bytes.is_empty() || next >= size {
                break;
            }
        }
        let mut headers = query.headers();
        let partial = range.is_some() || next < size;
        if partial {
            headers.push((
                "content-range",
                format!("bytes {start}-{}/{size}", next.saturating_sub(1)),
            ));
        }
        Ok(BlobReply {
            status: if partial { 206 } else { 200 },
            headers,
            body,
            size,
        })
    }

    /// The verified size of a file, asking its holders when it is not here.
    pub async fn blob_size(&self, hash: &str, author: Option<AccountId>) -> Result<u64, ApiError> {
        let (size, _, _) = self
            .read_blob(hash, author, Some(ByteRange::Last(1)))
            .await?;
        Ok(size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_and_headers() {
        let q = BlobQuery::parse(Some("mime=video%2Fmp4&name=My+clip.mp4")).unwrap();
        assert_eq!(q.name.as_deref(), Some("My clip.mp4"));
        let h = q.headers();
        assert!(h.contains(&("content-type", "video/mp4".into())));
        assert!(h.contains(&(
            "content-disposition",
            "inline; filename=\"My clip.mp4\"".into()
        )));
        let html = BlobQuery::parse(Some("mime=text/html&name=x.html")).unwrap();
        let h = html.headers();
        assert!(h.contains(&("content-type", "application/octet-stream".into())));
        assert!(h.contains(&(
            "content-disposition",
            "attachment; filename=\"x.html\"".into()
        )));
        assert!(
            BlobQuery::parse(Some("author=nope"))
                .unwrap()
                .author()
                .is_err()
        );
        assert!(BlobQuery::parse(None).unwrap().author().unwrap().is_none());
    }
}
