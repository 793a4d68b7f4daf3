//! Writing output files: reports, baselines and saved findings here, and
//! the CLI's key files, trust lists and images (one implementation).
//!
//! What a path names decides how it is written:
//!
//! - `-` is standard output.
//! - A missing path or a regular file is written atomically: a temporary
//!   file with an unpredictable name, created with `O_EXCL` in the same
//!   folder, then renamed over the target, so a reader never sees half a
//!   file and no one can plant a file or link under the temporary name.
//! - A symlink is followed only to a regular file, which is then replaced
//!   atomically in its own folder while the link stays as it is (the user
//!   named the link, so writing through it is what they asked for), or to
//!   this process's standard output or error, which is written directly:
//!   that is how `/dev/stdout` (a link to `/proc/self/fd/1`), `/dev/stderr`
//!   and `/dev/fd/1` work. A symlink to anything else (a device, a folder,
//!   a socket, nothing) is refused, and no symlink is ever replaced.
//! - A character device or FIFO named directly (`/dev/null`, a named pipe)
//!   is written directly, never replaced; any other kind of file is refused.

use std::fs::{File, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How [`write`] treats the target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Refuse when something already exists at the path (a private key is
    /// never replaced by accident). The check and the rename are one step,
    /// so a file that appears meanwhile is not replaced either.
    pub no_clobber: bool,
    /// The contents are a secret: on Unix the file is created with mode
    /// 0600 from the start and keeps it, even when it replaces a file with
    /// a wider mode.
    pub secret: bool,
}

/// Text made safe for a terminal and for a text file a person views in
/// one: every control character but line feed and tab (ESC, OSC, BEL, CR,
/// NUL, DEL, the C1 controls) is shown escaped, as `\u{1b}`, so vendor text
/// can never retitle the terminal, clear it, or overwrite a verdict line.
pub fn terminal_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Text safe in XML 1.0: characters XML forbids (most C0 controls,
/// surrogates, U+FFFE and U+FFFF) are replaced by their visible escape, so
/// vendor text can never make a JUnit file malformed.
pub fn xml_text(s: &str) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if allowed(c) {
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
    out
}

/// Makes `dir` a real folder: creates it if it is missing, and refuses
/// anything already there that is not a folder. A symlink is never
/// followed, so nothing written below `dir` can land outside it.
///
/// # Errors
/// A refusal or an I/O error, naming the folder.
pub fn real_dir(dir: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(format!(
            "{}: exists and is not a folder (a symlink is not followed)",
            dir.display()
        )),
        Err(_) => std::fs::create_dir(dir).map_err(|e| format!("{}: {e}", dir.display())),
    }
}

/// Whether `path` is `-`, which [`write`] takes as standard output.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Writes a report, baseline or finding: [`write`] with the default
/// options (`-` is standard output; see the module documentation).
///
/// # Errors
/// As [`write`].
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), String> {
    write(path, contents.as_bytes(), Options::default())
}

/// Checks, before a long run, that [`write`] could write `path`: the same
/// refusals (a folder, a symlink to anything but a regular file or a
/// standard stream), and a temporary file can be created where the file
/// would be written. A missing parent folder is created, as [`write`]
/// would. Nothing else is written, and nothing is left behind.
///
/// # Errors
/// What [`write`] would refuse, or the I/O error of the trial, naming the
/// path.
pub fn check_writable(path: &Path) -> Result<(), String> {
    let named = |e: std::io::Error| format!("{}: {e}", path.display());
    if is_stdout(path) {
        return Ok(());
    }
    let folder = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = folder_of(path);
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            dir
        }
        Err(e) => return Err(named(e)),
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::metadata(path).map_err(|e| {
                format!(
                    "{}: a symlink to nothing usable ({e}); refused",
                    path.display()
                )
            })?;
            if standard_stream(&target).is_some() {
                return Ok(());
            }
            if !target.is_file() {
                return Err(format!(
                    "{}: a symlink to a {}, not to a regular file; refused",
                    path.display(),
                    kind(&target)
                ));
            }
            folder_of(&std::fs::canonicalize(path).map_err(named)?)
        }
        Ok(meta) if meta.is_file() => folder_of(path),
        Ok(meta) if standard_stream(&meta).is_some() || is_device_or_fifo(&meta) => {
            return Ok(());
        }
        Ok(meta) => {
            return Err(format!(
                "{}: a {}, not a regular file; refused",
                path.display(),
                kind(&meta)
            ));
        }
    };
    // The trial file is removed when it is dropped.
    tempfile::Builder::new()
        .prefix(".uniqr-check.")
        .tempfile_in(&folder)
        .map(drop)
        .map_err(|e| {
            format!(
                "{}: cannot write in {}: {e}",
                path.display(),
                folder.display()
            )
        })
}

/// Writes `contents` to `path` as the module documentation describes. A
/// missing parent folder is created; a regular file that is replaced keeps
/// its permission bits (unless [`Options::secret`]).
///
/// # Errors
/// I/O errors and refusals (a symlink to something other than a regular
/// file, a folder, an existing path with [`Options::no_clobber`]), each
/// naming the path.
pub fn write(path: &Path, contents: &[u8], options: Options) -> Result<(), String> {
    let named = |e: std::io::Error| format!("{}: {e}", path.display());
    if is_stdout(path) {
        return write_stream(Stream::Stdout, contents).map_err(|e| format!("stdout: {e}"));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return create_new(path, contents, options);
        }
        Err(e) => return Err(named(e)),
    };
    if options.no_clobber {
        return Err(format!("{}: already exists, not replaced", path.display()));
    }
    if meta.file_type().is_symlink() {
        let target = std::fs::metadata(path).map_err(|e| {
            format!(
                "{}: a symlink to nothing usable ({e}); refused",
                path.display()
            )
        })?;
        if let Some(stream) = standard_stream(&target) {
            return write_stream(stream, contents).map_err(named);
        }
        if !target.is_file() {
            return Err(format!(
                "{}: a symlink to a {}, not to a regular file; refused",
                path.display(),
                kind(&target)
            ));
        }
        let real = std::fs::canonicalize(path).map_err(named)?;
        return replace(path, &real, &target, contents, options);
    }
    if meta.is_file() {
        return replace(path, path, &meta, contents, options);
    }
    if let Some(stream) = standard_stream(&meta) {
        return write_stream(stream, contents).map_err(named);
    }
    if is_device_or_fifo(&meta) {
        // Never truncated or replaced: written as a stream.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(named)?;
        return f
            .write_all(contents)
            .and_then(|()| f.flush())
            .map_err(named);
    }
    Err(format!(
        "{}: a {}, not a regular file; refused",
        path.display(),
        kind(&meta)
    ))
}

#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

fn write_stream(stream: Stream, contents: &[u8]) -> std::io::Result<()> {
    match stream {
        Stream::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(contents).and_then(|()| out.flush())
        }
        Stream::Stderr => std::io::stderr().lock().write_all(contents),
    }
}

/// The standard stream that is the file `target` describes, if any:
/// written through the process's own handle, so output already there and
/// the shell's `>` or `>>` are respected.
#[cfg(unix)]
fn standard_stream(target: &Metadata) -> Option<Stream> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let same = |fd: std::os::fd::BorrowedFd<'_>| {
        let m = fd
            .try_clone_to_owned()
            .map(File::from)
            .ok()?
            .metadata()
            .ok()?;
        Some(m.dev() == target.dev() && m.ino() == target.ino())
    };
    if same(std::io::stdout().as_fd()) == Some(true) {
        Some(Stream::Stdout)
    } else if same(std::io::stderr().as_fd()) == Some(true) {
        Some(Stream::Stderr)
    } else {
        None
    }
}

#[cfg(not(unix))]
fn standard_stream(_: &Metadata) -> Option<Stream> {
    None
}

#[cfg(unix)]
fn is_device_or_fifo(m: &Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let t = m.file_type();
    t.is_char_device() || t.is_fifo()
}

#[cfg(not(unix))]
fn is_device_or_fifo(_: &Metadata) -> bool {
    false
}

/// A word for the kind of file, for refusals.
fn kind(m: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_block_device() {
            return "block device";
        }
        if t.is_char_device() {
            return "character device";
        }
        if t.is_fifo() {
            return "FIFO";
        }
        if t.is_socket() {
            return "socket";
        }
    }
    if m.is_dir() {
        "folder"
    } else if m.is_symlink() {
        "symlink"
    } else if m.is_file() {
        "regular file"
    } else {
        "special file"
    }
}

/// A new file: the folder is created if missing.
fn create_new(path: &Path, contents: &[u8], options: Options) -> Result<(), String> {
    let dir = folder_of(path);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    atomic(path, path, contents, options, None)
}

/// Replaces the regular file `real` (which `path`, as the user gave it,
/// names directly or through a symlink).
fn replace(
    path: &Path,
    real: &Path,
    meta: &Metadata,
    contents: &[u8],
    options: Options,
) -> Result<(), String> {
    atomic(path, real, contents, options, Some(meta.permissions()))
}

/// Writes a temporary file next to `real` and renames it over `real`;
/// errors name `path`. The temporary file is removed on any failure.
fn atomic(
    path: &Path,
    real: &Path,
    contents: &[u8],
    options: Options,
    keep: Option<std::fs::Permissions>,
) -> Result<(), String> {
    let named = |e: std::io::Error| format!("{}: {e}", path.display());
    let name = real.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // tempfile creates files with mode 0600; a new file that is not a
    // secret gets the usual 0666 less the umask, as `File::create` would.
    #[cfg(unix)]
    if !options.secret && keep.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(folder_of(real)).map_err(named)?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(named)?;
    // The old mode is set only once the contents are in place, so the
    // file is never wider than either mode while it is being written.
    if let Some(perms) = keep.filter(|_| !options.secret) {
        tmp.as_file().set_permissions(perms).map_err(named)?;
    }
    let persisted = if options.no_clobber {
        tmp.persist_noclobber(real)
    } else {
        tmp.persist(real)
    };
    persisted.map(drop).map_err(|e| named(e.error))
}

/// The folder a path is in (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_paths_are_checked_before_a_run() {
        let d = dir();
        let fresh = d.path().join("new/report.json");
        assert!(check_writable(&fresh).is_ok());
        assert!(!fresh.exists(), "nothing written");
        assert_eq!(std::fs::read_dir(d.path().join("new")).unwrap().count(), 0);
        assert!(check_writable(d.path()).unwrap_err().contains("folder"));
        let file = d.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        assert!(check_writable(&file.join("report.json")).is_err());
        assert!(check_writable(Path::new("-")).is_ok());
    }

    #[test]
    fn vendor_text_cannot_drive_a_terminal_or_break_xml() {
        let evil = "ok\u{1b}]0;pwned\u{7}\u{1b}[2J\rCONFORMANT\u{0}\u{85}\nnext\tline";
        let t = terminal_text(evil);
        assert!(
            !t.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{t}"
        );
        assert!(
            t.contains("\\u{1b}]0;pwned") && t.contains("\nnext\tline"),
            "{t}"
        );
        let x = xml_text("a\u{fffe}b\u{ffff}\u{1}c\u{10348}\td");
        assert_eq!(x, "a\\u{fffe}b\\u{ffff}\\u{1}c\u{10348}\td");
    }

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    fn entries(d: &Path) -> Vec<String> {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn creates_a_new_file_and_its_folder_without_leaving_temporaries() {
        let d = dir();
        let out = d.path().join("sub/report.json");
        write_atomic(&out, "{}").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "{}");
        assert_eq!(entries(&d.path().join("sub")), ["report.json"]);
    }

    #[test]
    fn replaces_a_regular_file_keeping_its_mode() {
        let d = dir();
        let out = d.path().join("r.txt");
        std::fs::write(&out, "old contents").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&out, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(entries(d.path()), ["r.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink_to_a_regular_file_and_keeps_the_link() {
        let d = dir();
        let real = d.path().join("real.json");
        let link = d.path().join("link.json");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, "new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(entries(d.path()), ["link.json", "real.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlink_to_anything_but_a_regular_file() {
        let d = dir();
        let cases = [
            ("to-folder", d.path().to_path_buf()),
            ("to-nothing", d.path().join("missing")),
            ("to-device", PathBuf::from("/dev/null")),
        ];
        for (name, target) in cases {
            let link = d.path().join(name);
            std::os::unix::fs::symlink(&target, &link).unwrap();
            let err = write_atomic(&link, "x").unwrap_err();
            assert!(err.contains("refused"), "{name}: {err}");
            let still = std::fs::symlink_metadata(&link).unwrap();
            assert!(still.is_symlink(), "{name}: the link was replaced");
            assert_eq!(std::fs::read_link(&link).unwrap(), target, "{name}");
        }
        assert!(!d.path().join("missing").exists());
    }

    #[cfg(unix)]
    #[test]
    fn writes_a_device_directly_without_replacing_it() {
        write_atomic(Path::new("/dev/null"), "discarded").unwrap();
        let m = std::fs::symlink_metadata("/dev/null").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(m.file_type().is_char_device());
    }

    #[test]
    fn refuses_a_folder() {
        let d = dir();
        let err = write_atomic(d.path(), "x").unwrap_err();
        assert!(err.contains("folder"), "{err}");
    }

    #[test]
    fn no_clobber_refuses_an_existing_path() {
        let d = dir();
        let out = d.path().join("k.json");
        let once = Options {
            no_clobber: true,
            secret: true,
        };
        write(&out, b"first", once).unwrap();
        let err = write(&out, b"second", once).unwrap_err();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read(&out).unwrap(), b"first");
        assert_eq!(entries(d.path()), ["k.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn secrets_are_created_and_kept_at_mode_0600() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir();
        let out = d.path().join("k.json");
        std::fs::write(&out, "old").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
        let secret = Options {
            no_clobber: false,
            secret: true,
        };
        write(&out, b"key", secret).unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let new = d.path().join("new.json");
        write(&new, b"key", secret).unwrap();
        let mode = std::fs::metadata(&new).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn dash_is_standard_output() {
        assert!(is_stdout(Path::new("-")));
        assert!(!is_stdout(Path::new("./-")));
    }
}
