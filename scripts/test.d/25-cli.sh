#!/usr/bin/env bash
# The sigma-auth command line: its contract against the vectors, its output failures, and the demo.
set -euo pipefail
cargo test --locked -p sigma-auth-cli
cargo build --locked -q --release -p sigma-auth-cli
bin=${CARGO_TARGET_DIR:-target}/release/sigma-auth
"$bin" demo
# The README's pipe: the demo into a reader that stops after one line ends with status 0.
first=$("$bin" demo | head -1)
[[ $first == "sigma-auth demo"* ]]
