#!/usr/bin/env bash
# The long runs of the property tests and fuzz harnesses (issue 11), each a seeded test of the
# suite run with a larger count; the suite itself runs 10,000 cases per op family and 2,000
# fuzz inputs per harness. Debug build: the test target uses @testable imports, so
# `swift test -c release` cannot build it.
#
#   properties: DESCENT_PROPERTY_CASES per property test (11 tests over 7 op families;
#               91,000 each is 1,001,000 cases in total), about 5 minutes on 2 cores
#   CSV and expressions: DESCENT_FUZZ_ROUNDS inputs each, and a row of a million columns
#   CLI options: every value option of train, grad, descend, regress, predict, lr-find,
#               lr-sweep and datasets with 11 bad values each (the whole grid)
#   safetensors: DESCENT_FUZZ_ROUNDS mutated and random files
#
# Usage: scripts/fuzz-long.sh [properties|csv|expressions|cli|safetensors]…   (default: all)
# Environment: CASES (default 91000), ROUNDS (default 1000000), SCRATCH (a --scratch-path).
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${CASES:-91000}
rounds=${ROUNDS:-1000000}
scratch=()
[ -n "${SCRATCH:-}" ] && scratch=(--scratch-path "$SCRATCH")
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(properties csv expressions cli safetensors)
for part in "${parts[@]}"; do
  echo "== $part"
  case "$part" in
    properties)
      DESCENT_PROPERTY_CASES=$cases swift test ${scratch[@]+"${scratch[@]}"} --filter Property ;;
    csv)
      DESCENT_FUZZ_ROUNDS=$rounds DESCENT_FUZZ_COLUMNS=1000000 \
        swift test ${scratch[@]+"${scratch[@]}"} --filter CSVFuzzTests ;;
    expressions)
      DESCENT_FUZZ_ROUNDS=$rounds swift test ${scratch[@]+"${scratch[@]}"} --filter ExpressionFuzzTests ;;
    cli)
      DESCENT_CLI_FUZZ=all swift test ${scratch[@]+"${scratch[@]}"} --filter CLIOptionFuzzTests ;;
    safetensors)
      DESCENT_FUZZ_ROUNDS=$rounds swift test ${scratch[@]+"${scratch[@]}"} --filter SafeTensorsTests/fuzz ;;
    *) echo "unknown part $part (properties, csv, expressions, cli, safetensors)" >&2; exit 2 ;;
  esac
done
