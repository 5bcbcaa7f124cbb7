#!/usr/bin/env bash
# Builds every bench, the comparison and callgrind binaries, runs each criterion bench once in
# test mode (no timing: checks that every benchmarked operation succeeds on both backends), and
# runs the allocation budget test. Timing itself lives in cargo bench, benches/compare/run and
# benches/callgrind/run, never in the test suite.
set -euo pipefail
cargo test --locked -p sigma-auth-benches --all-targets --no-run
cargo test --locked -p sigma-auth-benches --test allocations -- --nocapture
cargo test --locked -p sigma-auth-benches --benches
