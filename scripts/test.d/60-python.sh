#!/usr/bin/env bash
# Python binding: a venv in target/py-venv with every PyPI package pinned
# (bindings/python/requirements-test.txt), a release abi3 wheel built by maturin and installed,
# then mypy's stubtest (the hand-kept .pyi against the built module), pytest for the binding
# (bindings/python/tests) and the FastAPI example (examples/python-server). Any failure fails the step, including "no tests collected" (exit 5).
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
run_pytest examples/python-server .
