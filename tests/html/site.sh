#!/usr/bin/env bash
# Browser check of the results site (`uniqr publish`): builds a site from the
# reference (in process), the reference C library (--vendor-lib) and two
# buggy vendors (python proxies of `uniqr shim`), one certified (attested
# with a lab key) and one self-reported; opens index.html and a vendor page
# in headless Chromium and fails on any console message, a page that does
# not render, front-page marks that differ from results.json, or an
# internal link (in the files, and in the DOM) that names no file or anchor.
#
# Env: UNIQR_BIN (skip the build and use this binary), HTML_CHECK_SHOTS=DIR
# (save screenshots), HTML_CHECK_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."

name=site-html
source tests/html/prelude.sh

target_dir="$(dirname "$bin")"
lib="$target_dir/libuniqr_vendor.so"
[[ -f "$lib" ]] || lib="$target_dir/deps/libuniqr_vendor.so"
if [[ ! -f "$lib" ]]; then
    cargo build --release --locked --quiet -p uniqr-ffi-vendor
    lib="${CARGO_TARGET_DIR:-target}/release/libuniqr_vendor.so"
fi

# Vendors with one planted bug each: tests/html/proxy_vendor.py.
proxy="$PWD/tests/html/proxy_vendor.py"

conform() { # folder args...
    local dir=$1 rc=0
    shift
    mkdir -p "$work/in/$dir"
    "$bin" conform --filter 'sig-*' --filter 'exp-*' --timeout-ms 20000 "$@" \
        --report-dir "$work/in/$dir" >"$work/$dir.log" 2>&1 || rc=$?
    if [[ "$rc" -gt 1 || ! -f "$work/in/$dir/report.json" ]]; then
        echo "$name: conform ($dir) exited $rc" >&2
        tail -20 "$work/$dir.log" >&2
        exit 1
    fi
}
conform reference
conform clib --vendor-lib "$lib"
conform expired --vendor "python3 $proxy $bin expired 'Lenient Scanner'"

# The certified vendor: `trunc`, a whole --certify run attested with a lab
# key made by `uniqr keygen --usage attest` (NOT CONFORMANT, and certified
# as such).
"$bin" keygen --usage attest --out "$work/lab.key.json" --pub-out "$work/lab.pub.json" >/dev/null 2>&1
mkdir -p "$work/in/trunc"
rc=0
"$bin" conform --certify --jobs 2 --timeout-ms 20000 --vendor "python3 $proxy $bin trunc 'Truncating <Verifier> & Co'" \
    --report-dir "$work/in/trunc" --attest "$work/lab.key.json" >"$work/trunc.log" 2>&1 || rc=$?
if [[ "$rc" != 1 || ! -f "$work/in/trunc/attestation.intoto.json" ]]; then
    echo "$name: conform --certify --attest (trunc) exited $rc" >&2
    tail -20 "$work/trunc.log" >&2
    exit 1
fi

# An interop matrix of the reference, its shim and the truncating vendor,
# attested by the same lab.
mkdir -p "$work/payloads"
cp examples/payloads/identity-only.json examples/payloads/recovery.json "$work/payloads/"
rc=0
"$bin" interop --payloads "$work/payloads" --jobs 2 --vendor "shim=$bin shim" \
    --vendor "trunc=python3 $proxy $bin trunc 'Truncating <Verifier> & Co'" --out "$work/in/matrix" \
    --attest "$work/lab.key.json" >"$work/interop.log" 2>&1 || rc=$?
if [[ "$rc" != 1 || ! -f "$work/in/matrix/matrix.json" ]]; then
    echo "$name: interop exited $rc" >&2
    tail -20 "$work/interop.log" >&2
    exit 1
fi

"$bin" publish "$work/in" --lab-key "$work/lab.pub.json" --out "$work/site" 2>"$work/publish.log" || {
    echo "$name: publish failed" >&2; cat "$work/publish.log" >&2; exit 1; }
[[ -n "${HTML_CHECK_SHOTS:-}" ]] && mkdir -p "$HTML_CHECK_SHOTS"

python3 - "$work" "${HTML_CHECK_SHOTS:-}" <<'PY'
import json, os, re, sys
sys.path.insert(0, "tests/html")
from cdp import Chrome, console_problems, finish

work, shots = sys.argv[1:3]
site = f"{work}/site"
problems = []
say = problems.append
r = json.load(open(f"{site}/results.json"))

# Every relative link of every page names a file of the site and an id in it.
ids = {}
def ids_of(path):
    if path not in ids:
        ids[path] = set(re.findall(r' id="([^"]+)"', open(path, encoding="utf-8").read()))
    return ids[path]
links = 0
for rel in r["files"]:
    if not rel.endswith(".html"):
        continue
    page = os.path.join(site, rel)
    for href in re.findall(r' href="([^"]*)"', open(page, encoding="utf-8").read()):
        if href.startswith(("http:", "https:", "//")):
            say(f"{rel}: a link out of the site: {href}")
            continue
        f, _, frag = href.partition("#")
        target = os.path.normpath(os.path.join(os.path.dirname(page), f)) if f else page
        links += 1
        if not os.path.isfile(target):
            say(f"{rel}: {href}: no such file")
        elif frag and frag not in ids_of(target):
            say(f"{rel}: {href}: no id {frag}")

vendors = {v["slug"]: v for v in r["vendors"]}
want = {"truncating-verifier-co": "certified", "lenient-scanner": "self-reported"}
for slug, trust in want.items():
    if slug not in vendors:
        say(f"vendor {slug} missing from results.json: {sorted(vendors)}")

PAGE = """(function () {
  var cells = [].slice.call(document.querySelectorAll("td[data-profile]"));
  var bad = [].slice.call(document.querySelectorAll("a[href]")).filter(function (a) {
    return a.protocol !== "file:";
  }).map(function (a) { return a.href; });
  return {
    title: document.querySelector("h1") && document.querySelector("h1").textContent,
    cells: cells.map(function (c) { return [c.dataset.vendor, c.dataset.profile, c.dataset.verdict, c.dataset.trust || ""]; }),
    links: [].slice.call(document.querySelectorAll("a[href]")).map(function (a) { return a.href; }),
    external: bad
  };
})()"""

c = Chrome(f"{work}/cdp")
try:
    s = c.open(f"file://{site}/index.html")
    p = c.js(s, PAGE)
    if p["title"] != "Implementations":
        say(f"index.html did not render: {p['title']!r}")
    seen = {(v, pr): (verdict, t) for v, pr, verdict, t in p["cells"]}
    for slug, v in vendors.items():
        for prof, cur in v["profiles"].items():
            got = seen.get((slug, prof))
            exp = (cur["verdict"], "certified" if cur["certified"] else "self-reported")
            if got != exp:
                say(f"front page {slug}/{prof}: {got} != {exp}")
    for slug, trust in want.items():
        marks = {t for (v, _), (_, t) in seen.items() if v == slug and t}
        if marks != {trust}:
            say(f"{slug}: marks {marks}, expected {trust}")
    if p["external"]:
        say(f"index.html links out: {p['external'][:3]}")
    for href in p["links"]:
        path = href.split("#")[0][len("file://"):]
        if not os.path.isfile(path):
            say(f"index.html DOM link {href}: no such file")
    if shots:
        c.shot(s, f"{shots}/site-index.png", True)
    s2 = c.open(f"file://{site}/vendors/truncating-verifier-co.html")
    q = c.js(s2, """(function () { return {
        title: document.querySelector("h1").textContent,
        runs: document.querySelectorAll("tr[data-run]").length,
        certified: document.querySelectorAll('tr[data-trust="certified"]').length,
        badges: document.querySelectorAll("[data-badge] svg").length }; })()""")
    if q["title"] != "Truncating <Verifier> & Co":
        say(f"vendor page title {q['title']!r} (not rendered, or not escaped)")
    if q["runs"] < 1 or q["certified"] < 1 or q["badges"] < 1:
        say(f"vendor page: {q}")
    if shots:
        c.shot(s2, f"{shots}/site-vendor.png", True)
    si = c.open(f"file://{site}/interop.html")
    if not c.js(si, 'document.querySelectorAll("a[href]").length'):
        say("interop.html links to no matrix")
    s3 = c.open(f"file://{site}/requirements.html")
    n = c.js(s3, 'document.querySelectorAll("td[data-status]").length')
    if not n:
        say("requirements.html has no cells")
    s4 = c.open(f"file://{site}/spec/uniqr-v1.html#R-SIG-1")
    if not c.js(s4, '!!document.getElementById("R-SIG-1")'):
        say("spec/uniqr-v1.html has no R-SIG-1 anchor")
    problems.extend(console_problems(c))
except (OSError, RuntimeError, TimeoutError, EOFError) as e:
    say(f"DevTools session failed: {e}")
finally:
    c.close()

finish("site-html", problems, f"{len(vendors)} vendors, {links} links checked, {len(r['files'])} files")
PY
