//! `scripts/bench script`: what running a mini-app's script in its own worker process costs,
//! each figure next to a baseline measured in the same run.
//!
//! 1. Worker start: `Worker::start` of a small script until it is ready (spawn, memory limit,
//!    boa context, prelude, script), median of STARTS — against spawning `/bin/true` and
//!    waiting for it.
//! 2. Call round trip: `Worker::call` of a handler that returns its input, median and p99
//!    of CALLS — against the same handler called in-process in boa (JSON in, JSON out).
//! 3. Events: EVENTS events delivered to a `supernet.on` handler that writes each to the
//!    app's database through a host call — against the same handler in-process, with the
//!    database write a native function.
//!
//! Usage: `cargo bench -p supernet-script --bench script -- [CALLS]` (default 2,000; the
//! event count is the same).
#![allow(clippy::print_stdout, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use boa_engine::{Context, JsValue, NativeFunction, Source, js_string};
use serde_json::{Value, json};
use supernet_core::ApiError;
use supernet_script::{Host, Limits, LogLevel, WORKER_FLAG, Worker, WorkerCommand};

/// Worker starts measured: enough for a stable median, few enough to stay quick.
const STARTS: usize = 20;

const SCRIPT: &str = r#"
supernet.method('ping', (input) => input);
supernet.on('item', (event) => {
  supernet.db.exec('INSERT INTO items (id, text) VALUES (?, ?)', [event.id, event.body.text]);
});
"#;

/// A node stand-in that counts database writes.
#[derive(Debug, Default)]
struct CountingHost {
    writes: AtomicU64,
}

#[async_trait]
impl Host for CountingHost {
    async fn call(&self, _: &str, input: Value) -> Result<Value, ApiError> {
        Ok(input)
    }
    async fn publish(&self, _: &str, body: Value) -> Result<Value, ApiError> {
        Ok(body)
    }
    async fn db_exec(&self, _: &str, _: Vec<Value>) -> Result<u64, ApiError> {
        self.writes.fetch_add(1, Ordering::Relaxed);
        Ok(1)
    }
    async fn db_query(&self, _: &str, _: Vec<Value>) -> Result<Vec<Value>, ApiError> {
        Ok(Vec::new())
    }
    fn log(&self, _: LogLevel, _: &str) {}
}

fn command() -> WorkerCommand {
    WorkerCommand {
        program: env!("CARGO_BIN_EXE_supernet-script-worker").into(),
        args: vec![WORKER_FLAG.to_owned()],
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    percentile(&samples, 0.5)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// The same script in-process: a boa context whose `supernet.db.exec` is a native counter.
fn in_process() -> (Context, JsValue, JsValue) {
    let mut context = Context::default();
    let exec = NativeFunction::from_fn_ptr(|_, _, _| Ok(JsValue::from(1)));
    context
        .register_global_builtin_callable(js_string!("__exec"), 2, exec)
        .unwrap();
    let handlers = context
        .eval(Source::from_bytes(
            r#"
            const supernet = { db: { exec: (sql, params) => __exec(sql, params) } };
            const ping = (input) => input;
            const item = (event) => {
              supernet.db.exec('INSERT INTO items (id, text) VALUES (?, ?)', [event.id, event.body.text]);
            };
            [ping, item]
            "#,
        ))
        .unwrap();
    let handlers = handlers.as_object().unwrap();
    let ping = handlers.get(0, &mut context).unwrap();
    let item = handlers.get(1, &mut context).unwrap();
    (context, ping, item)
}

fn call_in_process(context: &mut Context, f: &JsValue, input: &Value) -> Value {
    let arg = JsValue::from_json(input, context).unwrap();
    let out = f
        .as_callable()
        .unwrap()
        .call(&JsValue::undefined(), &[arg], context)
        .unwrap();
    context.run_jobs().unwrap();
    out.to_json(context).unwrap().unwrap_or(Value::Null)
}

fn event(i: usize) -> Value {
    json!({
        "id": format!("{i:064x}"),
        "kind": "app.bench.item",
        "author": "sn1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
        "at": 1_700_000_000_000u64 + i as u64,
        "body": { "text": format!("Item number {i}: buy milk") },
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let calls: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(2_000);
    println!(
        "script benchmark: {STARTS} worker starts, {calls} calls, {calls} events (worker: {})",
        command().program.display()
    );
    let limits = Limits::default();

    // 1. Start time.
    let mut baseline = Vec::with_capacity(STARTS);
    for _ in 0..STARTS {
        let t = Instant::now();
        let status = tokio::process::Command::new("/bin/true")
            .status()
            .await
            .unwrap();
        baseline.push(t.elapsed());
        assert!(status.success());
    }
    let mut starts = Vec::with_capacity(STARTS);
    for _ in 0..STARTS {
        let host = Arc::new(CountingHost::default());
        let t = Instant::now();
        let worker = Worker::start(command(), "bench", SCRIPT, limits, host)
            .await
            .unwrap();
        starts.push(t.elapsed());
        worker.close().await;
    }
    let (start, spawn) = (median(starts), median(baseline));
    println!(
        "  worker start:      median {:7.2} ms   (spawning /bin/true: {:.2} ms, {:.1}×)",
        ms(start),
        ms(spawn),
        start.as_secs_f64() / spawn.as_secs_f64()
    );

    // 2. Call round trip.
    let host = Arc::new(CountingHost::default());
    let worker = Worker::start(command(), "bench", SCRIPT, limits, host.clone())
        .await
        .unwrap();
    let input = json!({ "text": "hello", "n": 1 });
    for _ in 0..calls.min(100) {
        worker.call("ping", input.clone()).await.unwrap();
    }
    let mut samples = Vec::with_capacity(calls);
    for _ in 0..calls {
        let t = Instant::now();
        let out = worker.call("ping", input.clone()).await.unwrap();
        samples.push(t.elapsed());
        assert_eq!(out, input);
    }
    samples.sort();
    let (mut context, ping, item) = in_process();
    let mut local = Vec::with_capacity(calls);
    for _ in 0..calls {
        let t = Instant::now();
        let out = call_in_process(&mut context, &ping, &input);
        local.push(t.elapsed());
        assert_eq!(out, input);
    }
    local.sort();
    println!(
        "  call round trip:   median {:7.1} µs, p99 {:7.1} µs   (in-process boa: median {:.1} µs, p99 {:.1} µs; {:.0}× at the median)",
        us(percentile(&samples, 0.5)),
        us(percentile(&samples, 0.99)),
        us(percentile(&local, 0.5)),
        us(percentile(&local, 0.99)),
        percentile(&samples, 0.5).as_secs_f64() / percentile(&local, 0.5).as_secs_f64()
    );

    // 3. Events handled per second, each written to the database through a host call.
    let events: Vec<Value> = (0..calls).map(event).collect();
    let t = Instant::now();
    for e in &events {
        worker.deliver(e.clone()).await.unwrap();
    }
    let delivered = t.elapsed();
    assert_eq!(host.writes.load(Ordering::Relaxed), calls as u64);
    let t = Instant::now();
    for e in &events {
        call_in_process(&mut context, &item, e);
    }
    let local = t.elapsed();
    let rate = calls as f64 / delivered.as_secs_f64();
    let local_rate = calls as f64 / local.as_secs_f64();
    println!(
        "  events handled:    {rate:9.0} /s, each with a db write   (in-process boa: {local_rate:.0} /s; {:.0}× slower)",
        local_rate / rate
    );
    worker.close().await;
}
