//! Supernet's applications: the contract every application registers through
//! ([`contract`]), and the built-in applications, one module each.

pub mod chat;
pub mod contract;
pub mod social;

pub use contract::{AppSpec, Ctx, Kernel, KindSpec, MethodSpec, Permission};

/// Every built-in application, in registration order.
pub fn builtin() -> Vec<AppSpec> {
    vec![social::spec(), chat::spec()]
}
