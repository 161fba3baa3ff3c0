#!/usr/bin/env bash
# `npm start`: builds everything and serves the page on 127.0.0.1, printing its URL. The page
# opens with an example loaded. PORT picks the port (default 8080, or the next free one).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
bash scripts/build-web.sh
exec node scripts/serve-web.mjs
