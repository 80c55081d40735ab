#!/usr/bin/env bash
# Runs every benchmark in bench/ (each prints one JSON document) and gathers them into out/bench.json.
# Usage: bench/run.sh [name-filter]   e.g. bench/run.sh covariance;  BENCH_QUICK=1 bench/run.sh  (fewer repetitions)
# First installs the Python peers of bench/compare.ts when possible (bench/setup-peers.sh never fails the run).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
filter="${1:-}"
bash bench/setup-peers.sh || echo "[bench] peer set-up failed; compare.ts will skip the peers" >&2
args=()
[[ "${BENCH_QUICK:-}" == 1 ]] && args+=(--quick)
results=()
for file in bench/*.ts; do
  name=$(basename "$file" .ts)
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  echo "[bench] $name" >&2
  json=$(npx tsx "$file" "${args[@]}")
  echo "$json"
  results+=("\"$name\": $json")
done
( IFS=,; echo "{${results[*]}}" ) > out/bench.json
echo "[bench] written out/bench.json" >&2
