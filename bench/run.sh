#!/usr/bin/env bash
# Runs every benchmark in bench/ (each prints one JSON document) and gathers them into out/bench.json.
# Usage: bench/run.sh [name-filter]   e.g. bench/run.sh covariance
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
filter="${1:-}"
results=()
for file in bench/*.ts; do
  name=$(basename "$file" .ts)
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  echo "[bench] $name" >&2
  json=$(npx tsx "$file")
  echo "$json"
  results+=("\"$name\": $json")
done
( IFS=,; echo "{${results[*]}}" ) > out/bench.json
echo "[bench] written out/bench.json" >&2
