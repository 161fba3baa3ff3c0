#!/usr/bin/env bash
# Builds the VS Code extension and packages it as vscode/podscope-<version>.vsix (with
# @vscode/vsce, offline; any warning from vsce fails). Builds the `podscope` npm package into
# pkg/ first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f pkg/podscope.js ] || [ ! -f pkg/podscope_bg.wasm ]; then
  bash scripts/build-npm.sh
fi
cd vscode
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  printf '\033[1mpodscope vscode:\033[0m installing npm packages\n' >&2
  npm ci --silent --no-audit --no-fund
fi
node scripts/build.mjs
rm -f podscope-*.vsix
node scripts/package.mjs
