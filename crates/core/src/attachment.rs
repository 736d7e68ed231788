//! Files referenced by events. An event carries them in a top-level `attachments` array of
//! its JSON body; the blob itself travels by the file layer (iroh-blobs), named by its
//! BLAKE3 hash, and every node that keeps the event keeps (and serves) the blob.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Most files on one event.
pub const MAX_ATTACHMENTS: usize = 16;
/// Longest file name, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest media type, in bytes (RFC 6838 allows 127 + 1 + 127).
pub const MAX_MIME_BYTES: usize = 255;

/// One file an event refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Attachment {
    /// BLAKE3 hash of the content, 64 lowercase hexadecimal digits.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
    /// Media type, such as `image/png` or `video/mp4`.
    pub mime: String,
    /// File name, without any folder.
    pub name: String,
    /// Hash of a small JPEG preview (images), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumb: Option<String>,
}

/// Whether `text` is a blob hash as attachments write it.
pub fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks a file name as attachments carry it: 1 to [`MAX_NAME_CHARS`] characters, no
/// folders.
pub fn check_name(name: &str) -> Result<(), String> {
    let trimmed = name.trim();
    if trimmed.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "an attachment needs a file name of 1 to {MAX_NAME_CHARS} characters"
        ));
    }
    if name.contains(['/', '\\', '\0']) || trimmed == "." || trimmed == ".." {
        return Err(format!(
            "attachment name {name:?} must be a plain file name"
        ));
    }
    Ok(())
}

/// Checks a media type as attachments carry it: `type/subtype`, plain characters.
pub fn check_mime(mime: &str) -> Result<(), String> {
    let valid = mime.len() <= MAX_MIME_BYTES
        && mime.split_once('/').is_some_and(|(t, s)| {
            !t.is_empty()
                && !s.is_empty()
                && mime
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/+-.;=_ ".contains(&b))
        });
    if valid {
        Ok(())
    } else {
        Err(format!(
            "attachment media type {mime:?} is not of the form type/subtype"
        ))
    }
}

impl Attachment {
    /// Checks the rules every node enforces on an attachment.
    pub fn check(&self) -> Result<(), String> {
        if !is_hash(&self.hash) {
            return Err(format!(
                "attachment hash {:?} is not 64 lowercase hexadecimal digits",
                self.hash
            ));
        }
        if let Some(thumb) = &self.thumb
            && !is_hash(thumb)
        {
            return Err(format!("thumbnail hash {thumb:?} is not a blob hash"));
        }
        check_name(&self.name)?;
        check_mime(&self.mime)?;
        Ok(())
    }

    /// Checks a list of attachments.
    pub fn check_all(list: &[Attachment]) -> Result<(), String> {
        if list.len() > MAX_ATTACHMENTS {
            return Err(format!(
                "at most {MAX_ATTACHMENTS} attachments, not {}",
                list.len()
            ));
        }
        list.iter().try_for_each(Attachment::check)
    }

    /// The attachments in an event body, when it is JSON with an `attachments` array.
    /// Bodies without one cost a substring search.
    pub fn in_body(body: &[u8]) -> Vec<Attachment> {
        if !body.windows(13).any(|w| w == b"\"attachments\"") {
            return vec![];
        }
        #[derive(Deserialize)]
        struct Carrier {
            #[serde(default)]
            attachments: Vec<Attachment>,
        }
        serde_json::from_slice::<Carrier>(body)
            .map(|c| c.attachments)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Attachment {
        Attachment {
            hash: "ab".repeat(32),
            size: 10,
            mime: "video/mp4".into(),
            name: "clip.mp4".into(),
            thumb: None,
        }
    }

    #[test]
    fn rules() {
        assert!(file().check().is_ok());
        for bad in [
            Attachment {
                hash: "AB".repeat(32),
                ..file()
            },
            Attachment {
                name: "../x".into(),
                ..file()
            },
            Attachment {
                name: " ".into(),
                ..file()
            },
            Attachment {
                mime: "video".into(),
                ..file()
            },
            Attachment {
                mime: "a/b<script>".into(),
                ..file()
            },
            Attachment {
                thumb: Some("x".into()),
                ..file()
            },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
        assert!(Attachment::check_all(&vec![file(); MAX_ATTACHMENTS + 1]).is_err());
    }

    #[test]
    fn found_in_bodies() {
        let body = serde_json::json!({"text": "hi", "attachments": [file()]});
        assert_eq!(
            Attachment::in_body(&serde_json::to_vec(&body).unwrap()),
            vec![file()]
        );
        assert!(Attachment::in_body(b"{\"text\": \"no files\"}").is_empty());
        assert!(Attachment::in_body(b"\"attachments\" but not JSON").is_empty());
    }
}
