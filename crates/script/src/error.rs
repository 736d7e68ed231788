//! What can go wrong running an app's script, in words for the app's user and its author.

use supernet_core::{ApiError, ErrorCode};

/// Why a script's call, event or start failed.
///
/// The limit variants ([`CpuBudget`](Self::CpuBudget), [`Memory`](Self::Memory),
/// [`Recursion`](Self::Recursion), [`LoopLimit`](Self::LoopLimit)) and
/// [`Crashed`](Self::Crashed) / [`Protocol`](Self::Protocol) are breaches: the worker was
/// stopped and an [`Incident`](crate::Incident) recorded; the next use starts a fresh one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// The script threw (or its promise was rejected); the message is the script's.
    #[error("the app's script failed: {0}")]
    Thrown(String),
    /// One unit of work used more CPU time than allowed.
    #[error(
        "the app's script used more than {limit_ms} ms of CPU time and was stopped; \
         it restarts on next use (if this keeps happening, the app needs fixing by its author)"
    )]
    CpuBudget {
        /// The budget per unit of work, in milliseconds.
        limit_ms: u64,
    },
    /// The worker ran out of its memory allowance (the operating system refused to give it
    /// more) and died.
    #[error(
        "the app's script ran out of its {} MiB memory allowance and was stopped; \
         it restarts on next use (if this keeps happening, the app needs fixing by its author)",
        limit_bytes / (1024 * 1024)
    )]
    Memory {
        /// The memory allowance, in bytes.
        limit_bytes: u64,
    },
    /// Calls nested deeper than allowed (endless recursion, usually).
    #[error(
        "the app's script nested its calls more than {limit} deep (endless recursion?) \
         and was stopped; it restarts on next use"
    )]
    Recursion {
        /// The recursion limit.
        limit: usize,
    },
    /// A loop ran more iterations than allowed in one function call (an endless loop,
    /// usually).
    #[error(
        "the app's script ran a loop more than {limit} times in one function call \
         (an endless loop?) and was stopped; it restarts on next use"
    )]
    LoopLimit {
        /// The loop iteration limit.
        limit: u64,
    },
    /// The worker process died for another reason; the text says how.
    #[error("the app's script crashed: {0}; it restarts on next use")]
    Crashed(String),
    /// The app broke its limits too often and is suspended; the text says why.
    #[error("the app's script is suspended: {0}; resume it in the app's settings once it is fixed")]
    Suspended(String),
    /// The script registered no method of this name.
    #[error(
        "the app's script has no method \"{0}\": check the name, or update the app \
         (a script registers its methods with supernet.method)"
    )]
    NoSuchMethod(String),
    /// The worker program could not be started or did not answer.
    #[error("could not start the app's script worker: {0}")]
    Start(String),
    /// The worker sent something that is not a valid frame; it was killed.
    #[error(
        "the app's script worker sent invalid data and was stopped: {0}; it restarts on next use"
    )]
    Protocol(String),
}

impl ScriptError {
    /// Whether this error stopped the worker (a breach of a limit, a crash, invalid data):
    /// these are recorded as incidents and count towards a suspension.
    pub fn is_breach(&self) -> bool {
        matches!(
            self,
            Self::CpuBudget { .. }
                | Self::Memory { .. }
                | Self::Recursion { .. }
                | Self::LoopLimit { .. }
                | Self::Crashed(_)
                | Self::Protocol(_)
        )
    }
}

impl From<ScriptError> for ApiError {
    fn from(e: ScriptError) -> Self {
        let code = match &e {
            ScriptError::NoSuchMethod(_) => ErrorCode::UnknownMethod,
            // The program is the node's own binary: not starting it is the node's fault.
            ScriptError::Start(_) => ErrorCode::Internal,
            _ => ErrorCode::ScriptFailed,
        };
        ApiError::new(code, e.to_string())
    }
}
