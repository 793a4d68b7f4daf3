"""The Python harness adapter template (examples/vendors/python/vendor.py): the golden suite
through `uniqr conform`, fuzzed cases through `uniqr fuzz`, and its protocol line by line."""

import json
import shlex
import subprocess
import sys

import pytest

from support import ROOT, read

VENDOR = ROOT / "examples" / "vendors" / "python" / "vendor.py"
COMMAND = "%s %s" % (shlex.quote(sys.executable), shlex.quote(str(VENDOR)))


@pytest.mark.parametrize("mode", [[], ["--spawn-per-case", "--jobs", "2"]],
                         ids=["persistent", "spawn-per-case"])
def test_template_passes_every_golden_case(uniqr_bin, tmp_path, mode):
    report = tmp_path / "report.json"
    run = subprocess.run(
        [uniqr_bin, "conform", "--vendor", COMMAND, "--report", "json=%s" % report, *mode],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    r = json.loads(report.read_text(encoding="utf-8"))
    assert (r["format"], r["verdict"]["kind"], r["complete"]) == (
        "uniqr-conformance-report", "conformant", True)
    assert r["verdict"]["text"] == "CONFORMANT (verifier, scanner, issuer, inspector, renderer)"
    assert r["provenance"]["vendor"]["command"] == COMMAND
    if not mode:
        assert r["provenance"]["vendor"]["name"] == "uniqr-python-template"
    assert len(r["cases"]) == r["provenance"]["suite_cases"] > 0
    failed = [(c["id"], c["outcome"]) for c in r["cases"] if c["outcome"]["kind"] != "pass"]
    assert failed == []
    assert all(c["got"] == c["expected"] for c in r["cases"])
    assert {c["op"] for c in r["cases"]} == {"verify", "scan_verify", "encode", "decode", "render"}


def test_template_agrees_with_the_reference_on_fuzzed_cases(uniqr_bin, tmp_path):
    # Generated defects at every layer, verify, decode and encode: a binding
    # that maps an error or a member differently from the reference shows here.
    out = tmp_path / "findings"
    run = subprocess.run(
        [uniqr_bin, "fuzz", "--vendor", COMMAND, "--cases", "5000", "--seed", "1",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "no findings" in run.stdout + run.stderr


def converse(lines):
    """Runs the adapter on request lines; returns its reply lines, parsed."""
    run = subprocess.run([sys.executable, str(VENDOR)], input="".join(l + "\n" for l in lines),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    out = run.stdout.splitlines()
    assert len(out) == len(lines), out
    return [json.loads(line) for line in out]


def test_template_speaks_the_protocol():
    trust = json.loads(read("trust/main.json"))
    bad_trust = json.loads(read("trust/invalid-duplicate-kids.json"))
    revoked = json.loads(read("trust/revoked.json"))
    case = json.loads(read("valid-es256/valid-es256-identity-only.json"))
    text = case["input"]["text"]

    def req(**members):
        return json.dumps(members)

    replies = converse([
        req(op="hello", protocol=1),
        req(id=1, op="load_context", context="main", trust=trust, revoked=revoked),
        req(id=2, op="verify", context="main", now="2026-06-01T00:00:00Z", text=text),
        req(id=3, op="verify", context="main", now="2027-01-01T00:00:00Z", text=text),
        req(id=4, op="load_context", context="bad", trust=bad_trust, revoked=revoked),
        req(id=5, op="verify", context="bad", now="2026-06-01T00:00:00Z", text=text),
        req(id=6, op="verify", trust=trust, revoked=revoked, now="2026-06-01T00:00:00Z",
            text=text),
        req(id=7, op="verify", context="never-loaded", now="2026-06-01T00:00:00Z", text=text),
        req(id=8, op="verify", context="main", now="2026-06-01 00:00:00", text=text),
        req(id=9, op="sign_with_hsm"),
        "not json",
        req(id=10, op="decode", text=text, future_member=True),
    ])
    hello = replies[0]
    assert (hello["op"], hello["protocol"], hello["name"]) == ("hello", 1, "uniqr-python-template")
    assert hello["ops"] == ["verify", "scan_verify", "encode", "decode", "render"]
    assert [r.get("id") for r in replies[1:]] == [1, 2, 3, 4, 5, 6, 7, 8, 9, None, 10]
    assert replies[1] == {"id": 1, "ok": True}
    assert replies[2]["ok"] and replies[2]["payload"] == case["expected"]["payload"]
    assert replies[2]["claims"] == case["expected"]["claims"]
    assert (replies[3]["ok"], replies[3]["error"]) == (False, "EXPIRED")
    assert (replies[4]["ok"], replies[4]["error"]) == (False, "TRUST_LIST_INVALID")
    assert replies[5]["error"] == "TRUST_LIST_INVALID"  # a failed context stands for its error
    assert replies[6]["payload"] == replies[2]["payload"]  # inline context
    assert [replies[i]["error"] for i in (7, 8)] == ["PROTOCOL", "PROTOCOL"]
    assert replies[9] == {"id": 9, "unsupported": True}
    assert (replies[10]["ok"], replies[10]["error"]) == (False, "PROTOCOL")
    assert replies[11]["header"]["alg"] == "ES256" and replies[11]["claims"] == replies[2]["claims"]
