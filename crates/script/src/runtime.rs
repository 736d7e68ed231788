//! The worker process: boa running one app's script, serving frames on stdin/stdout.
//!
//! ```text
//!   stdin ──▶ reader thread ──(bounded queue)──▶ main thread: boa Context, timers
//!                                                   │ Ready / Done / HostCall / Log / Busy / Idle
//!                                                   ▼
//!                                                 stdout
//! ```
//!
//! Order of start: read the `Init` frame, set RLIMIT_AS (so every later allocation, boa's
//! included, is bounded by the kernel), start the reader thread, create the context with
//! boa's loop and recursion limits, evaluate the script. The main thread waits for a frame or
//! the next timer, whichever comes first; stdin closing ends the process.
//!
//! The script's API (`supernet`, `console`, timers) is a small JavaScript prelude around
//! four native functions: a host call (blocking until the node's `Reply`), a log line, and
//! setting / clearing a timer. Handlers and timer callbacks live in the prelude's closures,
//! so no JavaScript value is kept on the Rust side except the prelude's own dispatch object.

// stderr is the worker's diagnostics channel (the node forwards it to its log); there is no
// tracing subscriber in the worker.
#![allow(clippy::print_stderr)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::rc::Rc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::time::{Duration, Instant};

use boa_engine::builtins::promise::PromiseState;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    Context, EngineError, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, RuntimeLimitError, Source, js_string,
};
use serde_json::Value;
use supernet_core::ApiError;

use crate::protocol::{
    self, Failure, FrameError, FromWorker, HostRequest, MAX_INIT_BYTES, ToWorker,
};
use crate::{Limits, LogLevel};

/// Frames read ahead from stdin: the node sends one request at a time, so a handful is
/// plenty, and the bound keeps a misbehaving node from queueing memory here.
const FRAME_QUEUE: usize = 4;

/// Timers a script may have pending at once: far more than any app's periodic work needs,
/// and a script that keeps creating timers without clearing them gets an error instead of
/// growing the worker's queue.
const MAX_TIMERS: usize = 100;

/// The shortest timer delay: like browsers' clamp for nested timers, it keeps a script from
/// keeping its worker (and the node watching it) busy with back-to-back zero-delay timers.
const MIN_TIMER_DELAY: Duration = Duration::from_millis(10);

/// The longest timer delay: what browsers allow (2^31 − 1 ms, about 24.8 days).
const MAX_TIMER_DELAY: Duration = Duration::from_millis(i32::MAX as u64);

/// How long a handler's promise may wait for the script's own timers before the call fails:
/// shorter than the node's patience with a silent worker, long enough for a short `sleep`.
const MAX_PENDING_WAIT: Duration = Duration::from_secs(10);

/// Values boa's stack may hold: room for a recursion-limit's worth of frames with a few
/// dozen locals each; deeper than that is runaway recursion anyway.
const STACK_SIZE_LIMIT: usize = 64 * 1024;

/// The longest `console` message passed on: a log line, not a data channel.
const MAX_LOG_CHARS: usize = 8 * 1024;

/// Exit codes of the worker process.
const EXIT_OK: i32 = 0;
const EXIT_PROTOCOL: i32 = 3;
/// The worker could not set itself up (memory limit, reader thread, boa context).
pub(crate) const EXIT_SETUP: i32 = 4;

/// Runs the worker on stdin/stdout; returns the process's exit code.
pub(crate) fn run() -> i32 {
    // Die with the node even if it cannot close our stdin (it crashed, or was killed) while
    // the script is busy. (The signal follows the thread that spawned us: a tokio runtime
    // thread, which lives as long as the node's runtime.)
    if let Err(e) = nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL) {
        eprintln!("supernet-script worker: cannot set the parent-death signal: {e}");
    }
    let mut stdin = std::io::stdin();
    let init = match protocol::read_blocking::<ToWorker>(&mut stdin, MAX_INIT_BYTES) {
        Ok(ToWorker::Init {
            app_id,
            script,
            limits,
        }) => (app_id, script, limits),
        Ok(other) => {
            eprintln!("supernet-script worker: expected an init frame, got {other:?}");
            return EXIT_PROTOCOL;
        }
        Err(FrameError::Closed) => return EXIT_OK,
        Err(e) => {
            eprintln!("supernet-script worker: reading the init frame: {e}");
            return EXIT_PROTOCOL;
        }
    };
    let (app_id, script, limits) = init;

    // The memory limit comes first, before boa allocates anything.
    if let Err(e) = nix::sys::resource::setrlimit(
        nix::sys::resource::Resource::RLIMIT_AS,
        limits.memory_bytes,
        limits.memory_bytes,
    ) {
        eprintln!("supernet-script worker: cannot set the memory limit: {e}");
        return EXIT_SETUP;
    }

    let (tx, frames) = sync_channel(FRAME_QUEUE);
    let max = limits.max_message_bytes;
    let reader = std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || {
            loop {
                let frame = protocol::read_blocking::<ToWorker>(&mut stdin, max);
                let end = frame.is_err();
                if tx.send(frame).is_err() || end {
                    return;
                }
            }
        });
    if let Err(e) = reader {
        eprintln!("supernet-script worker: cannot start the reader thread: {e}");
        return EXIT_SETUP;
    }

    let bridge = Rc::new(Bridge {
        out: RefCell::new(std::io::stdout()),
        frames,
        timers: RefCell::new(Timers::default()),
        max_message_bytes: limits.max_message_bytes,
    });
    let mut rt = match Runtime::new(&app_id, limits, bridge.clone()) {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("supernet-script worker: cannot create the JavaScript context: {e}");
            return EXIT_SETUP;
        }
    };
    match rt.start(&script) {
        Ok(()) => bridge.send(&FromWorker::Ready {
            methods: rt.methods.clone(),
            kinds: rt.kinds.clone(),
        }),
        Err(failure) => {
            bridge.send(&FromWorker::Done {
                result: Err(failure),
            });
            return EXIT_OK;
        }
    }
    drop(script);
    rt.serve()
}

/// Where the native functions reach the outside world: stdout, the frames from stdin and
/// the timer table. Kept in the context's host data.
struct Bridge {
    out: RefCell<std::io::Stdout>,
    frames: Receiver<Result<ToWorker, FrameError>>,
    timers: RefCell<Timers>,
    max_message_bytes: usize,
}

impl Bridge {
    /// Sends a frame; a broken stdout means the node is gone, so the worker ends.
    fn send(&self, frame: &FromWorker) {
        let mut out = self.out.borrow_mut();
        match protocol::write_blocking(&mut *out, frame, self.max_message_bytes) {
            Ok(()) => {}
            Err(FrameError::Oversize { len, max }) => {
                // Only a `Done` or `HostCall` can be this big; say so instead.
                let failure = Failure::Thrown {
                    message: format!(
                        "the result is {len} bytes of JSON, more than the {max}-byte limit"
                    ),
                };
                let fallback = FromWorker::Done {
                    result: Err(failure),
                };
                if protocol::write_blocking(&mut *out, &fallback, self.max_message_bytes).is_err() {
                    std::process::exit(EXIT_OK);
                }
            }
            Err(_) => std::process::exit(EXIT_OK),
        }
    }

    /// Asks the node and waits for its answer.
    fn host_call(&self, request: HostRequest) -> Result<Value, HostCallError> {
        let frame = FromWorker::HostCall { request };
        let bytes = protocol::encode(&frame, self.max_message_bytes).map_err(|e| match e {
            FrameError::Oversize { len, max } => HostCallError::TooLarge { len, max },
            other => HostCallError::Fatal(other.to_string()),
        })?;
        {
            let mut out = self.out.borrow_mut();
            if out.write_all(&bytes).and_then(|()| out.flush()).is_err() {
                std::process::exit(EXIT_OK);
            }
        }
        match self.frames.recv() {
            Ok(Ok(ToWorker::Reply { result })) => result.map_err(HostCallError::Api),
            Ok(Ok(other)) => {
                eprintln!("supernet-script worker: expected a reply, got {other:?}");
                std::process::exit(EXIT_PROTOCOL)
            }
            Ok(Err(FrameError::Closed)) | Err(_) => std::process::exit(EXIT_OK),
            Ok(Err(e)) => {
                eprintln!("supernet-script worker: reading a reply: {e}");
                std::process::exit(EXIT_PROTOCOL)
            }
        }
    }

    fn log(&self, level: LogLevel, message: &str) {
        let message = if message.chars().count() > MAX_LOG_CHARS {
            let cut: String = message.chars().take(MAX_LOG_CHARS).collect();
            format!("{cut}… (cut at {MAX_LOG_CHARS} characters)")
        } else {
            message.to_owned()
        };
        self.send(&FromWorker::Log { level, message });
    }
}

enum HostCallError {
    Api(ApiError),
    TooLarge { len: usize, max: usize },
    Fatal(String),
}

/// The script's pending timers, by id.
#[derive(Default)]
struct Timers {
    next_id: u32,
    entries: BTreeMap<u32, Timer>,
}

struct Timer {
    due: Instant,
    /// `Some` for `setInterval`.
    every: Option<Duration>,
}

impl Timers {
    fn next_due(&self) -> Option<Instant> {
        self.entries.values().map(|t| t.due).min()
    }

    /// Takes the timers due by `now`, earliest first, rescheduling intervals. Returns each
    /// id with whether it repeats.
    fn take_due(&mut self, now: Instant) -> Vec<(u32, bool)> {
        let mut due: Vec<(Instant, u32)> = self
            .entries
            .iter()
            .filter(|(_, t)| t.due <= now)
            .map(|(id, t)| (t.due, *id))
            .collect();
        due.sort();
        due.into_iter()
            .map(|(_, id)| {
                let repeat = match self.entries.get_mut(&id) {
                    Some(Timer {
                        due,
                        every: Some(every),
                    }) => {
                        *due = now + *every;
                        true
                    }
                    _ => {
                        self.entries.remove(&id);
                        false
                    }
                };
                (id, repeat)
            })
            .collect()
    }
}

/// The boa context with the script loaded.
struct Runtime {
    context: Context,
    bridge: Rc<Bridge>,
    /// The prelude's dispatch object: `names`, `call`, `deliver`, `fire`.
    api: JsObject,
    methods: Vec<String>,
    kinds: Vec<String>,
}

/// The JavaScript side of the script's API. Evaluates to a function taking the native
/// functions and returning the dispatch object.
const PRELUDE: &str = r#"
(function (natives) {
  'use strict';
  const appId = natives.appId;
  const methods = new Map();
  const handlers = new Map();
  const timers = new Map();
  let starting = true;
  const NAME = /^[A-Za-z0-9_-]{1,64}$/;
  const KIND = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/;
  const text = (v, what) => {
    if (typeof v !== 'string') throw new TypeError(what + ' must be a string, not ' + typeof v);
    return v;
  };
  const callable = (v, what) => {
    if (typeof v !== 'function') throw new TypeError(what + ' must be a function, not ' + typeof v);
    return v;
  };
  const atStart = (what) => {
    if (!starting) throw new Error(what + ' must be called at the top level of the script, while it starts');
  };
  const json = (v) => (v === undefined ? null : v);
  const supernet = {
    app: Object.freeze({ id: appId }),
    method(name, handler) {
      atStart('supernet.method');
      text(name, 'a method name');
      if (!NAME.test(name)) throw new TypeError('method name "' + name + '" must be 1 to 64 letters, digits, "_" or "-"');
      callable(handler, 'the handler of method "' + name + '"');
      if (methods.has(name)) throw new Error('method "' + name + '" is registered twice');
      methods.set(name, handler);
    },
    on(kind, handler) {
      atStart('supernet.on');
      text(kind, 'an event kind');
      const full = kind.includes('.') ? kind : 'app.' + appId + '.' + kind;
      if (!KIND.test(full) || full.length > 128) throw new TypeError('"' + kind + '" is not an event kind (like "item" or "social.post")');
      callable(handler, 'the handler of kind "' + full + '"');
      if (!handlers.has(full)) handlers.set(full, []);
      handlers.get(full).push(handler);
    },
    call(method, input) { return natives.host('call', [text(method, 'a method name'), json(input)]); },
    publish(name, body) { return natives.host('publish', [text(name, 'an event name'), json(body)]); },
    db: Object.freeze({
      exec(sql, params) { return natives.host('db_exec', [text(sql, 'the SQL'), params === undefined ? [] : params]); },
      query(sql, params) { return natives.host('db_query', [text(sql, 'the SQL'), params === undefined ? [] : params]); },
    }),
  };
  const show = (v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return String(v);
    try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch (e) { return String(v); }
  };
  const line = (level) => (...args) => natives.log(level, args.map(show).join(' '));
  const console = Object.freeze({
    log: line('log'), info: line('log'), debug: line('log'), warn: line('warn'), error: line('error'),
  });
  const timer = (repeat) => (callback, delay, ...args) => {
    callable(callback, 'a timer callback');
    const id = natives.setTimer(Number(delay) || 0, repeat);
    timers.set(id, args.length ? () => callback(...args) : callback);
    return id;
  };
  const clear = (id) => {
    if (timers.delete(id)) natives.clearTimer(id);
  };
  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: false, configurable: false, enumerable: false });
  define('supernet', Object.freeze(supernet));
  define('console', console);
  define('setTimeout', timer(false));
  define('setInterval', timer(true));
  define('clearTimeout', clear);
  define('clearInterval', clear);
  return {
    names() {
      starting = false;
      return { methods: [...methods.keys()], kinds: [...handlers.keys()] };
    },
    call(method, input) { return methods.get(method)(input); },
    deliver(event) {
      const list = handlers.get(event && event.kind) || [];
      const results = list.map((h) => h(event));
      return results.some((r) => r && typeof r.then === 'function') ? Promise.all(results) : undefined;
    },
    fire(id, repeat) {
      const callback = timers.get(id);
      if (!repeat) timers.delete(id);
      return callback ? callback() : undefined;
    },
  };
})
"#;

impl Runtime {
    fn new(app_id: &str, limits: Limits, bridge: Rc<Bridge>) -> JsResult<Self> {
        let mut context = Context::default();
        let rl = context.runtime_limits_mut();
        rl.set_loop_iteration_limit(limits.loop_iterations);
        rl.set_recursion_limit(limits.recursion);
        rl.set_stack_size_limit(STACK_SIZE_LIMIT);
        context.insert_data(bridge.clone());

        let natives = ObjectInitializer::new(&mut context)
            .function(
                NativeFunction::from_fn_ptr(native_host),
                js_string!("host"),
                2,
            )
            .function(
                NativeFunction::from_fn_ptr(native_log),
                js_string!("log"),
                2,
            )
            .function(
                NativeFunction::from_fn_ptr(native_set_timer),
                js_string!("setTimer"),
                2,
            )
            .function(
                NativeFunction::from_fn_ptr(native_clear_timer),
                js_string!("clearTimer"),
                1,
            )
            .property(
                js_string!("appId"),
                JsString::from(app_id),
                Attribute::READONLY,
            )
            .build();
        let prelude = context.eval(Source::from_bytes(PRELUDE))?;
        let prelude = prelude
            .as_callable()
            .ok_or_else(|| JsNativeError::typ().with_message("the prelude is not a function"))?;
        let api = prelude
            .call(&JsValue::undefined(), &[natives.into()], &mut context)?
            .as_object()
            .ok_or_else(|| JsNativeError::typ().with_message("the prelude returned no object"))?;
        Ok(Self {
            context,
            bridge,
            api,
            methods: Vec::new(),
            kinds: Vec::new(),
        })
    }

    /// Evaluates the script, runs its promise jobs, and learns what it registered.
    fn start(&mut self, script: &str) -> Result<(), Failure> {
        let result = self.context.eval(Source::from_bytes(script));
        self.settle(result)?;
        let names = self.invoke("names", &[]).map_err(|e| self.failure(e))?;
        let names = names
            .to_json(&mut self.context)
            .map_err(|e| self.failure(e))?
            .unwrap_or(Value::Null);
        let list = |key: &str| -> Vec<String> {
            names[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        self.methods = list("methods");
        self.kinds = list("kinds");
        Ok(())
    }

    /// Serves frames and timers until stdin closes.
    fn serve(mut self) -> i32 {
        loop {
            let next = self.bridge.timers.borrow().next_due();
            let frame = match next {
                Some(due) => {
                    match self
                        .bridge
                        .frames
                        .recv_timeout(due.saturating_duration_since(Instant::now()))
                    {
                        Ok(frame) => frame,
                        Err(RecvTimeoutError::Timeout) => {
                            self.bridge.send(&FromWorker::Busy);
                            let failure = self.fire_due().err();
                            self.bridge.send(&FromWorker::Idle { failure });
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => return EXIT_OK,
                    }
                }
                None => match self.bridge.frames.recv() {
                    Ok(frame) => frame,
                    Err(_) => return EXIT_OK,
                },
            };
            let result = match frame {
                Ok(ToWorker::Call { method, input }) => self.call(&method, input),
                Ok(ToWorker::Deliver { event }) => self.deliver(event),
                Ok(other) => {
                    eprintln!("supernet-script worker: unexpected frame {other:?}");
                    return EXIT_PROTOCOL;
                }
                Err(FrameError::Closed) => return EXIT_OK,
                Err(e) => {
                    eprintln!("supernet-script worker: reading a frame: {e}");
                    return EXIT_PROTOCOL;
                }
            };
            self.bridge.send(&FromWorker::Done { result });
        }
    }

    fn call(&mut self, method: &str, input: Value) -> Result<Value, Failure> {
        if !self.methods.iter().any(|m| m == method) {
            return Err(Failure::NoSuchMethod {
                method: method.to_owned(),
            });
        }
        let input = JsValue::from_json(&input, &mut self.context).map_err(|e| self.failure(e))?;
        let result = self.invoke("call", &[JsString::from(method).into(), input]);
        self.settle(result)
    }

    fn deliver(&mut self, event: Value) -> Result<Value, Failure> {
        let event = JsValue::from_json(&event, &mut self.context).map_err(|e| self.failure(e))?;
        let result = self.invoke("deliver", &[event]);
        self.settle(result).map(|_| Value::Null)
    }

    /// Runs the timers that are due; stops at the first that breaks a limit.
    fn fire_due(&mut self) -> Result<(), Failure> {
        let due = self.bridge.timers.borrow_mut().take_due(Instant::now());
        for (id, repeat) in due {
            let result = self.invoke("fire", &[id.into(), repeat.into()]);
            match self.settle(result) {
                Ok(_) => {}
                Err(Failure::Thrown { message }) => self.bridge.log(
                    LogLevel::Error,
                    &format!("a timer callback failed: {message}"),
                ),
                Err(limit) => return Err(limit),
            }
        }
        Ok(())
    }

    fn invoke(&mut self, name: &str, args: &[JsValue]) -> JsResult<JsValue> {
        let f = self.api.get(JsString::from(name), &mut self.context)?;
        let f = f.as_callable().ok_or_else(|| {
            JsNativeError::typ().with_message(format!("the prelude has no {name}"))
        })?;
        f.call(&self.api.clone().into(), args, &mut self.context)
    }

    /// Runs the promise jobs a result started, waits (on the script's own timers) for a
    /// returned promise to settle, and turns the outcome into JSON.
    fn settle(&mut self, result: JsResult<JsValue>) -> Result<Value, Failure> {
        let value = result.map_err(|e| self.failure(e))?;
        self.context.run_jobs().map_err(|e| self.failure(e))?;
        let value = match value.as_promise() {
            None => value,
            Some(promise) => {
                let deadline = Instant::now() + MAX_PENDING_WAIT;
                loop {
                    match promise.state() {
                        PromiseState::Fulfilled(v) => break v,
                        PromiseState::Rejected(e) => {
                            return Err(self.failure(JsError::from_opaque(e)));
                        }
                        PromiseState::Pending => {
                            let next = self.bridge.timers.borrow().next_due();
                            match next {
                                Some(due) if due <= deadline => {
                                    std::thread::sleep(
                                        due.saturating_duration_since(Instant::now()),
                                    );
                                    self.fire_due()?;
                                    self.context.run_jobs().map_err(|e| self.failure(e))?;
                                }
                                _ => {
                                    return Err(Failure::Thrown {
                                        message: format!(
                                            "the handler's promise never settled (it may wait on \
                                             something that never happens, or on a timer more \
                                             than {} s away)",
                                            MAX_PENDING_WAIT.as_secs()
                                        ),
                                    });
                                }
                            }
                        }
                    }
                }
            }
        };
        match value.to_json(&mut self.context) {
            Ok(json) => Ok(whole_numbers(json.unwrap_or(Value::Null))),
            Err(e) => Err(Failure::Thrown {
                message: format!(
                    "the handler returned a value that is not JSON: {}",
                    self.describe(e)
                ),
            }),
        }
    }

    /// What a JavaScript error means for the node.
    fn failure(&mut self, error: JsError) -> Failure {
        match error.as_engine() {
            Some(EngineError::RuntimeLimit(RuntimeLimitError::LoopIteration)) => Failure::LoopLimit,
            Some(EngineError::RuntimeLimit(
                RuntimeLimitError::Recursion | RuntimeLimitError::StackSize,
            )) => Failure::Recursion,
            _ => Failure::Thrown {
                message: self.describe(error),
            },
        }
    }

    fn describe(&mut self, error: JsError) -> String {
        if let Some(v) = error.as_opaque()
            && let Some(s) = v.as_string()
        {
            return s.to_std_string_escaped();
        }
        // Kind and message only: boa's position points into the prelude that called the
        // handler, which would only mislead the script's author.
        match error.try_native(&mut self.context) {
            Ok(native) if native.message().trim().is_empty() => native.kind().to_string(),
            Ok(native) => format!("{}: {}", native.kind(), native.message().trim()),
            Err(_) => error.to_string(),
        }
    }
}

/// The bridge from the context's host data.
fn bridge(context: &Context) -> JsResult<Rc<Bridge>> {
    context.get_data::<Rc<Bridge>>().cloned().ok_or_else(|| {
        JsNativeError::error()
            .with_message("the worker's bridge is missing")
            .into()
    })
}

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `value` with every whole number written as an integer. JavaScript has only doubles, so
/// boa hands `1700000000000` over as `1700000000000.0`; the node's inputs (timestamps,
/// counts, limits) are integers and would refuse that.
fn whole_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER => {
                // In range and whole, so the conversion is exact.
                Value::from(f as i64)
            }
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, whole_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

fn arg(args: &[JsValue], i: usize) -> JsValue {
    args.get(i).cloned().unwrap_or_default()
}

/// `natives.host(op, [args…])`: a blocking call to the node.
fn native_host(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bridge = bridge(context)?;
    let op = arg(args, 0).to_string(context)?.to_std_string_escaped();
    let params = whole_numbers(arg(args, 1).to_json(context)?.unwrap_or(Value::Null));
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let list = |v: &Value| -> JsResult<Vec<Value>> {
        match v {
            Value::Array(a) => Ok(a.clone()),
            Value::Null => Ok(Vec::new()),
            _ => Err(JsNativeError::typ()
                .with_message("SQL parameters must be an array")
                .into()),
        }
    };
    let request = match op.as_str() {
        "call" => HostRequest::Call {
            method: text(&params[0]),
            input: params[1].clone(),
        },
        "publish" => HostRequest::Publish {
            name: text(&params[0]),
            body: params[1].clone(),
        },
        "db_exec" => HostRequest::DbExec {
            sql: text(&params[0]),
            params: list(&params[1])?,
        },
        "db_query" => HostRequest::DbQuery {
            sql: text(&params[0]),
            params: list(&params[1])?,
        },
        other => {
            return Err(JsNativeError::typ()
                .with_message(format!("no host operation {other}"))
                .into());
        }
    };
    match bridge.host_call(request) {
        Ok(value) => JsValue::from_json(&value, context),
        Err(HostCallError::Api(e)) => {
            let error = JsNativeError::error()
                .with_message(e.message.clone())
                .into_opaque(context);
            error.set(
                js_string!("code"),
                JsString::from(e.code.as_str()),
                false,
                context,
            )?;
            Err(JsError::from_opaque(error.into()))
        }
        Err(HostCallError::TooLarge { len, max }) => Err(JsNativeError::range()
            .with_message(format!(
                "the request is {len} bytes of JSON, more than the {max}-byte limit"
            ))
            .into()),
        Err(HostCallError::Fatal(message)) => {
            Err(JsNativeError::error().with_message(message).into())
        }
    }
}

/// `natives.log(level, message)`.
fn native_log(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bridge = bridge(context)?;
    let level = match arg(args, 0)
        .to_string(context)?
        .to_std_string_escaped()
        .as_str()
    {
        "warn" => LogLevel::Warn,
        "error" => LogLevel::Error,
        _ => LogLevel::Log,
    };
    let message = arg(args, 1).to_string(context)?.to_std_string_escaped();
    bridge.log(level, &message);
    Ok(JsValue::undefined())
}

/// `natives.setTimer(delayMs, repeat)` → id.
fn native_set_timer(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bridge = bridge(context)?;
    let delay_ms = arg(args, 0).to_number(context)?;
    let repeat = arg(args, 1).to_boolean();
    let delay = if delay_ms.is_finite() && delay_ms > 0.0 {
        Duration::from_millis(delay_ms as u64)
    } else {
        Duration::ZERO
    }
    .clamp(MIN_TIMER_DELAY, MAX_TIMER_DELAY);
    let mut timers = bridge.timers.borrow_mut();
    if timers.entries.len() >= MAX_TIMERS {
        return Err(JsNativeError::range()
            .with_message(format!(
                "too many timers: a script may have {MAX_TIMERS} pending at once; clear the ones it no longer needs"
            ))
            .into());
    }
    timers.next_id = timers.next_id.wrapping_add(1).max(1);
    let id = timers.next_id;
    timers.entries.insert(
        id,
        Timer {
            due: Instant::now() + delay,
            every: repeat.then_some(delay),
        },
    );
    Ok(id.into())
}

/// `natives.clearTimer(id)`.
fn native_clear_timer(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let bridge = bridge(context)?;
    let id = arg(args, 0).to_u32(context)?;
    bridge.timers.borrow_mut().entries.remove(&id);
    Ok(JsValue::undefined())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_become_integers_and_others_stay() {
        let v = serde_json::json!({"at": 1_700_000_000_000.0, "half": 0.5, "list": [3.0, -2.0, 1e300], "s": "1.0"});
        assert_eq!(
            whole_numbers(v),
            serde_json::json!({"at": 1_700_000_000_000_i64, "half": 0.5, "list": [3, -2, 1e300], "s": "1.0"})
        );
    }
}
