//! `supernet`: the headless daemon and command line of a Supernet node.
//!
//! Every command that reads or changes the node goes through the one API: to the running
//! daemon of the data directory when there is one (over its loopback HTTP API), otherwise to
//! a node opened in this process for the one command. This crate only translates between the
//! command line and that API.

mod backend;
mod miniapp;
mod output;
mod secrets;
mod token;
mod transfer;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::json;
use supernet_core::ApiError;
use supernet_node::datadir::DataDir;

use crate::backend::Backend;

/// Supernet: your own node for posts, money and organisations, peer to peer.
#[derive(Debug, Parser)]
#[command(name = "supernet", version, about, long_about = None)]
struct Cli {
    /// The node's data directory [default: the platform data directory, e.g. ~/.local/share/supernet]
    #[arg(long, global = true, env = "SUPERNET_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Creates this node's account (or restores it with --recover) and prints its id
    Init {
        /// Your display name
        #[arg(long)]
        name: Option<String>,
        /// Store the key without a passphrase (anyone who can read the file can use it)
        #[arg(long)]
        no_passphrase: bool,
        /// Restore an account from its 24-word recovery phrase
        /// (from SUPERNET_RECOVERY_PHRASE, the terminal, or standard input)
        #[arg(long)]
        recover: bool,
    },
    /// Prints this node's account id
    Id,
    /// Calls any API method with a JSON input and prints its JSON output
    Call {
        /// Method name, e.g. node.info (`supernet call api.methods` lists them)
        method: String,
        /// Input as JSON (default: no arguments)
        json: Option<String>,
    },
    /// Publishes a post
    Post {
        /// The text, in Markdown
        text: String,
        /// A title makes it a blog post
        #[arg(long)]
        title: Option<String>,
    },
    /// Shows the feed, newest first
    Feed {
        /// Print the API's JSON instead of text
        #[arg(long)]
        json: bool,
        /// How many posts
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Runs the node as a daemon with its HTTP API on loopback, until Ctrl-C
    Serve {
        /// Keep all networking on 127.0.0.1: no mDNS, no public peers or relays
        #[arg(long, env = "SUPERNET_LOCAL_ONLY", action = clap::ArgAction::SetTrue, value_parser = clap::builder::FalseyValueParser::new())]
        local_only: bool,
        /// Address of the HTTP API (port 0: chosen by the system)
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: SocketAddr,
        /// TCP/UDP port of the peer-to-peer network (0: chosen by the system)
        #[arg(long, env = "SUPERNET_PORT", default_value_t = 0)]
        port: u16,
        /// A peer to connect to at start (multiaddr with /p2p/<peer id>); repeatable
        #[arg(long = "bootstrap", env = "SUPERNET_BOOTSTRAP", value_delimiter = ',')]
        bootstrap: Vec<String>,
        /// Relay connections for other nodes (router mode)
        #[arg(long)]
        relay: bool,
        /// Stay off the peer-to-peer network (API and web UI only)
        #[arg(long)]
        offline: bool,
        /// Storage quota for files, in bytes (suffixes k, M, G, T: powers of 1000)
        #[arg(long, env = "SUPERNET_BLOB_QUOTA", value_parser = parse_bytes)]
        blob_quota: Option<u64>,
        /// A relay for file transfers (https:// URL); repeatable. None by default
        #[arg(
            long = "blob-relay",
            env = "SUPERNET_BLOB_RELAYS",
            value_delimiter = ','
        )]
        blob_relays: Vec<String>,
        /// Fetch files of followed accounts up to this size as their posts arrive (bigger
        /// ones when opened); suffixes k, M, G, T
        #[arg(long, env = "SUPERNET_FETCH_MAX", value_parser = parse_bytes)]
        fetch_max: Option<u64>,
        /// Seconds between deletions of files nothing keeps any more (default 60)
        #[arg(long, env = "SUPERNET_GC_EVERY_SECS", hide = true)]
        gc_every_secs: Option<u64>,
    },
    /// Shares a file or folder: prints a ticket and a supernet:// link to fetch it with
    Share {
        /// The file or folder
        path: PathBuf,
        /// Keep all networking on 127.0.0.1 (when no daemon runs and this command serves)
        #[arg(long, env = "SUPERNET_LOCAL_ONLY", action = clap::ArgAction::SetTrue, value_parser = clap::builder::FalseyValueParser::new())]
        local_only: bool,
    },
    /// Downloads what a ticket names (verified; resumes where an interrupted one stopped)
    Get {
        /// The ticket (blob…) or a supernet://blob/ link
        ticket: String,
        /// Where to write it: a file, or a folder for a shared folder
        path: PathBuf,
        /// Keep all networking on 127.0.0.1 (when no daemon runs)
        #[arg(long, env = "SUPERNET_LOCAL_ONLY", action = clap::ArgAction::SetTrue, value_parser = clap::builder::FalseyValueParser::new())]
        local_only: bool,
    },
    /// Prints this node's contact ticket: give it to someone so their node can follow yours
    Ticket,
    /// Follows an account: its posts come to this node (by ticket, or by account id)
    Follow {
        /// A ticket (SNTKT1…, or a supernet://follow/ link) or an account id (sn1…)
        target: String,
    },
    /// Links another device of this account (restored there from the recovery phrase) by
    /// its ticket: the two keep the account's events and its private books the same
    LinkDevice {
        /// The other device's ticket (`supernet ticket` there)
        ticket: String,
    },
    /// Stops following an account
    Unfollow {
        /// The account id
        account: String,
    },
    /// Lists the peers this node is connected to
    Peers,
    /// Writes every event of this node to a portable file
    Export {
        /// The file to write
        file: PathBuf,
    },
    /// Reads an export file into this node (all of it, or nothing if any event is bad)
    Import {
        /// The file to read
        file: PathBuf,
    },
    /// Prints a new one-time link that signs a browser in to the running node's web UI
    Link,
    /// Makes, runs and shares JavaScript mini-apps (see docs/miniapps.md)
    App {
        #[command(subcommand)]
        command: AppCommand,
    },
    /// Makes, lists and revokes access tokens: what a program calls this node's API with
    Token {
        #[command(subcommand)]
        command: token::TokenCommand,
    },
    /// Prints what `api.methods` answers, without opening a node (for generating clients)
    #[command(hide = true)]
    ApiSchema {
        /// Print the HTTP API as an OpenAPI 3.1 document instead
        #[arg(long)]
        openapi: bool,
    },
}

/// `supernet app …`.
#[derive(Debug, Subcommand)]
enum AppCommand {
    /// Writes a working app to start from (a guestbook with a node-side script)
    New {
        /// The app's name, e.g. "Shared to-do" (its id is made from it)
        name: String,
        /// Where to write it [default: ./<id>]
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Runs an app from its folder in the running node, reinstalling it on every change
    Dev {
        /// The app's folder (with supernet-app.json)
        dir: PathBuf,
    },
    /// Signs an app with this node's account, shares it, and prints its link
    Publish {
        /// The app's folder (with supernet-app.json)
        dir: PathBuf,
        /// Keep all networking on 127.0.0.1 (when no daemon runs and this command serves)
        #[arg(long, env = "SUPERNET_LOCAL_ONLY", action = clap::ArgAction::SetTrue, value_parser = clap::builder::FalseyValueParser::new())]
        local_only: bool,
    },
    /// Installs an app from its link, granting the permissions named
    Install {
        /// The supernet://app/ link or ticket
        link: String,
        /// A permission to grant; repeatable (the app's request is printed first)
        #[arg(long = "grant")]
        grant: Vec<String>,
        /// Grant every permission the app asks for
        #[arg(long)]
        all: bool,
    },
    /// Lists the installed apps
    List,
}

fn main() -> ExitCode {
    // A mini-app's script worker is this same binary, started with a flag.
    supernet_node::script::run_worker_if_requested();
    let cli = Cli::parse();
    let serving = matches!(cli.command, Command::Serve { .. });
    init_logging(serving);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            output::error(&ApiError::internal(format!(
                "cannot start the async runtime: {e}"
            )));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::error(&e);
            ExitCode::FAILURE
        }
    }
}

fn init_logging(serving: bool) {
    let default = if serving { "info" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SUPERNET_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
}

/// Reads a byte count: `5000000`, `5M`, `64G`.
fn parse_bytes(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, scale) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let scale = match c.to_ascii_uppercase() {
                'K' => 1_000,
                'M' => 1_000_000,
                'G' => 1_000_000_000,
                'T' => 1_000_000_000_000,
                _ => return Err(format!("unknown unit {c:?}: use k, M, G or T")),
            };
            (&text[..i], scale)
        }
        _ => (text, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("{text:?} is not a byte count such as 500M or 64G"))
}

fn data_dir(cli: &Cli) -> Result<DataDir, ApiError> {
    match &cli.data_dir {
        Some(dir) => Ok(DataDir::new(dir)),
        None => DataDir::platform_default().ok_or_else(|| {
            ApiError::invalid_input("this system has no data directory; pass --data-dir DIR")
        }),
    }
}

async fn run(cli: Cli) -> Result<(), ApiError> {
    if let Command::ApiSchema { openapi } = cli.command {
        let schema = if openapi {
            supernet_node::openapi::builtin_document()
        } else {
            serde_json::to_value(supernet_node::describe_api())
                .map_err(|e| ApiError::internal(e.to_string()))?
        };
        output::json(&schema);
        return Ok(());
    }
    let dir = data_dir(&cli)?;
    match cli.command {
        Command::ApiSchema { .. } => Ok(()),
        Command::Token { command } => token::run(&dir, command).await,
        Command::App { command } => match command {
            AppCommand::New { name, dir } => miniapp::new(&name, dir),
            AppCommand::Dev { dir: app } => miniapp::dev(&dir, &app).await,
            AppCommand::Publish {
                dir: app,
                local_only,
            } => miniapp::publish(&dir, &app, local_only).await,
            AppCommand::Install { link, grant, all } => {
                miniapp::install(&dir, &link, grant, all).await
            }
            AppCommand::List => miniapp::list(&dir).await,
        },
        Command::Link => {
            output::line(&backend::login_link(&dir).await?);
            Ok(())
        }
        Command::Init {
            name,
            no_passphrase,
            recover,
        } => init(&dir, name, no_passphrase, recover).await,
        Command::Id => {
            output::line(&dir.keystore()?.info().account.to_text());
            Ok(())
        }
        Command::Call { method, json } => {
            let input = match json {
                None => serde_json::Value::Null,
                Some(text) => serde_json::from_str(&text)
                    .map_err(|e| ApiError::invalid_input(format!("the input is not JSON: {e}")))?,
            };
            let result = Backend::connect(&dir).await?.call(&method, input).await?;
            output::json(&result);
            Ok(())
        }
        Command::Post { text, title } => {
            let result = Backend::connect(&dir)
                .await?
                .call("social.post", json!({ "text": text, "title": title }))
                .await?;
            output::line(result["id"].as_str().unwrap_or_default());
            Ok(())
        }
        Command::Feed { json, limit } => {
            let page = Backend::connect(&dir)
                .await?
                .call("social.feed", json!({ "limit": limit }))
                .await?;
            if json {
                output::json(&page);
            } else {
                output::feed(&page);
            }
            Ok(())
        }
        Command::Serve {
            local_only,
            listen,
            port,
            bootstrap,
            relay,
            offline,
            blob_quota,
            blob_relays,
            fetch_max,
            gc_every_secs,
        } => {
            let network = (!offline).then(|| supernet_node::network::NetworkConfig {
                local_only,
                port,
                bootstrap,
                relay_server: relay,
                blob_quota: blob_quota.unwrap_or(supernet_node::files::DEFAULT_BLOB_QUOTA),
                blob_relays,
                fetch_max: fetch_max.unwrap_or(supernet_node::files::DEFAULT_FETCH_MAX),
                gc_every: gc_every_secs
                    .map(std::time::Duration::from_secs)
                    .unwrap_or(supernet_node::files::GC_EVERY),
                ..supernet_node::network::NetworkConfig::local()
            });
            backend::serve(&dir, local_only, listen, network).await
        }
        Command::Share { path, local_only } => {
            let path = backend::absolute(&path)?;
            transfer::run(
                &dir,
                local_only,
                "blobs.share",
                json!({ "path": path }),
                true,
                |shared| {
                    let what = if shared["folder"] == true {
                        format!("{} files", shared["files"])
                    } else {
                        "1 file".into()
                    };
                    output::line(&format!(
                        "sharing {what}, {} bytes\nticket: {}\nlink:   {}",
                        shared["size"],
                        shared["ticket"].as_str().unwrap_or_default(),
                        shared["link"].as_str().unwrap_or_default()
                    ));
                },
            )
            .await
        }
        Command::Get {
            ticket,
            path,
            local_only,
        } => {
            let path = backend::absolute(&path)?;
            transfer::run(
                &dir,
                local_only,
                "blobs.get",
                json!({ "ticket": ticket, "path": path }),
                false,
                |got| {
                    let files = got["files"].as_array().map(Vec::len).unwrap_or(0);
                    let bytes: u64 = got["files"]
                        .as_array()
                        .map(|f| f.iter().filter_map(|f| f["size"].as_u64()).sum())
                        .unwrap_or(0);
                    let resumed = got["resumed"].as_u64().unwrap_or(0);
                    output::line(&format!(
                        "received {files} file{} ({bytes} bytes, verified) into {}{}",
                        if files == 1 { "" } else { "s" },
                        path.display(),
                        if resumed > 0 {
                            format!("; resumed: {resumed} bytes were already here")
                        } else {
                            String::new()
                        }
                    ));
                },
            )
            .await
        }
        Command::Ticket => {
            let ticket = Backend::connect(&dir)
                .await?
                .call("net.ticket", serde_json::Value::Null)
                .await?;
            output::line(ticket["ticket"].as_str().unwrap_or_default());
            Ok(())
        }
        Command::Follow { target } => {
            let input = if target.starts_with("sn1") {
                json!({ "account": target })
            } else {
                json!({ "ticket": target })
            };
            let followed = Backend::connect(&dir)
                .await?
                .call("social.follow", input)
                .await?;
            output::line(&format!(
                "following {}",
                followed["account"].as_str().unwrap_or_default()
            ));
            Ok(())
        }
        Command::Unfollow { account } => {
            Backend::connect(&dir)
                .await?
                .call("social.unfollow", json!({ "account": account }))
                .await?;
            output::line(&format!("no longer following {account}"));
            Ok(())
        }
        Command::LinkDevice { ticket } => {
            let linked = Backend::connect(&dir)
                .await?
                .call("net.link_device", json!({ "ticket": ticket }))
                .await?;
            let count = linked["devices"].as_array().map_or(0, Vec::len);
            output::line(&format!(
                "linked: this account's books and events now sync with {count} other device{}",
                if count == 1 { "" } else { "s" }
            ));
            Ok(())
        }
        Command::Peers => {
            let peers = Backend::connect(&dir)
                .await?
                .call("net.peers", serde_json::Value::Null)
                .await?;
            output::peers(&peers);
            Ok(())
        }
        Command::Export { file } => {
            let path = backend::absolute(&file)?;
            let result = Backend::connect(&dir)
                .await?
                .call("events.export", json!({ "path": path }))
                .await?;
            output::line(&format!(
                "exported {} events ({} bytes) to {}",
                result["events"],
                result["bytes"],
                path.display()
            ));
            Ok(())
        }
        Command::Import { file } => {
            let path = backend::absolute(&file)?;
            let result = Backend::connect(&dir)
                .await?
                .call("events.import", json!({ "path": path }))
                .await?;
            output::line(&format!(
                "imported {} new events ({} already here, {} expired and skipped)",
                result["inserted"], result["duplicates"], result["expired"]
            ));
            Ok(())
        }
    }
}

async fn init(
    dir: &DataDir,
    name: Option<String>,
    no_passphrase: bool,
    recover: bool,
) -> Result<(), ApiError> {
    let backend = Backend::connect_any(dir).await?;
    let phrase = if recover {
        Some(secrets::recovery_phrase()?)
    } else {
        None
    };
    let passphrase = if no_passphrase {
        output::warn(
            "warning: --no-passphrase stores your key unencrypted; anyone who can read the data directory can act as you",
        );
        None
    } else {
        Some(secrets::new_passphrase()?)
    };
    let passphrase = passphrase.as_deref().map(|p| p.as_str());
    let account = match phrase {
        Some(phrase) => {
            let input =
                json!({ "phrase": phrase.as_str(), "name": name, "passphrase": passphrase });
            let account = backend.call("identity.recover", input).await?["account"].clone();
            output::warn(
                "note: this device does not sign payments or asset transfers until you say it is the one that pays \
                 (one device of an account at a time): if your other device no longer pays, run \
                 supernet call net.set_paying '{\"paying\": true}'; link the two with `supernet link-device`",
            );
            account
        }
        None => {
            let input = json!({ "name": name, "passphrase": passphrase });
            let created = backend.call("identity.create", input).await?;
            output::recovery_phrase(created["recovery_phrase"].as_str().unwrap_or_default());
            created["account"].clone()
        }
    };
    output::line(account.as_str().unwrap_or_default());
    Ok(())
}
