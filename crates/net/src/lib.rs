//! Supernet's peer-to-peer overlay on libp2p: how nodes find each other, keep each other's
//! events, and stay in step.
//!
//! ```text
//!   Net (cloneable handle) ──Command (bounded)──▶ actor: owns the Swarm
//!        ▲                                           │  TCP+Noise+Yamux, QUIC, identify, ping,
//!        │ oneshot replies                           │  mDNS, Kademlia, gossipsub, sync
//!        │                                           │  (request-response), relay client,
//!   node ◀──NetEvent (bounded): gossip, peers ───────┘  DCUtR, AutoNAT, relay server (opt-in)
//!        │
//!        └─ pull(peer, filter): rounds of reconciliation then fetches (reconcile.rs),
//!           events handed to the node, which verifies and stores them
//! ```
//!
//! `net` does not know the store: it reads events through [`SyncSource`] (defined in
//! `supernet-core`, implemented by the node) and hands what it receives up to the node.
//! Every channel, queue and table is bounded; a peer that breaks the protocol or sends
//! invalid events collects strikes and is banned for a while.

mod actor;
mod behaviour;
pub mod blobs;
pub mod protocol;
pub mod reconcile;
pub mod ticket;

use std::sync::Arc;
use std::time::Duration;

pub use libp2p::{Multiaddr, PeerId, multiaddr};
use supernet_core::AccountId;
pub use supernet_core::sync::{Filter, SyncSource};
use tokio::sync::{mpsc, oneshot};

pub use reconcile::{PullError, PullReport};
pub use ticket::Ticket;

/// Commands queued for the actor: a burst of API calls waits here rather than growing memory.
const COMMAND_QUEUE: usize = 256;
/// Events queued for the node: gossip beyond this is dropped (gossip is redundant; sync
/// catches up whatever it missed).
const EVENT_QUEUE: usize = 1024;

/// How to run the overlay.
#[derive(Debug, Clone)]
pub struct Config {
    /// The node's network key (an Ed25519 seed), kept in its data directory so its peer id
    /// stays the same across restarts.
    pub key_seed: [u8; 32],
    /// Listen on 127.0.0.1 only, no mDNS, no public bootstrap peers or relays.
    pub local_only: bool,
    /// TCP and UDP port to listen on (0: the system chooses).
    pub port: u16,
    /// Peers to connect to at start (multiaddrs ending in `/p2p/<peer id>`).
    pub bootstrap: Vec<Multiaddr>,
    /// Relay for others ("router mode"): off unless asked for.
    pub relay_server: bool,
}

/// What the overlay tells the node.
#[derive(Debug)]
#[non_exhaustive]
pub enum NetEvent {
    /// An event arrived by gossip: the node validates it and reports with [`Net::report`].
    Gossip {
        /// The peer that forwarded it.
        source: PeerId,
        /// Gossipsub's id of the message.
        message_id: libp2p::gossipsub::MessageId,
        /// The event's wire bytes.
        data: Vec<u8>,
    },
    /// A connection to a peer opened.
    Connected(PeerId),
    /// The last connection to a peer closed.
    Disconnected(PeerId),
    /// A peer asked this node to sync with it ([`Net::nudge`]).
    Nudged(PeerId),
    /// A connected peer subscribed to a topic this node is subscribed to: gossip between
    /// them flows from now on, so a sync catches what was published just before.
    Subscribed(PeerId),
}

/// A peer, for `net.peers`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PeerInfo {
    /// Its peer id.
    pub peer_id: String,
    /// Addresses we know for it.
    pub addresses: Vec<String>,
    /// Its libp2p agent string, once identified.
    pub agent: Option<String>,
    /// Round-trip time of the last ping, in milliseconds.
    pub rtt_ms: Option<u64>,
}

/// How bad a peer's behaviour was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offence {
    /// A broken rule that may be a bug or a glitch (a malformed message, a bound exceeded).
    Minor,
    /// Proof of hostility (a forged signature, an event it was not asked for).
    Severe,
}

/// Why a network operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NetError {
    /// The overlay has stopped.
    #[error("the network has stopped")]
    Stopped,
    /// The peer could not be reached or did not answer.
    #[error("{0}")]
    Unreachable(String),
    /// Configuration or transport setup failed.
    #[error("the network could not start: {0}")]
    Setup(String),
    /// A ticket or address was not valid.
    #[error("{0}")]
    Invalid(String),
}

/// What a node decided about one gossiped message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Valid: stored, and forwarded to others.
    Accept,
    /// Invalid: dropped, and the forwarder's score suffers.
    Reject,
    /// Not wanted here: dropped and not forwarded, no fault of the forwarder.
    Ignore,
}

/// A handle on the running overlay. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Net {
    commands: mpsc::Sender<actor::Command>,
    peer_id: PeerId,
}

impl Net {
    /// Starts the overlay: binds its listeners, dials the bootstrap peers, and serves sync
    /// requests from `source`. Returns the handle and the node's event stream.
    pub async fn start<S: SyncSource>(
        config: Config,
        source: Arc<S>,
    ) -> Result<(Self, mpsc::Receiver<NetEvent>), NetError> {
        let (commands, command_rx) = mpsc::channel(COMMAND_QUEUE);
        let (events, event_rx) = mpsc::channel(EVENT_QUEUE);
        let peer_id = actor::spawn(config, source, command_rx, commands.clone(), events).await?;
        Ok((Self { commands, peer_id }, event_rx))
    }

    /// This node's peer id.
    pub fn peer_id(&self) -> PeerId {
        self.peer_id
    }

    async fn ask<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<T>) -> actor::Command,
    ) -> Result<T, NetError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(make(tx))
            .await
            .map_err(|_| NetError::Stopped)?;
        rx.await.map_err(|_| NetError::Stopped)
    }

    /// The addresses this node listens on (with its peer id appended).
    pub async fn addresses(&self) -> Result<Vec<Multiaddr>, NetError> {
        self.ask(|reply| actor::Command::Addresses { reply }).await
    }

    /// Connects to a peer at these addresses; waits until connected (or the attempt fails).
    pub async fn dial(&self, peer: PeerId, addresses: Vec<Multiaddr>) -> Result<(), NetError> {
        self.ask(|reply| actor::Command::Dial {
            peer,
            addresses,
            reply,
        })
        .await?
    }

    /// Sends one sync request to a peer and waits for its answer.
    pub async fn request(
        &self,
        peer: PeerId,
        request: protocol::Request,
    ) -> Result<protocol::Response, NetError> {
        self.ask(|reply| actor::Command::Request {
            peer,
            request,
            reply,
        })
        .await?
    }

    /// Asks `peer` for its contact card; `None` when it has none to give.
    pub async fn contact(&self, peer: PeerId) -> Result<Option<Ticket>, NetError> {
        match self.request(peer, protocol::Request::Contact).await? {
            protocol::Response::Contact { card } if card.is_empty() => Ok(None),
            protocol::Response::Contact { card } => Ticket::parse(&card).map(Some),
            other => Err(NetError::Unreachable(format!(
                "{peer} answered a contact request with {other:?}"
            ))),
        }
    }

    /// Asks `peer` to sync with this node soon: it holds events the peer keeps that were
    /// not gossiped (kinds kept only on an account's own devices).
    pub async fn nudge(&self, peer: PeerId) -> Result<(), NetError> {
        match self.request(peer, protocol::Request::Nudge).await? {
            protocol::Response::Noted => Ok(()),
            other => Err(NetError::Unreachable(format!(
                "{peer} answered a nudge with {other:?}"
            ))),
        }
    }

    /// Pulls from `peer` every event of `filter` it has and `source` lacks, handing each
    /// batch to `sink`. A peer that breaks the protocol or sends invalid events is penalised.
    pub async fn pull<S, K, KF>(
        &self,
        peer: PeerId,
        source: &S,
        filter: &Filter,
        sink: K,
    ) -> Result<PullReport, PullError>
    where
        S: SyncSource,
        K: FnMut(Vec<Vec<u8>>) -> KF,
        KF: std::future::Future<Output = Result<(), String>>,
    {
        let ask =
            |request| async move { self.request(peer, request).await.map_err(|e| e.to_string()) };
        let outcome = reconcile::pull(source, filter, ask, sink).await;
        match &outcome {
            Err(PullError::Misbehaved(why)) => {
                tracing::warn!(%peer, "sync protocol broken: {why}");
                self.penalise(peer, Offence::Minor).await;
            }
            Err(PullError::Invalid(why)) => {
                tracing::warn!(%peer, "invalid events in sync: {why}");
                self.penalise(peer, Offence::Severe).await;
            }
            _ => {}
        }
        outcome
    }

    /// Publishes an event (its wire bytes) to its author's topic.
    pub async fn publish(&self, author: AccountId, data: Vec<u8>) -> Result<(), NetError> {
        self.commands
            .send(actor::Command::Publish {
                topic: topic_of(&author),
                data,
            })
            .await
            .map_err(|_| NetError::Stopped)
    }

    /// Starts following an author: subscribes to its topic and announces (Kademlia provider
    /// record) that this node holds its events.
    pub async fn follow(&self, author: AccountId) -> Result<(), NetError> {
        self.commands
            .send(actor::Command::Follow { author })
            .await
            .map_err(|_| NetError::Stopped)
    }

    /// Stops following an author.
    pub async fn unfollow(&self, author: AccountId) -> Result<(), NetError> {
        self.commands
            .send(actor::Command::Unfollow { author })
            .await
            .map_err(|_| NetError::Stopped)
    }

    /// Finds peers that hold an author's events (through Kademlia), and connects to them.
    pub async fn find_holders(&self, author: AccountId) -> Result<Vec<PeerId>, NetError> {
        self.ask(|reply| actor::Command::FindHolders { author, reply })
            .await
    }

    /// Tells gossipsub what became of a gossiped event: valid ones are forwarded, invalid
    /// ones count against the forwarder, ignored ones (valid, but not wanted here: a blocked
    /// account's) go no further.
    pub async fn report(
        &self,
        message_id: libp2p::gossipsub::MessageId,
        source: PeerId,
        valid: Verdict,
    ) {
        let _ = self
            .commands
            .send(actor::Command::Report {
                message_id,
                source,
                valid,
            })
            .await;
    }

    /// Records an offence by `peer`; enough of them ban it for a while.
    pub async fn penalise(&self, peer: PeerId, offence: Offence) {
        let _ = self
            .commands
            .send(actor::Command::Penalise { peer, offence })
            .await;
    }

    /// The connected peers.
    pub async fn peers(&self) -> Result<Vec<PeerInfo>, NetError> {
        self.ask(|reply| actor::Command::Peers { reply }).await
    }

    /// Peers currently banned.
    pub async fn banned(&self) -> Result<Vec<PeerId>, NetError> {
        self.ask(|reply| actor::Command::Banned { reply }).await
    }

    /// How many gossip messages arrived, and how many of those were copies of one already
    /// seen: the cost of gossip's redundancy.
    pub async fn gossip_stats(&self) -> Result<GossipStats, NetError> {
        self.ask(|reply| actor::Command::GossipStats { reply })
            .await
    }

    /// Stops the overlay and waits for it to close its connections.
    pub async fn shutdown(&self) {
        let _ = self.ask(|reply| actor::Command::Shutdown { reply }).await;
    }
}

/// Gossip received since the overlay started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct GossipStats {
    /// Distinct messages received.
    pub received: u64,
    /// Further copies of messages already received (dropped unread).
    pub duplicates: u64,
}

/// The gossip topic of an author's events.
pub fn topic_of(author: &AccountId) -> String {
    format!("supernet/author/{author}")
}

/// How long a banned peer stays banned: long enough to stop a flood, short enough that a
/// peer with a passing bug comes back.
pub const BAN_DURATION: Duration = Duration::from_secs(10 * 60);
