"""Type stubs of the extension module ``uniqr._uniqr`` (re-exported by ``uniqr``)."""

import datetime
from typing import (
    Any, Dict, Literal, Optional, TypedDict, Union, final, overload, type_check_only,
)

__all__ = [
    "__version__",
    "UniqrError",
    "TrustList",
    "RevocationList",
    "verify",
    "decode",
    "encode",
    "render",
    "scan",
]

__version__: str

#: A JSON document argument: the file's text, its UTF-8 bytes, or the parsed object.
_Document = Union[str, bytes, bytearray, Dict[str, Any]]
#: Unix seconds, or a timezone-aware datetime (naive ones raise TypeError).
_Now = Union[int, datetime.datetime]

@type_check_only
class Claims(TypedDict):
    iss: str
    iat: int
    exp: int
    cti: str

@type_check_only
class Verified(TypedDict):
    payload: Dict[str, Any]
    claims: Claims
    kid: str

@type_check_only
class Header(TypedDict):
    alg: Literal["ES256", "EdDSA"]
    kid: str

@type_check_only
class Decoded(TypedDict):
    header: Header
    claims: Claims
    payload: Dict[str, Any]

@type_check_only
class Bounds(TypedDict):
    x: int
    y: int
    width: int
    height: int

@type_check_only
class Scanned(TypedDict):
    text: str
    mode: str
    version: int
    ec_level: Literal["L", "M", "Q", "H"]
    bounds: Bounds
    inverted: bool
    mirrored: bool

class UniqrError(Exception):
    """A codec failure with its registry code (spec/uniqr-v1.md, "Error registry")."""

    #: The registry code, e.g. ``"EXPIRED"``.
    code: str
    #: The registry number, e.g. ``20``.
    number: int
    #: One line on the exact defect.
    message: str

@final
class TrustList:
    """A parsed and validated trust list, for reuse across many ``verify`` calls.

    Raises ``UniqrError`` ``TRUST_LIST_INVALID`` if the file cannot be loaded.
    """

    def __new__(cls, json: _Document) -> "TrustList": ...
    def __len__(self) -> int: ...

@final
class RevocationList:
    """A parsed revocation list (empty without an argument).

    Raises ``UniqrError`` ``REVOCATION_LIST_INVALID`` if the file cannot be loaded.
    """

    def __new__(cls, json: Optional[_Document] = None) -> "RevocationList": ...

@overload
def verify(
    text: str,
    trust: Union[_Document, TrustList],
    revoked: Union[_Document, RevocationList, None],
    now: _Now,
) -> Verified:
    """Verifies QR text at time ``now`` in the normative check order.

    Returns payload, claims and kid; raises ``UniqrError`` with the code of
    the first failed check, or ``TRUST_LIST_INVALID`` /
    ``REVOCATION_LIST_INVALID`` for a bad list. ``revoked=None`` (or left
    out, with ``now`` by keyword) is an empty revocation list. Releases the GIL.
    """

# At run time `now` defaults to None so that `revoked` can be left out;
# leaving `now` out too is a TypeError, hence these two forms.
@overload
def verify(text: str, trust: Union[_Document, TrustList], *, now: _Now) -> Verified: ...
def decode(text: str) -> Decoded:
    """Decodes QR text without verifying it: for inspection, never for decisions."""

def encode(payload: _Document, claims: Union[Claims, _Document], key: _Document) -> str:
    """Encodes and signs a payload into QR text with a private key file."""

@overload
def render(text: str, format: Literal["png"] = "png", module_px: Optional[int] = None) -> bytes:
    """Draws QR text as a PNG (bytes) or SVG (str) QR symbol, one alphanumeric segment at level Q."""

@overload
def render(text: str, format: Literal["svg"], module_px: Optional[int] = None) -> str: ...
@overload
def render(text: str, format: str, module_px: Optional[int] = None) -> Union[bytes, str]: ...
def scan(image: Union[bytes, bytearray]) -> Scanned:
    """Reads the QR symbol in a PNG or JPEG image without verifying its text."""
