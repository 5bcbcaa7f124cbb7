#!/usr/bin/env bash
# WebAssembly package (bindings/wasm, sigma-auth-wasm). Installs its toolchain pinned: Debian's
# rustc-web, cargo-web, rust-web-src and rust-web-llvm 1.96 (with lld-22 behind rust-lld, the
# wasm linker), binaryen 108 (wasm-opt) and chromium; wasm-bindgen-cli from the crates registry
# at the lockfile's wasm-bindgen version (bindings/wasm/build.sh); playwright-core from the
# package-lock. Builds pkg/web and pkg/node (build.sh prints the .wasm size after wasm-opt and
# gzip), type-checks the generated typings, runs the Node suites (the reference token vectors
# against tests/vectors/verification-outcomes.json, the identity calls against
# tests/vectors/identity.json (AIP, Sigma, BAP, ECIES, friend encryption), API contracts, both directions with
# bitcoin-auth), the README's edge middleware (examples/readme/wasm), then the headless Chromium
# test: a page on 127.0.0.1 creates tokens with the web build and sends them to
# examples/node-server (run with the Node binding, built here as step 50 builds it): 200 for a
# good token, 401 with the code for a forged and an expired one; the screenshot is saved as
# target/wasm-browser/result.png.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

debs=(rustc-web=1.96.0+dfsg1-1~deb12u2 cargo-web=1.96.0+dfsg1-1~deb12u2
  rust-web-src=1.96.0+dfsg1-1~deb12u2
  rust-web-llvm=1.96.0+dfsg1-1~deb12u2 lld-22=1:22.1.8-1~deb12u1 binaryen=108-1 chromium=156.0.8078.114-1~deb12u1)
missing=()
for d in "${debs[@]}"; do
  [ "$(dpkg-query -W -f='${Version}' "${d%%=*}" 2>/dev/null)" = "${d#*=}" ] || missing+=("$d")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "--- apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$root/scripts/install-interop"

echo "--- bindings/node: build (the example server's verifier)"
(cd "$root/bindings/node" && npm ci --no-audit --no-fund --loglevel=error && npm run build >/dev/null)

cd "$root/bindings/wasm"
echo "--- bindings/wasm: build"
./build.sh
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
npx tsc --noEmit --strict --lib esnext,dom pkg/web/sigma_auth_wasm.d.ts pkg/node/sigma_auth_wasm.d.ts

# The example server as step 50 runs it: sigma-auth-native resolved from a scratch project.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/node_modules"
ln -s "$root/bindings/node" "$scratch/node_modules/sigma-auth-native"
cp "$root/examples/node-server/server.js" "$scratch/"

echo "--- bindings/wasm: node --test (Node build, then headless Chromium)"
SIGMA_AUTH_SERVER_DIR=$scratch node --test --test-reporter=spec test/vectors.test.mjs test/api.test.mjs test/identity.test.mjs \
  test/browser.test.mjs "$root/examples/readme/wasm/edge.test.js"
