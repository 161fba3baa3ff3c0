#!/usr/bin/env bash
# The VS Code extension's tests: the extension host's logic in Node (a stand-in `vscode`), the
# diagram webview as a page in Debian's Chromium, the .vsix package, and end to end in a real
# VS Code (code-server from npm, installed once into a cache by scripts/ensure-code-server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1mpodscope vscode:\033[0m %s\n' "$*" >&2; }

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing chromium from Debian"
    (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; })
  else
    echo "podscope vscode: the browser tests need Chromium at /usr/bin/chromium (apt-get install chromium), or CHROMIUM=path" >&2
    exit 2
  fi
fi

code_server_home=$(scripts/ensure-code-server.sh)
bash scripts/package-vscode.sh

if [ ! -x node_modules/.bin/tsc ]; then
  npm ci --silent --no-audit --no-fund
fi
cd vscode
say "types: the extension's JavaScript against VS Code's API and the podscope package's types"
../node_modules/.bin/tsc -p jsconfig.json

say "extension host (node:test, stand-in vscode) and the webview in Chromium"
node --test --test-reporter=spec test/host.test.mjs test/webview.test.mjs

say "end to end in code-server"
start=$(date +%s)
CODE_SERVER_HOME="$code_server_home" node --test --test-reporter=spec test/e2e.test.mjs
say "end to end: $(($(date +%s) - start)) s"
