"""Helpers of the tests: the golden vectors, the spec's registry, test images, Base45."""

import json
import re
import struct
import zlib
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "vectors"


def load_case(path):
    """A golden case file, by path relative to vectors/."""
    return json.loads((VECTORS / path).read_text(encoding="utf-8"))


def cases(op):
    """Every golden case of one operation, sorted by id."""
    found = []
    for path in sorted(VECTORS.glob("*/*.json")):
        if path.parent.name in ("keys", "trust"):
            continue
        case = json.loads(path.read_text(encoding="utf-8"))
        if case.get("op") == op:
            found.append(case)
    return found


def read(path):
    """A file under vectors/, as bytes."""
    return (VECTORS / path).read_bytes()


def parse_now(text):
    """A case's `now` (YYYY-MM-DDThh:mm:ssZ) as an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def registry():
    """Code -> number, read from the spec's error registry table."""
    spec = (ROOT / "spec" / "uniqr-v1.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `([A-Z0-9_]+)` \| (\d+) \|", spec, re.M))
    assert len(table) >= 26, "error registry table not found in spec/uniqr-v1.md"
    return {code: int(n) for code, n in table.items()}


def blank_png(width, height):
    """A white greyscale PNG: no symbol, and as many pixels as asked."""
    row = b"\x00" + b"\xff" * width
    c = zlib.compressobj(1)
    idat = b"".join(c.compress(row) for _ in range(height)) + c.flush()

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def cose_of(text):
    """The inflated COSE bytes of QR text: strip UQ1:, Base45 (RFC 9285), ZLIB."""
    assert text.startswith("UQ1:")
    body = [B45.index(ch) for ch in text[4:]]
    out = bytearray()
    for i in range(0, len(body), 3):
        group = body[i:i + 3]
        n = sum(v * 45 ** k for k, v in enumerate(group))
        out += n.to_bytes(2 if len(group) == 3 else 1, "big")
    return zlib.decompress(bytes(out))
