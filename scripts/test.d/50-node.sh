#!/usr/bin/env bash
# Node binding (bindings/node, npm package sigma-auth-native): pinned install (npm ci from the
# committed lockfile), release build of the napi-rs addon, type check of index.d.ts, the
# node:test suites (vectors, oracles against bitcoin-auth 0.0.7 and @bsv/sdk 2.1.0, the
# reference repo's expectations, sync/async/batch agreement, API contracts, memory), and the
# examples/node-server test. Fails on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

"$root/scripts/install-interop"

cd "$root/bindings/node"
npm ci --no-audit --no-fund --loglevel=error
npm run build
npm run typecheck

echo "--- bindings/node: node --test"
node --test --expose-gc --test-reporter=spec test/*.test.js

echo "--- examples/node-server: node --test"
cd "$root/examples/node-server"
node --test --test-reporter=spec server.test.js
