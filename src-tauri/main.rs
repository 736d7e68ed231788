//! Entry point of the desktop app.
#![allow(clippy::print_stderr)]

fn main() -> std::process::ExitCode {
    eprintln!("The Supernet desktop window is not built yet; run the node with `supernet serve`.");
    std::process::ExitCode::FAILURE
}
