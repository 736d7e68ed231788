//! Range-based set reconciliation: how two nodes find, with little traffic, which events
//! one has and the other lacks — the pure part (keys, ranges, fingerprints, splitting), and
//! the narrow trait through which the network layer reads a node's events without knowing
//! its store.
//!
//! Events are ordered by their [`Key`], `(created_at, id)`. A [`Range`] is a half-open
//! interval of keys; a [`Fingerprint`] summarises the events a node holds in a range (their
//! count and a hash of the sum of their ids), so two nodes compare a range by exchanging
//! a few dozen bytes. Ranges that differ are split into [`SPLIT_FANOUT`] parts by the
//! responder's items until they are small enough to list ids, or the asker has nothing
//! in them and simply receives the events.

use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::{AccountId, EventId, Timestamp};

/// How many parts a differing range is split into: 16 keeps the number of rounds low
/// (a million events resolve in five) while each round's message stays small.
pub const SPLIT_FANOUT: usize = 16;
/// Up to this many items, a responder lists its ids instead of splitting further: a
/// list of 64 ids (2.5 KiB) costs about as much as the fingerprints of another round.
pub const LEAF_ITEMS: usize = 64;

/// An event's position in the reconciliation order. Serialised compactly, as the pair
/// `(created_at, id bytes)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// Creation time.
    pub created_at: Timestamp,
    /// Event id (breaks ties).
    pub id: EventId,
}

impl Key {
    /// The smallest key.
    pub const MIN: Key = Key {
        created_at: 0,
        id: EventId([0; 32]),
    };
    /// The largest key.
    pub const MAX: Key = Key {
        created_at: u64::MAX,
        id: EventId([0xff; 32]),
    };
}

impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.created_at, self.id.0).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (created_at, id) = <(Timestamp, [u8; 32])>::deserialize(d)?;
        Ok(Self {
            created_at,
            id: EventId(id),
        })
    }
}

/// The keys `lower <= key < upper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// Inclusive lower bound.
    pub lower: Key,
    /// Exclusive upper bound.
    pub upper: Key,
}

impl Range {
    /// Every key (the `MAX` key itself is never an event's).
    pub const ALL: Range = Range {
        lower: Key::MIN,
        upper: Key::MAX,
    };

    /// Whether `key` lies in the range.
    pub fn contains(&self, key: &Key) -> bool {
        self.lower <= *key && *key < self.upper
    }
}

/// Which events a reconciliation is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Events by these authors (all, when this and `named` are empty).
    pub authors: Vec<AccountId>,
    /// Only these kinds (all, when empty).
    pub kinds: Vec<String>,
    /// Also events naming these accounts (a reply or message to them), whoever wrote them:
    /// how a node that was offline collects what was sent to it from those who held it.
    pub named: Vec<AccountId>,
}

/// A summary of the events a node holds in a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// How many events.
    pub count: u64,
    /// The first 16 bytes of BLAKE3(count || sum of ids as 256-bit little-endian
    /// integers, mod 2^256). Sums are order-independent, and hashing with the count
    /// stops crafted ids from cancelling out.
    pub hash: [u8; 16],
}

impl Fingerprint {
    /// The fingerprint of these keys.
    pub fn of<'a>(keys: impl IntoIterator<Item = &'a Key>) -> Self {
        let mut sum = [0u64; 4];
        let mut count = 0u64;
        for key in keys {
            count += 1;
            let mut carry = 0u64;
            for (limb, chunk) in sum.iter_mut().zip(key.id.0.chunks_exact(8)) {
                let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
                let (a, c1) = limb.overflowing_add(word);
                let (b, c2) = a.overflowing_add(carry);
                *limb = b;
                carry = u64::from(c1) + u64::from(c2);
            }
        }
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"supernet/sync/fingerprint/v1\0");
        hasher.update(&count.to_le_bytes());
        for limb in sum {
            hasher.update(&limb.to_le_bytes());
        }
        let mut hash = [0u8; 16];
        hash.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        Self { count, hash }
    }
}

/// Splits the sorted `keys` of `range` into at most [`SPLIT_FANOUT`] consecutive ranges of
/// about equal counts that together cover `range` exactly.
pub fn split(range: &Range, keys: &[Key]) -> Vec<Range> {
    let parts = SPLIT_FANOUT.min(keys.len().max(1));
    let mut bounds = Vec::with_capacity(parts + 1);
    bounds.push(range.lower);
    for i in 1..parts {
        let key = keys[i * keys.len() / parts];
        if key > *bounds.last().expect("non-empty") {
            bounds.push(key);
        }
    }
    bounds.push(range.upper);
    bounds
        .windows(2)
        .map(|w| Range {
            lower: w[0],
            upper: w[1],
        })
        .collect()
}

/// The keys of `sorted` that fall in `range` (a sub-slice, by binary search).
pub fn in_range<'a>(sorted: &'a [Key], range: &Range) -> &'a [Key] {
    let start = sorted.partition_point(|k| *k < range.lower);
    let end = sorted.partition_point(|k| *k < range.upper);
    &sorted[start..end.max(start)]
}

/// A node's events, as reconciliation needs them. The network layer asks; the node answers
/// from its store. Implementations bound what they return.
pub trait SyncSource: Send + Sync + 'static {
    /// The error type.
    type Error: std::fmt::Display + Send;

    /// The keys of the events matching `filter` in `range`, sorted.
    fn keys(
        &self,
        filter: &Filter,
        range: &Range,
    ) -> impl Future<Output = Result<Vec<Key>, Self::Error>> + Send;

    /// The wire bytes of these events (those held; in any order).
    fn events(
        &self,
        ids: &[EventId],
    ) -> impl Future<Output = Result<Vec<Vec<u8>>, Self::Error>> + Send;

    /// This node's contact card (opaque to the overlay), answered to a peer that asks.
    fn contact(&self) -> Vec<u8> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(t: u64, b: u8) -> Key {
        Key {
            created_at: t,
            id: EventId([b; 32]),
        }
    }

    #[test]
    fn fingerprints_ignore_order_and_see_any_difference() {
        let a = [key(1, 1), key(2, 2), key(3, 3)];
        let b = [key(3, 3), key(1, 1), key(2, 2)];
        assert_eq!(Fingerprint::of(&a), Fingerprint::of(&b));
        assert_ne!(Fingerprint::of(&a), Fingerprint::of(&a[..2]));
        assert_ne!(
            Fingerprint::of(&a),
            Fingerprint::of(&[key(1, 1), key(2, 2), key(3, 4)])
        );
        assert_eq!(Fingerprint::of(&[]).count, 0);
    }

    #[test]
    fn split_covers_the_range_exactly() {
        let keys: Vec<Key> = (0..1000).map(|i| key(i, (i % 251) as u8)).collect();
        let parts = split(&Range::ALL, &keys);
        assert_eq!(parts.len(), SPLIT_FANOUT);
        assert_eq!(parts.first().unwrap().lower, Key::MIN);
        assert_eq!(parts.last().unwrap().upper, Key::MAX);
        let mut total = 0;
        for w in parts.windows(2) {
            assert_eq!(w[0].upper, w[1].lower);
        }
        for p in &parts {
            let n = in_range(&keys, p).len();
            assert!((50..=70).contains(&n), "{n}");
            total += n;
        }
        assert_eq!(total, 1000);
        assert_eq!(split(&Range::ALL, &keys[..3]).len(), 3);
        assert_eq!(split(&Range::ALL, &[]).len(), 1);
    }
}
