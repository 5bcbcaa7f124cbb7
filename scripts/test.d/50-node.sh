#!/usr/bin/env bash
# Node binding (bindings/node, npm package sigma-auth-native): pinned install (npm ci from the
# committed lockfile), release build of the napi-rs addon into the workspace's target/release
# (sharing the compiled core dependencies), type check of index.d.ts, the node:test suites
# (vectors, oracles against bitcoin-auth 0.0.7 and @bsv/sdk 2.1.0, the reference repo's
# expectations, sync/async/batch agreement, API contracts, memory). Then installed as a user
# does, outside the source tree: the packed file (npm pack) into one scratch project, which runs
# a smoke script and the examples/node-server tests; the repository path (npm install
# <repo>/bindings/node) into another, which runs the README's Node snippets (examples/readme/node,
# node:http and Express, express pinned by its lockfile). Fails on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

"$root/scripts/install-interop"
# redis-server, for test/redis-store.test.js (it starts its own on a free loopback port).
"$root/scripts/install-redis" >/dev/null

cd "$root/bindings/node"
npm ci --no-audit --no-fund --loglevel=error
npm run build
npm run typecheck

echo "--- bindings/node: node --test"
node --test --expose-gc --test-reporter=spec test/*.test.js

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export SIGMA_AUTH_ROOT=$root SIGMA_AUTH_INTEROP=$root/tests/interop

echo "--- npm pack, then npm install of the packed file in a scratch project ($scratch/packed)"
mkdir -p "$scratch/pkg" "$scratch/packed" "$scratch/path"
npm pack --silent --pack-destination "$scratch/pkg" >/dev/null
tarball=("$scratch"/pkg/sigma-auth-native-*.tgz)
listing=$(tar tzf "${tarball[0]}")
for f in package/index.js package/index.d.ts package/native.js package/native.d.ts package/sigma-auth-native.linux-x64-gnu.node; do
  grep -qx "$f" <<<"$listing" || { echo "50-node: $f is missing from ${tarball[0]##*/}" >&2; exit 1; }
done
cd "$scratch/packed"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "${tarball[0]}"
cp "$root/bindings/node/test/installed/smoke.js" "$root"/examples/node-server/server{,.test}.js .
node smoke.js "$scratch/packed/node_modules"
echo "--- examples/node-server: node --test, against the installed package"
node --test --test-reporter=spec server.test.js

echo "--- npm install <repo>/bindings/node in a scratch project ($scratch/path), with examples/readme/node"
cd "$scratch/path"
cp "$root"/examples/readme/node/{package.json,package-lock.json,plain-http.js,plain-http.test.js,express.js,express.test.js} .
npm ci --no-audit --no-fund --loglevel=error            # express, pinned by the lockfile
npm install --no-audit --no-fund --no-save --loglevel=error "$root/bindings/node"
cp "$root/bindings/node/test/installed/smoke.js" .
node smoke.js "$root/bindings/node"
echo "--- examples/readme/node: node --test"
node --test --test-reporter=spec plain-http.test.js express.test.js
