#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds (default 20 in all: 5 each), one after the other, each
# with its own time and memory limits: an input over 10 s or 2 GB is a finding, like a panic.
# Usage: fuzz/run.sh [seconds-per-target] [target...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-5}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(analyze_default analyze_all render api yaml_events)
./seed.sh
for target in "${targets[@]}"; do
  echo "== $target ($seconds s)"
  cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
done
