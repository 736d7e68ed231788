//! The bodies of the asset events and their shape rules.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, Attachment, Event, EventId, Ref};

use super::{FORK, MINT, TRANSFER};
use crate::body::names;
use crate::coin::Wire;

/// Longest asset name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest description, in characters: room for a certificate's worth of detail.
pub const MAX_DESCRIPTION_CHARS: usize = 4000;

fn permanent(event: &Event, what: &str) -> Result<(), String> {
    if event.seq().is_some() || event.expires_at().is_some() {
        return Err(format!(
            "{what} is neither chained by its author nor expiring: its chain is the asset's"
        ));
    }
    Ok(())
}

/// A unique asset comes into being: the body of `assets.mint`. The asset's id is this
/// event's id; its first owner is its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MintBody {
    /// What it is called.
    pub name: String,
    /// What it is: the real or digital thing it stands for.
    #[serde(default)]
    pub description: String,
    /// At most one file (a photo, a document, the digital work itself), kept by every
    /// node that keeps the asset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

impl MintBody {
    /// Checks the rules every node enforces on a mint.
    pub fn check(&self) -> Result<(), String> {
        let n = self.name.trim().chars().count();
        if n == 0 || self.name.chars().count() > MAX_NAME_CHARS {
            return Err(format!(
                "an asset's name has 1 to {MAX_NAME_CHARS} characters"
            ));
        }
        if self.description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(format!(
                "an asset's description has at most {MAX_DESCRIPTION_CHARS} characters"
            ));
        }
        if self.attachments.len() > 1 {
            return Err("an asset carries at most one file".into());
        }
        for a in &self.attachments {
            a.check()?;
        }
        Ok(())
    }

    /// Reads and checks an `assets.mint` event.
    pub fn parse(event: &Event) -> Result<Self, String> {
        crate::body::expect_kind(event, MINT)?;
        permanent(event, "a mint")?;
        let body: Self = crate::body::json(event, "a mint")?;
        body.check()?;
        Ok(body)
    }
}

/// The owner hands an asset on: the body of `assets.transfer`. It names the asset's state
/// it starts from (`prev`: the mint, or the previous transfer), so an asset's transfers
/// form a chain, each signed by the owner the previous one made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferBody {
    /// The asset (its mint's id).
    pub asset: EventId,
    /// The state it moves from: the mint, or the transfer that made the author owner.
    pub prev: EventId,
    /// The new owner.
    pub to: AccountId,
    /// Who minted it (named, so the asset's whole history reaches the minter's followers
    /// and can be fetched from them).
    pub minter: AccountId,
}

impl TransferBody {
    /// Reads and checks an `assets.transfer` event (whether its author owned the asset is
    /// for the asset's chain to say).
    pub fn parse(event: &Event) -> Result<Self, String> {
        crate::body::expect_kind(event, TRANSFER)?;
        permanent(event, "a transfer")?;
        let body: Self = crate::body::json(event, "a transfer")?;
        if body.to == event.author() {
            return Err("an owner does not transfer an asset to itself".into());
        }
        names(event, Ref::Event(body.asset), "the asset")?;
        names(event, Ref::Event(body.prev), "the state it moves from")?;
        names(event, Ref::Account(body.to), "the new owner")?;
        names(event, Ref::Account(body.minter), "the minter")?;
        Ok(body)
    }
}

/// Proof that an owner signed two transfers from one state of an asset: the state (`prev`,
/// which shows who owned it) and both transfers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForkBody {
    /// The state both transfers move from: the mint or a transfer.
    pub prev: Wire,
    /// One transfer.
    pub a: Wire,
    /// Another, from the same state.
    pub b: Wire,
}

impl ForkBody {
    /// Reads and checks an `assets.fork` event: `a` and `b` differ, both move `prev`'s
    /// asset from `prev`, and both are signed by whoever owned it at `prev`.
    pub fn parse(event: &Event) -> Result<Self, String> {
        crate::body::expect_kind(event, FORK)?;
        let body: Self = crate::body::json(event, "a fork proof")?;
        let (asset, owner) = check_fork(&body.prev.0, &body.a.0, &body.b.0)?;
        names(event, Ref::Event(asset), "the asset")?;
        names(event, Ref::Account(owner), "the owner that forked it")?;
        Ok(body)
    }
}

/// Checks a fork of an asset: returns the asset and the owner that signed both.
pub fn check_fork(prev: &Event, a: &Event, b: &Event) -> Result<(EventId, AccountId), String> {
    let ta = TransferBody::parse(a)?;
    let tb = TransferBody::parse(b)?;
    if a.id() == b.id() {
        return Err("the two transfers of a fork proof are different".into());
    }
    if ta.prev != prev.id() || tb.prev != prev.id() {
        return Err("both transfers of a fork proof move from the state it carries".into());
    }
    if ta.asset != tb.asset {
        return Err("both transfers of a fork proof move one asset".into());
    }
    let (asset, owner) = match prev.kind() {
        MINT => {
            MintBody::parse(prev)?;
            (prev.id(), prev.author())
        }
        TRANSFER => {
            let t = TransferBody::parse(prev)?;
            (t.asset, t.to)
        }
        other => {
            return Err(format!(
                "an asset's state is a mint or a transfer, not a {other}"
            ));
        }
    };
    if asset != ta.asset {
        return Err("the state a fork proof carries is of another asset".into());
    }
    if a.author() != owner || b.author() != owner {
        return Err("both transfers of a fork proof are signed by the owner at that state".into());
    }
    for e in [prev, a, b] {
        e.check_signature()
            .map_err(|e| format!("an embedded event: {e}"))?;
    }
    Ok((asset, owner))
}
