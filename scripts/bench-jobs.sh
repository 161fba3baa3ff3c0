#!/bin/sh
# Files per second of `podscope check` over N small generated manifests, with 1 and 2 jobs:
# the median of R runs each (the first run of each warms the page cache and is not counted).
# Usage: scripts/bench-jobs.sh [N] [R] (defaults 10000 and 11); needs a release build in
# $CARGO_TARGET_DIR (or target/).
set -e
n=${1:-10000}
runs=${2:-11}
bin=${CARGO_TARGET_DIR:-target}/release/podscope
dir=$(mktemp -d)
i=0
while [ $i -lt $n ]; do
  printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p%d\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports: [{containerPort: 80}]\n' $i > $dir/p$i.yaml
  i=$((i+1))
done
for jobs in 1 2; do
  "$bin" check "$dir" --jobs $jobs > /dev/null || true
  times=""
  r=0
  while [ $r -lt $runs ]; do
    start=$(date +%s%N)
    "$bin" check "$dir" --jobs $jobs > /dev/null || true
    end=$(date +%s%N)
    times="$times $(( (end - start) / 1000 ))"
    r=$((r+1))
  done
  median=$(echo $times | tr ' ' '\n' | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "jobs=$jobs: median $(( median / 1000 )) ms, $(( n * 1000000 / median )) files/s"
done
rm -rf "$dir"
