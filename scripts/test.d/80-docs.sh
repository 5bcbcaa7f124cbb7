#!/usr/bin/env bash
# The READMEs' code: every Rust, C, Go and Python block of README.md, ffi/README.md,
# bindings/go/README.md, bindings/python/README.md and examples/python-server/README.md is the
# marked part of a program under examples/, so the documentation cannot drift from code that runs.
#  1. examples/readme/check_snippets.py: each block equals its program's marked lines (fails on
#     any difference, and on a block no program holds unless the script says why).
#  2. Each program is built and run; each sends a signed request, one for another path, an old
#     token and (where its README handles it) one without the header, and checks the answers
#     (200, 401 path_mismatch, 401 expired, 401 missing_token in the one 401 shape):
#     Rust (examples/readme/rust, its own crate using the core by path, built into target/),
#     C (against include/ and target/release/libsigma_auth.so), Go (replace -> bindings/go),
#     Python (with the wheel that step 60 installed in target/py-venv).
#  3. examples/readme/check_commands.py: each `sigma-auth ...` line of the READMEs' shell
#     blocks names a subcommand that exists and options it takes (the lines are not run).
# Not covered: the Node blocks (bindings/node is checked by step 50).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
out=$target/readme
mkdir -p "$out"
status=0
# ran WHAT CMD...: runs CMD; prints its output; a failure is counted, the step goes on.
ran() {
  local what=$1
  shift
  if "$@" >"$out/last.log" 2>&1; then
    sed 's/^/  /' "$out/last.log"; echo "ok: $what"
  else
    sed 's/^/  /' "$out/last.log"; echo "FAILED: $what" >&2; status=1
  fi
}

python3 examples/readme/check_snippets.py "$root" | grep -v '^not checked' || status=1

cargo build --locked -q --release -p sigma-auth-ffi -p sigma-auth-cli

# Rust: a crate outside the workspace, with its own lockfile, sharing the workspace's target/.
rust=examples/readme/rust
cargo fmt --manifest-path "$rust/Cargo.toml" --check
CARGO_TARGET_DIR=$target cargo build --locked -q --release --manifest-path "$rust/Cargo.toml"
ran "README.md's Rust block (examples/readme/rust)" "$target/release/sigma-auth-readme-rust"

# C: the two programs against the header and the shared library of the source tree.
for prog in readme ffi_readme; do
  gcc -std=c11 -Wall -Wextra -Werror -I"$root/include" "examples/readme/c/$prog.c" \
    -L"$target/release" -lsigma_auth -Wl,-rpath,"$target/release" -o "$out/$prog"
  ran "the C block of examples/readme/c/$prog.c" "$out/$prog"
done

# Go: one module, two programs (README.md's and ffi/README.md's block), the package by replace.
(
  export GOTOOLCHAIN=local GOPROXY=off
  if [ "$target" != "$root/target" ]; then export CGO_LDFLAGS="${CGO_LDFLAGS:-} -L$target/release"; fi
  cd examples/readme/go
  unformatted=$(gofmt -l .)
  [ -z "$unformatted" ] || { echo "gofmt: these files need formatting: $unformatted" >&2; exit 1; }
  go vet ./...
  go build -o "$out/go-readme" ./readme
  go build -o "$out/go-ffireadme" ./ffireadme
) || status=1
ran "README.md's Go block (examples/readme/go/readme)" "$out/go-readme"
ran "ffi/README.md's Go block (examples/readme/go/ffireadme)" "$out/go-ffireadme"

# Python: with the wheel installed by step 60 (not the source tree: python runs from $out).
py=$target/py-venv/bin/python
if ! "$py" -c 'import sigma_auth' 2>/dev/null; then
  echo "no sigma_auth in $target/py-venv: run ./scripts/test 60 first (it builds the wheel)" >&2
  exit 1
fi
for prog in readme binding_readme; do
  ran "the Python block of examples/readme/python/$prog.py" \
    env -u PYTHONPATH PYTHONDONTWRITEBYTECODE=1 "$py" "examples/readme/python/$prog.py"
done

# The command lines, against the CLI built above.
ran "sigma-auth command lines of the READMEs" \
  python3 examples/readme/check_commands.py "$root" "$target/release/sigma-auth"
exit $status
