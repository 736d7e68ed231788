//! `supernet app …`: making, running and sharing JavaScript mini-apps from the command line.
//!
//! - `new NAME` writes a working app (a guestbook with a node-side script) to start from;
//! - `dev DIR` installs the app in the running node and reinstalls it on every change, so
//!   the Apps tab reloads it;
//! - `publish DIR` signs the bundle with this node's account and prints its link;
//! - `install LINK`, `list`: the same as the Apps tab, for scripts.
//!
//! The work itself (checking the manifest, signing, sharing, installing) is the node's
//! `apps.*` methods; this module only reads the command line and prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use supernet_core::ApiError;
use supernet_node::datadir::DataDir;

use crate::backend;
use crate::output;
use crate::transfer::Target;

/// How often `app dev` looks for changed files: quick enough to feel live after a save,
/// cheap enough for a folder of a few dozen files.
const WATCH_EVERY: Duration = Duration::from_millis(400);

/// Files `app dev` skips when it looks for changes: editors' swap and backup files.
fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
}

/// The files of the scaffold `app new` writes, with `__ID__` and `__NAME__` to fill in.
const TEMPLATE: &[(&str, &str)] = &[
    (
        "supernet-app.json",
        include_str!("app_template/supernet-app.json"),
    ),
    ("node.js", include_str!("app_template/node.js")),
    ("index.html", include_str!("app_template/index.html")),
    ("app.js", include_str!("app_template/app.js")),
    ("style.css", include_str!("app_template/style.css")),
    ("icon.svg", include_str!("app_template/icon.svg")),
];

/// `app new NAME [--dir DIR]`: writes the scaffold into DIR (default: ./<id>).
pub(crate) fn new(name: &str, dir: Option<PathBuf>) -> Result<(), ApiError> {
    let id = app_id(name)?;
    let dir = dir.unwrap_or_else(|| PathBuf::from(&id));
    if dir.exists()
        && std::fs::read_dir(&dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(ApiError::invalid_input(format!(
            "{} already exists and is not empty; choose another name or pass --dir",
            dir.display()
        )));
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| ApiError::invalid_input(format!("cannot create {}: {e}", dir.display())))?;
    let title = name.trim();
    for (file, text) in TEMPLATE {
        let name = if file.ends_with(".json") {
            json_text(title)
        } else {
            html_text(title)
        };
        let text = text.replace("__ID__", &id).replace("__NAME__", &name);
        let path = dir.join(file);
        std::fs::write(&path, text).map_err(|e| {
            ApiError::invalid_input(format!("cannot write {}: {e}", path.display()))
        })?;
    }
    output::line(&format!(
        "created the app {id:?} in {dir}\n\nnext:\n  supernet app dev {dir}       run it in your node, reloading on every save\n  supernet app publish {dir}   sign it and print the link to share",
        dir = dir.display()
    ));
    Ok(())
}

/// An app id from a name a person typed: lowercase letters, digits and '-', starting with a
/// letter, 2 to 32 characters (the rule the node checks).
fn app_id(name: &str) -> Result<String, ApiError> {
    let mut id = String::new();
    for c in name.trim().chars() {
        match c {
            'a'..='z' | '0'..='9' => id.push(c),
            'A'..='Z' => id.push(c.to_ascii_lowercase()),
            ' ' | '-' | '_' if !id.ends_with('-') && !id.is_empty() => id.push('-'),
            _ => {}
        }
    }
    let id = id
        .trim_end_matches('-')
        .chars()
        .take(32)
        .collect::<String>();
    let id = id.trim_end_matches('-').to_owned();
    if id.len() < 2 || !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(ApiError::invalid_input(format!(
            "{name:?} does not make an app id: use at least two letters or digits, starting with a letter"
        )));
    }
    Ok(id)
}

/// `text` escaped for the inside of a JSON string (the template's name fields).
fn json_text(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted[1..quoted.len() - 1].to_owned()
}

/// `text` escaped for HTML text (the template's page title and heading).
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `app publish DIR`: signs and shares; without a daemon, keeps serving until Ctrl-C.
pub(crate) async fn publish(data: &DataDir, dir: &Path, local_only: bool) -> Result<(), ApiError> {
    let dir = backend::absolute(dir)?;
    let target = Target::open(data, local_only).await?;
    let result = target.call("apps.publish", json!({ "dir": dir })).await;
    if let Ok(published) = &result {
        output::line(&format!(
            "published {} {}, signed by this node's account\nlink:   {}\nticket: {}",
            published["id"].as_str().unwrap_or_default(),
            published["version"].as_str().unwrap_or_default(),
            published["link"].as_str().unwrap_or_default(),
            published["ticket"].as_str().unwrap_or_default(),
        ));
    }
    serve_until_stopped(target, result.is_ok()).await;
    result.map(drop)
}

/// Without a daemon, the node opened for the command serves what it shared until Ctrl-C.
async fn serve_until_stopped(target: Target, serve: bool) {
    if let Target::Here(node, _lock) = target {
        if serve {
            output::line(
                "serving it from here until Ctrl-C (run `supernet serve` to keep it available in the background)",
            );
            supernet_node::daemon::stop_signal().await;
        }
        node.close().await;
    }
}

/// `app dev DIR`: installs the app in the running node, then reinstalls it whenever a file
/// changes, until Ctrl-C. Needs the daemon (whose web UI shows the app).
pub(crate) async fn dev(data: &DataDir, dir: &Path) -> Result<(), ApiError> {
    let dir = backend::absolute(dir)?;
    let target = Target::open(data, true).await?;
    if !target.is_daemon() {
        serve_until_stopped(target, false).await;
        return Err(ApiError::invalid_input(
            "no node is running for this data directory: start it with `scripts/run` or \
             `supernet serve --local-only`, then run `supernet app dev` beside it",
        ));
    }
    let mut seen = snapshot(&dir)?;
    install_dev(&target, &dir).await?;
    output::line("watching for changes; Ctrl-C to stop");
    let stop = supernet_node::daemon::stop_signal();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => return Ok(()),
            _ = tokio::time::sleep(WATCH_EVERY) => {}
        }
        let now = snapshot(&dir)?;
        if now == seen {
            continue;
        }
        seen = now;
        // A failed reinstall (a typo in the manifest) is reported and waited out: the
        // next save tries again.
        if let Err(e) = install_dev(&target, &dir).await {
            output::error(&e);
        }
    }
}

async fn install_dev(target: &Target, dir: &Path) -> Result<(), ApiError> {
    let installed = target
        .call("apps.publish", json!({ "dir": dir, "install": true }))
        .await?;
    output::line(&format!(
        "{} {} installed; open it in the Apps tab",
        installed["id"].as_str().unwrap_or_default(),
        installed["version"].as_str().unwrap_or_default()
    ));
    Ok(())
}

/// Modification time and size of every file under `dir`, by relative path.
fn snapshot(dir: &Path) -> Result<BTreeMap<PathBuf, (SystemTime, u64)>, ApiError> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| {
            ApiError::invalid_input(format!("cannot read {}: {e}", folder.display()))
        })?;
        for entry in entries.flatten() {
            if ignored(&entry.file_name().to_string_lossy()) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                pending.push(entry.path());
            } else if let Ok(modified) = meta.modified() {
                let path = entry.path();
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_owned();
                files.insert(relative, (modified, meta.len()));
            }
        }
    }
    Ok(files)
}

/// `app install LINK [--grant P]… [--all]`: shows what the app asks for, then installs it
/// with the permissions granted on the command line (the node refuses any it does not ask for).
pub(crate) async fn install(
    data: &DataDir,
    link: &str,
    grant: Vec<String>,
    all: bool,
) -> Result<(), ApiError> {
    let target = Target::open(data, true).await?;
    let result = async {
        let seen = target.call("apps.inspect", json!({ "link": link })).await?;
        let requested: Vec<String> = seen["permissions"]
            .as_array()
            .map(|p| {
                p.iter()
                    .filter_map(|p| p["name"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        output::line(&describe(&seen));
        // Which grants an app may get is the node's rule (`apps.install` names what it asks
        // for when one is not); `--all` is just everything it asks for.
        let grant = if all { requested } else { grant };
        let installed = target
            .call("apps.install", json!({ "link": link, "grant": grant }))
            .await?;
        output::line(&format!(
            "installed {} {}",
            installed["name"].as_str().unwrap_or_default(),
            installed["version"].as_str().unwrap_or_default()
        ));
        Ok(())
    }
    .await;
    serve_until_stopped(target, false).await;
    result
}

/// What `apps.inspect` found, for a person.
fn describe(seen: &Value) -> String {
    let app = &seen["app"];
    let mut text = format!(
        "{} {} by {}\n{}",
        app["name"].as_str().unwrap_or_default(),
        app["version"].as_str().unwrap_or_default(),
        seen["publisher"].as_str().unwrap_or_default(),
        app["description"].as_str().unwrap_or_default(),
    );
    let permissions = seen["permissions"].as_array().cloned().unwrap_or_default();
    if permissions.is_empty() {
        text.push_str("\nit asks for no permissions");
    } else {
        text.push_str("\nit asks to:");
        for p in permissions {
            text.push_str(&format!(
                "\n  {:<20} {}{}",
                p["name"].as_str().unwrap_or_default(),
                p["description"].as_str().unwrap_or_default(),
                if p["money"] == true {
                    " (moves money: you confirm every payment)"
                } else {
                    ""
                }
            ));
        }
    }
    text
}

/// `app list`.
pub(crate) async fn list(data: &DataDir) -> Result<(), ApiError> {
    let target = Target::open(data, true).await?;
    let result = target.call("apps.list", json!({})).await;
    serve_until_stopped(target, false).await;
    let apps = result?;
    let apps = apps["apps"].as_array().cloned().unwrap_or_default();
    if apps.is_empty() {
        output::line("no apps installed; install one with `supernet app install LINK`");
    }
    for app in apps {
        output::line(&format!(
            "{:<16} {:<10} {:<10} {}",
            app["id"].as_str().unwrap_or_default(),
            app["version"].as_str().unwrap_or_default(),
            app["status"].as_str().unwrap_or_default(),
            app["name"].as_str().unwrap_or_default(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_names_people_type() {
        assert_eq!(app_id("Shared to-do").unwrap(), "shared-to-do");
        assert_eq!(app_id("  Tip Jar 2 ").unwrap(), "tip-jar-2");
        assert_eq!(app_id("poll").unwrap(), "poll");
        assert!(app_id("9lives").is_err());
        assert!(app_id("é").is_err());
        assert_eq!(app_id(&"x".repeat(40)).unwrap().len(), 32);
    }

    #[test]
    fn the_scaffold_is_a_complete_app() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("guests");
        new("My \"Guest\" book", Some(target.clone())).unwrap();
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(target.join("supernet-app.json")).unwrap())
                .unwrap();
        assert_eq!(manifest["id"], "my-guest-book");
        assert_eq!(manifest["name"], "My \"Guest\" book");
        for (file, _) in TEMPLATE {
            let text = std::fs::read_to_string(target.join(file)).unwrap();
            assert!(
                !text.contains("__ID__") && !text.contains("__NAME__"),
                "{file}"
            );
        }
        let script = std::fs::read_to_string(target.join("node.js")).unwrap();
        assert!(script.contains("app.my-guest-book.entry"));
        // A second scaffold into the same place is refused, not merged.
        assert!(new("other", Some(target)).is_err());
    }
}
