#!/bin/sh
# Files per second of `podscope check` over N small generated manifests, with 1 and 2 jobs.
# Usage: scripts/bench-jobs.sh [N] (default 10000); needs a release build in $CARGO_TARGET_DIR.
set -e
n=${1:-10000}
bin=${CARGO_TARGET_DIR:-target}/release/podscope
dir=$(mktemp -d)
i=0
while [ $i -lt $n ]; do
  printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p%d\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports: [{containerPort: 80}]\n' $i > $dir/p$i.yaml
  i=$((i+1))
done
for jobs in 1 2; do
  start=$(date +%s.%N)
  "$bin" check "$dir" --jobs $jobs > /dev/null || true
  end=$(date +%s.%N)
  echo "jobs=$jobs: $(echo "$n / ($end - $start)" | bc) files/s"
done
rm -rf "$dir"
