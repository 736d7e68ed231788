//! Helpers the multi-node tests share: calls as the owner, and waiting on change notices.

use std::time::Duration;

use serde_json::Value;
use supernet_core::SecretKey;
use supernet_node::network::NetworkConfig;
use supernet_node::{Caller, Node, NodeConfig};

/// An in-memory node of `key`'s account on loopback, with no periodic sync: only gossip,
/// the sync on connecting, nudges between devices and apps' own fetches move events.
pub async fn loopback_node(key: &SecretKey) -> Node {
    let node = Node::open_with_key(
        NodeConfig {
            data_dir: None,
            local_only: true,
        },
        SecretKey::from_seed(*key.seed()),
        None,
    )
    .await
    .unwrap();
    node.start_network(NetworkConfig {
        sync_every: Duration::from_secs(3600),
        ..NetworkConfig::local()
    })
    .await
    .unwrap();
    node
}

/// How long anything may take to arrive: generous for a loaded 2-core machine.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// Calls `method` as the node's owner; panics with the error.
pub async fn call(node: &Node, method: &str, input: Value) -> Value {
    try_call(node, method, input)
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// Calls `method` as the node's owner.
pub async fn try_call(
    node: &Node,
    method: &str,
    input: Value,
) -> Result<Value, supernet_core::ApiError> {
    node.call(&Caller::owner(), method, input).await
}

/// Waits, on `node`'s change notices, until `check` holds.
pub async fn until<F, Fut>(node: &Node, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let mut notices = node.subscribe();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !check().await {
        if tokio::time::timeout_at(deadline, notices.recv())
            .await
            .is_err()
        {
            panic!("timed out waiting until {what}");
        }
    }
}
