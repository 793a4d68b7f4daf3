//! The `uniqr` command: a thin layer over the library. See `uniqr --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
