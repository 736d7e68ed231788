//! A `supernet serve` process for the benchmarks (local-only, quiet), and calls into its API.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// The binary under test.
pub const SUPERNET: &str = env!("CARGO_BIN_EXE_supernet");
/// Longest API call: a gigabyte download in a debug build stays well inside it.
const CALL_TIMEOUT: Duration = Duration::from_secs(600);

/// A running daemon.
pub struct Daemon {
    pub child: Child,
    pub dir: PathBuf,
}

impl Daemon {
    /// Starts one on `dir`, connecting to `bootstrap` first when given; returns once it
    /// serves its API.
    pub fn start(dir: &Path, bootstrap: Option<&str>) -> Self {
        let mut cmd = Command::new(SUPERNET);
        cmd.args(["serve", "--local-only"])
            .env("SUPERNET_DATA_DIR", dir)
            .env("SUPERNET_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(b) = bootstrap {
            cmd.env("SUPERNET_BOOTSTRAP", b);
        }
        let mut child = cmd.spawn().expect("supernet starts");
        let out = child.stdout.take().unwrap();
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if line.starts_with("Open the web UI") {
                break;
            }
        }
        Self {
            child,
            dir: dir.to_owned(),
        }
    }

    /// Calls `method`; panics with the node's answer when it fails.
    pub fn call(&self, method: &str, input: Value) -> Value {
        let info: Value =
            serde_json::from_slice(&std::fs::read(self.dir.join("daemon.json")).unwrap()).unwrap();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(CALL_TIMEOUT))
            .build()
            .into();
        let mut response = agent
            .post(format!("{}/api/{method}", info["url"].as_str().unwrap()))
            .header(
                "Authorization",
                format!("Bearer {}", info["token"].as_str().unwrap()),
            )
            .send_json(&input)
            .unwrap();
        let body: Value = response.body_mut().read_json().unwrap();
        assert!(response.status().is_success(), "{method}: {body}");
        body
    }
}
