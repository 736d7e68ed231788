//! The script runtime end to end: real worker processes (the crate's
//! `supernet-script-worker` binary) driven through [`Worker`], with a test [`Host`] that
//! records what the scripts asked of the node.

mod api;
mod hostile;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};
use supernet_core::{ApiError, ErrorCode};
use supernet_script::{Host, Limits, LogLevel, ScriptError, WORKER_FLAG, Worker, WorkerCommand};

/// How long a test waits for something the worker does by itself (a timer): generous,
/// because the machine may be busy; the tests never assert a duration.
const PATIENCE: Duration = Duration::from_secs(30);

/// The worker binary built with this crate.
fn command() -> WorkerCommand {
    WorkerCommand {
        program: env!("CARGO_BIN_EXE_supernet-script-worker").into(),
        args: vec![WORKER_FLAG.to_owned()],
    }
}

/// Limits for tests: the defaults, with a CPU budget that a busy machine does not break.
fn limits() -> Limits {
    Limits {
        cpu_ms_per_call: 5_000,
        ..Limits::default()
    }
}

/// What a script asked of the node.
#[derive(Debug, Clone, PartialEq)]
enum Asked {
    Call(String, Value),
    Publish(String, Value),
    Exec(String, Vec<Value>),
    Query(String, Vec<Value>),
    Log(LogLevel, String),
}

/// A node stand-in: records every request, answers from a small in-memory "table".
#[derive(Debug, Default)]
struct TestHost {
    asked: Mutex<Vec<Asked>>,
    changed: tokio::sync::Notify,
}

impl TestHost {
    fn asked(&self) -> Vec<Asked> {
        self.asked.lock().unwrap().clone()
    }

    fn push(&self, a: Asked) {
        self.asked.lock().unwrap().push(a);
        self.changed.notify_waiters();
    }

    /// Waits until the recorded requests satisfy `done`.
    async fn wait_for(&self, what: &str, done: impl Fn(&[Asked]) -> bool) -> Vec<Asked> {
        let wait = async {
            loop {
                let notified = self.changed.notified();
                let asked = self.asked();
                if done(&asked) {
                    return asked;
                }
                notified.await;
            }
        };
        match tokio::time::timeout(PATIENCE, wait).await {
            Ok(asked) => asked,
            Err(_) => panic!("timed out waiting for {what}; asked: {:?}", self.asked()),
        }
    }
}

#[async_trait]
impl Host for TestHost {
    async fn call(&self, method: &str, input: Value) -> Result<Value, ApiError> {
        self.push(Asked::Call(method.to_owned(), input.clone()));
        match method {
            "social.profile" => Ok(json!({ "name": "Ada", "asked": input })),
            "coin.send" => Err(ApiError::new(
                ErrorCode::PermissionDenied,
                "this app may not move money",
            )),
            _ => Err(ApiError::new(
                ErrorCode::UnknownMethod,
                format!("no method {method}"),
            )),
        }
    }

    async fn publish(&self, name: &str, body: Value) -> Result<Value, ApiError> {
        self.push(Asked::Publish(name.to_owned(), body.clone()));
        Ok(json!({ "id": "e1", "kind": format!("app.todo.{name}"), "body": body }))
    }

    async fn db_exec(&self, sql: &str, params: Vec<Value>) -> Result<u64, ApiError> {
        self.push(Asked::Exec(sql.to_owned(), params));
        Ok(1)
    }

    async fn db_query(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Value>, ApiError> {
        self.push(Asked::Query(sql.to_owned(), params));
        Ok(vec![
            json!({ "id": 1, "text": "milk" }),
            json!({ "id": 2, "text": "eggs" }),
        ])
    }

    fn log(&self, level: LogLevel, message: &str) {
        self.push(Asked::Log(level, message.to_owned()));
    }
}

async fn start_with(script: &str, limits: Limits) -> (Worker, Arc<TestHost>) {
    let host = Arc::new(TestHost::default());
    let worker = Worker::start(command(), "todo", script, limits, host.clone())
        .await
        .unwrap_or_else(|e| panic!("the script did not start: {e}"));
    (worker, host)
}

async fn start(script: &str) -> (Worker, Arc<TestHost>) {
    start_with(script, limits()).await
}

/// The error of a script that is expected not to start.
async fn start_error(script: &str, limits: Limits) -> ScriptError {
    let host = Arc::new(TestHost::default());
    match Worker::start(command(), "todo", script, limits, host).await {
        Ok(_) => panic!("the script started"),
        Err(e) => e,
    }
}
