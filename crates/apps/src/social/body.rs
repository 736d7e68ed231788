//! The bodies of superSocial's event kinds, and the rules every node checks on them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, Attachment, Event, EventId, Ref};

/// Longest title, in characters: a headline, not a paragraph.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 64;
/// Longest profile bio, in characters: a paragraph or two.
pub const MAX_BIO_CHARS: usize = 1000;
/// Most links on a profile.
pub const MAX_LINKS: usize = 8;
/// Longest link, in bytes.
pub const MAX_LINK_BYTES: usize = 300;
/// Longest reaction, in characters: one emoji (some are several code points) or a short word.
pub const MAX_REACTION_CHARS: usize = 16;
/// Longest hashtag, in characters (after `#`).
pub const MAX_TAG_CHARS: usize = 64;

/// Where a comment sits in a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReplyTo {
    /// The thread's first post.
    pub root: EventId,
    /// The post (or comment) answered.
    pub parent: EventId,
    /// Who wrote the parent: told of the reply, and whose followers see it.
    pub author: AccountId,
}

/// The body of a `social.post` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PostBody {
    /// The post, in Markdown.
    pub text: String,
    /// A title makes the post a blog post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Files: images, video, audio, anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// A comment: the post it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<ReplyTo>,
    /// A quote (with text) or repost (without): the post shown inside this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<EventId>,
}

impl PostBody {
    /// Checks the rules every node enforces on a post's content.
    pub fn check(&self) -> Result<(), String> {
        if self.text.trim().is_empty() && self.attachments.is_empty() && self.quote.is_none() {
            return Err("a post needs some text, a file or a quoted post".into());
        }
        Attachment::check_all(&self.attachments)?;
        if let Some(title) = &self.title {
            if title.trim().is_empty() {
                return Err("a title, when given, cannot be blank".into());
            }
            if title.chars().count() > MAX_TITLE_CHARS {
                return Err(format!("a title has at most {MAX_TITLE_CHARS} characters"));
            }
            if title.contains(['\n', '\r']) {
                return Err("a title is a single line".into());
            }
        }
        if self.reply_to.is_some() && self.title.is_some() {
            return Err("a comment has no title".into());
        }
        Ok(())
    }

    /// The references a post with this body carries: what it answers and quotes, and the
    /// accounts it names (the parent's author, then mentions).
    pub fn refs(&self, quoted_author: Option<AccountId>, author: AccountId) -> Vec<Ref> {
        let mut refs = Vec::new();
        let mut push = |r: Ref| {
            if !refs.contains(&r) {
                refs.push(r);
            }
        };
        if let Some(reply) = &self.reply_to {
            push(Ref::Event(reply.parent));
            push(Ref::Event(reply.root));
            if reply.author != author {
                push(Ref::Account(reply.author));
            }
        }
        if let Some(quote) = self.quote {
            push(Ref::Event(quote));
        }
        if let Some(a) = quoted_author.filter(|a| *a != author) {
            push(Ref::Account(a));
        }
        for a in mentions(&self.text) {
            if a != author {
                push(Ref::Account(a));
            }
        }
        refs
    }

    /// Reads and checks the body of a `social.post` event, and that its references hold
    /// what the body points at.
    pub fn parse(event: &Event) -> Result<Self, String> {
        let body: PostBody = serde_json::from_slice(event.body()).map_err(|e| {
            format!("a social.post body is JSON {{\"text\": …, \"title\"?: …}}: {e}")
        })?;
        body.check()?;
        let has = |r: Ref| event.refs().contains(&r);
        if let Some(reply) = &body.reply_to
            && (!has(Ref::Event(reply.parent)) || !has(Ref::Event(reply.root)))
        {
            return Err("a comment refers to the post it answers and its thread".into());
        }
        if let Some(quote) = body.quote
            && !has(Ref::Event(quote))
        {
            return Err("a quote refers to the post it quotes".into());
        }
        Ok(body)
    }
}

/// Accounts a text mentions: `@` followed by an account id (`@sn1…`), in order, once each.
pub fn mentions(text: &str) -> Vec<AccountId> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices("@sn1") {
        let id: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if let Ok(a) = id.parse::<AccountId>()
            && !found.contains(&a)
        {
            found.push(a);
        }
    }
    found
}

/// Hashtags in a text: `#` then letters, digits or `_` (at least one letter), lowercased,
/// once each. A `#` inside a word (`C#`, `a#b`) does not start one.
pub fn hashtags(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts = c == '#' && !prev.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '&');
        prev = Some(c);
        if !starts {
            continue;
        }
        let tag: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if tag.chars().any(char::is_alphabetic) && tag.chars().count() <= MAX_TAG_CHARS {
            let tag = tag.to_lowercase();
            if !found.contains(&tag) {
                found.push(tag);
            }
        }
    }
    found
}

/// Normalises a hashtag someone typed (`#Rust`, `rust`) the way [`hashtags`] stores it.
pub fn normalise_tag(tag: &str) -> Result<String, String> {
    let tag = tag.trim().trim_start_matches('#');
    let found = hashtags(&format!("#{tag}"));
    match found.as_slice() {
        [one] if one.chars().count() == tag.chars().count() => Ok(one.clone()),
        _ => Err(format!(
            "{tag:?} is not a hashtag: letters, digits or _, at most {MAX_TAG_CHARS}, with a letter"
        )),
    }
}

/// The body of a `social.react` event: refs are the post, then its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReactBody {
    /// An emoji (or a very short word).
    pub reaction: String,
}

impl ReactBody {
    /// Checks the reaction itself.
    pub fn check(&self) -> Result<(), String> {
        let r = &self.reaction;
        if r.is_empty()
            || r.chars().count() > MAX_REACTION_CHARS
            || r.chars().any(char::is_whitespace)
        {
            return Err(format!(
                "a reaction is one emoji or word of at most {MAX_REACTION_CHARS} characters, without spaces"
            ));
        }
        Ok(())
    }

    /// Reads a `social.react` event: the body and the post it reacts to.
    pub fn parse(event: &Event) -> Result<(Self, EventId, Option<AccountId>), String> {
        let body: ReactBody = serde_json::from_slice(event.body())
            .map_err(|e| format!("a social.react body is JSON {{\"reaction\": \"…\"}}: {e}"))?;
        body.check()?;
        let (target, author) = target_and_author(event, "a reaction")?;
        Ok((body, target, author))
    }
}

/// The first reference must be an event (the target); an account after it is its author.
fn target_and_author(event: &Event, what: &str) -> Result<(EventId, Option<AccountId>), String> {
    match event.refs() {
        [Ref::Event(target)] => Ok((*target, None)),
        [Ref::Event(target), Ref::Account(author)] => Ok((*target, Some(*author))),
        _ => Err(format!(
            "{what} refers to one post, and optionally its author"
        )),
    }
}

/// The body of a `social.edit` event: the post's new content; refs: the post edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    /// The new text, in Markdown.
    pub text: String,
    /// The new title (blog posts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The files it carries now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

impl EditBody {
    /// Reads a `social.edit` event: the new content and the post edited.
    pub fn parse(event: &Event) -> Result<(Self, EventId), String> {
        let body: EditBody = serde_json::from_slice(event.body()).map_err(|e| {
            format!("a social.edit body is JSON {{\"text\": …, \"title\"?: …}}: {e}")
        })?;
        let (target, author) = target_and_author(event, "an edit")?;
        if author.is_some() {
            return Err("an edit refers only to the post it changes".into());
        }
        PostBody {
            text: body.text.clone(),
            title: body.title.clone(),
            attachments: body.attachments.clone(),
            reply_to: None,
            quote: Some(target),
        }
        .check()?;
        Ok((body, target))
    }
}

/// The body of a `social.profile` event: the newest one of an account is its profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileBody {
    /// The name shown for the account.
    pub name: String,
    /// A few words about the account, in Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub bio: String,
    /// A picture (an image file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<Attachment>,
    /// Web addresses (`https://…`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
}

impl ProfileBody {
    /// Checks the rules every node enforces on a profile.
    pub fn check(&self) -> Result<(), String> {
        let name = self.name.trim();
        if name.is_empty() || self.name.chars().count() > MAX_NAME_CHARS {
            return Err(format!("a name has 1 to {MAX_NAME_CHARS} characters"));
        }
        if self.name.chars().any(char::is_control) {
            return Err("a name is a single line of text".into());
        }
        if self.bio.chars().count() > MAX_BIO_CHARS {
            return Err(format!("a bio has at most {MAX_BIO_CHARS} characters"));
        }
        if let Some(avatar) = &self.avatar {
            Attachment::check_all(std::slice::from_ref(avatar))?;
            if !avatar.mime.starts_with("image/") {
                return Err(format!("an avatar is an image, not {}", avatar.mime));
            }
        }
        if self.links.len() > MAX_LINKS {
            return Err(format!("a profile has at most {MAX_LINKS} links"));
        }
        for link in &self.links {
            let web = link.starts_with("https://") || link.starts_with("http://");
            if !web || link.len() > MAX_LINK_BYTES || link.chars().any(char::is_whitespace) {
                return Err(format!(
                    "{link:?} is not a web address (http:// or https://, at most {MAX_LINK_BYTES} bytes)"
                ));
            }
        }
        Ok(())
    }

    /// Reads and checks a `social.profile` event.
    pub fn parse(event: &Event) -> Result<Self, String> {
        let body: ProfileBody = serde_json::from_slice(event.body()).map_err(|e| {
            format!("a social.profile body is JSON {{\"name\": …, \"bio\"?: …}}: {e}")
        })?;
        body.check()?;
        if !event.refs().is_empty() {
            return Err("a profile refers to nothing".into());
        }
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_found_once_and_lowercased() {
        assert_eq!(
            hashtags("#Rust and #rust, #p2p! C# a#b #123 #über"),
            vec!["rust", "p2p", "über"]
        );
        assert_eq!(hashtags("&#39; (#x)"), vec!["x"]);
        assert_eq!(normalise_tag("#Rust").unwrap(), "rust");
        assert!(normalise_tag("no spaces").is_err());
        assert!(normalise_tag("123").is_err());
    }

    #[test]
    fn post_rules() {
        let post = |text: &str, title: Option<&str>| PostBody {
            text: text.into(),
            title: title.map(Into::into),
            attachments: vec![],
            reply_to: None,
            quote: None,
        };
        assert!(post("hi", None).check().is_ok());
        assert!(post("  \n", None).check().is_err());
        let long = "t".repeat(MAX_TITLE_CHARS + 1);
        assert!(post("x", Some(&long)).check().is_err());
        assert!(post("x", Some("a\nb")).check().is_err());
        let repost = PostBody {
            quote: Some(EventId([1; 32])),
            ..post("", None)
        };
        assert!(repost.check().is_ok(), "a repost needs no text");
        let file = Attachment {
            hash: "0".repeat(64),
            size: 3,
            mime: "image/png".into(),
            name: "a.png".into(),
            thumb: None,
        };
        let photo = PostBody {
            attachments: vec![file.clone()],
            ..post("", None)
        };
        assert!(photo.check().is_ok(), "a file alone makes a post");
        let bad = PostBody {
            attachments: vec![Attachment {
                name: "a/b".into(),
                ..file
            }],
            ..post("x", None)
        };
        assert!(bad.check().is_err());
        let a = supernet_core::SecretKey::generate().account();
        let comment = PostBody {
            reply_to: Some(ReplyTo {
                root: EventId([1; 32]),
                parent: EventId([2; 32]),
                author: a,
            }),
            ..post("x", Some("title"))
        };
        assert!(comment.check().is_err(), "a comment has no title");
    }

    #[test]
    fn mentions_are_account_ids() {
        let a = supernet_core::SecretKey::generate().account();
        let text = format!("hi @{a}, and again @{a}. @sn1nope");
        assert_eq!(mentions(&text), vec![a]);
    }

    #[test]
    fn profiles_and_reactions() {
        let ok = ProfileBody {
            name: "Ada".into(),
            links: vec!["https://example.org".into()],
            ..Default::default()
        };
        assert!(ok.check().is_ok());
        assert!(
            ProfileBody {
                name: " ".into(),
                ..ok.clone()
            }
            .check()
            .is_err()
        );
        assert!(
            ProfileBody {
                links: vec!["javascript:alert(1)".into()],
                ..ok.clone()
            }
            .check()
            .is_err()
        );
        assert!(
            ReactBody {
                reaction: "👍".into()
            }
            .check()
            .is_ok()
        );
        assert!(
            ReactBody {
                reaction: "👩‍👩‍👧‍👦".into()
            }
            .check()
            .is_ok()
        );
        assert!(
            ReactBody {
                reaction: "two words".into()
            }
            .check()
            .is_err()
        );
        assert!(
            ReactBody {
                reaction: String::new()
            }
            .check()
            .is_err()
        );
    }
}
