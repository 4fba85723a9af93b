#!/usr/bin/env bash
# The `linreg` workload of BENCHMARKS.md (n = 100000, d = 64, float64, with intercept), timed
# for Descent (`descent regress-benchmark`, normal equations by Cholesky, or --solver qr) and
# for NumPy's lstsq on the same data in the same run; prints both JSON lines and the ratios.
# Data: rng = default_rng(0); x ~ N(0,1) [n, d]; w ~ N(0,1) [d]; y = x w + 3 + 0.1·N(0,1), as
# in shared/bench/reference/torch_bench.py. Timings: median of 5 after one warm-up.
#
# Usage: scripts/bench-linreg.sh [qr|normal-equations]
set -euo pipefail
cd "$(dirname "$0")/.."
solver=${1:-normal-equations}
python=${PYTHON:-python3}
scratch=${SCRATCH:-.build}  # SCRATCH=.build-x keeps the build apart from others'
swift build -c release --scratch-path "$scratch" --product descent >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/descent
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" - "$dir" <<'PY'
import json, sys, time
import numpy as np
d_ = sys.argv[1]
rng = np.random.default_rng(0)
n, d = 100_000, 64
x = rng.standard_normal((n, d)); w = rng.standard_normal(d)
y = x @ w + 3.0 + 0.1 * rng.standard_normal(n)
x.tofile(f"{d_}/x.bin"); y.tofile(f"{d_}/y.bin"); w.tofile(f"{d_}/w.bin")
xa = np.hstack([x, np.ones((n, 1))])
f = lambda: np.linalg.lstsq(xa, y, rcond=None)
f(); times = []
for _ in range(5):
    t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
coef = f()[0]
print(json.dumps({"workload": "linreg", "system": "numpy", "n": n, "d": d, "seconds": sorted(times)[2],
                  "max_abs_weight_error": float(np.max(np.abs(coef[:-1] - w))), "solver": "numpy.linalg.lstsq"}))
PY
"$bin" regress-benchmark "$dir/x.bin" "$dir/y.bin" 100000 64 --solver "$solver" > "$dir/descent.json"
"$python" - "$dir" <<'PY'
import json, sys
import numpy as np
d_ = sys.argv[1]
r = json.load(open(f"{d_}/descent.json"))
w = np.fromfile(f"{d_}/w.bin")
r["max_abs_weight_error"] = float(np.max(np.abs(np.array(r.pop("coefficients")) - w)))
print(json.dumps(r))
PY
