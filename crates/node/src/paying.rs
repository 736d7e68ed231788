//! Which device of an account pays: chained events (payments, their countersignatures,
//! asset transfers) are signed by one device of the account at a time. Two devices that
//! both signed the next operation of a chain would make a fork, and every honest node
//! freezes a forked account.
//!
//! A device that made its account pays. A device restored from the recovery phrase does
//! not, until its user says it is now the one that pays (`net.set_paying`, or Profile →
//! Your devices): a second device of an account is then safe by default, and a device
//! that replaces a lost one pays after one switch.

use supernet_core::{ApiError, ErrorCode};
use supernet_store::Store;

/// Where the choice is kept (absent: this device pays).
const PAYING_KEY: &str = "chains.paying";

/// Whether this device signs chained events for its account.
pub(crate) async fn pays(store: &Store) -> Result<bool, ApiError> {
    Ok(store.local(PAYING_KEY).await?.as_deref() != Some(b"0"))
}

/// Makes this device the one that pays, or stops it paying.
pub(crate) async fn set(store: &Store, paying: bool) -> Result<(), ApiError> {
    let value: &[u8] = if paying { b"1" } else { b"0" };
    store.set_local(PAYING_KEY, Some(value)).await?;
    Ok(())
}

/// The refusal of a chained event on a device that does not pay.
pub(crate) fn refusal() -> ApiError {
    ApiError::new(
        ErrorCode::PermissionDenied,
        "this device does not pay for its account: it was restored from the recovery phrase, \
         and payments and asset transfers are signed on one device at a time, so that two \
         cannot spend the same credit twice (which would freeze the account). If this is now \
         the device you pay with, turn on “Pay from this device” in Profile → Your devices \
         (or call net.set_paying {\"paying\": true}), and turn it off on the other",
    )
}
