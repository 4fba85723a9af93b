#!/usr/bin/env bash
# Chooses per-dataset default settings on the VALIDATION split only: for each candidate, the
# mean over seeds 0 to 29 of the last epoch's validation accuracy (validation R² for
# regression) from `descent train --json`; the test figures are not read. The chosen settings
# are in Sources/Descent/Training/RecommendedConfiguration.swift; scripts/accuracy.sh then
# reports their test figures.
#
# Usage: scripts/select-settings.sh [DATASET…]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product descent >/dev/null
bin=$(swift build -c release --show-bin-path)/descent

candidates() {
  case "$1" in
    diabetes)
      for hidden in 16 64; do for lr in 0.002 0.005 0.02; do for wd in 0 0.01 0.1; do
        echo "--hidden $hidden --activation relu --epochs 50 --learning-rate $lr --weight-decay $wd"
      done; done; done ;;
    digits)
      for hidden in 64 128; do for lr in 0.01 0.02 0.05; do
        echo "--hidden $hidden --activation relu --epochs 40 --learning-rate $lr --weight-decay 0"
      done; done ;;
    *)
      for hidden in 16 128; do for activation in relu tanh; do for epochs in 40 100; do
        for lr in 0.02 0.05; do
          echo "--hidden $hidden --activation $activation --epochs $epochs --learning-rate $lr --weight-decay 0"
        done
      done; done; done ;;
  esac
}

datasets=("$@")
[ ${#datasets[@]} -gt 0 ] || datasets=(digits iris wine breast_cancer diabetes)
for data in "${datasets[@]}"; do
  best=""
  bestScore=-1e9
  while read -r candidate; do
    # shellcheck disable=SC2086
    score=$(for seed in $(seq 0 29); do
      "$bin" train --data "$data" --seed "$seed" --json $candidate | tail -n 1
    done | awk '{
      metric = ($0 ~ /"validation_accuracy"/) ? "validation_accuracy" : "validation_r2"
      match($0, "\"" metric "\":[^,}]*"); sum += substr($0, RSTART + length(metric) + 3, RLENGTH - length(metric) - 3); n += 1
    } END { printf "%.4f", sum / n }')
    echo "$data  $candidate  mean validation $score"
    if awk -v a="$score" -v b="$bestScore" 'BEGIN { exit !(a > b) }'; then
      best=$candidate
      bestScore=$score
    fi
  done < <(candidates "$data")
  echo "==> $data: $best (mean validation $bestScore)"
done
