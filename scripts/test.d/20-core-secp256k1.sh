#!/usr/bin/env bash
# The core on its default backend (libsecp256k1), with k256 compiled beside it so the
# backend-equality tests run, plus the doc examples.
set -euo pipefail
cargo test --locked -p sigma-auth-core --features k256
# The crate's example program, as a reader would run it.
cargo run --locked -q -p sigma-auth-core --example verify_request
