"""UNIQR v1: verify, decode, encode, render and scan national personal health QR codes.

The reference codec (Rust) as a Python module. ``verify`` is the only
function whose result may be acted on; ``decode`` is for inspection.
Failures raise ``UniqrError`` with the registry ``code`` and ``number`` of
spec/uniqr-v1.md; codec calls release the GIL, so threads verify in
parallel::

    import uniqr
    result = uniqr.verify(text, trust_json, revoked_json, now=1780272000)
    result["payload"]["pid"]
"""

from uniqr._uniqr import (
    RevocationList,
    TrustList,
    UniqrError,
    __version__,
    decode,
    encode,
    render,
    scan,
    verify,
)

__all__ = [
    "RevocationList",
    "TrustList",
    "UniqrError",
    "__version__",
    "decode",
    "encode",
    "render",
    "scan",
    "verify",
]
