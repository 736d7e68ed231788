//! Payment requests as links: `supernet://pay?to=<account>&amount=<decimal>&currency=<id>&memo=<text>`.
//!
//! A request is only a filled-in form: paying it is an ordinary `coin.pay`, checked like
//! any other. Values are percent-encoded (RFC 3986 unreserved characters stay as they
//! are); every parameter appears at most once, and unknown ones are refused rather than
//! ignored, so a link never means more than it shows.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use supernet_core::{AccountId, ApiError};

use super::body::{CurrencyId, MAX_DECIMALS, MAX_MEMO_CHARS, format_amount, parse_amount};
use super::{Ctx, me};

/// Where every payment link starts.
pub const PREFIX: &str = "supernet://pay?";
/// Longest link read: an account, an amount, a currency id and a memo of 280 characters
/// (each percent-encoded, up to 12 bytes a character) fit with room to spare.
const MAX_LINK_BYTES: usize = 4096;

/// Input of `coin.request`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestInput {
    /// How much, as decimal text.
    pub amount: String,
    /// The currency (default `net`).
    #[serde(default)]
    pub currency: Option<CurrencyId>,
    /// What it is for.
    #[serde(default)]
    pub memo: Option<String>,
}

/// A payment request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PaymentRequest {
    /// Who asks to be paid.
    pub to: AccountId,
    /// How much, as decimal text.
    pub amount: String,
    /// The currency.
    pub currency: CurrencyId,
    /// What it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// The request as a link.
    pub link: String,
}

/// Input of `coin.parse_request`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParseRequestInput {
    /// A `supernet://pay?…` link.
    pub link: String,
}

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(name: &str, text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| {
                        format!("the {name} has a '%' not followed by two hexadecimal digits")
                    })?;
                out.push(hex);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| format!("the {name} is not UTF-8 text"))
}

/// The link of a request.
pub fn link(to: &AccountId, amount: &str, currency: &CurrencyId, memo: Option<&str>) -> String {
    let mut link = format!(
        "{PREFIX}to={}&amount={}&currency={}",
        encode(&to.to_text()),
        encode(amount),
        encode(&currency.to_string())
    );
    if let Some(memo) = memo.filter(|m| !m.is_empty()) {
        link.push_str("&memo=");
        link.push_str(&encode(memo));
    }
    link
}

/// Reads a payment link; the error says exactly what is wrong with it.
pub fn parse(link: &str) -> Result<PaymentRequest, String> {
    let link = link.trim();
    if link.len() > MAX_LINK_BYTES {
        return Err(format!("a payment link has at most {MAX_LINK_BYTES} bytes"));
    }
    let Some(query) = link.strip_prefix(PREFIX) else {
        return Err(format!("a payment link starts with {PREFIX:?}"));
    };
    let (mut to, mut amount, mut currency, mut memo) = (None, None, None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!("{pair:?} in the link is not key=value"));
        };
        let slot = match key {
            "to" => &mut to,
            "amount" => &mut amount,
            "currency" => &mut currency,
            "memo" => &mut memo,
            other => {
                return Err(format!(
                    "a payment link has no parameter {other:?} (only to, amount, currency and memo)"
                ));
            }
        };
        if slot.is_some() {
            return Err(format!("the link gives {key} twice"));
        }
        *slot = Some(decode(key, value)?);
    }
    let to = to.ok_or("the link does not say whom to pay (to=…)")?;
    let to: AccountId = to
        .parse()
        .map_err(|e| format!("the payee in the link is not an account: {e}"))?;
    let currency = match currency {
        Some(c) => c.parse::<CurrencyId>()?,
        None => CurrencyId::Net,
    };
    let amount = amount.ok_or("the link does not say how much (amount=…)")?;
    // The decimals of a community currency are its definition's; here only the form is
    // checked, and coin.pay checks the rest.
    let decimals = match currency {
        CurrencyId::Net => super::chain::net().body.decimals,
        CurrencyId::Community(_) => MAX_DECIMALS,
    };
    let minor =
        parse_amount(&amount, decimals).map_err(|e| format!("the amount in the link: {e}"))?;
    let amount = match currency {
        CurrencyId::Net => format_amount(i128::from(minor), decimals),
        CurrencyId::Community(_) => amount.trim().to_owned(),
    };
    if let Some(m) = &memo
        && m.chars().count() > MAX_MEMO_CHARS
    {
        return Err(format!(
            "the memo in the link is longer than {MAX_MEMO_CHARS} characters"
        ));
    }
    let link = self::link(&to, &amount, &currency, memo.as_deref());
    Ok(PaymentRequest {
        to,
        amount,
        currency,
        memo,
        link,
    })
}

pub(crate) async fn request(ctx: Ctx, input: RequestInput) -> Result<PaymentRequest, ApiError> {
    let me = me(&ctx)?;
    let currency = input.currency.unwrap_or(CurrencyId::Net);
    let decimals = match currency {
        CurrencyId::Net => super::chain::net().body.decimals,
        other => match super::currency_event(&ctx, &other).await? {
            Some((c, _)) => c.body.decimals,
            None => {
                return Err(ApiError::new(
                    supernet_core::ErrorCode::NotFound,
                    format!("no currency {other} is known on this node"),
                ));
            }
        },
    };
    let minor = parse_amount(&input.amount, decimals).map_err(ApiError::invalid_input)?;
    let amount = format_amount(i128::from(minor), decimals);
    let memo = input
        .memo
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty());
    if memo
        .as_ref()
        .is_some_and(|m| m.chars().count() > MAX_MEMO_CHARS)
    {
        return Err(ApiError::invalid_input(format!(
            "a memo has at most {MAX_MEMO_CHARS} characters"
        )));
    }
    Ok(PaymentRequest {
        link: link(&me, &amount, &currency, memo.as_deref()),
        to: me,
        amount,
        currency,
        memo,
    })
}

pub(crate) async fn parse_request(
    _: Ctx,
    input: ParseRequestInput,
) -> Result<PaymentRequest, ApiError> {
    parse(&input.link).map_err(ApiError::invalid_input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_reads_back_to_what_it_asks() {
        let to = supernet_core::SecretKey::generate().account();
        let l = link(&to, "12.50", &CurrencyId::Net, Some("lunch & tea 🍵"));
        assert!(l.starts_with("supernet://pay?to="), "{l}");
        let r = parse(&l).unwrap();
        assert_eq!(
            (r.to, r.amount.as_str(), r.currency),
            (to, "12.50", CurrencyId::Net)
        );
        assert_eq!(r.memo.as_deref(), Some("lunch & tea 🍵"));
        assert_eq!(r.link, l);
        let r = parse(&format!("supernet://pay?to={}&amount=3", to.to_text())).unwrap();
        assert_eq!(r.amount, "3.00");
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let to = supernet_core::SecretKey::generate().account().to_text();
        let cases = [
            ("https://pay?to=x".to_owned(), "starts with"),
            ("supernet://pay?amount=3".to_owned(), "whom to pay"),
            (format!("supernet://pay?to={to}"), "how much"),
            (
                "supernet://pay?to=bob&amount=3".to_owned(),
                "not an account",
            ),
            (format!("supernet://pay?to={to}&amount=3.001"), "decimals"),
            (format!("supernet://pay?to={to}&amount=-3"), "amount"),
            (format!("supernet://pay?to={to}&amount=3&amount=4"), "twice"),
            (
                format!("supernet://pay?to={to}&amount=3&tip=1"),
                "no parameter",
            ),
            (
                format!("supernet://pay?to={to}&amount=3&currency=euro"),
                "not a currency",
            ),
            (
                format!("supernet://pay?to={to}&amount=3&memo=%zz"),
                "hexadecimal",
            ),
        ];
        for (l, expected) in cases {
            let err = parse(&l).unwrap_err();
            assert!(err.contains(expected), "{l}: {err}");
        }
    }
}
