//! Supernet's applications: the contract every application registers through
//! ([`contract`]), and the built-in applications, one module each.

pub mod assets;
mod body;
pub mod chat;
pub mod coin;
pub mod contract;
pub mod ledger;
pub mod social;

pub use contract::{AppSpec, Ctx, Kernel, KindSpec, MethodSpec, Permission, Reactor};

/// Every built-in application, in registration order.
pub fn builtin() -> Vec<AppSpec> {
    vec![
        social::spec(),
        chat::spec(),
        coin::spec(),
        assets::spec(),
        ledger::spec(),
    ]
}

/// The reactors of the built-in applications (see [`Reactor`]); the node runs those of
/// the applications it registered.
pub fn reactors() -> Vec<Reactor> {
    vec![
        coin::reactor(),
        assets::reactor(),
        social::reactor(),
        ledger::replica::reactor(),
    ]
}
