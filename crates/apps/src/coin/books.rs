//! The wallet in the personal books: every final payment to or from this account is
//! entered in the books once (`ledger::record`, idempotent by the payer's `send` id), as
//! soon as the payee's countersignature is stored here.
//!
//! - paid out: `Expenses:Payments sent` += amount, `Assets:Wallet:<currency>` −= amount;
//! - paid in: `Assets:Wallet:<currency>` += amount, `Income:Payments received` −= amount.
//!
//! The wallet account may go below zero: in mutual credit that is what the account owes
//! the rest of the network. A cursor in the node's local settings (the log position of the
//! last countersignature entered) makes each reaction read only what is new.

use rust_decimal::Decimal;
use supernet_core::{AccountId, ApiError};

use super::{ConfirmedTransfer, confirmed_transfers};
use crate::contract::Ctx;
use crate::ledger::{self, Entry, EntryPosting, date::Date};

/// Where the cursor is kept (node-local, never published).
const CURSOR_KEY: &str = "coin/books-cursor";
/// Payments entered per read: a burst is caught up in steps of this many.
const STEP: u32 = 200;
/// What payments made are booked against.
pub const SENT_ACCOUNT: &str = "Expenses:Payments sent";
/// What payments received are booked against.
pub const RECEIVED_ACCOUNT: &str = "Income:Payments received";

/// The wallet account of a currency: its name, made safe for an account name.
fn wallet_account(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c == ':' || c == ';' || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = clean.split_whitespace().collect();
    if words.is_empty() {
        "Assets:Wallet".into()
    } else {
        format!("Assets:Wallet:{}", words.join(" "))
    }
}

/// The books' entry for one payment, as `me` sees it.
fn entry(me: &AccountId, t: &ConfirmedTransfer) -> Entry {
    let amount = Decimal::new(t.minor as i64, u32::from(t.decimals));
    let commodity = if t.symbol.is_empty() {
        t.currency.to_string()
    } else {
        t.symbol.clone()
    };
    let wallet = wallet_account(if t.name.is_empty() {
        &t.symbol
    } else {
        &t.name
    });
    let (description, wallet_amount, other) = if t.from == *me {
        (format!("Paid {}", t.to), -amount, SENT_ACCOUNT)
    } else {
        (
            format!("Received from {}", t.from),
            amount,
            RECEIVED_ACCOUNT,
        )
    };
    let description = if t.memo.trim().is_empty() {
        description
    } else {
        format!("{description}: {}", t.memo.trim())
    };
    let posting = |account: &str, amount: Decimal| EntryPosting {
        account: account.into(),
        amount,
        commodity: commodity.clone(),
    };
    Entry {
        external_id: format!("coin:{}", t.id),
        date: Date::of_timestamp(t.confirmed_at),
        description: description.replace(['\n', '\r'], " "),
        postings: vec![
            posting(&wallet, wallet_amount),
            posting(other, -wallet_amount),
        ],
    }
}

/// Enters the payments confirmed since the last call.
pub(crate) async fn record_payments(ctx: &Ctx, me: AccountId) -> Result<(), ApiError> {
    let store = ctx.store();
    let mut cursor = store
        .local(CURSOR_KEY)
        .await?
        .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
        .map_or(0, i64::from_le_bytes);
    loop {
        let batch = confirmed_transfers(ctx, me, cursor, STEP).await?;
        for t in &batch {
            ledger::record(ctx, entry(&me, t)).await?;
            cursor = t.pos;
            store
                .set_local(CURSOR_KEY, Some(&cursor.to_le_bytes()))
                .await?;
        }
        if batch.len() < STEP as usize {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wallet_accounts_are_valid_account_names() {
        assert_eq!(
            wallet_account("Supernet credit"),
            "Assets:Wallet:Supernet credit"
        );
        assert_eq!(
            wallet_account("  Town:hall ;  coin "),
            "Assets:Wallet:Town hall coin"
        );
        assert_eq!(wallet_account(""), "Assets:Wallet");
        for name in ["Supernet credit", "a  b", "x:y", ";"] {
            ledger::journal::check_account_name(&wallet_account(name)).unwrap();
        }
    }
}
