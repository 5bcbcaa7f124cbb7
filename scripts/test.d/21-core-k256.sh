#!/usr/bin/env bash
# The whole core suite again on the pure-Rust backend alone.
set -euo pipefail
cargo test --locked -p sigma-auth-core --no-default-features --features k256,std
