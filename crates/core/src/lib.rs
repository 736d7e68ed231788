//! Supernet's kernel core: who you are (identity, keystore), what you say (signed events),
//! and the stable error codes of the API. Pure: no I/O, no async, no clock — callers pass
//! the time in.

pub mod attachment;
pub mod code;
pub mod deletion;
pub mod event;
pub mod identity;
pub mod keystore;
pub mod manifest;
pub mod sealed_file;
pub mod sync;
pub mod time;

pub use attachment::Attachment;
pub use code::{ApiError, ErrorCode};
pub use event::{
    Delegation, Draft, Event, EventError, EventId, EventView, MAX_BODY_BYTES, MAX_CLOCK_SKEW_MS,
    MAX_EVENT_BYTES, Ref, Timestamp, VerifiedEvent,
};
pub use identity::{AccountId, AccountIdError, Domain, RecoveryError, SecretKey};
pub use keystore::{KdfParams, Keystore, KeystoreError, KeystoreInfo};
