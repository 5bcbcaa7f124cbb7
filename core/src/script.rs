//! Bitcoin scripts as chunks: parse a locking script by opcode (data pushes, including
//! `OP_PUSHDATA1/2/4`, and every other opcode), and build one back with minimal pushes.
//!
//! `OP_RETURN` is an opcode like any other here: it does not swallow the rest of the script
//! (as `@bsv/sdk`'s `Script.fromBinary` does, spec/identity.md §3.3), and a data push that
//! happens to start with byte `0x6a` is data, never an `OP_RETURN` (§5 item 3).
//!
//! ```
//! use sigma_auth_core::script;
//! let s = script::op_return(&[&b"hello"[..], b""])?;
//! assert_eq!(s, [0x00, 0x6a, 0x05, b'h', b'e', b'l', b'l', b'o', 0x00]);
//! assert_eq!(script::op_return_pushes(&s)?, [&b"hello"[..], b""]);
//! # Ok::<(), sigma_auth_core::Error>(())
//! ```

use alloc::vec::Vec;

use crate::error::{Error, Reason};

/// `OP_0` / `OP_FALSE`: pushes the empty byte string.
pub const OP_0: u8 = 0x00;
/// The next byte is the length of the data.
pub const OP_PUSHDATA1: u8 = 0x4c;
/// The next two bytes (little-endian) are the length of the data.
pub const OP_PUSHDATA2: u8 = 0x4d;
/// The next four bytes (little-endian) are the length of the data.
pub const OP_PUSHDATA4: u8 = 0x4e;
/// Pushes the number -1.
pub const OP_1NEGATE: u8 = 0x4f;
/// Pushes the number 1 (`OP_2` .. `OP_16` follow).
pub const OP_1: u8 = 0x51;
/// Pushes the number 16.
pub const OP_16: u8 = 0x60;
/// Marks the output as unspendable; data pushes follow.
pub const OP_RETURN: u8 = 0x6a;

const FIELD: &str = "script";

/// One element of a script: an opcode, with its data when it is a push.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk<'a> {
    /// The opcode byte (`0x00..=0x4e` for a data push).
    pub opcode: u8,
    /// The pushed bytes for a data push (`OP_0` pushes `[]`); `None` for any other opcode.
    pub data: Option<&'a [u8]>,
    /// Byte offset of the opcode in the script.
    pub start: usize,
    /// Byte offset just past the chunk.
    pub end: usize,
}

impl Chunk<'_> {
    /// Whether this chunk is a data push (`OP_0`, a direct push or `OP_PUSHDATA1/2/4`).
    pub fn is_push(&self) -> bool {
        self.data.is_some()
    }

    /// The number a small-integer opcode pushes (`OP_1NEGATE` → -1, `OP_1..OP_16` → 1..16).
    pub fn small_int(&self) -> Option<i8> {
        match self.opcode {
            OP_1NEGATE => Some(-1),
            OP_1..=OP_16 => Some((self.opcode - OP_1 + 1) as i8),
            _ => None,
        }
    }
}

fn malformed(why: &'static str) -> Error {
    Error::Refused {
        reason: Reason::MalformedScript,
        field: FIELD,
        why,
    }
}

/// Parses `script` into chunks. A push whose length runs past the end of the script is
/// refused ([`Reason::MalformedScript`]); every byte that is not a push is an opcode chunk.
pub fn parse(script: &[u8]) -> Result<Vec<Chunk<'_>>, Error> {
    let mut chunks = Vec::new();
    let mut at = 0;
    while at < script.len() {
        let start = at;
        let opcode = script[at];
        at += 1;
        let len = match opcode {
            0x01..=0x4b => Some(opcode as usize),
            OP_0 => Some(0),
            OP_PUSHDATA1 => Some(read_len::<1>(script, &mut at)?),
            OP_PUSHDATA2 => Some(read_len::<2>(script, &mut at)?),
            OP_PUSHDATA4 => Some(read_len::<4>(script, &mut at)?),
            _ => None,
        };
        let data = match len {
            Some(len) => {
                let end = at
                    .checked_add(len)
                    .filter(|&end| end <= script.len())
                    .ok_or(malformed("a push runs past the end of the script"))?;
                let data = &script[at..end];
                at = end;
                Some(data)
            }
            None => None,
        };
        chunks.push(Chunk {
            opcode,
            data,
            start,
            end: at,
        });
    }
    Ok(chunks)
}

fn read_len<const N: usize>(script: &[u8], at: &mut usize) -> Result<usize, Error> {
    let bytes = script.get(*at..*at + N).ok_or(malformed(
        "a PUSHDATA length runs past the end of the script",
    ))?;
    *at += N;
    let mut le = [0u8; 4];
    le[..N].copy_from_slice(bytes);
    usize::try_from(u32::from_le_bytes(le))
        .map_err(|_| malformed("a push is longer than this platform can address"))
}

/// Appends the shortest push of `data`: `OP_0` for empty data, a direct push up to 75 bytes,
/// then `OP_PUSHDATA1/2/4`. Data is always pushed as data (a one-byte `0x01` is `01 01`, not
/// `OP_1`), as `@bsv/sdk` writes it, so that it parses back as the same push.
pub fn push_data(out: &mut Vec<u8>, data: &[u8]) -> Result<(), Error> {
    let len = data.len();
    match len {
        0 => out.push(OP_0),
        1..=0x4b => out.push(len as u8),
        0x4c..=0xff => {
            out.push(OP_PUSHDATA1);
            out.push(len as u8);
        }
        0x100..=0xffff => {
            out.push(OP_PUSHDATA2);
            out.extend_from_slice(&(len as u16).to_le_bytes());
        }
        _ => {
            let len = u32::try_from(len).map_err(|_| Error::InvalidLength {
                field: "script.push",
                expected: u32::MAX as usize,
                actual: len,
            })?;
            out.push(OP_PUSHDATA4);
            out.extend_from_slice(&len.to_le_bytes());
        }
    }
    out.extend_from_slice(data);
    Ok(())
}

/// A script of minimal pushes of `pushes`, in order.
pub fn build<P: AsRef<[u8]>>(pushes: &[P]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(pushes.iter().map(|p| p.as_ref().len() + 5).sum());
    for p in pushes {
        push_data(&mut out, p.as_ref())?;
    }
    Ok(out)
}

/// `OP_0 OP_RETURN` followed by minimal pushes of `pushes`: the usual data output.
pub fn op_return<P: AsRef<[u8]>>(pushes: &[P]) -> Result<Vec<u8>, Error> {
    let mut out =
        Vec::with_capacity(2 + pushes.iter().map(|p| p.as_ref().len() + 5).sum::<usize>());
    out.push(OP_0);
    out.push(OP_RETURN);
    for p in pushes {
        push_data(&mut out, p.as_ref())?;
    }
    Ok(out)
}

/// The data pushes after the first `OP_RETURN` opcode of `script` (what AIP and BAP read).
/// Refused when the script does not parse, has no `OP_RETURN`, or holds a non-push opcode
/// after it.
pub fn op_return_pushes(script: &[u8]) -> Result<Vec<&[u8]>, Error> {
    let chunks = parse(script)?;
    let at = chunks
        .iter()
        .position(|c| c.opcode == OP_RETURN)
        .ok_or(malformed("no OP_RETURN opcode"))?;
    chunks[at + 1..]
        .iter()
        .map(|c| {
            c.data
                .ok_or(malformed("an opcode after OP_RETURN is not a data push"))
        })
        .collect()
}

/// Whether `chunks` contain an `OP_RETURN` opcode.
pub fn has_op_return(chunks: &[Chunk<'_>]) -> bool {
    chunks.iter().any(|c| c.opcode == OP_RETURN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn pushdata_forms_parse_with_offsets() {
        let mut s = vec![
            0x00, 0x6a, 0x02, 0xaa, 0xbb, 0x4c, 0x01, 0xcc, 0x4d, 0x01, 0x00, 0xdd,
        ];
        s.extend_from_slice(&[0x4e, 0x02, 0, 0, 0, 0xee, 0xff, 0x51, 0x4f]);
        let c = parse(&s).unwrap();
        assert_eq!(c.len(), 8);
        assert_eq!(c[0].data, Some(&[][..]));
        assert_eq!((c[1].opcode, c[1].data), (OP_RETURN, None));
        assert_eq!(
            (c[2].data, c[2].start, c[2].end),
            (Some(&[0xaa, 0xbb][..]), 2, 5)
        );
        assert_eq!(c[3].data, Some(&[0xcc][..]));
        assert_eq!((c[4].data, c[4].start), (Some(&[0xdd][..]), 8));
        assert_eq!((c[5].data, c[5].end), (Some(&[0xee, 0xff][..]), 19));
        assert_eq!(c[6].small_int(), Some(1));
        assert_eq!(c[7].small_int(), Some(-1));
    }

    #[test]
    fn truncated_pushes_are_refused() {
        for s in [
            &[0x02, 0xaa][..],
            &[0x4c],
            &[0x4d, 0x01],
            &[0x4e, 0xff, 0xff, 0xff, 0xff, 0],
        ] {
            assert_eq!(
                parse(s).unwrap_err().reason(),
                Reason::MalformedScript,
                "{s:?}"
            );
        }
    }

    #[test]
    fn minimal_pushes_round_trip() {
        for len in [0usize, 1, 75, 76, 255, 256, 65535, 65536] {
            let data = vec![0x51u8; len];
            let s = build(&[&data]).unwrap();
            let expected_prefix = match len {
                0 => 1,
                1..=75 => 1,
                76..=255 => 2,
                256..=65535 => 3,
                _ => 5,
            };
            assert_eq!(s.len(), expected_prefix + len);
            let c = parse(&s).unwrap();
            assert_eq!(c.len(), 1);
            assert_eq!(c[0].data, Some(&data[..]));
        }
    }

    #[test]
    fn op_return_data_is_not_decided_by_a_first_byte() {
        // A push starting with 0x6a ("json") is data; the OP_RETURN is the opcode.
        let s = op_return(&[&b"json"[..], b"{}"]).unwrap();
        assert_eq!(op_return_pushes(&s).unwrap(), [&b"json"[..], b"{}"]);
        assert!(op_return_pushes(&build(&[b"json"]).unwrap()).is_err());
        assert!(op_return_pushes(&[0x6a, 0x51]).is_err());
    }
}
