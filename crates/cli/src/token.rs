//! `supernet token …`: access tokens for programs, through `tokens.create`, `tokens.list`
//! and `tokens.revoke`.

use clap::Subcommand;
use serde_json::{Value, json};
use supernet_core::ApiError;
use supernet_node::datadir::DataDir;

use crate::backend::Backend;
use crate::output;

/// `supernet token …`.
#[derive(Debug, Subcommand)]
pub(crate) enum TokenCommand {
    /// Makes a token that carries only the permissions named, and prints it (shown once)
    Create {
        /// What it is for, e.g. the program that will use it
        name: String,
        /// A permission it carries, e.g. social.read; repeatable (`supernet call
        /// api.permissions` lists them)
        #[arg(long = "permission", short = 'p', required = true)]
        permissions: Vec<String>,
        /// Days until it stops working (default: never)
        #[arg(long)]
        expires_days: Option<u32>,
    },
    /// Lists the tokens: name, id, permissions, when made, expiring and last used
    List {
        /// Print the API's JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Revokes a token: it stops working at once
    Revoke {
        /// The token's id (`supernet token list` shows it)
        id: String,
    },
}

pub(crate) async fn run(dir: &DataDir, command: TokenCommand) -> Result<(), ApiError> {
    let backend = Backend::connect_any(dir).await?;
    match command {
        TokenCommand::Create {
            name,
            permissions,
            expires_days,
        } => {
            let input =
                json!({ "name": name, "permissions": permissions, "expires_days": expires_days });
            let created = backend.call("tokens.create", input).await?;
            output::warn(&format!(
                "Access token {:?} (id {}) — copy it now, it is shown only this once.\nA program sends it as `Authorization: Bearer <token>`; revoke it with `supernet token revoke {}`.",
                name,
                created["id"].as_str().unwrap_or_default(),
                created["id"].as_str().unwrap_or_default()
            ));
            output::line(created["token"].as_str().unwrap_or_default());
        }
        TokenCommand::List { json } => {
            let listed = backend.call("tokens.list", Value::Null).await?;
            if json {
                output::json(&listed);
            } else {
                list(&listed);
            }
        }
        TokenCommand::Revoke { id } => {
            let revoked = backend.call("tokens.revoke", json!({ "id": id })).await?;
            output::line(&format!(
                "revoked {:?} ({})",
                revoked["name"].as_str().unwrap_or_default(),
                revoked["id"].as_str().unwrap_or_default()
            ));
        }
    }
    Ok(())
}

fn date(value: &Value) -> String {
    value
        .as_u64()
        .map(supernet_core::time::date_utc)
        .unwrap_or_else(|| "—".into())
}

fn list(listed: &Value) {
    let tokens = listed["tokens"].as_array().cloned().unwrap_or_default();
    if tokens.is_empty() {
        output::line(
            "No access tokens. Make one with: supernet token create NAME --permission social.read",
        );
        return;
    }
    for token in tokens {
        let permissions: Vec<&str> = token["permissions"]
            .as_array()
            .map(|p| p.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let expires = if token["expires"].is_null() {
            "never".to_owned()
        } else {
            date(&token["expires"])
        };
        output::line(&format!(
            "{}  {:<24} {:<8} made {}, expires {}, last used {}\n    {}",
            token["id"].as_str().unwrap_or_default(),
            token["name"].as_str().unwrap_or_default(),
            token["state"].as_str().unwrap_or_default(),
            date(&token["created"]),
            expires,
            date(&token["last_used"]),
            permissions.join(" ")
        ));
    }
}
