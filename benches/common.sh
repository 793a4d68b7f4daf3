# Shared by the benchmark scripts: `source benches/common.sh` after `cd` to
# the repository root and setting `runs`. Builds the release binary and the
# reference vendor library, and sets `bin` and `lib`.
cargo build --release --locked -q -p uniqr-cli -p uniqr-ffi-vendor
target="${CARGO_TARGET_DIR:-$PWD/target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
bin="$target/release/uniqr"
lib="$target/release/libuniqr_vendor.so"

# The median of the numbers on stdin, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Wall time of a command in milliseconds; a failing command ends the script.
time_ms() {
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
}

# row LABEL UNIT MEASURE ARGS...: the median of `runs` calls of
# `MEASURE ARGS...`, shown on stderr and printed on stdout.
row() {
  local label="$1" unit="$2"; shift 2
  local v
  v=$(for _ in $(seq "$runs"); do "$@"; done | median)
  printf '%-52s %8s %s\n' "$label" "$v" "$unit" >&2
  echo "$v"
}
