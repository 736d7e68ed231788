//! Deletion requests: an author asks every honest node to delete some of its own events.
//!
//! A `node.delete` event names its targets as event references (`Ref::Event`) and says
//! nothing else but an optional reason: body `{}` or `{"reason": "…"}`. A node that stores
//! the request deletes the targets **by the same author** and keeps a tombstone, so a
//! target arriving later (from a peer that has not heard yet) is not stored again. The
//! request itself is an ordinary event: it syncs and gossips to the nodes that hold the
//! targets. Nobody can delete another author's events this way.

use crate::{Event, EventId, Ref};

/// The kind of a deletion request. Owned by the kernel, not by an application.
pub const KIND: &str = "node.delete";
/// Most events one request deletes: a screenful of choices, and a small event.
pub const MAX_TARGETS: usize = 100;
/// Longest reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// The events a deletion request names, after checking its shape; the error says what is
/// wrong.
pub fn targets(event: &Event) -> Result<Vec<EventId>, String> {
    let mut ids = Vec::new();
    for r in event.refs() {
        match r {
            Ref::Event(id) => ids.push(*id),
            _ => return Err("a deletion request names only events".into()),
        }
    }
    if ids.is_empty() || ids.len() > MAX_TARGETS {
        return Err(format!(
            "a deletion request names 1 to {MAX_TARGETS} events, not {}",
            ids.len()
        ));
    }
    if ids.contains(&event.id()) {
        return Err("a deletion request cannot name itself".into());
    }
    match serde_json::from_slice::<serde_json::Value>(event.body()) {
        Ok(serde_json::Value::Object(map)) => {
            for (key, value) in &map {
                match (key.as_str(), value) {
                    ("reason", serde_json::Value::String(s))
                        if s.chars().count() <= MAX_REASON_CHARS => {}
                    ("reason", _) => {
                        return Err(format!(
                            "a reason is text of at most {MAX_REASON_CHARS} characters"
                        ));
                    }
                    (other, _) => {
                        return Err(format!("a deletion request has no field {other:?}"));
                    }
                }
            }
            Ok(ids)
        }
        _ => Err("the body of a deletion request is a JSON object".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Draft, SecretKey};

    fn request(refs: Vec<Ref>, body: &str) -> Event {
        let key = SecretKey::generate();
        Draft {
            refs,
            ..Draft::new(KIND, 1_700_000_000_000, body.as_bytes().to_vec())
        }
        .sign(&key)
        .unwrap()
    }

    #[test]
    fn shapes() {
        let id = EventId([7; 32]);
        assert_eq!(
            targets(&request(vec![Ref::Event(id)], "{}")).unwrap(),
            vec![id]
        );
        assert!(targets(&request(vec![Ref::Event(id)], r#"{"reason":"typo"}"#)).is_ok());
        assert!(targets(&request(vec![], "{}")).is_err(), "names nothing");
        let key = SecretKey::generate();
        assert!(
            targets(&request(vec![Ref::Account(key.account())], "{}")).is_err(),
            "an account is not an event"
        );
        assert!(targets(&request(vec![Ref::Event(id)], "[]")).is_err());
        assert!(targets(&request(vec![Ref::Event(id)], r#"{"x":1}"#)).is_err());
        let many = (0..=MAX_TARGETS as u8)
            .map(|i| Ref::Event(EventId([i; 32])))
            .collect();
        assert!(targets(&request(many, "{}")).is_err());
    }
}
