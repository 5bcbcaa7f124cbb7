//! [`Timestamp`]: a UTC instant with millisecond precision, the ISO-8601 grammar the
//! bitcoin-auth generator writes (strict) and the spellings JavaScript's `Date` reads
//! (lenient, for [`Policy::Compat`](crate::Policy::Compat)), and the system clock (`std`).
//!
//! ```
//! use sigma_auth_core::Timestamp;
//!
//! let t: Timestamp = "2025-01-15T12:00:00.000Z".parse()?;
//! assert_eq!(t.unix_millis(), 1_736_942_400_000);
//! assert_eq!(t.to_string(), "2025-01-15T12:00:00.000Z");
//! assert_eq!(Timestamp::parse_lenient("2025-01-15T14:00+02:00")?, t);
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use crate::error::Error;

/// The field name in every timestamp error.
const FIELD: &str = "timestamp";

/// A UTC instant with millisecond precision: milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Earliest accepted instant: 0000-01-01T00:00:00.000Z.
const MIN_MILLIS: i64 = -62_167_219_200_000;
/// Latest accepted instant: 9999-12-31T23:59:59.999Z.
const MAX_MILLIS: i64 = 253_402_300_799_999;

impl Timestamp {
    /// The instant `millis` milliseconds after the Unix epoch, within years 0000 to 9999.
    pub fn from_unix_millis(millis: i64) -> Result<Timestamp, Error> {
        if (MIN_MILLIS..=MAX_MILLIS).contains(&millis) {
            Ok(Timestamp(millis))
        } else {
            Err(Error::InvalidTimestamp {
                field: FIELD,
                why: "outside years 0000 to 9999",
            })
        }
    }

    /// Milliseconds since the Unix epoch.
    pub fn unix_millis(self) -> i64 {
        self.0
    }

    /// The current system time.
    #[cfg(feature = "std")]
    pub fn now() -> Timestamp {
        let millis = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(MAX_MILLIS),
            Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(-MIN_MILLIS),
        };
        Timestamp(millis.clamp(MIN_MILLIS, MAX_MILLIS))
    }

    /// Parses exactly the form JavaScript's `Date#toISOString` writes:
    /// `YYYY-MM-DDTHH:mm:ss.sssZ` (24 characters, UTC).
    pub fn parse_iso(text: &str) -> Result<Timestamp, Error> {
        let b = text.as_bytes();
        let shape_ok = b.len() == 24
            && b.iter().enumerate().all(|(i, &c)| match i {
                4 | 7 => c == b'-',
                10 => c == b'T',
                13 | 16 => c == b':',
                19 => c == b'.',
                23 => c == b'Z',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(Error::InvalidTimestamp {
                field: FIELD,
                why: "not of the form YYYY-MM-DDTHH:mm:ss.sssZ",
            });
        }
        let year = digits(&b[0..4]);
        let fields = Fields {
            year,
            month: digits(&b[5..7]),
            day: digits(&b[8..10]),
            hour: digits(&b[11..13]),
            minute: digits(&b[14..16]),
            second: digits(&b[17..19]),
            millis: digits(&b[20..23]),
            offset_minutes: 0,
        };
        fields.to_timestamp()
    }

    /// Parses the ISO-8601 spellings that JavaScript's `Date` reads unambiguously: the strict
    /// form, seconds and fraction optional, any number of fraction digits, `Z` or a `±HH:MM`
    /// offset, and a bare date (midnight UTC). A date-time without a zone is refused, because
    /// JavaScript reads it in the server's local time zone.
    pub fn parse_lenient(text: &str) -> Result<Timestamp, Error> {
        const WHY: &str = "not an ISO-8601 date or date-time with a zone";
        let bad = Error::InvalidTimestamp {
            field: FIELD,
            why: WHY,
        };
        let b = text.as_bytes();
        let num = |range: core::ops::Range<usize>| -> Result<i64, Error> {
            let part = b.get(range).ok_or(bad)?;
            if part.iter().all(u8::is_ascii_digit) {
                Ok(digits(part))
            } else {
                Err(bad)
            }
        };
        let year = num(0..4)?;
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(bad);
        }
        let month = num(5..7)?;
        let day = num(8..10)?;
        let mut f = Fields {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            millis: 0,
            offset_minutes: 0,
        };
        if b.len() == 10 {
            return f.to_timestamp();
        }
        if b.get(10) != Some(&b'T') || b.get(13) != Some(&b':') {
            return Err(bad);
        }
        f.hour = num(11..13)?;
        f.minute = num(14..16)?;
        let mut i = 16;
        if b.get(i) == Some(&b':') {
            f.second = num(17..19)?;
            i = 19;
            if b.get(i) == Some(&b'.') {
                let start = i + 1;
                let mut end = start;
                while b.get(end).is_some_and(u8::is_ascii_digit) {
                    end += 1;
                }
                if end == start {
                    return Err(bad);
                }
                // Milliseconds are the first three fraction digits, padded with zeros on the
                // right ("1" is 100 ms); JavaScript drops the digits after the third.
                let mut ms = [b'0'; 3];
                let given = (end - start).min(3);
                ms[..given].copy_from_slice(&b[start..start + given]);
                f.millis = digits(&ms);
                i = end;
            }
        }
        match &b[i..] {
            [b'Z'] => {}
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let hh = num(i + 1..i + 3)?;
                let mm = num(i + 4..i + 6)?;
                if hh > 23 || mm > 59 {
                    return Err(bad);
                }
                let off = hh * 60 + mm;
                f.offset_minutes = if *sign == b'+' { off } else { -off };
            }
            _ => return Err(bad),
        }
        f.to_timestamp()
    }

    /// The timestamp as `YYYY-MM-DDTHH:mm:ss.sssZ`, byte-identical to JavaScript's `toISOString`.
    pub fn to_iso(self) -> String {
        alloc::format!("{self}")
    }
}

impl FromStr for Timestamp {
    type Err = Error;

    /// [`Timestamp::parse_iso`]: exactly `YYYY-MM-DDTHH:mm:ss.sssZ`.
    fn from_str(text: &str) -> Result<Timestamp, Error> {
        Timestamp::parse_iso(text)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.rem_euclid(1000);
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
            sod / 3600,
            (sod / 60) % 60,
            sod % 60
        )
    }
}

struct Fields {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    millis: i64,
    offset_minutes: i64,
}

impl Fields {
    fn to_timestamp(&self) -> Result<Timestamp, Error> {
        let bad = |why| Error::InvalidTimestamp { field: FIELD, why };
        if !(1..=12).contains(&self.month) {
            return Err(bad("month out of range"));
        }
        if self.day < 1 || self.day > days_in_month(self.year, self.month) {
            return Err(bad("day out of range"));
        }
        if self.hour > 23 || self.minute > 59 || self.second > 59 {
            return Err(bad("time of day out of range"));
        }
        let days = days_from_civil(self.year, self.month, self.day);
        let secs = days * 86_400 + self.hour * 3600 + self.minute * 60 + self.second
            - self.offset_minutes * 60;
        Timestamp::from_unix_millis(secs * 1000 + self.millis)
            .map_err(|_| bad("outside years 0000 to 9999"))
    }
}

fn digits(b: &[u8]) -> i64 {
    b.iter().fold(0, |acc, &c| acc * 10 + i64::from(c - b'0'))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (inverse of `days_from_civil`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
