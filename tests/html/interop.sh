#!/usr/bin/env bash
# Browser check of the HTML interop matrix: runs `uniqr interop` with the
# reference shim, a verifier that truncates family names and an issuer whose
# renderer draws the wrong code, first without the renderer bug (the earlier
# matrix) and then with it and --previous; opens the HTML page in headless
# Chromium and fails on any console message, a page that does not render,
# grid or verdict figures that differ from the JSON matrix, a failing cell
# whose details do not open when clicked, a failing image cell without the
# issuer's image, or a "changes since" section that differs from the JSON.
#
# Env: UNIQR_BIN (skip the build and use this binary), HTML_CHECK_SHOTS=DIR
# (save screenshots of the page, and of an opened cell), HTML_CHECK_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."

name=interop-html
source tests/html/prelude.sh

# Vendors with one planted bug each: tests/html/proxy_vendor.py.
proxy="$PWD/tests/html/proxy_vendor.py"
mkdir "$work/payloads"
for p in identity-only recovery vaccination-two-doses; do
    cp "examples/payloads/$p.json" "$work/payloads/"
done

interop() { # name args...
    local name=$1 rc=0
    shift
    "$bin" interop --payloads "$work/payloads" --jobs 2 \
        --vendor "shim=$bin shim" \
        --vendor "trunc=python3 $proxy $bin trunc" \
        "$@" --report "json=$work/$name.json" --report "html=$work/$name.html" \
        2>"$work/$name.log" || rc=$?
    if [[ "$rc" != 1 ]]; then
        echo "interop-html: interop ($name) exited $rc, expected 1" >&2
        tail -20 "$work/$name.log" >&2
        exit 1
    fi
}
interop before --vendor "painter=python3 $proxy $bin none"
interop after --vendor "painter=python3 $proxy $bin render" --previous "$work/before.json"
[[ -n "${HTML_CHECK_SHOTS:-}" ]] && mkdir -p "$HTML_CHECK_SHOTS"

python3 - "$work" "${HTML_CHECK_SHOTS:-}" <<'PY'
import json, sys
sys.path.insert(0, "tests/html")
from cdp import Chrome, console_problems, finish

work, shots = sys.argv[1:3]
problems = []
say = lambda m: problems.append(m)
m = json.load(open(f"{work}/after.json"))
url = f"file://{work}/after.html"

PAGE = """(function () {
  var cells = [].slice.call(document.querySelectorAll("table.grid td[class]"));
  return {
    title: document.querySelector("h1") && document.querySelector("h1").textContent,
    verdict: document.getElementById("verdict-text").textContent,
    grid: cells.filter(function (c) { return c.className !== "none"; }).length,
    failing: cells.filter(function (c) { return c.className === "fail"; }).length,
    details: document.querySelectorAll("details.cell").length,
    open: document.querySelectorAll("details.cell[open]").length,
    fixed: +(document.getElementById("fixed") || {}).textContent,
    added: +(document.getElementById("new-failures") || {}).textContent,
    blame: [].slice.call(document.querySelectorAll("tr[data-vendor]")).map(function (r) { return r.getAttribute("data-vendor"); })
  };
})()"""

c = Chrome(f"{work}/cdp")
try:
    s = c.open(url)
    p = c.js(s, PAGE)
    failing = [x for x in m["cells"] if x["failures"]]
    if p["title"] != "UNIQR v1 interop matrix":
        say(f"the page did not render: title {p['title']!r}")
    if p["verdict"] != m["verdict"]:
        say(f"verdict {p['verdict']!r} != {m['verdict']!r}")
    if p["grid"] != len(m["cells"]):
        say(f"{p['grid']} grid cells, the matrix has {len(m['cells'])}")
    if p["failing"] != len(failing) or p["details"] != len(failing):
        say(f"{p['failing']} failing grid cells and {p['details']} details, the matrix has {len(failing)} failing cells")
    if p["open"] != 0:
        say("cell details are open before any click")
    ch = m.get("changes") or {}
    if p["fixed"] != len(ch.get("fixed", [])) or p["added"] != len(ch.get("new_failures", [])):
        say(f"changes: page {p['added']} new / {p['fixed']} fixed, JSON {len(ch.get('new_failures', []))} / {len(ch.get('fixed', []))}")
    if not ch.get("new_failures"):
        say("the renderer bug shows no new failures since the earlier matrix")
    if p["blame"] != [b["vendor"] for b in m["blame"]]:
        say(f"who-must-fix-what rows {p['blame']} != {[b['vendor'] for b in m['blame']]}")
    if shots:
        c.shot(s, f"{shots}/interop.png", True)
    # Each failing cell of the grid opens its details when clicked.
    image_cell = None
    for i, x in enumerate(m["cells"]):
        if not x["failures"]:
            continue
        cid = f"cell-{i}"
        state = c.js(s, f"""(function () {{
          var a = document.querySelector('a[data-cell="{cid}"]');
          if (!a) return "no link";
          a.click();
          var d = document.getElementById("{cid}");
          return d && d.open ? "open" : "closed";
        }})()""")
        if state != "open":
            say(f"clicking the grid cell of {x['issuer']} → {x['verifier']} ({x['channel']}): {state}")
        n = c.js(s, f'document.querySelectorAll("#{cid} .failure").length')
        if n != len(x["failures"]):
            say(f"{cid}: {n} failures shown, {len(x['failures'])} in the matrix")
        if x["channel"] == "image" and x["issuer"] == "painter" and image_cell is None:
            image_cell = cid
    if image_cell is None:
        say("no failing image cell of the painter")
    else:
        src = c.js(s, f'(document.querySelector("#{image_cell} img") || {{}}).src || ""')
        if not src.startswith("data:image/png;base64,"):
            say(f"{image_cell}: no embedded issuer image")
        if shots:
            c.js(s, f'document.getElementById("{image_cell}").scrollIntoView()')
            c.shot(s, f"{shots}/interop-cell.png", False)
    esc = c.js(s, 'document.body.innerHTML.indexOf("proxy <trunc>") < 0 && document.body.textContent.indexOf("proxy <trunc> & co") >= 0')
    if not esc:
        say("the vendor's name is not shown escaped")
    problems.extend(console_problems(c))
except (OSError, RuntimeError, TimeoutError, EOFError) as e:
    say(f"DevTools session failed: {e}")
finally:
    c.close()

finish("interop-html", problems, f"{len(m['cells'])} cells, {len(failing)} failing, changes {len(ch.get('new_failures', []))} new / {len(ch.get('fixed', []))} fixed")
PY
