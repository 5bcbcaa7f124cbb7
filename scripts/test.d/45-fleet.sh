#!/usr/bin/env bash
# Replay stores shared by a fleet (issue 15), against a real redis-server:
#  1. installs redis-server (scripts/install-redis, pinned Debian package, idempotent);
#  2. starts one on a free port of 127.0.0.1 (no persistence, in a temporary directory) and
#     stops it on exit;
#  3. sigma-auth-redis: the store's tests against that Redis (SET NX PX, TTL, pipelines, many
#     threads, nothing listening, a silent server, a paused Redis), and the fleet test: two
#     sigma-auth-fleet-server processes sharing a Redis of the test's own, which it kills and
#     restarts mid-run (tokens once, malleated spellings, replay_store_unavailable, resume);
#  4. the Go store (bindings/go/redisstore) against the same Redis. The Python and Node stores are
#     tested by steps 60 and 50 (they need the built wheel and addon), each with a redis-server
#     of its own.
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/install-redis >/dev/null
echo "redis: $(redis-server --version | cut -d' ' -f1-3)"

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
  --daemonize no >"$dir/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$port" ping >/dev/null || { echo "redis-server did not start:" >&2; cat "$dir/redis.log" >&2; exit 1; }
export SIGMA_AUTH_REDIS_URL="redis://127.0.0.1:$port/"
echo "redis: listening on 127.0.0.1:$port (pid $redis_pid)"

cargo test --locked -p sigma-auth-redis -- --include-ignored

# Go: bindings/go/redisstore (go-redis, its own module, pinned by go.sum; downloaded through the
# Go module proxy the first time) over libsigma_auth.a, against the same Redis.
if command -v go >/dev/null; then
  cargo build --release --locked -q -p sigma-auth-ffi
  target=${CARGO_TARGET_DIR:-$PWD/target}
  if [ "$target" != "$PWD/target" ]; then export CGO_LDFLAGS="${CGO_LDFLAGS:-} -L$target/release"; fi
  (
    cd bindings/go/redisstore
    export GOTOOLCHAIN=local GOFLAGS=-mod=readonly
    unformatted=$(gofmt -l .)
    [ -z "$unformatted" ] || { echo "gofmt: $unformatted" >&2; exit 1; }
    go vet ./...
    go test -count=1 -v ./... 2>&1 | grep -E '^(--- |ok|FAIL|panic)'
    exit "${PIPESTATUS[0]}"
  )
else
  echo "go is not installed: the Go store's tests cannot run" >&2
  exit 1
fi
