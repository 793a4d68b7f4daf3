//! # uniqr-py
//!
//! The Python bindings of **UNIQR v1**: the extension module
//! `uniqr._uniqr`, which the Python package `uniqr` (`python/uniqr/`)
//! re-exports. Built with maturin (`pip install ./crates/uniqr-py`).
//!
//! Every codec call runs detached from the interpreter (no GIL held), so a
//! batch engine can verify on several threads at once. A codec failure is
//! raised as `uniqr.UniqrError` with the registry `code` and `number`;
//! misuse from Python (a wrong argument type, an unknown render format) is
//! a `TypeError` or `ValueError`. The docs below are the Python
//! docstrings; `python/uniqr/_uniqr.pyi` holds the matching type stubs.

// PyO3 owns the C boundary; this crate needs no unsafe code of its own.
#![forbid(unsafe_code)]

use std::sync::Arc;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDateTime, PyDelta, PyDeltaAccess, PyDict, PyInt, PyList,
    PyString, PyTzInfo,
};
use serde_json::Value;

use uniqr::Revocations;
use uniqr::error::{ClaimsError, Error, FileError, LoadError, PayloadError};
use uniqr_qr::RenderOptions;

/// Largest `module_px` of `render`: the renderer's own limit (it clamps
/// larger values; here they are refused).
const MAX_MODULE_PX: u32 = 32;

create_exception!(
    uniqr,
    UniqrError,
    PyException,
    "A codec failure with its registry code (spec/uniqr-v1.md, \"Error registry\").\n\n\
     Attributes: ``code`` (e.g. ``\"EXPIRED\"``), ``number`` (e.g. ``20``) and\n\
     ``message`` (one line on the exact defect). ``str(e)`` is ``\"CODE: message\"``."
);

/// The `UniqrError` for `e`, carrying its registry code, number and message.
fn uniqr_error(py: Python<'_>, e: Error) -> PyErr {
    let err = UniqrError::new_err(format!("{}: {}", e.code(), e.message()));
    let value = err.value(py);
    let set = value
        .setattr("code", e.code())
        .and_then(|()| value.setattr("number", e.number()))
        .and_then(|()| value.setattr("message", e.message()));
    match set {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// Runs codec work with the interpreter released (other Python threads
/// run meanwhile), then turns its error into a `UniqrError`.
fn detached<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    T: Send,
    F: Send + FnOnce() -> Result<T, Error>,
{
    py.detach(f).map_err(|e| uniqr_error(py, e))
}

/// The text of a JSON document argument: `str`, UTF-8 `bytes` or
/// `bytearray`, or a `dict` (serialized with `json.dumps`). Bytes that are
/// not UTF-8 are the document's own error, as a bad file would be.
fn document(arg: &Bound<'_, PyAny>, name: &str, invalid: Error) -> PyResult<String> {
    let py = arg.py();
    if let Ok(s) = arg.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    let bytes = if let Ok(b) = arg.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = arg.cast::<PyByteArray>() {
        b.to_vec()
    } else if arg.is_instance_of::<PyDict>() {
        let json = py.import("json")?.call_method1("dumps", (arg,))?;
        return json.extract();
    } else {
        return Err(PyTypeError::new_err(format!(
            "{name} must be str, bytes or dict, not {}",
            arg.get_type().name()?
        )));
    };
    String::from_utf8(bytes).map_err(|_| uniqr_error(py, invalid))
}

fn trust_error() -> Error {
    Error::Load(LoadError::TrustList(FileError::Json))
}

fn revocation_error() -> Error {
    Error::Load(LoadError::Revocations(FileError::Json))
}

/// `now` in Unix seconds: an `int` or a timezone-aware `datetime.datetime`
/// (floored to the second). Naive datetimes are refused: their zone is a
/// guess, and a wrong clock accepts expired codes.
fn unix_seconds(now: &Bound<'_, PyAny>) -> PyResult<i64> {
    let py = now.py();
    if let Ok(dt) = now.cast::<PyDateTime>() {
        if dt.call_method0("utcoffset")?.is_none() {
            return Err(PyTypeError::new_err(
                "now must be timezone-aware (e.g. datetime.now(timezone.utc)), not a naive datetime",
            ));
        }
        let utc = PyTzInfo::utc(py)?;
        let epoch = PyDateTime::new(py, 1970, 1, 1, 0, 0, 0, 0, Some(&utc))?;
        let since = dt.sub(&epoch)?;
        let since = since.cast::<PyDelta>()?;
        // days may be negative; seconds and microseconds never are, so
        // dropping the microseconds floors.
        return Ok(i64::from(since.get_days()) * 86_400 + i64::from(since.get_seconds()));
    }
    if now.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(
            "now must be int or datetime, not bool",
        ));
    }
    if now.is_instance_of::<PyInt>() {
        return now.extract();
    }
    Err(PyTypeError::new_err(format!(
        "now must be int (Unix seconds) or a timezone-aware datetime, not {}",
        now.get_type().name()?
    )))
}

/// A JSON value as Python objects: dicts, lists, str, int, float, bool, None.
fn to_python<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            (None, None) => n.as_f64().into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// The serde JSON form of a codec result, as a Python dict.
fn json_result<T: serde::Serialize>(py: Python<'_>, v: &T) -> PyResult<Py<PyAny>> {
    let value = serde_json::to_value(v)
        .map_err(|e| PyValueError::new_err(format!("cannot serialize the result: {e}")))?;
    Ok(to_python(py, &value)?.unbind())
}

/// A parsed and validated trust list, for reuse across many ``verify`` calls.
///
/// ``TrustList(json)`` takes the trust list file (str, bytes or dict) and
/// raises ``UniqrError`` ``TRUST_LIST_INVALID`` if it cannot be loaded.
/// Passing it to ``verify`` instead of the JSON skips parsing and key
/// validation on every call. ``len()`` is the number of keys.
#[pyclass(frozen, module = "uniqr")]
struct TrustList {
    inner: Arc<uniqr::TrustList>,
}

#[pymethods]
impl TrustList {
    #[new]
    fn new(py: Python<'_>, json: &Bound<'_, PyAny>) -> PyResult<TrustList> {
        let text = document(json, "json", trust_error())?;
        let list = detached(py, move || uniqr::TrustList::from_json(&text))?;
        Ok(TrustList {
            inner: Arc::new(list),
        })
    }

    fn __len__(&self) -> usize {
        self.inner.keys().len()
    }

    fn __repr__(&self) -> String {
        format!("<uniqr.TrustList of {} keys>", self.inner.keys().len())
    }
}

/// A parsed revocation list, for reuse across many ``verify`` calls.
///
/// ``RevocationList(json=None)`` takes the revocation list file (str,
/// bytes or dict), or nothing for an empty list, and raises ``UniqrError``
/// ``REVOCATION_LIST_INVALID`` if it cannot be loaded.
#[pyclass(frozen, module = "uniqr")]
struct RevocationList {
    inner: Arc<Revocations>,
}

#[pymethods]
impl RevocationList {
    #[new]
    #[pyo3(signature = (json=None))]
    fn new(py: Python<'_>, json: Option<&Bound<'_, PyAny>>) -> PyResult<RevocationList> {
        let list = match json {
            None => Revocations::none(),
            Some(json) => {
                let text = document(json, "json", revocation_error())?;
                detached(py, move || Revocations::from_json(&text))?
            }
        };
        Ok(RevocationList {
            inner: Arc::new(list),
        })
    }

    fn __repr__(&self) -> &'static str {
        "<uniqr.RevocationList>"
    }
}

/// A list argument: already parsed, or JSON to parse with the codec's work.
enum List<T> {
    Parsed(Arc<T>),
    Json(String),
}

impl<T> List<T> {
    fn get(self, parse: impl FnOnce(&str) -> Result<T, Error>) -> Result<Arc<T>, Error> {
        match self {
            List::Parsed(list) => Ok(list),
            List::Json(text) => parse(&text).map(Arc::new),
        }
    }
}

fn trust_arg(arg: &Bound<'_, PyAny>) -> PyResult<List<uniqr::TrustList>> {
    match arg.cast::<TrustList>() {
        Ok(t) => Ok(List::Parsed(Arc::clone(&t.get().inner))),
        Err(_) => document(arg, "trust", trust_error()).map(List::Json),
    }
}

fn revoked_arg(arg: Option<&Bound<'_, PyAny>>) -> PyResult<List<Revocations>> {
    match arg {
        None => Ok(List::Parsed(Arc::new(Revocations::none()))),
        Some(arg) => match arg.cast::<RevocationList>() {
            Ok(r) => Ok(List::Parsed(Arc::clone(&r.get().inner))),
            Err(_) => document(arg, "revoked", revocation_error()).map(List::Json),
        },
    }
}

/// Verifies QR text (``"UQ1:…"``) at time ``now``, in the normative check order.
///
/// ``trust`` is the trust list file (str, bytes, dict or a ``TrustList``),
/// ``revoked`` the revocation list file (the same, a ``RevocationList``, or
/// ``None`` for an empty list), ``now`` Unix seconds (int) or a
/// timezone-aware ``datetime.datetime``.
///
/// Returns ``{"payload": {...}, "claims": {"iss", "iat", "exp", "cti"},
/// "kid": "..."}``: what ``uniqr verify`` prints, less ``"valid"``.
/// Raises ``UniqrError`` with the code of the first failed check (e.g.
/// ``EXPIRED``), or ``TRUST_LIST_INVALID`` / ``REVOCATION_LIST_INVALID``
/// for a bad list; ``TypeError`` for a naive datetime or a wrong argument
/// type. Runs without holding the GIL.
#[pyfunction]
#[pyo3(signature = (text, trust, revoked=None, now=None))]
fn verify(
    py: Python<'_>,
    text: String,
    trust: &Bound<'_, PyAny>,
    revoked: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let now = match now {
        Some(now) => unix_seconds(now)?,
        None => return Err(PyTypeError::new_err("verify() missing argument: 'now'")),
    };
    let (trust, revoked) = (trust_arg(trust)?, revoked_arg(revoked)?);
    let verified = detached(py, move || {
        let trust = trust.get(uniqr::TrustList::from_json)?;
        let revoked = revoked.get(Revocations::from_json)?;
        uniqr::verify(&text, &trust, &revoked, now)
    })?;
    json_result(py, &verified)
}

/// Decodes QR text **without verifying it**: for inspection, never for decisions.
///
/// Returns ``{"header": {"alg", "kid"}, "claims": {...}, "payload": {...}}``.
/// Raises ``UniqrError`` for text that is not a well-formed code (steps 1
/// to 9, 13, 14 and 16 of the check order).
#[pyfunction]
fn decode(py: Python<'_>, text: String) -> PyResult<Py<PyAny>> {
    let decoded = detached(py, move || uniqr::decode(&text))?;
    json_result(py, &decoded)
}

/// Encodes and signs a payload into QR text (``"UQ1:…"``).
///
/// ``payload`` is a payload (dict or JSON str/bytes, see
/// spec/schema/payload.schema.json); ``claims`` is ``{"iss", "iat", "exp",
/// "cti"}`` with Unix seconds and ``cti`` as 32 lowercase hex digits;
/// ``key`` is a private key file (dict or JSON). The output is the same on
/// every call (deterministic signatures). Raises ``UniqrError``:
/// ``PAYLOAD_INVALID``, ``CLAIMS_INVALID``, ``KEY_FILE_INVALID``,
/// ``ISSUER_MISMATCH``, ``KEY_NOT_VALID`` (``iat`` outside the key's
/// window), ``KEY_USAGE_DENIED`` (an entry kind the key may not sign) or
/// ``TOO_LARGE``.
#[pyfunction]
fn encode(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    claims: &Bound<'_, PyAny>,
    key: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let payload = document(payload, "payload", Error::Payload(PayloadError::Type))?;
    let claims = document(claims, "claims", Error::Claims(ClaimsError::Type))?;
    let key = document(key, "key", Error::Load(LoadError::KeyFile(FileError::Json)))?;
    // The refusal order of R-ENC-4, as in the C API's uniqr_encode.
    detached(py, move || {
        uniqr::codec::encode_json(&payload, &claims, &key)
    })
}

/// The output of `render`: PNG bytes or SVG text.
enum Rendered {
    Png(Vec<u8>),
    Svg(String),
}

/// Draws QR text as a QR symbol: one alphanumeric segment at error correction level Q.
///
/// ``format`` is ``"png"`` (returns the PNG file as bytes) or ``"svg"``
/// (returns the SVG document as str). ``module_px`` is the side of one
/// module in pixels (PNG) or user units (SVG), 1 to 32; ``None`` for the
/// default, 8. Raises ``UniqrError`` ``QR_UNREADABLE`` for text that cannot
/// be drawn (not QR alphanumeric, or too long), ``ValueError`` for an
/// unknown format or a module size out of range.
#[pyfunction]
#[pyo3(signature = (text, format="png", module_px=None))]
fn render(
    py: Python<'_>,
    text: String,
    format: &str,
    module_px: Option<i64>,
) -> PyResult<Py<PyAny>> {
    let mut options = RenderOptions::default();
    if let Some(px) = module_px {
        options.module_px = u32::try_from(px)
            .ok()
            .filter(|px| (1..=MAX_MODULE_PX).contains(px))
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "module_px must be 1 to {}, not {px}",
                    MAX_MODULE_PX
                ))
            })?;
    }
    let svg = match format {
        "png" => false,
        "svg" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "format must be \"png\" or \"svg\", not {other:?}"
            )));
        }
    };
    let rendered = detached(py, move || {
        Ok(if svg {
            Rendered::Svg(uniqr_qr::render_svg(&text, &options)?)
        } else {
            Rendered::Png(uniqr_qr::render_png(&text, &options)?)
        })
    })?;
    Ok(match rendered {
        Rendered::Png(png) => PyBytes::new(py, &png).into_any().unbind(),
        Rendered::Svg(svg) => svg.into_pyobject(py)?.into_any().unbind(),
    })
}

/// Reads the QR symbol in a PNG or JPEG image (the file's bytes), without verifying its text.
///
/// Returns ``{"text", "mode", "version", "ec_level", "bounds": {"x", "y",
/// "width", "height"}, "inverted", "mirrored"}``; pass ``["text"]`` to
/// ``verify``. Raises ``UniqrError`` ``QR_UNREADABLE`` (not an image, or no
/// readable symbol), ``QR_MODE_INVALID`` (not one alphanumeric segment) or
/// ``TOO_LARGE`` (over 40 million pixels).
#[pyfunction]
fn scan(py: Python<'_>, image: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let image = if let Ok(b) = image.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = image.cast::<PyByteArray>() {
        b.to_vec()
    } else {
        return Err(PyTypeError::new_err(format!(
            "image must be bytes (the PNG or JPEG file), not {}",
            image.get_type().name()?
        )));
    };
    let scanned = detached(py, move || uniqr_qr::scan(&image))?;
    json_result(py, &scanned)
}

/// UNIQR v1: verify, decode, encode, render and scan national personal health QR codes.
#[pymodule]
fn _uniqr(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("UniqrError", m.py().get_type::<UniqrError>())?;
    m.add_class::<TrustList>()?;
    m.add_class::<RevocationList>()?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_function(wrap_pyfunction!(encode, m)?)?;
    m.add_function(wrap_pyfunction!(render, m)?)?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    Ok(())
}
