#!/usr/bin/env bash
# Makes the pictures of Docs/Tutorial.md: runs the tutorial's commands that draw (--plot,
# --graph, --report), exactly as the tutorial shows them, and copies the SVG files it shows into
# Docs/images. scripts/tutorial-check.sh finds and runs the commands.
#
# Usage: scripts/tutorial-pictures.sh [--scratch-path PATH]   (release build; PATH as for swift build)
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/tutorial-check.sh "$@" --pictures Docs/images
