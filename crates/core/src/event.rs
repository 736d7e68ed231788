//! Signed events: the one data format everything a user says travels in.
//!
//! # Encoding
//!
//! An event's *canonical encoding* is a fixed-layout binary string (all integers big-endian,
//! every field at a position determined by the ones before it, so each event has exactly one
//! encoding and decoding then re-encoding gives back the same bytes):
//!
//! ```text
//! version     u8        1
//! flags       u8        bit 0 expires_at, bit 1 seq, bit 2 prev, bit 3 delegation; others 0
//! author      [u8; 32]  the account's Ed25519 public key
//! created_at  u64       milliseconds since the Unix epoch
//! kind_len    u8        1..=64
//! kind        [u8]      `namespace.name`, lowercase ASCII (see `valid_kind`)
//! expires_at  u64       if flag 0
//! seq         u64       if flag 1: position in the author's chain of this kind, from 1
//! prev        [u8; 32]  if flag 2: id of the previous event in that chain
//! delegation  if flag 3: device key [u8; 32], valid until u64, account signature [u8; 64]
//! ref_count   u16       0..=MAX_REFS
//! refs        ref_count × (tag u8: 0 event, 1 account, 2 blob; target [u8; 32])
//! body_len    u32       0..=MAX_BODY_BYTES
//! body        [u8]      opaque bytes (JSON for application payloads)
//! ```
//!
//! The event's **id** is the BLAKE3 hash of the canonical encoding. The **signature** is an
//! Ed25519 signature in [`Domain::Event`] over the id, so it covers every canonical byte. It is
//! made by the author's key, or by a device key the author certified in the delegation.
//!
//! On the wire and on disk an event is `id || signature || canonical encoding`: carrying the
//! id lets a receiver refuse an event that is not the one it asked for ([`EventError::WrongId`]).
//! Bodies are never re-serialised: what is verified is what is stored and served.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use base64::Engine as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::identity::{AccountId, Domain, KEY_LEN, SIGNATURE_LEN, SecretKey, verify_raw};

/// The only event format version this build reads and writes.
pub const EVENT_VERSION: u8 = 1;
/// Largest body: room for a 10,000-word blog post in Markdown. Files belong in blobs.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Most references one event may carry: a post mentioning a whole group still fits, and a
/// peer cannot make one event index thousands of rows.
pub const MAX_REFS: usize = 256;
/// Longest kind name (`namespace.name`).
pub const MAX_KIND_LEN: usize = 64;
/// How far in the future `created_at` may be: clocks of honest devices drift by seconds or
/// minutes, not hours; ten minutes forgives a badly set phone and still stops an author
/// from pinning a post to the top of everyone's feed.
pub const MAX_CLOCK_SKEW_MS: u64 = 10 * 60 * 1000;
/// Bytes in front of the canonical encoding on the wire: id and signature.
const WIRE_PREFIX: usize = 32 + SIGNATURE_LEN;
/// Largest canonical encoding: header, a delegation, all refs and the largest body.
const MAX_CANONICAL_BYTES: usize = 2
    + 32
    + 8
    + 1
    + MAX_KIND_LEN
    + 8
    + 8
    + 32
    + (32 + 8 + 64)
    + 2
    + MAX_REFS * 33
    + 4
    + MAX_BODY_BYTES;
/// Largest event on the wire: anything longer is refused before it is parsed.
pub const MAX_EVENT_BYTES: usize = WIRE_PREFIX + MAX_CANONICAL_BYTES;
/// Largest value of `created_at`, `expires_at` and `seq`: what SQLite's signed 64-bit
/// integers hold.
const MAX_U63: u64 = i64::MAX as u64;

const FLAG_EXPIRES: u8 = 1 << 0;
const FLAG_SEQ: u8 = 1 << 1;
const FLAG_PREV: u8 = 1 << 2;
const FLAG_DELEGATION: u8 = 1 << 3;
const KNOWN_FLAGS: u8 = FLAG_EXPIRES | FLAG_SEQ | FLAG_PREV | FLAG_DELEGATION;

/// Milliseconds since the Unix epoch.
pub type Timestamp = u64;

/// Why bytes are not a valid event. Each variant has a stable [`EventError::code`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// Ended before a field was complete.
    #[error("malformed event: it ends inside the {0} field")]
    Truncated(&'static str),
    /// Bytes left over after the body.
    #[error("malformed event: {0} bytes after the end of the body")]
    TrailingBytes(usize),
    /// A version this build does not know.
    #[error("unknown event version {0}: this build reads version {EVENT_VERSION}; update Supernet")]
    UnknownVersion(u8),
    /// Larger than the limits allow.
    #[error("event too large: {what} is {size} bytes, the limit is {limit}")]
    Oversize {
        /// Which part is too large.
        what: &'static str,
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A field value outside what the format allows.
    #[error("malformed event: {0}")]
    Malformed(String),
    /// The id carried with the event is not the hash of its encoding.
    #[error("wrong id: the event claims id {claimed} but its content hashes to {actual}")]
    WrongId {
        /// The id the event came with.
        claimed: EventId,
        /// The id its content hashes to.
        actual: EventId,
    },
    /// The signature does not verify.
    #[error("bad signature: the event {0} is not signed by its author")]
    BadSignature(EventId),
    /// The delegation certificate does not verify, or has lapsed.
    #[error("bad delegation: {0}")]
    BadDelegation(String),
    /// `created_at` is too far in the future.
    #[error(
        "event from the future: created at {created_at} ms, {ahead_ms} ms ahead of this node's clock (at most {MAX_CLOCK_SKEW_MS} ms is tolerated); check the author's clock"
    )]
    FutureTimestamp {
        /// The event's `created_at`.
        created_at: Timestamp,
        /// How far ahead of now.
        ahead_ms: u64,
    },
    /// `expires_at` has passed.
    #[error("expired event: it expired at {expires_at} ms, now is {now} ms")]
    Expired {
        /// The event's `expires_at`.
        expires_at: Timestamp,
        /// The clock when checked.
        now: Timestamp,
    },
}

impl EventError {
    /// The stable, machine-readable code of this error (see [`crate::ErrorCode`]).
    pub fn code(&self) -> crate::ErrorCode {
        use crate::ErrorCode as C;
        match self {
            EventError::Truncated(_) | EventError::TrailingBytes(_) | EventError::Malformed(_) => {
                C::MalformedEvent
            }
            EventError::UnknownVersion(_) => C::UnknownVersion,
            EventError::Oversize { .. } => C::Oversize,
            EventError::WrongId { .. } => C::WrongId,
            EventError::BadSignature(_) | EventError::BadDelegation(_) => C::BadSignature,
            EventError::FutureTimestamp { .. } => C::FutureTimestamp,
            EventError::Expired { .. } => C::Expired,
        }
    }
}

/// An event id: the BLAKE3 hash of the event's canonical encoding. Shown as 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId(pub [u8; 32]);

impl EventId {
    /// The raw hash bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventId({})", hex::encode(self.0))
    }
}

/// Why a text is not a 32-byte hash in hex.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a hash: expected 64 hexadecimal digits, got {0:?}")]
pub struct HashParseError(String);

fn parse_hash(text: &str) -> Result<[u8; 32], HashParseError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).map_err(|_| {
        let shown: String = text.chars().take(80).collect();
        HashParseError(shown)
    })?;
    Ok(out)
}

impl FromStr for EventId {
    type Err = HashParseError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_hash(text).map(EventId)
    }
}

impl Serialize for EventId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for EventId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for EventId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EventId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits",
            "pattern": "^[0-9a-f]{64}$"
        })
    }
}

/// Something an event points at, by hash or key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Ref {
    /// Another event (a reply's parent, an edit's original, a deletion's target).
    Event(EventId),
    /// An account (a mention, a payee).
    Account(AccountId),
    /// A blob: a file by its BLAKE3 hash.
    Blob(EventId),
}

impl Ref {
    fn tag(&self) -> u8 {
        match self {
            Ref::Event(_) => 0,
            Ref::Account(_) => 1,
            Ref::Blob(_) => 2,
        }
    }

    fn target(&self) -> &[u8; 32] {
        match self {
            Ref::Event(id) | Ref::Blob(id) => &id.0,
            Ref::Account(account) => account.as_bytes(),
        }
    }

    fn from_parts(tag: u8, target: [u8; 32]) -> Result<Self, EventError> {
        Ok(match tag {
            0 => Ref::Event(EventId(target)),
            1 => Ref::Account(AccountId::from_bytes(target)),
            2 => Ref::Blob(EventId(target)),
            other => {
                return Err(EventError::Malformed(format!(
                    "unknown reference tag {other}"
                )));
            }
        })
    }
}

/// A device key certified by an account key to sign events for the account until a time.
/// Room for several devices per account; this build creates none yet but verifies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delegation {
    /// The device's Ed25519 public key.
    pub device: [u8; KEY_LEN],
    /// After this time the device may no longer sign for the account.
    pub valid_until: Timestamp,
    /// The account's signature, in [`Domain::Delegation`], over `device || valid_until`.
    pub signature: [u8; SIGNATURE_LEN],
}

impl Delegation {
    /// The account `account_key` certifies `device` until `valid_until`.
    pub fn certify(account_key: &SecretKey, device: [u8; KEY_LEN], valid_until: Timestamp) -> Self {
        let signature = account_key.sign(Domain::Delegation, &Self::message(&device, valid_until));
        Self {
            device,
            valid_until,
            signature,
        }
    }

    fn message(device: &[u8; KEY_LEN], valid_until: Timestamp) -> [u8; 40] {
        let mut msg = [0u8; 40];
        msg[..32].copy_from_slice(device);
        msg[32..].copy_from_slice(&valid_until.to_be_bytes());
        msg
    }
}

/// The fields of an event before it is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Namespaced kind, e.g. `social.post`.
    pub kind: String,
    /// Creation time.
    pub created_at: Timestamp,
    /// When every honest node deletes the event, if ever.
    pub expires_at: Option<Timestamp>,
    /// What the event points at.
    pub refs: Vec<Ref>,
    /// The payload.
    pub body: Vec<u8>,
    /// Position in the author's chain of this kind (chained kinds only), from 1.
    pub seq: Option<u64>,
    /// Id of the previous event in that chain (when `seq` > 1).
    pub prev: Option<EventId>,
}

impl Draft {
    /// A draft of an independent (unchained) event with no references.
    pub fn new(kind: impl Into<String>, created_at: Timestamp, body: Vec<u8>) -> Self {
        Self {
            kind: kind.into(),
            created_at,
            expires_at: None,
            refs: Vec::new(),
            body,
            seq: None,
            prev: None,
        }
    }

    /// Signs the draft as `key`'s account. Fails when a field breaks the format's rules.
    pub fn sign(&self, key: &SecretKey) -> Result<Event, EventError> {
        self.sign_with(key.account(), None, key)
    }

    /// Signs the draft for `author` with a device key certified by `delegation`.
    pub fn sign_delegated(
        &self,
        author: AccountId,
        delegation: Delegation,
        device_key: &SecretKey,
    ) -> Result<Event, EventError> {
        self.sign_with(author, Some(delegation), device_key)
    }

    fn sign_with(
        &self,
        author: AccountId,
        delegation: Option<Delegation>,
        signer: &SecretKey,
    ) -> Result<Event, EventError> {
        let canonical = encode_canonical(self, &author, delegation.as_ref())?;
        let id = EventId(*blake3::hash(&canonical).as_bytes());
        let signature = signer.sign(Domain::Event, &id.0);
        let mut wire = Vec::with_capacity(WIRE_PREFIX + canonical.len());
        wire.extend_from_slice(&id.0);
        wire.extend_from_slice(&signature);
        wire.extend_from_slice(&canonical);
        Event::decode(wire)
    }
}

/// Whether `kind` is a valid kind name: 1 to 64 bytes, at least two dot-separated parts,
/// each starting with a lowercase letter or digit and made of lowercase letters, digits,
/// `_` and `-`.
pub fn valid_kind(kind: &str) -> bool {
    let parts: Vec<&str> = kind.split('.').collect();
    !kind.is_empty()
        && kind.len() <= MAX_KIND_LEN
        && parts.len() >= 2
        && parts.iter().all(|part| {
            let mut chars = part.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
                && chars
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        })
}

fn check_fields(
    kind: &str,
    created_at: Timestamp,
    expires_at: Option<Timestamp>,
    refs: usize,
    body: usize,
    seq: Option<u64>,
    prev: Option<&EventId>,
) -> Result<(), EventError> {
    if !valid_kind(kind) {
        return Err(EventError::Malformed(format!(
            "kind {kind:?} is not `namespace.name` in lowercase letters, digits, '_' and '-' (at most {MAX_KIND_LEN} bytes)"
        )));
    }
    if body > MAX_BODY_BYTES {
        return Err(EventError::Oversize {
            what: "body",
            size: body,
            limit: MAX_BODY_BYTES,
        });
    }
    if refs > MAX_REFS {
        return Err(EventError::Oversize {
            what: "reference list",
            size: refs,
            limit: MAX_REFS,
        });
    }
    if created_at > MAX_U63 {
        return Err(EventError::Malformed("created_at is out of range".into()));
    }
    if let Some(expires_at) = expires_at {
        if expires_at > MAX_U63 {
            return Err(EventError::Malformed("expires_at is out of range".into()));
        }
        if expires_at <= created_at {
            return Err(EventError::Malformed(
                "expires_at must be later than created_at".into(),
            ));
        }
    }
    match (seq, prev) {
        (None, None) | (Some(1), None) => Ok(()),
        (Some(0), _) => Err(EventError::Malformed("seq starts at 1".into())),
        (Some(seq), _) if seq > MAX_U63 => Err(EventError::Malformed("seq is out of range".into())),
        (Some(1), Some(_)) => Err(EventError::Malformed(
            "the first event of a chain (seq 1) has no prev".into(),
        )),
        (Some(_), None) => Err(EventError::Malformed(
            "a chained event after seq 1 must name its prev".into(),
        )),
        (Some(_), Some(_)) => Ok(()),
        (None, Some(_)) => Err(EventError::Malformed("prev without seq".into())),
    }
}

fn encode_canonical(
    draft: &Draft,
    author: &AccountId,
    delegation: Option<&Delegation>,
) -> Result<Vec<u8>, EventError> {
    check_fields(
        &draft.kind,
        draft.created_at,
        draft.expires_at,
        draft.refs.len(),
        draft.body.len(),
        draft.seq,
        draft.prev.as_ref(),
    )?;
    let mut flags = 0u8;
    if draft.expires_at.is_some() {
        flags |= FLAG_EXPIRES;
    }
    if draft.seq.is_some() {
        flags |= FLAG_SEQ;
    }
    if draft.prev.is_some() {
        flags |= FLAG_PREV;
    }
    if delegation.is_some() {
        flags |= FLAG_DELEGATION;
    }
    let mut out =
        Vec::with_capacity(128 + draft.kind.len() + draft.refs.len() * 33 + draft.body.len());
    out.push(EVENT_VERSION);
    out.push(flags);
    out.extend_from_slice(author.as_bytes());
    out.extend_from_slice(&draft.created_at.to_be_bytes());
    out.push(draft.kind.len() as u8);
    out.extend_from_slice(draft.kind.as_bytes());
    if let Some(expires_at) = draft.expires_at {
        out.extend_from_slice(&expires_at.to_be_bytes());
    }
    if let Some(seq) = draft.seq {
        out.extend_from_slice(&seq.to_be_bytes());
    }
    if let Some(prev) = &draft.prev {
        out.extend_from_slice(&prev.0);
    }
    if let Some(d) = delegation {
        out.extend_from_slice(&d.device);
        out.extend_from_slice(&d.valid_until.to_be_bytes());
        out.extend_from_slice(&d.signature);
    }
    out.extend_from_slice(&(draft.refs.len() as u16).to_be_bytes());
    for r in &draft.refs {
        out.push(r.tag());
        out.extend_from_slice(r.target());
    }
    out.extend_from_slice(&(draft.body.len() as u32).to_be_bytes());
    out.extend_from_slice(&draft.body);
    Ok(out)
}

/// A structurally valid event whose id matches its content. Its signature and timestamps
/// are checked by [`Event::verify`]; only a [`VerifiedEvent`] may enter a store.
#[derive(Clone, PartialEq, Eq)]
pub struct Event {
    wire: Box<[u8]>,
    id: EventId,
    author: AccountId,
    kind: Box<str>,
    created_at: Timestamp,
    expires_at: Option<Timestamp>,
    seq: Option<u64>,
    prev: Option<EventId>,
    delegation: Option<Delegation>,
    refs: Vec<Ref>,
    body: Range<usize>,
}

/// A reader over the canonical bytes that names the field it fails in.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], EventError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(EventError::Truncated(field))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn u8(&mut self, field: &'static str) -> Result<u8, EventError> {
        Ok(self.take(1, field)?[0])
    }
    fn u16(&mut self, field: &'static str) -> Result<u16, EventError> {
        Ok(u16::from_be_bytes(
            self.take(2, field)?.try_into().expect("2 bytes"),
        ))
    }
    fn u32(&mut self, field: &'static str) -> Result<u32, EventError> {
        Ok(u32::from_be_bytes(
            self.take(4, field)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self, field: &'static str) -> Result<u64, EventError> {
        Ok(u64::from_be_bytes(
            self.take(8, field)?.try_into().expect("8 bytes"),
        ))
    }
    fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], EventError> {
        Ok(self.take(N, field)?.try_into().expect("N bytes"))
    }
}

impl Event {
    /// Decodes an event from its wire bytes (`id || signature || canonical`), checking its
    /// structure, its size limits and that the id is the hash of its content. Does not check
    /// the signature: see [`Event::verify`].
    pub fn decode(wire: impl Into<Box<[u8]>>) -> Result<Self, EventError> {
        let wire: Box<[u8]> = wire.into();
        if wire.len() > MAX_EVENT_BYTES {
            return Err(EventError::Oversize {
                what: "event",
                size: wire.len(),
                limit: MAX_EVENT_BYTES,
            });
        }
        let mut r = Reader {
            bytes: &wire,
            pos: 0,
        };
        let claimed = EventId(r.array("id")?);
        r.take(SIGNATURE_LEN, "signature")?;
        let version = r.u8("version")?;
        if version != EVENT_VERSION {
            return Err(EventError::UnknownVersion(version));
        }
        let flags = r.u8("flags")?;
        if flags & !KNOWN_FLAGS != 0 {
            return Err(EventError::Malformed(format!(
                "unknown flags {flags:#010b}"
            )));
        }
        let author = AccountId::from_bytes(r.array("author")?);
        let created_at = r.u64("created_at")?;
        let kind_len = r.u8("kind length")? as usize;
        let kind = std::str::from_utf8(r.take(kind_len, "kind")?)
            .map_err(|_| EventError::Malformed("kind is not UTF-8".into()))?;
        let expires_at = (flags & FLAG_EXPIRES != 0)
            .then(|| r.u64("expires_at"))
            .transpose()?;
        let seq = (flags & FLAG_SEQ != 0).then(|| r.u64("seq")).transpose()?;
        let prev = (flags & FLAG_PREV != 0)
            .then(|| r.array("prev").map(EventId))
            .transpose()?;
        let delegation = if flags & FLAG_DELEGATION != 0 {
            Some(Delegation {
                device: r.array("delegation device")?,
                valid_until: r.u64("delegation valid_until")?,
                signature: r.array("delegation signature")?,
            })
        } else {
            None
        };
        let ref_count = r.u16("reference count")? as usize;
        if ref_count > MAX_REFS {
            return Err(EventError::Oversize {
                what: "reference list",
                size: ref_count,
                limit: MAX_REFS,
            });
        }
        let mut refs = Vec::with_capacity(ref_count);
        for _ in 0..ref_count {
            let tag = r.u8("reference tag")?;
            refs.push(Ref::from_parts(tag, r.array("reference")?)?);
        }
        let body_len = r.u32("body length")? as usize;
        if body_len > MAX_BODY_BYTES {
            return Err(EventError::Oversize {
                what: "body",
                size: body_len,
                limit: MAX_BODY_BYTES,
            });
        }
        let body_start = r.pos;
        r.take(body_len, "body")?;
        let body = body_start..r.pos;
        if r.pos != wire.len() {
            return Err(EventError::TrailingBytes(wire.len() - r.pos));
        }
        check_fields(
            kind,
            created_at,
            expires_at,
            refs.len(),
            body_len,
            seq,
            prev.as_ref(),
        )?;
        let actual = EventId(*blake3::hash(&wire[WIRE_PREFIX..]).as_bytes());
        if actual != claimed {
            return Err(EventError::WrongId { claimed, actual });
        }
        let kind = kind.into();
        Ok(Self {
            wire,
            id: actual,
            author,
            kind,
            created_at,
            expires_at,
            seq,
            prev,
            delegation,
            refs,
            body,
        })
    }

    /// Checks the signature (and delegation) and the timestamps against `now`.
    pub fn verify(self, now: Timestamp) -> Result<VerifiedEvent, EventError> {
        self.check_signature()?;
        self.check_time(now)?;
        Ok(VerifiedEvent(self))
    }

    /// Checks only the signature and delegation, not the clock: for events read back from
    /// an export, whose expiry is judged separately.
    pub fn check_signature(&self) -> Result<(), EventError> {
        let signer = match &self.delegation {
            None => *self.author.as_bytes(),
            Some(d) => {
                let msg = Delegation::message(&d.device, d.valid_until);
                if !self.author.verify(Domain::Delegation, &msg, &d.signature) {
                    return Err(EventError::BadDelegation(format!(
                        "the device key is not certified by {}",
                        self.author
                    )));
                }
                if self.created_at > d.valid_until {
                    return Err(EventError::BadDelegation(format!(
                        "the device's certificate lapsed at {} ms, before the event was created",
                        d.valid_until
                    )));
                }
                d.device
            }
        };
        let signature: &[u8; SIGNATURE_LEN] = self.wire[32..WIRE_PREFIX]
            .try_into()
            .expect("64 signature bytes");
        if verify_raw(&signer, Domain::Event, &self.id.0, signature) {
            Ok(())
        } else {
            Err(EventError::BadSignature(self.id))
        }
    }

    /// Checks `created_at` and `expires_at` against `now`.
    pub fn check_time(&self, now: Timestamp) -> Result<(), EventError> {
        if self.created_at > now.saturating_add(MAX_CLOCK_SKEW_MS) {
            return Err(EventError::FutureTimestamp {
                created_at: self.created_at,
                ahead_ms: self.created_at - now,
            });
        }
        match self.expires_at {
            Some(expires_at) if expires_at <= now => Err(EventError::Expired { expires_at, now }),
            _ => Ok(()),
        }
    }

    /// The event id.
    pub fn id(&self) -> EventId {
        self.id
    }
    /// The author's account.
    pub fn author(&self) -> AccountId {
        self.author
    }
    /// The kind, e.g. `social.post`.
    pub fn kind(&self) -> &str {
        &self.kind
    }
    /// Creation time.
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }
    /// Expiry time, if any.
    pub fn expires_at(&self) -> Option<Timestamp> {
        self.expires_at
    }
    /// Position in the author's chain, for chained kinds.
    pub fn seq(&self) -> Option<u64> {
        self.seq
    }
    /// The previous event in the author's chain.
    pub fn prev(&self) -> Option<EventId> {
        self.prev
    }
    /// The device delegation, when a device key signed.
    pub fn delegation(&self) -> Option<&Delegation> {
        self.delegation.as_ref()
    }
    /// References.
    pub fn refs(&self) -> &[Ref] {
        &self.refs
    }
    /// The body bytes, exactly as signed.
    pub fn body(&self) -> &[u8] {
        &self.wire[self.body.clone()]
    }
    /// The signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.wire[32..WIRE_PREFIX]
    }
    /// The whole wire encoding (`id || signature || canonical`).
    pub fn wire(&self) -> &[u8] {
        &self.wire
    }
    /// Consumes the event, returning its wire encoding.
    pub fn into_wire(self) -> Box<[u8]> {
        self.wire
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("id", &self.id)
            .field("author", &self.author)
            .field("kind", &self.kind)
            .field("created_at", &self.created_at)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// An event whose signature and timestamps were checked: the only kind a store accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedEvent(Event);

impl VerifiedEvent {
    /// The event.
    pub fn event(&self) -> &Event {
        &self.0
    }
    /// Unwraps the event.
    pub fn into_event(self) -> Event {
        self.0
    }
}

impl std::ops::Deref for VerifiedEvent {
    type Target = Event;
    fn deref(&self) -> &Event {
        &self.0
    }
}

/// An event as the API shows it: every field in JSON, the body as text when it is UTF-8
/// (application payloads are JSON), and the wire bytes so any client can verify it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventView {
    /// The event id.
    pub id: EventId,
    /// The author.
    pub author: AccountId,
    /// The kind.
    pub kind: String,
    /// Creation time, milliseconds since the Unix epoch.
    pub created_at: Timestamp,
    /// Expiry time, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// Position in the author's chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// Previous event in the author's chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<EventId>,
    /// References.
    pub refs: Vec<Ref>,
    /// The body as UTF-8 text, when it is text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The whole event (`id || signature || canonical encoding`), base64url without padding.
    pub wire: String,
}

impl From<&Event> for EventView {
    fn from(e: &Event) -> Self {
        Self {
            id: e.id,
            author: e.author,
            kind: e.kind.to_string(),
            created_at: e.created_at,
            expires_at: e.expires_at,
            seq: e.seq,
            prev: e.prev,
            refs: e.refs.clone(),
            body: std::str::from_utf8(e.body()).ok().map(str::to_owned),
            wire: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&e.wire),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = 1_800_000_000_000;

    fn draft() -> Draft {
        let mut d = Draft::new("social.post", NOW, br#"{"text":"hello"}"#.to_vec());
        d.refs = vec![Ref::Event(EventId([9; 32]))];
        d
    }

    #[test]
    fn signed_event_verifies_and_exposes_its_fields() {
        let key = SecretKey::generate();
        let event = draft().sign(&key).unwrap();
        assert_eq!(event.author(), key.account());
        assert_eq!(event.kind(), "social.post");
        assert_eq!(event.body(), br#"{"text":"hello"}"#);
        assert_eq!(event.refs(), &[Ref::Event(EventId([9; 32]))]);
        let id = event.id();
        let verified = event.verify(NOW).unwrap();
        assert_eq!(verified.id(), id);
    }

    #[test]
    fn decoding_the_wire_gives_the_same_event() {
        let key = SecretKey::generate();
        let event = draft().sign(&key).unwrap();
        let again = Event::decode(event.wire().to_vec()).unwrap();
        assert_eq!(again, event);
    }

    #[test]
    fn forged_signature_is_bad_signature() {
        let alice = SecretKey::generate();
        let mallory = SecretKey::generate();
        let event = draft().sign(&alice).unwrap();
        let mut wire = event.wire().to_vec();
        let forged = mallory.sign(Domain::Event, event.id().as_bytes());
        wire[32..96].copy_from_slice(&forged);
        let decoded = Event::decode(wire).unwrap();
        assert_eq!(
            decoded.verify(NOW).unwrap_err(),
            EventError::BadSignature(event.id())
        );
    }

    #[test]
    fn swapped_id_is_wrong_id() {
        let key = SecretKey::generate();
        let mut wire = draft().sign(&key).unwrap().wire().to_vec();
        wire[..32].copy_from_slice(&[1; 32]);
        assert!(matches!(
            Event::decode(wire),
            Err(EventError::WrongId { .. })
        ));
    }

    #[test]
    fn future_and_expired_events_are_refused_by_verify() {
        let key = SecretKey::generate();
        let mut d = draft();
        d.created_at = NOW + MAX_CLOCK_SKEW_MS + 1;
        let err = d.sign(&key).unwrap().verify(NOW).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::FutureTimestamp);
        let mut d = draft();
        d.created_at = NOW + MAX_CLOCK_SKEW_MS;
        assert!(
            d.sign(&key).unwrap().verify(NOW).is_ok(),
            "the skew itself is tolerated"
        );
        let mut d = draft();
        d.created_at = NOW - 10;
        d.expires_at = Some(NOW);
        let err = d.sign(&key).unwrap().verify(NOW).unwrap_err();
        assert_eq!(
            err,
            EventError::Expired {
                expires_at: NOW,
                now: NOW
            }
        );
    }

    #[test]
    fn unknown_version_is_named() {
        let key = SecretKey::generate();
        let mut wire = draft().sign(&key).unwrap().wire().to_vec();
        wire[WIRE_PREFIX] = 2;
        assert_eq!(
            Event::decode(wire).unwrap_err(),
            EventError::UnknownVersion(2)
        );
    }

    #[test]
    fn oversize_body_and_event_are_refused() {
        let key = SecretKey::generate();
        let d = Draft::new("social.post", NOW, vec![b'x'; MAX_BODY_BYTES + 1]);
        assert!(matches!(
            d.sign(&key),
            Err(EventError::Oversize { what: "body", .. })
        ));
        let huge = vec![0u8; MAX_EVENT_BYTES + 1];
        assert!(matches!(
            Event::decode(huge),
            Err(EventError::Oversize { what: "event", .. })
        ));
        let d = Draft::new("social.post", NOW, vec![b'x'; MAX_BODY_BYTES]);
        assert!(d.sign(&key).is_ok(), "the limit itself is allowed");
    }

    #[test]
    fn bad_kinds_are_refused() {
        let key = SecretKey::generate();
        for kind in [
            "",
            "post",
            "Social.post",
            "social..post",
            ".post",
            "social.po st",
            &"a.".repeat(40),
        ] {
            let d = Draft::new(kind, NOW, vec![]);
            assert!(
                matches!(d.sign(&key), Err(EventError::Malformed(_))),
                "{kind:?}"
            );
        }
        for kind in [
            "social.post",
            "app.todo-list.item",
            "coin.transfer_v2",
            "org.9.vote",
        ] {
            assert!(valid_kind(kind), "{kind}");
        }
    }

    #[test]
    fn chain_fields_must_be_consistent() {
        let key = SecretKey::generate();
        let cases = [
            (Some(0), None),
            (Some(1), Some(EventId([1; 32]))),
            (Some(2), None),
            (None, Some(EventId([1; 32]))),
        ];
        for (seq, prev) in cases {
            let mut d = draft();
            d.seq = seq;
            d.prev = prev;
            assert!(
                matches!(d.sign(&key), Err(EventError::Malformed(_))),
                "{seq:?} {prev:?}"
            );
        }
        let mut d = draft();
        d.seq = Some(2);
        d.prev = Some(EventId([1; 32]));
        let e = d.sign(&key).unwrap();
        assert_eq!((e.seq(), e.prev()), (Some(2), Some(EventId([1; 32]))));
    }

    #[test]
    fn delegated_device_signs_for_the_account() {
        let account = SecretKey::generate();
        let device = SecretKey::generate();
        let cert = Delegation::certify(&account, *device.account().as_bytes(), NOW + 1000);
        let e = draft()
            .sign_delegated(account.account(), cert, &device)
            .unwrap();
        assert_eq!(e.author(), account.account());
        assert!(e.clone().verify(NOW).is_ok());

        let lapsed = Delegation::certify(&account, *device.account().as_bytes(), NOW - 1);
        let e = draft()
            .sign_delegated(account.account(), lapsed, &device)
            .unwrap();
        assert!(matches!(e.verify(NOW), Err(EventError::BadDelegation(_))));

        let stranger = SecretKey::generate();
        let forged = Delegation::certify(&stranger, *device.account().as_bytes(), NOW + 1000);
        let e = draft()
            .sign_delegated(account.account(), forged, &device)
            .unwrap();
        assert!(matches!(e.verify(NOW), Err(EventError::BadDelegation(_))));
    }

    #[test]
    fn trailing_bytes_and_truncation_are_malformed() {
        let key = SecretKey::generate();
        let wire = draft().sign(&key).unwrap().wire().to_vec();
        let mut longer = wire.clone();
        longer.push(0);
        assert_eq!(
            Event::decode(longer).unwrap_err(),
            EventError::TrailingBytes(1)
        );
        for cut in [0, 10, 96, 97, 140, wire.len() - 1] {
            assert!(
                matches!(
                    Event::decode(wire[..cut].to_vec()),
                    Err(EventError::Truncated(_))
                ),
                "{cut}"
            );
        }
    }

    #[test]
    fn event_view_serialises_to_readable_json() {
        let key = SecretKey::generate();
        let e = draft().sign(&key).unwrap();
        let json = serde_json::to_value(EventView::from(&e)).unwrap();
        assert_eq!(json["kind"], "social.post");
        assert_eq!(json["body"], r#"{"text":"hello"}"#);
        assert_eq!(json["author"], key.account().to_text());
        assert_eq!(json["refs"][0]["event"], "09".repeat(32));
        let back: EventView = serde_json::from_value(json).unwrap();
        assert_eq!(back.id, e.id());
    }
}
