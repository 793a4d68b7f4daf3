"""The `uniqr` module against the golden vectors and the spec's error registry."""

import json
import pickle
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

import uniqr
from support import ROOT, blank_png, cases, cose_of, load_case, parse_now, read, registry

REGISTRY = registry()
VALID = "valid-es256/valid-es256-vaccination-two-doses.json"
KEY = read("keys/test-es256-vn-hn.json").decode("utf-8")
KEY_EDDSA = read("keys/test-eddsa-vn-hn.json").decode("utf-8")
PAYLOAD = json.loads((ROOT / "examples/payloads/vaccination-two-doses.json").read_text("utf-8"))
IAT, EXP = 1767225600, 1798761600  # 2026-01-01, 2027-01-01: inside the keys' windows


def claims(**changes):
    c = {"iss": "VN-HN", "iat": IAT, "exp": EXP, "cti": secrets.token_hex(16)}
    c.update(changes)
    return c


def context(case):
    ctx = case["context"]
    return read(ctx["trust"]), read(ctx["revoked"]), parse_now(ctx["now"])


def rejects(code, call, *args, **kwargs):
    """Asserts that a call raises UniqrError with `code` and its registry number."""
    with pytest.raises(uniqr.UniqrError) as info:
        call(*args, **kwargs)
    e = info.value
    assert (e.code, e.number) == (code, REGISTRY[code])
    assert e.message and str(e) == "%s: %s" % (code, e.message)
    return e


def test_verifies_a_valid_code_to_its_payload_claims_and_kid():
    case = load_case(VALID)
    trust, revoked, now = context(case)
    got = uniqr.verify(case["input"]["text"], trust, revoked, now)
    assert set(got) == {"payload", "claims", "kid"}
    assert got["payload"] == case["expected"]["payload"]
    assert got["claims"] == case["expected"]["claims"]
    assert got["kid"] == json.loads(KEY)["key"]["kid"]
    # The same answer for every form of the lists and of now.
    seconds = int(now.timestamp())
    assert uniqr.verify(case["input"]["text"], trust.decode(), json.loads(revoked), seconds) == got
    lists = (uniqr.TrustList(trust), uniqr.RevocationList(revoked))
    assert uniqr.verify(case["input"]["text"], *lists, now=seconds) == got


@pytest.mark.parametrize("case", cases("verify"), ids=lambda c: c["id"])
def test_every_verify_vector_gives_its_verdict(case):
    trust, revoked, now = context(case)
    if case["expected"]["valid"]:
        got = uniqr.verify(case["input"]["text"], trust, revoked, now)
        assert (got["payload"], got["claims"]) == (
            case["expected"]["payload"], case["expected"]["claims"])
    else:
        rejects(case["expected"]["error"], uniqr.verify, case["input"]["text"], trust, revoked, now)


def test_expired_code_raises_expired_20_and_survives_pickling():
    case = load_case("time/time-at-exp.json")
    assert case["expected"]["error"] == "EXPIRED"
    trust, revoked, now = context(case)
    e = rejects("EXPIRED", uniqr.verify, case["input"]["text"], trust, revoked, now)
    assert e.number == 20 and isinstance(e, Exception)
    # One second earlier it is valid: the check is now >= exp.
    got = uniqr.verify(case["input"]["text"], trust, revoked, now - timedelta(seconds=1))
    assert got["claims"]["exp"] == int(now.timestamp())
    # Process pools send exceptions back pickled.
    again = pickle.loads(pickle.dumps(e))
    assert (type(again), again.code, again.number, str(again)) == (
        uniqr.UniqrError, "EXPIRED", 20, str(e))


@pytest.mark.parametrize("bad", [
    "{", "[]", b"\xff\xfe not utf-8", {"format": "uniqr-trust-list", "version": 2, "keys": []},
    read("trust/invalid-private-key.json"), read("trust/invalid-duplicate-kids.json"),
    read("trust/invalid-point.json"),
])
def test_bad_trust_list_is_trust_list_invalid(bad, revoked):
    text = load_case(VALID)["input"]["text"]
    rejects("TRUST_LIST_INVALID", uniqr.verify, text, bad, revoked, IAT + 1)
    rejects("TRUST_LIST_INVALID", uniqr.TrustList, bad)


def test_bad_revocation_list_is_revocation_list_invalid_and_none_is_empty():
    case = load_case("revocation/revoked-certificate.json")
    assert case["expected"]["error"] == "REVOKED"
    trust, revoked, now = context(case)
    text = case["input"]["text"]
    rejects("REVOKED", uniqr.verify, text, trust, revoked, now)
    assert uniqr.verify(text, trust, None, now)["payload"]
    assert uniqr.verify(text, trust, now=now) == uniqr.verify(text, trust, uniqr.RevocationList(), now)
    rejects("REVOCATION_LIST_INVALID", uniqr.verify, text, trust, "{}", now)
    rejects("REVOCATION_LIST_INVALID", uniqr.RevocationList, read("trust/invalid-raw-cti.json"))


@pytest.mark.parametrize("key", [KEY, KEY_EDDSA], ids=["es256", "eddsa"])
def test_encode_decode_verify_round_trip(key, trust):
    c = claims()
    text = uniqr.encode(PAYLOAD, c, key)
    assert text.startswith("UQ1:")
    # Deterministic signatures: every input form gives the same text.
    assert uniqr.encode(json.dumps(PAYLOAD), json.dumps(c).encode(), json.loads(key)) == text
    decoded = uniqr.decode(text)
    entry = json.loads(key)["key"]
    assert decoded["header"] == {"alg": entry["alg"], "kid": entry["kid"]}
    assert (decoded["payload"], decoded["claims"]) == (PAYLOAD, c)
    verified = uniqr.verify(text, trust, None, datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert (verified["payload"], verified["claims"], verified["kid"]) == (PAYLOAD, c, entry["kid"])


@pytest.mark.parametrize("case", cases("encode"), ids=lambda c: c["id"])
def test_every_encode_vector_gives_its_bytes_or_error(case):
    inputs = case["input"]
    key = read(inputs["key"])
    if case["expected"]["valid"]:
        text = uniqr.encode(inputs["payload"], inputs["claims"], key)
        assert cose_of(text).hex() == case["expected"]["cose_hex"]
    else:
        rejects(case["expected"]["error"], uniqr.encode, inputs["payload"], inputs["claims"], key)


def test_encode_input_errors_have_registry_codes():
    rejects("ISSUER_MISMATCH", uniqr.encode, PAYLOAD, claims(iss="VN-SG"), KEY)
    rejects("CLAIMS_INVALID", uniqr.encode, PAYLOAD, claims(cti="not hex"), KEY)
    rejects("CLAIMS_INVALID", uniqr.encode, PAYLOAD, claims(exp=IAT), KEY)
    rejects("CLAIMS_INVALID", uniqr.encode, PAYLOAD, b"\xff", KEY)
    rejects("PAYLOAD_INVALID", uniqr.encode, "{", claims(), KEY)
    rejects("PAYLOAD_INVALID", uniqr.encode, dict(PAYLOAD, ver="2.0.0"), claims(), KEY)
    rejects("KEY_FILE_INVALID", uniqr.encode, PAYLOAD, claims(), read("trust/main.json"))
    with pytest.raises(TypeError):
        uniqr.encode(PAYLOAD, claims(), 42)
    with pytest.raises(TypeError):
        uniqr.encode([PAYLOAD], claims(), KEY)


def test_decode_shows_without_verifying_and_rejects_bad_text():
    case = load_case("time/time-at-exp.json")
    decoded = uniqr.decode(case["input"]["text"])
    assert decoded["claims"]["exp"] == int(parse_now(case["context"]["now"]).timestamp())
    assert set(decoded) == {"header", "claims", "payload"}
    rejects("PREFIX_INVALID", uniqr.decode, "HC1:ABC")
    rejects("BASE45_INVALID", uniqr.decode, "UQ1:abc")
    with pytest.raises(TypeError):
        uniqr.decode(b"UQ1:")


@pytest.mark.parametrize("module_px", [None, 2, 32])
def test_render_png_scans_back_to_the_same_text(module_px):
    text = load_case(VALID)["input"]["text"]
    png = uniqr.render(text, "png", module_px)
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n")
    scanned = uniqr.scan(png)
    assert scanned["text"] == text
    assert (scanned["mode"], scanned["ec_level"], scanned["inverted"]) == ("alphanumeric", "Q", False)
    side = (scanned["bounds"]["width"], scanned["bounds"]["height"])
    modules = 17 + 4 * scanned["version"]
    assert side == (modules * (module_px or 8),) * 2
    assert uniqr.scan(bytearray(png)) == scanned


def test_render_svg_and_render_errors():
    text = load_case(VALID)["input"]["text"]
    svg = uniqr.render(text, format="svg")
    assert isinstance(svg, str) and svg.startswith("<svg")
    assert uniqr.render(text, "svg", 4) != svg
    rejects("QR_UNREADABLE", uniqr.render, "uq1:lowercase is not alphanumeric")
    for bad in ({"format": "gif"}, {"module_px": 0}, {"module_px": 33}, {"module_px": -1}):
        with pytest.raises(ValueError):
            uniqr.render(text, **bad)


def test_scan_errors():
    rejects("QR_UNREADABLE", uniqr.scan, b"this is not an image")
    rejects("QR_UNREADABLE", uniqr.scan, b"")
    rejects("QR_UNREADABLE", uniqr.scan, blank_png(64, 64))
    rejects("QR_MODE_INVALID", uniqr.scan, read("images/qr-byte-mode.png"))
    rejects("TOO_LARGE", uniqr.scan, blank_png(7000, 7000))  # 49 million pixels
    with pytest.raises(TypeError):
        uniqr.scan("not bytes")


def test_now_forms():
    case = load_case("time/time-last-second-valid.json")
    assert case["expected"]["valid"]
    trust, revoked, now = context(case)
    text = case["input"]["text"]
    seconds = int(now.timestamp())
    want = uniqr.verify(text, trust, revoked, seconds)
    # Another zone, same instant.
    hanoi = now.astimezone(timezone(timedelta(hours=7)))
    assert uniqr.verify(text, trust, revoked, hanoi) == want
    # Fractions of a second are floored: still the last valid second.
    assert uniqr.verify(text, trust, revoked, now + timedelta(microseconds=999999)) == want
    rejects("EXPIRED", uniqr.verify, text, trust, revoked, now + timedelta(seconds=1))
    with pytest.raises(TypeError, match="naive"):
        uniqr.verify(text, trust, revoked, now.replace(tzinfo=None))
    for bad in (True, float(seconds), str(seconds)):
        with pytest.raises(TypeError):
            uniqr.verify(text, trust, revoked, bad)
    with pytest.raises(TypeError):
        uniqr.verify(text, trust, revoked)
    with pytest.raises(OverflowError):
        uniqr.verify(text, trust, revoked, 2 ** 64)


def test_threads_get_the_same_answers_as_one_thread():
    jobs = [(c, *context(c)) for c in cases("verify")]

    def run(job):
        case, trust, revoked, now = job
        try:
            return uniqr.verify(case["input"]["text"], trust, revoked, now)
        except uniqr.UniqrError as e:
            return e.code

    alone = [run(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(run, jobs)) == alone
    assert sum(isinstance(a, dict) for a in alone) > 0 and sum(isinstance(a, str) for a in alone) > 0


def test_the_gil_is_released_during_codec_work():
    # A scan of a blank 36-megapixel image takes a few hundred ms in one call.
    # While it runs on another thread, this thread must keep running Python.
    image = blank_png(6000, 6000)
    span = {}

    def scan():
        span["start"] = time.perf_counter()
        try:
            uniqr.scan(image)
        except uniqr.UniqrError as e:
            span["code"] = e.code
        span["end"] = time.perf_counter()

    ticks = []
    worker = threading.Thread(target=scan)
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    assert span["code"] == "QR_UNREADABLE"
    duration = span["end"] - span["start"]
    assert duration > 0.05, "the scan is too quick to tell"
    inside = [t for t in ticks if span["start"] <= t <= span["end"]]
    stamps = [span["start"]] + inside + [span["end"]]
    longest_pause = max(b - a for a, b in zip(stamps, stamps[1:]))
    # Holding the GIL would stop this thread for the whole scan.
    assert len(inside) > 100 and longest_pause < duration / 2, (len(inside), longest_pause, duration)
