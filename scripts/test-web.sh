#!/usr/bin/env bash
# The web page's tests: Node unit tests, then the panels and the built page in Debian's
# Chromium driven by playwright-core. Builds the page first. Installs Chromium when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    printf '\033[1mpodscope web:\033[0m installing chromium from Debian\n' >&2
    (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; })
  else
    echo "podscope web: the browser tests need Chromium at /usr/bin/chromium (apt-get install chromium), or CHROMIUM=path" >&2
    exit 2
  fi
fi

bash scripts/build-web.sh
cd www
node --test --test-reporter=spec tests/units.test.mjs tests/panels.test.mjs tests/page.test.mjs
