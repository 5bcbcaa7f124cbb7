#!/usr/bin/env bash
# The core on its default backend (libsecp256k1), with k256 compiled beside it so the
# backend-equality tests run, plus the doc examples.
set -euo pipefail
cargo test --locked -p sigma-auth-core --features k256
