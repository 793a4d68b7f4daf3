#!/usr/bin/env bash
# Runs the C boundary of both C libraries under valgrind, so that ownership
# bugs on either side show up: the C example (examples/c) on the app library
# libuniqr.so, the C driver of the vendor ABI and the native API
# (tests/c/vendor_calls.c, linked against libuniqr.so and libuniqr_vendor.so),
# and the runner loading libuniqr_vendor.so in process
# (`conform --vendor-lib --in-process`).
# Any valgrind error or definite leak fails the script ("possibly lost" is
# not: the reference keeps its contexts in a static hash map, whose interior
# pointers valgrind cannot follow).
# Usage: tests/c/sanitize.sh   (needs cc and valgrind; builds the debug crates)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
command -v valgrind >/dev/null || { echo "sanitize: valgrind is not installed" >&2; exit 2; }
cargo build --locked -q -p uniqr-cli -p uniqr-ffi -p uniqr-ffi-vendor
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
lib="$target/debug"
for so in libuniqr.so libuniqr_vendor.so; do
  test -f "$lib/$so" || { echo "sanitize: no $lib/$so" >&2; exit 2; }
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
build() {
  cc -std=c11 -Wall -Wextra -Werror -g -O1 -I include -I spec -o "$1" "$2" \
    -L"$lib" -luniqr -luniqr_vendor -Wl,-rpath,"$lib"
}
build "$tmp/verify" examples/c/verify.c
build "$tmp/vendor_calls" tests/c/vendor_calls.c
case_file=vectors/valid-es256/valid-es256-identity-only.json
sed -n 's/^ *"text": "\(UQ1:[^"]*\)".*/\1/p' "$case_file" > "$tmp/code.txt"
test -s "$tmp/code.txt" || { echo "sanitize: no text in $case_file" >&2; exit 2; }
now=1780272000 # 2026-06-01T00:00:00Z, the case's time
vg=(valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-possibly-lost=no)
start=$(date +%s)
echo "== valgrind: examples/c/verify (valid, then expired)"
"${vg[@]}" "$tmp/verify" "$tmp/code.txt" vectors/trust/main.json vectors/trust/revoked.json "$now"
set +e
"${vg[@]}" "$tmp/verify" "$tmp/code.txt" vectors/trust/main.json vectors/trust/revoked.json 1900000000
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "sanitize: expected exit 1 for an expired code, got $rc" >&2; exit 1; }
echo "== valgrind: tests/c/vendor_calls (vendor ABI, native API with render and scan)"
"${vg[@]}" "$tmp/vendor_calls" "$tmp/code.txt" vectors/trust/main.json vectors/trust/revoked.json \
  "$now" 2026-06-01T00:00:00Z >/dev/null
echo "== valgrind: uniqr conform --vendor-lib libuniqr_vendor.so --in-process (valid-es256, prefix)"
"${vg[@]}" "$lib/uniqr" conform --vendor-lib "$lib/libuniqr_vendor.so" --in-process \
  --filter 'valid-es256/*' --filter 'prefix/*' >"$tmp/conform.log" 2>&1 || {
  cat "$tmp/conform.log" >&2
  exit 1
}
grep -E '^(PARTIAL|CONFORMANT|==)' "$tmp/conform.log"
echo "sanitize: clean ($(( $(date +%s) - start )) s under valgrind)"
