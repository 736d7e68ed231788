//! Files sealed for a few readers: a chat's attachments. The file is cut into chunks of
//! [`CHUNK`] bytes, each encrypted with ChaCha20-Poly1305 under a key of its own (32 random
//! bytes, sent only inside the encrypted message) — the STREAM construction of Hoang,
//! Reyhanitabar, Rogaway and Vizár: chunk `i` uses the nonce `i` (64-bit big-endian) with a
//! last-chunk flag, so chunks cannot be reordered, dropped or cut short without the opener
//! noticing. The sealed file is an ordinary blob: relays store and serve it without being
//! able to read it, and a reader can open any chunk on its own.
//!
//! ```text
//! plain:  [ CHUNK ][ CHUNK ] … [ ≤ CHUNK ]            (an empty file is one empty last chunk)
//! sealed: [ CHUNK + TAG ][ CHUNK + TAG ] … [ ≤ CHUNK + TAG ]
//! nonce:  i as u64 big-endian ‖ 0 0 0 ‖ 1 if last else 0
//! ```

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

/// Plain bytes per chunk: small enough that a reader seeking in a video opens little more
/// than it shows, large enough that the 16-byte tags cost 0.02%.
pub const CHUNK: usize = 64 * 1024;
/// Bytes a chunk grows by when sealed (the Poly1305 tag).
pub const TAG: usize = 16;
/// Bytes of a sealed chunk that is not the last.
pub const SEALED_CHUNK: usize = CHUNK + TAG;
/// Bytes of a file key.
pub const KEY_LEN: usize = 32;

/// What went wrong opening a sealed file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SealedFileError {
    /// A chunk did not open: another key, or the data was altered, cut or reordered.
    #[error(
        "chunk {0} of the sealed file does not open with its key (altered, cut short, or another file)"
    )]
    Chunk(u64),
    /// A chunk has an impossible length.
    #[error("chunk {0} of the sealed file has {1} bytes, which no sealed chunk has")]
    Length(u64, usize),
}

/// Sealed size of a file of `plain` bytes.
pub fn sealed_size(plain: u64) -> u64 {
    plain + chunks(plain) * TAG as u64
}

/// Plain size of a sealed file of `sealed` bytes, when that is a possible sealed size.
pub fn plain_size(sealed: u64) -> Option<u64> {
    let full = sealed / SEALED_CHUNK as u64;
    let rest = sealed % SEALED_CHUNK as u64;
    // Every file ends with a last chunk of at least its tag (an empty file is one).
    let plain = match rest {
        0 if full > 0 => full * CHUNK as u64,
        r if r >= TAG as u64 => full * CHUNK as u64 + r - TAG as u64,
        _ => return None,
    };
    (sealed_size(plain) == sealed).then_some(plain)
}

/// Chunks of a file of `plain` bytes (at least one).
pub fn chunks(plain: u64) -> u64 {
    plain.div_ceil(CHUNK as u64).max(1)
}

fn nonce(index: u64, last: bool) -> Nonce {
    let mut n = [0u8; NONCE_LEN];
    n[..8].copy_from_slice(&index.to_be_bytes());
    n[NONCE_LEN - 1] = u8::from(last);
    Nonce::assume_unique_for_key(n)
}

/// A file key, for sealing or opening one file's chunks.
pub struct FileKey(LessSafeKey);

impl std::fmt::Debug for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileKey(…)")
    }
}

impl FileKey {
    /// The key for `bytes`.
    pub fn new(bytes: &[u8; KEY_LEN]) -> Self {
        let key = UnboundKey::new(&CHACHA20_POLY1305, bytes).expect("32 bytes is a key");
        Self(LessSafeKey::new(key))
    }

    /// Seals chunk `index` (at most [`CHUNK`] bytes; only the last may be shorter).
    pub fn seal(&self, index: u64, last: bool, plain: &[u8]) -> Vec<u8> {
        debug_assert!(plain.len() <= CHUNK && (last || plain.len() == CHUNK));
        let mut out = Vec::with_capacity(plain.len() + TAG);
        out.extend_from_slice(plain);
        self.0
            .seal_in_place_append_tag(nonce(index, last), Aad::empty(), &mut out)
            .expect("a chunk is far below ChaCha20-Poly1305's limit");
        out
    }

    /// Opens sealed chunk `index`.
    pub fn open(&self, index: u64, last: bool, sealed: &[u8]) -> Result<Vec<u8>, SealedFileError> {
        let fits = if last {
            (TAG..=SEALED_CHUNK).contains(&sealed.len())
        } else {
            sealed.len() == SEALED_CHUNK
        };
        if !fits {
            return Err(SealedFileError::Length(index, sealed.len()));
        }
        let mut buf = sealed.to_vec();
        let len = self
            .0
            .open_in_place(nonce(index, last), Aad::empty(), &mut buf)
            .map_err(|_| SealedFileError::Chunk(index))?
            .len();
        buf.truncate(len);
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal_all(key: &FileKey, plain: &[u8]) -> Vec<Vec<u8>> {
        let n = chunks(plain.len() as u64);
        (0..n)
            .map(|i| {
                let start = (i as usize * CHUNK).min(plain.len());
                let end = (start + CHUNK).min(plain.len());
                key.seal(i, i + 1 == n, &plain[start..end])
            })
            .collect()
    }

    #[test]
    fn sizes_agree_both_ways() {
        for plain in [
            0,
            1,
            15,
            16,
            CHUNK as u64 - 1,
            CHUNK as u64,
            CHUNK as u64 + 1,
            5 * CHUNK as u64 + 7,
        ] {
            let sealed = sealed_size(plain);
            assert_eq!(plain_size(sealed), Some(plain), "plain {plain}");
        }
        assert_eq!(
            sealed_size(0),
            TAG as u64,
            "an empty file is one empty chunk"
        );
        assert_eq!(plain_size(0), None);
        assert_eq!(plain_size(TAG as u64 - 1), None);
        assert_eq!(
            plain_size(SEALED_CHUNK as u64 + 3),
            None,
            "a last chunk shorter than a tag"
        );
    }

    #[test]
    fn chunks_open_only_in_place_and_whole() {
        let key = FileKey::new(&[7; 32]);
        let plain: Vec<u8> = (0..(2 * CHUNK + 100)).map(|i| i as u8).collect();
        let sealed = seal_all(&key, &plain);
        assert_eq!(sealed.len(), 3);
        assert_eq!(
            sealed.iter().map(Vec::len).sum::<usize>() as u64,
            sealed_size(plain.len() as u64)
        );
        let opened: Vec<u8> = sealed
            .iter()
            .enumerate()
            .flat_map(|(i, c)| key.open(i as u64, i == 2, c).unwrap())
            .collect();
        assert_eq!(opened, plain);
        // Reordered, cut short (a middle chunk passed off as the last), altered, other key.
        assert_eq!(
            key.open(0, false, &sealed[1]),
            Err(SealedFileError::Chunk(0))
        );
        assert_eq!(
            key.open(1, true, &sealed[1]),
            Err(SealedFileError::Chunk(1))
        );
        let mut altered = sealed[2].clone();
        altered[0] ^= 1;
        assert!(key.open(2, true, &altered).is_err());
        assert!(FileKey::new(&[8; 32]).open(0, false, &sealed[0]).is_err());
        assert_eq!(
            key.open(0, false, &sealed[2]),
            Err(SealedFileError::Length(0, 116))
        );
    }

    #[test]
    fn an_empty_file_seals_to_one_tag() {
        let key = FileKey::new(&[1; 32]);
        let sealed = seal_all(&key, &[]);
        assert_eq!(sealed, vec![key.seal(0, true, &[])]);
        assert_eq!(sealed[0].len(), TAG);
        assert_eq!(key.open(0, true, &sealed[0]).unwrap(), Vec::<u8>::new());
    }
}
