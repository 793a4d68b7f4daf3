#!/usr/bin/env bash
# Mutation testing of the reference codec against its golden suite alone
# (cargo-mutants; configuration in benches/mutants.toml). The question is
# what the checked-in suite catches, so the test is one data-driven test,
# `reference_passes_the_checked_in_suite`, and no unit test.
#
#   benches/mutation.sh [OUT] [-- extra cargo-mutants arguments]
#   (run it on an idle machine: timeouts count as caught)
#
# OUT (default target/mutation) receives cargo-mutants' `mutants.out/`.
# The score is caught / (caught + missed − equivalent), where the
# equivalent mutants are the ones listed in benches/MUTATION.md; unviable
# mutants (that do not build) are not counted, timeouts count as caught.
# Too slow for .ci/run: about an hour for ~580 mutants on 2 cores
# (MUTATION_JOBS=2, the default). Extra arguments go to cargo-mutants, for
# example `-- --re 'src/zlib'` for one file's mutants.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/mutation}"
[ "$#" -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
mkdir -p "$out"
# The baseline, run here: cargo-mutants runs its own baseline in the
# mutated packages, which do not hold the golden test.
cargo test -q -p uniqr-conform --test golden reference_passes_the_checked_in_suite
cargo mutants --config benches/mutants.toml --test-package uniqr-conform \
  --baseline skip --timeout 60 --build-timeout 900 --jobs "${MUTATION_JOBS:-2}" \
  --no-shuffle --output "$out" "$@" || true # exit 2 means "some survived"
dir="$out/mutants.out"
count() { if [ -s "$dir/$1.txt" ]; then grep -c . "$dir/$1.txt"; else echo 0; fi; }
caught=$(count caught) missed=$(count missed) timeout=$(count timeout) unviable=$(count unviable)
# Equivalent mutants: lines "- `file: description`" in benches/MUTATION.md,
# matched without line and column so that the list survives edits.
norm() { sed -E 's/:[0-9]+:[0-9]+:/:/'; }
equivalent_list() { grep -oP '^- `\K[^`]+' benches/MUTATION.md 2>/dev/null | norm || true; }
missed_list() { [ -s "$dir/missed.txt" ] && norm < "$dir/missed.txt" || true; }
equivalent=$(missed_list | grep -cxFf <(equivalent_list) || true)
killed=$((caught + timeout))
viable=$((killed + missed - equivalent))
echo "caught $caught, timeout $timeout, missed $missed ($equivalent equivalent), unviable $unviable"
if [ "$viable" -gt 0 ]; then
  awk -v k="$killed" -v v="$viable" 'BEGIN { printf "mutation score %.1f%% (%d of %d viable, non-equivalent mutants killed)\n", 100*k/v, k, v }'
fi
echo "surviving mutants not recorded as equivalent:"
missed_list | grep -vxFf <(equivalent_list) || true
