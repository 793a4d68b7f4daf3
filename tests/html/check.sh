#!/usr/bin/env bash
# Browser check of the HTML conformance report: runs `uniqr conform` against a
# deliberately broken vendor and against the reference, opens both HTML
# reports in headless Chromium, and fails on any console message, any request
# the page makes, or summary numbers in the DOM that differ from the JSON
# report. Installs Chromium with apt-get if it is missing.
#
# Env: UNIQR_BIN (skip the build and use this binary), HTML_CHECK_SHOTS=DIR
# (also save a screenshot of each report there), HTML_CHECK_KEEP=1 (keep the
# work folder).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "html-check: installing chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq chromium >/dev/null
fi
command -v python3 >/dev/null || { echo "html-check: python3 is required" >&2; exit 2; }

bin="${UNIQR_BIN:-}"
if [[ -z "$bin" ]]; then
    cargo build --release --locked --quiet -p uniqr-cli
    bin="${CARGO_TARGET_DIR:-target}/release/uniqr"
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[[ -x "$bin" ]] || { echo "html-check: no binary at $bin" >&2; exit 2; }

work="$(mktemp -d)"
if [[ "${HTML_CHECK_KEEP:-}" == 1 ]]; then
    echo "html-check: work folder $work"
else
    trap 'rm -rf "$work"' EXIT
fi

# A vendor that proxies to the reference shim and gets every scan_verify,
# decode, encode and invalid verify case wrong in its own way.
cat >"$work/vendor.py" <<'PY'
import json, subprocess, sys
shim = subprocess.Popen([sys.argv[1], "shim"], stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, text=True, bufsize=1)
for line in sys.stdin:
    req = json.loads(line)
    shim.stdin.write(line if line.endswith("\n") else line + "\n")
    shim.stdin.flush()
    rep = json.loads(shim.stdout.readline())
    op, rid = req.get("op"), req.get("id")
    if op == "hello":
        rep["name"], rep["version"] = "broken <vendor> & co", "0.0.1"
    elif op == "scan_verify":
        if rep.get("ok"):
            rep = {"id": rid, "ok": False, "error": "QR_UNREADABLE", "message": "no <finder> pattern"}
        else:
            rep = {"id": rid, "ok": True, "payload": {}, "claims": {}}
    elif op == "decode" and rep.get("ok"):
        rep["payload"]["pid"] = "XX-000"
    elif op == "encode" and rep.get("cose_hex"):
        h = rep["cose_hex"]
        rep["cose_hex"] = h[:-2] + ("00" if h[-2:] != "00" else "01")
    elif op == "verify" and rep.get("ok") is False and rep.get("error") != "SIGNATURE_INVALID":
        rep["error"] = "SIGNATURE_INVALID"
    sys.stdout.write(json.dumps(rep) + "\n")
    sys.stdout.flush()
PY
cat >"$work/baseline.toml" <<'TOML'
[[expected]]
case = "version-uq[0-9]"
outcome = "wrong_error"
reason = "prefix <checks> land in release 3.1"

[[expected]]
case = "gone-*"
outcome = "any"
reason = "an entry that matches no case"
TOML

conform() { # name expected-exit args...
    local name=$1 want=$2 rc=0
    shift 2
    "$bin" conform "$@" --report "json=$work/$name.json" --report "html=$work/$name.html" \
        2>"$work/$name.conform.log" || rc=$?
    if [[ "$rc" != "$want" ]]; then
        echo "html-check: conform ($name) exited $rc, expected $want" >&2
        tail -20 "$work/$name.conform.log" >&2
        exit 1
    fi
}
conform broken 1 --vendor "python3 $work/vendor.py $bin" --baseline "$work/baseline.toml" \
    --filter 'prefix-version/*' --filter 'qr-mode/*' --filter 'qr-clean/*' \
    --filter 'qr-unreadable/*' --filter 'decode/*' --filter 'encode-es256/*'
conform clean 0

chrome() { # html-file extra-args...
    local f=$1
    shift
    rm -rf "$work/profile"
    timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --host-resolver-rules="MAP * ~NOTFOUND" \
        --enable-logging=stderr --v=0 "$@" "file://$f"
}

for name in broken clean; do
    if ! chrome "$work/$name.html" --log-net-log="$work/$name.netlog.json" --dump-dom \
        >"$work/$name.dom.html" 2>"$work/$name.chrome.log"; then
        echo "html-check: chromium failed on the $name report" >&2
        tail -20 "$work/$name.chrome.log" >&2
        exit 1
    fi
    if [[ -n "${HTML_CHECK_SHOTS:-}" ]]; then
        mkdir -p "$HTML_CHECK_SHOTS"
        chrome "$work/$name.html" --window-size=1280,2400 --hide-scrollbars \
            --screenshot="$HTML_CHECK_SHOTS/$name.png" >/dev/null 2>&1
    fi
done

python3 - "$work" <<'PY'
import json, sys
from html.parser import HTMLParser

work = sys.argv[1]
NOT_FAILURES = {"pass", "skipped", "expected_failure"}
problems = []

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.cats, self.articles, self.imgs = {}, {}, [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                problems.append(f"duplicate id {a['id']}")
            self.ids[a["id"]] = a
        if tag == "tr" and "data-category" in a:
            self.cats[a["data-category"]] = a
        if tag == "article":
            self.articles.append(a)
        if tag == "img":
            self.imgs.append(a.get("src", ""))

def netlog_page_requests(path):
    text = open(path, encoding="utf-8", errors="replace").read().rstrip()
    try:
        log = json.loads(text)
    except ValueError:  # a log cut short lacks its closing brackets
        log = json.loads(text.rstrip(",") + "]}")
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [e["params"]["url"] for e in log["events"]
            if e["type"] == start and e.get("params", {}).get("initiator", "not an origin") != "not an origin"]

def check(name, want_failures):
    say = lambda m: problems.append(f"{name}: {m}")
    report = json.load(open(f"{work}/{name}.json"))
    html = open(f"{work}/{name}.html", encoding="utf-8").read()
    dom_text = open(f"{work}/{name}.dom.html", encoding="utf-8").read()
    log = open(f"{work}/{name}.chrome.log", encoding="utf-8", errors="replace").read()
    for line in log.splitlines():
        if ":CONSOLE" in line or "Uncaught" in line:
            say(f"console: {line}")
    for url in netlog_page_requests(f"{work}/{name}.netlog.json"):
        say(f"the page requested {url}")
    if "</html>" not in dom_text or "UNIQR v1 conformance report" not in dom_text:
        say("Chromium did not render the report")
    dom = Dom()
    dom.feed(dom_text)
    count = lambda i: int(dom.ids[i]["data-count"]) if i in dom.ids else None
    totals, cases = report["totals"], report["cases"]
    v = dom.ids.get("verdict", {})
    if v.get("data-verdict") != report["verdict"]:
        say(f"verdict {v.get('data-verdict')!r} != {report['verdict']!r}")
    if v.get("data-complete") != str(report["complete"]).lower():
        say("complete flag differs")
    if count("total-cases") != len(cases) or sum(totals.values()) != len(cases):
        say(f"total-cases {count('total-cases')} != {len(cases)}")
    failing = [c for c in cases if c["outcome"]["kind"] not in NOT_FAILURES]
    if count("total-failures") != len(failing):
        say(f"total-failures {count('total-failures')} != {len(failing)}")
    if count("total-stale") != len(report["stale_baseline"]):
        say("stale baseline count differs")
    kinds = {i[len("total-"):] for i in dom.ids if i.startswith("total-") and "data-kind" in dom.ids[i]}
    for kind in kinds | set(totals):
        if count(f"total-{kind}") != totals.get(kind, 0):
            say(f"total-{kind}: DOM {count(f'total-{kind}')} != JSON {totals.get(kind, 0)}")
    if set(dom.cats) != set(report["categories"]):
        say(f"categories differ: {sorted(set(dom.cats) ^ set(report['categories']))}")
    for cat, counts in report["categories"].items():
        row = dom.cats.get(cat, {})
        want = {"data-total": sum(counts.values()), "data-pass": counts.get("pass", 0),
                "data-failed": sum(n for k, n in counts.items() if k not in NOT_FAILURES),
                "data-expected-failure": counts.get("expected_failure", 0),
                "data-skipped": counts.get("skipped", 0)}
        for attr, n in want.items():
            if row.get(attr) != str(n):
                say(f"{cat} {attr}: DOM {row.get(attr)} != JSON {n}")
    arts = [a.get("id") for a in dom.articles if "case" in a.get("class", "").split()]
    if sorted(arts) != sorted(f"case-{c['id']}" for c in failing):
        say("the failure entries differ from the JSON's failing cases")
    if want_failures and not failing:
        say("expected failures, found none")
    if any(not s.startswith("data:") for s in dom.imgs):
        say("an image is not a data: URI")
    if want_failures and not any(s.startswith("data:image/") for s in dom.imgs):
        say("no embedded input image")
    if "http://" in html or "https://" in html:
        say("the HTML names an http(s) URL")
    kinds_seen = sorted({c["outcome"]["kind"] for c in cases})
    return f"{name}: {len(cases)} cases ({', '.join(kinds_seen)}), {len(arts)} failures, {len(dom.imgs)} images"

lines = [check("broken", True), check("clean", False)]
if problems:
    print("html-check: FAIL", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print("html-check: PASS (" + "; ".join(lines) + ")")
PY
