//! The bodies of the chat kinds, and the rules every node checks on them. Nodes that are
//! not members can check everything here — shapes, sizes, who may key a conversation —
//! without reading a word of it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, Attachment, Event, EventId, Ref};

use super::seal::{KEY_LEN, Sealed};

/// Most members of one conversation: a large group chat, and a key event of ~60 KiB.
pub const MAX_MEMBERS: usize = 256;
/// Largest sealed payload (a conversation key, its name and settings).
const MAX_SEALED_BYTES: usize = 1024;
/// Largest encrypted message, in bytes of ciphertext.
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024;

/// The body of a `chat.key` event: the author's X25519 public key for chats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyBody {
    /// 64 hexadecimal digits.
    pub key: String,
}

impl KeyBody {
    /// Reads a `chat.key` event.
    pub fn parse(event: &Event) -> Result<[u8; KEY_LEN], String> {
        let body: KeyBody = serde_json::from_slice(event.body())
            .map_err(|e| format!("a chat.key body is JSON {{\"key\": \"<hex>\"}}: {e}"))?;
        if !event.refs().is_empty() {
            return Err("a chat key refers to nothing".into());
        }
        hex32(&body.key)
    }
}

/// 32 bytes in hexadecimal.
pub fn hex32(text: &str) -> Result<[u8; 32], String> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out)
        .map_err(|_| format!("{text:?} is not 64 hexadecimal digits"))?;
    Ok(out)
}

fn b64(text: &str, what: &str, max: usize) -> Result<Vec<u8>, String> {
    let bytes = B64
        .decode(text)
        .map_err(|_| format!("{what} is not base64"))?;
    if bytes.len() > max {
        return Err(format!("{what} is longer than {max} bytes"));
    }
    Ok(bytes)
}

/// One member of a conversation, with the conversation key sealed to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The member.
    pub account: AccountId,
    /// The chat key it was sealed to (hex).
    pub key: String,
    /// HPKE encapsulated key (base64).
    pub enc: String,
    /// The sealed payload (base64).
    pub ct: String,
}

impl Member {
    /// The seal, decoded.
    pub fn sealed(&self) -> Result<Sealed, String> {
        Ok(Sealed {
            enc: b64(&self.enc, "a sealed key", KEY_LEN)?,
            ct: b64(&self.ct, "a sealed payload", MAX_SEALED_BYTES)?,
        })
    }
}

/// The body of a `chat.group` event: one epoch of a conversation — its members, and a new
/// key sealed to each. A direct chat's id is fixed by its two members; a group's by its
/// creator and a salt, so only the creator can key it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupBody {
    /// The conversation (hex).
    pub conv: String,
    /// A group's salt (hex); absent for a direct chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Increases with each change of members or settings.
    pub epoch: u32,
    /// Everyone who can read messages under this key.
    pub members: Vec<Member>,
}

/// What is sealed to each member: the key, and settings only members see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Secret {
    /// The conversation key (hex).
    pub key: String,
    /// The group's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Default lifetime of messages, in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
}

/// A direct chat's id: the same whichever of the two starts it.
pub fn dm_conv(a: &AccountId, b: &AccountId) -> [u8; 32] {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    let mut hasher = blake3::Hasher::new_derive_key("supernet 2026 chat direct conversation v1");
    hasher.update(first.as_bytes());
    hasher.update(second.as_bytes());
    *hasher.finalize().as_bytes()
}

/// A group's id: its creator's, with a salt.
pub fn group_conv(creator: &AccountId, salt: &[u8; 32]) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new_derive_key("supernet 2026 chat group conversation v1");
    hasher.update(creator.as_bytes());
    hasher.update(salt);
    *hasher.finalize().as_bytes()
}

/// What a sealed key is bound to.
pub fn seal_aad(conv: &[u8; 32], epoch: u32, member: &AccountId) -> Vec<u8> {
    let mut aad = conv.to_vec();
    aad.extend(epoch.to_le_bytes());
    aad.extend(member.as_bytes());
    aad
}

impl GroupBody {
    /// Reads and checks a `chat.group` event: its conversation id.
    pub fn parse(event: &Event) -> Result<(Self, [u8; 32]), String> {
        let body: GroupBody = serde_json::from_slice(event.body()).map_err(|e| {
            format!("a chat.group body is JSON {{\"conv\", \"epoch\", \"members\"}}: {e}")
        })?;
        let conv = hex32(&body.conv)?;
        let n = body.members.len();
        if !(2..=MAX_MEMBERS).contains(&n) {
            return Err(format!(
                "a conversation has 2 to {MAX_MEMBERS} members, not {n}"
            ));
        }
        if !body.members.iter().any(|m| m.account == event.author()) {
            return Err("whoever keys a conversation is one of its members".into());
        }
        let accounts = check_recipients(event, &body.members, "a chat.group", "member")?;
        match &body.salt {
            Some(salt) => {
                if group_conv(&event.author(), &hex32(salt)?) != conv {
                    return Err("only a group's creator can key it".into());
                }
            }
            None => {
                if n != 2 || dm_conv(&accounts[0], &accounts[1]) != conv {
                    return Err("a direct chat's id is made from its two members".into());
                }
            }
        }
        Ok((body, conv))
    }
}

/// Checks the recipients of sealed keys (`what` is the event, `who` a recipient, for
/// errors): each seal well formed, nobody twice, and the event's refs naming every
/// recipient but its author, and nothing else — so the event reaches them. Returns the
/// recipients, sorted.
pub fn check_recipients(
    event: &Event,
    members: &[Member],
    what: &str,
    who: &str,
) -> Result<Vec<AccountId>, String> {
    for m in members {
        hex32(&m.key)?;
        m.sealed()?;
    }
    let mut accounts: Vec<AccountId> = members.iter().map(|m| m.account).collect();
    accounts.sort();
    accounts.dedup();
    if accounts.len() != members.len() {
        return Err(format!("a {who} is listed twice"));
    }
    let mut named = Vec::with_capacity(event.refs().len());
    for r in event.refs() {
        match r {
            Ref::Account(a) => named.push(*a),
            _ => return Err(format!("{what} refers only to its {who}s")),
        }
    }
    named.sort();
    let others: Vec<AccountId> = accounts
        .iter()
        .copied()
        .filter(|a| *a != event.author())
        .collect();
    if named != others {
        return Err(format!(
            "{what} names every {who} but its author, and no one else"
        ));
    }
    Ok(accounts)
}

/// The body of a `chat.message` event: refs are the key event, then the other members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    /// The conversation (hex).
    pub conv: String,
    /// The message, encrypted (base64).
    pub ct: String,
    /// Its files, sealed (each described inside the message, in this order): every node
    /// that keeps the message keeps and serves them, unread.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// What a message says, once opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Plain {
    /// The text, in Markdown (may be empty when files are attached).
    pub text: String,
    /// The files, in the order of the message's sealed attachments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<PlainFile>,
}

/// A file as the members see it: what the sealed attachment opens to, and its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlainFile {
    /// The file as it was attached (its hash, size, media type and name).
    pub file: Attachment,
    /// The key that opens the sealed file (hex).
    pub key: String,
}

/// What a message is bound to.
pub fn message_aad(conv: &[u8; 32], key_event: &EventId, author: &AccountId) -> Vec<u8> {
    let mut aad = conv.to_vec();
    aad.extend(key_event.as_bytes());
    aad.extend(author.as_bytes());
    aad
}

impl MessageBody {
    /// Reads and checks a `chat.message` event: conversation, key event and ciphertext.
    pub fn parse(event: &Event) -> Result<([u8; 32], EventId, Vec<u8>), String> {
        let body: MessageBody = serde_json::from_slice(event.body())
            .map_err(|e| format!("a chat.message body is JSON {{\"conv\", \"ct\"}}: {e}"))?;
        let conv = hex32(&body.conv)?;
        let ct = b64(&body.ct, "a message", MAX_MESSAGE_BYTES)?;
        Attachment::check_all(&body.attachments)?;
        let Some(Ref::Event(key)) = event.refs().first() else {
            return Err("a chat.message refers first to the key it is sealed with".into());
        };
        if event.refs()[1..]
            .iter()
            .any(|r| !matches!(r, Ref::Account(_)))
            || event.refs().len() > MAX_MEMBERS
        {
            return Err("a chat.message names its key, then the members it is for".into());
        }
        Ok((conv, *key, ct))
    }
}
