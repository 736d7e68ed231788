//! Account identity: an Ed25519 key pair (through `ring`), the account id's checksummed text
//! form, domain-separated signatures, and the recovery phrase that restores a key.
//!
//! The account id is the 32-byte Ed25519 public key. People see it as bech32m text with the
//! human-readable part `sn` (`sn1…`): the checksum catches typos and swapped characters, and
//! the alphabet avoids look-alike characters, which matters for an id people copy by hand.

use std::fmt;
use std::str::FromStr;

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32m, Hrp};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use zeroize::Zeroizing;

/// Human-readable part of an account id's text form: short, and says "supernet".
const ACCOUNT_HRP: Hrp = Hrp::parse_unchecked("sn");

/// Length of an Ed25519 public key, secret seed and signature half.
pub const KEY_LEN: usize = 32;
/// Length of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;

/// An account id: the Ed25519 public key of the account.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId([u8; KEY_LEN]);

/// Why a text could not be read as an account id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AccountIdError {
    /// The text is not bech32m with a valid checksum (a typo, or a truncated copy).
    #[error("not an account id: {0} (an account id looks like sn1… and has 61 characters)")]
    Malformed(String),
    /// The text is valid bech32m but for another purpose.
    #[error("not an account id: it starts with {0:?}, an account id starts with \"sn1\"")]
    WrongPrefix(String),
    /// The decoded key has the wrong length.
    #[error("not an account id: it holds {0} bytes, an account id holds 32")]
    WrongLength(usize),
}

impl AccountId {
    /// The account id of these 32 public-key bytes.
    pub const fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    /// The public-key bytes.
    pub const fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The checksummed text form (`sn1…`).
    pub fn to_text(&self) -> String {
        bech32::encode::<Bech32m>(ACCOUNT_HRP, &self.0)
            .expect("32 bytes always fit a bech32m string")
    }

    /// Whether `signature` is this account's signature of `message` in `domain`.
    pub fn verify(&self, domain: Domain, message: &[u8], signature: &[u8; SIGNATURE_LEN]) -> bool {
        verify_raw(&self.0, domain, message, signature)
    }
}

/// Checks an Ed25519 signature made by [`SecretKey::sign`] in `domain` with the key `public`.
pub fn verify_raw(
    public: &[u8; KEY_LEN],
    domain: Domain,
    message: &[u8],
    signature: &[u8; SIGNATURE_LEN],
) -> bool {
    let signed = domain.frame(message);
    UnparsedPublicKey::new(&ED25519, public)
        .verify(&signed, signature)
        .is_ok()
}

impl FromStr for AccountId {
    type Err = AccountIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let checked = CheckedHrpstring::new::<Bech32m>(text.trim())
            .map_err(|e| AccountIdError::Malformed(e.to_string()))?;
        if checked.hrp() != ACCOUNT_HRP {
            return Err(AccountIdError::WrongPrefix(checked.hrp().to_string()));
        }
        let bytes: Vec<u8> = checked.byte_iter().collect();
        let key: [u8; KEY_LEN] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| AccountIdError::WrongLength(bytes.len()))?;
        Ok(Self(key))
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountId({})", self.to_text())
    }
}

impl serde::Serialize for AccountId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_text())
    }
}

impl<'de> serde::Deserialize<'de> for AccountId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for AccountId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AccountId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An account id: the account's Ed25519 public key as bech32m text (sn1…)",
            "pattern": "^sn1[02-9ac-hj-np-z]{58}$"
        })
    }
}

/// What a signature is for. Each domain prefixes the signed bytes with its own tag, so a
/// signature made for one purpose can never be replayed as another (an event signature is
/// never a valid delegation, a login proof or a payment countersignature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Domain {
    /// The signature of an event (over its id, the BLAKE3 hash of its canonical encoding).
    Event,
    /// An account key certifying a device key to sign on its behalf.
    Delegation,
    /// A mini-app's publisher signing its bundle's manifest (see [`crate::manifest`]).
    AppManifest,
}

impl Domain {
    /// The tag prepended to the signed message. Every tag ends in a NUL byte, so no tag is a
    /// prefix of another.
    const fn tag(self) -> &'static [u8] {
        match self {
            Domain::Event => b"supernet/event/v1\0",
            Domain::Delegation => b"supernet/delegation/v1\0",
            Domain::AppManifest => b"supernet/app-manifest/v1\0",
        }
    }

    fn frame(self, message: &[u8]) -> Vec<u8> {
        let tag = self.tag();
        let mut framed = Vec::with_capacity(tag.len() + message.len());
        framed.extend_from_slice(tag);
        framed.extend_from_slice(message);
        framed
    }
}

/// An account's secret key. Its 32-byte seed is wiped from memory when dropped.
pub struct SecretKey {
    seed: Zeroizing<[u8; KEY_LEN]>,
    pair: Ed25519KeyPair,
}

/// Why a recovery phrase could not restore a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecoveryError {
    /// The phrase is not 24 words of the BIP-39 English list with a valid checksum.
    #[error("recovery phrase not accepted: {0}; check each of the 24 words and their order")]
    Invalid(String),
    /// The phrase is valid BIP-39 but holds fewer than 256 bits (not a Supernet phrase).
    #[error("recovery phrase has {0} words; a Supernet recovery phrase has 24")]
    WrongLength(usize),
}

impl SecretKey {
    /// A new random key from the operating system's secure random source.
    pub fn generate() -> Self {
        let mut seed = Zeroizing::new([0u8; KEY_LEN]);
        SystemRandom::new()
            .fill(seed.as_mut())
            .expect("the operating system's random source is available");
        Self::from_seed(*seed)
    }

    /// The key for this 32-byte seed.
    pub fn from_seed(seed: [u8; KEY_LEN]) -> Self {
        let pair = Ed25519KeyPair::from_seed_unchecked(&seed)
            .expect("every 32-byte string is a valid Ed25519 seed");
        Self {
            seed: Zeroizing::new(seed),
            pair,
        }
    }

    /// The 32-byte seed, for the keystore.
    pub fn seed(&self) -> &[u8; KEY_LEN] {
        &self.seed
    }

    /// A 32-byte secret for one purpose (`context`, e.g. "supernet chat x25519 v1"),
    /// derived from the seed: another key of the same account (an encryption key) without
    /// storing a second secret, and without showing the seed to whoever asks.
    pub fn derive(&self, context: &str) -> Zeroizing<[u8; KEY_LEN]> {
        Zeroizing::new(blake3::derive_key(context, self.seed.as_ref()))
    }

    /// The account this key signs for.
    pub fn account(&self) -> AccountId {
        let public: [u8; KEY_LEN] = self
            .pair
            .public_key()
            .as_ref()
            .try_into()
            .expect("Ed25519 public keys are 32 bytes");
        AccountId(public)
    }

    /// Signs `message` for the purpose `domain`.
    pub fn sign(&self, domain: Domain, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        let signature = self.pair.sign(&domain.frame(message));
        signature
            .as_ref()
            .try_into()
            .expect("Ed25519 signatures are 64 bytes")
    }

    /// The 24-word BIP-39 (English) phrase that restores this key.
    pub fn recovery_phrase(&self) -> Zeroizing<String> {
        let mnemonic = bip39::Mnemonic::from_entropy(self.seed.as_ref())
            .expect("32 bytes is a valid BIP-39 entropy length");
        Zeroizing::new(mnemonic.to_string())
    }

    /// Restores a key from its recovery phrase. Extra spaces and letter case are forgiven.
    pub fn from_recovery_phrase(phrase: &str) -> Result<Self, RecoveryError> {
        let normalised = Zeroizing::new(
            phrase
                .split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" "),
        );
        let words = normalised.split(' ').filter(|w| !w.is_empty()).count();
        let mnemonic = bip39::Mnemonic::parse_in(bip39::Language::English, normalised.as_str())
            .map_err(|e| RecoveryError::Invalid(e.to_string()))?;
        let entropy = Zeroizing::new(mnemonic.to_entropy());
        let seed: [u8; KEY_LEN] = entropy
            .as_slice()
            .try_into()
            .map_err(|_| RecoveryError::WrongLength(words))?;
        Ok(Self::from_seed(seed))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({}, secret hidden)", self.account())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_id_text_round_trips_and_has_fixed_shape() {
        let key = SecretKey::generate();
        let text = key.account().to_text();
        assert!(text.starts_with("sn1"), "{text}");
        assert_eq!(text.len(), 61);
        assert_eq!(text.parse::<AccountId>().unwrap(), key.account());
    }

    #[test]
    fn account_id_checksum_catches_a_typo() {
        let text = SecretKey::generate().account().to_text();
        let mut chars: Vec<char> = text.chars().collect();
        chars[10] = if chars[10] == 'q' { 'p' } else { 'q' };
        let typo: String = chars.into_iter().collect();
        assert!(matches!(
            typo.parse::<AccountId>(),
            Err(AccountIdError::Malformed(_))
        ));
    }

    #[test]
    fn account_id_refuses_other_prefixes_and_lengths() {
        let other = bech32::encode::<Bech32m>(Hrp::parse("npub").unwrap(), &[7u8; 32]).unwrap();
        assert!(matches!(
            other.parse::<AccountId>(),
            Err(AccountIdError::WrongPrefix(_))
        ));
        let short = bech32::encode::<Bech32m>(ACCOUNT_HRP, &[7u8; 20]).unwrap();
        assert_eq!(
            short.parse::<AccountId>(),
            Err(AccountIdError::WrongLength(20))
        );
    }

    #[test]
    fn signatures_are_domain_separated() {
        let key = SecretKey::generate();
        let sig = key.sign(Domain::Event, b"hello");
        assert!(key.account().verify(Domain::Event, b"hello", &sig));
        assert!(!key.account().verify(Domain::Delegation, b"hello", &sig));
        assert!(!key.account().verify(Domain::Event, b"hellO", &sig));
    }

    #[test]
    fn recovery_phrase_restores_the_same_key() {
        let key = SecretKey::generate();
        let phrase = key.recovery_phrase();
        assert_eq!(phrase.split(' ').count(), 24);
        let shouted = format!("  {}  ", phrase.to_uppercase().replace(' ', "   "));
        let restored = SecretKey::from_recovery_phrase(&shouted).unwrap();
        assert_eq!(restored.account(), key.account());
        assert_eq!(restored.seed(), key.seed());
    }

    #[test]
    fn recovery_phrase_rejects_bad_words_checksum_and_short_phrases() {
        let key = SecretKey::generate();
        let phrase = key.recovery_phrase();
        let mut words: Vec<&str> = phrase.split(' ').collect();
        words.swap(0, 1);
        let swapped = words.join(" ");
        if swapped != *phrase {
            assert!(SecretKey::from_recovery_phrase(&swapped).is_err());
        }
        assert!(matches!(
            SecretKey::from_recovery_phrase("banana ".repeat(24).trim()),
            Err(RecoveryError::Invalid(_))
        ));
        let twelve = bip39::Mnemonic::from_entropy(&[1u8; 16])
            .unwrap()
            .to_string();
        assert_eq!(
            SecretKey::from_recovery_phrase(&twelve).unwrap_err(),
            RecoveryError::WrongLength(12)
        );
    }
}
