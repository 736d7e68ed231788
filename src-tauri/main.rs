//! The Supernet desktop app's entry point.
// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    supernet_desktop::prepare_environment();
    supernet_desktop::run();
}
