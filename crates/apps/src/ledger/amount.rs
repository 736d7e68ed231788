//! Exact amounts: decimals (`rust_decimal`, 96-bit mantissa and a scale) per commodity.
//!
//! Every amount the books accept has at most [`MAX_DIGITS`] significant digits, of which
//! at most [`MAX_SCALE`] after the point; sums of up to tens of thousands of such amounts
//! stay exact within the decimal's 28 digits, and every addition is checked anyway, so a
//! sum that would round fails instead.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

pub use rust_decimal::Decimal;

/// Most significant digits of one amount: a trillion of anything to a millionth, or a
/// million to 18 places (a wei of ether), with room for sums to stay exact.
pub const MAX_DIGITS: u32 = 24;
/// Most digits after the decimal point: 18 is the finest any common currency or token
/// divides into.
pub const MAX_SCALE: u32 = 18;

/// A sum or product that a decimal cannot hold exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an amount is too large to compute exactly (at most {MAX_DIGITS} digits)")]
pub struct TooLarge;

/// Parses a plain decimal: an optional sign, digits, and optionally a point and digits
/// (`-12.50`). No exponent, no separators: what API inputs carry.
pub fn parse_plain(text: &str) -> Option<Decimal> {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !frac.is_none_or(digits) {
        return None;
    }
    let value = Decimal::from_str_exact(text.strip_prefix('+').unwrap_or(text)).ok()?;
    within_limits(value).then(|| tidy(value))
}

/// Whether `value` has at most [`MAX_DIGITS`] significant digits and [`MAX_SCALE`]
/// decimals.
pub fn within_limits(value: Decimal) -> bool {
    let v = value.normalize();
    if v.scale() > MAX_SCALE {
        return false;
    }
    let mantissa = v.mantissa().unsigned_abs();
    mantissa < 10u128.pow(MAX_DIGITS)
}

/// `value` with a zero's sign made positive (a decimal can hold `-0`).
pub fn tidy(mut value: Decimal) -> Decimal {
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    value
}

/// Whether `residual` is within half a unit of the last of `scale` decimals: the
/// tolerance hledger and beancount allow when a conversion at a cost leaves a remainder
/// finer than the amounts written (`3 X @ 0.3333 USD` against `-1.00 USD`). For amounts
/// without costs the residual is a multiple of that unit, so this means exactly zero.
pub fn negligible(residual: Decimal, scale: u32) -> bool {
    let unit = Decimal::new(1, scale.min(28));
    residual
        .abs()
        .checked_mul(Decimal::TWO)
        .is_some_and(|twice| twice <= unit)
}

/// Multiplies exactly, or fails (the decimal type would round a product it cannot hold).
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, TooLarge> {
    let (a, b) = (a.normalize(), b.normalize());
    let scale = a.scale() + b.scale();
    if scale > 28 {
        return Err(TooLarge);
    }
    let product = a.checked_mul(b).ok_or(TooLarge)?;
    if !product.is_zero() && product.scale() != scale {
        return Err(TooLarge);
    }
    Ok(tidy(product))
}

/// Adds exactly, or fails (the decimal type would round a sum it cannot hold).
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, TooLarge> {
    let sum = a.checked_add(b).ok_or(TooLarge)?;
    if sum.scale() < a.scale().max(b.scale()) {
        return Err(TooLarge);
    }
    Ok(sum)
}

/// One amount of one commodity, for messages: `3.50 EUR`, or just `3.50` without one.
pub fn show(amount: Decimal, commodity: &str) -> String {
    if commodity.is_empty() {
        tidy(amount).to_string()
    } else {
        format!("{} {commodity}", tidy(amount))
    }
}

/// Amounts in several commodities: a balance. Zero entries are dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Amounts(BTreeMap<String, Decimal>);

impl Amounts {
    /// No amounts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `amount` of `commodity`.
    pub fn add(&mut self, commodity: &str, amount: Decimal) -> Result<(), TooLarge> {
        if amount.is_zero() {
            return Ok(());
        }
        let slot = self.0.entry(commodity.to_owned()).or_default();
        *slot = add(*slot, amount)?;
        if slot.is_zero() {
            self.0.remove(commodity);
        }
        Ok(())
    }

    /// Adds every amount of `other`.
    pub fn add_all(&mut self, other: &Amounts) -> Result<(), TooLarge> {
        for (c, a) in &other.0 {
            self.add(c, *a)?;
        }
        Ok(())
    }

    /// The amount of `commodity` (zero when there is none).
    pub fn get(&self, commodity: &str) -> Decimal {
        self.0.get(commodity).copied().unwrap_or_default()
    }

    /// Whether every amount is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The non-zero amounts, by commodity.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Decimal)> {
        self.0.iter().map(|(c, a)| (c.as_str(), *a))
    }

    /// Every amount with its sign flipped.
    pub fn negated(&self) -> Self {
        Self(self.0.iter().map(|(c, a)| (c.clone(), -*a)).collect())
    }
}

impl fmt::Display for Amounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("0");
        }
        let parts: Vec<String> = self.iter().map(|(c, a)| show(a, c)).collect();
        f.write_str(&parts.join(", "))
    }
}

/// Parses a decimal the books wrote themselves (stored text): exact, or an error naming it.
pub fn stored(text: &str) -> Result<Decimal, String> {
    Decimal::from_str(text).map_err(|e| format!("stored amount {text:?} is damaged: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        parse_plain(s).unwrap()
    }

    #[test]
    fn decimal_sums_are_exact() {
        // 0.1 + 0.2 is 0.3 here, as on paper (it is 0.30000000000000004 in floats).
        let mut a = Amounts::new();
        a.add("EUR", d("0.1")).unwrap();
        a.add("EUR", d("0.2")).unwrap();
        assert_eq!(a.get("EUR"), d("0.3"));
        assert_eq!(a.get("EUR").to_string(), "0.3");
        for _ in 0..10 {
            a.add("USD", d("0.10")).unwrap();
        }
        assert_eq!(a.get("USD").to_string(), "1.00");
        a.add("EUR", d("-0.3")).unwrap();
        assert_eq!(a.to_string(), "1.00 USD", "zero balances disappear");
        assert_eq!(mul(d("3"), d("0.3333")).unwrap().to_string(), "0.9999");
    }

    #[test]
    fn plain_decimals_are_strict_and_bounded() {
        assert_eq!(d("-12.50").to_string(), "-12.50");
        assert_eq!(d("+3").to_string(), "3");
        assert_eq!(d("-0.00").to_string(), "0.00");
        for bad in [
            "", "1e5", "1,000", "1_000", "NaN", ".5", "5.", "--1", "1.2.3", " 1",
        ] {
            assert!(parse_plain(bad).is_none(), "{bad:?}");
        }
        assert!(parse_plain(&"9".repeat(24)).is_some());
        assert!(parse_plain(&"9".repeat(25)).is_none(), "too many digits");
        assert!(parse_plain(&format!("0.{}", "1".repeat(18))).is_some());
        assert!(
            parse_plain(&format!("0.{}", "1".repeat(19))).is_none(),
            "too fine"
        );
    }

    #[test]
    fn sums_that_would_round_fail_instead() {
        let big = Decimal::MAX;
        let mut a = Amounts::new();
        a.add("X", big).unwrap();
        assert_eq!(a.add("X", big), Err(TooLarge));
        assert_eq!(mul(big, d("2")), Err(TooLarge));
        let fine = Decimal::new(1, 18);
        assert_eq!(mul(fine, fine), Err(TooLarge), "1e-36 rounds to zero");
        let huge = d(&"9".repeat(24));
        assert_eq!(add(huge, fine), Err(TooLarge), "42 digits round");
        assert_eq!(mul(huge, d("123456.789")), Err(TooLarge), "33 digits round");
        assert_eq!(mul(d("1.50"), d("2.0")).unwrap().to_string(), "3.0");
    }

    #[test]
    fn tolerance_is_half_the_last_digit() {
        assert!(negligible(d("-0.0001"), 2));
        assert!(negligible(d("0.005"), 2));
        assert!(!negligible(d("0.006"), 2));
        assert!(!negligible(d("0.01"), 2));
        assert!(negligible(d("0"), 0));
        assert!(!negligible(d("0.5001"), 0));
    }
}
