#!/usr/bin/env bash
# Lints for the whole workspace (and bindings/wasm, apart): the toolchain is at least the declared rust-version, shellcheck
# over every shell script in scripts/, rustfmt, clippy (both backends) with warnings denied, and
# the core's docs built with warnings denied. Every lint runs even when an earlier one fails,
# so one run shows every problem; the step fails if any did.
set -euo pipefail
cd "$(dirname "$0")/../.."
failed=()
lint() {
  if ! "$@"; then failed+=("$*"); fi
}

# The rust-version declared in Cargo.toml is the toolchain this script builds with: refuse an older one.
declared=$(sed -n 's/^rust-version = "\([0-9.]*\)"$/\1/p' Cargo.toml)
[ -n "$declared" ] || { echo "Cargo.toml declares no rust-version" >&2; exit 1; }
have=$(rustc --version | awk '{print $2}')
if [ "$(printf '%s\n%s\n' "$declared" "${have%%-*}" | sort -V | head -n1)" != "$declared" ]; then
  echo "rustc $have is older than the declared rust-version $declared" >&2
  exit 1
fi
echo "rustc $have >= rust-version $declared"

if ! command -v shellcheck >/dev/null; then
  echo "shellcheck missing: installing it with apt-get"
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
  install=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck)
  # Refresh the package lists only when the install cannot find the package with the present ones.
  if ! "${install[@]}" >/dev/null; then
    "${sudo[@]}" apt-get update -qq
    "${install[@]}" >/dev/null
  fi
fi
mapfile -t scripts < <(find scripts -type f | sort | while read -r f; do
  case $f in
    *.sh) echo "$f" ;;
    *) head -n1 "$f" | grep -qE '^#!.*\b(ba|da)?sh\b' && echo "$f" ;;
  esac
done)
echo "shellcheck $(shellcheck --version | sed -n 's/^version: //p') over ${#scripts[@]} scripts"
lint shellcheck "${scripts[@]}"

lint cargo fmt --all -- --check
lint cargo clippy --locked --workspace --all-targets -- -D warnings
lint cargo clippy --locked -p sigma-auth-core --all-targets --no-default-features --features k256,std -- -D warnings
lint env RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p sigma-auth-core
# bindings/wasm is built apart (its own lockfile, Debian's wasm toolchain in step 90); its code is
# linted here on the host target with this toolchain, which checks the same source.
lint cargo fmt --manifest-path bindings/wasm/Cargo.toml -- --check
lint cargo clippy --locked --manifest-path bindings/wasm/Cargo.toml --all-targets --target-dir target/wasm-host -- -D warnings

if [ ${#failed[@]} -gt 0 ]; then
  printf 'lint FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "lints: all passed"
