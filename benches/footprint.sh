#!/usr/bin/env bash
# What an app embeds: the codec's dependency count and the size of the C app
# library, and what the size-optimised build costs in verify time.
#
#   benches/footprint.sh [--check] [ROUNDS]
#
# - crates: `cargo tree -p uniqr -e normal`, distinct crates including
#   `uniqr` itself, on the default features and with `encode`;
# - size: libuniqr.so (crate uniqr-ffi) built with the `dist` profile (LTO,
#   one codegen unit, opt-level "s", stripped), next to the `release` build
#   stripped the same way;
# - cost: uniqr_verify_text from C (benches/verify_loop.c) on an ES256 and an
#   EdDSA code of the golden suite, `dist` against `release` library, ROUNDS
#   rounds (default 7) in alternating order, thread CPU time, median of the
#   per-round ratios.
# With --check it only measures crates and size, and exits 1 when the codec
# has more than 40 crates or the app library is 1,500,000 bytes or more.
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
if [ "${1:-}" = --check ]; then check=true; shift; fi
rounds="${1:-7}"
max_crates=40
max_bytes=1500000

crates() { cargo tree --locked -p uniqr -e normal --prefix none "$@" | sed 's/ (\*)$//' | sort -u | wc -l; }
lean=$(crates)
full=$(crates --features encode)
cargo build --locked -q --profile dist -p uniqr-ffi
target="${CARGO_TARGET_DIR:-$PWD/target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
size=$(stat -c %s "$target/dist/libuniqr.so")
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(rustc --version)"
echo "codec crates (cargo tree -p uniqr -e normal): $lean default, $full with --features encode (budget $max_crates)"
echo "libuniqr.so, dist profile, stripped: $size bytes (budget < $max_bytes)"
if $check; then
  [ "$lean" -le "$max_crates" ] || { echo "footprint: the codec has $lean crates (> $max_crates)" >&2; exit 1; }
  [ "$size" -lt "$max_bytes" ] || { echo "footprint: libuniqr.so is $size bytes (>= $max_bytes)" >&2; exit 1; }
  exit 0
fi

cargo build --locked -q --release -p uniqr-ffi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
strip -o "$tmp/release.so" "$target/release/libuniqr.so"
echo "libuniqr.so, release profile, stripped: $(stat -c %s "$tmp/release.so") bytes"
for p in release dist; do
  cc -std=c11 -Wall -Wextra -Werror -O2 -I include -o "$tmp/loop-$p" benches/verify_loop.c \
    -L"$target/$p" -luniqr -Wl,-rpath,"$target/$p"
done
now=1780272000 # 2026-06-01T00:00:00Z, the cases' time
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for alg in es256 eddsa; do
  sed -n 's/^ *"text": "\(UQ1:[^"]*\)".*/\1/p' "vectors/valid-$alg/valid-$alg-identity-only.json" > "$tmp/$alg.txt"
  run() { "$tmp/loop-$1" "$tmp/$alg.txt" vectors/trust/main.json vectors/trust/revoked.json "$now" 2000; }
  for r in $(seq "$rounds"); do
    if [ $((r % 2)) -eq 0 ]; then a=$(run release); b=$(run dist); else b=$(run dist); a=$(run release); fi
    echo "$a $b"
  done > "$tmp/$alg.rounds"
  rel=$(cut -d' ' -f1 "$tmp/$alg.rounds" | median)
  dist=$(cut -d' ' -f2 "$tmp/$alg.rounds" | median)
  ratio=$(awk '{print $2 / $1}' "$tmp/$alg.rounds" | median)
  printf '%-6s uniqr_verify_text: release %s us, dist %s us, dist/release %.3f (median of %s rounds)\n' \
    "$alg" "$rel" "$dist" "$ratio" "$rounds"
done
