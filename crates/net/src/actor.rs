//! The swarm actor: one task owns the libp2p `Swarm` and serves the handle's commands;
//! pending requests, dials and queries wait in maps keyed by their ids.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use libp2p::swarm::SwarmEvent;
use libp2p::{
    Multiaddr, PeerId, Swarm, gossipsub, identify, identity, kad, mdns, noise, ping,
    request_response, tcp, yamux,
};
use supernet_core::AccountId;
use supernet_core::sync::SyncSource;
use tokio::sync::{Semaphore, mpsc, oneshot};

use crate::behaviour::{Behaviour, BehaviourEvent};
use crate::protocol::{Request, Response};
use crate::{
    BAN_DURATION, Config, GossipStats, NetError, NetEvent, Offence, PeerInfo, reconcile, topic_of,
};

/// Minor offences that ban a peer (a severe one bans at once).
const STRIKES_TO_BAN: u32 = 3;
/// Peers whose strikes are remembered at once; the table is cleared when it fills.
const MAX_TRACKED_PEERS: usize = 4096;
/// Sync requests one peer may make per [`RATE_WINDOW`]: a full sync of a large store
/// takes a few dozen; a flood takes thousands.
const MAX_REQUESTS_PER_WINDOW: u32 = 200;
/// The window of the request rate limit.
const RATE_WINDOW: Duration = Duration::from_secs(10);
/// Sync requests answered at once: each reads the store; more wait, then are refused.
const RESPONDERS: usize = 8;
/// How long to wait for the listeners to come up at start.
const LISTEN_TIMEOUT: Duration = Duration::from_secs(10);
/// How often bans are checked for expiry.
const HOUSEKEEPING: Duration = Duration::from_secs(5);
/// Relays this node listens through at once: two keep it reachable when one goes away.
const MAX_RELAYS: usize = 2;
/// Subscriptions from one peer within this gap make one [`NetEvent::Subscribed`]: a peer
/// announces all its topics at once on connecting.
const SUBSCRIBED_SYNC_GAP: Duration = Duration::from_secs(2);
/// How long a dial may take before the caller hears it failed.
const DIAL_TIMEOUT: Duration = Duration::from_secs(15);

pub(crate) enum Command {
    Addresses {
        reply: oneshot::Sender<Vec<Multiaddr>>,
    },
    Dial {
        peer: PeerId,
        addresses: Vec<Multiaddr>,
        reply: oneshot::Sender<Result<(), NetError>>,
    },
    Request {
        peer: PeerId,
        request: Request,
        reply: oneshot::Sender<Result<Response, NetError>>,
    },
    Respond {
        channel: request_response::ResponseChannel<Response>,
        response: Response,
    },
    Publish {
        topic: String,
        data: Vec<u8>,
    },
    Follow {
        author: AccountId,
    },
    Unfollow {
        author: AccountId,
    },
    FindHolders {
        author: AccountId,
        reply: oneshot::Sender<Vec<PeerId>>,
    },
    Report {
        message_id: gossipsub::MessageId,
        source: PeerId,
        valid: crate::Verdict,
    },
    Penalise {
        peer: PeerId,
        offence: Offence,
    },
    Peers {
        reply: oneshot::Sender<Vec<PeerInfo>>,
    },
    Banned {
        reply: oneshot::Sender<Vec<PeerId>>,
    },
    GossipStats {
        reply: oneshot::Sender<GossipStats>,
    },
    Shutdown {
        reply: oneshot::Sender<()>,
    },
}

/// Someone waiting for a dial, and since when.
type DialWaiter = (oneshot::Sender<Result<(), NetError>>, Instant);

struct Actor<S> {
    swarm: Swarm<Behaviour>,
    source: Arc<S>,
    commands: mpsc::Receiver<Command>,
    loopback: mpsc::Sender<Command>,
    events: mpsc::Sender<NetEvent>,
    responders: Arc<Semaphore>,
    dials: HashMap<PeerId, Vec<DialWaiter>>,
    requests:
        HashMap<request_response::OutboundRequestId, oneshot::Sender<Result<Response, NetError>>>,
    finds: HashMap<kad::QueryId, (oneshot::Sender<Vec<PeerId>>, HashSet<PeerId>)>,
    strikes: HashMap<PeerId, u32>,
    bans: HashMap<PeerId, Instant>,
    rates: HashMap<PeerId, (Instant, u32)>,
    peers: HashMap<PeerId, PeerInfo>,
    /// gossipsub's counters.
    metrics: prometheus_client::registry::Registry,
    /// Relays this node listens through (reachable behind NAT), by their listener.
    relays: HashMap<libp2p::core::transport::ListenerId, PeerId>,
    local_only: bool,
    relay_server: bool,
    /// When each connected peer last started sharing a topic with us (see
    /// [`NetEvent::Subscribed`]).
    subscribed: HashMap<PeerId, Instant>,
}

fn listen_addresses(config: &Config) -> Vec<Multiaddr> {
    let host = if config.local_only {
        "127.0.0.1"
    } else {
        "0.0.0.0"
    };
    let mut addrs = vec![
        format!("/ip4/{host}/tcp/{}", config.port),
        format!("/ip4/{host}/udp/{}/quic-v1", config.port),
    ];
    if !config.local_only {
        addrs.push(format!("/ip6/::/tcp/{}", config.port));
    }
    addrs.into_iter().filter_map(|a| a.parse().ok()).collect()
}

fn is_loopback(addr: &Multiaddr) -> bool {
    addr.iter().any(|p| match p {
        libp2p::multiaddr::Protocol::Ip4(ip) => ip.is_loopback(),
        libp2p::multiaddr::Protocol::Ip6(ip) => ip.is_loopback(),
        _ => false,
    })
}

pub(crate) async fn spawn<S: SyncSource>(
    config: Config,
    source: Arc<S>,
    commands: mpsc::Receiver<Command>,
    loopback: mpsc::Sender<Command>,
    events: mpsc::Sender<NetEvent>,
) -> Result<PeerId, NetError> {
    let key = identity::Keypair::ed25519_from_bytes(config.key_seed)
        .map_err(|e| NetError::Setup(format!("network key: {e}")))?;
    let setup = |e: &dyn std::fmt::Display| NetError::Setup(e.to_string());
    let mut metrics = prometheus_client::registry::Registry::default();
    let mut swarm = libp2p::SwarmBuilder::with_existing_identity(key)
        .with_tokio()
        .with_tcp(
            tcp::Config::default().nodelay(true),
            noise::Config::new,
            yamux::Config::default,
        )
        .map_err(|e| setup(&e))?
        .with_quic()
        .with_relay_client(noise::Config::new, yamux::Config::default)
        .map_err(|e| setup(&e))?
        .with_behaviour(|key, relay_client| {
            Behaviour::new(key, relay_client, &config, &mut metrics)
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
        })
        .map_err(|e| setup(&e))?
        .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(120)))
        .build();
    for addr in listen_addresses(&config) {
        swarm
            .listen_on(addr.clone())
            .map_err(|e| NetError::Setup(format!("cannot listen on {addr}: {e}")))?;
    }
    // Wait until at least one listener is up, so the first ticket has an address.
    let deadline = tokio::time::Instant::now() + LISTEN_TIMEOUT;
    loop {
        match tokio::time::timeout_at(deadline, swarm.select_next_some()).await {
            Ok(SwarmEvent::NewListenAddr { address, .. }) => {
                if config.relay_server {
                    swarm.add_external_address(address);
                }
                break;
            }
            Ok(SwarmEvent::ListenerError { error, .. }) => {
                return Err(NetError::Setup(error.to_string()));
            }
            Ok(_) => {}
            Err(_) => return Err(NetError::Setup("no listener came up".into())),
        }
    }
    let peer_id = *swarm.local_peer_id();
    for addr in &config.bootstrap {
        if config.local_only && !is_loopback(addr) {
            tracing::warn!(%addr, "local-only mode: not dialing a bootstrap peer off this machine");
            continue;
        }
        if let Err(e) = swarm.dial(addr.clone()) {
            tracing::warn!(%addr, "bootstrap dial failed: {e}");
        }
    }
    let actor = Actor {
        swarm,
        source,
        commands,
        loopback,
        events,
        responders: Arc::new(Semaphore::new(RESPONDERS)),
        dials: HashMap::new(),
        requests: HashMap::new(),
        finds: HashMap::new(),
        strikes: HashMap::new(),
        bans: HashMap::new(),
        rates: HashMap::new(),
        peers: HashMap::new(),
        metrics,
        relays: HashMap::new(),
        local_only: config.local_only,
        relay_server: config.relay_server,
        subscribed: HashMap::new(),
    };
    tokio::spawn(actor.run());
    Ok(peer_id)
}

impl<S: SyncSource> Actor<S> {
    async fn run(mut self) {
        let mut housekeeping = tokio::time::interval(HOUSEKEEPING);
        loop {
            tokio::select! {
                biased;
                command = self.commands.recv() => match command {
                    Some(Command::Shutdown { reply }) => {
                        let peers: Vec<PeerId> = self.swarm.connected_peers().copied().collect();
                        for peer in peers {
                            let _ = self.swarm.disconnect_peer_id(peer);
                        }
                        let _ = reply.send(());
                        return;
                    }
                    Some(command) => self.command(command),
                    None => return,
                },
                event = self.swarm.select_next_some() => self.swarm_event(event),
                _ = housekeeping.tick() => self.housekeeping(),
            }
        }
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Addresses { reply } => {
                let peer = *self.swarm.local_peer_id();
                let addrs = self
                    .swarm
                    .listeners()
                    .map(|a| a.clone().with_p2p(peer).unwrap_or_else(|a| a))
                    .collect();
                let _ = reply.send(addrs);
            }
            Command::Dial {
                peer,
                addresses,
                reply,
            } => {
                if self.bans.contains_key(&peer) {
                    let _ = reply.send(Err(NetError::Unreachable(format!("{peer} is banned"))));
                    return;
                }
                if self.swarm.is_connected(&peer) {
                    let _ = reply.send(Ok(()));
                    return;
                }
                for addr in &addresses {
                    self.swarm
                        .behaviour_mut()
                        .kad
                        .add_address(&peer, addr.clone());
                }
                let opts = libp2p::swarm::dial_opts::DialOpts::peer_id(peer)
                    .addresses(addresses)
                    .build();
                match self.swarm.dial(opts) {
                    Err(libp2p::swarm::DialError::DialPeerConditionFalse(_))
                        if self.swarm.is_connected(&peer) =>
                    {
                        let _ = reply.send(Ok(()));
                    }
                    // Already being dialed: wait for that attempt.
                    Ok(()) | Err(libp2p::swarm::DialError::DialPeerConditionFalse(_)) => self
                        .dials
                        .entry(peer)
                        .or_default()
                        .push((reply, Instant::now())),

                    Err(e) => {
                        let _ = reply.send(Err(NetError::Unreachable(format!(
                            "cannot dial {peer}: {e}"
                        ))));
                    }
                }
            }
            Command::Request {
                peer,
                request,
                reply,
            } => {
                let id = self.swarm.behaviour_mut().sync.send_request(&peer, request);
                self.requests.insert(id, reply);
            }
            Command::Respond { channel, response } => {
                let _ = self
                    .swarm
                    .behaviour_mut()
                    .sync
                    .send_response(channel, response);
            }
            Command::Publish { topic, data } => {
                let topic = gossipsub::IdentTopic::new(topic);
                match self.swarm.behaviour_mut().gossip.publish(topic, data) {
                    Ok(_) | Err(gossipsub::PublishError::NoPeersSubscribedToTopic) => {}
                    Err(e) => tracing::debug!("gossip publish: {e}"),
                }
            }
            Command::Follow { author } => {
                let topic = gossipsub::IdentTopic::new(topic_of(&author));
                let behaviour = self.swarm.behaviour_mut();
                if let Err(e) = behaviour.gossip.subscribe(&topic) {
                    tracing::warn!("subscribing to {author}: {e}");
                }
                let params = gossipsub::TopicScoreParams {
                    // Each invalid event forwarded costs the forwarder heavily.
                    invalid_message_deliveries_weight: -100.0,
                    invalid_message_deliveries_decay: 0.9,
                    ..Default::default()
                };
                let _ = behaviour.gossip.set_topic_params(topic, params);
                if let Err(e) = behaviour
                    .kad
                    .start_providing(kad::RecordKey::new(author.as_bytes()))
                {
                    tracing::debug!("announcing {author}: {e}");
                }
            }
            Command::Unfollow { author } => {
                let topic = gossipsub::IdentTopic::new(topic_of(&author));
                self.swarm.behaviour_mut().gossip.unsubscribe(&topic);
                self.swarm
                    .behaviour_mut()
                    .kad
                    .stop_providing(&kad::RecordKey::new(author.as_bytes()));
            }
            Command::FindHolders { author, reply } => {
                let id = self
                    .swarm
                    .behaviour_mut()
                    .kad
                    .get_providers(kad::RecordKey::new(author.as_bytes()));
                self.finds.insert(id, (reply, HashSet::new()));
            }
            Command::Report {
                message_id,
                source,
                valid,
            } => {
                let acceptance = match valid {
                    crate::Verdict::Accept => gossipsub::MessageAcceptance::Accept,
                    crate::Verdict::Reject => gossipsub::MessageAcceptance::Reject,
                    crate::Verdict::Ignore => gossipsub::MessageAcceptance::Ignore,
                };
                let _ = self
                    .swarm
                    .behaviour_mut()
                    .gossip
                    .report_message_validation_result(&message_id, &source, acceptance);
            }
            Command::Penalise { peer, offence } => self.penalise(peer, offence),
            Command::Peers { reply } => {
                let peers = self
                    .swarm
                    .connected_peers()
                    .map(|p| {
                        self.peers.get(p).cloned().unwrap_or(PeerInfo {
                            peer_id: p.to_string(),
                            addresses: vec![],
                            agent: None,
                            rtt_ms: None,
                        })
                    })
                    .collect();
                let _ = reply.send(peers);
            }
            Command::Banned { reply } => {
                let _ = reply.send(self.bans.keys().copied().collect());
            }
            Command::GossipStats { reply } => {
                let _ = reply.send(gossip_stats(&self.metrics));
            }
            Command::Shutdown { .. } => unreachable!("handled in run"),
        }
    }

    /// Listens through `relay` (one of its `addresses`), so that peers that cannot reach
    /// this node directly (NAT, firewall) reach it through the relay, and DCUtR can then
    /// punch a direct connection. At most [`MAX_RELAYS`] at a time.
    fn listen_through(&mut self, relay: PeerId, addresses: &[Multiaddr]) {
        if self.relays.len() >= MAX_RELAYS || self.relays.values().any(|r| *r == relay) {
            return;
        }
        let Some(addr) = addresses.iter().find(|a| {
            let tcp = a
                .iter()
                .any(|p| matches!(p, libp2p::multiaddr::Protocol::Tcp(_)));
            tcp && (!self.local_only || is_loopback(a))
        }) else {
            return;
        };
        let circuit = addr
            .clone()
            .with(libp2p::multiaddr::Protocol::P2p(relay))
            .with(libp2p::multiaddr::Protocol::P2pCircuit);
        match self.swarm.listen_on(circuit.clone()) {
            Ok(listener) => {
                tracing::info!(%circuit, "listening through a relay");
                self.relays.insert(listener, relay);
            }
            Err(e) => tracing::debug!(%circuit, "cannot listen through the relay: {e}"),
        }
    }

    fn penalise(&mut self, peer: PeerId, offence: Offence) {
        if self.strikes.len() >= MAX_TRACKED_PEERS {
            self.strikes.clear();
        }
        let strikes = self.strikes.entry(peer).or_default();
        *strikes += match offence {
            Offence::Minor => 1,
            Offence::Severe => STRIKES_TO_BAN,
        };
        if *strikes >= STRIKES_TO_BAN && !self.bans.contains_key(&peer) {
            tracing::warn!(%peer, "banning peer for {} s", BAN_DURATION.as_secs());
            self.bans.insert(peer, Instant::now() + BAN_DURATION);
            self.swarm.behaviour_mut().bans.block_peer(peer);
            let _ = self.swarm.disconnect_peer_id(peer);
        }
    }

    fn housekeeping(&mut self) {
        let now = Instant::now();
        let expired: Vec<PeerId> = self
            .bans
            .iter()
            .filter(|(_, until)| **until <= now)
            .map(|(p, _)| *p)
            .collect();
        for peer in expired {
            self.bans.remove(&peer);
            self.strikes.remove(&peer);
            self.swarm.behaviour_mut().bans.unblock_peer(peer);
        }
        self.rates
            .retain(|_, (start, _)| now.duration_since(*start) < RATE_WINDOW);
        for (peer, waiting) in self.dials.iter_mut() {
            let (late, on_time): (Vec<_>, Vec<_>) = waiting
                .drain(..)
                .partition(|(_, at)| now.duration_since(*at) >= DIAL_TIMEOUT);
            *waiting = on_time;
            for (reply, _) in late {
                let _ = reply.send(Err(NetError::Unreachable(format!(
                    "{peer} did not answer within {} s",
                    DIAL_TIMEOUT.as_secs()
                ))));
            }
        }
        self.dials.retain(|_, w| !w.is_empty());
    }

    /// Counts a request against its peer's rate; false when over the limit.
    fn within_rate(&mut self, peer: PeerId) -> bool {
        let now = Instant::now();
        if self.rates.len() >= MAX_TRACKED_PEERS {
            self.rates.clear();
        }
        let (start, count) = self.rates.entry(peer).or_insert((now, 0));
        if now.duration_since(*start) >= RATE_WINDOW {
            *start = now;
            *count = 0;
        }
        *count += 1;
        *count <= MAX_REQUESTS_PER_WINDOW
    }

    fn emit(&self, event: NetEvent) {
        // A full queue drops the event: gossip is redundant and sync catches up.
        if let Err(e) = self.events.try_send(event) {
            tracing::debug!("network event dropped: {e}");
        }
    }

    fn swarm_event(&mut self, event: SwarmEvent<BehaviourEvent>) {
        match event {
            SwarmEvent::ConnectionEstablished {
                peer_id,
                num_established,
                endpoint,
                ..
            } => {
                if let Some(waiting) = self.dials.remove(&peer_id) {
                    for (reply, _) in waiting {
                        let _ = reply.send(Ok(()));
                    }
                }
                self.peers.entry(peer_id).or_insert_with(|| PeerInfo {
                    peer_id: peer_id.to_string(),
                    addresses: vec![endpoint.get_remote_address().to_string()],
                    agent: None,
                    rtt_ms: None,
                });
                if num_established.get() == 1 {
                    self.emit(NetEvent::Connected(peer_id));
                }
            }
            SwarmEvent::ConnectionClosed {
                peer_id,
                num_established: 0,
                ..
            } => {
                self.peers.remove(&peer_id);
                self.subscribed.remove(&peer_id);
                self.emit(NetEvent::Disconnected(peer_id));
            }
            SwarmEvent::NewListenAddr { address, .. } => {
                // In router mode, this node's own listen addresses are where clients of its
                // relay reach it: a relay hands them out with each reservation.
                let relayed = address
                    .iter()
                    .any(|p| p == libp2p::multiaddr::Protocol::P2pCircuit);
                if self.relay_server && !relayed {
                    self.swarm.add_external_address(address);
                }
            }
            SwarmEvent::ListenerClosed { listener_id, .. } => {
                // A relay went away: another relay may take its place.
                self.relays.remove(&listener_id);
            }
            SwarmEvent::OutgoingConnectionError {
                peer_id: Some(peer),
                error,
                ..
            } => {
                if !self.swarm.is_connected(&peer)
                    && let Some(waiting) = self.dials.remove(&peer)
                {
                    for (reply, _) in waiting {
                        let _ = reply.send(Err(NetError::Unreachable(format!(
                            "cannot reach {peer}: {error}"
                        ))));
                    }
                }
            }
            SwarmEvent::Behaviour(event) => self.behaviour_event(event),
            _ => {}
        }
    }

    fn behaviour_event(&mut self, event: BehaviourEvent) {
        match event {
            BehaviourEvent::Sync(event) => self.sync_event(event),
            BehaviourEvent::Gossip(gossipsub::Event::Message {
                propagation_source,
                message_id,
                message,
            }) => {
                self.emit(NetEvent::Gossip {
                    source: propagation_source,
                    message_id,
                    data: message.data,
                });
            }
            BehaviourEvent::Gossip(gossipsub::Event::Subscribed { peer_id, topic }) => {
                // A peer now shares an author's topic with us: from here on gossip carries
                // that author's news between us; a sync now catches what came just before.
                let ours = self.swarm.behaviour().gossip.topics().any(|t| *t == topic);
                let now = Instant::now();
                let recent = self
                    .subscribed
                    .get(&peer_id)
                    .is_some_and(|at| now.duration_since(*at) < SUBSCRIBED_SYNC_GAP);
                if ours && !recent && self.swarm.is_connected(&peer_id) {
                    self.subscribed.insert(peer_id, now);
                    self.emit(NetEvent::Subscribed(peer_id));
                }
            }
            BehaviourEvent::Identify(identify::Event::Received { peer_id, info, .. }) => {
                let supernet = info.protocol_version == crate::behaviour::IDENTIFY_PROTOCOL;
                if let Some(entry) = self.peers.get_mut(&peer_id) {
                    entry.agent = Some(info.agent_version.clone());
                    entry.addresses = info.listen_addrs.iter().map(ToString::to_string).collect();
                }
                let relays = info.protocols.contains(&libp2p::relay::HOP_PROTOCOL_NAME);
                if relays {
                    self.listen_through(peer_id, &info.listen_addrs);
                }
                if supernet {
                    for addr in info.listen_addrs.into_iter().take(16) {
                        self.swarm.behaviour_mut().kad.add_address(&peer_id, addr);
                    }
                }
            }
            BehaviourEvent::Ping(ping::Event {
                peer,
                result: Ok(rtt),
                ..
            }) => {
                if let Some(entry) = self.peers.get_mut(&peer) {
                    entry.rtt_ms = Some(rtt.as_millis() as u64);
                }
            }
            BehaviourEvent::Mdns(mdns::Event::Discovered(found)) => {
                for (peer, addr) in found.into_iter().take(32) {
                    self.swarm
                        .behaviour_mut()
                        .kad
                        .add_address(&peer, addr.clone());
                    if !self.swarm.is_connected(&peer) && !self.bans.contains_key(&peer) {
                        let _ = self.swarm.dial(addr);
                    }
                }
            }
            BehaviourEvent::Kad(kad::Event::OutboundQueryProgressed {
                id, result, step, ..
            }) => {
                if let kad::QueryResult::GetProviders(Ok(kad::GetProvidersOk::FoundProviders {
                    providers,
                    ..
                })) = result
                    && let Some((_, found)) = self.finds.get_mut(&id)
                {
                    found.extend(providers.into_iter().take(64));
                }
                if step.last
                    && let Some((reply, found)) = self.finds.remove(&id)
                {
                    let me = *self.swarm.local_peer_id();
                    let found: Vec<PeerId> = found.into_iter().filter(|p| *p != me).collect();
                    for peer in &found {
                        if !self.swarm.is_connected(peer) {
                            let _ = self.swarm.dial(*peer);
                        }
                    }
                    let _ = reply.send(found);
                }
            }
            _ => {}
        }
    }

    fn sync_event(&mut self, event: request_response::Event<Request, Response>) {
        match event {
            request_response::Event::Message { peer, message, .. } => match message {
                request_response::Message::Request {
                    request, channel, ..
                } => {
                    if !self.within_rate(peer) {
                        self.penalise(peer, Offence::Minor);
                        let refused = Response::Refused {
                            reason: "too many requests".into(),
                        };
                        let _ = self
                            .swarm
                            .behaviour_mut()
                            .sync
                            .send_response(channel, refused);
                        return;
                    }
                    let Ok(permit) = self.responders.clone().try_acquire_owned() else {
                        let busy = Response::Refused {
                            reason: "busy: try again shortly".into(),
                        };
                        let _ = self.swarm.behaviour_mut().sync.send_response(channel, busy);
                        return;
                    };
                    if matches!(request, Request::Nudge) {
                        self.emit(NetEvent::Nudged(peer));
                    }
                    let source = self.source.clone();
                    let loopback = self.loopback.clone();
                    tokio::spawn(async move {
                        let response = reconcile::respond(source.as_ref(), request).await;
                        drop(permit);
                        let _ = loopback.send(Command::Respond { channel, response }).await;
                    });
                }
                request_response::Message::Response {
                    request_id,
                    response,
                } => {
                    if let Some(reply) = self.requests.remove(&request_id) {
                        let _ = reply.send(Ok(response));
                    }
                }
            },
            request_response::Event::OutboundFailure {
                request_id,
                error,
                peer,
                ..
            } => {
                if let Some(reply) = self.requests.remove(&request_id) {
                    let _ = reply.send(Err(NetError::Unreachable(format!(
                        "sync request to {peer} failed: {error}"
                    ))));
                }
            }
            request_response::Event::InboundFailure { peer, error, .. } => {
                // A request that did not decode or broke a bound is an offence; a closed
                // connection is not.
                if matches!(error, request_response::InboundFailure::Io(_)) {
                    tracing::debug!(%peer, "bad sync request: {error}");
                    self.penalise(peer, Offence::Minor);
                }
            }
            _ => {}
        }
    }
}

/// Totals of gossipsub's per-topic receive counters, read from their text exposition
/// (`<name>{hash="…"} <value>` lines).
fn gossip_stats(metrics: &prometheus_client::registry::Registry) -> GossipStats {
    let mut text = String::new();
    if prometheus_client::encoding::text::encode(&mut text, metrics).is_err() {
        return GossipStats::default();
    }
    let mut stats = GossipStats::default();
    let mut received_all = 0u64;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let name = line.split(['{', ' ']).next().unwrap_or_default();
        let value = line
            .rsplit(' ')
            .next()
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0) as u64;
        if name.ends_with("topic_msg_recv_counts_unfiltered_total") {
            received_all += value;
        } else if name.ends_with("topic_msg_recv_counts_total") {
            stats.received += value;
        }
    }
    stats.duplicates = received_all.saturating_sub(stats.received);
    stats
}
