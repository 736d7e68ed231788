//! Calendar dates for timestamps, without a time-zone database: UTC only, proleptic
//! Gregorian. Enough to show people when something was said.

use crate::Timestamp;

/// Days since 1970-01-01 as (year, month, day) — Howard Hinnant's `civil_from_days`.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// `YYYY-MM-DD` of a timestamp, in UTC.
pub fn date_utc(at: Timestamp) -> String {
    let (y, m, d) = civil_from_days((at / 86_400_000) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM UTC` of a timestamp.
pub fn datetime_utc(at: Timestamp) -> String {
    let minutes = (at / 60_000) % (24 * 60);
    format!(
        "{} {:02}:{:02} UTC",
        date_utc(at),
        minutes / 60,
        minutes % 60
    )
}

/// RFC 3339 (`YYYY-MM-DDTHH:MM:SSZ`) of a timestamp, for `datetime` attributes.
pub fn rfc3339_utc(at: Timestamp) -> String {
    let seconds = (at / 1000) % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_utc(at),
        seconds / 3600,
        (seconds / 60) % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_513), (2026, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        // 2026-11-24T12:34:56Z
        let at = 1_795_523_696_000;
        assert_eq!(datetime_utc(at), "2026-11-24 12:34 UTC");
        assert_eq!(rfc3339_utc(at), "2026-11-24T12:34:56Z");
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(86_399_000), "1970-01-01T23:59:59Z");
    }
}
