//! A node's data directory: where its keystore, databases and daemon record live, and the
//! lock that lets one process at a time own them.
//!
//! ```text
//! DIR/keystore.json   the account key, sealed under the passphrase (0600)
//! DIR/node.sqlite     the event log;  DIR/apps/<app>.sqlite  each app's tables
//! DIR/node.lock       held (flock) by whichever process has the node open
//! DIR/daemon.json     while `supernet serve` runs: its API address and bearer token (0600)
//! ```

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use supernet_core::{ApiError, ErrorCode, KdfParams, Keystore, SecretKey, Timestamp};
use zeroize::Zeroizing;

/// A data directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

/// The record a running daemon leaves in its data directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaemonInfo {
    /// Base URL of the HTTP API, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// Bearer token for the API.
    pub token: String,
    /// The daemon's process id.
    pub pid: u32,
}

/// Exclusive ownership of a data directory; released when dropped.
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

fn io_error(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::new(ErrorCode::Io, format!("cannot use {}: {e}", path.display()))
}

/// Writes `bytes` to `path` readable by the owner only, replacing it atomically.
fn write_private(path: &Path, bytes: &[u8], replace: bool) -> Result<(), ApiError> {
    let tmp = path.with_extension("tmp");
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp).map_err(|e| io_error(&tmp, e))?;
    file.write_all(bytes).map_err(|e| io_error(&tmp, e))?;
    file.sync_all().map_err(|e| io_error(&tmp, e))?;
    if !replace && path.exists() {
        let _ = std::fs::remove_file(&tmp);
        return Err(ApiError::new(
            ErrorCode::AlreadyExists,
            format!("{} exists already", path.display()),
        ));
    }
    std::fs::rename(&tmp, path).map_err(|e| io_error(path, e))
}

impl DataDir {
    /// The data directory at `root` (not created yet).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The platform's default: `$XDG_DATA_HOME/supernet` (`~/.local/share/supernet`) on
    /// Linux, the Application Support folder on macOS, `%APPDATA%` on Windows.
    pub fn platform_default() -> Option<Self> {
        dirs::data_dir().map(|d| Self::new(d.join("supernet")))
    }

    /// Contact cards of nodes met before (ticket texts), so a restarted node can reach them
    /// again without a bootstrap peer. Missing or unreadable: none.
    pub fn contacts(&self) -> Vec<String> {
        std::fs::read_to_string(self.root.join("contacts.txt"))
            .map(|text| text.lines().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// Replaces the remembered contact cards.
    pub fn save_contacts(&self, tickets: &[String]) -> Result<(), ApiError> {
        write_private(
            &self.root.join("contacts.txt"),
            tickets.join("\n").as_bytes(),
            true,
        )
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn keystore_path(&self) -> PathBuf {
        self.root.join("keystore.json")
    }

    fn daemon_path(&self) -> PathBuf {
        self.root.join("daemon.json")
    }

    /// Whether `init` has run here.
    pub fn is_initialized(&self) -> bool {
        self.keystore_path().exists()
    }

    /// Creates the directory (owner-only) if missing.
    pub fn create(&self) -> Result<(), ApiError> {
        std::fs::create_dir_all(&self.root).map_err(|e| io_error(&self.root, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.root, std::fs::Permissions::from_mode(0o700));
        }
        Ok(())
    }

    /// Writes a new keystore for `key`. Refuses when one exists: an account is never
    /// overwritten by accident.
    pub fn create_keystore(
        &self,
        key: &SecretKey,
        name: Option<String>,
        created_at: Timestamp,
        passphrase: Option<&str>,
    ) -> Result<(), ApiError> {
        self.create()?;
        let path = self.keystore_path();
        if path.exists() {
            return Err(ApiError::new(
                ErrorCode::AlreadyExists,
                format!(
                    "{} already holds an account; use another --data-dir to create a second one",
                    self.root.display()
                ),
            ));
        }
        let bytes = Zeroizing::new(Keystore::seal(
            key,
            name,
            created_at,
            passphrase,
            KdfParams::DEFAULT,
        ));
        write_private(&path, &bytes, false)
    }

    /// Reads the keystore, still locked.
    pub fn keystore(&self) -> Result<Keystore, ApiError> {
        let path = self.keystore_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ApiError::new(
                    ErrorCode::KeystoreMissing,
                    format!(
                        "no account in {}: run `supernet init` first (or pass the right --data-dir)",
                        self.root.display()
                    ),
                ));
            }
            Err(e) => return Err(io_error(&path, e)),
        };
        Ok(Keystore::parse(&bytes)?)
    }

    /// Takes the data directory for this process, or fails with `daemon_running` when
    /// another process holds it.
    pub fn lock(&self) -> Result<DirLock, ApiError> {
        self.create()?;
        let path = self.root.join("node.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io_error(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(DirLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(ApiError::new(
                ErrorCode::DaemonRunning,
                format!(
                    "another Supernet process is using {}; stop it first, or talk to it through the CLI",
                    self.root.display()
                ),
            )),
            Err(std::fs::TryLockError::Error(e)) => Err(io_error(&path, e)),
        }
    }

    /// The node's network key (an Ed25519 seed), created on first use: its peer id stays
    /// the same across restarts, so peers and tickets keep finding it.
    pub fn network_key(&self) -> Result<[u8; 32], ApiError> {
        let path = self.root.join("network.key");
        match std::fs::read(&path) {
            Ok(bytes) => bytes.try_into().map_err(|_| {
                ApiError::new(
                    ErrorCode::KeystoreCorrupt,
                    format!(
                        "{} is damaged; delete it and a new network identity is made",
                        path.display()
                    ),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut seed = [0u8; 32];
                ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut seed)
                    .map_err(|_| ApiError::internal("the OS random source failed"))?;
                self.create()?;
                write_private(&path, &seed, false)?;
                Ok(seed)
            }
            Err(e) => Err(io_error(&path, e)),
        }
    }

    /// Records the running daemon's address and token (owner-only file).
    pub fn write_daemon_info(&self, info: &DaemonInfo) -> Result<(), ApiError> {
        let bytes =
            serde_json::to_vec_pretty(info).map_err(|e| ApiError::internal(e.to_string()))?;
        write_private(&self.daemon_path(), &bytes, true)
    }

    /// The running daemon's record, if one was left.
    pub fn daemon_info(&self) -> Option<DaemonInfo> {
        let bytes = std::fs::read(self.daemon_path()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Removes the daemon record (when the daemon stops, or when it is stale).
    pub fn remove_daemon_info(&self) {
        let _ = std::fs::remove_file(self.daemon_path());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let held = data.lock().unwrap();
        assert_eq!(data.lock().unwrap_err().code, ErrorCode::DaemonRunning);
        drop(held);
        assert!(data.lock().is_ok());
    }

    #[test]
    fn missing_keystore_says_to_init() {
        let dir = tempfile::tempdir().unwrap();
        let err = DataDir::new(dir.path()).keystore().unwrap_err();
        assert_eq!(err.code, ErrorCode::KeystoreMissing);
        assert!(err.message.contains("supernet init"));
    }

    #[test]
    fn an_account_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let key = SecretKey::generate();
        data.create_keystore(&key, None, 1, None).unwrap();
        let err = data
            .create_keystore(&SecretKey::generate(), None, 1, None)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::AlreadyExists);
        let kept = data.keystore().unwrap().unlock(None).unwrap();
        assert_eq!(kept.account(), key.account());
    }

    #[cfg(unix)]
    #[test]
    fn keystore_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path().join("node"));
        data.create_keystore(&SecretKey::generate(), None, 1, None)
            .unwrap();
        let mode = std::fs::metadata(dir.path().join("node/keystore.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
