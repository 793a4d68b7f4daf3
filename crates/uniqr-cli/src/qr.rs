//! `uniqr render` and `uniqr scan` (spec §"QR symbol").

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde_json::json;
use uniqr::Error;
use uniqr_qr::{self as qr, RenderOptions};

use super::{Failure, emit, exit, print_json, text_arg};

#[derive(Args)]
pub struct RenderArgs {
    /// The QR text, or `-` (default) for stdin.
    text: Option<String>,
    /// Output file; `.png` or `.svg` picks the format.
    #[arg(long)]
    out: PathBuf,
    /// Side of one module in pixels (PNG) or user units (SVG).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=32))]
    module_px: u32,
    /// Light border around the symbol, in modules (R-QR-4: at least 4).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(4..=16))]
    quiet_zone: u32,
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
    let text = text_arg(a.text)?;
    let options = RenderOptions {
        module_px: a.module_px,
        quiet_zone: a.quiet_zone,
    };
    let ext = a
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let cannot = |e: Error| Failure(format!("cannot render: {} ({e})", e.code()));
    let bytes = match ext.as_deref() {
        Some("png") => qr::render_png(&text, &options).map_err(cannot)?,
        Some("svg") => qr::render_svg(&text, &options)
            .map_err(cannot)?
            .into_bytes(),
        _ => {
            return Err(Failure(
                "--out: the file name must end in .png or .svg".into(),
            ));
        }
    };
    write_bytes(&a.out, &bytes)?;
    Ok(exit::OK)
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

/// Writes a file atomically (temporary file, then rename).
fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| Failure(format!("{}: {e}", path.display())))
}
