#!/usr/bin/env bash
# Oracle tests against the real npm references (bitcoin-auth 0.0.7, @bsv/sdk 2.1.0, bsv-bap 0.1.24),
# both directions.
set -euo pipefail
./scripts/install-interop
cargo test --locked -p sigma-auth-core --test oracle -- --ignored --nocapture
cargo test --locked -p sigma-auth-core --test oracle_bap -- --ignored --nocapture
# ECIES-Electrum (@bsv/sdk 2.1.0) and bsv-bap 0.1.24 MemberID friend encryption, both directions.
cargo test --locked -p sigma-auth-core --test friend_oracle -- --ignored --nocapture
