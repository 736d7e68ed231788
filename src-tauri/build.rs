//! Build script of the desktop app: Tauri's code generation, with the app's one command
//! (`call`) declared so capabilities grant exactly it.

fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(&["call", "media"]));
    tauri_build::try_build(attributes).expect("the Tauri build step failed");
}
