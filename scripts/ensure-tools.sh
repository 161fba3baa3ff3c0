#!/usr/bin/env bash
# Installs what building and testing Podscope needs, skipping whatever is already there.
# Safe to run repeatedly; fast when everything is present. Used by `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1mpodscope setup:\033[0m %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$PATH"

# Rust components and the WebAssembly target.
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "adding rust component $component"
    rustup component add "$component"
  fi
done
if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen version pinned (with `=`) in Cargo.toml exactly.
bindgen_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
if [ -z "$bindgen_version" ]; then
  echo "podscope setup: Cargo.toml must pin wasm-bindgen with '=x.y.z'" >&2
  exit 2
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $bindgen_version\$"; then
  say "installing wasm-bindgen-cli $bindgen_version (a few minutes, once)"
  cargo install --quiet wasm-bindgen-cli --version "$bindgen_version" --force
fi

# wasm-pack's own download of its helpers needs the internet; it is built from crates.io instead.
if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack (a few minutes, once)"
  cargo install --quiet wasm-pack --locked
fi

# wasm-opt comes from npm's `binaryen` in the lock file (Debian's is too old for reference types).

# Chromium for the browser test of the npm package (Debian's; tools that download their own fail).
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  say "installing chromium from Debian (once)"
  (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; })
fi

# npm packages, from the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --silent --no-audit --no-fund
fi
