#!/usr/bin/env bash
# vscode_test.sh REPO WORKDIR [KGLS]: the VS Code extension as a fresh clone would build
# it, in WORKDIR (a copy of editors/vscode without node_modules or build outputs, so the
# source tree stays clean): `npm ci`, `npm test` (grammar, settings, packaging tests, and
# the settings sent to KGLS when it is given), and `npm run package`, which leaves
# WORKDIR/kgls.vsix. Exit 77 (skip) without node and npm.
set -euo pipefail
repo=$1 work=$2 kgls=${3:-}
for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (the VS Code extension builds with Node.js >= 20 and npm)"
    exit 77
  fi
done
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "SKIP: Node.js $(node --version) is too old; @vscode/vsce needs Node.js >= 20"
  exit 77
fi

rm -rf "$work"
mkdir -p "$work"
tar -C "$repo/editors/vscode" --exclude=./node_modules --exclude=./out --exclude=./dist --exclude='./*.vsix' -cf - . \
  | tar -C "$work" -xf -
cd "$work"
# The tests find examples/ and grammar/ through this, not through the copy's location.
export KGLS_SOURCE_DIR=$repo
if [ -n "$kgls" ]; then export KGLS_BINARY=$kgls; fi
npm ci --no-audit --no-fund --loglevel=error
npm test
npm run package --silent </dev/null
ls -l "$work/kgls.vsix"
