#!/usr/bin/env bash
# Fills each target's corpus (fuzz/corpus/<target>/) with seeds: the fixtures, the examples, the
# checked-in seeds/ (small hostile inputs) and, when it sits beside the repository, the shared
# corpus of real manifests (files under 16 KB).
set -euo pipefail
cd "$(dirname "$0")"
shared=../../shared/corpus
[ -d "$shared" ] || shared=../../../shared/corpus
for target in analyze_default analyze_all render api yaml_events; do
  mkdir -p "corpus/$target"
  for f in ../tests/fixtures/*/*.yaml ../tests/fixtures/*/*.json ../examples/*.yaml ../benches/typical-pod.yaml seeds/*; do
    [ -f "$f" ] || continue
    cp "$f" "corpus/$target/$(echo "${f#../}" | tr / _)"
  done
  if [ -d "$shared" ]; then
    find "$shared" -type f -size -16k \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0 |
      while IFS= read -r -d '' f; do
        cp "$f" "corpus/$target/shared_$(echo "${f#"$shared"/}" | tr / _)"
      done
  fi
done
