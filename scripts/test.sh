#!/usr/bin/env bash
# Every test Podscope has: formatting, lints (native and wasm32), Rust tests (unit, fixtures with
# snapshots, the API-server corpus agreement), the WebAssembly API in Node, and the npm package
# (built, packed, installed and used from Node, TypeScript, Vite and Chromium), and the web page
# (its units, its panels and the built page in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
# Podscope's own crate only: `--all` would also reformat the vendored parser (vendor/), kept as upstream wrote it.
cargo fmt -- --check

step "Generated data matches its source (time zones from Debian's tzdata)"
node scripts/tz-names.mjs --check

step "clippy (native)"
cargo clippy --all-targets --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --locked -- -D warnings
cargo clippy --test wasm_api --target wasm32-unknown-unknown --no-default-features --features panic-probe --locked -- -D warnings

step "Rust tests (debug: what a developer's build does)"
cargo test --locked

step "Rust tests (release, with the corpus figures)"
cargo test --locked --release -- --show-output

step "Fuzz targets (4 s each, so the harness cannot rot; npm run fuzz runs them 30 minutes each)"
# cargo-fuzz needs a nightly toolchain. Installed when missing; where it cannot be had, the step
# says so and the rest of the tests still run.
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal >/dev/null 2>&1 || true
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  cargo fuzz --version 2>/dev/null | grep -q ' 0\.13\.2$' || cargo install --quiet --locked cargo-fuzz --version 0.13.2
  fuzz_log=$(mktemp)
  if fuzz/run.sh 4 >"$fuzz_log" 2>&1; then
    grep -E '^(==|Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$fuzz_log"
  else
    cat "$fuzz_log" # the finding: libFuzzer's report and the artifact's path
    exit 1
  fi
else
  printf '\033[1;33mfuzz: SKIPPED: no nightly toolchain could be installed here (cargo-fuzz needs one)\033[0m\n'
fi

step "WebAssembly API (wasm-pack test --node)"
wasm-pack test --node -- --no-default-features --features panic-probe --test wasm_api --locked

step "npm package"
scripts/build-npm.sh

step "JavaScript tests (the package in Node, TypeScript, Vite and Chromium)"
# A debug build with the `panic-probe` export, for the test of what a bug looks like from JS.
cargo build --lib --target wasm32-unknown-unknown --no-default-features --features panic-probe --locked --quiet
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
wasm-bindgen --target web --out-dir "$probe" --out-name podscope \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/debug/podscope.wasm"
PODSCOPE_PROBE_PKG="$probe" node --test tests/js/*.test.mjs

step "Web page (Node units, panels and the built page in Chromium)"
scripts/test-web.sh

step "VS Code extension (host logic, webview in Chromium, .vsix, end to end in code-server)"
scripts/test-vscode.sh
