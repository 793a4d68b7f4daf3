#!/usr/bin/env bash
# Compares `uniqr_qr::scan` with `zbarimg` on the QR robustness set.
#
#   benches/scan_compare.sh [DIR]     (default DIR: target/qr-robustness)
#   env: VARIANTS (seeds per class and code, default 5),
#        REPEAT (our timing runs per image, default 5),
#        COPIES (images per zbarimg process for timing, default 11),
#        ZBAR_ARGS (default "-Stest-inverted": zbar also tries light-on-dark,
#                   as our scanner does, R-QR-9)
#
# Needs zbarimg (Debian: apt-get install zbar-tools). Our time is measured
# in-process (file bytes in, text out, median of REPEAT). zbarimg's time per
# image is (t(COPIES copies in one process) - t(1 copy)) / (COPIES - 1), which
# cancels its process start-up; both include image decoding.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-target/qr-robustness}
VARIANTS=${VARIANTS:-5}
REPEAT=${REPEAT:-5}
COPIES=${COPIES:-11}
ZBAR_ARGS=${ZBAR_ARGS--Stest-inverted}
command -v zbarimg >/dev/null || { echo "zbarimg not found (apt-get install zbar-tools)" >&2; exit 2; }

cargo build --release --quiet -p uniqr-qr --example qr_robustness
BIN=${CARGO_TARGET_DIR:-target}/release/examples/qr_robustness
rm -rf "$DIR"
"$BIN" write "$DIR" "$VARIANTS"
"$BIN" scan "$DIR" "$REPEAT"

now() { date +%s%N; }
: >"$DIR/zbar.tsv"
tail -n +2 "$DIR/manifest.tsv" | while IFS=$'\t' read -r file _class _code _expect text; do
    f="$DIR/$file"
    t0=$(now)
    # shellcheck disable=SC2086
    out=$(zbarimg --nodbus -q --raw $ZBAR_ARGS "$f" 2>/dev/null) || true
    t1=$(now)
    copies=()
    for _ in $(seq "$COPIES"); do copies+=("$f"); done
    t2=$(now)
    # shellcheck disable=SC2086
    zbarimg --nodbus -q --raw $ZBAR_ARGS "${copies[@]}" >/dev/null 2>&1 || true
    t3=$(now)
    us=$(( ((t3 - t2) - (t1 - t0)) / (COPIES - 1) / 1000 ))
    if [ "$out" == "$text" ] && [ -n "$text" ]; then
        outcome=ok
    elif [ -z "$out" ]; then
        outcome=QR_UNREADABLE
    else
        outcome=wrong
    fi
    printf '%s\t%s\t%s\n' "$file" "$outcome" "$us" >>"$DIR/zbar.tsv"
done

echo "# QR scan comparison: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(zbarimg --version 2>&1 | head -1 | sed 's/^/zbarimg /')"
echo "# VARIANTS=$VARIANTS REPEAT=$REPEAT COPIES=$COPIES ZBAR_ARGS='$ZBAR_ARGS'"
echo "# 'ok' counts images handled as expected: decoded to the exact text, or rejected with the expected code"
echo "# (zbar does not check segment modes, so it cannot reject byte-mode or split symbols)"
"$BIN" report "$DIR"
