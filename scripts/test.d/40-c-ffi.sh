#!/usr/bin/env bash
# The C ABI: release .so/.a, the Rust tests of sigma-auth-ffi (including the header freshness
# test), the C test program built against the .so and against the .a, both under valgrind
# (0 errors, no definite/indirect leaks), and a check that the .so exports only sigma_ symbols.
# The shared build also runs once natively with 100,000 rounds of the two-call token creation
# test (too slow under valgrind, which runs the default 300).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
out=$target/c-ffi
mkdir -p "$out"

if ! command -v valgrind >/dev/null; then
  echo "valgrind missing: installing it with apt-get"
  if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq valgrind >/dev/null
fi
echo "valgrind: $(valgrind --version)"
command -v python3 >/dev/null || { echo "python3 is needed to generate the C vectors" >&2; exit 1; }

cargo build --locked --release -p sigma-auth-ffi
cargo test --locked -p sigma-auth-ffi

# The link line for the static library, as rustc reports it (expected here:
# -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc).
native=$(cargo rustc --locked --release -p sigma-auth-ffi --lib --crate-type staticlib -- --print native-static-libs 2>&1 \
  | sed -n 's/.*native-static-libs: //p' | tail -n1)
[ -n "$native" ] || native="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
echo "native static libs: $native"

python3 tests/c/gen_vectors.py tests/vectors/auth-crypto.json tests/vectors/verification-outcomes.json "$out/vectors.h"
python3 tests/c/gen_results.py include/sigma_auth.h "$out/results.h"
cflags=(-std=c11 -Wall -Wextra -Werror -g -I"$root/include" -I"$out")
# shellcheck disable=SC2086
gcc "${cflags[@]}" -DSIGMA_TEST_LINKAGE='"shared"' tests/c/test_ffi.c -L"$target/release" -lsigma_auth \
  -Wl,-rpath,"$target/release" -o "$out/test_shared"
# shellcheck disable=SC2086
gcc "${cflags[@]}" -DSIGMA_TEST_LINKAGE='"static"' tests/c/test_ffi.c "$target/release/libsigma_auth.a" $native \
  -o "$out/test_static"
if ldd "$out/test_static" | grep -q libsigma_auth; then
  echo "test_static is linked against the shared library" >&2; exit 1
fi

status=0
if ! "$out/test_shared" 100000 > "$out/native.log"; then
  cat "$out/native.log"
  echo "C test (shared, native, 100000 two-call rounds) FAILED" >&2
  status=1
fi
grep -E 'two-call|checks' "$out/native.log" | sed 's/^ */native: /'
for kind in shared static; do
  log=$out/valgrind-$kind.log
  if valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
      --log-file="$log" "$out/test_$kind"; then rc=0; else rc=$?; fi
  echo "valgrind ($kind): $(grep -h 'ERROR SUMMARY' "$log" | sed 's/^==[0-9]*== //')"
  echo "valgrind ($kind): $(grep -h 'definitely lost' "$log" | sed 's/^==[0-9]*== *//'); $(grep -h 'indirectly lost' "$log" | sed 's/^==[0-9]*== *//')"
  if [ $rc != 0 ]; then
    echo "C test ($kind) FAILED under valgrind (exit $rc); log: $log" >&2
    status=1
  fi
done

# Only sigma_ functions may be exported by the shared library.
exports=$(nm -D --defined-only "$target/release/libsigma_auth.so" | awk '$2 ~ /^[TtWwiI]$/ {print $3}')
others=$(printf '%s\n' "$exports" | grep -v '^sigma_' || true)
count=$(printf '%s\n' "$exports" | grep -c '^sigma_' || true)
if [ -n "$others" ]; then
  echo "nm: libsigma_auth.so exports functions without the sigma_ prefix:" >&2
  printf '%s\n' "$others" | sed 's/^/  /' >&2
  status=1
else
  echo "nm: libsigma_auth.so exports $count functions, all sigma_*"
fi

# The install route of README.md: scripts/install-c into a scratch prefix, then README.md's two
# `cc` lines (pkg-config with an rpath, and static) build and run examples/readme/c/readme.c.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/usr
./scripts/install-c "$prefix" | tail -n1
minor=$(sed -n 's/^#define SIGMA_AUTH_VERSION_MINOR \([0-9]*\)$/\1/p' include/sigma_auth.h)
version=$(sed -n 's/^#define SIGMA_AUTH_VERSION_STRING "\(.*\)"$/\1/p' include/sigma_auth.h)
want_soname=libsigma_auth.so.0.$minor   # the 0.x rule of ffi/build.rs (.so.MAJOR from 1.0)
installed() { # what: a check of the installed files; the rest is the command to run
  local what=$1
  shift
  if "$@"; then echo "install: $what"; else echo "install: $what FAILED" >&2; status=1; fi
}
soname=$(readelf -d "$prefix/lib/libsigma_auth.so" | sed -n 's/.*Library soname: \[\(.*\)\]$/\1/p')
installed "SONAME $soname (readelf -d)" test "$soname" = "$want_soname"
installed "libsigma_auth.so -> $(readlink "$prefix/lib/libsigma_auth.so") -> $(readlink "$prefix/lib/$want_soname")" \
  test "$(readlink -f "$prefix/lib/libsigma_auth.so")" = "$prefix/lib/libsigma_auth.so.$version"
installed "no .debug sections or symbol table left (strip --strip-unneeded)" \
  bash -c "! readelf -S '$prefix/lib/libsigma_auth.so.$version' | grep -Eq '\.debug_|\.symtab'"
echo "install: shared library $(stat -c %s "$prefix/lib/libsigma_auth.so.$version") bytes stripped" \
  "(built: $(stat -c %s "$target/release/libsigma_auth.so"))"
installed "stripped library exports only sigma_*" \
  bash -c "! nm -D --defined-only '$prefix/lib/libsigma_auth.so' | awk '\$2 ~ /^[TtWwiI]\$/ {print \$3}' | grep -v '^sigma_'"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
installed "pkg-config --modversion sigma_auth = $version" test "$(pkg-config --modversion sigma_auth)" = "$version"
readme_c=examples/readme/c/readme.c
cc_flags=(-std=c11 -Wall -Wextra -Werror)
# shellcheck disable=SC2046
gcc "${cc_flags[@]}" "$readme_c" $(pkg-config --cflags --libs sigma_auth) -Wl,-rpath,"$prefix/lib" -o "$out/readme-installed"
installed "the shared program loads $want_soname from the prefix" \
  bash -c "ldd '$out/readme-installed' | grep -q '$want_soname => $prefix/lib/$want_soname'"
installed "examples/readme/c/readme.c, linked with pkg-config, answers as README.md says" "$out/readme-installed"
# shellcheck disable=SC2046
gcc "${cc_flags[@]}" "$readme_c" $(pkg-config --cflags sigma_auth) "$prefix/lib/libsigma_auth.a" \
  $(pkg-config --static --libs-only-l sigma_auth | sed 's/-lsigma_auth //') -o "$out/readme-static"
installed "the static program needs no libsigma_auth.so" bash -c "! ldd '$out/readme-static' | grep -q libsigma_auth"
installed "examples/readme/c/readme.c, linked statically, answers as README.md says" "$out/readme-static"
exit $status
