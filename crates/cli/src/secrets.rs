//! Getting secrets from the person at the keyboard, or from the environment for scripts:
//! `SUPERNET_PASSPHRASE` and `SUPERNET_RECOVERY_PHRASE`.

use std::io::{BufRead, IsTerminal};

use supernet_core::{ApiError, ErrorCode, Keystore};
use zeroize::Zeroizing;

/// The passphrase from `SUPERNET_PASSPHRASE`, or asked at the terminal; `None` for an
/// unprotected keystore.
pub(crate) fn passphrase_if_needed(
    keystore: &Keystore,
) -> Result<Option<Zeroizing<String>>, ApiError> {
    if !keystore.is_protected() {
        return Ok(None);
    }
    if let Ok(p) = std::env::var("SUPERNET_PASSPHRASE") {
        return Ok(Some(Zeroizing::new(p)));
    }
    if !std::io::stdin().is_terminal() {
        return Err(ApiError::new(
            ErrorCode::PassphraseRequired,
            format!(
                "the key of {} is protected by a passphrase: set SUPERNET_PASSPHRASE, or run in a terminal",
                keystore.info().account
            ),
        ));
    }
    prompt("Passphrase: ").map(Some)
}

/// A new passphrase: `SUPERNET_PASSPHRASE`, or asked twice at the terminal.
pub(crate) fn new_passphrase() -> Result<Zeroizing<String>, ApiError> {
    let passphrase = match std::env::var("SUPERNET_PASSPHRASE") {
        Ok(p) => Zeroizing::new(p),
        Err(_) if std::io::stdin().is_terminal() => {
            let first = prompt("Choose a passphrase for your key: ")?;
            let again = prompt("Type it again: ")?;
            if *first != *again {
                return Err(ApiError::invalid_input(
                    "the two passphrases differ; nothing was created",
                ));
            }
            first
        }
        Err(_) => {
            return Err(ApiError::new(
                ErrorCode::PassphraseRequired,
                "choose a passphrase: set SUPERNET_PASSPHRASE, run in a terminal, or pass --no-passphrase",
            ));
        }
    };
    if passphrase.is_empty() {
        return Err(ApiError::invalid_input(
            "an empty passphrase protects nothing; choose one, or pass --no-passphrase",
        ));
    }
    Ok(passphrase)
}

/// The recovery phrase: `SUPERNET_RECOVERY_PHRASE`, asked at the terminal, or the first
/// line of standard input.
pub(crate) fn recovery_phrase() -> Result<Zeroizing<String>, ApiError> {
    if let Ok(p) = std::env::var("SUPERNET_RECOVERY_PHRASE") {
        return Ok(Zeroizing::new(p));
    }
    if std::io::stdin().is_terminal() {
        return prompt("Recovery phrase (24 words): ");
    }
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("cannot read the recovery phrase: {e}"),
        )
    })?;
    Ok(line)
}

fn prompt(text: &str) -> Result<Zeroizing<String>, ApiError> {
    rpassword::prompt_password(text)
        .map(Zeroizing::new)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("cannot read from the terminal: {e}")))
}
