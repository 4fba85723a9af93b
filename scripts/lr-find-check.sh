#!/usr/bin/env bash
# The done-when check of `descent lr-find` (issue 7): the range test on digits (default
# settings: SGD with momentum, seed 0) suggests a learning rate; 20-epoch runs of
# `descent train` at that rate, seeds 0 to 4 (each its own split and initialization), must
# reach a mean test accuracy of at least 0.95.
#
# Usage: scripts/lr-find-check.sh [--scratch-path PATH]   (release build; PATH as for swift build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=(-c release)
if [ "${1:-}" = "--scratch-path" ]; then build+=(--scratch-path "$2"); fi
swift build "${build[@]}" --product descent >/dev/null
bin=$(swift build "${build[@]}" --show-bin-path)/descent

found=$("$bin" lr-find --data digits --json)
rate=$(printf '%s\n' "$found" | sed -n 's/.*"suggested_learning_rate":\([^,}]*\).*/\1/p')
stop=$(printf '%s\n' "$found" | sed -n 's/.*"stop_reason":"\([^"]*\)".*/\1/p')
if [ -z "$rate" ] || [ "$rate" = "null" ]; then
  echo "lr-find made no suggestion (stop reason: $stop)" >&2
  exit 1
fi
echo "descent lr-find --data digits: suggested learning rate $rate (stop reason: $stop)"

for seed in 0 1 2 3 4; do
  "$bin" train --data digits --epochs 20 --learning-rate "$rate" --seed "$seed" --json | tail -n 1
done | awk '
  {
    match($0, /"test_accuracy":[^,}]*/); value = substr($0, RSTART + 16, RLENGTH - 16)
    match($0, /"validation_accuracy":[^,}]*/); validation = substr($0, RSTART + 22, RLENGTH - 22)
    printf "  seed %d  test accuracy %.4f  validation accuracy %.4f\n", n, value, validation
    sum += value; vsum += validation; n += 1
  }
  END {
    mean = sum / n
    printf "mean test accuracy over seeds 0-4 (20 epochs): %.4f (validation %.4f); required >= 0.95: %s\n", mean, vsum / n, (mean >= 0.95 ? "met" : "NOT met")
    exit (mean >= 0.95 ? 0 : 1)
  }'
