//! The `uniqr` command: parsing and dispatch, a thin layer over the
//! libraries (`uniqr`, `uniqr-qr`, `uniqr-conform`). Exit codes are named
//! in [`exit`]. See `uniqr --help`.

mod attest;
mod codec;
mod conform;
mod fuzz;
mod interop;
mod keys;
mod publish;
mod qr;
mod vectors;
mod vendor_host;

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use uniqr_conform::output;

/// Exit codes (README §"Exit codes").
pub mod exit {
    /// Success: the code verified, or the command did its job.
    pub const OK: u8 = 0;
    /// The input was checked and is invalid (verify/decode failed).
    pub const INVALID: u8 = 1;
    /// Usage, I/O or input-file error.
    pub const USAGE: u8 = 2;
}

/// UNIQR v1: issue, inspect and verify personal health QR codes.
#[derive(Parser)]
#[command(name = "uniqr", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a signing key file (prints its kid).
    Keygen(keys::KeygenArgs),
    /// Trust list tools.
    #[command(subcommand)]
    Trust(keys::TrustCommand),
    /// Encode a payload into QR text (prints the text).
    Encode(codec::EncodeArgs),
    /// Decode QR text without verifying it (JSON of header, claims, payload).
    Decode(codec::DecodeArgs),
    /// Verify QR text against a trust list at a given time (JSON verdict).
    Verify(codec::VerifyArgs),
    /// Issue a sample code with the built-in demo key and verify it.
    Demo(codec::DemoArgs),
    /// Draw QR text as a PNG or SVG QR symbol.
    Render(qr::RenderArgs),
    /// Read the QR text from a PNG or JPEG image of a symbol.
    Scan(qr::ScanArgs),
    /// Run the golden suite against a codec and report conformance.
    Conform(conform::ConformArgs),
    /// Differential fuzzing: generated and mutated cases on the reference
    /// and a vendor; disagreements are minimised and saved as vectors.
    Fuzz(fuzz::FuzzArgs),
    /// Cross-vendor interop matrix: every issuer's codes, as text and as
    /// QR images, through every verifier, with attribution.
    Interop(interop::InteropArgs),
    /// Build the static results site a regulator publishes from
    /// attestations, conformance reports and interop matrices.
    Publish(publish::PublishArgs),
    /// Serve the reference codec over the harness protocol (stdin/stdout).
    Shim(conform::ShimArgs),
    /// Host a vendor library for `conform --vendor-lib` (internal).
    #[command(hide = true)]
    VendorHost(vendor_host::VendorHostArgs),
    /// Signed attestations of results: verify one.
    #[command(subcommand)]
    Attest(attest::AttestCommand),
    /// Golden test vectors: generate, list, check.
    #[command(subcommand)]
    Vectors(vectors::VectorsCommand),
}

/// A failure to report on stderr with exit code 2.
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// A failure with exit code 2 that may carry a registry code: an input file
/// that cannot be loaded (`TRUST_LIST_INVALID`, `PAYLOAD_INVALID`, …) or an
/// input the encoder refuses. Commands with `--format` print it with
/// [`Problem::report`].
pub struct Problem {
    /// The registry code, if the failure has one (usage and output errors
    /// have none).
    pub code: Option<&'static str>,
    /// One line that names the file and, where known, the field.
    pub message: String,
}

impl From<Failure> for Problem {
    fn from(Failure(message): Failure) -> Self {
        Problem {
            code: None,
            message,
        }
    }
}

impl Problem {
    /// A problem with a registry code.
    pub fn coded(code: &'static str, message: String) -> Problem {
        Problem {
            code: Some(code),
            message,
        }
    }

    /// With `--format json`, prints `{"error":{"code":…,"message":…}}` on
    /// stdout; either way the one line on stderr and exit code 2 follow
    /// (README, "Exit codes").
    pub fn report(self, format: Format) -> Failure {
        if let Format::Json = format {
            use std::io::Write;
            let json = serde_json::json!({"error": {"code": self.code, "message": self.message}});
            let mut out = std::io::stdout().lock();
            // Not `emit`, which ends a closed pipe with exit code 0; a
            // failed write here still leaves the stderr line and exit 2.
            let _ = writeln!(out, "{json:#}").and_then(|()| out.flush());
        }
        match self.code {
            Some(code) => Failure(format!("{} ({code})", self.message)),
            None => Failure(self.message),
        }
    }
}

/// How a command reports failures with exit code 2 (`--format`).
#[derive(Clone, Copy, Default, clap::ValueEnum)]
pub enum Format {
    /// One line on stderr.
    #[default]
    Text,
    /// Also `{"error":{"code":…,"message":…}}` on stdout.
    Json,
}

/// Parses arguments, runs the command, and maps the outcome to an exit code.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Keygen(a) => keys::keygen(a),
        Command::Trust(c) => keys::trust(c),
        Command::Encode(a) => codec::encode(a),
        Command::Decode(a) => codec::decode(a),
        Command::Verify(a) => codec::verify(a),
        Command::Demo(a) => codec::demo(a),
        Command::Render(a) => qr::render(a),
        Command::Scan(a) => qr::scan(a),
        Command::Vectors(c) => vectors::run(c),
        Command::Conform(a) => conform::conform(a),
        Command::Fuzz(a) => fuzz::fuzz(a),
        Command::Interop(a) => interop::interop(a),
        Command::Publish(a) => publish::publish(a),
        Command::Shim(a) => conform::shim(a),
        Command::VendorHost(a) => vendor_host::run(a),
        Command::Attest(c) => attest::run(c),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure(msg)) => {
            // Messages can carry vendor text (a stderr tail): escaped.
            eprintln!("uniqr: {}", uniqr_conform::output::terminal_text(&msg));
            ExitCode::from(exit::USAGE)
        }
    }
}

/// A progress bar on stderr with this template, on a terminal only (a
/// pipe or a CI log gets none).
pub fn progress_bar(template: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    })
}

/// Reads a file, naming it in the error.
pub fn read_file(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure(format!("{}: {e}", path.display())))
}

/// Writes an output file: `-` is stdout, a regular file is replaced
/// atomically, a symlink is followed only to a regular file or to stdout
/// (see `uniqr_conform::output`, which reports and findings use too).
pub fn write_file(path: &Path, contents: &[u8], options: output::Options) -> Result<(), Failure> {
    output::write(path, contents, options).map_err(Failure)
}

/// The QR text from an argument, or from stdin for `-` or no argument.
///
/// From stdin one trailing line ending is removed (shell convenience); the
/// codec itself never trims (R-PFX-3).
pub fn text_arg(arg: Option<String>) -> Result<String, Failure> {
    match arg.as_deref() {
        Some(t) if t != "-" => Ok(t.to_owned()),
        _ => {
            let mut s = String::new();
            std::io::stdin()
                .take(1 << 20)
                .read_to_string(&mut s)
                .map_err(|e| Failure(format!("stdin: {e}")))?;
            if let Some(t) = s.strip_suffix('\n') {
                s = t.strip_suffix('\r').unwrap_or(t).to_owned();
            }
            Ok(s)
        }
    }
}

/// Parses any RFC 3339 time for clap (files take only the strict form of
/// `uniqr::timefmt`); fractions of a second are truncated.
pub fn parse_time(s: &str) -> Result<i64, String> {
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;
    OffsetDateTime::parse(s, &Rfc3339)
        .map(OffsetDateTime::unix_timestamp)
        .map_err(|_| format!("not an RFC 3339 time: {s}"))
}

/// Prints a JSON value on stdout.
pub fn print_json<T: serde::Serialize>(v: &T) -> Result<(), Failure> {
    emit(&serde_json::to_string_pretty(v)?)
}

/// Prints one line on stdout. A closed pipe (`uniqr … | head`) ends the
/// output quietly instead of panicking, as in ripgrep.
pub fn emit(line: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{line}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        r => r.map_err(|e| Failure(format!("stdout: {e}"))),
    }
}

/// What is wrong in a JSON input file, and where: `path` is a field path
/// such as `v[0].dn` (empty for the whole file).
pub struct Defect {
    /// The field path, empty for the whole file.
    pub path: String,
    /// What is wrong there.
    pub problem: String,
}

impl Defect {
    /// A defect at `path`.
    pub fn at(path: impl Into<String>, problem: impl Into<String>) -> Defect {
        Defect {
            path: path.into(),
            problem: problem.into(),
        }
    }

    /// `path: problem`, or the problem alone for the whole file.
    pub fn line(&self) -> String {
        if self.path.is_empty() {
            self.problem.clone()
        } else {
            format!("{}: {}", self.path, self.problem)
        }
    }
}

/// Where serde stops reading `json` as a `T`, with the field path: the
/// codec's loaders say only that the file is not of the documented shape,
/// so the CLI reads the file again through the same serde types to say
/// where (`None` if it reads as a `T`).
pub fn shape_defect<T: serde::de::DeserializeOwned>(json: &str) -> Option<Defect> {
    let mut de = serde_json::Deserializer::from_str(json);
    let defect = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(_) => return de.end().err().map(|e| Defect::at("", plain(&e))),
        Err(e) => e,
    };
    let path = defect.path().to_string();
    let path = if path == "." { String::new() } else { path };
    Some(Defect::at(path, plain(defect.inner())))
}

/// serde's message in the words of the JSON file rather than of Rust.
fn plain(e: &serde_json::Error) -> String {
    if e.is_syntax() || e.is_eof() {
        return format!("not valid JSON: {e}");
    }
    let mut s = e.to_string();
    for (rust, json) in [
        ("expected i64", "expected an integer"),
        ("expected u32", "expected an integer"),
        ("expected a sequence", "expected an array"),
        ("invalid type: map", "invalid type: object"),
        ("invalid type: sequence", "invalid type: array"),
        (
            "invalid type: null",
            "invalid type: null (leave the member out instead)",
        ),
    ] {
        s = s.replace(rust, json);
    }
    // `expected struct KeyEntry` names a Rust type: the file has an object.
    if let Some(i) = s.find("expected struct ") {
        let rest = &s[i + "expected struct ".len()..];
        let end = rest.find(' ').unwrap_or(rest.len());
        s = format!("{}expected an object{}", &s[..i], &rest[end..]);
    }
    s
}
