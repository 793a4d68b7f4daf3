//! `uniqr render` and `uniqr scan` (spec §"QR symbol").

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde_json::json;
use uniqr::Error;
use uniqr::error::QrError;
use uniqr_conform::output::Options;
use uniqr_qr::{self as qr, RenderOptions};

use super::{Failure, emit, exit, print_json, text_arg, write_file};

#[derive(Args)]
pub struct RenderArgs {
    /// The QR text, or `-` (default) for stdin.
    text: Option<String>,
    /// Output file, or `-` for stdout; `.png` or `.svg` picks the format
    /// unless --image-format is given.
    #[arg(long)]
    out: PathBuf,
    /// Image format (default: from the --out extension; needed for `-`).
    #[arg(long, value_enum)]
    image_format: Option<ImageFormat>,
    /// Side of one module in pixels (PNG) or user units (SVG).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=32))]
    module_px: u32,
    /// Light border around the symbol, in modules (R-QR-4: at least 4).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(4..=16))]
    quiet_zone: u32,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImageFormat {
    /// PNG image.
    Png,
    /// SVG document.
    Svg,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The decoded text alone.
    Text,
    /// Text, segment mode, version, error correction level and position.
    Json,
}

#[derive(Args)]
pub struct ScanArgs {
    /// Image file (PNG or JPEG).
    image: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn render(a: RenderArgs) -> Result<u8, Failure> {
    let format = match a.image_format {
        Some(f) => f,
        None => {
            let ext = a
                .out
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            match ext.as_deref() {
                Some("png") => ImageFormat::Png,
                Some("svg") => ImageFormat::Svg,
                _ => {
                    return Err(Failure(
                        "--out: the file name must end in .png or .svg, or give --image-format"
                            .into(),
                    ));
                }
            }
        }
    };
    let text = text_arg(a.text)?;
    let options = RenderOptions {
        module_px: a.module_px,
        quiet_zone: a.quiet_zone,
    };
    let refused = |e: Error| Failure(refusal(&text, &e));
    let bytes = match format {
        ImageFormat::Png => qr::render_png(&text, &options).map_err(refused)?,
        ImageFormat::Svg => qr::render_svg(&text, &options)
            .map_err(refused)?
            .into_bytes(),
    };
    write_file(&a.out, &bytes, Options::default())?;
    Ok(exit::OK)
}

/// Why a text cannot be drawn: a render refusal, not a failed scan, though
/// its registry code is `QR_UNREADABLE` (codes are never renamed).
fn refusal(text: &str, e: &Error) -> String {
    const ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    if *e != Error::Qr(QrError::TextNotEncodable) {
        return format!("cannot render: {e} ({})", e.code());
    }
    let why = match text
        .char_indices()
        .find(|(_, c)| !ALPHANUMERIC.contains(*c))
    {
        Some((i, c)) => format!(
            "character {c:?} at byte {i} is not in the QR alphanumeric set \
             (0-9, A-Z, space and $%*+-./:)"
        ),
        None => format!(
            "{} characters do not fit one symbol at level Q (at most {})",
            text.len(),
            uniqr::limits::MAX_TEXT_LEN
        ),
    };
    format!("render refused: {why} ({})", e.code())
}

pub fn scan(a: ScanArgs) -> Result<u8, Failure> {
    match scan_file(&a.image)? {
        Ok(s) => {
            match a.format {
                Format::Text => emit(&s.text)?,
                Format::Json => print_json(&s)?,
            }
            Ok(exit::OK)
        }
        Err(e) => {
            match a.format {
                Format::Text => eprintln!("uniqr: {}: {e}", e.code()),
                Format::Json => {
                    print_json(&json!({"error": {"code": e.code(), "message": e.message()}}))?
                }
            }
            Ok(exit::INVALID)
        }
    }
}

/// Reads an image file and scans it; the outer error is I/O (exit 2), the
/// inner one is the scan verdict.
pub fn scan_file(path: &Path) -> Result<Result<qr::Scanned, Error>, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    Ok(qr::scan(&bytes))
}
