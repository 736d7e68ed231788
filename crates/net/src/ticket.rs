//! The contact card: what another node needs to reach this one — the account, the network
//! peer id and addresses, and the file layer's address — as text (`sntkt…`, uppercase base32 so QR codes are dense) and
//! as a `supernet://follow/…` link.

use libp2p::{Multiaddr, PeerId};
use serde::{Deserialize, Serialize};
use supernet_core::AccountId;

use crate::NetError;

/// Text prefix of a ticket.
const PREFIX: &str = "SNTKT1";
/// Prefix of a ticket link.
pub const LINK_PREFIX: &str = "supernet://follow/";
/// Most addresses in a ticket: a node's interfaces and a relay or two.
const MAX_ADDRESSES: usize = 8;
/// Longest ticket text accepted.
const MAX_TICKET_CHARS: usize = 4096;

/// A node's contact card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The account whose node this is.
    pub account: AccountId,
    /// The node's network identity.
    pub peer: PeerId,
    /// Where it listens.
    pub addresses: Vec<Multiaddr>,
    /// Where its file layer (iroh) listens, so its files can be fetched.
    pub blobs: Option<iroh::EndpointAddr>,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    account: [u8; 32],
    peer: Vec<u8>,
    addresses: Vec<Vec<u8>>,
    blobs: Option<iroh::EndpointAddr>,
}

impl Ticket {
    /// The text form.
    pub fn to_text(&self) -> String {
        let wire = Wire {
            account: *self.account.as_bytes(),
            peer: self.peer.to_bytes(),
            addresses: self
                .addresses
                .iter()
                .take(MAX_ADDRESSES)
                .map(|a| a.to_vec())
                .collect(),
            blobs: self.blobs.clone(),
        };
        let mut bytes = postcard::to_stdvec(&wire).expect("tickets serialise");
        let check = blake3::hash(&bytes);
        bytes.extend_from_slice(&check.as_bytes()[..4]);
        format!("{PREFIX}{}", data_encoding::BASE32_NOPAD.encode(&bytes))
    }

    /// The `supernet://follow/…` link.
    pub fn to_link(&self) -> String {
        format!("{LINK_PREFIX}{}", self.to_text())
    }

    /// Reads a ticket from its text or link form.
    pub fn parse(text: &str) -> Result<Self, NetError> {
        let bad = |why: &str| {
            NetError::Invalid(format!(
                "not a Supernet ticket: {why}; copy the whole ticket again"
            ))
        };
        let text = text.trim();
        if text.len() > MAX_TICKET_CHARS {
            return Err(bad("too long"));
        }
        let text = text
            .strip_prefix(LINK_PREFIX)
            .unwrap_or(text)
            .to_ascii_uppercase();
        let body = text
            .strip_prefix(PREFIX)
            .ok_or_else(|| bad("it does not start with SNTKT1"))?;
        let bytes = data_encoding::BASE32_NOPAD
            .decode(body.as_bytes())
            .map_err(|_| bad("it has characters a ticket does not"))?;
        if bytes.len() < 4 {
            return Err(bad("too short"));
        }
        let (payload, check) = bytes.split_at(bytes.len() - 4);
        if blake3::hash(payload).as_bytes()[..4] != *check {
            return Err(bad(
                "its checksum does not match (a typo, or a cut-off copy)",
            ));
        }
        let wire: Wire = postcard::from_bytes(payload).map_err(|_| bad("it is damaged"))?;
        if wire.addresses.len() > MAX_ADDRESSES {
            return Err(bad("too many addresses"));
        }
        Ok(Self {
            account: AccountId::from_bytes(wire.account),
            peer: PeerId::from_bytes(&wire.peer).map_err(|_| bad("its peer id is damaged"))?,
            addresses: wire
                .addresses
                .into_iter()
                .map(Multiaddr::try_from)
                .collect::<Result<_, _>>()
                .map_err(|_| bad("an address is damaged"))?,
            blobs: wire.blobs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket() -> Ticket {
        Ticket {
            account: AccountId::from_bytes([7; 32]),
            peer: libp2p::identity::Keypair::generate_ed25519()
                .public()
                .to_peer_id(),
            addresses: vec!["/ip4/127.0.0.1/tcp/4001".parse().unwrap()],
            blobs: Some(iroh::EndpointAddr::from_parts(
                iroh::SecretKey::from_bytes(&[3; 32]).public(),
                [iroh::TransportAddr::Ip("127.0.0.1:4002".parse().unwrap())],
            )),
        }
    }

    #[test]
    fn text_and_link_round_trip() {
        let t = ticket();
        assert_eq!(Ticket::parse(&t.to_text()).unwrap(), t);
        assert_eq!(Ticket::parse(&t.to_link()).unwrap(), t);
        assert_eq!(
            Ticket::parse(&t.to_text().to_lowercase()).unwrap(),
            t,
            "case is forgiven"
        );
        assert!(
            t.to_text()
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
    }

    #[test]
    fn typos_and_garbage_are_refused() {
        let text = ticket().to_text();
        let mut chars: Vec<char> = text.chars().collect();
        let i = chars.len() / 2;
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert!(
            matches!(Ticket::parse(&typo), Err(NetError::Invalid(m)) if m.contains("checksum") || m.contains("damaged"))
        );
        assert!(Ticket::parse("hello").is_err());
        assert!(Ticket::parse(&text[..text.len() - 5]).is_err());
        assert!(Ticket::parse(&"A".repeat(5000)).is_err());
    }
}
