#!/usr/bin/env bash
# The core without std: a #![no_std] staticlib with its own panic handler links it on both
# backends (it cannot build if std sneaks in), and the negative control shows the check bites.
set -euo pipefail
cd tests/nostd
export CARGO_TARGET_DIR="$PWD/../../target/nostd"
cargo build --locked --release
cargo build --locked --release --no-default-features --features k256
echo "no_std staticlib built with secp256k1 and with k256"
# negative control: the same crate with `extern crate std;` must fail to build
tmp=$(mktemp -d)
cp -r Cargo.toml Cargo.lock src "$tmp/"
sed -i 's|path = "../../core"|path = "'"$PWD"'/../../core"|' "$tmp/Cargo.toml"
sed -i 's|^extern crate alloc;|extern crate alloc;\nextern crate std;|' "$tmp/src/lib.rs"
if (cd "$tmp" && cargo build --locked --release --quiet 2>"$tmp/err.txt"); then
  echo "negative control unexpectedly built: the no_std check would not notice std" >&2
  exit 1
fi
if ! grep -q "panic_impl" "$tmp/err.txt"; then
  echo "negative control failed for another reason than std:" >&2
  cat "$tmp/err.txt" >&2
  exit 1
fi
echo "negative control: adding std fails with duplicate lang item panic_impl, as it should"
rm -rf "$tmp"
