#!/usr/bin/env bash
# Formatting and lints for the whole workspace.
set -euo pipefail
cargo fmt --all -- --check
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo clippy --locked -p sigma-auth-core --all-targets --no-default-features --features k256,std -- -D warnings
