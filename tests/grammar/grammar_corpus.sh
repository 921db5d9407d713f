#!/usr/bin/env bash
# grammar_corpus: runs `tree-sitter test` (corpus trees, highlight assertions, and a
# check that every query in queries/ compiles) on a temporary copy of grammar/.
# Usage: grammar_corpus.sh GRAMMAR_DIR
set -euo pipefail
grammar=${1:?usage: grammar_corpus.sh GRAMMAR_DIR}
. "$(dirname "$0")/find_cli.sh"

# `tree-sitter test` compiles src/parser.c with the system's C compiler.
command -v "${CC:-cc}" >/dev/null || skip "no C compiler (${CC:-cc}) to build the parser with"

mkdir "$work/grammar"
cp -R "$grammar"/grammar.js "$grammar"/package.json "$grammar"/src "$grammar"/queries \
  "$grammar"/test "$work/grammar/"
cd "$work/grammar"
"$tree_sitter" test
