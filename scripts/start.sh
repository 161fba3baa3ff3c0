#!/usr/bin/env bash
# Runs the product. Until the web page lands, this builds the CLI and validates the examples
# from the user's note on multi-container pods, plus one manifest full of mistakes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked --quiet
for example in examples/*.yaml; do
  printf '\n\033[1m$ podscope check %s\033[0m\n' "$example"
  ./target/release/podscope check --color always "$example" || true
done
