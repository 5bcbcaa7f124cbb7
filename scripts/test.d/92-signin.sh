#!/usr/bin/env bash
# Sign in with Sigma end to end, on loopback (issue 18). Starts a Postgres (Debian `postgresql`;
# installed with apt-get when missing and running as root) on a free port with its data under
# target/signin, stopped on exit; builds the Node addon, the Python wheel and the Go exchange
# program; installs examples/better-auth from its lockfile (better-auth 1.4.19,
# @better-auth/oauth-provider 1.4.19, @sigma-auth/better-auth-plugin 0.0.75, pg); creates the
# schema with Better Auth's own migration and registers an OAuth client with a memberPubkey; then
# examples/better-auth/e2e.test.mjs runs two real Better Auth servers (the plugin's stock
# /oauth2/token check, and sigma-auth's hardenSigmaProvider), a user session, PKCE authorize,
# and the code exchanged by the Node, Python (sync, async) and Go helpers, and the attacks.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=$root/target/signin
mkdir -p "$work"

# --- Postgres
newest_pgbin() { find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1; }
pgbin=$(newest_pgbin)
if [ -z "$pgbin" ]; then
  [ "$(id -u)" = 0 ] || { echo "92-signin: postgresql is not installed (apt-get install postgresql, as root)" >&2; exit 1; }
  echo "postgresql missing: installing it with apt-get"
  install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql)
  # Refresh the package lists only when the install cannot find the package with the present ones.
  if ! "${install[@]}" >/dev/null; then
    apt-get update -qq
    "${install[@]}" >/dev/null
  fi
  pgbin=$(newest_pgbin)
fi
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pgdata=$work/pgdata-$$
pgport=$(free_port)
rm -rf "$work"/pgdata-*
mkdir -p "$pgdata"
[ "$(id -u)" = 0 ] && chown postgres "$pgdata"
stop_pg() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$pgdata"; }
trap stop_pg EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
  -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1" start >/dev/null
"$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres signin
echo "postgres $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport (data $pgdata)"

# --- the three clients
(cd bindings/node && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build >/dev/null)
cargo build --release --locked -p sigma-auth-ffi
(cd examples/better-auth/go-exchange && GOTOOLCHAIN=local GOPROXY=off go build -o "$work/go-exchange" .)
venv=$work/venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "$(grep -E '^maturin==' bindings/python/requirements-test.txt)"
rm -rf "$work/wheels"
(cd bindings/python && "$venv/bin/maturin" build --quiet --locked --release --interpreter "$venv/bin/python" --out "$work/wheels")
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$work"/wheels/sigma_auth-*.whl

# --- the server and the test
cd examples/better-auth
npm ci --no-audit --no-fund --loglevel=error
export DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/signin"
BETTER_AUTH_SECRET=$(head -c 32 /dev/urandom | base64)
export BETTER_AUTH_SECRET
export CLIENT_ID=sigma-e2e-app REDIRECT_URI=http://127.0.0.1:9/callback
SIGMA_MEMBER_PRIVATE_KEY=$(node -e "console.log(require('../../bindings/node').PrivateKey.generate().toWif())")
export SIGMA_MEMBER_PRIVATE_KEY
MEMBER_PUBKEY=$(node -e "console.log(require('../../bindings/node').PrivateKey.fromWif(process.env.SIGMA_MEMBER_PRIVATE_KEY).publicKey().toHex())")
PORT=0 SIGMA_CHECK=stock MEMBER_PUBKEY=$MEMBER_PUBKEY node server.mjs migrate
export PYTHON=$venv/bin/python GO_EXCHANGE=$work/go-exchange
node --test --test-reporter=spec e2e.test.mjs
