//! The table of event kinds this node accepts: the built-in applications' (fixed when the
//! node opens) and the installed mini-apps' (`app.<id>.<name>`, changing as apps are
//! installed and removed). Every path that stores an event — own publishing, gossip, sync,
//! `events.ingest`, import — checks it here (see `ingest::check_kind`).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use supernet_apps::KindSpec;

/// The kinds this node accepts. Cheap to clone: clones share the mini-apps' part.
#[derive(Debug, Clone)]
pub(crate) struct Kinds {
    fixed: Arc<HashMap<String, KindSpec>>,
    apps: Arc<RwLock<HashMap<String, KindSpec>>>,
}

impl Kinds {
    /// A table of the built-in kinds, and no mini-app's yet.
    pub(crate) fn new(fixed: HashMap<String, KindSpec>) -> Self {
        Self {
            fixed: Arc::new(fixed),
            apps: Arc::default(),
        }
    }

    /// The kind `name`, if this node accepts it.
    pub(crate) fn get(&self, name: &str) -> Option<KindSpec> {
        self.fixed.get(name).cloned().or_else(|| {
            self.apps
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .get(name)
                .cloned()
        })
    }

    /// Every kind this node accepts.
    pub(crate) fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.fixed.keys().cloned().collect();
        names.extend(
            self.apps
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .keys()
                .cloned(),
        );
        names
    }

    /// Whether events of kind `name` belong only on their author's own devices
    /// ([`KindSpec::own_devices_only`]).
    pub(crate) fn own_devices_only(&self, name: &str) -> bool {
        self.fixed.get(name).is_some_and(|k| k.own_devices_only)
    }

    /// Replaces the kinds of mini-app `id` with `kinds` (none: it was removed).
    pub(crate) fn set_app(&self, id: &str, kinds: Vec<KindSpec>) {
        let prefix = format!("app.{id}.");
        let mut apps = self.apps.write().unwrap_or_else(|p| p.into_inner());
        apps.retain(|name, _| !name.starts_with(&prefix));
        for kind in kinds {
            if kind.name.starts_with(&prefix) {
                apps.insert(kind.name.clone(), kind);
            }
        }
    }
}
