#!/usr/bin/env bash
# Browser check of the HTML conformance report: runs `uniqr conform` against a
# deliberately broken vendor and against the reference, opens both HTML
# reports in headless Chromium, and fails on any console message, any request
# the page makes, summary numbers or verdict words in the DOM that differ from
# the JSON report, a search box that does not filter the cases, a page that
# hides a case without JavaScript, or a reproduce command that does not re-run
# its failing case. Installs Chromium with apt-get if it is missing.
#
# Env: UNIQR_BIN (skip the build and use this binary), HTML_CHECK_SHOTS=DIR
# (also save full-page screenshots of each report there, and of the broken
# one filtered by the search box), HTML_CHECK_KEEP=1 (keep the work folder).
set -euo pipefail
cd "$(dirname "$0")/../.."

name=html-check
source tests/html/prelude.sh

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
        rep["name"], rep["version"] = "broken <vendor> & co </script><script>alert(1)</script>", "0.0.1"
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
done
[[ -n "${HTML_CHECK_SHOTS:-}" ]] && mkdir -p "$HTML_CHECK_SHOTS"

python3 - "$work" "$bin" "${HTML_CHECK_SHOTS:-}" <<'PY'
import base64, json, os, select, shlex, subprocess, sys, time
from html.parser import HTMLParser

work, uniqr, shots = sys.argv[1:4]
NOT_FAILURES = {"pass", "skipped", "expected_failure"}
problems = []

sys.path.insert(0, "tests/html")
from cdp import Chrome  # noqa: E402

# What the page shows: per [data-case] element, its id, kind, search text and
# whether the filter hid it, and the status line.
STATE = """(function () {
  var els = [].slice.call(document.querySelectorAll("[data-case]"));
  return {
    status: document.getElementById("finder-status").textContent,
    finder: !document.getElementById("finder").hidden,
    cases: els.map(function (e) {
      return {id: e.getAttribute("data-case"), kind: e.getAttribute("data-kind"),
              q: e.getAttribute("data-q").toLowerCase(), shown: !e.closest("[hidden]"),
              open: !e.closest("details:not([open])"), tag: e.tagName.toLowerCase()};
    })
  };
})()"""

def interact(name, term, target):
    """Types `term` into the search box and checks what the page hides: the
    element `target` = (case id, tag, section id) must stay visible. For the
    report with failures, also checks the "Failures only" button."""
    say = lambda m: problems.append(f"{name} (in Chromium): {m}")
    report = json.load(open(f"{work}/{name}.json"))
    total = len(report["cases"])
    url = f"file://{work}/{name}.html"
    c = Chrome(f"{work}/cdp-{name}")
    try:
        s = c.open(url, scripts=False)
        st = c.js(s, STATE)
        if st["finder"]:
            say("the search bar shows without JavaScript")
        if any(not x["shown"] for x in st["cases"]) or len({x["id"] for x in st["cases"]}) != total:
            say("without JavaScript, not every case is shown")
        s = c.open(url)
        st = c.js(s, STATE)
        if not st["finder"]:
            say("the script did not show the search bar")
        if st["status"] != f"Showing all {total} cases":
            say(f"status {st['status']!r} before searching")
        if shots:
            c.shot(s, f"{shots}/{name}.png", True)
        c.js(s, 'document.getElementById("finder-q").focus()')
        c.send("Input.insertText", {"text": term}, session=s)
        st = c.js(s, STATE)
        shown = {x["id"] for x in st["cases"] if x["shown"]}
        if not any(x["id"] == target[0] and x["tag"] == target[1] and x["shown"] and x["open"]
                   for x in st["cases"]):
            say(f"after typing {term!r}, the {target[1]} of {target[0]} is not visible")
        if any(x["shown"] and term.lower() not in x["q"] for x in st["cases"]):
            say(f"after typing {term!r}, cases that do not match are still shown")
        if len(shown) >= total:
            say(f"typing {term!r} hid no case")
        if st["status"] != f"Showing {len(shown)} of {total} cases":
            say(f"status {st['status']!r} after typing, with {len(shown)} cases shown")
        if shots:
            c.js(s, f'document.getElementById("{target[2]}").scrollIntoView()')
            c.shot(s, f"{shots}/{name}-search.png", False)
        failing = {x["id"] for x in report["cases"] if x["outcome"]["kind"] not in NOT_FAILURES}
        if failing:
            c.js(s, 'document.getElementById("finder-all").click()')
            c.js(s, 'document.getElementById("finder-failures").click()')
            st = c.js(s, STATE)
            seen = {x["id"] for x in st["cases"] if x["shown"]}
            if seen != failing or any(x["shown"] and x["kind"] in NOT_FAILURES for x in st["cases"]):
                say(f"'Failures only' shows {len(seen)} cases, the report has {len(failing)} failures")
        c.js(s, 'document.getElementById("finder-all").click()')
        st = c.js(s, STATE)
        if any(not x["shown"] for x in st["cases"]) or st["status"] != f"Showing all {total} cases":
            say("'Show everything' leaves cases hidden")
        for e in c.console():
            say(f"console: {json.dumps(e.get('params'))[:300]}")
    except (OSError, RuntimeError, TimeoutError, EOFError) as e:
        say(f"DevTools session failed: {e}")
    finally:
        c.close()

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.cats, self.articles, self.imgs = {}, {}, [], []
        self.scripts, self.texts, self.cmds, self.open = 0, {}, {}, []
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
        if tag == "script":
            self.scripts += 1
        # The text of the verdict words and of each reproduce command.
        if a.get("id") == "verdict-text":
            self.open.append(("verdict-text", tag))
        if tag == "pre" and "cmd" in (a.get("class") or "").split():
            self.open.append((self.articles[-1].get("id", "") if self.articles else "", tag))
    def handle_data(self, data):
        for key, _ in self.open:
            self.texts[key] = self.texts.get(key, "") + data
    def handle_endtag(self, tag):
        if self.open and self.open[-1][1] == tag:
            self.open.pop()

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
    if v.get("data-verdict") != report["verdict"]["kind"]:
        say(f"verdict {v.get('data-verdict')!r} != {report['verdict']['kind']!r}")
    if dom.texts.get("verdict-text") != report["verdict"]["text"]:
        say(f"verdict words {dom.texts.get('verdict-text')!r} != {report['verdict']['text']!r}")
    if dom.scripts != 1:
        say(f"{dom.scripts} script elements, expected the report's one")
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
    for c in failing:
        if not dom.texts.get(f"case-{c['id']}", "").startswith(f"uniqr conform --filter {c['id']} "):
            say(f"no reproduce command for {c['id']}")
    if failing:
        reproduce(name, failing[0], dom.texts.get(f"case-{failing[0]['id']}", ""))
    kinds_seen = sorted({c["outcome"]["kind"] for c in cases})
    return f"{name}: {len(cases)} cases ({', '.join(kinds_seen)}), {len(arts)} failures, {len(dom.imgs)} images"

def reproduce(name, case, cmd):
    """Runs a failure's reproduce command as a vendor would paste it: it must
    run that one case, and fail it the same way."""
    say = lambda m: problems.append(f"{name}: reproduce {case['id']}: {m}")
    out = f"{work}/repro.json"
    line = shlex.quote(uniqr) + cmd[len("uniqr"):] + f" --report json={shlex.quote(out)}"
    rc = subprocess.run(["sh", "-c", line], capture_output=True, timeout=600).returncode
    if rc != 1:
        say(f"{cmd!r} exited {rc}, expected 1")
        return
    got = [(c["id"], c["outcome"]["kind"]) for c in json.load(open(out))["cases"]]
    if got != [(case["id"], case["outcome"]["kind"])]:
        say(f"{cmd!r} gave {got}")

def first_failing(name):
    cases = json.load(open(f"{work}/{name}.json"))["cases"]
    return next(c["id"] for c in cases if c["outcome"]["kind"] not in NOT_FAILURES)

lines = [check("broken", True), check("clean", False)]
broken = first_failing("broken")
interact("broken", broken, (broken, "article", "failures"))
interact("clean", "time-at-exp", ("time-at-exp", "li", "passing"))
if problems:
    print("html-check: FAIL", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print("html-check: PASS (" + "; ".join(lines) + ")")
PY
