//! The mandatory ZLIB (RFC 1950) layer (R-ZLIB-*).
//!
//! Inflation is bounded: output is produced into a buffer of exactly
//! [`MAX_INFLATED`] + 1 bytes and stops there, so a decompression bomb costs at
//! most the limit (R-LIM-2), never the bomb's full size.

use std::cell::RefCell;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::error::{Error, Limit, ZlibError};
use crate::limits::MAX_INFLATED;

/// Compresses with zlib at the best compression level.
///
/// ```
/// let data = b"UNIQR UNIQR UNIQR UNIQR UNIQR UNIQR";
/// let z = uniqr::zlib::compress(data);
/// assert!(z.len() < data.len());
/// assert_eq!(uniqr::zlib::inflate(&z)?, data);
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// Deflate output may legitimately differ between implementations; only the
/// inflated bytes are normative (R-ENC-2).
///
/// Each thread keeps one compressor and resets it between calls instead of
/// allocating a fresh window and hash tables (about 6 of 34 µs for a 1 KB
/// message, BENCHMARKS.md).
pub fn compress(data: &[u8]) -> Vec<u8> {
    thread_local! {
        static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::best(), true));
    }
    DEFLATE.with(|c| match c.try_borrow_mut() {
        Ok(mut c) => compress_with(&mut c, data),
        // Re-entered on this thread (not possible today): a fresh one.
        Err(_) => compress_with(&mut Compress::new(Compression::best(), true), data),
    })
}

/// Compresses `data` as one zlib stream with a reusable compressor, which
/// is reset first (its level and header setting stay). The compressor must
/// write the zlib header (`zlib_header` true), or [`inflate`] rejects the
/// output.
///
/// ```
/// use flate2::{Compress, Compression};
///
/// let mut c = Compress::new(Compression::fast(), true);
/// for data in [&b"first"[..], b"second"] {
///     let z = uniqr::zlib::compress_with(&mut c, data);
///     assert_eq!(uniqr::zlib::inflate(&z)?, data);
/// }
/// # Ok::<(), uniqr::Error>(())
/// ```
pub fn compress_with(c: &mut Compress, data: &[u8]) -> Vec<u8> {
    c.reset();
    let mut out = Vec::with_capacity(data.len() + 64);
    loop {
        let done = (c.total_in() as usize).min(data.len());
        match c.compress_vec(&data[done..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(64)),
            // Compressing into a Vec does not fail.
            Err(_) => return Vec::new(),
        }
    }
}

/// Inflates exactly one zlib stream that spans the whole input.
///
/// ```
/// use uniqr::zlib::{compress, inflate};
///
/// let mut z = compress(b"COSE bytes");
/// assert_eq!(inflate(&z)?, b"COSE bytes");
/// z.push(0); // a byte after the stream (R-ZLIB-3)
/// assert_eq!(inflate(&z).unwrap_err().code(), "DECOMPRESS_INVALID");
/// // A decompression bomb stops at the limit.
/// let bomb = compress(&vec![0; 1 << 20]);
/// assert_eq!(inflate(&bomb).unwrap_err().code(), "TOO_LARGE");
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// `DECOMPRESS_INVALID` for a bad header, a preset dictionary, a broken or
/// truncated stream, a bad Adler-32 checksum (R-ZLIB-1, R-ZLIB-2) or trailing
/// bytes (R-ZLIB-3); `TOO_LARGE` once the output would exceed
/// [`MAX_INFLATED`] (R-LIM-2).
pub fn inflate(data: &[u8]) -> Result<Vec<u8>, Error> {
    check_header(data)?;
    // The inflate state is large; reuse one per thread instead of
    // allocating and zeroing it for every code (the verify hot path).
    thread_local! {
        static STATE: std::cell::RefCell<Decompress> = std::cell::RefCell::new(Decompress::new(true));
    }
    STATE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut d) => {
            d.reset(true);
            inflate_with(&mut d, data)
        }
        // Re-entered on this thread (not possible today): use a fresh state.
        Err(_) => inflate_with(&mut Decompress::new(true), data),
    })
}

fn inflate_with(d: &mut Decompress, data: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(MAX_INFLATED + 1);
    let status = d
        .decompress_vec(data, &mut out, FlushDecompress::Finish)
        .map_err(|e| {
            // R-LIM-2: inflation stops at the limit, before the checksum
            // that follows the data could be read.
            if out.len() > MAX_INFLATED {
                Error::TooLarge(Limit::Inflated)
            } else if e.needs_dictionary().is_some() {
                Error::Zlib(ZlibError::Dictionary)
            } else if adler_mismatch(data, &out) {
                Error::Zlib(ZlibError::Checksum)
            } else {
                Error::Zlib(ZlibError::Stream)
            }
        })?;
    if out.len() > MAX_INFLATED {
        return Err(Error::TooLarge(Limit::Inflated));
    }
    match status {
        Status::StreamEnd => {}
        // Not finished with input left means the output buffer filled up.
        _ if out.len() == out.capacity() => return Err(Error::TooLarge(Limit::Inflated)),
        _ => return Err(Error::Zlib(ZlibError::Stream)),
    }
    if d.total_in() != data.len() as u64 {
        return Err(Error::Zlib(ZlibError::TrailingBytes));
    }
    Ok(out)
}

/// R-ZLIB-1: CM = 8, CINFO <= 7, FCHECK valid, FDICT = 0.
fn check_header(data: &[u8]) -> Result<(), Error> {
    let [cmf, flg, ..] = *data else {
        return Err(Error::Zlib(ZlibError::Header));
    };
    if cmf & 0x0f != 8 || cmf >> 4 > 7 || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0 {
        return Err(Error::Zlib(ZlibError::Header));
    }
    if flg & 0x20 != 0 {
        return Err(Error::Zlib(ZlibError::Dictionary));
    }
    Ok(())
}

/// Distinguishes a checksum failure from other stream errors, for the message.
fn adler_mismatch(data: &[u8], inflated: &[u8]) -> bool {
    let mut raw = Decompress::new(false);
    let mut probe = Vec::with_capacity(MAX_INFLATED + 1);
    let body = data.get(2..).unwrap_or_default();
    matches!(
        raw.decompress_vec(body, &mut probe, FlushDecompress::Finish),
        Ok(Status::StreamEnd)
    ) && probe == inflated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(data: &[u8]) -> Error {
        inflate(data).expect_err("must fail")
    }

    #[test]
    fn round_trips() {
        let data = b"hello hello hello hello".repeat(20);
        assert_eq!(inflate(&compress(&data)).unwrap(), data);
    }

    #[test]
    fn rejects_raw_deflate_and_uncompressed_data() {
        let z = compress(b"some payload bytes");
        assert_eq!(err(&z[2..]).code(), "DECOMPRESS_INVALID");
        assert_eq!(err(&[0xd2, 0x84, 0x43, 0xa1]).code(), "DECOMPRESS_INVALID");
        assert_eq!(err(&[]).code(), "DECOMPRESS_INVALID");
    }

    #[test]
    fn rejects_bad_checksum() {
        let mut z = compress(b"some payload bytes");
        let n = z.len();
        z[n - 1] ^= 1;
        assert_eq!(err(&z), Error::Zlib(ZlibError::Checksum));
    }

    #[test]
    fn rejects_trailing_bytes() {
        let mut z = compress(b"some payload bytes");
        z.push(0);
        assert_eq!(err(&z), Error::Zlib(ZlibError::TrailingBytes));
    }

    #[test]
    fn rejects_truncated_stream() {
        let z = compress(b"some payload bytes that are long enough");
        assert_eq!(err(&z[..z.len() - 6]).code(), "DECOMPRESS_INVALID");
    }

    #[test]
    fn rejects_preset_dictionary_flag() {
        // CMF 0x78, FLG with FDICT set and a valid FCHECK: 0x78BB % 31 == 0.
        assert_eq!(
            err(&[0x78, 0xbb, 0, 0, 0, 0]),
            Error::Zlib(ZlibError::Dictionary)
        );
    }

    #[test]
    fn stops_a_bomb_at_the_limit() {
        let bomb = compress(&vec![0u8; 10 * 1024 * 1024]);
        assert!(bomb.len() < 20_000);
        assert_eq!(err(&bomb), Error::TooLarge(Limit::Inflated));
        let edge = compress(&vec![7u8; MAX_INFLATED]);
        assert_eq!(inflate(&edge).unwrap().len(), MAX_INFLATED);
        let over = compress(&vec![7u8; MAX_INFLATED + 1]);
        assert_eq!(err(&over), Error::TooLarge(Limit::Inflated));
        // One byte over the limit with a broken checksum: the limit wins.
        let mut z = compress(&vec![b'a'; MAX_INFLATED + 1]);
        let n = z.len();
        z[n - 1] ^= 1;
        assert_eq!(err(&z), Error::TooLarge(Limit::Inflated));
    }
}
