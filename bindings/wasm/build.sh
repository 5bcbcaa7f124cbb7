#!/usr/bin/env bash
# Builds the sigma-auth-wasm package into bindings/wasm/pkg: pkg/web (ES module, for browsers,
# Deno and edge runtimes) and pkg/node (CommonJS, for Node), each `.wasm` shrunk by wasm-opt.
#
# Toolchain (installed by scripts/test.d/90-wasm.sh): Debian's rustc-web / cargo-web /
# rust-web-src (1.96), because rustup's toolchain here has no wasm32 standard library. It is
# named explicitly for this one cargo call, so rustup's stays the default everywhere else.
# wasm-bindgen needs std, so std itself is built from rust-web-src (-Zbuild-std=std,panic_abort,
# allowed on a stable compiler by RUSTC_BOOTSTRAP=1). wasm-bindgen-cli is built once from the
# crates registry at exactly the wasm-bindgen version of Cargo.lock, into target/wasm-tools.
# wasm-opt comes from Debian's binaryen.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target_dir=$root/target/wasm
tools=$root/target/wasm-tools

# 1. The .wasm: the core on k256, no std feature in the core (clock and randomness come from JS).
# cpubits="32": k256's field and crypto-bigint's scalars on 32-bit limbs. The `cpubits` crate
# promotes wasm32 to 64-bit limbs by default, but WebAssembly has no 64x64->128 multiply (each
# u128 product becomes a call to __multi3), while the 32-bit code's u32xu32->u64 products are
# one i64.mul each: token verify takes about half the time (bench/node.mjs, and the browser
# page; 2026-12-01: Node brc77 verify 562-900 -> 320-410 us, Chromium 848 -> 292-326 us), and
# the .wasm is 12 KB (gzipped) smaller.
(
  cd "$here"
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$target_dir \
    RUSTFLAGS='--cfg getrandom_backend="wasm_js" --cfg cpubits="32"' \
    /usr/bin/cargo build --locked --release --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort
)
wasm=$target_dir/wasm32-unknown-unknown/release/sigma_auth_wasm.wasm

# 2. wasm-bindgen-cli at the lockfile's wasm-bindgen version (cargo's default toolchain).
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$here/Cargo.lock")
if [ "$("$tools/bin/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  # Not --locked: the CLI's own lockfile pins a yanked webpki-roots (1.0.11), which cargo
  # refuses to install; the CLI itself is pinned exactly.
  cargo install wasm-bindgen-cli --version "=$version" --root "$tools"
fi

# 3. wasm-opt -O3 on rustc's module (speed; the size stays far under 200 KB gzipped), then
# 4. wasm-bindgen (JS glue, TypeScript types). In this order because Debian's binaryen 108
# cannot read wasm-bindgen's output for rustc 1.96 (it has no table.fill, and rewrites the
# externref table as anyref); wasm-bindgen reads wasm-opt's output fine, and its describe
# functions and custom sections survive.
rm -rf "$here/pkg"
mkdir -p "$target_dir/opt"
wasm-opt -O3 --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types \
  "$wasm" -o "$target_dir/opt/sigma_auth_wasm.wasm"
"$tools/bin/wasm-bindgen" --target web --weak-refs --out-dir "$here/pkg/web" "$target_dir/opt/sigma_auth_wasm.wasm"
"$tools/bin/wasm-bindgen" --target nodejs --weak-refs --out-dir "$here/pkg/node" "$target_dir/opt/sigma_auth_wasm.wasm"
echo '{ "type": "commonjs" }' > "$here/pkg/node/package.json"
f=$here/pkg/web/sigma_auth_wasm_bg.wasm
echo "sigma-auth-wasm: $(wc -c < "$wasm") bytes from rustc; after wasm-opt -O3 and wasm-bindgen:" \
  "$(wc -c < "$f") bytes, $(gzip -9 -c "$f" | wc -c) bytes gzipped (gzip -9)"
