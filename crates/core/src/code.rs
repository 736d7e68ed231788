//! The stable error codes every API surface returns.
//!
//! A code is part of the API contract: the UI, the CLI, scripts and mini-apps branch on it,
//! never on the message text. Codes are only ever added, never renamed or reused.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code, written in `snake_case` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The method's input does not match its schema, or a value in it is out of range.
    InvalidInput,
    /// No API method has this name.
    UnknownMethod,
    /// The request carries no valid bearer token.
    Unauthorized,
    /// The caller lacks the permission the method needs.
    PermissionDenied,
    /// The thing asked for does not exist here.
    NotFound,
    /// It exists already (e.g. `init` on an initialised data directory).
    AlreadyExists,
    /// The method signs, and the node holds no unlocked key.
    Locked,
    /// The passphrase does not open the keystore.
    WrongPassphrase,
    /// The keystore is protected and no passphrase was given.
    PassphraseRequired,
    /// The data directory has no keystore: run `supernet init`.
    KeystoreMissing,
    /// The keystore file is damaged or not a keystore.
    KeystoreCorrupt,
    /// A recovery phrase was not accepted.
    InvalidRecoveryPhrase,
    /// An event's bytes are not a valid event.
    MalformedEvent,
    /// An event uses a format version this build does not know.
    UnknownVersion,
    /// An event or request is larger than allowed.
    Oversize,
    /// An event's id does not match its content.
    WrongId,
    /// An event's signature (or device delegation) does not verify.
    BadSignature,
    /// An event is dated too far in the future.
    FutureTimestamp,
    /// An event has expired.
    Expired,
    /// No application registered this event kind.
    UnknownKind,
    /// The owning application's validator refused the event's body.
    InvalidBody,
    /// A database file is damaged, or not a SQLite database.
    StoreCorrupt,
    /// A database file belongs to another program, or to a newer Supernet.
    ForeignDatabase,
    /// A file to import is not a Supernet export, or is damaged.
    BadExportFile,
    /// Another daemon already serves this data directory.
    DaemonRunning,
    /// The node cannot be reached, or is shutting down.
    Unavailable,
    /// A reading or writing error of the operating system.
    Io,
    /// Storing this would exceed a storage quota.
    QuotaExceeded,
    /// A payment (or vouch) would take the account below its credit limit.
    OverLimit,
    /// The account (or asset) is frozen: it was caught signing two conflicting operations.
    Frozen,
    /// A mini-app's node-side script failed: it threw, broke one of its limits (CPU time,
    /// memory, loop or recursion depth) or crashed. The message says which; it is the app's
    /// fault, not the node's.
    ScriptFailed,
    /// A fault inside the node: a bug to report.
    Internal,
}

impl ErrorCode {
    /// Every code, for documentation and tests.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidInput,
        ErrorCode::UnknownMethod,
        ErrorCode::Unauthorized,
        ErrorCode::PermissionDenied,
        ErrorCode::NotFound,
        ErrorCode::AlreadyExists,
        ErrorCode::Locked,
        ErrorCode::WrongPassphrase,
        ErrorCode::PassphraseRequired,
        ErrorCode::KeystoreMissing,
        ErrorCode::KeystoreCorrupt,
        ErrorCode::InvalidRecoveryPhrase,
        ErrorCode::MalformedEvent,
        ErrorCode::UnknownVersion,
        ErrorCode::Oversize,
        ErrorCode::WrongId,
        ErrorCode::BadSignature,
        ErrorCode::FutureTimestamp,
        ErrorCode::Expired,
        ErrorCode::UnknownKind,
        ErrorCode::InvalidBody,
        ErrorCode::StoreCorrupt,
        ErrorCode::ForeignDatabase,
        ErrorCode::BadExportFile,
        ErrorCode::DaemonRunning,
        ErrorCode::Unavailable,
        ErrorCode::Io,
        ErrorCode::QuotaExceeded,
        ErrorCode::OverLimit,
        ErrorCode::Frozen,
        ErrorCode::ScriptFailed,
        ErrorCode::Internal,
    ];

    /// The code as written on the wire (`snake_case`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::UnknownMethod => "unknown_method",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::PermissionDenied => "permission_denied",
            ErrorCode::NotFound => "not_found",
            ErrorCode::AlreadyExists => "already_exists",
            ErrorCode::Locked => "locked",
            ErrorCode::WrongPassphrase => "wrong_passphrase",
            ErrorCode::PassphraseRequired => "passphrase_required",
            ErrorCode::KeystoreMissing => "keystore_missing",
            ErrorCode::KeystoreCorrupt => "keystore_corrupt",
            ErrorCode::InvalidRecoveryPhrase => "invalid_recovery_phrase",
            ErrorCode::MalformedEvent => "malformed_event",
            ErrorCode::UnknownVersion => "unknown_version",
            ErrorCode::Oversize => "oversize",
            ErrorCode::WrongId => "wrong_id",
            ErrorCode::BadSignature => "bad_signature",
            ErrorCode::FutureTimestamp => "future_timestamp",
            ErrorCode::Expired => "expired",
            ErrorCode::UnknownKind => "unknown_kind",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::StoreCorrupt => "store_corrupt",
            ErrorCode::ForeignDatabase => "foreign_database",
            ErrorCode::BadExportFile => "bad_export_file",
            ErrorCode::DaemonRunning => "daemon_running",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Io => "io",
            ErrorCode::QuotaExceeded => "quota_exceeded",
            ErrorCode::OverLimit => "over_limit",
            ErrorCode::Frozen => "frozen",
            ErrorCode::ScriptFailed => "script_failed",
            ErrorCode::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An API error: a stable code and a message that says what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, thiserror::Error)]
#[error("{message} ({code})")]
pub struct ApiError {
    /// The stable code to branch on.
    pub code: ErrorCode,
    /// A sentence for people.
    pub message: String,
}

impl ApiError {
    /// An error with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// An `invalid_input` error.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    /// An `internal` error: a bug, with what was being done.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl From<crate::EventError> for ApiError {
    fn from(e: crate::EventError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

impl From<crate::KeystoreError> for ApiError {
    fn from(e: crate::KeystoreError) -> Self {
        let code = match &e {
            crate::KeystoreError::WrongPassphrase(_) => ErrorCode::WrongPassphrase,
            crate::KeystoreError::PassphraseRequired(_) => ErrorCode::PassphraseRequired,
            _ => ErrorCode::KeystoreCorrupt,
        };
        Self::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_wire_name() {
        for code in ErrorCode::ALL {
            let name = code.as_str();
            assert_eq!(serde_json::to_value(code).unwrap(), name);
            let back: ErrorCode = serde_json::from_value(name.into()).unwrap();
            assert_eq!(back, *code);
        }
    }
}
