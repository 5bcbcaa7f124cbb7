#!/usr/bin/env bash
# Go: the cgo package in bindings/go (module github.com/sigma-auth/sigma-auth/bindings/go) and the
# server in examples/go-server, over libsigma_auth.a.
#  1. gofmt, go vet and go test in both (real HTTP on 127.0.0.1; the Example functions are
#     checked against their "// Output:" lines).
#  2. The install route of bindings/go/README.md, as a user follows it, outside the repository:
#     a copy of the package (no ../../include or target next to it) required through `replace`,
#     cgo pointed at the header and library with CGO_CFLAGS/CGO_LDFLAGS; the README's program
#     is extracted and built, the example server's tests run there.
# Uses the Go on the machine (GOTOOLCHAIN=local) and no network (GOPROXY=off): the modules
# have no dependencies.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
command -v go >/dev/null || { echo "go is not installed" >&2; exit 1; }
export GOTOOLCHAIN=local GOPROXY=off
echo "go: $(go version)"

cargo build --release --locked -p sigma-auth-ffi
if [ "$target" != "$root/target" ]; then
  export CGO_LDFLAGS="${CGO_LDFLAGS:-} -L$target/release"
fi

# check DIR NAME: gofmt, go vet, go test -v in DIR; fails on any finding or failed test.
check() {
  local dir=$1 log="$target/go-test-$2.log" unformatted rc=0
  (
    cd "$dir"
    unformatted=$(gofmt -l .)
    if [ -n "$unformatted" ]; then
      echo "gofmt: these files in $dir need formatting: $unformatted" >&2
      exit 1
    fi
    go vet ./...
    go test -count=1 -v ./... >"$log" 2>&1 || rc=$?
    grep -E '^\s*--- (FAIL|SKIP)|^(ok|FAIL|panic)|^\s+\S+_test\.go:' "$log" || true
    if [ "$rc" != 0 ]; then
      echo "go test FAILED in $dir (exit $rc, log: $log)" >&2
      exit 1
    fi
    echo "go test $2: $(grep -c '^--- PASS: Test' "$log") tests ($(grep -c '^ *--- PASS: Test.*/' "$log") subtests)," \
      "$(grep -c '^--- PASS: Example' "$log") examples passed"
  )
}

check bindings/go bindings-go
if ! grep -q '^--- PASS: Example' "$target/go-test-bindings-go.log"; then
  echo "no Example function ran in bindings/go" >&2
  exit 1
fi
check examples/go-server go-server

# The README's install route, from a scratch directory.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
pkg=$scratch/modcache/copy/sigmaauth
mkdir -p "$(dirname "$pkg")" "$scratch/readme" "$scratch/server"
cp -r bindings/go "$pkg"
module=github.com/sigma-auth/sigma-auth/bindings/go
use_package() { # in the current directory's module
  go mod edit -require="$module@v0.0.0" -replace="$module=$pkg"
}
cgo_env=(CGO_CFLAGS="-I$root/include" CGO_LDFLAGS="-L$target/release")

cd "$scratch/readme"
go mod init sigma-auth.example/readme >/dev/null 2>&1
use_package
awk '/^```go$/ { inside = 1; next } /^```$/ { if (inside) exit } inside' "$root/bindings/go/README.md" >main.go
test -s main.go || { echo "no go block found in bindings/go/README.md" >&2; exit 1; }
if env CGO_CFLAGS= CGO_LDFLAGS= go build -o /dev/null . >/dev/null 2>&1; then
  echo "the scratch copy built without CGO_CFLAGS/CGO_LDFLAGS: it is not detached from the repository" >&2
  exit 1
fi
env "${cgo_env[@]}" go vet ./...
env "${cgo_env[@]}" go build -o readme-server .
echo "README program: built in a scratch module with replace + CGO_CFLAGS/CGO_LDFLAGS"

cd "$scratch/server"
cp "$root"/examples/go-server/*.go .
go mod init sigma-auth.example/go-server >/dev/null 2>&1
use_package
log=$target/go-test-go-server-scratch.log
rc=0
env "${cgo_env[@]}" go test -count=1 -v ./... >"$log" 2>&1 || rc=$?
grep -E '^\s*--- |^(ok|FAIL|panic)' "$log" || true
[ "$rc" = 0 ] || { echo "go test FAILED for the example server outside the repository (log: $log)" >&2; exit 1; }
echo "example server: tests pass from a scratch module"
