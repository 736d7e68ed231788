//! The keystore: an account's secret key at rest, encrypted under a passphrase.
//!
//! The file is JSON so a person can see what it is. Its public part (account id, name,
//! creation time) is readable without the passphrase; the 32-byte seed is sealed with
//! ChaCha20-Poly1305 (`ring`) under a key derived from the passphrase with Argon2id. The
//! public part is the AEAD's associated data, so editing it breaks the seal. A keystore may
//! also be stored unprotected (the user asked for `--no-passphrase`): the seed is then in
//! the clear and the file says so.
//!
//! This module turns bytes into bytes; reading and writing the file is the node's job.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ring::aead::{self, Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::identity::{AccountId, KEY_LEN, SecretKey};

/// The `format` field of every keystore file.
const FORMAT: &str = "supernet-keystore";
/// The keystore layout this code writes and reads.
const VERSION: u32 = 1;
/// Salt length for Argon2id: 16 bytes is the length RFC 9106 recommends.
const SALT_LEN: usize = 16;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes over memory.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// What new keystores use: 64 MiB and 3 passes, above RFC 9106's second recommended
    /// option (64 MiB, t=3), about a third of a second on these 2-core machines; a
    /// guessing attacker pays the same per try.
    pub const DEFAULT: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };

    /// Cheap parameters for tests of this module only; never used for a real keystore.
    pub const INSECURE_FOR_TESTS: KdfParams = KdfParams {
        m_kib: 64,
        t: 1,
        p: 1,
    };

    /// Upper bounds accepted when reading a file, so a crafted keystore cannot make the
    /// node allocate gigabytes or spin for minutes: 1 GiB, 16 passes, 8 lanes.
    fn within_bounds(&self) -> bool {
        (8..=1024 * 1024).contains(&self.m_kib)
            && (1..=16).contains(&self.t)
            && (1..=8).contains(&self.p)
    }
}

/// The public facts of a keystore, readable without the passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeystoreInfo {
    /// The account this keystore holds the key of.
    pub account: AccountId,
    /// The display name chosen at `init`, if any.
    pub name: Option<String>,
    /// When the keystore was created, milliseconds since the Unix epoch.
    pub created_at: u64,
}

/// How the seed is stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "protection", rename_all = "snake_case")]
enum Secret {
    /// Sealed with ChaCha20-Poly1305 under an Argon2id key.
    Argon2idChacha20poly1305 {
        kdf: KdfParams,
        salt: String,
        nonce: String,
        ciphertext: String,
    },
    /// In the clear: the user chose no passphrase.
    None { seed: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeystoreFile {
    format: String,
    version: u32,
    #[serde(flatten)]
    info: KeystoreInfo,
    secret: Secret,
}

/// Why a keystore could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeystoreError {
    /// The passphrase does not open this keystore.
    #[error(
        "wrong passphrase: it does not open the keystore of {0}; try again, or restore the key from its recovery phrase"
    )]
    WrongPassphrase(AccountId),
    /// The keystore is encrypted and no passphrase was given.
    #[error(
        "the keystore of {0} is protected by a passphrase: set SUPERNET_PASSPHRASE or run interactively"
    )]
    PassphraseRequired(AccountId),
    /// The bytes are not a keystore this version understands, or were altered.
    #[error("the keystore is corrupt: {0}; restore it from a backup or from the recovery phrase")]
    Corrupt(String),
}

/// A keystore read from its file, still locked.
#[derive(Debug, Clone)]
pub struct Keystore {
    file: KeystoreFile,
}

impl Keystore {
    /// Seals `key` under `passphrase` (or stores it unprotected when `passphrase` is `None`).
    /// Returns the file's bytes.
    pub fn seal(
        key: &SecretKey,
        name: Option<String>,
        created_at: u64,
        passphrase: Option<&str>,
        kdf: KdfParams,
    ) -> Vec<u8> {
        let info = KeystoreInfo {
            account: key.account(),
            name,
            created_at,
        };
        let secret = match passphrase {
            None => Secret::None {
                seed: B64.encode(key.seed()),
            },
            Some(passphrase) => {
                let rng = SystemRandom::new();
                let mut salt = [0u8; SALT_LEN];
                let mut nonce = [0u8; aead::NONCE_LEN];
                rng.fill(&mut salt).expect("OS random source");
                rng.fill(&mut nonce).expect("OS random source");
                let sealing = derive_key(passphrase, &salt, kdf).expect("valid KDF parameters");
                let mut in_out = key.seed().to_vec();
                sealing
                    .seal_in_place_append_tag(
                        Nonce::assume_unique_for_key(nonce),
                        Aad::from(associated_data(&info)),
                        &mut in_out,
                    )
                    .expect("sealing 32 bytes cannot fail");
                Secret::Argon2idChacha20poly1305 {
                    kdf,
                    salt: B64.encode(salt),
                    nonce: B64.encode(nonce),
                    ciphertext: B64.encode(&in_out),
                }
            }
        };
        let file = KeystoreFile {
            format: FORMAT.to_owned(),
            version: VERSION,
            info,
            secret,
        };
        serde_json::to_vec_pretty(&file).expect("keystore serialises")
    }

    /// Reads a keystore file's bytes without unlocking it.
    pub fn parse(bytes: &[u8]) -> Result<Self, KeystoreError> {
        let file: KeystoreFile = serde_json::from_slice(bytes)
            .map_err(|e| KeystoreError::Corrupt(format!("not a keystore file ({e})")))?;
        if file.format != FORMAT {
            return Err(KeystoreError::Corrupt(format!(
                "format is {:?}, expected {FORMAT:?}",
                file.format
            )));
        }
        if file.version != VERSION {
            return Err(KeystoreError::Corrupt(format!(
                "keystore version {} is not supported (this build reads version {VERSION}); update Supernet",
                file.version
            )));
        }
        Ok(Self { file })
    }

    /// The public facts: account, name, creation time.
    pub fn info(&self) -> &KeystoreInfo {
        &self.file.info
    }

    /// Whether a passphrase is needed to unlock.
    pub fn is_protected(&self) -> bool {
        matches!(self.file.secret, Secret::Argon2idChacha20poly1305 { .. })
    }

    /// Unlocks the key. `passphrase` is ignored for an unprotected keystore.
    pub fn unlock(&self, passphrase: Option<&str>) -> Result<SecretKey, KeystoreError> {
        let account = self.file.info.account;
        let seed: Zeroizing<Vec<u8>> = match &self.file.secret {
            Secret::None { seed } => Zeroizing::new(decode_b64("seed", seed)?),
            Secret::Argon2idChacha20poly1305 {
                kdf,
                salt,
                nonce,
                ciphertext,
            } => {
                let passphrase = passphrase.ok_or(KeystoreError::PassphraseRequired(account))?;
                if !kdf.within_bounds() {
                    return Err(KeystoreError::Corrupt(format!(
                        "key-derivation parameters {kdf:?} are out of bounds"
                    )));
                }
                let salt = decode_b64("salt", salt)?;
                let nonce: [u8; aead::NONCE_LEN] = decode_b64("nonce", nonce)?
                    .try_into()
                    .map_err(|_| KeystoreError::Corrupt("nonce has the wrong length".into()))?;
                let mut in_out = Zeroizing::new(decode_b64("ciphertext", ciphertext)?);
                if in_out.len() != KEY_LEN + CHACHA20_POLY1305.tag_len() {
                    return Err(KeystoreError::Corrupt(
                        "ciphertext has the wrong length".into(),
                    ));
                }
                let opening = derive_key(passphrase, &salt, *kdf)?;
                let plain = opening
                    .open_in_place(
                        Nonce::assume_unique_for_key(nonce),
                        Aad::from(associated_data(&self.file.info)),
                        &mut in_out,
                    )
                    .map_err(|_| KeystoreError::WrongPassphrase(account))?;
                Zeroizing::new(plain.to_vec())
            }
        };
        let seed: [u8; KEY_LEN] = seed
            .as_slice()
            .try_into()
            .map_err(|_| KeystoreError::Corrupt("seed has the wrong length".into()))?;
        let key = SecretKey::from_seed(seed);
        if key.account() != account {
            return Err(KeystoreError::Corrupt(
                "the stored key does not belong to the stored account".into(),
            ));
        }
        Ok(key)
    }
}

/// The associated data binding the sealed seed to the public facts.
fn associated_data(info: &KeystoreInfo) -> Vec<u8> {
    let mut aad = Vec::from(&b"supernet/keystore/v1\0"[..]);
    aad.extend_from_slice(&serde_json::to_vec(info).expect("info serialises"));
    aad
}

fn derive_key(passphrase: &str, salt: &[u8], kdf: KdfParams) -> Result<LessSafeKey, KeystoreError> {
    let params = argon2::Params::new(kdf.m_kib, kdf.t, kdf.p, Some(KEY_LEN))
        .map_err(|e| KeystoreError::Corrupt(format!("key-derivation parameters: {e}")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| KeystoreError::Corrupt(format!("key derivation failed: {e}")))?;
    let unbound = UnboundKey::new(&CHACHA20_POLY1305, key.as_ref()).expect("32-byte ChaCha20 key");
    Ok(LessSafeKey::new(unbound))
}

fn decode_b64(field: &str, text: &str) -> Result<Vec<u8>, KeystoreError> {
    B64.decode(text)
        .map_err(|e| KeystoreError::Corrupt(format!("field {field:?} is not base64 ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KDF: KdfParams = KdfParams::INSECURE_FOR_TESTS;

    fn sealed(passphrase: Option<&str>) -> (SecretKey, Vec<u8>) {
        let key = SecretKey::generate();
        let bytes = Keystore::seal(
            &key,
            Some("alice".into()),
            1_700_000_000_000,
            passphrase,
            KDF,
        );
        (key, bytes)
    }

    #[test]
    fn right_passphrase_unlocks_the_same_key() {
        let (key, bytes) = sealed(Some("correct horse"));
        let store = Keystore::parse(&bytes).unwrap();
        assert!(store.is_protected());
        assert_eq!(store.info().account, key.account());
        assert_eq!(store.info().name.as_deref(), Some("alice"));
        let unlocked = store.unlock(Some("correct horse")).unwrap();
        assert_eq!(unlocked.seed(), key.seed());
    }

    #[test]
    fn seed_is_not_in_the_file_when_protected() {
        let (key, bytes) = sealed(Some("pw"));
        let seed_b64 = B64.encode(key.seed());
        assert!(!String::from_utf8(bytes).unwrap().contains(&seed_b64));
    }

    #[test]
    fn wrong_or_missing_passphrase_is_named() {
        let (key, bytes) = sealed(Some("correct horse"));
        let store = Keystore::parse(&bytes).unwrap();
        assert_eq!(
            store.unlock(Some("wrong horse")).unwrap_err(),
            KeystoreError::WrongPassphrase(key.account())
        );
        assert_eq!(
            store.unlock(None).unwrap_err(),
            KeystoreError::PassphraseRequired(key.account())
        );
    }

    #[test]
    fn unprotected_keystore_opens_without_passphrase() {
        let (key, bytes) = sealed(None);
        let store = Keystore::parse(&bytes).unwrap();
        assert!(!store.is_protected());
        assert_eq!(store.unlock(None).unwrap().account(), key.account());
    }

    #[test]
    fn garbage_and_foreign_files_are_corrupt() {
        for bytes in [
            &b""[..],
            b"\x00\x01garbage",
            b"{\"format\":\"something-else\"}",
        ] {
            assert!(matches!(
                Keystore::parse(bytes),
                Err(KeystoreError::Corrupt(_))
            ));
        }
        let (_, bytes) = sealed(Some("pw"));
        let text = String::from_utf8(bytes)
            .unwrap()
            .replace("\"version\": 1", "\"version\": 9");
        assert!(matches!(
            Keystore::parse(text.as_bytes()),
            Err(KeystoreError::Corrupt(m)) if m.contains("version 9")
        ));
    }

    #[test]
    fn edited_public_part_breaks_the_seal() {
        let (_, bytes) = sealed(Some("pw"));
        let text = String::from_utf8(bytes)
            .unwrap()
            .replace("alice", "mallory");
        let store = Keystore::parse(text.as_bytes()).unwrap();
        assert!(matches!(
            store.unlock(Some("pw")),
            Err(KeystoreError::WrongPassphrase(_))
        ));
    }

    #[test]
    fn swapped_account_in_unprotected_file_is_corrupt() {
        let (_, bytes) = sealed(None);
        let other = SecretKey::generate().account().to_text();
        let mut file: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        file["account"] = other.into();
        let store = Keystore::parse(&serde_json::to_vec(&file).unwrap()).unwrap();
        assert!(matches!(store.unlock(None), Err(KeystoreError::Corrupt(_))));
    }

    #[test]
    fn absurd_kdf_parameters_are_refused_before_any_work() {
        let (_, bytes) = sealed(Some("pw"));
        let mut file: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        file["secret"]["kdf"]["m_kib"] = (64u64 * 1024 * 1024).into();
        let store = Keystore::parse(&serde_json::to_vec(&file).unwrap()).unwrap();
        assert!(
            matches!(store.unlock(Some("pw")), Err(KeystoreError::Corrupt(m)) if m.contains("out of bounds"))
        );
    }
}
