//! Text encodings: strict and reference-lenient hex and base64, Bitcoin varints, and ISO-8601
//! timestamps as the bitcoin-auth generator writes them.
//!
//! "Strict" decoders accept exactly one spelling of each byte string. "Lenient" decoders accept
//! what the JavaScript reference (`@bsv/sdk` `Utils.toArray`) accepts; they exist only for
//! [`Policy::Compat`](crate::token::Policy::Compat) and for reading third-party data.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::error::Error;

/// Lower-case hex of `bytes`.
pub fn hex_encode(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

/// Strict hex: even length, digits and letters of either case, nothing else.
pub fn hex_decode(field: &'static str, text: &str) -> Result<Vec<u8>, Error> {
    if !text.len().is_multiple_of(2) {
        return Err(Error::InvalidHex {
            field,
            why: "odd number of digits",
        });
    }
    base16ct::mixed::decode_vec(text).map_err(|_| Error::InvalidHex {
        field,
        why: "character that is not a hex digit",
    })
}

/// Strict hex of exactly `N` bytes.
pub fn hex_decode_array<const N: usize>(field: &'static str, text: &str) -> Result<[u8; N], Error> {
    let bytes = hex_decode(field, text)?;
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| Error::InvalidLength {
            field,
            expected: N,
            actual: bytes.len(),
        })
}

/// Hex as the reference reads it: either case, and an odd-length string gets a `0` in front.
pub fn hex_decode_lenient(field: &'static str, text: &str) -> Result<Vec<u8>, Error> {
    if !text.len().is_multiple_of(2) {
        let mut padded = String::with_capacity(text.len() + 1);
        padded.push('0');
        padded.push_str(text);
        hex_decode(field, &padded)
    } else {
        hex_decode(field, text)
    }
}

/// Whether `text` is non-empty lower-case hex (`0-9a-f` only).
pub fn is_lower_hex(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Standard padded base64 of `bytes`.
pub fn base64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Strict base64: the standard alphabet, canonical `=` padding, zero unused trailing bits.
/// Exactly one spelling of every byte string passes.
pub fn base64_decode(field: &'static str, text: &str) -> Result<Vec<u8>, Error> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| Error::InvalidBase64 {
            field,
            why: base64_why(&e),
        })
}

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Base64 as the reference reads it: ASCII whitespace removed, `-`/`_` read as `+`/`/`,
/// padding optional, unused trailing bits ignored.
pub fn base64_decode_lenient(field: &'static str, text: &str) -> Result<Vec<u8>, Error> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    LENIENT.decode(cleaned).map_err(|e| Error::InvalidBase64 {
        field,
        why: base64_why(&e),
    })
}

fn base64_why(e: &base64::DecodeError) -> &'static str {
    match e {
        base64::DecodeError::InvalidByte(..) => "character outside the base64 alphabet",
        base64::DecodeError::InvalidLength(_) => "length is not a whole number of base64 groups",
        base64::DecodeError::InvalidLastSymbol(..) => "unused trailing bits are not zero",
        base64::DecodeError::InvalidPadding => "padding is missing or misplaced",
    }
}

/// Bitcoin's variable-length integer (`CompactSize`), appended to `out`.
pub fn push_varint(out: &mut Vec<u8>, n: u64) {
    match n {
        0..=0xfc => out.push(n as u8),
        0xfd..=0xffff => {
            out.push(0xfd);
            out.extend_from_slice(&(n as u16).to_le_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(0xfe);
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        _ => {
            out.push(0xff);
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
}

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
                field: "timestamp",
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
    pub fn parse_iso(field: &'static str, text: &str) -> Result<Timestamp, Error> {
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
                field,
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
        fields.to_timestamp(field)
    }

    /// Parses the ISO-8601 spellings that JavaScript's `Date` reads unambiguously: the strict
    /// form, seconds and fraction optional, any number of fraction digits, `Z` or a `±HH:MM`
    /// offset, and a bare date (midnight UTC). A date-time without a zone is refused, because
    /// JavaScript reads it in the server's local time zone.
    pub fn parse_lenient(field: &'static str, text: &str) -> Result<Timestamp, Error> {
        const WHY: &str = "not an ISO-8601 date or date-time with a zone";
        let bad = Error::InvalidTimestamp { field, why: WHY };
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
            return f.to_timestamp(field);
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
        f.to_timestamp(field)
    }

    /// The timestamp as `YYYY-MM-DDTHH:mm:ss.sssZ`, byte-identical to JavaScript's `toISOString`.
    pub fn to_iso(self) -> String {
        alloc::format!("{self}")
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
    fn to_timestamp(&self, field: &'static str) -> Result<Timestamp, Error> {
        let bad = |why| Error::InvalidTimestamp { field, why };
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
