#!/usr/bin/env bash
# Descent against the reference scripts on the workloads of BENCHMARKS.md: builds release, then
# runs the references (torch_bench.py, sklearn_digits.py) and `descent bench`, interleaved,
# RUNS times at THREADS threads, and prints each figure's median over the runs and the median
# of the per-run ratios Descent / reference (for graph-overhead, linreg and digits-e2e a time,
# so below 1 is faster; for gemm and the MLPs a rate, so above 1 is faster).
#
# Usage: scripts/bench.sh [WORKLOAD ...]      (default: all; gemm, mlp-train, mlp-small,
#                                             graph-overhead, linreg, digits-e2e)
# Environment: RUNS (3), THREADS (2), PYTHON (python3, with torch, numpy and scikit-learn),
#   REFERENCE (the folder of torch_bench.py; default ../shared/bench/reference beside the
#   repository), SCRATCH (the build folder, .build).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
threads=${THREADS:-2}
python=${PYTHON:-python3}
reference=${REFERENCE:-../shared/bench/reference}
scratch=${SCRATCH:-.build}
workloads=("$@")
[ ${#workloads[@]} -eq 0 ] && workloads=(gemm mlp-train mlp-small graph-overhead linreg digits-e2e)

swift build -c release --scratch-path "$scratch" --product descent >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/descent
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for run in $(seq "$runs"); do
  for workload in "${workloads[@]}"; do
    echo "run $run/$runs: $workload" >&2
    # OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE slow NumPy where the machine sets them.
    if [ "$workload" = digits-e2e ]; then
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" \
        "$python" "$reference/sklearn_digits.py" Sources/Descent/Resources/Datasets/digits.csv
    else
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
        "$python" "$reference/torch_bench.py" "$workload" --threads "$threads"
    fi | sed "s/^/$run /" >>"$out"
    "$bin" bench "$workload" --threads "$threads" | sed "s/^/$run /" >>"$out"
  done
done

"$python" - "$out" <<'PY'
import collections, json, statistics, sys

# workload -> (figure, is a time): the figure compared, and whether smaller is better.
figures = {"gemm": ("gflops", False), "mlp-train": ("samples_per_second", False),
           "mlp-small": ("samples_per_second", False),
           "graph-overhead": ("microseconds_per_op", True), "linreg": ("seconds", True),
           "digits-e2e": ("train_seconds", True)}
values = collections.defaultdict(dict)  # (workload, n, system) -> {run: record}
for line in open(sys.argv[1]):
    run, text = line.split(" ", 1)
    record = json.loads(text)
    key = (record["workload"], record.get("n") if record["workload"] == "gemm" else None)
    values[key].setdefault(record["system"], {})[int(run)] = record

for (workload, n), systems in values.items():
    figure, is_time = figures[workload]
    label = workload + (f" n={n}" if n is not None else "")
    descent = systems.get("descent", {})
    medians = {s: statistics.median(r[figure] for r in runs.values()) for s, runs in systems.items()}
    line = f"{label:20} {figure}: " + ", ".join(f"{s} {v:.4g}" for s, v in medians.items())
    for system, runs in systems.items():
        if system == "descent":
            continue
        ratios = [descent[r][figure] / runs[r][figure] for r in runs if r in descent]
        if ratios:
            line += f" | descent/{system} {statistics.median(ratios):.3f}"
    if workload == "digits-e2e" and descent:
        accuracy = {s: statistics.median(r["test_accuracy"] for r in runs.values())
                    for s, runs in systems.items()}
        line += " | test_accuracy " + ", ".join(f"{s} {v:.4f}" for s, v in accuracy.items())
    print(line)
PY
