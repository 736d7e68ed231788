//! The cryptography of chats, in one place.
//!
//! - Each account has an X25519 key for chats, derived from its account seed (context
//!   [`KEY_CONTEXT`]) and published in a signed `chat.key` event.
//! - A conversation key (32 random bytes) is sealed to each member's X25519 key with HPKE
//!   (RFC 9180, base mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305),
//!   bound to the conversation and epoch as associated data.
//! - Messages are ChaCha20-Poly1305 under the conversation key with a random 96-bit nonce
//!   (at most a few million messages per key, far below where random nonces repeat), bound
//!   to the conversation, the key event and the author.

use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};

/// What the account seed is stretched with to make the chat key.
pub const KEY_CONTEXT: &str = "supernet 2026 chat x25519 key v1";
/// HPKE `info`: what a sealed key is for.
const SEAL_INFO: &[u8] = b"supernet chat conversation key v1";
/// Bytes of an X25519 public key or an HPKE encapsulated key.
pub const KEY_LEN: usize = 32;

/// A member's chat key pair.
pub struct ChatKey {
    secret: <X25519HkdfSha256 as hpke::Kem>::PrivateKey,
    public: [u8; KEY_LEN],
}

impl std::fmt::Debug for ChatKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ChatKey({})", hex::encode(self.public))
    }
}

impl ChatKey {
    /// The key pair made from a 32-byte secret (the account's derived chat secret).
    pub fn from_secret(secret: &[u8; 32]) -> Self {
        let (secret, public) = X25519HkdfSha256::derive_keypair(secret);
        let public = public.to_bytes().into();
        Self { secret, public }
    }

    /// The public half, as `chat.key` publishes it.
    pub fn public(&self) -> [u8; KEY_LEN] {
        self.public
    }

    /// Opens a conversation key sealed to this key.
    pub fn open(&self, sealed: &Sealed, aad: &[u8]) -> Result<Vec<u8>, String> {
        let enc = <X25519HkdfSha256 as hpke::Kem>::EncappedKey::from_bytes(&sealed.enc)
            .map_err(|e| format!("a sealed key is malformed: {e}"))?;
        hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, X25519HkdfSha256>(
            &OpModeR::Base,
            &self.secret,
            &enc,
            SEAL_INFO,
            &sealed.ct,
            aad,
        )
        .map_err(|_| "this key cannot open it (not sealed to this account, or altered)".into())
    }
}

/// A conversation key sealed to one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// HPKE's encapsulated key.
    pub enc: Vec<u8>,
    /// The sealed payload.
    pub ct: Vec<u8>,
}

/// Seals `payload` to the X25519 public key `to`.
pub fn seal(to: &[u8; KEY_LEN], payload: &[u8], aad: &[u8]) -> Result<Sealed, String> {
    let public = <X25519HkdfSha256 as hpke::Kem>::PublicKey::from_bytes(to)
        .map_err(|e| format!("a chat key is malformed: {e}"))?;
    let (enc, ct) = hpke::single_shot_seal::<ChaCha20Poly1305, HkdfSha256, X25519HkdfSha256>(
        &OpModeS::Base,
        &public,
        SEAL_INFO,
        payload,
        aad,
    )
    .map_err(|e| format!("sealing failed: {e}"))?;
    Ok(Sealed {
        enc: enc.to_bytes().to_vec(),
        ct,
    })
}

/// 32 random bytes: a new conversation key, or a group's salt.
pub fn random32() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .expect("the operating system's random source is available");
    bytes
}

fn cipher(key: &[u8]) -> Result<LessSafeKey, String> {
    UnboundKey::new(&CHACHA20_POLY1305, key)
        .map(LessSafeKey::new)
        .map_err(|_| "a conversation key is 32 bytes".into())
}

/// Encrypts a message under a conversation key: `nonce || ciphertext || tag`.
pub fn encrypt(key: &[u8], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, String> {
    let mut nonce = [0u8; NONCE_LEN];
    SystemRandom::new()
        .fill(&mut nonce)
        .map_err(|_| "no random source")?;
    let mut out = plaintext.to_vec();
    cipher(key)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut out,
        )
        .map_err(|_| "encryption failed")?;
    let mut sealed = nonce.to_vec();
    sealed.extend(out);
    Ok(sealed)
}

/// Decrypts what [`encrypt`] made.
pub fn decrypt(key: &[u8], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, String> {
    if sealed.len() < NONCE_LEN {
        return Err("a message is too short to be one".into());
    }
    let (nonce, ct) = sealed.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| "bad nonce")?;
    let mut buf = ct.to_vec();
    let plain = cipher(key)?
        .open_in_place(nonce, Aad::from(aad), &mut buf)
        .map_err(|_| "the message does not open with this key (altered, or another key)")?;
    Ok(plain.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_keys_open_only_for_their_member() {
        let alice = ChatKey::from_secret(&[1; 32]);
        let bob = ChatKey::from_secret(&[2; 32]);
        let sealed = seal(&alice.public(), b"conversation key", b"conv 1").unwrap();
        assert_eq!(alice.open(&sealed, b"conv 1").unwrap(), b"conversation key");
        assert!(
            bob.open(&sealed, b"conv 1").is_err(),
            "another member's seal"
        );
        assert!(
            alice.open(&sealed, b"conv 2").is_err(),
            "bound to its conversation"
        );
        assert_eq!(
            ChatKey::from_secret(&[1; 32]).public(),
            alice.public(),
            "derived, stable"
        );
    }

    #[test]
    fn messages_round_trip_and_refuse_tampering() {
        let key = random32();
        let sealed = encrypt(&key, b"hello", b"ctx").unwrap();
        assert_eq!(decrypt(&key, &sealed, b"ctx").unwrap(), b"hello");
        assert!(decrypt(&key, &sealed, b"other").is_err());
        let mut bad = sealed.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(decrypt(&key, &bad, b"ctx").is_err());
        assert!(decrypt(&random32(), &sealed, b"ctx").is_err());
    }
}
