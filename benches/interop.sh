#!/usr/bin/env bash
# Wall time of `uniqr interop`: a 5 × 5 matrix (the reference, two `uniqr
# shim` processes and the reference vendor library twice, in host processes)
# over 50 payloads, as text and as images, with --jobs 2 (target: under
# 10 s), against the reference alone (a 1 × 1 matrix) over the same payloads
# in the same run; the ratio is per cell.
# Usage: benches/interop.sh [RUNS]   (default 3 runs each; medians printed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
source benches/common.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# 50 distinct valid payloads: those of the golden suite's valid verify cases.
python3 - "$work/payloads" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
os.makedirs(out)
seen = []
for f in sorted(glob.glob("vectors/*/*.json")):
    try:
        case = json.load(open(f, encoding="utf-8"))
    except ValueError:
        continue
    if not isinstance(case, dict) or case.get("op") != "verify":
        continue
    p = case.get("expected", {}).get("payload")
    if case["expected"].get("valid") and p and p not in seen:
        seen.append(p)
    if len(seen) == 50:
        break
for i, p in enumerate(seen):
    json.dump(p, open(f"{out}/p{i:02}.json", "w", encoding="utf-8"), ensure_ascii=False)
print(f"payloads: {len(seen)}", file=sys.stderr)
PY
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), $runs runs each, median wall time"
one=$(row "1 x 1: the reference alone, 50 payloads" ms \
  time_ms "$bin" interop --payloads "$work/payloads" | tail -1)
five=$(row "5 x 5: reference, 2 shims, 2 libraries, --jobs 2" ms \
  time_ms "$bin" interop --payloads "$work/payloads" --jobs 2 \
    --vendor "a=$bin shim" --vendor "b=$bin shim" \
    --vendor-lib "c=$lib" --vendor-lib "d=$lib" | tail -1)
awk -v one="$one" -v five="$five" 'BEGIN {
  printf "5 x 5 in %.1f s (target: under 10 s); %.2fx the 1 x 1 time for 25x the cells (%.2f of its time per cell)\n",
    five / 1000, five / one, five / one / 25
}'
