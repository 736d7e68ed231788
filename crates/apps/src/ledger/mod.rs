//! Personal books (superCoin): double-entry bookkeeping over a tree of accounts in any
//! number of commodities, with exact decimals, prices and conversions, balance
//! assertions, reports, and import and export in hledger's and beancount's formats.
//!
//! The books are private: they live in this node's `apps/ledger.sqlite` ([`books`]), read
//! and written through the store's app connections, and leave it only encrypted, for the
//! account's other devices ([`replica`]): nodes restored from the same key keep the same
//! books.
//!
//! ```text
//!   ledger.add / ledger.import ──▶ journal::Journal (balance, assertions) ──▶ books (SQLite)
//!   coin (wallet transfers) ──record(ctx, Entry)──┘         ▲        │ triggers
//!   ledger.balance_sheet / register / … ◀── report ◀────────┘        ▼
//!   the account's other devices ◀── ledger.change (encrypted) ◀── replica ──▶ their books
//! ```
//!
//! - [`amount`]: exact decimals per commodity; [`date`]: the calendar;
//! - [`journal`]: the model and its rules (balancing, inferred amounts, assertions);
//! - [`hledger`] and [`beancount`]: the text formats, read with line-numbered errors;
//! - [`report`]: balance sheet, income statement, register, net worth, conversion;
//! - [`replica`]: the same books on the account's other devices.
//!
//! Every change keeps the books whole: an import is all or nothing, and no change may
//! make a balance assertion fail that held before it.

pub mod amount;
pub mod beancount;
pub mod books;
pub mod date;
pub mod hledger;
pub mod journal;
pub mod replica;
pub mod report;

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::Connection;
use supernet_core::{ApiError, ErrorCode, Timestamp};
use supernet_store::Store;

use amount::{Amounts, Decimal};
use date::Date;
use journal::{AccountType, Assertion, Cost, Draft, DraftPosting, Journal, Price, Status, Txn};

use crate::contract::{AppSpec, Ctx, MethodSpec, Permission};

/// The app's namespace.
pub const APP_ID: &str = "ledger";
/// Read the books and their reports.
pub const LEDGER_READ: Permission = Permission::named("ledger.read");
/// Change the books: add, delete, import, prices.
pub const LEDGER_WRITE: Permission = Permission::named("ledger.write");
/// Largest text `ledger.import` takes: a decade of a household's books is under 2 MiB,
/// and the books are read whole in memory. (The HTTP gateway caps any request at 1 MiB.)
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;
/// Most postings in one `ledger.add`: more is an import.
pub const MAX_POSTINGS: usize = 1000;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 1000;
/// Longest transaction code or external id, in characters.
pub const MAX_ID_CHARS: usize = 200;
/// Default register page.
const DEFAULT_LIMIT: u32 = 50;
/// Largest register page.
const MAX_LIMIT: u32 = 500;
/// Most points in a net worth series: a chart of more is no clearer (1,000 days is
/// almost three years of daily points).
pub const MAX_POINTS: usize = 1000;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::invalid_input(message)
}

fn fault(e: books::Fault) -> ApiError {
    match e {
        books::Fault::Damaged(m) => ApiError::new(ErrorCode::StoreCorrupt, m),
        books::Fault::Sql(e) => ApiError::internal(format!("the books' database: {e}")),
    }
}

fn too_large(e: amount::TooLarge) -> ApiError {
    invalid(e.to_string())
}

/// The text formats of the books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// hledger's journal format (also read by ledger-cli for this subset).
    Hledger,
    /// beancount's format.
    Beancount,
}

/// A transaction's mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TxnStatus {
    /// No mark.
    #[default]
    Unmarked,
    /// Pending (`!`).
    Pending,
    /// Cleared (`*`).
    Cleared,
}

impl From<TxnStatus> for Status {
    fn from(s: TxnStatus) -> Self {
        match s {
            TxnStatus::Unmarked => Status::Unmarked,
            TxnStatus::Pending => Status::Pending,
            TxnStatus::Cleared => Status::Cleared,
        }
    }
}

impl From<Status> for TxnStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Unmarked => TxnStatus::Unmarked,
            Status::Pending => TxnStatus::Pending,
            Status::Cleared => TxnStatus::Cleared,
        }
    }
}

/// An amount of one commodity. Amounts are decimal strings, never floating-point numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AmountView {
    /// The amount, a decimal (`-12.50`).
    pub amount: String,
    /// Its commodity (`EUR`, `$`, `AAPL`; empty for an amount without one).
    pub commodity: String,
}

fn amounts(a: &Amounts) -> Vec<AmountView> {
    a.iter()
        .map(|(commodity, value)| AmountView {
            amount: amount::tidy(value).to_string(),
            commodity: commodity.to_owned(),
        })
        .collect()
}

/// A cost: what a posting's amount was worth in another commodity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostView {
    /// The price, a positive decimal.
    pub amount: String,
    /// Its commodity.
    pub commodity: String,
    /// Whether it is the total price (hledger's `@@`) rather than per unit (`@`).
    #[serde(default)]
    pub total: bool,
}

/// A balance assertion: after the posting, the account holds exactly this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BalanceView {
    /// The balance asserted, a decimal.
    pub amount: String,
    /// Its commodity (default: the posting's).
    #[serde(default)]
    pub commodity: Option<String>,
    /// Also no other commodity in the account (hledger's `==`).
    #[serde(default)]
    pub total: bool,
    /// Counting subaccounts (hledger's `=*`).
    #[serde(default)]
    pub inclusive: bool,
}

/// A posting to add.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostingInput {
    /// The account, `Assets:Bank:Checking`: its first component says its type (Assets,
    /// Liabilities, Equity, Income, Expenses, any case) unless the books declare it.
    pub account: String,
    /// The amount, a decimal string (`-12.50`). Leave it out on one posting to have it
    /// inferred from the others; leave it out on a posting with a `balance` to have it be
    /// what makes that balance true (hledger's balance assignment).
    #[serde(default)]
    pub amount: Option<String>,
    /// Its commodity (required with an amount; may be empty for none).
    #[serde(default)]
    pub commodity: Option<String>,
    /// What it cost in another commodity.
    #[serde(default)]
    pub cost: Option<CostView>,
    /// A balance assertion after it.
    #[serde(default)]
    pub balance: Option<BalanceView>,
}

/// Input of `ledger.add`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddInput {
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    /// What it was.
    pub description: String,
    /// Its mark (default: unmarked).
    #[serde(default)]
    pub status: TxnStatus,
    /// A code (cheque number, reference).
    #[serde(default)]
    pub code: Option<String>,
    /// Its postings: they must balance in every commodity (at their costs).
    pub postings: Vec<PostingInput>,
}

/// A posting in the books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PostingView {
    /// The account.
    pub account: String,
    /// The amount, a decimal.
    pub amount: String,
    /// Its commodity.
    pub commodity: String,
    /// What it cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostView>,
    /// Its balance assertion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<BalanceView>,
    /// Whether the amount was left out and inferred.
    pub inferred: bool,
}

/// A transaction in the books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TxnView {
    /// Its id.
    pub id: i64,
    /// Its date.
    pub date: String,
    /// Its mark.
    pub status: TxnStatus,
    /// Its code, if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// What it was.
    pub description: String,
    /// The id another module recorded it under (a wallet transfer's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<String>,
    /// Its postings.
    pub postings: Vec<PostingView>,
}

fn txn_view(t: &Txn) -> TxnView {
    TxnView {
        id: t.seq,
        date: t.date.to_string(),
        status: t.status.into(),
        code: t.code.clone(),
        description: t.description.clone(),
        external: t.external.clone(),
        postings: t
            .postings
            .iter()
            .map(|p| PostingView {
                account: p.account.clone(),
                amount: amount::tidy(p.amount).to_string(),
                commodity: p.commodity.clone(),
                cost: p.cost.as_ref().map(|c| CostView {
                    amount: c.amount.to_string(),
                    commodity: c.commodity.clone(),
                    total: c.total,
                }),
                balance: p.assertion.as_ref().map(|a| BalanceView {
                    amount: a.amount.to_string(),
                    commodity: Some(a.commodity.clone()),
                    total: a.total,
                    inclusive: a.inclusive,
                }),
                inferred: p.inferred,
            })
            .collect(),
    }
}

fn decimal(field: &str, text: &str) -> Result<Decimal, ApiError> {
    amount::parse_plain(text).ok_or_else(|| {
        invalid(format!(
            "{field}: {text:?} is not a decimal amount: write digits with an optional sign and point (-12.50), at most {} digits and {} decimals",
            amount::MAX_DIGITS,
            amount::MAX_SCALE
        ))
    })
}

fn commodity(field: &str, text: &str) -> Result<String, ApiError> {
    hledger::check_commodity(text).map_err(|e| invalid(format!("{field}: {e}")))?;
    Ok(text.to_owned())
}

fn one_line(field: &str, text: &str, max: usize) -> Result<String, ApiError> {
    if text.contains(['\n', '\r']) {
        return Err(invalid(format!("{field}: must be one line")));
    }
    if text.chars().count() > max {
        return Err(invalid(format!("{field}: at most {max} characters")));
    }
    Ok(text.trim().to_owned())
}

impl AddInput {
    fn draft(self) -> Result<Draft, ApiError> {
        let date = Date::parse_field("date", &self.date).map_err(invalid)?;
        if self.postings.is_empty() {
            return Err(invalid(
                "postings: a transaction needs at least one posting",
            ));
        }
        if self.postings.len() > MAX_POSTINGS {
            return Err(invalid(format!(
                "postings: at most {MAX_POSTINGS} in one transaction (import larger ones)"
            )));
        }
        let code = one_line("code", self.code.as_deref().unwrap_or(""), MAX_ID_CHARS)?;
        if code.contains([')', ';']) {
            return Err(invalid("code: may not contain ')' or ';'"));
        }
        let mut postings = Vec::with_capacity(self.postings.len());
        for (i, p) in self.postings.into_iter().enumerate() {
            let field = |name: &str| format!("postings[{i}].{name}");
            journal::check_account_name(p.account.trim())
                .map_err(|e| invalid(format!("{}: {e}", field("account"))))?;
            let value = match (&p.amount, &p.commodity) {
                (Some(a), Some(c)) => Some((
                    decimal(&field("amount"), a)?,
                    commodity(&field("commodity"), c)?,
                )),
                (Some(_), None) => {
                    return Err(invalid(format!(
                        "{}: an amount needs its commodity (\"\" for none)",
                        field("commodity")
                    )));
                }
                (None, Some(_)) => {
                    return Err(invalid(format!(
                        "{}: a commodity without an amount: give the amount, or leave both out to have it inferred",
                        field("amount")
                    )));
                }
                (None, None) => None,
            };
            let cost = match &p.cost {
                None => None,
                Some(c) => {
                    let value = decimal(&field("cost.amount"), &c.amount)?;
                    if value <= Decimal::ZERO {
                        return Err(invalid(format!(
                            "{}: a cost is more than zero",
                            field("cost.amount")
                        )));
                    }
                    Some(Cost {
                        total: c.total,
                        amount: value,
                        commodity: commodity(&field("cost.commodity"), &c.commodity)?,
                    })
                }
            };
            let assertion = match &p.balance {
                None => None,
                Some(b) => {
                    let c = match (&b.commodity, &value) {
                        (Some(c), _) => commodity(&field("balance.commodity"), c)?,
                        (None, Some((_, c))) => c.clone(),
                        (None, None) => {
                            return Err(invalid(format!(
                                "{}: say the commodity of a balance on a posting without an amount",
                                field("balance.commodity")
                            )));
                        }
                    };
                    Some(Assertion {
                        amount: decimal(&field("balance.amount"), &b.amount)?,
                        commodity: c,
                        total: b.total,
                        inclusive: b.inclusive,
                    })
                }
            };
            postings.push(DraftPosting {
                account: p.account.trim().to_owned(),
                amount: value,
                cost,
                assertion,
                line: None,
                assigned: false,
            });
        }
        Ok(Draft {
            date,
            status: self.status.into(),
            code,
            description: one_line("description", &self.description, MAX_DESCRIPTION_CHARS)?,
            external: None,
            postings,
            line: None,
        })
    }
}

/// The books as a report shows them: first entering the wallet's payments not yet in them
/// (the wallet's reactor enters them too, but a report must not wait for it), then
/// loading. A failure to enter them is logged, not shown: the books are still the books.
async fn books_now(ctx: &Ctx) -> Result<Journal, ApiError> {
    if let Some(me) = ctx.account()
        && let Err(e) = crate::coin::record_payments(ctx, me).await
    {
        tracing::warn!("wallet payments not entered in the books: {}", e.message);
    }
    load(ctx.store()).await
}

/// Reads the books in one snapshot, creating their tables first when needed.
pub async fn load(store: &Store) -> Result<Journal, ApiError> {
    {
        let mut reader = store.app_reader(APP_ID).await?;
        let mut tx = reader.conn().begin().await.map_err(sql)?;
        if books::current(&mut tx).await.map_err(fault)? {
            return books::load(&mut tx).await.map_err(fault);
        }
    }
    let mut writer = writer(store).await?;
    books::load(writer.conn()).await.map_err(fault)
}

/// The books' writer, their tables ready. Hold it for one transaction.
async fn writer(store: &Store) -> Result<supernet_store::AppWriter<'_>, ApiError> {
    let mut writer = store.app_writer(APP_ID).await?;
    books::migrate(writer.conn()).await.map_err(fault)?;
    Ok(writer)
}

fn sql(e: sqlx::Error) -> ApiError {
    fault(e.into())
}

/// Adds a transaction (refusing one that does not balance, or that would make a balance
/// assertion fail that holds now).
pub async fn add_draft(store: &Store, draft: Draft, now: Timestamp) -> Result<Txn, ApiError> {
    let mut writer = writer(store).await?;
    let mut tx = writer.conn().begin().await.map_err(sql)?;
    let mut journal = books::load(&mut tx).await.map_err(fault)?;
    let before = journal.clone();
    let (mut txn, opened) = journal.prepare(&draft).map_err(|(_, e)| invalid(e))?;
    journal.insert_txn(txn.clone());
    journal
        .keeps_assertions(&before)
        .map_err(|p| invalid(p.to_string()))?;
    books::save_accounts(&mut tx, &opened)
        .await
        .map_err(fault)?;
    txn.seq = books::insert_txn(&mut tx, &txn, now).await.map_err(fault)?;
    tx.commit().await.map_err(sql)?;
    Ok(txn)
}

/// An entry another module makes in the books: superCoin's wallet, for each transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The module's own id for it (a transfer's event id): recording it again changes
    /// nothing. At most [`MAX_ID_CHARS`] characters, no `,`, `;` or line breaks.
    pub external_id: String,
    /// Its date.
    pub date: Date,
    /// What it was.
    pub description: String,
    /// Its postings, each with its amount: they must balance.
    pub postings: Vec<EntryPosting>,
}

/// A posting of an [`Entry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPosting {
    /// The account (`Assets:Wallet`, `Income:Sales`…).
    pub account: String,
    /// The amount.
    pub amount: Decimal,
    /// Its commodity.
    pub commodity: String,
}

/// What [`record`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// The transaction's id in the books (0: it was deleted from them, here or on another
    /// device, and is not recorded again).
    pub id: i64,
    /// Whether this call added it (false: it was recorded before).
    pub created: bool,
}

/// Enters `entry` in the books once: idempotent by its external id. It must balance; it
/// is not refused for a balance assertion it makes fail (the transfer happened; the
/// user's assertions are theirs to revisit, and `ledger.check` lists them).
pub async fn record(ctx: &Ctx, entry: Entry) -> Result<Recorded, ApiError> {
    record_in(ctx.store(), entry, ctx.now()).await
}

/// [`record`] on a store.
pub async fn record_in(store: &Store, entry: Entry, now: Timestamp) -> Result<Recorded, ApiError> {
    let id = entry.external_id.clone();
    if id.is_empty()
        || id.chars().count() > MAX_ID_CHARS
        || id.contains([',', ';', '\n', '\r', '"', '\\'])
    {
        return Err(invalid(format!(
            "external id {id:?}: 1 to {MAX_ID_CHARS} characters, without , ; \" \\ or line breaks"
        )));
    }
    let draft = Draft {
        date: entry.date,
        status: Status::Cleared,
        code: String::new(),
        description: hledger::one_line(&entry.description),
        external: Some(id.clone()),
        postings: entry
            .postings
            .into_iter()
            .map(|p| DraftPosting {
                account: p.account,
                amount: Some((p.amount, p.commodity)),
                cost: None,
                assertion: None,
                line: None,
                assigned: false,
            })
            .collect(),
        line: None,
    };
    let mut writer = writer(store).await?;
    let mut tx = writer.conn().begin().await.map_err(sql)?;
    let mut journal = books::load(&mut tx).await.map_err(fault)?;
    if let Some(t) = journal
        .txns
        .iter()
        .find(|t| t.external.as_ref() == Some(&id))
    {
        return Ok(Recorded {
            id: t.seq,
            created: false,
        });
    }
    if replica::deleted_entry(&mut tx, &id).await? {
        return Ok(Recorded {
            id: 0,
            created: false,
        });
    }
    let (txn, opened) = journal.prepare(&draft).map_err(|(_, e)| invalid(e))?;
    books::save_accounts(&mut tx, &opened)
        .await
        .map_err(fault)?;
    let id = books::insert_txn(&mut tx, &txn, now).await.map_err(fault)?;
    tx.commit().await.map_err(sql)?;
    Ok(Recorded { id, created: true })
}

/// Input of `ledger.import`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    /// The journal's text.
    pub text: String,
    /// Its format.
    pub format: Format,
    /// Replace the books with it (default: add it to them). Replacing removes everything,
    /// including entries the wallet recorded, unless the text carries them.
    #[serde(default)]
    pub replace: bool,
}

/// What an import added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImportSummary {
    /// Accounts new or newly declared.
    pub accounts: u64,
    /// Transactions.
    pub transactions: u64,
    /// Postings in them.
    pub postings: u64,
    /// Standalone balance checks (beancount's `balance`).
    pub checks: u64,
    /// Balance assertions on postings.
    pub assertions: u64,
    /// Prices.
    pub prices: u64,
}

/// Imports a journal, all or nothing.
pub async fn import_in(
    store: &Store,
    text: &str,
    format: Format,
    replace: bool,
    now: Timestamp,
) -> Result<ImportSummary, ApiError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(invalid(format!(
            "text: at most {MAX_IMPORT_BYTES} bytes; split the journal by years and import each"
        )));
    }
    let name = match format {
        Format::Hledger => "hledger journal",
        Format::Beancount => "beancount file",
    };
    let nothing = |problems: journal::Problems| {
        invalid(format!(
            "the {name} was not imported (nothing changed):\n{problems}"
        ))
    };
    let parsed = match format {
        Format::Hledger => hledger::read(text),
        Format::Beancount => beancount::read(text),
    }
    .map_err(nothing)?;
    let mut writer = writer(store).await?;
    let mut tx = writer.conn().begin().await.map_err(sql)?;
    let mut journal = if replace {
        Journal::default()
    } else {
        books::load(&mut tx).await.map_err(fault)?
    };
    let added = journal.merge(parsed).map_err(nothing)?;
    if replace {
        books::clear(&mut tx).await.map_err(fault)?;
    }
    // An account declared after it was first used is saved once, as it ends up.
    let mut accounts: Vec<journal::Account> = Vec::new();
    for a in &added.accounts {
        if !accounts.iter().any(|x| x.name == a.name) {
            accounts.push(journal.accounts.get(&a.name).cloned().unwrap_or(a.clone()));
        }
    }
    books::save_accounts(&mut tx, &accounts)
        .await
        .map_err(fault)?;
    let mut summary = ImportSummary {
        accounts: accounts.len() as u64,
        ..Default::default()
    };
    for t in &added.txns {
        books::insert_txn(&mut tx, t, now).await.map_err(fault)?;
        summary.transactions += 1;
        summary.postings += t.postings.len() as u64;
        summary.assertions += t.postings.iter().filter(|p| p.assertion.is_some()).count() as u64;
    }
    for c in &added.checks {
        books::insert_check(&mut tx, c).await.map_err(fault)?;
        summary.checks += 1;
    }
    for p in &added.prices {
        books::save_price(&mut tx, p).await.map_err(fault)?;
        summary.prices += 1;
    }
    tx.commit().await.map_err(sql)?;
    Ok(summary)
}

/// Writes the books in a text format.
pub fn export(journal: &Journal, format: Format) -> String {
    match format {
        Format::Hledger => hledger::write(journal),
        Format::Beancount => beancount::write(journal),
    }
}

async fn add(ctx: Ctx, input: AddInput) -> Result<TxnView, ApiError> {
    let draft = input.draft()?;
    let txn = add_draft(ctx.store(), draft, ctx.now()).await?;
    send_to_devices(&ctx).await;
    Ok(txn_view(&txn))
}

/// Sends the change just made to the account's other devices. A failure (a locked key)
/// loses nothing: the change waits in the outbox for the next try, within seconds.
async fn send_to_devices(ctx: &Ctx) {
    if let Err(e) = replica::flush(ctx).await {
        tracing::debug!(
            "books not sent to the account's other devices yet: {}",
            e.message
        );
    }
}

/// Input naming a transaction.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdInput {
    /// The transaction's id.
    pub id: i64,
}

/// A deleted transaction.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Deleted {
    /// It, as it was.
    pub deleted: TxnView,
}

async fn delete(ctx: Ctx, input: IdInput) -> Result<Deleted, ApiError> {
    let mut writer = writer(ctx.store()).await?;
    let mut tx = writer.conn().begin().await.map_err(sql)?;
    let mut journal = books::load(&mut tx).await.map_err(fault)?;
    let before = journal.clone();
    let at = journal
        .txns
        .iter()
        .position(|t| t.seq == input.id)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("no transaction {} in the books", input.id),
            )
        })?;
    let txn = journal.txns.remove(at);
    journal
        .keeps_assertions(&before)
        .map_err(|p| invalid(p.to_string()))?;
    books::delete_txn(&mut tx, input.id).await.map_err(fault)?;
    tx.commit().await.map_err(sql)?;
    drop(writer);
    send_to_devices(&ctx).await;
    Ok(Deleted {
        deleted: txn_view(&txn),
    })
}

async fn import(ctx: Ctx, input: ImportInput) -> Result<ImportSummary, ApiError> {
    let summary = import_in(
        ctx.store(),
        &input.text,
        input.format,
        input.replace,
        ctx.now(),
    )
    .await?;
    send_to_devices(&ctx).await;
    Ok(summary)
}

/// Input of `ledger.export`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportInput {
    /// The format to write.
    pub format: Format,
}

/// The books as text.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Exported {
    /// Its format.
    pub format: Format,
    /// The text, ready to save as a file (`.journal` or `.beancount`).
    pub text: String,
}

async fn export_books(ctx: Ctx, input: ExportInput) -> Result<Exported, ApiError> {
    let journal = books_now(&ctx).await?;
    Ok(Exported {
        format: input.format,
        text: export(&journal, input.format),
    })
}

fn optional_date(field: &str, text: &Option<String>) -> Result<Option<Date>, ApiError> {
    text.as_deref()
        .map(|t| Date::parse_field(field, t).map_err(invalid))
        .transpose()
}

fn target(field: &str, text: &Option<String>) -> Result<Option<String>, ApiError> {
    text.as_deref().map(|c| commodity(field, c)).transpose()
}

/// Input of `ledger.balance_sheet`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BalanceSheetInput {
    /// At the end of this day, `YYYY-MM-DD` (default: today).
    #[serde(default)]
    pub date: Option<String>,
    /// Convert every amount into this commodity at the latest price at or before the
    /// date (default: each commodity on its own).
    #[serde(default)]
    pub commodity: Option<String>,
}

/// One account of a report's tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RowView {
    /// Full name, `Assets:Bank:Checking`.
    pub account: String,
    /// Its last component, `Checking`.
    pub name: String,
    /// Components above it: 0 for `Assets`.
    pub depth: u32,
    /// Its balance with its subaccounts.
    pub balance: Vec<AmountView>,
    /// Its own postings' balance, without subaccounts.
    pub own: Vec<AmountView>,
}

/// A report section: accounts of one type as a tree (depth-first, parents first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SectionView {
    /// Accounts with a balance, and their parents.
    pub accounts: Vec<RowView>,
    /// The section's total.
    pub total: Vec<AmountView>,
}

/// The balance sheet.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BalanceSheet {
    /// At the end of this day.
    pub date: String,
    /// The commodity amounts were converted into, if asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commodity: Option<String>,
    /// What is owned.
    pub assets: SectionView,
    /// What is owed, as positive amounts.
    pub liabilities: SectionView,
    /// Equity (opening balances, closed earnings), as positive amounts.
    pub equity: SectionView,
    /// Assets less liabilities.
    pub net_worth: Vec<AmountView>,
    /// Income less expenses not yet closed into equity: assets = liabilities + equity +
    /// earnings, commodity by commodity when no conversion happened.
    pub earnings: Vec<AmountView>,
    /// Commodities no price converts into `commodity` (shown unconverted).
    pub missing_prices: Vec<String>,
}

struct Sections<'a> {
    journal: &'a Journal,
    own: std::collections::BTreeMap<String, Amounts>,
    converter: Option<report::Converter>,
    missing: BTreeSet<String>,
}

impl<'a> Sections<'a> {
    fn new(
        journal: &'a Journal,
        from: Option<Date>,
        to: Date,
        commodity: Option<&str>,
    ) -> Result<Self, ApiError> {
        let mut own = report::balances(journal, from, to).map_err(too_large)?;
        let mut missing = BTreeSet::new();
        let converter = commodity.map(|c| report::Converter::new(journal, c, to));
        if let Some(conv) = &converter {
            for amounts in own.values_mut() {
                *amounts = conv.convert(amounts, &mut missing);
            }
        }
        Ok(Self {
            journal,
            own,
            converter,
            missing,
        })
    }

    fn shown(&self, a: &Amounts) -> Vec<AmountView> {
        match &self.converter {
            Some(c) => amounts(&c.round(a)),
            None => amounts(a),
        }
    }

    fn section(&self, kind: AccountType) -> Result<(SectionView, Amounts), ApiError> {
        let s = report::section(self.journal, kind, &self.own).map_err(too_large)?;
        let view = SectionView {
            accounts: s
                .rows
                .iter()
                .map(|r| RowView {
                    account: r.account.clone(),
                    name: r.name.clone(),
                    depth: r.depth as u32,
                    balance: self.shown(&r.total),
                    own: self.shown(&r.own),
                })
                .collect(),
            total: self.shown(&s.total),
        };
        Ok((view, s.total))
    }
}

fn difference(a: &Amounts, b: &Amounts) -> Result<Amounts, ApiError> {
    let mut out = a.clone();
    out.add_all(&b.negated()).map_err(too_large)?;
    Ok(out)
}

/// The balance sheet of `journal` at the end of `date`.
pub fn balance_sheet(
    journal: &Journal,
    date: Date,
    commodity: Option<&str>,
) -> Result<BalanceSheet, ApiError> {
    let s = Sections::new(journal, None, date, commodity)?;
    let (assets, a) = s.section(AccountType::Asset)?;
    let (liabilities, l) = s.section(AccountType::Liability)?;
    let (equity, _) = s.section(AccountType::Equity)?;
    let (_, income) = s.section(AccountType::Income)?;
    let (_, expenses) = s.section(AccountType::Expense)?;
    Ok(BalanceSheet {
        date: date.to_string(),
        commodity: commodity.map(str::to_owned),
        assets,
        liabilities,
        equity,
        net_worth: s.shown(&difference(&a, &l)?),
        earnings: s.shown(&difference(&income, &expenses)?),
        missing_prices: s.missing.iter().cloned().collect(),
    })
}

async fn balance_sheet_api(ctx: Ctx, input: BalanceSheetInput) -> Result<BalanceSheet, ApiError> {
    let date = optional_date("date", &input.date)?.unwrap_or(Date::of_timestamp(ctx.now()));
    let commodity = target("commodity", &input.commodity)?;
    let journal = books_now(&ctx).await?;
    balance_sheet(&journal, date, commodity.as_deref())
}

/// Input of `ledger.income_statement`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncomeStatementInput {
    /// First day, `YYYY-MM-DD` (included).
    pub from: String,
    /// Last day, `YYYY-MM-DD` (included).
    pub to: String,
    /// Convert into this commodity at the prices of the last day.
    #[serde(default)]
    pub commodity: Option<String>,
}

/// The income statement of a period.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct IncomeStatement {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// The commodity amounts were converted into, if asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commodity: Option<String>,
    /// Income, as positive amounts.
    pub income: SectionView,
    /// Expenses.
    pub expenses: SectionView,
    /// Income less expenses.
    pub net: Vec<AmountView>,
    /// Commodities no price converts into `commodity` (shown unconverted).
    pub missing_prices: Vec<String>,
}

async fn income_statement(
    ctx: Ctx,
    input: IncomeStatementInput,
) -> Result<IncomeStatement, ApiError> {
    let from = Date::parse_field("from", &input.from).map_err(invalid)?;
    let to = Date::parse_field("to", &input.to).map_err(invalid)?;
    if from > to {
        return Err(invalid("from: the period starts after it ends"));
    }
    let commodity = target("commodity", &input.commodity)?;
    let journal = books_now(&ctx).await?;
    let s = Sections::new(&journal, Some(from), to, commodity.as_deref())?;
    let (income, i) = s.section(AccountType::Income)?;
    let (expenses, x) = s.section(AccountType::Expense)?;
    Ok(IncomeStatement {
        from: from.to_string(),
        to: to.to_string(),
        commodity,
        income,
        expenses,
        net: s.shown(&difference(&i, &x)?),
        missing_prices: s.missing.iter().cloned().collect(),
    })
}

/// Input of `ledger.register`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterInput {
    /// The account (its subaccounts' postings are included).
    pub account: String,
    /// First day shown (included).
    #[serde(default)]
    pub from: Option<String>,
    /// Last day shown (included).
    #[serde(default)]
    pub to: Option<String>,
    /// Most rows (default 50, at most 500).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Continue after this row: the `next` of the previous page.
    #[serde(default)]
    pub before: Option<String>,
}

/// One posting in a register.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RegisterRowView {
    /// Its transaction's id.
    pub id: i64,
    /// Its date.
    pub date: String,
    /// Its transaction's description.
    pub description: String,
    /// Its account (the one asked for, or a subaccount).
    pub account: String,
    /// Its amount.
    pub amount: AmountView,
    /// The account's balance after it, subaccounts included, counting every earlier
    /// posting (also those before `from`).
    pub balance: Vec<AmountView>,
}

/// A page of an account's register, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Register {
    /// The account.
    pub account: String,
    /// Its postings, newest first.
    pub rows: Vec<RegisterRowView>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

fn register_cursor(key: report::RegisterKey) -> String {
    format!("{}.{}.{}", key.0, key.1, key.2)
}

fn parse_register_cursor(text: &str) -> Result<report::RegisterKey, ApiError> {
    let bad = || invalid("before: not a register cursor (pass the `next` of a page)");
    let mut parts = text.split('.');
    let (Some(d), Some(id), Some(i), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let date = Date::parse(d)
        .filter(|x| x.to_string() == d)
        .ok_or_else(bad)?;
    Ok((
        date,
        id.parse().map_err(|_| bad())?,
        i.parse().map_err(|_| bad())?,
    ))
}

async fn register(ctx: Ctx, input: RegisterInput) -> Result<Register, ApiError> {
    let limit = input.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(invalid(format!("limit: between 1 and {MAX_LIMIT}")));
    }
    let from = optional_date("from", &input.from)?;
    let to = optional_date("to", &input.to)?;
    let before = input
        .before
        .as_deref()
        .map(parse_register_cursor)
        .transpose()?;
    let journal = books_now(&ctx).await?;
    let account = input.account.trim();
    if !journal
        .accounts
        .keys()
        .any(|name| journal::is_within(name, account))
    {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no account {account:?} in the books"),
        ));
    }
    let (rows, next) =
        report::register(&journal, account, from, to, before, limit as usize).map_err(too_large)?;
    Ok(Register {
        account: account.to_owned(),
        rows: rows
            .iter()
            .map(|r| RegisterRowView {
                id: r.txn,
                date: r.date.to_string(),
                description: r.description.clone(),
                account: r.account.clone(),
                amount: AmountView {
                    amount: amount::tidy(r.amount).to_string(),
                    commodity: r.commodity.clone(),
                },
                balance: amounts(&r.balance),
            })
            .collect(),
        next: next.map(register_cursor),
    })
}

/// How far apart the points of a series are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepName {
    /// Every day.
    Day,
    /// Every seven days.
    Week,
    /// Every month (same day of the month, or its last day).
    Month,
}

/// Input of `ledger.net_worth`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetWorthInput {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD` (always a point).
    pub to: String,
    /// Distance between points.
    pub step: StepName,
    /// Convert into this commodity at each day's prices.
    #[serde(default)]
    pub commodity: Option<String>,
}

/// One point of a series.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct NetWorthPoint {
    /// At the end of this day.
    pub date: String,
    /// Assets less liabilities.
    pub net_worth: Vec<AmountView>,
}

/// Net worth over time, for a chart.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct NetWorth {
    /// The commodity amounts were converted into, if asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commodity: Option<String>,
    /// The points, oldest first.
    pub points: Vec<NetWorthPoint>,
    /// Commodities no price converts into `commodity` on some day (shown unconverted).
    pub missing_prices: Vec<String>,
}

async fn net_worth(ctx: Ctx, input: NetWorthInput) -> Result<NetWorth, ApiError> {
    let from = Date::parse_field("from", &input.from).map_err(invalid)?;
    let to = Date::parse_field("to", &input.to).map_err(invalid)?;
    if from > to {
        return Err(invalid("from: the period starts after it ends"));
    }
    let commodity = target("commodity", &input.commodity)?;
    let step = match input.step {
        StepName::Day => report::Step::Day,
        StepName::Week => report::Step::Week,
        StepName::Month => report::Step::Month,
    };
    let days = report::points(from, to, step, MAX_POINTS).map_err(|n| {
        invalid(format!(
            "step: {n} points from {from} to {to}; at most {MAX_POINTS}: take a longer step or a shorter period"
        ))
    })?;
    let journal = books_now(&ctx).await?;
    let sums = report::net_worth(&journal, &days).map_err(too_large)?;
    let mut missing = BTreeSet::new();
    let points = days
        .iter()
        .zip(sums)
        .map(|(day, sum)| {
            let shown = match &commodity {
                Some(c) => {
                    let conv = report::Converter::new(&journal, c, *day);
                    conv.round(&conv.convert(&sum, &mut missing))
                }
                None => sum,
            };
            NetWorthPoint {
                date: day.to_string(),
                net_worth: amounts(&shown),
            }
        })
        .collect();
    Ok(NetWorth {
        commodity,
        points,
        missing_prices: missing.into_iter().collect(),
    })
}

/// No input.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoInput {}

/// An account.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AccountView {
    /// Full name.
    pub account: String,
    /// `asset`, `liability`, `equity`, `income` or `expense`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When it was opened, if the books say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<String>,
    /// Its own postings' balance, all dates (subaccounts are listed on their own).
    pub balance: Vec<AmountView>,
    /// How many postings it has.
    pub postings: u64,
}

/// Every account in the books.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Accounts {
    /// By name.
    pub accounts: Vec<AccountView>,
}

async fn accounts_api(ctx: Ctx, _: NoInput) -> Result<Accounts, ApiError> {
    let journal = books_now(&ctx).await?;
    let mut own: std::collections::BTreeMap<&str, (Amounts, u64)> = Default::default();
    for t in &journal.txns {
        for p in &t.postings {
            let slot = own.entry(&p.account).or_default();
            slot.0.add(&p.commodity, p.amount).map_err(too_large)?;
            slot.1 += 1;
        }
    }
    Ok(Accounts {
        accounts: journal
            .accounts
            .values()
            .map(|a| {
                let (balance, postings) = own.remove(a.name.as_str()).unwrap_or_default();
                AccountView {
                    account: a.name.clone(),
                    kind: a.kind.as_str().to_owned(),
                    opened: a.opened.map(|d| d.to_string()),
                    balance: amounts(&balance),
                    postings,
                }
            })
            .collect(),
    })
}

/// Input of `ledger.prices`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PricesInput {
    /// Only this commodity's prices (priced, or quoted in).
    #[serde(default)]
    pub commodity: Option<String>,
}

/// A market price.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceView {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// What is priced.
    pub commodity: String,
    /// One unit's price, a positive decimal.
    pub price: String,
    /// In this commodity.
    pub quote: String,
}

/// Market prices.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Prices {
    /// By commodity, quote and date.
    pub prices: Vec<PriceView>,
}

fn price_view(p: &Price) -> PriceView {
    PriceView {
        date: p.date.to_string(),
        commodity: p.commodity.clone(),
        price: p.price.to_string(),
        quote: p.quote.clone(),
    }
}

async fn prices(ctx: Ctx, input: PricesInput) -> Result<Prices, ApiError> {
    let journal = books_now(&ctx).await?;
    Ok(Prices {
        prices: journal
            .prices
            .iter()
            .filter(|p| {
                input
                    .commodity
                    .as_ref()
                    .is_none_or(|c| &p.commodity == c || &p.quote == c)
            })
            .map(price_view)
            .collect(),
    })
}

async fn set_price(ctx: Ctx, input: PriceView) -> Result<PriceView, ApiError> {
    let price = Price {
        date: Date::parse_field("date", &input.date).map_err(invalid)?,
        commodity: commodity("commodity", &input.commodity)?,
        price: decimal("price", &input.price)?,
        quote: commodity("quote", &input.quote)?,
    };
    if price.price <= Decimal::ZERO {
        return Err(invalid("price: more than zero"));
    }
    if price.commodity == price.quote {
        return Err(invalid("quote: a price is in another commodity"));
    }
    let mut writer = writer(ctx.store()).await?;
    books::save_price(writer.conn(), &price)
        .await
        .map_err(fault)?;
    drop(writer);
    send_to_devices(&ctx).await;
    Ok(price_view(&price))
}

/// A balance assertion that does not hold.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FailureView {
    /// Its date.
    pub date: String,
    /// The transaction whose posting asserts it, if it is on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction: Option<i64>,
    /// What is wrong.
    pub message: String,
}

/// Balance assertions that do not hold.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CheckReport {
    /// In date order; empty when the books are consistent.
    pub failures: Vec<FailureView>,
}

async fn check(ctx: Ctx, _: NoInput) -> Result<CheckReport, ApiError> {
    let journal = books_now(&ctx).await?;
    let failures = journal.failures().map_err(too_large)?;
    Ok(CheckReport {
        failures: failures
            .into_iter()
            .map(|f| FailureView {
                date: f.date.to_string(),
                transaction: match f.at {
                    journal::AssertionAt::Posting(seq, _) => Some(seq),
                    journal::AssertionAt::Check(_) => None,
                },
                message: f.message,
            })
            .collect(),
    })
}

/// The ledger app's registration.
pub fn spec() -> AppSpec {
    AppSpec {
        id: APP_ID.into(),
        name: "Books".into(),
        description: "Personal double-entry books: accounts, transactions in any commodity, prices, balance assertions, reports, hledger and beancount import and export".into(),
        kinds: vec![replica::kind()],
        projections: vec![],
        methods: vec![
            MethodSpec::new("ledger.add", "Adds a transaction; its postings must balance (one may leave its amount out to have it inferred)", LEDGER_WRITE, add),
            MethodSpec::new("ledger.delete", "Deletes a transaction (refused when that would make a balance assertion fail)", LEDGER_WRITE, delete),
            MethodSpec::new("ledger.import", "Imports an hledger journal or a beancount file, all or nothing; errors name the line", LEDGER_WRITE, import),
            MethodSpec::new("ledger.export", "The books as an hledger journal or a beancount file", LEDGER_READ, export_books),
            MethodSpec::new("ledger.accounts", "Every account with its type and balance", LEDGER_READ, accounts_api),
            MethodSpec::new("ledger.balance_sheet", "Assets, liabilities and equity as account trees with totals, and net worth, at a date (optionally converted into one commodity)", LEDGER_READ, balance_sheet_api),
            MethodSpec::new("ledger.income_statement", "Income and expenses over a period as account trees with totals, and the net", LEDGER_READ, income_statement),
            MethodSpec::new("ledger.register", "An account's postings with its running balance, newest first, a page at a time", LEDGER_READ, register),
            MethodSpec::new("ledger.net_worth", "Net worth at the end of each day, week or month of a period, for a chart", LEDGER_READ, net_worth),
            MethodSpec::new("ledger.prices", "Market prices, by commodity and date", LEDGER_READ, prices),
            MethodSpec::new("ledger.set_price", "Sets a commodity's market price on a day", LEDGER_WRITE, set_price),
            MethodSpec::new("ledger.check", "Balance assertions that do not hold (after entries recorded by the wallet)", LEDGER_READ, check),
        ],
        permissions: vec![LEDGER_READ, LEDGER_WRITE],
    }
}

#[cfg(test)]
mod tests;
