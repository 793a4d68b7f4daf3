# Shared by the browser checks (check.sh, interop.sh): installs Chromium if
# it is missing, and sets `bin` to an absolute uniqr binary (UNIQR_BIN, or a
# fresh release build) and `work` to a scratch folder removed on exit unless
# HTML_CHECK_KEEP=1. Set `name` (for messages) before sourcing.
if ! command -v chromium >/dev/null 2>&1; then
    echo "$name: installing chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq chromium >/dev/null
fi
command -v python3 >/dev/null || { echo "$name: python3 is required" >&2; exit 2; }

bin="${UNIQR_BIN:-}"
if [[ -z "$bin" ]]; then
    cargo build --release --locked --quiet -p uniqr-cli
    bin="${CARGO_TARGET_DIR:-target}/release/uniqr"
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[[ -x "$bin" ]] || { echo "$name: no binary at $bin" >&2; exit 2; }

work="$(mktemp -d)"
if [[ "${HTML_CHECK_KEEP:-}" == 1 ]]; then
    echo "$name: work folder $work"
else
    trap 'rm -rf "$work"' EXIT
fi
