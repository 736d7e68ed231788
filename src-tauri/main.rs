//! The Supernet desktop app's entry point.
// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // A mini-app's script worker is this same binary, started with a flag.
    supernet_node::script::run_worker_if_requested();
    supernet_desktop::prepare_environment();
    supernet_desktop::run();
}
