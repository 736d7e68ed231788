//! Moderation the user controls. Blocking is the kernel's (a node never stores, serves or
//! relays a blocked account's events); muting words, hashtags and accounts, hiding replies
//! and following shared block lists (other accounts' reports) are this app's, kept in the
//! node's own settings (`social/moderation`, never replicated) and applied to every view.

use std::collections::{BTreeSet, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, ApiError, Event, EventId, Ref};
use supernet_store::Store;

use super::body::{PostBody, hashtags};
use super::read::{Bind, rows};

/// Where the settings live in the node's own settings.
const SETTINGS_KEY: &str = "social/moderation";
/// Most entries in each list: more than anyone curates by hand, small enough to load on
/// every view.
pub const MAX_ENTRIES: usize = 5000;
/// Longest muted word or phrase, in characters.
pub const MAX_WORD_CHARS: usize = 100;
/// Longest reason of a report, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// What this node's user chose to see less of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    /// Accounts whose posts are not shown (still stored and relayed: see blocking).
    #[serde(default)]
    pub muted: BTreeSet<AccountId>,
    /// Words and phrases (lowercase): posts containing one are not shown.
    #[serde(default)]
    pub words: BTreeSet<String>,
    /// Hashtags (lowercase, no `#`): posts carrying one are not shown.
    #[serde(default)]
    pub tags: BTreeSet<String>,
    /// Replies hidden under this account's posts.
    #[serde(default)]
    pub hidden: BTreeSet<EventId>,
    /// Accounts whose reports act as a block list here.
    #[serde(default)]
    pub lists: BTreeSet<AccountId>,
}

impl Settings {
    /// Reads the settings (defaults when never saved).
    pub async fn load(store: &Store) -> Result<Self, ApiError> {
        match store.local(SETTINGS_KEY).await? {
            Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                ApiError::internal(format!("the moderation settings are unreadable: {e}"))
            }),
            None => Ok(Self::default()),
        }
    }

    /// Saves the settings.
    pub async fn save(&self, store: &Store) -> Result<(), ApiError> {
        for (what, len) in [
            ("muted accounts", self.muted.len()),
            ("muted words", self.words.len()),
            ("muted hashtags", self.tags.len()),
            ("hidden replies", self.hidden.len()),
            ("block lists", self.lists.len()),
        ] {
            if len > MAX_ENTRIES {
                return Err(ApiError::invalid_input(format!(
                    "at most {MAX_ENTRIES} {what}; remove some first"
                )));
            }
        }
        let bytes = serde_json::to_vec(self).map_err(|e| ApiError::internal(e.to_string()))?;
        store.set_local(SETTINGS_KEY, Some(&bytes)).await?;
        Ok(())
    }
}

/// The moderation a view applies: the settings, plus the accounts reported by the block
/// lists followed.
#[derive(Debug, Clone, Default)]
pub struct Moderation {
    /// This node's account (never hidden from itself).
    pub me: Option<AccountId>,
    /// The settings.
    pub settings: Settings,
    /// Accounts reported by a followed block list.
    pub listed: HashSet<AccountId>,
    /// Accounts blocked at the kernel.
    pub blocked: HashSet<AccountId>,
    /// This account's key for opening posts sealed to it.
    pub key: Option<std::sync::Arc<crate::chat::seal::ChatKey>>,
}

impl Moderation {
    /// Loads what applies now.
    pub async fn load(
        store: &Store,
        me: Option<AccountId>,
        blocked: Vec<AccountId>,
    ) -> Result<Self, ApiError> {
        let settings = Settings::load(store).await?;
        let listed = reported_by(store, &settings.lists).await?;
        Ok(Self {
            me,
            settings,
            listed,
            blocked: blocked.into_iter().collect(),
            key: None,
        })
    }

    /// Whether an account's posts are hidden, and why.
    pub fn account_hidden(&self, account: &AccountId) -> Option<&'static str> {
        if Some(*account) == self.me {
            None
        } else if self.blocked.contains(account) {
            Some("blocked")
        } else if self.settings.muted.contains(account) {
            Some("muted")
        } else if self.listed.contains(account) {
            Some("on a block list you follow")
        } else {
            None
        }
    }

    /// Whether a post is hidden from views.
    pub fn hides(&self, event: &Event, body: &PostBody) -> bool {
        if self.account_hidden(&event.author()).is_some() {
            return true;
        }
        if Some(event.author()) == self.me {
            return false;
        }
        if self.settings.hidden.contains(&event.id()) {
            return true;
        }
        let text = format!("{}\n{}", body.title.as_deref().unwrap_or(""), body.text).to_lowercase();
        if self.settings.words.iter().any(|w| contains_word(&text, w)) {
            return true;
        }
        hashtags(&text)
            .iter()
            .any(|t| self.settings.tags.contains(t))
    }
}

/// Whether `text` contains `word` not as part of a longer word.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Checks and normalises a muted word or phrase.
pub fn normalise_word(word: &str) -> Result<String, ApiError> {
    let word = word.trim().to_lowercase();
    if word.is_empty() || word.chars().count() > MAX_WORD_CHARS {
        return Err(ApiError::invalid_input(format!(
            "a muted word or phrase has 1 to {MAX_WORD_CHARS} characters"
        )));
    }
    Ok(word)
}

/// The body of a `social.report` event: refs are the account reported, then optionally the
/// post that shows why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    /// Why, in a few words.
    pub reason: String,
}

impl ReportBody {
    /// Checks the reason.
    pub fn check(&self) -> Result<(), String> {
        if self.reason.trim().is_empty() || self.reason.chars().count() > MAX_REASON_CHARS {
            return Err(format!(
                "a report's reason has 1 to {MAX_REASON_CHARS} characters"
            ));
        }
        Ok(())
    }

    /// Reads a `social.report` event: the reason, the account and the post.
    pub fn parse(event: &Event) -> Result<(Self, AccountId, Option<EventId>), String> {
        let body: ReportBody = serde_json::from_slice(event.body())
            .map_err(|e| format!("a social.report body is JSON {{\"reason\": \"…\"}}: {e}"))?;
        body.check()?;
        match event.refs() {
            [Ref::Account(a)] => Ok((body, *a, None)),
            [Ref::Account(a), Ref::Event(p)] => Ok((body, *a, Some(*p))),
            _ => Err("a report names one account, and optionally one of its posts".into()),
        }
    }
}

/// Accounts reported by any of `lists` (their `social.report` events stored here).
async fn reported_by(
    store: &Store,
    lists: &BTreeSet<AccountId>,
) -> Result<HashSet<AccountId>, ApiError> {
    let mut found = HashSet::new();
    if lists.is_empty() {
        return Ok(found);
    }
    let marks = vec!["?"; lists.len()].join(",");
    let sql = format!(
        "SELECT pos, 0 FROM reports WHERE author IN (SELECT id FROM accounts WHERE key IN ({marks}))"
    );
    let binds = lists
        .iter()
        .map(|a| Bind::Blob(a.as_bytes().to_vec()))
        .collect();
    let positions: Vec<i64> = rows(store, &sql, binds)
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    for chunk in positions.chunks(supernet_store::MAX_PAGE as usize) {
        for s in store.at_positions(chunk).await? {
            if let Ok((_, account, _)) = ReportBody::parse(&s.event) {
                found.insert(account);
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_words() {
        assert!(contains_word("i love spoilers here", "spoilers"));
        assert!(!contains_word("unspoilered", "spoiler"));
        assert!(contains_word("the end. spoiler!", "spoiler"));
        assert!(contains_word("game of thrones rocks", "game of thrones"));
        assert!(normalise_word("  ").is_err());
        assert_eq!(normalise_word(" Spoiler ").unwrap(), "spoiler");
    }
}
