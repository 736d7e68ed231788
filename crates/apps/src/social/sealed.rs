//! Posts for an audience: followers only, a list of accounts, or private (this account's own
//! devices). The post is encrypted under a fresh key, and the key sealed to each recipient's
//! chat key (see [`crate::chat::seal`]); other nodes store and relay it without reading it.
//!
//! Kind `social.sealed`: body [`SealedBody`]; refs name every recipient but the author, so
//! the post reaches them (and waits for them when they are offline) like a chat message.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, Event};

use super::body::PostBody;
use crate::chat::body::{MAX_MEMBERS, Member, check_recipients};
use crate::chat::seal::{self, ChatKey};

/// Largest encrypted post, in bytes of ciphertext.
const MAX_CIPHERTEXT: usize = 64 * 1024;

/// Who can read a sealed post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Everyone (not sealed).
    Public,
    /// The accounts that follow the author.
    Followers,
    /// The accounts listed.
    List,
    /// Only the author, on its own devices.
    Private,
}

/// The body of a `social.sealed` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SealedBody {
    /// Who it is for (visible to everyone; who exactly is in `seals`).
    pub audience: Audience,
    /// The post's key, sealed to each recipient.
    pub seals: Vec<Member>,
    /// The post (a [`PostBody`] as JSON), encrypted (base64).
    pub ct: String,
}

fn seal_aad(author: &AccountId, member: &AccountId) -> Vec<u8> {
    let mut aad = b"supernet sealed post v1".to_vec();
    aad.extend(author.as_bytes());
    aad.extend(member.as_bytes());
    aad
}

impl SealedBody {
    /// Encrypts `post` by `author` for `recipients` (account and chat key each).
    pub fn seal(
        author: &AccountId,
        audience: Audience,
        post: &PostBody,
        recipients: &[(AccountId, [u8; 32])],
    ) -> Result<Self, String> {
        let key = seal::random32();
        let plain = serde_json::to_vec(post).map_err(|e| e.to_string())?;
        let ct = seal::encrypt(&key, &plain, author.as_bytes())?;
        let mut seals = Vec::with_capacity(recipients.len());
        for (account, public) in recipients {
            let s = seal::seal(public, &key, &seal_aad(author, account))?;
            seals.push(Member {
                account: *account,
                key: hex::encode(public),
                enc: B64.encode(&s.enc),
                ct: B64.encode(&s.ct),
            });
        }
        Ok(Self {
            audience,
            seals,
            ct: B64.encode(ct),
        })
    }

    /// Reads and checks a `social.sealed` event (everything but its content).
    pub fn parse(event: &Event) -> Result<Self, String> {
        let body: SealedBody = serde_json::from_slice(event.body()).map_err(|e| {
            format!("a social.sealed body is JSON {{\"audience\", \"seals\", \"ct\"}}: {e}")
        })?;
        if body.audience == Audience::Public {
            return Err("a public post is not sealed".into());
        }
        if body.seals.is_empty() || body.seals.len() > MAX_MEMBERS {
            return Err(format!("a sealed post has 1 to {MAX_MEMBERS} recipients"));
        }
        check_recipients(event, &body.seals, "a sealed post", "recipient")?;
        let ct = B64
            .decode(&body.ct)
            .map_err(|_| "a sealed post is not base64")?;
        if ct.len() > MAX_CIPHERTEXT {
            return Err(format!(
                "a sealed post is longer than {MAX_CIPHERTEXT} bytes"
            ));
        }
        Ok(body)
    }

    /// The post, when `key` (of `me`) is one it was sealed to.
    pub fn open(&self, author: &AccountId, me: &AccountId, key: &ChatKey) -> Option<PostBody> {
        let member = self.seals.iter().find(|m| m.account == *me)?;
        let content_key = key
            .open(&member.sealed().ok()?, &seal_aad(author, me))
            .ok()?;
        let ct = B64.decode(&self.ct).ok()?;
        let plain = seal::decrypt(&content_key, &ct, author.as_bytes()).ok()?;
        let post: PostBody = serde_json::from_slice(&plain).ok()?;
        post.check().ok()?;
        Some(post)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use supernet_core::{Draft, Ref, SecretKey};

    #[test]
    fn only_recipients_open_a_sealed_post() {
        let author = SecretKey::generate();
        let (friend, stranger) = (SecretKey::generate(), SecretKey::generate());
        let keys = |k: &SecretKey| ChatKey::from_secret(&k.derive(seal::KEY_CONTEXT));
        let post = PostBody {
            text: "for friends".into(),
            title: None,
            attachments: vec![],
            reply_to: None,
            quote: None,
        };
        let recipients = [
            (author.account(), keys(&author).public()),
            (friend.account(), keys(&friend).public()),
        ];
        let body =
            SealedBody::seal(&author.account(), Audience::Followers, &post, &recipients).unwrap();
        let event = Draft {
            refs: vec![Ref::Account(friend.account())],
            ..Draft::new(
                super::super::SEALED,
                1_700_000_000_000,
                serde_json::to_vec(&body).unwrap(),
            )
        }
        .sign(&author)
        .unwrap();
        let parsed = SealedBody::parse(&event).unwrap();
        assert_eq!(
            parsed.open(&author.account(), &friend.account(), &keys(&friend)),
            Some(post.clone())
        );
        assert_eq!(
            parsed.open(&author.account(), &author.account(), &keys(&author)),
            Some(post)
        );
        assert_eq!(
            parsed.open(&author.account(), &stranger.account(), &keys(&stranger)),
            None
        );
        assert!(!String::from_utf8_lossy(event.body()).contains("for friends"));
    }
}
