#!/usr/bin/env bash
# graph_browser_test.sh REPO WORKDIR KGLS: the page of `kgls graph --format html` in a real
# browser. In WORKDIR (a copy of tests/editors/browser without node_modules): `npm ci`
# (puppeteer-core, pinned by package-lock.json; it downloads no browser), then the test
# drives Debian's Chromium headless and saves WORKDIR/graph.png (the picture in
# editors/README.md: `cp WORKDIR/graph.png editors/images/graph.png`).
# Exit 77 (skip) only when no Chromium is installed ($CHROMIUM, else chromium or
# chromium-browser on PATH); .ci/install installs it, and Graphviz, which the page needs.
set -euo pipefail
repo=$1 work=$2 kgls=$3

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
  chromium=$(command -v chromium || command -v chromium-browser || true)
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "SKIP: no Chromium (set \$CHROMIUM, or install Debian's chromium package: .ci/install does)"
  exit 77
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (.ci/install installs it)"; exit 1; }
done
command -v dot >/dev/null || { echo "FAIL: Graphviz's dot is not installed (.ci/install installs graphviz)"; exit 1; }

rm -rf "$work"
mkdir -p "$work"
tar -C "$repo/tests/editors/browser" --exclude=./node_modules -cf - . | tar -C "$work" -xf -
cd "$work"
npm ci --no-audit --no-fund --loglevel=error
export KGLS_BINARY=$kgls KGLS_SOURCE_DIR=$repo CHROMIUM=$chromium SCREENSHOT=$work/graph.png
npm test
ls -l "$work/graph.png"
