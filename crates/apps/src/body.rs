//! Reading events' bodies: the checks every application's `parse` functions begin with, so
//! that each says what is wrong in the same words.

use serde::de::DeserializeOwned;
use supernet_core::{Event, Ref};

/// Refuses an event that is not of `kind`.
pub(crate) fn expect_kind(event: &Event, kind: &str) -> Result<(), String> {
    if event.kind() == kind {
        Ok(())
    } else {
        Err(format!(
            "{} is a {}, not a {kind}",
            event.id(),
            event.kind()
        ))
    }
}

/// The event's body read as JSON into `T`; `what` names the body in the error ("a mint").
pub(crate) fn json<T: DeserializeOwned>(event: &Event, what: &str) -> Result<T, String> {
    serde_json::from_slice(event.body()).map_err(|e| format!("the body of {what}: {e}"))
}

/// Refuses an event that does not name `r` (described as `what`) in its references.
pub(crate) fn names(event: &Event, r: Ref, what: &str) -> Result<(), String> {
    if event.refs().contains(&r) {
        Ok(())
    } else {
        Err(format!("a {} names {what} in its references", event.kind()))
    }
}
