//! Runs the applications' reactors (see [`supernet_apps::Reactor`]): one task per
//! application, woken by the store's change notices.
//!
//! ```text
//!  Store::ingest ──Notice::Events──▶ task (one per app) ──react(ctx, events)──▶ app
//!  start, missed notices, every REACT_RETRY_SECS ───────▶ react(ctx, [])
//! ```
//!
//! Notices that queue up while a reaction runs are taken together into the next one, so a
//! burst costs a few reactions, not one per event. A task holds the node only weakly
//! between reactions: it ends when the node is dropped or its store closes.

use std::sync::{Arc, Weak};
use std::time::Duration;

use supernet_apps::Reactor;
use supernet_apps::contract::REACT_RETRY_SECS;
use supernet_core::EventId;
use supernet_store::Notice;
use tokio::sync::broadcast::{self, error::RecvError, error::TryRecvError};

use crate::NodeInner;

/// Starts the reactors of `node`'s applications.
pub(crate) fn spawn(node: &Arc<NodeInner>, reactors: Vec<Reactor>) {
    for reactor in reactors {
        let notices = node.store.subscribe();
        tokio::spawn(run(Arc::downgrade(node), reactor, notices));
    }
}

/// What a batch of notices asks of one reactor.
#[derive(Default)]
struct Wake {
    /// Newly stored events of its kinds.
    ids: Vec<EventId>,
    /// It may have missed some: look at everything.
    all: bool,
}

impl Wake {
    fn take(&mut self, reactor: &Reactor, notice: &Notice) {
        if let Notice::Events { count, events } = notice {
            if *count > events.len() {
                self.all = true;
            }
            self.ids.extend(
                events
                    .iter()
                    .filter(|e| reactor.kinds.contains(&e.kind))
                    .map(|e| e.id),
            );
        }
    }
}

async fn run(
    node: Weak<NodeInner>,
    reactor: Reactor,
    mut notices: broadcast::Receiver<Arc<Notice>>,
) {
    let mut retry = tokio::time::interval(Duration::from_secs(REACT_RETRY_SECS));
    retry.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let mut wake = Wake::default();
        tokio::select! {
            // The first tick is at once: the reaction at start.
            _ = retry.tick() => wake.all = true,
            notice = notices.recv() => match notice {
                Ok(notice) => wake.take(&reactor, &notice),
                Err(RecvError::Lagged(_)) => wake.all = true,
                Err(RecvError::Closed) => return,
            },
        }
        loop {
            match notices.try_recv() {
                Ok(notice) => wake.take(&reactor, &notice),
                Err(TryRecvError::Lagged(_)) => wake.all = true,
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Closed) => return,
            }
        }
        if wake.ids.is_empty() && !wake.all {
            continue;
        }
        let Some(strong) = node.upgrade() else { return };
        let mut events = Vec::with_capacity(wake.ids.len());
        for id in &wake.ids {
            if let Ok(Some(event)) = strong.store.get(id).await {
                events.push(event);
            }
        }
        let app = reactor.app.clone();
        if let Err(e) = reactor.react(strong, events).await {
            tracing::warn!(app, code = %e.code, "a reaction failed: {}", e.message);
        }
    }
}
