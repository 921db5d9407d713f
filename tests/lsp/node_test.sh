#!/usr/bin/env bash
# node_test.sh REPO WORKDIR KGLS: the Node client test (tests/lsp/node) as a fresh clone
# would run it, in WORKDIR (a copy without node_modules, so the source tree stays clean):
# `npm ci` (vscode-jsonrpc and vscode-languageserver-protocol from the npm registry), then
# `node --test`, which starts KGLS with `serve` and drives it as an LSP client.
# Exit 77 (skip) without node and npm, except in CI (CI=true), where they must be there
# (.ci/install puts them in).
set -euo pipefail
repo=$1 work=$2 kgls=$3
for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    if [ "${CI:-}" = true ]; then
      echo "FAIL: $tool is not installed, and CI must run the Node client test (.ci/install installs nodejs and npm)"
      exit 1
    fi
    echo "SKIP: $tool is not installed (the Node client test needs Node.js >= 18 and npm)"
    exit 77
  fi
done
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "SKIP: Node.js $(node --version) is too old; the test uses node:test (Node.js >= 18)"
  exit 77
fi

rm -rf "$work"
mkdir -p "$work"
cp "$repo/tests/lsp/node/package.json" "$repo/tests/lsp/node/package-lock.json" \
   "$repo/tests/lsp/node/"*.test.js "$work/"
cd "$work"
npm ci --no-audit --no-fund --loglevel=error
KGLS_BINARY=$kgls KGLS_SOURCE_DIR=$repo node --test --test-reporter=spec
