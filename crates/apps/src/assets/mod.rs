//! superCoin's unique assets: one-of-a-kind things, real or digital, minted by an account
//! and handed on from owner to owner, with their whole provenance.
//!
//! - `assets.mint`: a name, a description and at most one file; the asset's id is this
//!   event's id, its first owner the minter.
//! - `assets.transfer`: signed by the current owner, it names the state it moves the asset
//!   from (`prev`: the mint or the previous transfer) and the new owner. An asset's
//!   transfers thus form a chain across owners: a chain per asset, not per author, so its
//!   order lives in the bodies (`prev`) rather than in the events' `seq`.
//! - `assets.fork`: two transfers from one state, both signed by the owner at that state,
//!   with the state itself — a portable proof (see [`body::check_fork`]). A node that sees
//!   two such transfers freezes the asset at that state and spreads the proof; a node that
//!   receives the proof freezes it too. A frozen asset cannot be transferred, and
//!   `assets.provenance` shows why.
//!
//! Every transfer names the minter, so the minter's followers hold every asset's full
//! history, and a new owner missing part of it fetches it from them (the app's reactor).

pub mod body;
mod table;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{
    AccountId, ApiError, Attachment, Draft, ErrorCode, Event, EventId, Ref, Timestamp,
};

use crate::coin::Wire;
use crate::contract::{AppSpec, Ctx, Fetch, KindSpec, MethodSpec, Permission, Reactor};
use body::{ForkBody, MintBody, TransferBody};

/// The app's namespace.
pub const APP_ID: &str = "assets";
/// An asset comes into being.
pub const MINT: &str = "assets.mint";
/// An asset changes hands.
pub const TRANSFER: &str = "assets.transfer";
/// Proof of two transfers from one state.
pub const FORK: &str = "assets.fork";
/// See assets and their provenance.
pub const ASSETS_READ: Permission = Permission::named("assets.read");
/// Mint assets as this node's account.
pub const ASSETS_WRITE: Permission = Permission::named("assets.write");
/// Give this account's assets away: apart from [`ASSETS_WRITE`] because it moves value.
/// Named like the event kind [`TRANSFER`] (permissions and kinds are separate namespaces).
pub const ASSETS_TRANSFER: Permission = Permission::named("assets.transfer");
/// Most assets one listing returns.
const MAX_LIST: i64 = 1000;
/// Least time between two fetches of one asset's history by one node.
const REFETCH_AFTER: Duration = Duration::from_secs(30);

fn me(ctx: &Ctx) -> Result<AccountId, ApiError> {
    ctx.account()
        .ok_or_else(|| ApiError::new(ErrorCode::KeystoreMissing, "this node has no account yet"))
}

fn db_error(e: sqlx::Error) -> ApiError {
    ApiError::internal(format!("the asset tables: {e}"))
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(e.to_string())
}

fn id_of(bytes: &[u8]) -> EventId {
    EventId(bytes.try_into().unwrap_or([0; 32]))
}

fn account_of(bytes: &[u8]) -> AccountId {
    AccountId::from_bytes(bytes.try_into().unwrap_or([0; 32]))
}

static LOCKS: LazyLock<Mutex<HashMap<AccountId, Arc<tokio::sync::Mutex<()>>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// One transfer at a time per account on this node: two at once from one state would be a
/// fork of its own making.
async fn transfer_lock(account: AccountId) -> tokio::sync::OwnedMutexGuard<()> {
    let lock = LOCKS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(account)
        .or_default()
        .clone();
    lock.lock_owned().await
}

/// A file for a new asset: one added to this node's store.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileInput {
    /// Its hash, as `blobs.add` returned it.
    pub hash: String,
    /// File name to show (default: the name it was added with).
    #[serde(default)]
    pub name: Option<String>,
    /// Media type (default: guessed from the name).
    #[serde(default)]
    pub mime: Option<String>,
}

/// Input of `assets.mint`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MintInput {
    /// What it is called.
    pub name: String,
    /// What it is.
    #[serde(default)]
    pub description: String,
    /// A file that goes with it.
    #[serde(default)]
    pub file: Option<FileInput>,
}

/// Input of `assets.transfer`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferInput {
    /// The asset.
    pub asset: EventId,
    /// The new owner.
    pub to: AccountId,
}

/// Input of `assets.list`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListInput {
    /// Whose (default: this node's account).
    #[serde(default)]
    pub owner: Option<AccountId>,
}

/// Input of `assets.provenance`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetInput {
    /// The asset.
    pub asset: EventId,
}

/// Why an asset is frozen.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AssetFreeze {
    /// The state both transfers move from.
    pub prev: EventId,
    /// One transfer.
    pub a: EventId,
    /// The other.
    pub b: EventId,
    /// The `assets.fork` proof, once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<EventId>,
    /// Why, in words.
    pub reason: String,
}

/// An asset as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AssetView {
    /// Its id (its mint's).
    pub id: EventId,
    /// What it is called.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Its file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Attachment>,
    /// Who minted it.
    pub minter: AccountId,
    /// When.
    pub minted_at: Timestamp,
    /// Who owns it now, as far as this node knows.
    pub owner: AccountId,
    /// Its current state: the mint or the last transfer.
    pub head: EventId,
    /// Transfers so far.
    pub transfers: u32,
    /// Why it is frozen, if it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen: Option<AssetFreeze>,
}

/// Output of `assets.list`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AssetList {
    /// Newest minted first.
    pub assets: Vec<AssetView>,
}

/// One change of hands.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Step {
    /// The transfer.
    pub id: EventId,
    /// The owner who signed it.
    pub from: AccountId,
    /// The new owner.
    pub to: AccountId,
    /// When.
    pub at: Timestamp,
}

/// Output of `assets.provenance`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// The asset as it stands.
    pub asset: AssetView,
    /// Every change of hands from the mint on, oldest first.
    pub history: Vec<Step>,
    /// Transfers stored here that are not part of its history (signed by someone who did
    /// not own it, or after a fork).
    pub stray: u32,
}

type AssetRow = (
    Vec<u8>,
    String,
    String,
    Option<String>,
    Vec<u8>,
    i64,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    i64,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
);

const ASSET_COLUMNS: &str = "m.id, m.name, m.description, m.file, m.author, m.created_at, a.owner, a.head, \
     a.transfers, a.fork_prev, a.fork_a, a.fork_b, a.proof FROM mints m JOIN assets a ON a.asset = m.id";

fn view(row: AssetRow) -> Result<AssetView, ApiError> {
    let (
        id,
        name,
        description,
        file,
        minter,
        minted_at,
        owner,
        head,
        transfers,
        fork_prev,
        fork_a,
        fork_b,
        proof,
    ) = row;
    let owner = owner
        .as_deref()
        .map(account_of)
        .unwrap_or(account_of(&minter));
    let frozen = match (fork_prev, fork_a, fork_b) {
        (Some(prev), Some(a), Some(b)) => Some(AssetFreeze {
            prev: id_of(&prev),
            a: id_of(&a),
            b: id_of(&b),
            proof: proof.as_deref().map(id_of),
            reason: format!(
                "{owner} signed two transfers of this asset from one state — handing it to two owners — so every honest node freezes it with {owner} as its owner"
            ),
        }),
        _ => None,
    };
    Ok(AssetView {
        id: id_of(&id),
        name,
        description,
        file: file
            .map(|f| serde_json::from_str(&f))
            .transpose()
            .map_err(internal)?,
        minter: account_of(&minter),
        minted_at: minted_at as u64,
        owner,
        head: head.as_deref().map(id_of).unwrap_or(id_of(&id)),
        transfers: transfers as u32,
        frozen,
    })
}

async fn asset_view(ctx: &Ctx, asset: &EventId) -> Result<AssetView, ApiError> {
    let row: Option<AssetRow> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ASSET_COLUMNS} WHERE m.id = ? LIMIT 1"
        )))
        .bind(asset.as_bytes().to_vec())
        .fetch_optional(reader.conn())
        .await
        .map_err(db_error)?
    };
    row.map(view).transpose()?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("no asset {asset} is known on this node (its mint has not reached it)"),
        )
    })
}

async fn mint(ctx: Ctx, input: MintInput) -> Result<AssetView, ApiError> {
    me(&ctx)?;
    let attachments = match input.file {
        Some(f) => vec![ctx.attachment(&f.hash, f.name, f.mime).await?],
        None => vec![],
    };
    let body = MintBody {
        name: input.name.trim().to_owned(),
        description: input.description.trim().to_owned(),
        attachments,
    };
    body.check().map_err(ApiError::invalid_input)?;
    let event = ctx
        .publish(Draft::new(
            MINT,
            ctx.now(),
            serde_json::to_vec(&body).map_err(internal)?,
        ))
        .await?;
    asset_view(&ctx, &event.id()).await
}

async fn transfer(ctx: Ctx, input: TransferInput) -> Result<AssetView, ApiError> {
    let me = me(&ctx)?;
    if input.to == me {
        return Err(ApiError::invalid_input("this account owns it already"));
    }
    ctx.check_pays().await?;
    let _lock = transfer_lock(me).await;
    let asset = asset_view(&ctx, &input.asset).await?;
    if let Some(f) = &asset.frozen {
        return Err(ApiError::new(
            ErrorCode::Frozen,
            format!("asset {} is frozen: {}", asset.id, f.reason),
        ));
    }
    if asset.owner != me {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            format!(
                "asset {} belongs to {}, as far as this node knows; only its owner can transfer it",
                asset.id, asset.owner
            ),
        ));
    }
    let body = TransferBody {
        asset: asset.id,
        prev: asset.head,
        to: input.to,
        minter: asset.minter,
    };
    let mut draft = Draft::new(
        TRANSFER,
        ctx.now(),
        serde_json::to_vec(&body).map_err(internal)?,
    );
    draft.refs = vec![
        Ref::Event(asset.id),
        Ref::Event(asset.head),
        Ref::Account(input.to),
        Ref::Account(asset.minter),
    ];
    draft.refs.dedup();
    ctx.publish(draft).await?;
    asset_view(&ctx, &asset.id).await
}

async fn list(ctx: Ctx, input: ListInput) -> Result<AssetList, ApiError> {
    let owner = match input.owner {
        Some(o) => o,
        None => me(&ctx)?,
    };
    let rows: Vec<AssetRow> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ASSET_COLUMNS} WHERE coalesce(a.owner, m.author) = ? ORDER BY m.created_at DESC LIMIT ?"
        )))
        .bind(owner.as_bytes().to_vec())
        .bind(MAX_LIST)
        .fetch_all(reader.conn())
        .await
        .map_err(db_error)?
    };
    Ok(AssetList {
        assets: rows.into_iter().map(view).collect::<Result<_, _>>()?,
    })
}

/// A transfer row: id, prev, author, recipient, time, whether it is on the asset's chain.
type MoveRow = (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>, i64, i64);

async fn provenance(ctx: Ctx, input: AssetInput) -> Result<Provenance, ApiError> {
    let asset = asset_view(&ctx, &input.asset).await?;
    let rows: Vec<MoveRow> = {
        let mut reader = ctx.store().app_reader(APP_ID).await?;
        sqlx::query_as(
            "SELECT id, prev, author, recipient, created_at, on_chain FROM moves WHERE asset = ?",
        )
        .bind(input.asset.as_bytes().to_vec())
        .fetch_all(reader.conn())
        .await
        .map_err(db_error)?
    };
    let stray = rows.iter().filter(|r| r.5 == 0).count() as u32;
    let by_prev: HashMap<Vec<u8>, &MoveRow> = rows
        .iter()
        .filter(|r| r.5 == 1)
        .map(|r| (r.1.clone(), r))
        .collect();
    let mut history = Vec::new();
    let mut cur = input.asset.as_bytes().to_vec();
    while let Some(r) = by_prev.get(&cur) {
        history.push(Step {
            id: id_of(&r.0),
            from: account_of(&r.2),
            to: account_of(&r.3),
            at: r.4 as u64,
        });
        cur = r.0.clone();
        if history.len() > rows.len() {
            break;
        }
    }
    Ok(Provenance {
        asset,
        history,
        stray,
    })
}

/// When each (node account, asset) history was last fetched.
static FETCHED: LazyLock<Mutex<HashMap<(AccountId, EventId), Instant>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The assets reactor: spreads fork proofs, and fetches the history of an asset handed
/// to this account when part of it is missing here.
async fn react(ctx: Ctx, _events: Vec<Event>) -> Result<(), ApiError> {
    let Some(me) = ctx.account() else {
        return Ok(());
    };
    let mut reader = ctx.store().app_reader(APP_ID).await?;
    let forks: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = sqlx::query_as(
        "SELECT fork_prev, fork_a, fork_b FROM assets WHERE fork_a IS NOT NULL AND proof IS NULL LIMIT 16",
    )
    .fetch_all(reader.conn())
    .await
    .map_err(db_error)?;
    let incomplete: Vec<(Vec<u8>, Vec<u8>)> = sqlx::query_as(
        "SELECT DISTINCT asset, minter FROM moves WHERE recipient = ? AND on_chain = 0 LIMIT 16",
    )
    .bind(me.as_bytes().to_vec())
    .fetch_all(reader.conn())
    .await
    .map_err(db_error)?;
    drop(reader);
    for (prev, a, b) in forks {
        let get = |id: Vec<u8>| {
            let ctx = ctx.clone();
            async move { ctx.store().get(&id_of(&id)).await }
        };
        let (Some(prev), Some(a), Some(b)) = (get(prev).await?, get(a).await?, get(b).await?)
        else {
            continue;
        };
        let Ok((asset, owner)) = body::check_fork(&prev, &a, &b) else {
            continue;
        };
        let minter = TransferBody::parse(&a).map_err(internal)?.minter;
        let fork = ForkBody {
            prev: Wire(prev),
            a: Wire(a),
            b: Wire(b),
        };
        let mut draft = Draft::new(
            FORK,
            ctx.now(),
            serde_json::to_vec(&fork).map_err(internal)?,
        );
        draft.refs = vec![Ref::Event(asset), Ref::Account(owner), Ref::Account(minter)];
        draft.refs.dedup();
        ctx.publish(draft).await?;
        tracing::warn!(%asset, %owner, "assets: two transfers from one state — the asset is frozen, and the proof is spread");
    }
    for (asset, minter) in incomplete {
        {
            let mut fetched = FETCHED.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            if fetched
                .get(&(me, id_of(&asset)))
                .is_some_and(|at| now.duration_since(*at) < REFETCH_AFTER)
            {
                continue;
            }
            if fetched.len() >= 4096 {
                fetched.clear();
            }
            fetched.insert((me, id_of(&asset)), now);
        }
        let minter = account_of(&minter);
        ctx.fetch(Fetch {
            authors: vec![minter],
            named: vec![minter],
            kinds: vec![MINT.into(), TRANSFER.into(), FORK.into()],
        })
        .await?;
    }
    Ok(())
}

fn kind(name: &str, description: &str, validator: fn(&Event) -> Result<(), String>) -> KindSpec {
    KindSpec {
        name: name.into(),
        description: description.into(),
        validator: Arc::new(validator),
        own_devices_only: false,
    }
}

/// The assets app's registration.
pub fn spec() -> AppSpec {
    AppSpec {
        id: APP_ID.into(),
        name: "superCoin assets".into(),
        description: "Unique assets, real or digital: minted, handed on by their owners, with their provenance".into(),
        kinds: vec![
            kind(MINT, "A unique asset: name, description and at most one file; its first owner is the author", |e| MintBody::parse(e).map(|_| ())),
            kind(TRANSFER, "The owner hands an asset on, from the state it names, to a new owner", |e| TransferBody::parse(e).map(|_| ())),
            kind(FORK, "Proof that an owner signed two transfers of an asset from one state", |e| ForkBody::parse(e).map(|_| ())),
        ],
        projections: vec![Arc::new(table::Assets)],
        methods: vec![
            MethodSpec::new("assets.mint", "Mints a unique asset (name, description, an optional file) owned by this account", ASSETS_WRITE, mint).signing(),
            MethodSpec::new("assets.transfer", "Hands one of this account's assets to another account", ASSETS_TRANSFER, transfer).signing(),
            MethodSpec::new("assets.list", "The assets an account (default this one) owns, as far as this node knows", ASSETS_READ, list),
            MethodSpec::new("assets.provenance", "An asset's history: its mint and every change of hands, and why it is frozen if it is", ASSETS_READ, provenance),
        ],
        permissions: vec![ASSETS_READ, ASSETS_WRITE, ASSETS_TRANSFER],
    }
}

/// The assets app's reactor.
pub fn reactor() -> Reactor {
    Reactor::new(APP_ID, &[MINT, TRANSFER, FORK], react)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_follows_the_contract() {
        spec().check().unwrap();
    }
}
