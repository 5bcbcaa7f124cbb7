#!/usr/bin/env bash
# Oracle tests against the real npm references (bitcoin-auth 0.0.7, @bsv/sdk 2.1.0), both directions.
set -euo pipefail
./scripts/install-interop
cargo test --locked -p sigma-auth-core --test oracle -- --ignored --nocapture
