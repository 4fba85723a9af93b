#!/usr/bin/env bash
# Mean test accuracy of `descent train` (release build) over seeds, with the default settings
# unless more options are given. Usage: scripts/accuracy.sh [first-seed last-seed] [train options…]
# Example: scripts/accuracy.sh 0 4 --data digits
set -euo pipefail
cd "$(dirname "$0")/.."
first=${1:-0}
last=${2:-4}
shift $(( $# >= 2 ? 2 : $# ))
swift build -c release --product descent >/dev/null
bin=$(swift build -c release --show-bin-path)/descent
sum=0
for seed in $(seq "$first" "$last"); do
  line=$("$bin" train --json --seed "$seed" "$@" | tail -n 1)
  accuracy=$(sed -E 's/.*"test_accuracy":([^,}]*).*/\1/' <<<"$line")
  seconds=$(sed -E 's/.*"train_seconds":([^,}]*).*/\1/' <<<"$line")
  echo "seed $seed  test_accuracy $accuracy  train_seconds $seconds"
  sum=$(awk -v s="$sum" -v a="$accuracy" 'BEGIN { print s + a }')
done
awk -v s="$sum" -v n=$((last - first + 1)) 'BEGIN { printf "mean test_accuracy over %d seeds: %.4f\n", n, s / n }'
