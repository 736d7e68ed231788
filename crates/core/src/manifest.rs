//! Mini-app manifests and signed bundles: what a publisher writes (`supernet-app.json`),
//! what is published (`manifest.json` inside the bundle, signed), and every limit and
//! refusal a node applies before it installs anything.
//!
//! ```text
//!  supernet-app.json ──parse_source──▶ AppManifest ──+ files (hash, size)──▶ Bundle::sign
//!                                                                             │
//!  manifest.json ◀── Bundle::to_bytes ◀──────────────────────────────────────┘
//!  manifest.json ──Bundle::parse (limits, fields, signature)──▶ Bundle
//! ```
//!
//! The signature is Ed25519 by the publisher's account key over
//! `Domain::AppManifest ‖ serde_json::to_vec(&app)`. [`AppManifest`] has a fixed field
//! order and its files are a `BTreeMap`, so re-serialising what was parsed gives the very
//! bytes that were signed: nothing a reader could add (an unknown field) survives parsing,
//! so nothing unsigned is ever acted on.
//!
//! Parsing names the failing field (`app.kinds[1].name: …`), so a publisher knows what
//! to fix.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::identity::{AccountId, Domain, SIGNATURE_LEN, SecretKey};
use crate::{ApiError, ErrorCode};

/// The manifest file of an app's source directory.
pub const SOURCE_MANIFEST: &str = "supernet-app.json";
/// The signed manifest inside a published bundle.
pub const BUNDLE_MANIFEST: &str = "manifest.json";
/// The bundle format this build writes and reads.
pub const BUNDLE_FORMAT: u64 = 1;
/// Largest `manifest.json` (and `supernet-app.json`): a manifest lists at most
/// [`MAX_FILES`] files with a 64-digit hash each (~20 KiB) plus a few sentences; anything
/// bigger is not a manifest, and is refused before it is parsed.
pub const MAX_MANIFEST_BYTES: usize = 64 * 1024;
/// Most files in a bundle: a web UI with its scripts, styles and images fits easily, and a
/// node never walks thousands of entries for one app.
pub const MAX_FILES: usize = 200;
/// Largest bundle (all its files together): a mini-app is a small web page and a script;
/// 20 MiB leaves room for images and fonts while an install stays a few seconds' download.
pub const MAX_BUNDLE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest body of an event of an app's kind: the kernel's own bound on an event body, so
/// an app's events travel like any other.
pub const MAX_KIND_BODY_BYTES: usize = crate::MAX_BODY_BYTES;
/// Most event kinds one app declares: an app with more is really several apps.
pub const MAX_KINDS: usize = 32;
/// Most permissions one app asks for: about every permission there is.
pub const MAX_PERMISSIONS: usize = 64;
/// Longest app name, in characters: what fits a tile in the Apps tab.
pub const MAX_NAME_CHARS: usize = 64;
/// Longest description, in characters: a short paragraph shown at install.
pub const MAX_DESCRIPTION_CHARS: usize = 1000;
/// Longest path of a file inside a bundle, in bytes.
pub const MAX_PATH_BYTES: usize = 200;
/// Longest kind name (the part after `app.<id>.`): with the longest id, the full kind
/// stays within the kernel's bound on kind names.
pub const MAX_KIND_NAME_BYTES: usize = 32;
/// Paths under this prefix are the node's own (the SDK): a bundle may not shadow them.
pub const RESERVED_PREFIX: &str = "_supernet/";

/// Why a manifest or bundle was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// A field is missing, of the wrong type, or out of bounds.
    #[error("{field}: {reason}")]
    Field {
        /// The field's path (`app.kinds[0].name`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The file is not a JSON object.
    #[error("{file} is not valid JSON: {reason}")]
    NotJson {
        /// Which file.
        file: &'static str,
        /// The parser's complaint.
        reason: String,
    },
    /// Something is bigger than its limit.
    #[error("{what} has {size} bytes, more than the {limit} allowed")]
    TooLarge {
        /// What.
        what: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The signature does not verify: the manifest was changed after signing, or signed by
    /// another key than the publisher it names.
    #[error(
        "the bundle's signature does not verify for publisher {publisher}: it was altered or forged; do not install it"
    )]
    BadSignature {
        /// The publisher the bundle names.
        publisher: AccountId,
    },
}

impl From<ManifestError> for ApiError {
    fn from(e: ManifestError) -> Self {
        let code = match &e {
            ManifestError::TooLarge { .. } => ErrorCode::Oversize,
            ManifestError::BadSignature { .. } => ErrorCode::BadSignature,
            _ => ErrorCode::InvalidInput,
        };
        ApiError::new(code, e.to_string())
    }
}

fn field(field: impl Into<String>, reason: impl Into<String>) -> ManifestError {
    ManifestError::Field {
        field: field.into(),
        reason: reason.into(),
    }
}

/// A version `MAJOR.MINOR.PATCH`, ordered numerically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Incompatible changes.
    pub major: u64,
    /// Added features.
    pub minor: u64,
    /// Fixes.
    pub patch: u64,
}

impl Version {
    /// Reads `MAJOR.MINOR.PATCH` (decimal numbers, nothing else).
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('.');
        let mut next = || -> Option<u64> {
            let part = parts.next()?;
            if part.is_empty() || part.len() > 9 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let version = Self {
            major: next()?,
            minor: next()?,
            patch: next()?,
        };
        parts.next().is_none().then_some(version)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Whether `id` is a mini-app id: `[a-z][a-z0-9-]{1,31}`.
pub fn valid_app_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (2..=32).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Whether `name` is a kind name an app may declare: `[a-z][a-z0-9_-]*`, at most
/// [`MAX_KIND_NAME_BYTES`] bytes.
pub fn valid_kind_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_KIND_NAME_BYTES
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'_')
}

/// Whether `name` looks like a permission: dotted, lowercase (`social.read`).
pub fn valid_permission(name: &str) -> bool {
    name.len() <= 64
        && name.split('.').count() >= 2
        && name.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
}

/// Why `path` may not name a file in a bundle, if it may not: it must be relative,
/// `/`-separated, without `.`/`..`/empty parts, backslashes or control characters, and
/// outside [`RESERVED_PREFIX`].
pub fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("is empty".into());
    }
    if path.len() > MAX_PATH_BYTES {
        return Err(format!("is longer than {MAX_PATH_BYTES} bytes"));
    }
    if path.starts_with(RESERVED_PREFIX) {
        return Err(format!("{RESERVED_PREFIX}… is reserved for the node"));
    }
    if path == BUNDLE_MANIFEST {
        return Err(format!(
            "{BUNDLE_MANIFEST} is reserved for the signed manifest"
        ));
    }
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(format!(
                "{path:?} is not a plain relative path (no leading '/', '.', '..' or '//')"
            ));
        }
        if part.chars().any(|c| c == '\\' || c.is_control()) {
            return Err(format!("{path:?} holds a backslash or a control character"));
        }
    }
    Ok(())
}

/// An event kind an app declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct KindDecl {
    /// The name after `app.<id>.`.
    pub name: String,
    /// What an event of this kind means, for people.
    pub description: String,
}

/// One file of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FileEntry {
    /// BLAKE3 hash, 64 lowercase hex digits.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
}

/// What an app is: the fields of `supernet-app.json`, plus (once published) its files.
/// Field order is fixed: its JSON is what the publisher signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AppManifest {
    /// `[a-z][a-z0-9-]{1,31}`: its namespace `app.<id>`.
    pub id: String,
    /// Its name for people.
    pub name: String,
    /// `MAJOR.MINOR.PATCH`.
    pub version: String,
    /// What it is for.
    pub description: String,
    /// Its icon (a file of the bundle).
    pub icon: Option<String>,
    /// The page its UI opens with (a file of the bundle).
    pub ui: String,
    /// Its node-side script (a file of the bundle).
    pub script: Option<String>,
    /// The permissions it asks for.
    pub permissions: Vec<String>,
    /// The event kinds it defines (`app.<id>.<name>`).
    pub kinds: Vec<KindDecl>,
    /// Every file of the bundle, by path (empty in `supernet-app.json`).
    pub files: BTreeMap<String, FileEntry>,
}

/// Reads fields of one JSON object, naming each failing field by its path.
struct Fields<'a> {
    prefix: &'a str,
    object: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    fn new(prefix: &'a str, value: &'a Value) -> Result<Self, ManifestError> {
        let name = prefix.trim_end_matches('.');
        let object = value.as_object().ok_or_else(|| {
            field(
                if name.is_empty() { "(top level)" } else { name },
                "must be a JSON object",
            )
        })?;
        Ok(Self { prefix, object })
    }

    fn path(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn only(&self, known: &[&str]) -> Result<(), ManifestError> {
        match self.object.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => Err(field(
                self.path(k),
                format!("is not a manifest field (known: {})", known.join(", ")),
            )),
            None => Ok(()),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.object.get(key).filter(|v| !v.is_null())
    }

    fn string(&self, key: &str) -> Result<String, ManifestError> {
        self.opt_string(key)?
            .ok_or_else(|| field(self.path(key), "is missing"))
    }

    fn opt_string(&self, key: &str) -> Result<Option<String>, ManifestError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(field(self.path(key), "must be a string")),
        }
    }

    fn array(&self, key: &str) -> Result<&'a [Value], ManifestError> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(_) => Err(field(self.path(key), "must be an array")),
        }
    }
}

impl AppManifest {
    /// Reads an app from a JSON value; `prefix` names where it sits (`app.` in a bundle).
    fn from_value(value: &Value, prefix: &str) -> Result<Self, ManifestError> {
        let f = Fields::new(prefix, value)?;
        f.only(&[
            "id",
            "name",
            "version",
            "description",
            "icon",
            "ui",
            "script",
            "permissions",
            "kinds",
            "files",
        ])?;
        let mut permissions = vec![];
        for (i, p) in f.array("permissions")?.iter().enumerate() {
            let p = p.as_str().ok_or_else(|| {
                field(
                    format!("{}[{i}]", f.path("permissions")),
                    "must be a string",
                )
            })?;
            permissions.push(p.to_owned());
        }
        let mut kinds = vec![];
        for (i, k) in f.array("kinds")?.iter().enumerate() {
            let at = format!("{}[{i}].", f.path("kinds"));
            let kf = Fields::new(&at, k)?;
            kf.only(&["name", "description"])?;
            kinds.push(KindDecl {
                name: kf.string("name")?,
                description: kf.opt_string("description")?.unwrap_or_default(),
            });
        }
        let mut files = BTreeMap::new();
        if let Some(v) = f.get("files") {
            let at = f.path("files");
            let object = v
                .as_object()
                .ok_or_else(|| field(&at, "must be an object of path → {hash, size}"))?;
            for (path, entry) in object {
                let ef_at = format!("{at}[{path:?}].");
                let ef = Fields::new(&ef_at, entry)?;
                ef.only(&["hash", "size"])?;
                let size = ef
                    .get("size")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| field(ef.path("size"), "must be a whole number of bytes"))?;
                files.insert(
                    path.clone(),
                    FileEntry {
                        hash: ef.string("hash")?,
                        size,
                    },
                );
            }
        }
        Ok(Self {
            id: f.string("id")?,
            name: f.string("name")?,
            version: f.string("version")?,
            description: f.opt_string("description")?.unwrap_or_default(),
            icon: f.opt_string("icon")?,
            ui: f.string("ui")?,
            script: f.opt_string("script")?,
            permissions,
            kinds,
            files,
        })
    }

    /// Checks every field against its rules and the limits; `published` also requires the
    /// file list (and that the entries it names are in it). `prefix` names where the app
    /// sits (`app.` in a bundle).
    pub fn check(&self, prefix: &str, published: bool) -> Result<(), ManifestError> {
        let p = |key: &str| format!("{prefix}{key}");
        if !valid_app_id(&self.id) {
            return Err(field(
                p("id"),
                format!(
                    "{:?} is not an app id: 2 to 32 characters, lowercase letters, digits and '-', starting with a letter",
                    self.id
                ),
            ));
        }
        let name = self.name.trim();
        if name.is_empty() || self.name.chars().count() > MAX_NAME_CHARS {
            return Err(field(
                p("name"),
                format!("must be 1 to {MAX_NAME_CHARS} characters"),
            ));
        }
        if self.name.chars().any(char::is_control) {
            return Err(field(p("name"), "may not hold control characters"));
        }
        if Version::parse(&self.version).is_none() {
            return Err(field(
                p("version"),
                format!("{:?} is not MAJOR.MINOR.PATCH (like 1.0.0)", self.version),
            ));
        }
        if self.description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(field(
                p("description"),
                format!("is longer than {MAX_DESCRIPTION_CHARS} characters"),
            ));
        }
        let entries = [
            ("ui", Some(&self.ui)),
            ("icon", self.icon.as_ref()),
            ("script", self.script.as_ref()),
        ];
        for (key, path) in entries {
            if let Some(path) = path {
                check_path(path).map_err(|reason| field(p(key), reason))?;
            }
        }
        if self.permissions.len() > MAX_PERMISSIONS {
            return Err(field(
                p("permissions"),
                format!("lists more than {MAX_PERMISSIONS} permissions"),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, perm) in self.permissions.iter().enumerate() {
            let at = format!("{}[{i}]", p("permissions"));
            if !valid_permission(perm) {
                return Err(field(
                    at,
                    format!("{perm:?} is not a permission name (like social.read)"),
                ));
            }
            if perm.starts_with("app.") || perm.starts_with("apps.") {
                return Err(field(
                    at,
                    format!(
                        "{perm:?}: an app may not ask for another app's namespace or for managing apps (its own app.{} is implicit)",
                        self.id
                    ),
                ));
            }
            if !seen.insert(perm) {
                return Err(field(at, format!("{perm:?} is listed twice")));
            }
        }
        if self.kinds.len() > MAX_KINDS {
            return Err(field(
                p("kinds"),
                format!("declares more than {MAX_KINDS} kinds"),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, kind) in self.kinds.iter().enumerate() {
            let at = format!("{}[{i}]", p("kinds"));
            if !valid_kind_name(&kind.name) {
                return Err(field(
                    format!("{at}.name"),
                    format!(
                        "{:?} is not a kind name: 1 to {MAX_KIND_NAME_BYTES} lowercase letters, digits, '-' or '_', starting with a letter",
                        kind.name
                    ),
                ));
            }
            if kind.description.chars().count() > MAX_DESCRIPTION_CHARS {
                return Err(field(
                    format!("{at}.description"),
                    format!("is longer than {MAX_DESCRIPTION_CHARS} characters"),
                ));
            }
            if !seen.insert(&kind.name) {
                return Err(field(
                    format!("{at}.name"),
                    format!("{:?} is declared twice", kind.name),
                ));
            }
        }
        if !published {
            return Ok(());
        }
        if self.files.is_empty() {
            return Err(field(p("files"), "lists no files"));
        }
        if self.files.len() > MAX_FILES {
            return Err(ManifestError::TooLarge {
                what: format!("the bundle's file list ({} files)", self.files.len()),
                size: self.files.len() as u64,
                limit: MAX_FILES as u64,
            });
        }
        let mut total: u64 = 0;
        for (path, entry) in &self.files {
            let at = format!("{}[{path:?}]", p("files"));
            check_path(path).map_err(|reason| field(&at, reason))?;
            let hex_ok = entry.hash.len() == 64
                && entry
                    .hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !hex_ok {
                return Err(field(
                    format!("{at}.hash"),
                    "must be a BLAKE3 hash: 64 lowercase hex digits",
                ));
            }
            total = total.saturating_add(entry.size);
        }
        if total > MAX_BUNDLE_BYTES {
            return Err(ManifestError::TooLarge {
                what: "the bundle".into(),
                size: total,
                limit: MAX_BUNDLE_BYTES,
            });
        }
        for (key, path) in entries {
            if let Some(path) = path
                && !self.files.contains_key(path)
            {
                return Err(field(
                    p(key),
                    format!("names {path:?}, which is not among the bundle's files"),
                ));
            }
        }
        Ok(())
    }

    /// The parsed version (valid once [`AppManifest::check`] passed).
    pub fn parsed_version(&self) -> Version {
        Version::parse(&self.version).unwrap_or(Version {
            major: 0,
            minor: 0,
            patch: 0,
        })
    }

    /// The full kind names it declares (`app.<id>.<name>`).
    pub fn kind_names(&self) -> Vec<String> {
        self.kinds
            .iter()
            .map(|k| format!("app.{}.{}", self.id, k.name))
            .collect()
    }

    /// The bytes the publisher signs (after the domain tag).
    pub fn signed_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("an app manifest serialises")
    }
}

fn parse_json(bytes: &[u8], file: &'static str) -> Result<Value, ManifestError> {
    if bytes.len() > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge {
            what: file.into(),
            size: bytes.len() as u64,
            limit: MAX_MANIFEST_BYTES as u64,
        });
    }
    serde_json::from_slice(bytes).map_err(|e| ManifestError::NotJson {
        file,
        reason: e.to_string(),
    })
}

/// Reads and checks an app's `supernet-app.json` (without files).
pub fn parse_source(bytes: &[u8]) -> Result<AppManifest, ManifestError> {
    let value = parse_json(bytes, SOURCE_MANIFEST)?;
    let mut app = AppManifest::from_value(&value, "")?;
    // The files are the publisher's tool's business: whatever the source says is replaced.
    app.files.clear();
    app.check("", false)?;
    Ok(app)
}

/// A published app: `manifest.json` of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bundle {
    /// The bundle format ([`BUNDLE_FORMAT`]).
    pub format: u64,
    /// The app, with its files.
    pub app: AppManifest,
    /// Who signed it.
    pub publisher: AccountId,
    /// Ed25519 signature over `Domain::AppManifest ‖ serde_json::to_vec(&app)`, base64url
    /// without padding.
    pub signature: String,
}

impl Bundle {
    /// Checks `app` (with its files) and signs it with `key`.
    pub fn sign(app: AppManifest, key: &SecretKey) -> Result<Self, ManifestError> {
        app.check("app.", true)?;
        let signature = key.sign(Domain::AppManifest, &app.signed_bytes());
        Ok(Self {
            format: BUNDLE_FORMAT,
            app,
            publisher: key.account(),
            signature: URL_SAFE_NO_PAD.encode(signature),
        })
    }

    /// `manifest.json`'s bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("a bundle manifest serialises")
    }

    /// Reads `manifest.json`: within the size limit, every field valid, the signature good.
    pub fn parse(bytes: &[u8]) -> Result<Self, ManifestError> {
        let value = parse_json(bytes, BUNDLE_MANIFEST)?;
        let f = Fields::new("", &value)?;
        f.only(&["format", "app", "publisher", "signature"])?;
        let format = f
            .get("format")
            .and_then(Value::as_u64)
            .ok_or_else(|| field("format", "is missing or not a number"))?;
        if format != BUNDLE_FORMAT {
            return Err(field(
                "format",
                format!(
                    "is {format}; this node reads bundle format {BUNDLE_FORMAT} (a newer Supernet may read it)"
                ),
            ));
        }
        let app = AppManifest::from_value(
            f.get("app").ok_or_else(|| field("app", "is missing"))?,
            "app.",
        )?;
        app.check("app.", true)?;
        let publisher: AccountId = f
            .string("publisher")?
            .parse()
            .map_err(|e| field("publisher", format!("{e}")))?;
        let signature = f.string("signature")?;
        let bundle = Self {
            format,
            app,
            publisher,
            signature,
        };
        bundle.verify()?;
        Ok(bundle)
    }

    /// Checks the signature.
    pub fn verify(&self) -> Result<(), ManifestError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(self.signature.trim_end_matches('='))
            .map_err(|_| field("signature", "is not base64url"))?;
        let signature: [u8; SIGNATURE_LEN] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| field("signature", format!("must be {SIGNATURE_LEN} bytes")))?;
        if self
            .publisher
            .verify(Domain::AppManifest, &self.app.signed_bytes(), &signature)
        {
            Ok(())
        } else {
            Err(ManifestError::BadSignature {
                publisher: self.publisher,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODO: &str = r#"{ "id": "todo", "name": "Shared to-do", "version": "1.0.0",
      "description": "A to-do list you share with friends",
      "icon": "icon.svg", "ui": "index.html", "script": "node.js",
      "permissions": ["social.read"],
      "kinds": [{"name": "item", "description": "A to-do item"}] }"#;

    fn published() -> AppManifest {
        let mut app = parse_source(TODO.as_bytes()).unwrap();
        for (path, size) in [("index.html", 120), ("node.js", 80), ("icon.svg", 300)] {
            app.files.insert(
                path.into(),
                FileEntry {
                    hash: blake3::hash(path.as_bytes()).to_hex().to_string(),
                    size,
                },
            );
        }
        app
    }

    fn error_of(source: &str) -> String {
        parse_source(source.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn the_design_example_parses() {
        let app = parse_source(TODO.as_bytes()).unwrap();
        assert_eq!(app.id, "todo");
        assert_eq!(app.kind_names(), ["app.todo.item"]);
        assert_eq!(app.parsed_version(), Version::parse("1.0.0").unwrap());
    }

    #[test]
    fn malformed_manifests_name_the_field() {
        let cases = [
            (TODO.replace(r#""id": "todo""#, r#""id": "To Do""#), "id:"),
            (
                TODO.replace(r#""version": "1.0.0""#, r#""version": "1.0""#),
                "version:",
            ),
            (
                TODO.replace(r#""name": "Shared to-do""#, r#""name": 7"#),
                "name: must be a string",
            ),
            (
                TODO.replace(r#""ui": "index.html", "#, ""),
                "ui: is missing",
            ),
            (
                TODO.replace(r#""script": "node.js""#, r#""script": "../x.js""#),
                "script:",
            ),
            (
                TODO.replace(r#""name": "item""#, r#""name": "Item!""#),
                "kinds[0].name:",
            ),
            (
                TODO.replace(r#""social.read""#, r#""app.other""#),
                "permissions[0]:",
            ),
            (
                TODO.replace(r#""ui":"#, r#""colour": 1, "ui":"#),
                "colour: is not a manifest field",
            ),
            (
                TODO.replace(r#""icon": "icon.svg""#, r#""icon": "_supernet/sdk.js""#),
                "icon:",
            ),
        ];
        for (source, expected) in cases {
            let error = error_of(&source);
            assert!(error.starts_with(expected), "{expected:?} in {error:?}");
        }
        assert!(error_of("[1]").contains("must be a JSON object"));
        assert!(error_of("{").contains("not valid JSON"));
    }

    #[test]
    fn versions_order_numerically() {
        let v = |t| Version::parse(t).unwrap();
        assert!(v("1.10.0") > v("1.9.9"));
        assert!(v("2.0.0") > v("1.99.99"));
        for bad in ["1", "1.0", "1.0.0.0", "1.x.0", "-1.0.0", "1..0", " 1.0.0"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_signed_bundle_round_trips_and_any_change_breaks_it() {
        let key = SecretKey::generate();
        let bundle = Bundle::sign(published(), &key).unwrap();
        let bytes = bundle.to_bytes();
        assert_eq!(Bundle::parse(&bytes).unwrap(), bundle);

        // Another version, same signature: refused.
        let mut changed = bundle.clone();
        changed.app.version = "1.0.1".into();
        let err = Bundle::parse(&changed.to_bytes()).unwrap_err();
        assert!(matches!(err, ManifestError::BadSignature { .. }), "{err}");

        // Another publisher claiming the signature: refused.
        let mut claimed = bundle.clone();
        claimed.publisher = SecretKey::generate().account();
        assert!(matches!(
            Bundle::parse(&claimed.to_bytes()),
            Err(ManifestError::BadSignature { .. })
        ));

        // An unsigned field smuggled in is refused, not ignored.
        let mut value: Value = serde_json::from_slice(&bytes).unwrap();
        value["app"]["extra"] = Value::Bool(true);
        let err = Bundle::parse(&serde_json::to_vec(&value).unwrap()).unwrap_err();
        assert!(err.to_string().starts_with("app.extra:"), "{err}");
    }

    #[test]
    fn limits_are_enforced() {
        let key = SecretKey::generate();
        let mut big = published();
        big.files.get_mut("index.html").unwrap().size = MAX_BUNDLE_BYTES;
        assert!(matches!(
            Bundle::sign(big, &key),
            Err(ManifestError::TooLarge { .. })
        ));
        let mut many = published();
        for i in 0..MAX_FILES {
            many.files.insert(
                format!("f{i}.txt"),
                FileEntry {
                    hash: "0".repeat(64),
                    size: 1,
                },
            );
        }
        assert!(matches!(
            Bundle::sign(many, &key),
            Err(ManifestError::TooLarge { .. })
        ));
        let mut missing = published();
        missing.files.remove("node.js");
        let err = Bundle::sign(missing, &key).unwrap_err().to_string();
        assert!(err.starts_with("app.script: names \"node.js\""), "{err}");
        let huge = vec![b' '; MAX_MANIFEST_BYTES + 1];
        assert!(matches!(
            Bundle::parse(&huge),
            Err(ManifestError::TooLarge { .. })
        ));
        let err: ApiError = ManifestError::BadSignature {
            publisher: key.account(),
        }
        .into();
        assert_eq!(err.code, ErrorCode::BadSignature);
    }

    #[test]
    fn paths_stay_inside_the_bundle() {
        for good in ["index.html", "img/a.png", "a-b_c.d/e"] {
            assert!(check_path(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "./a",
            "a\\b",
            "manifest.json",
            "_supernet/sdk.js",
            "a\nb",
        ] {
            assert!(check_path(bad).is_err(), "{bad:?}");
        }
    }
}
