#!/usr/bin/env bash
# Whole-suite timings of `uniqr conform` (issue: the embedded suite against
# `uniqr shim` in under 1 s; persistent vs spawn-per-case; --jobs 2 scaling).
# Usage: benches/conform.sh [RUNS]   (default 5 runs each; medians printed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
source benches/common.sh
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), $runs runs each, median wall time"
cases=$("$bin" vectors list | wc -l)
echo "suite: $cases cases"
inproc=$(row "in-process reference" ms time_ms "$bin" conform | tail -1)
p1=$(row "uniqr shim, persistent, --jobs 1" ms time_ms "$bin" conform --vendor "$bin shim" | tail -1)
p2=$(row "uniqr shim, persistent, --jobs 2" ms time_ms "$bin" conform --vendor "$bin shim" --jobs 2 | tail -1)
s1=$(row "uniqr shim, --spawn-per-case, --jobs 1" ms time_ms "$bin" conform --vendor "$bin shim" --spawn-per-case | tail -1)
s2=$(row "uniqr shim, --spawn-per-case, --jobs 2" ms time_ms "$bin" conform --vendor "$bin shim" --spawn-per-case --jobs 2 | tail -1)
awk -v p1="$p1" -v p2="$p2" -v s1="$s1" -v s2="$s2" -v ip="$inproc" 'BEGIN {
  printf "persistent vs spawn-per-case: %.1fx faster\n", s1 / p1
  printf "--jobs 2 scaling: persistent %.2fx, spawn-per-case %.2fx\n", p1 / p2, s1 / s2
  printf "persistent shim vs in-process: %.2fx the time\n", p1 / ip
}'
