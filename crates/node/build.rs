//! Rebuilds the node when the built web UI changes. The gateway embeds `frontend/dist`
//! (rust-embed), and cargo would not otherwise notice new or changed files there, so a
//! fresh `npm run build` could be served stale.

fn main() {
    println!("cargo:rerun-if-changed=../../frontend/dist");
}
