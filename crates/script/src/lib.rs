//! The node-side runtime of mini-apps: each app's JavaScript runs in boa_engine inside a
//! worker process of its own.
//!
//! Boa has no interrupt and no memory cap, so the process is the boundary:
//!
//! ```text
//!   node ── Worker (handle) ──commands──▶ supervisor task ──frames on stdin──▶ worker process
//!                                          │  ▲                                 (boa Context,
//!                 Host (node: permissions, │  └──────frames on stdout───────── RLIMIT_AS,
//!                 events, the app's db) ◀──┘      (results, host calls,         loop/recursion
//!                                                  logs, busy/idle)             limits, timers)
//! ```
//!
//! - [`Worker`] is the node's handle; a supervisor task owns the process, runs one unit of
//!   work at a time (a call, an event, a timer callback), measures the worker's CPU time
//!   while it is busy and kills it when it breaks a limit (see [`Limits`]).
//! - The worker side ([`run_worker_if_requested`]) sets its memory limit, creates the boa
//!   context with the `supernet` global, evaluates the app's script and serves frames.
//! - [`Host`] is what the node provides to the script: kernel calls, publishing, the app's
//!   own database and logging. Calls from JS are synchronous: the worker waits for the answer.

mod error;
mod procfs;
mod protocol;
mod runtime;
mod supervisor;

use std::path::PathBuf;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use supernet_core::ApiError;

pub use error::ScriptError;
pub use supervisor::{Incident, Worker, WorkerStatus};

/// The first argument that makes a Supernet binary run as a script worker.
pub const WORKER_FLAG: &str = "--supernet-script-worker";

/// The environment variable naming the worker program (one that takes [`WORKER_FLAG`]).
pub const WORKER_ENV: &str = "SUPERNET_SCRIPT_WORKER";

/// Call first thing in `main()` of every binary that hosts a node (CLI, desktop): when the
/// process was started as a worker (its first argument is [`WORKER_FLAG`]), runs the worker
/// on stdin/stdout and exits; otherwise returns at once.
pub fn run_worker_if_requested() {
    if std::env::args_os().nth(1).is_some_and(|a| a == WORKER_FLAG) {
        std::process::exit(runtime::run());
    }
}

/// How to start a worker process: a program and its arguments (including [`WORKER_FLAG`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerCommand {
    /// The program to run.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
}

impl WorkerCommand {
    /// `SUPERNET_SCRIPT_WORKER` (a program taking [`WORKER_FLAG`]) if set, else the running
    /// binary itself (which must call [`run_worker_if_requested`] first thing in `main`).
    pub fn from_env() -> std::io::Result<Self> {
        let program = match std::env::var_os(WORKER_ENV) {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => std::env::current_exe()?,
        };
        Ok(Self {
            program,
            args: vec![WORKER_FLAG.to_owned()],
        })
    }
}

/// The limits one app's script runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// CPU time (user + system) one unit of work may use: a call, an event, a timer
    /// callback, or starting the script. Time the worker spends waiting for the node to answer
    /// one of its own calls does not count.
    pub cpu_ms_per_call: u64,
    /// The worker process's address space (RLIMIT_AS), which bounds everything it allocates.
    pub memory_bytes: u64,
    /// Loop iterations one function invocation may run (boa's loop iteration limit).
    pub loop_iterations: u64,
    /// Nested calls (boa's recursion limit).
    pub recursion: usize,
    /// The largest frame between node and worker: a call's input or result, an event, a host
    /// call's arguments or answer (JSON bytes).
    pub max_message_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            // A handler that reads its database and answers takes a few milliseconds; one
            // second is generous for real work yet stops a runaway loop before anyone waits.
            cpu_ms_per_call: 1_000,
            // The worker itself (binary, boa's intrinsics, two threads) needs ~24 MiB of
            // address space; 256 MiB leaves over 200 MiB of data for the script, far more than
            // a mini-app keeps, while a dozen apps cannot exhaust a small machine.
            memory_bytes: 256 * 1024 * 1024,
            // Boa runs roughly 10–30 million simple iterations per second, so an endless loop
            // stops with a precise error in well under the CPU budget, while a handler can
            // still walk ten million items in one function.
            loop_iterations: 10_000_000,
            // Boa's own default: deep enough for any tree an app walks, and native recursion
            // (callbacks from Array methods, JSON) stays far from the thread's stack.
            recursion: 512,
            // An event body is at most 64 KiB; query results and inputs are bigger, and 4 MiB
            // holds tens of thousands of rows while keeping each frame a bounded allocation.
            max_message_bytes: 4 * 1024 * 1024,
        }
    }
}

/// The level of a `console` message from a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogLevel {
    /// `console.log`, `console.info`, `console.debug`.
    Log,
    /// `console.warn`.
    Warn,
    /// `console.error`, and errors thrown by timer callbacks.
    Error,
}

/// What the node provides to an app's script. Every method runs on the node's side of the
/// process boundary; the script waits for the answer.
#[async_trait]
pub trait Host: Send + Sync + 'static {
    /// `supernet.call(method, input)` from the script (the node checks permissions).
    async fn call(
        &self,
        method: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError>;
    /// `supernet.publish(name, body)`: an event of kind `app.<id>.<name>`; returns the event view.
    async fn publish(
        &self,
        name: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError>;
    /// `supernet.db.exec(sql, params)` → rows changed.
    async fn db_exec(&self, sql: &str, params: Vec<serde_json::Value>) -> Result<u64, ApiError>;
    /// `supernet.db.query(sql, params)` → rows as objects.
    async fn db_query(
        &self,
        sql: &str,
        params: Vec<serde_json::Value>,
    ) -> Result<Vec<serde_json::Value>, ApiError>;
    /// `console.log` / `warn` / `error`.
    fn log(&self, level: LogLevel, message: &str);
}
