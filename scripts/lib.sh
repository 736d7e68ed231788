# Shared by the scripts: where builds go, and small helpers. Source it; do not run it.

# Reuse one target directory outside the clone, so a fresh clone (CI) builds incrementally
# on a machine that has built Supernet before.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/supernet/target}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
note() { printf '%s\n' "$*" >&2; }
