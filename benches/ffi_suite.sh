#!/usr/bin/env bash
# Whole-suite timings through a vendor library: the reference
# libuniqr_vendor.so via `--vendor-lib` (isolated host process) and
# `--vendor-lib --in-process`, side by side with the subprocess shim
# (`--vendor 'uniqr shim'`) and the built-in reference.
# Usage: benches/ffi_suite.sh [RUNS]   (default 5 runs each; medians printed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
source benches/common.sh
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each, median wall time"
ref=$(row "built-in reference (in process)" ms time_ms "$bin" conform | tail -1)
inp=$(row "--vendor-lib libuniqr_vendor.so --in-process" ms time_ms "$bin" conform --vendor-lib "$lib" --in-process | tail -1)
iso=$(row "--vendor-lib libuniqr_vendor.so (isolated host)" ms time_ms "$bin" conform --vendor-lib "$lib" | tail -1)
shim=$(row "--vendor 'uniqr shim' (persistent)" ms time_ms "$bin" conform --vendor "$bin shim" | tail -1)
iso2=$(row "--vendor-lib libuniqr_vendor.so (isolated host), --jobs 2" ms time_ms "$bin" conform --vendor-lib "$lib" --jobs 2 | tail -1)
awk -v r="$ref" -v p="$inp" -v i="$iso" -v s="$shim" -v i2="$iso2" 'BEGIN {
  printf "in-process library vs built-in: %.2fx the time\n", p / r
  printf "isolated library vs in-process library: %.2fx the time\n", i / p
  printf "isolated library vs uniqr shim: %.2fx the time\n", i / s
  printf "isolated --jobs 2 scaling: %.2fx\n", i / i2
}'
