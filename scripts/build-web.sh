#!/usr/bin/env bash
# Builds the web page into www/dist: plain static files. Builds the npm package (pkg/) first when
# it is missing or older than the Rust sources, and installs the page's npm packages from
# www/package-lock.json when needed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1mpodscope web:\033[0m %s\n' "$*" >&2; }

if [ ! -f pkg/podscope.js ] || [ -n "$(find src Cargo.toml Cargo.lock -newer pkg/podscope_bg.wasm -print -quit 2>/dev/null)" ]; then
  if [ ! -f scripts/build-npm.sh ]; then
    echo "podscope web: pkg/ (the npm package) is missing and scripts/build-npm.sh is not here to build it" >&2
    exit 2
  fi
  say "building the WebAssembly package (pkg/)"
  bash scripts/build-npm.sh
fi

if [ ! -d www/node_modules ] || [ www/package-lock.json -nt www/node_modules/.package-lock.json ]; then
  say "installing the page's npm packages"
  (cd www && npm ci --silent --no-audit --no-fund)
fi

(cd www && node node_modules/vite/bin/vite.js build --logLevel warn)
say "built www/dist ($(du -sh www/dist | cut -f1))"
