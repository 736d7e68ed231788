//! The node's composition of standard libp2p protocols, so any libp2p implementation can
//! connect, identify, ping, route (Kademlia), gossip and relay with it. Only the sync
//! protocol is Supernet's own.

use std::num::NonZeroUsize;
use std::time::Duration;

use libp2p::swarm::NetworkBehaviour;
use libp2p::swarm::behaviour::toggle::Toggle;
use libp2p::{
    StreamProtocol, allow_block_list, autonat, connection_limits, dcutr, gossipsub, identify,
    identity, kad, mdns, ping, relay, request_response,
};

use crate::protocol::{Codec, PROTOCOL};
use crate::{Config, NetError};

/// The identify protocol version: tells Supernet nodes apart from other libp2p peers.
pub(crate) const IDENTIFY_PROTOCOL: &str = "/supernet/1.0.0";
/// Supernet's own Kademlia network, separate from IPFS's public DHT.
pub(crate) const KAD_PROTOCOL: &str = "/supernet/kad/1.0.0";
/// Connections at once: plenty for a personal node following hundreds of people, and a
/// bound on what a swarm of strangers can take.
const MAX_CONNECTIONS: u32 = 256;
/// Connections still in their handshake at once: a flood of dials waits here.
const MAX_PENDING: u32 = 64;
/// Sync requests in flight per connection.
const MAX_SYNC_STREAMS: usize = 16;
/// How long a sync request may take: a page of 4 MB over a slow link.
const SYNC_TIMEOUT: Duration = Duration::from_secs(60);
/// Largest gossip message: one event (under 100 KiB) with room to spare.
const MAX_GOSSIP_BYTES: usize = 128 * 1024;

#[derive(NetworkBehaviour)]
pub(crate) struct Behaviour {
    pub(crate) limits: connection_limits::Behaviour,
    pub(crate) bans: allow_block_list::Behaviour<allow_block_list::BlockedPeers>,
    pub(crate) identify: identify::Behaviour,
    pub(crate) ping: ping::Behaviour,
    pub(crate) mdns: Toggle<mdns::tokio::Behaviour>,
    pub(crate) kad: kad::Behaviour<kad::store::MemoryStore>,
    pub(crate) gossip: gossipsub::Behaviour,
    pub(crate) sync: request_response::Behaviour<Codec>,
    pub(crate) relay_client: relay::client::Behaviour,
    pub(crate) dcutr: dcutr::Behaviour,
    pub(crate) autonat: autonat::Behaviour,
    pub(crate) relay: Toggle<relay::Behaviour>,
}

/// Gossipsub's id of a message: the BLAKE3 hash of its topic and bytes, so the same event
/// reaching a node along two paths of one topic is recognised as one.
fn message_id(message: &gossipsub::Message) -> gossipsub::MessageId {
    // Per topic: one event goes to its author's topic and to those of the accounts it
    // names (see the node's publish), and each is a message of its own.
    let mut hasher = blake3::Hasher::new();
    hasher.update(message.topic.as_str().as_bytes());
    hasher.update(&[0]);
    hasher.update(&message.data);
    gossipsub::MessageId::from(&hasher.finalize().as_bytes()[..20])
}

pub(crate) fn gossip_config() -> Result<gossipsub::Config, NetError> {
    gossipsub::ConfigBuilder::default()
        // Messages are forwarded only after the node has validated the event in them.
        .validation_mode(gossipsub::ValidationMode::Strict)
        .validate_messages()
        .message_id_fn(message_id)
        .max_transmit_size(MAX_GOSSIP_BYTES)
        // A smaller mesh than the default 6: fewer duplicate deliveries for the same reach
        // (each node still has 2 to 5 peers per topic, gossip repairs gaps, and sync
        // catches up whatever both missed).
        .mesh_n(3)
        .mesh_n_low(2)
        .mesh_n_high(5)
        .mesh_outbound_min(1)
        .gossip_lazy(4)
        // Tell mesh peers not to send what we already have, even for small events.
        .idontwant_message_size_threshold(64)
        .heartbeat_interval(Duration::from_millis(700))
        .build()
        .map_err(|e| NetError::Setup(format!("gossipsub: {e}")))
}

/// Topics whose gossip is counted (received, duplicates): one per followed author, so
/// counts stay complete for any ordinary follow list, with a bound on the labels kept.
const GOSSIP_METRIC_TOPICS: usize = 4096;

impl Behaviour {
    pub(crate) fn new(
        key: &identity::Keypair,
        relay_client: relay::client::Behaviour,
        config: &Config,
        metrics: &mut prometheus_client::registry::Registry,
    ) -> Result<Self, NetError> {
        let peer_id = key.public().to_peer_id();
        let limits = connection_limits::ConnectionLimits::default()
            .with_max_established(Some(MAX_CONNECTIONS))
            .with_max_pending_incoming(Some(MAX_PENDING))
            .with_max_pending_outgoing(Some(MAX_PENDING))
            .with_max_established_per_peer(Some(2));

        let mut kad_config = kad::Config::new(StreamProtocol::new(KAD_PROTOCOL));
        kad_config.set_query_timeout(Duration::from_secs(30));
        let mut kad =
            kad::Behaviour::with_config(peer_id, kad::store::MemoryStore::new(peer_id), kad_config);
        kad.set_mode(Some(kad::Mode::Server));

        let mut gossip = gossipsub::Behaviour::new(
            gossipsub::MessageAuthenticity::Signed(key.clone()),
            gossip_config()?,
        )
        .map_err(|e| NetError::Setup(format!("gossipsub: {e}")))?
        .with_metrics(
            metrics,
            gossipsub::MetricsConfig {
                max_topics: GOSSIP_METRIC_TOPICS,
                ..Default::default()
            },
        );
        gossip
            .with_peer_score(
                gossipsub::PeerScoreParams {
                    // Many peers behind one address are suspect (one host posing as many),
                    // except on this machine itself: nodes on loopback are all "127.0.0.1",
                    // and penalising them would silence gossip among local nodes once more
                    // than ten are connected.
                    ip_colocation_factor_whitelist: [
                        std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST),
                        std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
                    ]
                    .into_iter()
                    .collect(),
                    ..Default::default()
                },
                gossipsub::PeerScoreThresholds::default(),
            )
            .map_err(|e| NetError::Setup(format!("gossipsub scoring: {e}")))?;

        let sync = request_response::Behaviour::with_codec(
            Codec,
            [(
                StreamProtocol::new(PROTOCOL),
                request_response::ProtocolSupport::Full,
            )],
            request_response::Config::default()
                .with_request_timeout(SYNC_TIMEOUT)
                .with_max_concurrent_streams(MAX_SYNC_STREAMS),
        );

        let mdns = if config.local_only {
            None
        } else {
            Some(
                mdns::tokio::Behaviour::new(mdns::Config::default(), peer_id)
                    .map_err(|e| NetError::Setup(format!("mDNS: {e}")))?,
            )
        };
        let relay = config.relay_server.then(|| {
            let mut relay = relay::Behaviour::new(
                peer_id,
                relay::Config {
                    max_reservations: 32,
                    max_circuits: 16,
                    max_circuits_per_peer: 2,
                    // Relayed traffic is capped per circuit: enough to set up a direct
                    // connection (DCUtR) and exchange a little, not to carry a file.
                    max_circuit_bytes: 1 << 20,
                    max_circuit_duration: Duration::from_secs(120),
                    ..Default::default()
                },
            );
            // The user asked for router mode: offer it at once, rather than only after the
            // node's public address is confirmed (which never happens on a LAN or loopback).
            relay.set_status(Some(relay::Status::Enable));
            relay
        });
        let identify = identify::Behaviour::new(
            identify::Config::new(IDENTIFY_PROTOCOL.into(), key.public())
                .with_agent_version(format!("supernet/{}", env!("CARGO_PKG_VERSION")))
                .with_cache_size(NonZeroUsize::new(256).map_or(256, NonZeroUsize::get)),
        );
        Ok(Self {
            limits: connection_limits::Behaviour::new(limits),
            bans: allow_block_list::Behaviour::default(),
            identify,
            ping: ping::Behaviour::new(ping::Config::new().with_interval(Duration::from_secs(30))),
            mdns: Toggle::from(mdns),
            kad,
            gossip,
            sync,
            relay_client,
            dcutr: dcutr::Behaviour::new(peer_id),
            autonat: autonat::Behaviour::new(peer_id, autonat::Config::default()),
            relay: Toggle::from(relay),
        })
    }
}
