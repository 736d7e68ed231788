//! Property tests of the event encoding: every draft round-trips through its wire form, and
//! no single flipped bit anywhere in an event survives decoding plus verification.

use proptest::prelude::*;
use supernet_core::event::{Draft, Event, EventId, Ref};
use supernet_core::{AccountId, SecretKey, Timestamp};

const NOW: Timestamp = 1_800_000_000_000;

fn kind() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,10}(\\.[a-z0-9][a-z0-9_-]{0,10}){1,3}"
}

fn reference() -> impl Strategy<Value = Ref> {
    (0u8..3, any::<[u8; 32]>()).prop_map(|(tag, bytes)| match tag {
        0 => Ref::Event(EventId(bytes)),
        1 => Ref::Account(AccountId::from_bytes(bytes)),
        _ => Ref::Blob(EventId(bytes)),
    })
}

prop_compose! {
    fn draft()(
        kind in kind(),
        created_at in (NOW - 1_000_000_000)..NOW,
        expires_in in proptest::option::of(1u64..1_000_000_000_000),
        refs in proptest::collection::vec(reference(), 0..6),
        body in proptest::collection::vec(any::<u8>(), 0..600),
        chain in proptest::option::of((1u64..1_000_000, any::<[u8; 32]>())),
    ) -> Draft {
        let (seq, prev) = match chain {
            None => (None, None),
            Some((1, _)) => (Some(1), None),
            Some((seq, prev)) => (Some(seq), Some(EventId(prev))),
        };
        Draft {
            kind,
            created_at,
            expires_at: expires_in.map(|d| created_at + d),
            refs,
            body,
            seq,
            prev,
        }
    }
}

fn key() -> SecretKey {
    SecretKey::from_seed([42; 32])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_draft_round_trips(d in draft()) {
        let event = d.sign(&key()).unwrap();
        let decoded = Event::decode(event.wire().to_vec()).unwrap();
        prop_assert_eq!(decoded.wire(), event.wire());
        prop_assert_eq!(decoded.kind(), d.kind.as_str());
        prop_assert_eq!(decoded.created_at(), d.created_at);
        prop_assert_eq!(decoded.expires_at(), d.expires_at);
        prop_assert_eq!(decoded.refs(), d.refs.as_slice());
        prop_assert_eq!(decoded.body(), d.body.as_slice());
        prop_assert_eq!(decoded.seq(), d.seq);
        prop_assert_eq!(decoded.prev(), d.prev);
        prop_assert_eq!(decoded.author(), key().account());
        let unexpired = d.expires_at.is_none_or(|e| e > NOW);
        prop_assert_eq!(decoded.verify(NOW).is_ok(), unexpired);
    }

    #[test]
    fn any_flipped_bit_is_rejected(d in draft(), pick in any::<proptest::sample::Index>(), bit in 0u8..8) {
        let mut d = d;
        d.expires_at = None;
        let wire = d.sign(&key()).unwrap().wire().to_vec();
        let mut flipped = wire.clone();
        let at = pick.index(flipped.len());
        flipped[at] ^= 1 << bit;
        let accepted = Event::decode(flipped).and_then(|e| e.verify(NOW));
        prop_assert!(accepted.is_err(), "flipping bit {} of byte {} was accepted", bit, at);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Event::decode(bytes);
    }
}
