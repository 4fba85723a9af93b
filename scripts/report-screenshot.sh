#!/usr/bin/env bash
# The done-when check of `descent train --report` (issue 10): trains on digits with its
# default settings (seed 0), writes the report, and captures index.html in headless Chromium
# as a PNG, to look at: the loss falling, the accuracy rising, the confusion matrix, no
# overlapping labels. Needs Chromium (Debian: apt-get install -y chromium).
#
# Usage: scripts/report-screenshot.sh [OUT.png] [--scratch-path PATH]
#   OUT.png defaults to Docs/report-digits.png; the report goes to a temporary folder
#   (kept, and named on the last line).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-Docs/report-digits.png}
build=(-c release)
if [ "${2:-}" = "--scratch-path" ]; then build+=(--scratch-path "$3"); fi
swift build "${build[@]}" --product descent >/dev/null
bin=$(swift build "${build[@]}" --show-bin-path)/descent
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "no Chromium found; install it (apt-get install -y chromium)" >&2
  exit 1
fi

report=$(mktemp -d "${TMPDIR:-/tmp}/descent-report-XXXXXX")
"$bin" train --data digits --report "$report" --quiet
mkdir -p "$(dirname "$out")"
case "$out" in /*) png=$out ;; *) png=$PWD/$out ;; esac
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --screenshot="$png" --window-size=1240,1700 "file://$report/index.html" 2>/dev/null
echo "captured $report/index.html as $out"
