//! What a well-behaved script can do: methods, host calls, events, timers, promises.

use serde_json::json;
use supernet_core::{ApiError, ErrorCode};
use supernet_script::{LogLevel, ScriptError, WorkerStatus};

use crate::{Asked, limits, start, start_error};

#[tokio::test]
async fn a_method_answers_a_call_and_the_registrations_are_reported() {
    let (worker, _host) = start(
        r#"
        supernet.method('add', (input) => ({ sum: input.a + input.b, app: supernet.app.id }));
        supernet.method('echo', (input) => input);
        supernet.on('item', () => {});
        supernet.on('social.post', () => {});
        "#,
    )
    .await;
    assert_eq!(worker.methods(), ["add", "echo"]);
    assert_eq!(worker.kinds(), ["app.todo.item", "social.post"]);
    assert_eq!(worker.status(), WorkerStatus::Running);

    let sum = worker
        .call("add", json!({ "a": 2, "b": 40 }))
        .await
        .unwrap();
    assert_eq!(sum, json!({ "sum": 42, "app": "todo" }));
    // JSON survives the trip both ways, including unicode and nesting.
    let value = json!({ "text": "grüße 👋", "list": [1, 2.5, null, true], "n": { "deep": [] } });
    assert_eq!(worker.call("echo", value.clone()).await.unwrap(), value);
    // A handler returning nothing answers null.
    assert_eq!(worker.call("echo", json!(null)).await.unwrap(), json!(null));
    assert!(worker.incidents().is_empty());
    worker.close().await;
}

#[tokio::test]
async fn host_calls_from_the_script_reach_the_node_and_its_errors_come_back() {
    let (worker, host) = start(
        r#"
        supernet.method('work', (input) => {
          const profile = supernet.call('social.profile', { id: input.who });
          const event = supernet.publish('item', { text: input.text });
          const changed = supernet.db.exec('INSERT INTO items (text) VALUES (?)', [input.text]);
          const rows = supernet.db.query('SELECT id, text FROM items');
          console.log('added', input.text, { rows: rows.length });
          console.warn('careful');
          let refused;
          try { supernet.call('coin.send', { amount: '5' }); } catch (e) { refused = { code: e.code, message: e.message }; }
          return { name: profile.name, kind: event.kind, changed, rows, refused };
        });
        "#,
    )
    .await;
    let out = worker
        .call("work", json!({ "who": "sn1abc", "text": "milk" }))
        .await
        .unwrap();
    assert_eq!(out["name"], "Ada");
    assert_eq!(out["kind"], "app.todo.item");
    assert_eq!(out["changed"], 1);
    assert_eq!(out["rows"][1]["text"], "eggs");
    assert_eq!(out["refused"]["code"], "permission_denied");
    assert_eq!(out["refused"]["message"], "this app may not move money");

    assert_eq!(
        host.asked(),
        [
            Asked::Call("social.profile".into(), json!({ "id": "sn1abc" })),
            Asked::Publish("item".into(), json!({ "text": "milk" })),
            Asked::Exec(
                "INSERT INTO items (text) VALUES (?)".into(),
                vec![json!("milk")]
            ),
            Asked::Query("SELECT id, text FROM items".into(), vec![]),
            Asked::Log(LogLevel::Log, "added milk {\"rows\":2}".into()),
            Asked::Log(LogLevel::Warn, "careful".into()),
            Asked::Call("coin.send".into(), json!({ "amount": "5" })),
        ]
    );
    worker.close().await;
}

#[tokio::test]
async fn a_script_cannot_call_its_own_methods_through_the_node() {
    let (worker, host) = start(
        r#"
        supernet.method('loop', () => {
          try { supernet.call('app.todo.loop', {}); } catch (e) { return e.code; }
        });
        "#,
    )
    .await;
    assert_eq!(
        worker.call("loop", json!({})).await.unwrap(),
        "invalid_input"
    );
    assert!(host.asked().is_empty(), "the node was not asked");
    worker.close().await;
}

#[tokio::test]
async fn events_reach_the_handlers_of_their_kind() {
    let (worker, host) = start(
        r#"
        supernet.on('item', (event) => { supernet.db.exec('INSERT', [event.id, event.body.text]); });
        supernet.on('item', async (event) => { supernet.db.exec('SECOND', [event.id]); });
        supernet.on('social.post', (event) => { supernet.db.exec('POST', [event.id]); });
        "#,
    )
    .await;
    for (id, kind) in [
        ("e1", "app.todo.item"),
        ("e2", "social.post"),
        ("e3", "app.todo.other"),
        ("e4", "app.todo.item"),
    ] {
        let event = json!({ "id": id, "kind": kind, "body": { "text": format!("t{id}") } });
        worker.deliver(event).await.unwrap();
    }
    let exec = |sql: &str, params: serde_json::Value| {
        Asked::Exec(sql.into(), params.as_array().unwrap().clone())
    };
    assert_eq!(
        host.asked(),
        [
            exec("INSERT", json!(["e1", "te1"])),
            exec("SECOND", json!(["e1"])),
            exec("POST", json!(["e2"])),
            exec("INSERT", json!(["e4", "te4"])),
            exec("SECOND", json!(["e4"])),
        ]
    );
    worker.close().await;
}

#[tokio::test]
async fn a_handler_that_throws_fails_the_call_but_not_the_worker() {
    let (worker, _host) = start(
        r#"
        supernet.method('fail', () => { throw new TypeError('no milk left'); });
        supernet.method('ok', () => 'fine');
        supernet.on('item', () => { throw new Error('bad item'); });
        "#,
    )
    .await;
    let e = worker.call("fail", json!({})).await.unwrap_err();
    assert_eq!(e, ScriptError::Thrown("TypeError: no milk left".into()));
    let api = ApiError::from(e);
    assert_eq!(api.code, ErrorCode::ScriptFailed);
    assert!(api.message.contains("no milk left"), "{}", api.message);

    let e = worker
        .deliver(json!({ "kind": "app.todo.item" }))
        .await
        .unwrap_err();
    assert_eq!(e, ScriptError::Thrown("Error: bad item".into()));

    assert_eq!(worker.call("ok", json!({})).await.unwrap(), "fine");
    assert!(
        worker.incidents().is_empty(),
        "an ordinary error is no incident"
    );
    assert_eq!(worker.status(), WorkerStatus::Running);
    worker.close().await;
}

#[tokio::test]
async fn calling_a_method_that_does_not_exist_is_a_precise_error() {
    let (worker, _host) = start(
        r#"
        supernet.method('ok', () => 'fine');
        supernet.method('ask', () => supernet.call('nope.nothing', {}));
        "#,
    )
    .await;
    // A method the script did not register.
    let e = worker.call("missing", json!({})).await.unwrap_err();
    assert_eq!(e, ScriptError::NoSuchMethod("missing".into()));
    let api = ApiError::from(e);
    assert_eq!(api.code, ErrorCode::UnknownMethod);
    assert!(api.message.contains("\"missing\""), "{}", api.message);
    // A kernel method the node does not know, called by the script.
    let e = worker.call("ask", json!({})).await.unwrap_err();
    assert_eq!(
        e,
        ScriptError::Thrown("Error: no method nope.nothing".into())
    );
    // Neither stopped the worker.
    assert_eq!(worker.call("ok", json!({})).await.unwrap(), "fine");
    assert!(worker.incidents().is_empty());
    worker.close().await;
}

#[tokio::test]
async fn promises_returned_by_handlers_are_awaited() {
    let (worker, _host) = start(
        r#"
        const later = (ms, v) => new Promise((resolve) => setTimeout(() => resolve(v), ms));
        supernet.method('async', async (input) => {
          const a = await Promise.resolve(input.n);
          const b = await later(20, 2);
          return a * b;
        });
        supernet.method('then', () => Promise.resolve(7).then((v) => v + 1));
        supernet.method('reject', async () => { throw new RangeError('too big'); });
        supernet.method('never', () => new Promise(() => {}));
        "#,
    )
    .await;
    assert_eq!(worker.call("async", json!({ "n": 21 })).await.unwrap(), 42);
    assert_eq!(worker.call("then", json!({})).await.unwrap(), 8);
    assert_eq!(
        worker.call("reject", json!({})).await.unwrap_err(),
        ScriptError::Thrown("RangeError: too big".into())
    );
    let e = worker.call("never", json!({})).await.unwrap_err();
    assert!(
        matches!(&e, ScriptError::Thrown(m) if m.contains("never settled")),
        "{e}"
    );
    worker.close().await;
}

#[tokio::test]
async fn timers_fire_in_the_worker_and_can_be_cleared() {
    let (worker, host) = start(
        r#"
        let ticks = 0;
        const interval = setInterval(() => {
          ticks += 1;
          supernet.db.exec('TICK', [ticks]);
          if (ticks === 3) clearInterval(interval);
        }, 15);
        const cancelled = setTimeout(() => supernet.db.exec('CANCELLED', []), 30);
        clearTimeout(cancelled);
        setTimeout((what) => { console.error(what); }, 25, 'timeout fired');
        setTimeout(() => { throw new Error('a timer that fails'); }, 5);
        supernet.method('ticks', () => ticks);
        "#,
    )
    .await;
    host.wait_for("three ticks and the timeout", |asked| {
        asked
            .iter()
            .filter(|a| matches!(a, Asked::Exec(s, _) if s == "TICK"))
            .count()
            == 3
            && asked
                .iter()
                .any(|a| *a == Asked::Log(LogLevel::Error, "timeout fired".into()))
    })
    .await;
    // A failing timer callback is logged, and the worker carries on.
    host.wait_for("the failing timer's log line", |asked| {
        asked.iter().any(
            |a| matches!(a, Asked::Log(LogLevel::Error, m) if m.contains("a timer that fails")),
        )
    })
    .await;
    assert_eq!(worker.call("ticks", json!({})).await.unwrap(), 3);
    // The interval was cleared after three ticks; the cancelled timeout never ran. (Checked
    // after a call: any stray timer due by now would have run before the call was served.)
    let asked = host.asked();
    assert_eq!(
        asked
            .iter()
            .filter(|a| matches!(a, Asked::Exec(s, _) if s == "TICK"))
            .count(),
        3
    );
    assert!(
        !asked
            .iter()
            .any(|a| matches!(a, Asked::Exec(s, _) if s == "CANCELLED"))
    );
    assert!(worker.incidents().is_empty());
    worker.close().await;
}

#[tokio::test]
async fn registering_outside_the_top_level_and_too_many_timers_are_refused() {
    let (worker, _host) = start(
        r#"
        supernet.method('late', () => { supernet.method('x', () => 1); });
        supernet.method('flood', () => { for (;;) setTimeout(() => {}, 100000); });
        "#,
    )
    .await;
    let e = worker.call("late", json!({})).await.unwrap_err();
    assert!(
        matches!(&e, ScriptError::Thrown(m) if m.contains("top level")),
        "{e}"
    );
    let e = worker.call("flood", json!({})).await.unwrap_err();
    assert!(
        matches!(&e, ScriptError::Thrown(m) if m.contains("too many timers")),
        "{e}"
    );
    worker.close().await;
}

#[tokio::test]
async fn an_oversize_input_or_result_is_refused_without_harm() {
    let small = supernet_script::Limits {
        max_message_bytes: 64 * 1024,
        ..limits()
    };
    let (worker, _host) = crate::start_with(
        r#"
        supernet.method('big', () => 'x'.repeat(100000));
        supernet.method('ok', (input) => input.length);
        "#,
        small,
    )
    .await;
    let e = worker.call("big", json!({})).await.unwrap_err();
    assert!(
        matches!(&e, ScriptError::Thrown(m) if m.contains("byte limit")),
        "{e}"
    );
    let e = worker
        .call("ok", json!("y".repeat(100_000)))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ScriptError::Thrown(m) if m.contains("byte limit")),
        "{e}"
    );
    assert_eq!(worker.call("ok", json!("abc")).await.unwrap(), 3);
    assert!(worker.incidents().is_empty());
    worker.close().await;
}

#[tokio::test]
async fn a_syntax_error_is_reported_at_start() {
    let e = start_error("supernet.method('x', () => {", limits()).await;
    assert!(
        matches!(&e, ScriptError::Thrown(m) if m.contains("SyntaxError")),
        "{e}"
    );
}
