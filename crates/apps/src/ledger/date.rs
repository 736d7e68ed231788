//! Calendar dates of the books: a day number with the proleptic Gregorian calendar's
//! arithmetic (days from civil dates and back, after Howard Hinnant's algorithms), written
//! `YYYY-MM-DD`. Books need days, weeks and months, never times or zones, so this is all
//! the calendar they carry.

use std::fmt;

use supernet_core::Timestamp;

/// Milliseconds in a day.
const DAY_MS: u64 = 86_400_000;
/// Earliest year the books accept: older dates are typing mistakes, and four-digit years
/// keep every date's text the same width.
pub const MIN_YEAR: i32 = 1000;
/// Latest year the books accept.
pub const MAX_YEAR: i32 = 9999;

/// A day, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The date `year-month-day`, if it exists (and `year` is within the books' range).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Self(era * 146_097 + doe - 719_468))
    }

    /// Year, month (1–12) and day (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// The day (UTC) of a timestamp in milliseconds since the epoch.
    pub fn of_timestamp(at: Timestamp) -> Self {
        Self((at / DAY_MS) as i32)
    }

    /// Parses `YYYY-MM-DD`; `/` and `.` may stand for `-` and month and day may have one
    /// digit (`2024/1/5`), as in hledger journals.
    pub fn parse(text: &str) -> Option<Self> {
        let sep = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = text.split(sep);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || y.len() != 4
            || !(1..=2).contains(&m.len())
            || !(1..=2).contains(&d.len())
            || ![y, m, d]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        Self::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Parses an API date (`YYYY-MM-DD`) named `field`, with a message that says how to
    /// write one.
    pub fn parse_field(field: &str, text: &str) -> Result<Self, String> {
        match Self::parse(text) {
            Some(date) if date.to_string() == text => Ok(date),
            _ => Err(format!(
                "{field}: {text:?} is not a date: write YYYY-MM-DD (years {MIN_YEAR}–{MAX_YEAR})"
            )),
        }
    }

    /// `days` days later (earlier when negative), kept within the books' years.
    pub fn add_days(self, days: i32) -> Self {
        let min = Self::from_ymd(MIN_YEAR, 1, 1).expect("valid").0;
        let max = Self::from_ymd(MAX_YEAR, 12, 31).expect("valid").0;
        Self(self.0.saturating_add(days).clamp(min, max))
    }

    /// `months` months later, on the same day of the month or the month's last day when it
    /// is shorter (January 31 + 1 month = February 28 or 29).
    pub fn add_months(self, months: u32) -> Self {
        let (y, m, d) = self.ymd();
        let index = i64::from(y) * 12 + i64::from(m - 1) + i64::from(months);
        let year = (index.div_euclid(12)).min(i64::from(MAX_YEAR)) as i32;
        let month = index.rem_euclid(12) as u32 + 1;
        let day = d.min(days_in_month(year, month));
        Self::from_ymd(year, month, day).unwrap_or(self)
    }

    /// Days from `self` to `later`.
    pub fn days_until(self, later: Date) -> i64 {
        i64::from(later.0) - i64::from(self.0)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_the_calendar() {
        let epoch = Date::from_ymd(1970, 1, 1).unwrap();
        assert_eq!(epoch.0, 0);
        let mut day = Date::from_ymd(1999, 12, 25).unwrap();
        for _ in 0..3000 {
            let (y, m, d) = day.ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(day));
            assert_eq!(Date::parse(&day.to_string()), Some(day));
            day = day.add_days(1);
        }
        assert_eq!(
            Date::from_ymd(2024, 2, 29).unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(Date::from_ymd(1900, 2, 29), None);
        assert!(Date::from_ymd(2000, 2, 29).is_some());
    }

    #[test]
    fn hledger_spellings_parse_and_api_dates_are_strict() {
        let d = Date::from_ymd(2024, 1, 5).unwrap();
        for text in ["2024-01-05", "2024/1/5", "2024.01.05", "2024/01/5"] {
            assert_eq!(Date::parse(text), Some(d), "{text}");
        }
        for text in [
            "2024-1-",
            "24-01-05",
            "2024-13-01",
            "2024-01-32",
            "2024-01-05x",
            "",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
        assert!(Date::parse_field("date", "2024/01/05").is_err());
        assert_eq!(Date::parse_field("date", "2024-01-05"), Ok(d));
    }

    #[test]
    fn months_keep_the_day_or_end_the_month() {
        let jan31 = Date::from_ymd(2024, 1, 31).unwrap();
        assert_eq!(jan31.add_months(1).to_string(), "2024-02-29");
        assert_eq!(jan31.add_months(2).to_string(), "2024-03-31");
        assert_eq!(jan31.add_months(13).to_string(), "2025-02-28");
        assert_eq!(
            Date::of_timestamp(1_704_067_200_000 + 1).to_string(),
            "2024-01-01"
        );
    }
}
