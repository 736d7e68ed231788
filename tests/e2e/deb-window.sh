#!/usr/bin/env bash
# The installed desktop app opens its window: unpacks the newest debug .deb into a scratch
# root, starts the installed binary under Xvfb on a fresh data directory (local-only), waits
# for the "Supernet" window and for the page inside it to paint its first screen (the
# welcome of a new account: far from uniform, unlike a blank or loading window), and keeps
# a screenshot of the window.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
artifacts="test-artifacts/e2e"
mkdir -p "$artifacts"

deb="$(ls -t "$CARGO_TARGET_DIR"/debug/bundle/deb/*.deb | head -n 1)"
root="$(mktemp -d)"
data="$(mktemp -d)"
trap 'rm -rf "$root" "$data"' EXIT
dpkg -x "$deb" "$root"
app="$root/usr/bin/supernet-desktop"
[ -x "$app" ] || { note "the package has no usr/bin/supernet-desktop:"; find "$root" -type f | head -20; exit 1; }
note "installed $(basename "$deb") into a scratch root"

export APP="$app" SUPERNET_DATA_DIR="$data" SUPERNET_LOCAL_ONLY=1 SHOT="$artifacts/deb-window.png"
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$APP" >"$SUPERNET_DATA_DIR/app.log" 2>&1 & pid=$!
  window=""; painted=""
  # Up to 60 s for the window, then for the page to paint (more than one colour on screen).
  for _ in $(seq 1 120); do
    if [ -z "$window" ] && xwininfo -root -tree | grep -q "\"Supernet\""; then window=yes; fi
    if [ -n "$window" ]; then
      if xwd -name Supernet -silent 2>/dev/null | convert xwd:- png:"$SHOT" 2>/dev/null; then
        # Grey-level spread of the window: ~0.03 while "Opening Supernet…", ~0.11 once the
        # welcome screen is drawn.
        spread=$(convert "$SHOT" -colorspace gray -format "%[fx:standard_deviation]" info:)
        if awk "BEGIN { exit !($spread > 0.08) }"; then painted=yes; break; fi
      fi
    fi
    sleep 0.5
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  if [ -z "$window" ]; then echo "no Supernet window appeared"; cat "$SUPERNET_DATA_DIR/app.log"; exit 1; fi
  if [ -z "$painted" ]; then echo "the window stayed blank"; cat "$SUPERNET_DATA_DIR/app.log"; exit 1; fi
'
note "the installed app opened its window and painted it: $SHOT"
