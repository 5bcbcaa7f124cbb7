#!/usr/bin/env bash
# The Go example: a cgo binding and net/http middleware over libsigma_auth.a (bindings/go), tested
# with real HTTP requests on 127.0.0.1. Uses the Go on the machine (GOTOOLCHAIN=local); the
# module has no dependencies.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
command -v go >/dev/null || { echo "go is not installed" >&2; exit 1; }
export GOTOOLCHAIN=local
echo "go: $(go version)"

cargo build --release -p sigma-auth-ffi
if [ "$target" != "$root/target" ]; then
  export CGO_LDFLAGS="${CGO_LDFLAGS:-} -L$target/release"
fi

cd bindings/go
test -z "$(gofmt -l .)" || { echo "gofmt: these files need formatting:"; gofmt -l .; exit 1; }
go vet ./...
go test -count=1 -v ./... 2>&1 | tee "$target/go-test.log" | grep -E '^(---|ok|FAIL|PASS|panic)|^\s+\S+_test\.go:' || true
# tee/grep hide go's exit status: decide from the log.
if grep -qE '^(FAIL|panic|--- FAIL)' "$target/go-test.log" || ! grep -q '^ok ' "$target/go-test.log"; then
  echo "go test FAILED (log: $target/go-test.log)" >&2
  exit 1
fi
echo "go test: $(grep -c -- '--- PASS' "$target/go-test.log") tests passed"
