"""A vendor for the browser checks: the reference shim behind the harness
protocol with one planted bug.

Usage: proxy_vendor.py UNIQR BUG [NAME]
  none     behaves like the reference
  trunc    cuts the transliterated family name to 3 characters in what it verifies
  render   draws (with the reference) a code whose last character is changed
  expired  accepts expired codes
NAME is the implementation name of its hello (default: "proxy <BUG> & co",
markup on purpose: every page must show it escaped).
"""
import json, subprocess, sys

uniqr, bug = sys.argv[1], sys.argv[2]
name = sys.argv[3] if len(sys.argv) > 3 else "proxy <" + bug + "> & co"
shim = subprocess.Popen([uniqr, "shim"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def ask(req):
    shim.stdin.write(json.dumps(req) + "\n")
    shim.stdin.flush()
    return json.loads(shim.stdout.readline())


for line in sys.stdin:
    req = json.loads(line)
    op = req.get("op")
    if op == "render" and bug == "render":
        t = req["text"]
        req["text"] = t[:-1] + ("A" if t[-1] != "A" else "B")
    rep = ask(req)
    if op == "hello":
        rep["name"] = name
    if op in ("verify", "scan_verify") and bug == "trunc" and rep.get("ok"):
        nam = rep["payload"]["nam"]
        nam["fnt"] = nam["fnt"][:3]
    if op in ("verify", "scan_verify") and bug == "expired" and rep.get("error") == "EXPIRED":
        rep = {"id": req.get("id"), "ok": True, "payload": {}, "claims": {}}
    sys.stdout.write(json.dumps(rep) + "\n")
    sys.stdout.flush()
