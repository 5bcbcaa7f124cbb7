#!/usr/bin/env bash
# The local signer (`sigma-auth wallet`, `sigma-auth serve`) driven by the real Sigma plugin client
# (LocalServerSigner, @sigma-auth/better-auth-plugin 0.0.75 pinned in tests/signer), its tokens
# checked with bitcoin-auth and our verifier, AIP with bsv-bap; then a bounded loopback load run.
# The node tests start and stop their own signers on free loopback ports; the load run's signer
# is stopped by the trap.
set -euo pipefail
root=$(pwd)
cargo build --locked -q --release -p sigma-auth-cli
bin=$root/${CARGO_TARGET_DIR:-target}/release/sigma-auth
cargo test --locked -q -p sigma-auth-cli --bin sigma-auth -- serve:: wallet::

cd tests/signer
stamp=node_modules/.sigma-lock.sha256
want=$(sha256sum < package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # The plugin's peer dependencies (better-auth, payload, …) are not needed by its local client.
  npm ci --legacy-peer-deps --ignore-scripts --no-audit --no-fund
  echo "$want" > "$stamp"
fi
SIGMA_AUTH_BIN=$bin node --test --test-reporter=spec signer.test.mjs

# Load: one signer with a throw-away wallet, a Go client, fixed request counts (no timing asserted).
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export SIGMA_AUTH_PASSPHRASE=load-test-passphrase
"$bin" wallet create --wallet "$work/w.json" >/dev/null
SIGMA_AUTH_LOG=warn "$bin" serve --wallet "$work/w.json" --port 0 > "$work/out" 2> "$work/err" &
pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/out")
[ -n "$url" ] || { cat "$work/err"; exit 1; }
(cd load && go build -o "$work/signer-load" .)
"$work/signer-load" -url "$url" -n "${SIGNER_LOAD_N:-2000}" -c 8
