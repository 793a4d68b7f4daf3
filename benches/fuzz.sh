#!/usr/bin/env bash
# Throughput of `uniqr fuzz` against the reference (issue: with --jobs 2,
# >= 10,000 cases/s with --vendor-lib --in-process and >= 3,000 cases/s over
# the subprocess protocol). The baseline, measured in the same run, is the
# built-in reference as the vendor: the same cases and the same two codec
# runs per case, with no transport at all.
# Usage: benches/fuzz.sh [RUNS] [CASES]   (default 5 runs of 30000 cases; medians)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
cases="${2:-30000}"
source benches/common.sh
# cases/s from the JSON report: the cases' own time, without start-up and
# minimisation (there are no findings against the reference).
rate() {
  "$bin" fuzz --format json --cases "$cases" "$@" 2>/dev/null |
    python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["signatures"]==0, r["findings"]; print(round(r["cases_per_s"]))'
}
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), $runs runs of $cases cases each, median"
b1=$(row "baseline: built-in reference, --jobs 1" cases/s rate --jobs 1 | tail -1)
b2=$(row "baseline: built-in reference, --jobs 2" cases/s rate --jobs 2 | tail -1)
l2=$(row "--vendor-lib libuniqr_vendor.so --in-process, --jobs 2" cases/s rate --vendor-lib "$lib" --in-process --jobs 2 | tail -1)
i2=$(row "--vendor-lib libuniqr_vendor.so (isolated host), --jobs 2" cases/s rate --vendor-lib "$lib" --jobs 2 | tail -1)
p1=$(row "--vendor 'uniqr shim' (persistent), --jobs 1" cases/s rate --vendor "$bin shim" --jobs 1 | tail -1)
p2=$(row "--vendor 'uniqr shim' (persistent), --jobs 2" cases/s rate --vendor "$bin shim" --jobs 2 | tail -1)
awk -v b1="$b1" -v b2="$b2" -v l2="$l2" -v i2="$i2" -v p1="$p1" -v p2="$p2" 'BEGIN {
  printf "in-process library: %.2fx the baseline (goal >= 10000 cases/s: %s)\n", l2 / b2, (l2 >= 10000 ? "met" : "NOT met")
  printf "subprocess protocol: %.2fx the baseline (goal >= 3000 cases/s: %s)\n", p2 / b2, (p2 >= 3000 ? "met" : "NOT met")
  printf "isolated library host: %.2fx the baseline\n", i2 / b2
  printf "--jobs 2 scaling: baseline %.2fx, subprocess %.2fx\n", b2 / b1, p2 / p1
}'
