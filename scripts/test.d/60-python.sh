#!/usr/bin/env bash
# Python binding: a venv in target/py-venv with every PyPI package pinned
# (bindings/python/requirements-test.txt), a release abi3 wheel built by maturin and installed,
# then mypy's stubtest (the hand-kept .pyi against the built module), pytest for the binding
# (bindings/python/tests) and the FastAPI example (examples/python-server). Any failure fails the step, including "no tests collected" (exit 5).
# Then the install routes of the READMEs, as a user follows them, outside the source tree: the
# wheel file into a scratch venv (mktemp -d) with the example's pinned requirements, and the
# example's tests run from a copy of its folder there; and `pip install <repo>/bindings/python`
# into a second scratch venv (pip builds the wheel itself, with maturin from PyPI as
# pyproject.toml pins it), import-checked from outside the tree.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

venv="$root/target/py-venv"
req="$root/bindings/python/requirements-test.txt"
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
# Reinstall only when the pin list changed.
want=$(sha256sum < "$req")
if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$req"
  "$venv/bin/python" -m pip check --disable-pip-version-check
  echo "$want" > "$venv/.requirements.sha256"
fi

# The npm reference packages, for the interop tests.
./scripts/install-interop
# redis-server, for the tests of sigma_auth.redis_store (they start their own on a free port).
./scripts/install-redis >/dev/null

# Build the wheel exactly as a user would, and install it (not an editable install).
rm -rf "$root/target/py-wheels"
(cd bindings/python && "$venv/bin/maturin" build --locked --release --interpreter "$venv/bin/python" \
  --out "$root/target/py-wheels")
wheels=("$root"/target/py-wheels/sigma_auth-*-cp39-abi3-*.whl)
if [ ${#wheels[@]} != 1 ] || [ ! -f "${wheels[0]}" ]; then
  echo "expected one abi3 wheel, got: ${wheels[*]}"
  exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "${wheels[0]}"

# The stubs must describe the module exactly (names, signatures, defaults, classes); the
# allowlist holds only the type aliases that exist for type checkers alone.
(cd "$root/target" && MYPY_CACHE_DIR="$root/target/mypy-cache" "$venv/bin/python" -m mypy.stubtest \
  --allowlist "$root/bindings/python/stubtest-allowlist.txt" sigma_auth._sigma_auth)
# ... and type a real client: the FastAPI example passes mypy --strict against them.
(cd examples/python-server && MYPY_CACHE_DIR="$root/target/mypy-cache" \
  "$venv/bin/python" -m mypy --strict app.py)

# pytest exits 5 when it collects nothing: that is a failure here, like any other non-zero code.
run_pytest() {
  local dir=$1 rc=0
  shift
  (cd "$dir" && "$venv/bin/python" -m pytest -p no:cacheprovider "$@") || rc=$?
  if [ $rc = 5 ]; then
    echo "pytest collected no tests in $dir"
  fi
  return $rc
}
run_pytest bindings/python tests
"$venv/bin/python" bindings/python/fuzz/fuzz_sigma_auth.py bindings/python/fuzz/corpus  # issue 11 item 7: fuzz corpus replay
# The CLI that examples/python-server/README.md signs requests with (test_app.py runs it).
cargo build --locked -q --release -p sigma-auth-cli
export SIGMA_AUTH_CLI=${CARGO_TARGET_DIR:-$root/target}/release/sigma-auth
run_pytest examples/python-server .

# --- Install as a user does (README.md "Install", examples/python-server/README.md) ---------
t_user=$(date +%s)
target=${CARGO_TARGET_DIR:-$root/target}
export SIGMA_AUTH_REPO=$root   # the copy of test_app.py finds the npm oracle in tests/interop there
# The example's pin list is a subset of the test pins, with the same versions.
server_req=$root/examples/python-server/requirements.txt
while read -r pin; do
  grep -qixF "$pin" "$req" || { echo "$server_req: $pin is not pinned alike in $req" >&2; exit 1; }
done < <(grep -v '^\s*\(#\|$\)' "$server_req")

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# in_scratch CMD...: runs CMD in $scratch with no PYTHONPATH, so the source tree cannot leak in.
in_scratch() { (cd "$scratch" && env -u PYTHONPATH "$@"); }
# must_import VENV: sigma_auth comes from VENV's site-packages and verifies a token it made.
must_import() {
  in_scratch "$1/bin/python" -c '
import sys, sigma_auth
where = sigma_auth.__file__
assert where.startswith(sys.argv[1] + "/") and "site-packages" in where, where
key = sigma_auth.PrivateKey.generate()
who = sigma_auth.verify_token(sigma_auth.create_token(key, "/x?y=1", b"{}"), "/x?y=1", b"{}")
assert who.pubkey == key.public_key.to_hex()
print("import check:", where)' "$1"
}

# 1. The wheel file, as `pip install dist/sigma_auth-*.whl` in another project.
"$python" -m venv "$scratch/wheel-venv"
"$scratch/wheel-venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
  -r "$server_req" "${wheels[0]}"
"$scratch/wheel-venv/bin/python" -m pip check --disable-pip-version-check
must_import "$scratch/wheel-venv"
mkdir "$scratch/server"
cp examples/python-server/{app.py,test_app.py,pytest.ini,requirements.txt} "$scratch/server/"
log=$target/py-example-scratch.log
rc=0
(cd "$scratch/server" && env -u PYTHONPATH "$scratch/wheel-venv/bin/python" -m pytest -p no:cacheprovider -rs .) \
  >"$log" 2>&1 || rc=$?
tail -n 3 "$log"
[ $rc = 0 ] || { cat "$log"; echo "the example's tests FAILED from a copy outside the tree (exit $rc)" >&2; exit 1; }
if grep -Eq '[0-9]+ skipped' "$log"; then
  cat "$log"
  echo "the example's tests skipped some tests outside the tree" >&2
  exit 1
fi
echo "example: tests pass from $scratch/server with the wheel in a scratch venv"

# 2. The path route of README.md: pip install <repo>/bindings/python.
t_path=$(date +%s)
"$python" -m venv "$scratch/path-venv"
"$scratch/path-venv/bin/python" -m pip install --quiet --disable-pip-version-check "$root/bindings/python"
must_import "$scratch/path-venv"
echo "install routes: $(( $(date +%s) - t_user ))s in all, of which pip install <repo>/bindings/python $(( $(date +%s) - t_path ))s"
