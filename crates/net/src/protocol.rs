//! The sync protocol `/supernet/sync/1`: request-response messages for range-based set
//! reconciliation and event fetches, encoded with postcard inside a length prefix. Every
//! size is bounded before anything is allocated; a peer that breaks a bound gets an I/O
//! error on its stream (and, from the actor, a strike).

use futures_util::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use serde::{Deserialize, Serialize};
use supernet_core::sync::{Filter, Fingerprint, Key, Range};

/// The protocol name.
pub const PROTOCOL: &str = "/supernet/sync/1";
/// Largest request: 4,096 ranges with fingerprints, or 4,096 ids to fetch, fit easily.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// Largest response: a page of events (see [`MAX_EVENTS_BYTES`]) plus framing.
pub const MAX_RESPONSE_BYTES: usize = 6 * 1024 * 1024;
/// Largest batch of event bytes in one response.
pub const MAX_EVENTS_BYTES: usize = 4 * 1024 * 1024;
/// Most ranges in one reconcile request.
pub const MAX_RANGES: usize = 4096;
/// Most ids in one fetch request.
pub const MAX_FETCH: usize = 4096;
/// Most keys listed for one range when the asker holds none there.
pub const MAX_LISTED_KEYS: usize = 16_384;
/// Most authors or kinds in a filter.
pub const MAX_FILTER_VALUES: usize = 512;

/// What an asker sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// "Here is what I hold of `filter` in these ranges: tell me where you differ."
    Reconcile {
        /// Which events.
        filter: Filter,
        /// The asker's fingerprint of each range; ranges are sorted and disjoint.
        ranges: Vec<(Range, Fingerprint)>,
    },
    /// "Send me these events."
    Fetch {
        /// Their ids (raw bytes: compact on the wire).
        ids: Vec<[u8; 32]>,
    },
    /// "Who are you, and where do you serve files?"
    Contact,
    /// "I hold events you keep that I did not gossip: sync with me." What a node sends its
    /// account's other devices after writing events of a kind kept only on them.
    Nudge,
}

/// One result of reconciling a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Part {
    /// The responder's fingerprint of a sub-range: compare, and ask again where it differs.
    Fingerprint {
        /// The sub-range.
        range: Range,
        /// The responder's summary of it.
        fingerprint: Fingerprint,
    },
    /// Every key the responder holds in a range: fetch the missing ones.
    Keys {
        /// The range.
        range: Range,
        /// The responder's keys in it, sorted.
        keys: Vec<Key>,
    },
}

/// What a responder answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The ranges that differ, refined. Ranges that matched are left out.
    Reconcile {
        /// Refinements.
        parts: Vec<Part>,
    },
    /// Events, as their wire bytes (those held; possibly fewer than asked for when the
    /// page is full: ask again for the rest).
    Events {
        /// The events.
        wires: Vec<Vec<u8>>,
    },
    /// The responder's contact card (see `ticket`), in its text form.
    Contact {
        /// The card; empty when the node has none to give (no account yet).
        card: String,
    },
    /// A nudge was noted.
    Noted,
    /// The request was refused (too large, too frequent, malformed), and why.
    Refused {
        /// The reason, for logs.
        reason: String,
    },
}

impl Request {
    /// Whether the request is within the protocol's bounds.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Request::Reconcile { filter, ranges } => {
                if ranges.is_empty() || ranges.len() > MAX_RANGES {
                    return Err(format!(
                        "{} ranges (1 to {MAX_RANGES} allowed)",
                        ranges.len()
                    ));
                }
                if filter.authors.len() > MAX_FILTER_VALUES
                    || filter.kinds.len() > MAX_FILTER_VALUES
                    || filter.named.len() > MAX_FILTER_VALUES
                {
                    return Err("filter too large".into());
                }
                if ranges.iter().any(|(r, _)| r.lower >= r.upper)
                    || ranges.windows(2).any(|w| w[0].0.upper > w[1].0.lower)
                {
                    return Err("ranges are not sorted, disjoint and non-empty".into());
                }
                Ok(())
            }
            Request::Fetch { ids } if ids.is_empty() || ids.len() > MAX_FETCH => {
                Err(format!("{} ids (1 to {MAX_FETCH} allowed)", ids.len()))
            }
            Request::Fetch { .. } | Request::Contact | Request::Nudge => Ok(()),
        }
    }
}

async fn read_frame<T: AsyncRead + Unpin + Send>(
    io: &mut T,
    limit: usize,
) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    io.read_exact(&mut len).await?;
    let len = u32::from_be_bytes(len) as usize;
    if len > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("message of {len} bytes exceeds the limit of {limit}"),
        ));
    }
    let mut buf = vec![0u8; len];
    io.read_exact(&mut buf).await?;
    Ok(buf)
}

async fn write_frame<T: AsyncWrite + Unpin + Send>(
    io: &mut T,
    bytes: &[u8],
) -> std::io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| std::io::Error::other("message too large"))?;
    io.write_all(&len.to_be_bytes()).await?;
    io.write_all(bytes).await?;
    io.close().await
}

fn decode<M: for<'de> Deserialize<'de>>(bytes: &[u8]) -> std::io::Result<M> {
    postcard::from_bytes(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

fn encode<M: Serialize>(message: &M, limit: usize) -> std::io::Result<Vec<u8>> {
    let bytes = postcard::to_stdvec(message).map_err(std::io::Error::other)?;
    if bytes.len() > limit {
        return Err(std::io::Error::other(format!(
            "message of {} bytes exceeds {limit}",
            bytes.len()
        )));
    }
    Ok(bytes)
}

/// The request-response codec of the sync protocol.
#[derive(Debug, Clone, Copy, Default)]
pub struct Codec;

impl libp2p::request_response::Codec for Codec {
    type Protocol = libp2p::StreamProtocol;
    type Request = Request;
    type Response = Response;

    async fn read_request<T: AsyncRead + Unpin + Send>(
        &mut self,
        _: &Self::Protocol,
        io: &mut T,
    ) -> std::io::Result<Request> {
        let request: Request = decode(&read_frame(io, MAX_REQUEST_BYTES).await?)?;
        request
            .check()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        Ok(request)
    }

    async fn read_response<T: AsyncRead + Unpin + Send>(
        &mut self,
        _: &Self::Protocol,
        io: &mut T,
    ) -> std::io::Result<Response> {
        decode(&read_frame(io, MAX_RESPONSE_BYTES).await?)
    }

    async fn write_request<T: AsyncWrite + Unpin + Send>(
        &mut self,
        _: &Self::Protocol,
        io: &mut T,
        request: Request,
    ) -> std::io::Result<()> {
        write_frame(io, &encode(&request, MAX_REQUEST_BYTES)?).await
    }

    async fn write_response<T: AsyncWrite + Unpin + Send>(
        &mut self,
        _: &Self::Protocol,
        io: &mut T,
        response: Response,
    ) -> std::io::Result<()> {
        write_frame(io, &encode(&response, MAX_RESPONSE_BYTES)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_out_of_bounds_are_refused() {
        let empty = Request::Reconcile {
            filter: Filter::default(),
            ranges: vec![],
        };
        assert!(empty.check().is_err());
        let fp = Fingerprint::of(&[]);
        let backwards = Range {
            lower: Key::MAX,
            upper: Key::MIN,
        };
        let bad = Request::Reconcile {
            filter: Filter::default(),
            ranges: vec![(backwards, fp)],
        };
        assert!(bad.check().is_err());
        let ok = Request::Reconcile {
            filter: Filter::default(),
            ranges: vec![(Range::ALL, fp)],
        };
        assert!(ok.check().is_ok());
        assert!(Request::Fetch { ids: vec![] }.check().is_err());
        assert!(
            Request::Fetch {
                ids: vec![[0; 32]; MAX_FETCH + 1]
            }
            .check()
            .is_err()
        );
    }

    #[test]
    fn an_oversized_frame_is_refused_before_it_is_read() {
        // A header announcing 4 GiB, and nothing behind it: refused at once, with no
        // buffer allocated for the announced size.
        let mut io = futures_util::io::Cursor::new(u32::MAX.to_be_bytes().to_vec());
        let error = block_on(read_frame(&mut io, MAX_REQUEST_BYTES)).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
        assert!(error.to_string().contains("exceeds the limit"), "{error}");
        // A frame within the limit reads back whole.
        let mut framed = 3u32.to_be_bytes().to_vec();
        framed.extend_from_slice(b"abc");
        let mut io = futures_util::io::Cursor::new(framed);
        assert_eq!(
            block_on(read_frame(&mut io, MAX_REQUEST_BYTES)).unwrap(),
            b"abc"
        );
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn messages_round_trip() {
        let fp = Fingerprint::of(&[]);
        let req = Request::Reconcile {
            filter: Filter::default(),
            ranges: vec![(Range::ALL, fp)],
        };
        let bytes = encode(&req, MAX_REQUEST_BYTES).unwrap();
        assert_eq!(decode::<Request>(&bytes).unwrap(), req);
        assert!(decode::<Request>(&bytes[..bytes.len() - 1]).is_err());
    }
}
