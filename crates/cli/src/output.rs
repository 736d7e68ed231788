//! What the CLI prints: results on standard output, errors and notes on standard error.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use supernet_core::ApiError;
use supernet_node::daemon::Daemon;

/// Prints a line of results. A reader that went away (`supernet feed | head`) ends the
/// program quietly, as it would any Unix tool, instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

/// A result line.
pub(crate) fn line(text: &str) {
    out!("{text}");
}

/// A JSON result, pretty-printed.
pub(crate) fn json(value: &serde_json::Value) {
    out!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
    );
}

/// A warning for the person at the keyboard.
pub(crate) fn warn(text: &str) {
    eprintln!("{text}");
}

/// An API error, as `{"code", "message"}` JSON on standard error.
pub(crate) fn error(e: &ApiError) {
    eprintln!(
        "{}",
        serde_json::to_string(e).unwrap_or_else(|_| e.to_string())
    );
}

/// The recovery phrase, shown once at `init`.
pub(crate) fn recovery_phrase(phrase: &str) {
    let words: Vec<&str> = phrase.split(' ').collect();
    eprintln!("Your recovery phrase — write it down and keep it offline; it is shown only now.");
    eprintln!("Anyone who has it can act as you; with it you can restore your account anywhere:\n");
    for (row, chunk) in words.chunks(6).enumerate() {
        let cells: Vec<String> = chunk
            .iter()
            .enumerate()
            .map(|(i, w)| format!("{:>2}. {w:<9}", row * 6 + i + 1))
            .collect();
        eprintln!("  {}", cells.join(" "));
    }
    eprintln!();
}

/// The daemon is serving. Written without `println!`: whoever started the daemon may have
/// stopped reading its output (`supernet serve | head -2`), and that must not stop it.
pub(crate) fn serving(daemon: &Daemon) {
    use std::io::Write;
    let text = format!(
        "Supernet node serving its API at {}\nOpen the web UI: {}\n\
         (that link signs in one browser once; `supernet link` makes another. Stop with Ctrl-C.)\n",
        daemon.info().url,
        daemon.login_link()
    );
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// The connected peers as text.
pub(crate) fn peers(answer: &serde_json::Value) {
    let peers = answer["peers"].as_array().cloned().unwrap_or_default();
    if peers.is_empty() {
        out!("Not connected to any peer. Follow someone with `supernet follow <ticket>`.");
    }
    for p in peers {
        let rtt = p["rtt_ms"]
            .as_u64()
            .map(|ms| format!(" · {ms} ms"))
            .unwrap_or_default();
        let agent = p["agent"].as_str().unwrap_or("unidentified");
        out!(
            "{}  {agent}{rtt}",
            p["peer_id"].as_str().unwrap_or_default()
        );
    }
    let banned = answer["banned"].as_array().map_or(0, Vec::len);
    if banned > 0 {
        out!("({banned} peers banned for misbehaving)");
    }
}

/// A feed page as text.
pub(crate) fn feed(page: &serde_json::Value) {
    let posts = page["posts"].as_array().cloned().unwrap_or_default();
    if posts.is_empty() {
        out!("No posts yet. Write one with: supernet post \"Hello, world\"");
        return;
    }
    let now = SystemTime::now();
    for post in posts {
        if let Some(title) = post["title"].as_str() {
            out!("# {title}");
        }
        out!("{}", post["text"].as_str().unwrap_or_default());
        let author = post["author"].as_str().unwrap_or_default();
        let short = author.get(..12).unwrap_or(author);
        let when = post["created_at"]
            .as_u64()
            .map(|ms| ago(now, ms))
            .unwrap_or_default();
        out!(
            "  — {short}… · {when} · {}\n",
            post["id"].as_str().unwrap_or_default()
        );
    }
}

/// "5 min ago", or a date for anything older than a week.
fn ago(now: SystemTime, ms: u64) -> String {
    let then = UNIX_EPOCH + Duration::from_millis(ms);
    let secs = now.duration_since(then).map(|d| d.as_secs()).unwrap_or(0);
    match secs {
        0..60 => "just now".into(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        86_400..604_800 => format!("{} d ago", secs / 86_400),
        _ => supernet_core::time::date_utc(ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_naturally() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(ago(now, 1_000_000_000 - 5_000), "just now");
        assert_eq!(ago(now, 1_000_000_000 - 300_000), "5 min ago");
    }
}
