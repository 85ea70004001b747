#!/usr/bin/env bash
# Installs what the VS Code end-to-end suite (test/vscode-e2e/) drives: VS Code's server and workbench as
# packaged by code-server, and playwright-core to drive Debian's chromium (/usr/bin/chromium, from apt:
# .ci/run installs it; no browser is downloaded). Everything goes into one cached folder, reused while the
# pinned versions stay the same:
#   ${SIMPLE_LSP_CI_CACHE:-~/.cache/simple-lsp-ci}/vscode-e2e-<code-server>-<playwright-core>/
# Prints that folder's path on stdout (progress goes to stderr). Needs libkrb5-dev (code-server's kerberos module builds from
# source) and network access to the npm registry only.
set -euo pipefail
# Progress goes to stderr; stdout carries only the folder's path.
exec 3>&1 1>&2

CODE_SERVER_VERSION=4.100.3 # VS Code 1.100.3: the newest code-server whose engines.node is 20
PLAYWRIGHT_VERSION=1.65.2
RIPGREP_NPM_VERSION=1.18.0 # @vscode/ripgrep-linux-x64: an rg binary from the npm registry
CACHE=${SIMPLE_LSP_CI_CACHE:-$HOME/.cache/simple-lsp-ci}
DIR="$CACHE/vscode-e2e-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION"

if [ -f "$DIR/.complete" ]; then
  echo "vscode-e2e tools: cached in $DIR"
  echo "$DIR" >&3
  exit 0
fi
if [ "$(uname -m)" != x86_64 ]; then
  echo "vscode-e2e tools: this installer seeds ripgrep for x86_64 only (machine: $(uname -m))" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$DIR"
mkdir -p "$DIR"
echo '{ "name": "simple-lsp-vscode-e2e-tools", "private": true }' >"$DIR/package.json"

# code-server's VS Code pins @vscode/ripgrep, whose postinstall downloads rg from GitHub's API (not
# reachable from CI) unless $TMPDIR/vscode-ripgrep-cache-<its version>/ripgrep-<rg>-<target>.tar.gz exists.
# Seed that cache with the rg binary of the npm package @vscode/ripgrep-linux-x64.
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
(cd "$work" && npm pack --silent "@vscode/ripgrep-linux-x64@$RIPGREP_NPM_VERSION" >/dev/null)
tar -xzf "$work"/vscode-ripgrep-linux-x64-*.tgz -C "$work"
rg=$(find "$work/package" -type f -name rg | head -n1)
[ -n "$rg" ] || { echo "no rg in @vscode/ripgrep-linux-x64" >&2; exit 1; }
for v in 1.15.11 1.15.14 1.17.0; do # @vscode/ripgrep versions VS Code 1.100 may pin (1.15.11 today)
  mkdir -p "$TMPDIR/vscode-ripgrep-cache-$v"
  for rgv in v13.0.0-10 v13.0.0-13 v13.0.0-4; do
    tar -czf "$TMPDIR/vscode-ripgrep-cache-$v/ripgrep-$rgv-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$rg")" rg
  done
done

# unsafe_perm: code-server's postinstall refuses root otherwise; yes: node-pty runs `npx node-gyp` without
# a TTY.
(
  cd "$DIR"
  npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --no-save \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
)
test -x "$DIR/node_modules/.bin/code-server"
touch "$DIR/.complete"
echo "$DIR" >&3
