#!/usr/bin/env bash
# Every test Podscope has: formatting, lints (native and wasm32), Rust tests (unit, fixtures with
# snapshots, the API-server corpus agreement), a release build for WebAssembly, and the web page
# (its units, its panels and the built page in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --all-targets --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --locked -- -D warnings

step "Rust tests"
cargo test --locked --release -- --show-output

step "WebAssembly release build"
cargo build --lib --target wasm32-unknown-unknown --no-default-features --release --locked
ls -l target/wasm32-unknown-unknown/release/podscope.wasm

step "Web page (Node units, panels and the built page in Chromium)"
scripts/test-web.sh
