#!/usr/bin/env bash
# grammar_generated_fresh: regenerates the parser from grammar.js in a temporary
# folder and fails if the committed grammar/src differs, so that src/ (which the
# build compiles) never drifts from grammar.js (which people edit).
# Usage: grammar_generated_fresh.sh GRAMMAR_DIR
set -euo pipefail
grammar=${1:?usage: grammar_generated_fresh.sh GRAMMAR_DIR}
. "$(dirname "$0")/find_cli.sh"

# `tree-sitter generate` evaluates grammar.js with Node.js.
runtime=${TREE_SITTER_JS_RUNTIME:-node}
command -v "$runtime" >/dev/null || skip "no JavaScript runtime ($runtime) for tree-sitter generate"

mkdir "$work/grammar"
cp "$grammar"/grammar.js "$grammar"/package.json "$work/grammar/"
(cd "$work/grammar" && "$tree_sitter" generate --no-bindings)

stale=0
for f in parser.c grammar.json node-types.json tree_sitter/parser.h; do
  if ! cmp -s "$grammar/src/$f" "$work/grammar/src/$f"; then
    stale=1
    changed=$(diff "$grammar/src/$f" "$work/grammar/src/$f" | grep -c '^[<>]' || true)
    echo "src/$f differs from a fresh generate ($changed lines)"
    # The JSON files are readable; show the start of their difference.
    case $f in *.json) { diff -u "$grammar/src/$f" "$work/grammar/src/$f" || true; } | head -n 40 ;; esac
  fi
done
if [ "$stale" -ne 0 ]; then
  echo "grammar/src is stale ($("$tree_sitter" --version)):"
  echo "run tree-sitter generate in grammar/ and commit src/"
  exit 1
fi
echo "grammar/src matches grammar.js"
