//! PUSHES arguments: a JSON array of hex strings (the pushes after the OP_RETURN opcode), given
//! on the command line or as `-` for standard input; and the same form for output.

use std::io::Read;

use serde_json::Value;

use crate::failure::Failure;

/// The most bytes read from standard input for PUSHES.
const MAX_PUSHES_INPUT: u64 = 16 << 20;

/// Reads PUSHES from `arg` (`-`: standard input, trailing whitespace ignored).
pub fn read(arg: &str) -> Result<Vec<Vec<u8>>, Failure> {
    if arg != "-" {
        return parse(arg);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_PUSHES_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Io(format!("reading PUSHES from standard input: {e}")))?;
    if bytes.len() as u64 > MAX_PUSHES_INPUT {
        return Err(Failure::usage(
            "PUSHES on standard input are longer than 16 MiB",
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::usage("PUSHES on standard input are not UTF-8 text"))?;
    parse(text.trim())
}

/// Parses a JSON array of hex strings (either case, even length; `""` is an empty push).
pub fn parse(text: &str) -> Result<Vec<Vec<u8>>, Failure> {
    let value: Value = serde_json::from_str(text)
        .map_err(|_| Failure::usage("PUSHES is not JSON (expected an array of hex strings)"))?;
    let items = value
        .as_array()
        .ok_or_else(|| Failure::usage("PUSHES is not a JSON array of hex strings"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let hex = item.as_str().ok_or_else(|| {
                Failure::usage(format!("PUSHES[{i}] is not a string of hex digits"))
            })?;
            if !hex.len().is_multiple_of(2) {
                return Err(Failure::usage(format!(
                    "PUSHES[{i}] has an odd number of hex digits"
                )));
            }
            base16ct::mixed::decode_vec(hex).map_err(|_| {
                Failure::usage(format!(
                    "PUSHES[{i}] has a character that is not a hex digit"
                ))
            })
        })
        .collect()
}

/// The pushes as a JSON array of lower-case hex strings.
pub fn to_json<P: AsRef<[u8]>>(pushes: &[P]) -> Value {
    Value::Array(
        pushes
            .iter()
            .map(|p| Value::String(base16ct::lower::encode_string(p.as_ref())))
            .collect(),
    )
}
