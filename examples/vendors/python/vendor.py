#!/usr/bin/env python3
"""A UNIQR conformance harness adapter in Python: a template for your codec.

Speaks the harness protocol of spec/harness-protocol.md (newline-delimited JSON on
stdin and stdout) so that `uniqr conform` can run the golden suite against a codec:

    uniqr conform --vendor 'python3 examples/vendors/python/vendor.py'

To test your own codec, replace the functions in the section "YOUR CODEC" below and
leave the protocol part alone. As shipped, the stand-in codec is the reference itself,
through its Python binding (`pip install ./crates/uniqr-py`), so the template passes
every case.
"""

import base64
import binascii
import json
import re
import sys
import traceback
from datetime import datetime, timezone

# =====================================================================================
# YOUR CODEC: replace the name, the version, the operations you support and the bodies
# of the functions of this section. When your codec refuses an input, raise
# Rejected(code, message) with the code from the spec's error registry
# (spec/uniqr-v1.md, "Error registry"), e.g. Rejected("EXPIRED", "now is after exp").
# Any other exception is answered as the error PROTOCOL, with its traceback on
# stderr: it fails the case, never passes it.
# =====================================================================================

import uniqr  # the stand-in codec: delete with the stand-in bodies below

NAME = "uniqr-python-template"
VERSION = uniqr.__version__
# Drop the operations your codec does not do: their cases are reported skipped.
OPS = ["verify", "scan_verify", "encode", "decode", "render"]


class Rejected(Exception):
    """Your codec's refusal of an input, with a registry code."""

    def __init__(self, code, message=""):
        super().__init__(code, message)
        self.code = code
        self.message = message


def rejections(call, *args):
    """Runs a stand-in call, turning its UniqrError into Rejected."""
    try:
        return call(*args)
    except uniqr.UniqrError as e:
        raise Rejected(e.code, e.message) from e


def codec_load_context(trust, revoked):
    """Loads a trust list and a revocation list: the parsed JSON of the files (any
    JSON value: a list that is not an object is the codec's to refuse, and None
    is the JSON null a file that is not JSON travels as); `revoked` is ABSENT
    when the request has none (then nothing is revoked). Files with a
    duplicate member name never get here (see `files`).

    Returns whatever your codec verifies with; it is kept for the life of the
    process. Raise Rejected("TRUST_LIST_INVALID", ...) or
    Rejected("REVOCATION_LIST_INVALID", ...) if a list cannot be loaded.
    """
    return (
        # No trust list loads as none at all: TRUST_LIST_INVALID.
        rejections(uniqr.TrustList, json.dumps(None if trust is ABSENT else trust)),
        # No revocation list: nothing is revoked (R-H-16).
        rejections(uniqr.RevocationList, None if revoked is ABSENT else json.dumps(revoked)),
    )


def codec_verify(context, text, now):
    """Verifies QR text at `now`, a timezone-aware datetime (Unix seconds:
    int(now.timestamp())), with a context from codec_load_context.

    Returns (payload, claims) as JSON-ready dicts; claims are
    {"iss", "iat", "exp", "cti"} with cti as lowercase hex.
    """
    trust, revoked = context
    result = rejections(uniqr.verify, text, trust, revoked, now)
    return result["payload"], result["claims"]


def codec_scan(image):
    """Reads the QR text in an image (PNG or JPEG file bytes).

    Returns the text; raise Rejected("QR_UNREADABLE", ...) or
    Rejected("QR_MODE_INVALID", ...) as the spec says.
    """
    return rejections(uniqr.scan, image)["text"]


def codec_encode(payload, claims, key):
    """Encodes a payload with claims ({"iss", "iat", "exp", "cti"}, cti as hex) and
    a private key file: parsed JSON, usually dicts (other values are the codec's
    to refuse).

    Returns {"text": QR text} or {"cose_hex": the COSE_Sign1 bytes as lowercase
    hex}: the runner compares the inflated COSE bytes either way.
    """
    text = rejections(uniqr.encode, json.dumps(payload), json.dumps(claims), json.dumps(key))
    return {"text": text}


def codec_render(text):
    """Draws QR text as a PNG image: one alphanumeric segment, error correction
    level Q, the smallest version, a quiet zone of 4 modules (R-QR-1..R-QR-5).

    Returns the PNG file bytes; raise Rejected("QR_UNREADABLE", ...) for a text
    that cannot be drawn (a character outside the QR alphanumeric set, too long).
    """
    return rejections(uniqr.render, text)


def codec_decode(text):
    """Decodes QR text without verifying it.

    Returns (payload, claims, header); header is {"alg", "kid"}.
    """
    decoded = rejections(uniqr.decode, text)
    return decoded["payload"], decoded["claims"], decoded["header"]


# =====================================================================================
# The protocol: no need to change anything below.
# =====================================================================================

PROTOCOL = 1
NOW = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")


class BadRequest(Exception):
    """A request this adapter cannot make sense of (a runner or adapter bug)."""


class JsonObject(dict):
    """A parsed JSON object that remembers whether a member name repeats."""

    repeats = False


def json_object(pairs):
    obj = JsonObject(pairs)
    obj.repeats = len(obj) != len(pairs)
    return obj


def has_repeats(value):
    """Whether a parsed document has a duplicate member name anywhere."""
    if isinstance(value, JsonObject):
        return value.repeats or any(has_repeats(v) for v in value.values())
    if isinstance(value, list):
        return any(has_repeats(v) for v in value)
    return False


# The files of a request travel verbatim (R-H-15), so a duplicate member name
# reaches the adapter; Python's json keeps only the last one, so it is caught
# here, with the error of the file's kind (R-JSON-3).
FILE_ERRORS = {"trust": "TRUST_LIST_INVALID", "revoked": "REVOCATION_LIST_INVALID",
               "key": "KEY_FILE_INVALID"}


# A member the request does not have; a member that is null is a file that is
# not JSON (R-H-15, R-H-16).
ABSENT = object()


def files(req, *names):
    """The request's files, refusing one with a duplicate member name."""
    for name in names:
        if has_repeats(req.get(name)):
            raise Rejected(FILE_ERRORS[name], "%s: a member name occurs twice (R-JSON-3)" % name)
    return [req[name] if name in req else ABSENT for name in names]


def member(req, name):
    """A member of the request that the protocol says is a string."""
    value = req.get(name)
    if not isinstance(value, str):
        raise BadRequest("%s is missing or not a string" % name)
    return value


def parse_now(text):
    """The request's `now`, YYYY-MM-DDThh:mm:ssZ, as an aware datetime."""
    if not isinstance(text, str) or not NOW.match(text):
        raise BadRequest("now is not YYYY-MM-DDThh:mm:ssZ: %r" % (text,))
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise BadRequest("now is not a real time: %r" % (text,)) from None


class Adapter:
    """One process's side of the protocol: its loaded contexts and its answers."""

    def __init__(self):
        # Context name -> ("ok", loaded) or ("rejected", Rejected): a context that
        # failed to load stands for its error (R-H-6).
        self.contexts = {}

    def context(self, req):
        if req.get("context") is not None:
            name = member(req, "context")
            if name not in self.contexts:
                raise BadRequest("context %r was not loaded" % (name,))
            state, value = self.contexts[name]
            if state == "rejected":
                raise value
            return value
        # Spawn-per-case mode: the lists come inline with the request (R-H-9).
        return codec_load_context(*files(req, "trust", "revoked"))

    def answer(self, req):
        """The members of the reply to a request, besides its id."""
        op = req.get("op")
        if op == "load_context":
            name = member(req, "context")
            try:
                loaded = codec_load_context(*files(req, "trust", "revoked"))
            except Rejected as e:
                self.contexts[name] = ("rejected", e)
                raise
            self.contexts[name] = ("ok", loaded)
            return {"ok": True}
        if op not in OPS:
            return {"unsupported": True}
        if op in ("verify", "scan_verify"):
            now = parse_now(req.get("now"))
            context = self.context(req)
            if op == "scan_verify":
                try:
                    image = base64.b64decode(member(req, "image"), validate=True)
                except (binascii.Error, ValueError):
                    raise BadRequest("image is not standard base64") from None
                text = codec_scan(image)
            else:
                text = member(req, "text")
            payload, claims = codec_verify(context, text, now)
            return {"ok": True, "payload": payload, "claims": claims}
        if op == "encode":
            (key,) = files(req, "key")
            encoded = codec_encode(req.get("payload"), req.get("claims"),
                                   None if key is ABSENT else key)
            return dict(encoded, ok=True)
        if op == "render":
            png = codec_render(member(req, "text"))
            return {"ok": True, "image": base64.b64encode(png).decode("ascii")}
        payload, claims, header = codec_decode(member(req, "text"))
        return {"ok": True, "payload": payload, "claims": claims, "header": header}

    def reply(self, line):
        try:
            req = json.loads(line, object_pairs_hook=json_object)
        except ValueError as e:
            return {"ok": False, "error": "PROTOCOL", "message": "not JSON: %s" % e}
        if not isinstance(req, dict):
            return {"ok": False, "error": "PROTOCOL", "message": "not a JSON object"}
        if req.get("op") == "hello":
            # Protocol 1 is the only version this adapter speaks (R-H-4).
            return {"op": "hello", "protocol": PROTOCOL, "name": NAME,
                    "version": VERSION, "ops": OPS}
        try:
            reply = self.answer(req)
        except Rejected as e:
            reply = {"ok": False, "error": e.code, "message": e.message}
        except BadRequest as e:
            reply = {"ok": False, "error": "PROTOCOL", "message": str(e)}
        except Exception as e:  # a bug in the codec or the adapter
            traceback.print_exc(file=sys.stderr)
            # PROTOCOL is the one code outside the registry (R-H-7): it
            # fails the case, whatever the case expects.
            reply = {"ok": False, "error": "PROTOCOL", "message": "internal error: %r" % (e,)}
        return dict(reply, id=req.get("id"))


def main():
    adapter = Adapter()
    out = sys.stdout
    # One reply line per request line, in order, flushed after each (R-H-1).
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8", errors="replace").strip()
        if not line:
            continue
        out.write(json.dumps(adapter.reply(line), separators=(",", ":")) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
