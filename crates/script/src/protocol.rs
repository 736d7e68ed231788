//! The frames node and worker exchange: a 4-byte big-endian length, then that many bytes of
//! JSON. The node writes on the worker's stdin and reads its stdout; stderr carries only the
//! worker's own diagnostics (a panic, an allocation failure).
//!
//! One exchange at a time: the node sends `Init`, `Call` or `Deliver` and reads frames until
//! the answer (`Ready` or `Done`); in between the worker may send `HostCall` (and waits for a
//! `Reply`) and `Log`. While idle, the worker announces each timer run with `Busy` … `Idle`.

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use supernet_core::ApiError;

use crate::{Limits, LogLevel};

/// The largest `Init` frame a worker accepts: it carries the script, which a bundle caps at
/// 20 MiB, plus JSON escaping.
pub(crate) const MAX_INIT_BYTES: usize = 48 * 1024 * 1024;

/// A frame from the node to the worker.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ToWorker {
    /// The first frame: evaluate this script under these limits.
    Init {
        app_id: String,
        script: String,
        limits: Limits,
    },
    /// Run a method registered with `supernet.method`.
    Call { method: String, input: Value },
    /// Hand an event to the handlers registered with `supernet.on`.
    Deliver { event: Value },
    /// The answer to the worker's last `HostCall`.
    Reply { result: Result<Value, ApiError> },
}

/// A call from the script to the node.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub(crate) enum HostRequest {
    Call { method: String, input: Value },
    Publish { name: String, body: Value },
    DbExec { sql: String, params: Vec<Value> },
    DbQuery { sql: String, params: Vec<Value> },
}

/// Why a unit of work failed inside the worker (the worker itself survived to say so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Failure {
    Thrown { message: String },
    LoopLimit,
    Recursion,
    NoSuchMethod { method: String },
}

/// A frame from the worker to the node.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum FromWorker {
    /// The script was evaluated: what it registered.
    Ready {
        methods: Vec<String>,
        kinds: Vec<String>,
    },
    /// The answer to `Init` (on failure), `Call` or `Deliver`.
    Done { result: Result<Value, Failure> },
    /// The script calls the node; the worker waits for a `Reply`.
    HostCall { request: HostRequest },
    /// A `console` message.
    Log { level: LogLevel, message: String },
    /// While idle: timer callbacks start running.
    Busy,
    /// They finished; `failure` if one broke a limit.
    Idle { failure: Option<Failure> },
}

/// Why a frame could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FrameError {
    #[error("the stream ended")]
    Closed,
    #[error("a frame of {len} bytes is larger than the {max}-byte limit")]
    Oversize { len: usize, max: usize },
    #[error("a frame ended early")]
    Truncated,
    #[error("a frame is not valid: {0}")]
    Invalid(serde_json::Error),
    #[error("reading failed: {0}")]
    Io(io::Error),
}

/// Encodes a frame, refusing one larger than `max` bytes.
pub(crate) fn encode<T: Serialize>(frame: &T, max: usize) -> Result<Vec<u8>, FrameError> {
    let json = serde_json::to_vec(frame).map_err(FrameError::Invalid)?;
    if json.len() > max || u32::try_from(json.len()).is_err() {
        return Err(FrameError::Oversize {
            len: json.len(),
            max,
        });
    }
    let mut out = Vec::with_capacity(4 + json.len());
    out.extend_from_slice(&(json.len() as u32).to_be_bytes());
    out.extend_from_slice(&json);
    Ok(out)
}

/// Reads one frame (blocking; the worker's side).
pub(crate) fn read_blocking<T: for<'de> Deserialize<'de>>(
    r: &mut impl Read,
    max: usize,
) -> Result<T, FrameError> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(FrameError::Io(e)),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > max {
        return Err(FrameError::Oversize { len, max });
    }
    let mut buf = vec![0u8; len];
    r.read_exact(&mut buf).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => FrameError::Truncated,
        _ => FrameError::Io(e),
    })?;
    serde_json::from_slice(&buf).map_err(FrameError::Invalid)
}

/// Writes one frame (blocking; the worker's side).
pub(crate) fn write_blocking<T: Serialize>(
    w: &mut impl Write,
    frame: &T,
    max: usize,
) -> Result<(), FrameError> {
    let bytes = encode(frame, max)?;
    w.write_all(&bytes).map_err(FrameError::Io)?;
    w.flush().map_err(FrameError::Io)
}

/// Reads one frame (the node's side).
pub(crate) async fn read_async<T: for<'de> Deserialize<'de>>(
    r: &mut (impl tokio::io::AsyncRead + Unpin),
    max: usize,
) -> Result<T, FrameError> {
    use tokio::io::AsyncReadExt;
    let mut len = [0u8; 4];
    match r.read_exact(&mut len).await {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(FrameError::Io(e)),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > max {
        return Err(FrameError::Oversize { len, max });
    }
    let mut buf = vec![0u8; len];
    r.read_exact(&mut buf).await.map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => FrameError::Truncated,
        _ => FrameError::Io(e),
    })?;
    serde_json::from_slice(&buf).map_err(FrameError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_oversize_ones_are_refused() {
        let frame = FromWorker::Done {
            result: Ok(serde_json::json!({"n": 1})),
        };
        let bytes = encode(&frame, 1024).unwrap();
        let back: FromWorker = read_blocking(&mut &bytes[..], 1024).unwrap();
        assert!(matches!(back, FromWorker::Done { result: Ok(v) } if v["n"] == 1));
        assert!(matches!(
            read_blocking::<FromWorker>(&mut &bytes[..], 4),
            Err(FrameError::Oversize { .. })
        ));
        assert!(matches!(
            encode(&frame, 4),
            Err(FrameError::Oversize { .. })
        ));
        assert!(matches!(
            read_blocking::<FromWorker>(&mut &bytes[..bytes.len() - 1], 1024),
            Err(FrameError::Truncated)
        ));
        assert!(matches!(
            read_blocking::<FromWorker>(&mut &b""[..], 1024),
            Err(FrameError::Closed)
        ));
    }
}
