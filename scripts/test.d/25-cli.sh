#!/usr/bin/env bash
# The sigma-auth command line: its contract against the vectors, and the demo.
set -euo pipefail
cargo test --locked -p sigma-auth-cli
cargo run --locked -q --release -p sigma-auth-cli -- demo
