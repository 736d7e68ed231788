//! The Supernet desktop app (Tauri shell). The shell arrives with the app issue; until then
//! the node runs headless through the `supernet` command.
