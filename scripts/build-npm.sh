#!/usr/bin/env bash
# Builds the npm package `podscope` into pkg/: wasm-pack (target `web`, one ES module that works
# in browsers, bundlers and Node), wasm-opt for size, then the package files kept in npm/
# (package.json with the version from Cargo.toml, README) and the licence. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh # quick when all is there; lets `npm run build:*` work on a fresh clone
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# wasm-bindgen's output uses reference types (table.fill); binaryen reads them from version 116.
wasm_opt_version=$(wasm-opt --version | sed -n 's/^wasm-opt version \([0-9]*\).*/\1/p')
if [ "${wasm_opt_version:-0}" -lt 116 ]; then
  echo "build-npm: wasm-opt $wasm_opt_version on PATH is too old (116 or later needed); run scripts/ensure-tools.sh" >&2
  exit 2
fi

rm -rf pkg
wasm-pack --quiet build --target web --profile wasm-release --no-pack --no-opt --no-gitignore \
  --out-dir pkg --out-name podscope -- --no-default-features --locked
rm -f pkg/podscope_bg.wasm.d.ts # the raw exports' types; nothing imports them

# The features rustc and wasm-bindgen use (the module carries no feature section any more).
wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-sign-ext \
  --enable-mutable-globals --enable-nontrapping-float-to-int --enable-multivalue \
  pkg/podscope_bg.wasm -o pkg/podscope_bg.wasm

# wasm-bindgen types the raw exports' externref parameters as `any`; nothing public may be `any`.
sed -i -e '/^export interface InitOutput {/,/^}/s/\bany\b/unknown/g' pkg/podscope.d.ts
# wasm-bindgen declares `[Symbol.dispose]()` on classes (`Workspace`), which needs TypeScript's
# `esnext.disposable` lib; consumers on ES2022 would fail to compile. `free()` is declared, and the
# method is still there at run time where the engine has `Symbol.dispose`.
sed -i -e '/^    \[Symbol\.dispose\](): void;$/d' pkg/podscope.d.ts

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
node -e '
  const fs = require("fs");
  const manifest = JSON.parse(fs.readFileSync("npm/package.json", "utf8"));
  manifest.version = process.argv[1];
  fs.writeFileSync("pkg/package.json", JSON.stringify(manifest, null, 2) + "\n");
' "$version"
cp npm/README.md LICENSE pkg/

raw=$(wc -c <pkg/podscope_bg.wasm)
gzipped=$(gzip -9 -c pkg/podscope_bg.wasm | wc -c)
printf 'podscope %s: podscope_bg.wasm %d KB raw, %d KB gzipped (limit: 520 KB gzipped, see tests/js/package.test.mjs)\n' \
  "$version" $((raw / 1024)) $((gzipped / 1024))
