//! The node's side of a worker: a [`Worker`] handle and the supervisor task that owns the
//! process.
//!
//! ```text
//!   Worker::call / deliver / resume / close
//!        │ bounded command queue (each with a oneshot for the answer)
//!        ▼
//!   supervisor task ── one unit of work at a time ──▶ worker stdin
//!        ▲  │                                           │
//!        │  └── Host (the node) ◀── HostCall ───────────┤
//!        └── frames (reader task) ◀── worker stdout ────┘   stderr ─▶ tracing + last lines
//! ```
//!
//! While a unit of work runs (starting the script, a call, an event, a burst of timer
//! callbacks announced by `Busy`), the supervisor samples the worker's CPU time from
//! `/proc` every [`CPU_SAMPLE_INTERVAL`]; time spent waiting for the node to answer the
//! script's own calls is left out. A breach (CPU budget, memory, loop or recursion limit, a
//! crash, invalid frames) kills the worker and records an [`Incident`]; the next unit of work
//! starts a fresh one. [`BREACHES_TO_SUSPEND`] breaches within [`BREACH_WINDOW`] suspend the
//! app until [`Worker::resume`].

use std::collections::VecDeque;
use std::os::unix::process::ExitStatusExt;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use supernet_core::{ApiError, ErrorCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tracing::Instrument;

use crate::protocol::{self, Failure, FrameError, FromWorker, HostRequest, ToWorker};
use crate::{Host, Limits, ScriptError, WorkerCommand, procfs};

/// How often the worker's CPU time is read while it is busy: often enough that a breach is
/// caught within a few percent of a one-second budget, rarely enough to cost nothing.
const CPU_SAMPLE_INTERVAL: Duration = Duration::from_millis(25);

/// Breaches within [`BREACH_WINDOW`] that suspend an app: one or two can be bad luck (a big
/// import, a slow machine); three in a row is a script that will keep breaking.
const BREACHES_TO_SUSPEND: usize = 3;

/// The window in which breaches count towards a suspension.
const BREACH_WINDOW: Duration = Duration::from_secs(10 * 60);

/// Incidents kept per app, newest last: what a settings page can show.
const MAX_INCIDENTS: usize = 20;

/// Commands waiting for the supervisor: callers beyond this wait in `send` (back-pressure)
/// rather than queueing without bound.
const COMMAND_QUEUE: usize = 64;

/// Frames read ahead from the worker's stdout: logs and one answer at a time.
const FRAME_QUEUE: usize = 64;

/// Lines of the worker's stderr kept to explain a crash.
const STDERR_TAIL: usize = 20;

/// The longest stderr line kept; the rest of the line is dropped.
const MAX_STDERR_LINE: usize = 1_000;

/// How long a busy worker may go without answering, host-call time excluded, whatever its
/// CPU use: catches a worker that blocks (not one of ours, or stopped by a signal) without
/// burning CPU. Longer than the worker's own 10 s wait for a pending promise.
const UNIT_WALL_LIMIT: Duration = Duration::from_secs(60);

/// How long a new worker may take to say it is ready (CPU budget aside): a program that is
/// not a Supernet worker would otherwise be waited on forever.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// How long the node may take to answer one of the script's calls before the script gets an
/// `unavailable` error instead (the node might otherwise wait on itself).
const HOST_CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a worker gets to exit by itself after its stdin closes, before it is killed.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Something that happened to an app's script that its user should know about: a breach, a
/// crash, a failed restart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// When, in milliseconds since the Unix epoch.
    pub at_ms: u64,
    /// What happened, in words for the app's user.
    pub what: String,
}

/// Whether an app's script is usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerStatus {
    /// The worker is running (or was closed cleanly).
    Running,
    /// The worker was stopped after a breach; the next call or event starts a fresh one.
    Restarting,
    /// The script broke its limits too often; calls fail until [`Worker::resume`].
    Suspended {
        /// Why, in words for the app's user.
        reason: String,
    },
}

/// The node's handle on one app's script worker. `Send + Sync`; share it behind an `Arc`.
///
/// Units of work run one at a time, in the order they were asked for. Dropping every handle
/// (or [`close`](Self::close)) stops the worker.
#[derive(Debug)]
pub struct Worker {
    commands: mpsc::Sender<Command>,
    shared: Arc<Shared>,
    task: Mutex<Option<JoinHandle<()>>>,
}

/// What the handle reads without asking the supervisor.
#[derive(Debug)]
struct Shared {
    app_id: String,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    methods: Vec<String>,
    kinds: Vec<String>,
    incidents: VecDeque<Incident>,
    status: WorkerStatus,
    breaches: VecDeque<Instant>,
}

impl Shared {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

type Reply<T> = oneshot::Sender<Result<T, ScriptError>>;

enum Command {
    Call {
        method: String,
        input: Value,
        reply: Reply<Value>,
    },
    Deliver {
        event: Value,
        reply: Reply<()>,
    },
    Resume {
        reply: oneshot::Sender<()>,
    },
    Close,
}

impl Worker {
    /// Starts the process and evaluates `script`. Errors: the script throws at top level,
    /// breaches a limit, or the program cannot start.
    pub async fn start(
        cmd: WorkerCommand,
        app_id: &str,
        script: &str,
        limits: Limits,
        host: Arc<dyn Host>,
    ) -> Result<Self, ScriptError> {
        let shared = Arc::new(Shared {
            app_id: app_id.to_owned(),
            state: Mutex::new(State {
                methods: Vec::new(),
                kinds: Vec::new(),
                incidents: VecDeque::new(),
                status: WorkerStatus::Running,
                breaches: VecDeque::new(),
            }),
        });
        let mut supervisor = Supervisor {
            command: cmd,
            script: script.to_owned(),
            limits,
            host,
            shared: shared.clone(),
            process: None,
        };
        supervisor.start_process().await?;
        let (commands, queue) = mpsc::channel(COMMAND_QUEUE);
        let span = tracing::info_span!("script", app = %app_id);
        let task = tokio::spawn(supervisor.run(queue).instrument(span));
        Ok(Self {
            commands,
            shared,
            task: Mutex::new(Some(task)),
        })
    }

    /// The names the script gave to `supernet.method(name, fn)`.
    pub fn methods(&self) -> Vec<String> {
        self.shared.state().methods.clone()
    }

    /// The kinds the script gave to `supernet.on(kind, fn)`, as full kind names (a bare
    /// name `item` is the app's own `app.<id>.item`).
    pub fn kinds(&self) -> Vec<String> {
        self.shared.state().kinds.clone()
    }

    /// Runs the script's method `method` with `input` and returns its result (a returned
    /// promise is awaited). Dropping the future does not stop a call already sent.
    pub async fn call(&self, method: &str, input: Value) -> Result<Value, ScriptError> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Call {
            method: method.to_owned(),
            input,
            reply,
        })
        .await?;
        answer.await.unwrap_or_else(|_| Err(gone()))
    }

    /// Hands an event (its EventView JSON) to the script's handlers for its kind; events of
    /// kinds without a handler are accepted and ignored. Dropping the future does not stop a
    /// delivery already sent.
    pub async fn deliver(&self, event: Value) -> Result<(), ScriptError> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Deliver { event, reply }).await?;
        answer.await.unwrap_or_else(|_| Err(gone()))
    }

    /// What happened to the script (breaches, crashes), newest last; at most
    /// [`MAX_INCIDENTS`].
    pub fn incidents(&self) -> Vec<Incident> {
        self.shared.state().incidents.iter().cloned().collect()
    }

    /// Whether the script is usable.
    pub fn status(&self) -> WorkerStatus {
        self.shared.state().status.clone()
    }

    /// Lifts a suspension (and forgets past breaches), starting the worker again so its
    /// timers run. A failure to start is recorded as an incident.
    pub async fn resume(&self) {
        let (reply, done) = oneshot::channel();
        if self.send(Command::Resume { reply }).await.is_ok() {
            let _ = done.await;
        }
    }

    /// Stops the worker: it gets [`CLOSE_GRACE`] to exit, then is killed.
    pub async fn close(self) {
        let _ = self.commands.send(Command::Close).await;
        let task = self.task.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }

    async fn send(&self, command: Command) -> Result<(), ScriptError> {
        self.commands.send(command).await.map_err(|_| gone())
    }
}

fn gone() -> ScriptError {
    ScriptError::Crashed("its supervisor has stopped (the node is shutting down)".into())
}

/// A running worker process.
struct Process {
    child: Child,
    pid: u32,
    stdin: ChildStdin,
    frames: mpsc::Receiver<Result<FromWorker, FrameError>>,
    reader: JoinHandle<()>,
    stderr: JoinHandle<()>,
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    /// The largest address space seen while sampling.
    peak_vm: u64,
}

/// What a unit of work waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    /// `Ready` (or `Done` with the start's failure).
    Ready,
    /// `Done`.
    Done,
    /// `Idle`, after a `Busy` from the worker's timers.
    Idle,
}

enum Event {
    Frame(Option<Result<FromWorker, FrameError>>),
    Tick,
}

/// The task that owns the worker process.
struct Supervisor {
    command: WorkerCommand,
    script: String,
    limits: Limits,
    host: Arc<dyn Host>,
    shared: Arc<Shared>,
    process: Option<Process>,
}

impl Supervisor {
    async fn run(mut self, mut commands: mpsc::Receiver<Command>) {
        enum Next {
            Command(Option<Command>),
            Frame(Option<Result<FromWorker, FrameError>>),
        }
        loop {
            let next = tokio::select! {
                biased;
                command = commands.recv() => Next::Command(command),
                frame = next_frame(&mut self.process) => Next::Frame(frame),
            };
            match next {
                Next::Command(None | Some(Command::Close)) => break,
                Next::Command(Some(Command::Call {
                    method,
                    input,
                    reply,
                })) => {
                    let what = format!("during a call to \"{method}\"");
                    let result = self.unit(ToWorker::Call { method, input }, &what).await;
                    let _ = reply.send(result);
                }
                Next::Command(Some(Command::Deliver { event, reply })) => {
                    let what = match event["kind"].as_str() {
                        Some(kind) => format!("while handling an event of kind {kind}"),
                        None => "while handling an event".to_owned(),
                    };
                    let result = self.unit(ToWorker::Deliver { event }, &what).await;
                    let _ = reply.send(result.map(|_| ()));
                }
                Next::Command(Some(Command::Resume { reply })) => {
                    self.resume().await;
                    let _ = reply.send(());
                }
                Next::Frame(frame) => self.idle_frame(frame).await,
            }
        }
        self.shutdown().await;
    }

    /// A frame the worker sent while no unit of work was running.
    async fn idle_frame(&mut self, frame: Option<Result<FromWorker, FrameError>>) {
        match frame {
            Some(Ok(FromWorker::Busy)) => {
                // Errors are recorded as incidents; there is nobody else to tell.
                let _ = self.drive("in a timer callback", Until::Idle).await;
            }
            Some(Ok(FromWorker::Log { level, message })) => self.host.log(level, &message),
            Some(Ok(other)) => {
                let message = format!("it sent {} while idle", frame_name(&other));
                self.breach(ScriptError::Protocol(message), "while idle")
                    .await;
            }
            Some(Err(e)) => {
                self.breach(ScriptError::Protocol(e.to_string()), "while idle")
                    .await;
            }
            None => {
                let error = self.died().await;
                self.breach(error, "while idle").await;
            }
        }
    }

    async fn resume(&mut self) {
        {
            let mut state = self.shared.state();
            state.breaches.clear();
            if matches!(state.status, WorkerStatus::Suspended { .. }) {
                state.status = WorkerStatus::Restarting;
            }
        }
        tracing::info!(app = %self.shared.app_id, "script resumed");
        if self.process.is_none()
            && let Err(e) = self.start_process().await
            && !e.is_breach()
        {
            self.record(format!("while restarting: {e}"));
        }
    }

    /// Runs one call or delivery, starting the worker first if needed.
    async fn unit(&mut self, request: ToWorker, what: &str) -> Result<Value, ScriptError> {
        if let WorkerStatus::Suspended { reason } = &self.shared.state().status {
            return Err(ScriptError::Suspended(reason.clone()));
        }
        if self.process.is_none()
            && let Err(e) = self.start_process().await
        {
            if !e.is_breach() {
                self.record(format!("while restarting: {e}"));
            }
            return Err(e);
        }
        let bytes = match protocol::encode(&request, self.limits.max_message_bytes) {
            Ok(bytes) => bytes,
            Err(FrameError::Oversize { len, max }) => {
                return Err(ScriptError::Thrown(format!(
                    "the input is {len} bytes of JSON, more than the {max}-byte limit of a \
                     script's messages; send less"
                )));
            }
            Err(e) => return Err(ScriptError::Thrown(e.to_string())),
        };
        if let Err(e) = self.write(&bytes).await {
            return Err(self.breach(e, what).await);
        }
        self.drive(what, Until::Done).await
    }

    /// Spawns the worker and evaluates the script.
    async fn start_process(&mut self) -> Result<(), ScriptError> {
        let process = self.spawn()?;
        self.process = Some(process);
        let init = ToWorker::Init {
            app_id: self.shared.app_id.clone(),
            script: self.script.clone(),
            limits: self.limits,
        };
        let bytes = match protocol::encode(&init, protocol::MAX_INIT_BYTES) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.kill().await;
                return Err(ScriptError::Start(format!("the script is too large: {e}")));
            }
        };
        if let Err(e) = self.write(&bytes).await {
            let e = match e {
                ScriptError::Crashed(why) => ScriptError::Start(why),
                other => other,
            };
            self.kill().await;
            return Err(e);
        }
        match tokio::time::timeout(START_TIMEOUT, self.drive("while starting", Until::Ready)).await
        {
            Ok(Ok(_)) => {
                self.shared.state().status = WorkerStatus::Running;
                Ok(())
            }
            Ok(Err(e)) => {
                self.kill().await;
                Err(e)
            }
            Err(_) => {
                self.kill().await;
                Err(ScriptError::Start(format!(
                    "{} did not answer within {} s; is it a Supernet binary (one that takes {})?",
                    self.command.program.display(),
                    START_TIMEOUT.as_secs(),
                    crate::WORKER_FLAG
                )))
            }
        }
    }

    fn spawn(&self) -> Result<Process, ScriptError> {
        let mut command = tokio::process::Command::new(&self.command.program);
        command
            .args(&self.command.args)
            // One malloc arena: glibc otherwise reserves 64 MiB of address space per thread,
            // which RLIMIT_AS would count against the script.
            .env("MALLOC_ARENA_MAX", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn().map_err(|e| {
            ScriptError::Start(format!(
                "cannot run {}: {e}",
                self.command.program.display()
            ))
        })?;
        let pid = child.id().unwrap_or_default();
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(ScriptError::Start("the worker's pipes are missing".into()));
        };
        let (tx, frames) = mpsc::channel(FRAME_QUEUE);
        let max = self.limits.max_message_bytes;
        let reader = tokio::spawn(async move {
            let mut stdout = stdout;
            loop {
                match protocol::read_async::<FromWorker>(&mut stdout, max).await {
                    Ok(frame) => {
                        if tx.send(Ok(frame)).await.is_err() {
                            return;
                        }
                    }
                    Err(FrameError::Closed) => return,
                    Err(e) => {
                        let _ = tx.send(Err(e)).await;
                        return;
                    }
                }
            }
        });
        let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
        let stderr = tokio::spawn(read_stderr(
            stderr,
            stderr_tail.clone(),
            self.shared.app_id.clone(),
        ));
        Ok(Process {
            child,
            pid,
            stdin,
            frames,
            reader,
            stderr,
            stderr_tail,
            peak_vm: 0,
        })
    }

    /// Writes bytes to the worker; a failure means it died (and is explained).
    async fn write(&mut self, bytes: &[u8]) -> Result<(), ScriptError> {
        let Some(process) = self.process.as_mut() else {
            return Err(ScriptError::Crashed("it is not running".into()));
        };
        let written = tokio::time::timeout(UNIT_WALL_LIMIT, async {
            process.stdin.write_all(bytes).await?;
            process.stdin.flush().await
        })
        .await;
        match written {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(self.died().await),
            Err(_) => Err(ScriptError::Crashed(format!(
                "it stopped reading its input for {} s",
                UNIT_WALL_LIMIT.as_secs()
            ))),
        }
    }

    /// Reads frames until the unit of work ends, applying the CPU budget.
    async fn drive(&mut self, what: &str, until: Until) -> Result<Value, ScriptError> {
        let Some(pid) = self.process.as_ref().map(|p| p.pid) else {
            return Err(ScriptError::Crashed("it is not running".into()));
        };
        let budget = self.limits.cpu_ms_per_call;
        let mut base = procfs::cpu_ms(pid).unwrap_or(0);
        let mut used = 0u64;
        let mut busy_since = Instant::now();
        let mut busy = Duration::ZERO;
        let mut tick = tokio::time::interval_at(
            tokio::time::Instant::now() + CPU_SAMPLE_INTERVAL,
            CPU_SAMPLE_INTERVAL,
        );
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let event = {
                let Some(process) = self.process.as_mut() else {
                    return Err(ScriptError::Crashed("it is not running".into()));
                };
                tokio::select! {
                    frame = process.frames.recv() => Event::Frame(frame),
                    _ = tick.tick() => Event::Tick,
                }
            };
            let frame = match event {
                Event::Tick => {
                    let now = procfs::cpu_ms(pid).unwrap_or(base);
                    if let (Ok(vm), Some(process)) = (procfs::vm_bytes(pid), self.process.as_mut())
                    {
                        process.peak_vm = process.peak_vm.max(vm);
                    }
                    if used + now.saturating_sub(base) > budget {
                        let error = ScriptError::CpuBudget { limit_ms: budget };
                        return Err(self.breach(error, what).await);
                    }
                    if busy + busy_since.elapsed() > UNIT_WALL_LIMIT {
                        let error = ScriptError::Crashed(format!(
                            "it stopped answering for {} s",
                            UNIT_WALL_LIMIT.as_secs()
                        ));
                        return Err(self.breach(error, what).await);
                    }
                    continue;
                }
                Event::Frame(None) => {
                    let error = self.died().await;
                    return Err(self.breach(error, what).await);
                }
                Event::Frame(Some(Err(e))) => {
                    let error = ScriptError::Protocol(e.to_string());
                    return Err(self.breach(error, what).await);
                }
                Event::Frame(Some(Ok(frame))) => frame,
            };
            match (frame, until) {
                (FromWorker::Log { level, message }, _) => self.host.log(level, &message),
                (FromWorker::HostCall { request }, _) => {
                    // The worker is blocked until it gets the answer: that time is not its.
                    used += procfs::cpu_ms(pid).unwrap_or(base).saturating_sub(base);
                    busy += busy_since.elapsed();
                    if used > budget {
                        let error = ScriptError::CpuBudget { limit_ms: budget };
                        return Err(self.breach(error, what).await);
                    }
                    let result = self.host_call(request).await;
                    let reply = ToWorker::Reply { result };
                    let bytes = protocol::encode(&reply, self.limits.max_message_bytes)
                        .or_else(|e| {
                            let refused = ToWorker::Reply {
                                result: Err(ApiError::new(
                                    ErrorCode::Oversize,
                                    format!(
                                        "the answer is too large for the script ({e}): ask for \
                                         less (for example with LIMIT)"
                                    ),
                                )),
                            };
                            protocol::encode(&refused, self.limits.max_message_bytes)
                        })
                        .map_err(|e| ScriptError::Protocol(e.to_string()))?;
                    if let Err(e) = self.write(&bytes).await {
                        return Err(self.breach(e, what).await);
                    }
                    base = procfs::cpu_ms(pid).unwrap_or(base);
                    busy_since = Instant::now();
                }
                (FromWorker::Ready { methods, kinds }, Until::Ready) => {
                    let mut state = self.shared.state();
                    state.methods = methods;
                    state.kinds = kinds;
                    return Ok(Value::Null);
                }
                (FromWorker::Done { result }, Until::Ready | Until::Done) => {
                    return match result {
                        Ok(value) => Ok(value),
                        Err(failure) => Err(self.failed(failure, what).await),
                    };
                }
                // Timers ran just before the worker read this unit's request: their CPU
                // time is theirs, so the budget starts again.
                (FromWorker::Busy, Until::Done) => {
                    base = procfs::cpu_ms(pid).unwrap_or(base);
                    used = 0;
                }
                (FromWorker::Idle { failure: None }, Until::Done) => {
                    base = procfs::cpu_ms(pid).unwrap_or(base);
                    used = 0;
                }
                (FromWorker::Idle { failure: Some(f) }, Until::Done) => {
                    return Err(self.failed(f, "in a timer callback").await);
                }
                (FromWorker::Idle { failure }, Until::Idle) => {
                    return match failure {
                        None => Ok(Value::Null),
                        Some(f) => Err(self.failed(f, what).await),
                    };
                }
                (other, _) => {
                    let error =
                        ScriptError::Protocol(format!("it sent {} {what}", frame_name(&other)));
                    return Err(self.breach(error, what).await);
                }
            }
        }
    }

    /// Turns a failure the worker reported into an error; limit breaches stop the worker.
    async fn failed(&mut self, failure: Failure, what: &str) -> ScriptError {
        match failure {
            Failure::Thrown { message } => ScriptError::Thrown(message),
            Failure::NoSuchMethod { method } => ScriptError::NoSuchMethod(method),
            Failure::LoopLimit => {
                let error = ScriptError::LoopLimit {
                    limit: self.limits.loop_iterations,
                };
                self.breach(error, what).await
            }
            Failure::Recursion => {
                let error = ScriptError::Recursion {
                    limit: self.limits.recursion,
                };
                self.breach(error, what).await
            }
        }
    }

    /// Answers one of the script's calls.
    async fn host_call(&self, request: HostRequest) -> Result<Value, ApiError> {
        let own = format!("app.{}.", self.shared.app_id);
        let answer = async {
            match request {
                HostRequest::Call { method, .. } if method.starts_with(&own) => {
                    Err(ApiError::invalid_input(format!(
                        "a script cannot call its own method {method} through supernet.call \
                         (it would wait on itself): call the function directly"
                    )))
                }
                HostRequest::Call { method, input } => self.host.call(&method, input).await,
                HostRequest::Publish { name, body } => self.host.publish(&name, body).await,
                HostRequest::DbExec { sql, params } => {
                    self.host.db_exec(&sql, params).await.map(Value::from)
                }
                HostRequest::DbQuery { sql, params } => {
                    self.host.db_query(&sql, params).await.map(Value::Array)
                }
            }
        };
        tokio::time::timeout(HOST_CALL_TIMEOUT, answer)
            .await
            .unwrap_or_else(|_| {
                Err(ApiError::new(
                    ErrorCode::Unavailable,
                    format!(
                        "the node did not answer within {} s; try again later",
                        HOST_CALL_TIMEOUT.as_secs()
                    ),
                ))
            })
    }

    /// Stops the worker after a breach, records the incident and maybe suspends the app.
    /// Returns the error for the caller.
    async fn breach(&mut self, error: ScriptError, what: &str) -> ScriptError {
        self.kill().await;
        let now = Instant::now();
        let what = format!("{what}: {error}");
        tracing::warn!(app = %self.shared.app_id, "script stopped {what}");
        let suspended = {
            let mut state = self.shared.state();
            state.breaches.push_back(now);
            while state
                .breaches
                .front()
                .is_some_and(|t| now.duration_since(*t) > BREACH_WINDOW)
            {
                state.breaches.pop_front();
            }
            if state.breaches.len() >= BREACHES_TO_SUSPEND {
                let reason = format!(
                    "it was stopped {} times within {} minutes, the last time {what}",
                    state.breaches.len(),
                    BREACH_WINDOW.as_secs() / 60
                );
                state.status = WorkerStatus::Suspended { reason };
                true
            } else {
                state.status = WorkerStatus::Restarting;
                false
            }
        };
        self.record(what);
        if suspended {
            tracing::warn!(app = %self.shared.app_id, "script suspended");
            self.record(format!(
                "suspended after {BREACHES_TO_SUSPEND} stops within {} minutes; resume it once \
                 the app is fixed",
                BREACH_WINDOW.as_secs() / 60
            ));
        }
        error
    }

    fn record(&self, what: String) {
        let at_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or_default();
        let mut state = self.shared.state();
        if state.incidents.len() >= MAX_INCIDENTS {
            state.incidents.pop_front();
        }
        state.incidents.push_back(Incident { at_ms, what });
    }

    /// The worker's output ended: waits for it to exit and says why it died, in words.
    async fn died(&mut self) -> ScriptError {
        let Some(mut process) = self.process.take() else {
            return ScriptError::Crashed("it is not running".into());
        };
        let status = match tokio::time::timeout(CLOSE_GRACE, process.child.wait()).await {
            Ok(Ok(status)) => Some(status),
            _ => {
                let _ = process.child.kill().await;
                None
            }
        };
        // Its stderr ends with the process; what it said last explains the death.
        let _ = tokio::time::timeout(CLOSE_GRACE, &mut process.stderr).await;
        process.reader.abort();
        let tail: Vec<String> = process
            .stderr_tail
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect();
        explain_death(status, &tail, process.peak_vm, self.limits.memory_bytes)
    }

    /// Kills the worker, if any.
    async fn kill(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.child.kill().await;
            process.reader.abort();
            process.stderr.abort();
        }
    }

    /// Closes the worker's stdin (it exits by itself), killing it after [`CLOSE_GRACE`].
    async fn shutdown(&mut self) {
        if let Some(mut process) = self.process.take() {
            drop(process.stdin);
            if tokio::time::timeout(CLOSE_GRACE, process.child.wait())
                .await
                .is_err()
            {
                let _ = process.child.kill().await;
            }
            process.reader.abort();
            process.stderr.abort();
        }
    }
}

/// The next frame of the worker, if there is one; never resolves without a worker.
async fn next_frame(process: &mut Option<Process>) -> Option<Result<FromWorker, FrameError>> {
    match process {
        Some(process) => process.frames.recv().await,
        None => std::future::pending().await,
    }
}

fn frame_name(frame: &FromWorker) -> &'static str {
    match frame {
        FromWorker::Ready { .. } => "a ready frame",
        FromWorker::Done { .. } => "a result",
        FromWorker::HostCall { .. } => "a call",
        FromWorker::Log { .. } => "a log line",
        FromWorker::Busy => "a busy frame",
        FromWorker::Idle { .. } => "an idle frame",
    }
}

/// Signal numbers on Linux (x86-64 and aarch64 agree on these).
const SIGABRT: i32 = 6;
const SIGBUS: i32 = 7;
const SIGKILL: i32 = 9;
const SIGSEGV: i32 = 11;

/// Says why a worker died: the memory limit, or a crash described for people.
fn explain_death(
    status: Option<ExitStatus>,
    stderr: &[String],
    peak_vm: u64,
    limit: u64,
) -> ScriptError {
    let said = |needle: &str| stderr.iter().any(|l| l.contains(needle));
    // Rust reports an allocation the kernel refused (RLIMIT_AS) this way, then aborts.
    let out_of_memory = said("memory allocation of")
        || said("out of memory")
        || said("cannot allocate memory")
        || (status
            .and_then(|s| s.signal())
            .is_some_and(|sig| matches!(sig, SIGABRT | SIGBUS | SIGKILL | SIGSEGV))
            && peak_vm >= limit / 4 * 3);
    if out_of_memory {
        return ScriptError::Memory { limit_bytes: limit };
    }
    let last = stderr
        .last()
        .map(|l| format!(" (it said: {l})"))
        .unwrap_or_default();
    if said("stack overflow") || said("overflowed its stack") {
        return ScriptError::Crashed(
            "it ran out of stack space (code or data nested too deeply)".to_owned(),
        );
    }
    if status.and_then(|s| s.code()) == Some(crate::runtime::EXIT_SETUP) {
        return ScriptError::Start(format!(
            "the worker could not set itself up with a memory limit of {} MiB{last}",
            limit / (1024 * 1024)
        ));
    }
    let how = match status {
        None => "it stopped answering and was killed".to_owned(),
        Some(s) => match (s.code(), s.signal()) {
            (Some(0), _) => "it exited unexpectedly".to_owned(),
            (Some(code), _) => format!("it exited with code {code}"),
            (_, Some(SIGSEGV)) => "it made an invalid memory access (SIGSEGV)".to_owned(),
            (_, Some(SIGABRT)) => "it aborted (SIGABRT)".to_owned(),
            (_, Some(SIGKILL)) => "it was killed (SIGKILL) by something else".to_owned(),
            (_, Some(sig)) => format!("it was stopped by signal {sig}"),
            (None, None) => "it ended".to_owned(),
        },
    };
    ScriptError::Crashed(format!("{how}{last}"))
}

/// Forwards the worker's stderr to tracing, keeping the last lines.
async fn read_stderr(
    mut stderr: tokio::process::ChildStderr,
    tail: Arc<Mutex<VecDeque<String>>>,
    app: String,
) {
    let mut buf = vec![0u8; 4096];
    let mut line = Vec::new();
    loop {
        let n = match stderr.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for &b in &buf[..n] {
            if b == b'\n' {
                push_line(&tail, &app, &line);
                line.clear();
            } else if line.len() < MAX_STDERR_LINE {
                line.push(b);
            }
        }
    }
    if !line.is_empty() {
        push_line(&tail, &app, &line);
    }
}

fn push_line(tail: &Mutex<VecDeque<String>>, app: &str, line: &[u8]) {
    let line = String::from_utf8_lossy(line).trim_end().to_owned();
    tracing::debug!(app, "script worker: {line}");
    let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
    if tail.len() >= STDERR_TAIL {
        tail.pop_front();
    }
    tail.push_back(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_allocation_failure_is_reported_as_the_memory_limit() {
        let status = ExitStatus::from_raw(SIGABRT);
        let stderr = vec!["memory allocation of 16777216 bytes failed".to_owned()];
        assert_eq!(
            explain_death(Some(status), &stderr, 0, 64 << 20),
            ScriptError::Memory {
                limit_bytes: 64 << 20
            }
        );
        // A plain segfault far from the limit is a crash, said in words.
        let status = ExitStatus::from_raw(SIGSEGV);
        let e = explain_death(Some(status), &[], 1 << 20, 64 << 20);
        assert!(
            matches!(&e, ScriptError::Crashed(m) if m.contains("invalid memory access")),
            "{e}"
        );
        // Too small a limit to even start is said as such.
        let e = explain_death(
            Some(ExitStatus::from_raw(crate::runtime::EXIT_SETUP << 8)),
            &[],
            0,
            16 << 20,
        );
        assert!(
            matches!(&e, ScriptError::Start(m) if m.contains("memory limit of 16 MiB")),
            "{e}"
        );
    }
}
