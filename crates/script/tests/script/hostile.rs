//! Hostile and broken scripts: each is stopped with a precise error, the incident is
//! recorded, this (node-side) process carries on, and the next call runs on a fresh worker.

use std::sync::Arc;

use serde_json::json;
use supernet_core::{ApiError, ErrorCode};
use supernet_script::{Limits, ScriptError, WORKER_FLAG, Worker, WorkerCommand, WorkerStatus};

use crate::{PATIENCE, TestHost, command, limits, start_error, start_with};

/// A script with one hostile method and one harmless one.
fn hostile(body: &str) -> String {
    format!(
        r#"
        let calls = 0;
        supernet.method('ok', () => {{ calls += 1; return calls; }});
        supernet.method('attack', () => {{ {body} }});
        "#
    )
}

/// Runs `attack` and checks the aftermath: the error, one incident that says it in words,
/// and a fresh worker for the next call (its state starts over).
async fn attack(body: &str, limits: Limits) -> ScriptError {
    let (worker, _host) = start_with(&hostile(body), limits).await;
    assert_eq!(worker.call("ok", json!({})).await.unwrap(), 1);
    let error = worker.call("attack", json!({})).await.unwrap_err();
    assert!(error.is_breach(), "{error:?}");
    assert_eq!(worker.status(), WorkerStatus::Restarting);
    let incidents = worker.incidents();
    assert_eq!(incidents.len(), 1, "{incidents:?}");
    assert!(
        incidents[0].what.contains("during a call to \"attack\""),
        "{incidents:?}"
    );
    assert!(
        incidents[0].what.contains(&error.to_string()),
        "{incidents:?}"
    );
    assert!(incidents[0].at_ms > 0);
    // A fresh worker: the counter starts again.
    assert_eq!(worker.call("ok", json!({})).await.unwrap(), 1);
    assert_eq!(worker.status(), WorkerStatus::Running);
    let api = ApiError::from(error.clone());
    assert_eq!(api.code, ErrorCode::ScriptFailed);
    worker.close().await;
    error
}

#[tokio::test]
async fn an_endless_loop_hits_the_loop_limit() {
    let limits = Limits {
        loop_iterations: 100_000,
        ..limits()
    };
    let e = attack("while (true) {}", limits).await;
    assert_eq!(e, ScriptError::LoopLimit { limit: 100_000 });
    assert!(e.to_string().contains("endless loop"), "{e}");
}

#[tokio::test]
async fn an_endless_loop_without_a_loop_limit_hits_the_cpu_budget() {
    let limits = Limits {
        loop_iterations: u64::MAX,
        cpu_ms_per_call: 300,
        ..limits()
    };
    let e = attack("while (true) {}", limits).await;
    assert_eq!(e, ScriptError::CpuBudget { limit_ms: 300 });
    assert!(e.to_string().contains("300 ms of CPU time"), "{e}");
}

#[tokio::test]
async fn loops_just_under_the_loop_limit_still_hit_the_cpu_budget() {
    let limits = Limits {
        loop_iterations: 100_000,
        cpu_ms_per_call: 300,
        ..limits()
    };
    // Each call of `burn` stays under the limit (it counts per function call), and the
    // outer loop's own count grows by one per call: 10^10 iterations in all.
    let body = r#"
        function burn() { for (let i = 0; i < 99990; i++) {} }
        for (let i = 0; i < 99990; i++) burn();
    "#;
    let e = attack(body, limits).await;
    assert_eq!(e, ScriptError::CpuBudget { limit_ms: 300 });
}

#[tokio::test]
async fn a_memory_bomb_hits_the_memory_limit() {
    let limits = Limits {
        memory_bytes: 128 * 1024 * 1024,
        loop_iterations: u64::MAX,
        cpu_ms_per_call: 60_000,
        ..limits()
    };
    let body = r#"
        const hoard = [];
        for (;;) hoard.push(new Array(1 << 16).fill(hoard.length + 0.5));
    "#;
    let e = attack(body, limits).await;
    assert_eq!(
        e,
        ScriptError::Memory {
            limit_bytes: 128 * 1024 * 1024
        }
    );
    assert!(e.to_string().contains("128 MiB memory allowance"), "{e}");
}

#[tokio::test]
async fn a_string_memory_bomb_hits_the_memory_limit_or_a_range_error() {
    let limits = Limits {
        memory_bytes: 128 * 1024 * 1024,
        loop_iterations: u64::MAX,
        cpu_ms_per_call: 60_000,
        ..limits()
    };
    let (worker, _host) = start_with(
        &hostile("let s = 'xy'; const keep = []; for (;;) { s = s + s; keep.push(s); }"),
        limits,
    )
    .await;
    let e = worker.call("attack", json!({})).await.unwrap_err();
    // Boa may refuse the string length before the kernel refuses the memory: either way the
    // node gets a precise error and the worker is usable.
    assert!(
        matches!(&e, ScriptError::Memory { .. })
            || matches!(&e, ScriptError::Thrown(m) if m.contains("RangeError")),
        "{e:?}"
    );
    assert_eq!(worker.call("ok", json!({})).await.unwrap(), 1);
    worker.close().await;
}

#[tokio::test]
async fn deep_recursion_hits_the_recursion_limit() {
    let e = attack(
        "function down(n) { return down(n + 1) + 1; } return down(0);",
        limits(),
    )
    .await;
    assert_eq!(e, ScriptError::Recursion { limit: 512 });
}

#[tokio::test]
async fn recursion_through_native_callbacks_hits_the_recursion_limit() {
    let e = attack(
        "function down(n) { return [n].map((m) => down(m + 1)); } return down(0);",
        limits(),
    )
    .await;
    assert_eq!(e, ScriptError::Recursion { limit: 512 });
}

#[tokio::test]
async fn a_top_level_throw_or_breach_fails_the_start() {
    let e = start_error("throw new Error('broken at start');", limits()).await;
    assert_eq!(e, ScriptError::Thrown("Error: broken at start".into()));
    let e = start_error(
        "while (true) {}",
        Limits {
            loop_iterations: 1_000,
            ..limits()
        },
    )
    .await;
    assert_eq!(e, ScriptError::LoopLimit { limit: 1_000 });
    let e = start_error(
        "for (;;) {}",
        Limits {
            loop_iterations: u64::MAX,
            cpu_ms_per_call: 300,
            ..limits()
        },
    )
    .await;
    assert_eq!(e, ScriptError::CpuBudget { limit_ms: 300 });
}

/// A worker program that writes `garbage` to stdout instead of frames.
fn garbage_program(garbage: &str) -> WorkerCommand {
    WorkerCommand {
        program: "/bin/sh".into(),
        args: vec![
            "-c".into(),
            format!("printf '{garbage}'; exec cat >/dev/null"),
        ],
    }
}

#[tokio::test]
async fn a_worker_printing_garbage_is_killed() {
    for garbage in [
        "this is not a frame",       // "this" as a length: far over the limit
        "\\000\\000\\000\\005hello", // a frame that is not JSON
        "\\000\\000\\000\\016{\"type\":\"x\"}", // JSON that is no frame
    ] {
        let host = Arc::new(TestHost::default());
        let e = Worker::start(garbage_program(garbage), "todo", "", limits(), host)
            .await
            .unwrap_err();
        assert!(matches!(e, ScriptError::Protocol(_)), "{garbage}: {e:?}");
    }
}

#[tokio::test]
async fn garbage_after_a_restart_is_an_incident_and_the_next_start_is_clean() {
    // A wrapper that runs the real worker, except once, when a flag file exists: then it
    // prints garbage instead.
    let dir = tempfile::tempdir().unwrap();
    let flag = dir.path().join("garbage");
    let cmd = WorkerCommand {
        program: "/bin/sh".into(),
        args: vec![
            "-c".into(),
            r#"if [ -e "$1" ]; then rm -f "$1"; printf 'garbage!'; exec cat >/dev/null; fi; exec "$2" "$3""#
                .into(),
            "sh".into(),
            flag.display().to_string(),
            command().program.display().to_string(),
            WORKER_FLAG.into(),
        ],
    };
    let host = Arc::new(TestHost::default());
    let limits = Limits {
        loop_iterations: 1_000,
        ..limits()
    };
    let worker = Worker::start(cmd, "todo", &hostile("while (true) {}"), limits, host)
        .await
        .unwrap();
    assert_eq!(worker.call("ok", json!({})).await.unwrap(), 1);
    let e = worker.call("attack", json!({})).await.unwrap_err();
    assert_eq!(e, ScriptError::LoopLimit { limit: 1_000 });

    std::fs::write(&flag, b"").unwrap();
    let e = worker.call("ok", json!({})).await.unwrap_err();
    assert!(matches!(e, ScriptError::Protocol(_)), "{e:?}");
    let incidents = worker.incidents();
    assert_eq!(incidents.len(), 2, "{incidents:?}");
    assert!(incidents[1].what.contains("invalid data"), "{incidents:?}");

    assert_eq!(worker.call("ok", json!({})).await.unwrap(), 1);
    assert_eq!(worker.status(), WorkerStatus::Running);
    worker.close().await;
}

#[tokio::test]
async fn a_missing_worker_program_is_a_start_error() {
    let host = Arc::new(TestHost::default());
    let cmd = WorkerCommand {
        program: "/nonexistent/supernet".into(),
        args: vec![WORKER_FLAG.into()],
    };
    let e = Worker::start(cmd, "todo", "", limits(), host)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ScriptError::Start(m) if m.contains("/nonexistent/supernet")),
        "{e:?}"
    );
    assert_eq!(ApiError::from(e).code, ErrorCode::Internal);
}

#[tokio::test]
async fn three_breaches_suspend_the_app_until_it_is_resumed() {
    let limits = Limits {
        loop_iterations: 1_000,
        ..limits()
    };
    let (worker, _host) = start_with(&hostile("while (true) {}"), limits).await;
    for _ in 0..3 {
        let e = worker.call("attack", json!({})).await.unwrap_err();
        assert_eq!(e, ScriptError::LoopLimit { limit: 1_000 });
    }
    let WorkerStatus::Suspended { reason } = worker.status() else {
        panic!("not suspended: {:?}", worker.status());
    };
    assert!(reason.contains("3 times within 10 minutes"), "{reason}");
    // Suspended: even harmless calls are refused, with the reason and what to do.
    let e = worker.call("ok", json!({})).await.unwrap_err();
    assert_eq!(e, ScriptError::Suspended(reason));
    assert!(e.to_string().contains("resume it"), "{e}");
    assert!(
        worker
            .incidents()
            .last()
            .is_some_and(|i| i.what.contains("suspended")),
        "{:?}",
        worker.incidents()
    );

    worker.resume().await;
    assert_eq!(worker.status(), WorkerStatus::Running);
    assert_eq!(worker.call("ok", json!({})).await.unwrap(), 1);
    worker.close().await;
}

#[tokio::test]
async fn a_runaway_timer_is_stopped_and_recorded() {
    let limits = Limits {
        loop_iterations: u64::MAX,
        cpu_ms_per_call: 300,
        ..limits()
    };
    let (worker, _host) = start_with(
        r#"
        supernet.method('ok', () => 'fine');
        setTimeout(() => { for (;;) {} }, 10);
        "#,
        limits,
    )
    .await;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while worker.incidents().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the runaway timer was not stopped"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let incidents = worker.incidents();
    assert!(
        incidents[0].what.contains("in a timer callback")
            && incidents[0].what.contains("300 ms of CPU time"),
        "{incidents:?}"
    );
    assert_eq!(worker.status(), WorkerStatus::Restarting);
    // The next call starts the script again (whose timer will run away again later).
    assert_eq!(worker.call("ok", json!({})).await.unwrap(), "fine");
    worker.close().await;
}

#[tokio::test]
async fn code_nested_too_deeply_for_the_stack_is_a_crash_said_in_words() {
    // The parser recurses natively; boa has no limit for it, so the stack overflows.
    let e = attack(
        "return eval('['.repeat(100000) + ']'.repeat(100000));",
        limits(),
    )
    .await;
    assert!(
        matches!(&e, ScriptError::Crashed(m) if m.contains("out of stack space")),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_memory_limit_too_small_to_start_is_a_start_error() {
    let e = start_error(
        "",
        Limits {
            memory_bytes: 8 * 1024 * 1024,
            ..limits()
        },
    )
    .await;
    assert!(
        matches!(&e, ScriptError::Start(m) if m.contains("memory limit of 8 MiB")),
        "{e:?}"
    );
}
