#!/usr/bin/env bash
# Mean test figure of `descent train` (release build, default settings per dataset) over seeds:
# test accuracy for classification, test R² for regression. Each seed is its own split and
# initialization. The figures in README.md come from `scripts/accuracy.sh` (seeds 0 to 29).
#
# Usage: scripts/accuracy.sh [--seeds FIRST LAST] [DATASET…] [-- train options…]
# Example: scripts/accuracy.sh --seeds 0 4 digits -- --epochs 20
set -euo pipefail
cd "$(dirname "$0")/.."
first=0
last=29
datasets=()
options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) first=$2; last=$3; shift 3 ;;
    --) shift; options=("$@"); break ;;
    *) datasets+=("$1"); shift ;;
  esac
done
[ ${#datasets[@]} -gt 0 ] || datasets=(digits iris wine breast_cancer diabetes)
swift build -c release --product descent >/dev/null
bin=$(swift build -c release --show-bin-path)/descent
for data in "${datasets[@]}"; do
  for seed in $(seq "$first" "$last"); do
    "$bin" train --data "$data" --seed "$seed" --json ${options[@]+"${options[@]}"} | tail -n 1
  done | awk -v data="$data" '
    {
      metric = "test_accuracy"
      if ($0 !~ /"test_accuracy"/) metric = "test_r2"
      match($0, "\"" metric "\":[^,}]*"); value = substr($0, RSTART + length(metric) + 3, RLENGTH - length(metric) - 3)
      match($0, /"train_seconds":[^,}]*/); seconds = substr($0, RSTART + 16, RLENGTH - 16)
      sum += value; time += seconds; n += 1
      if (n == 1 || value < low) low = value
    }
    END { printf "%-14s mean %s %.4f  (lowest %.4f, %d seeds, mean train time %.2f s)\n", data, metric, sum / n, low, n, time / n }'
done
