#!/usr/bin/env bash
# Replays every committed fuzz corpus (fuzz/corpus/<target>/*, seeds and saved regressions)
# through the same target functions the cargo-fuzz binaries run, on the stable toolchain.
# Long fuzz runs are a separate command: scripts/fuzz [seconds].
set -euo pipefail
cargo test --locked -p sigma-auth-benches --test fuzz_corpus
