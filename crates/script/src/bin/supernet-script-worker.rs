//! A stand-alone script worker: what the crate's tests and benchmark spawn (nodes use their
//! own binary, which calls `run_worker_if_requested` first thing in `main`).

fn main() {
    supernet_script::run_worker_if_requested();
    // Started without the worker flag: say how it is meant to be used.
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "supernet-script-worker runs one mini-app's script for a Supernet node; \
             it is started by the node with {}",
            supernet_script::WORKER_FLAG
        );
    }
    std::process::exit(2);
}
