#!/usr/bin/env bash
# nvim_queries_in_sync.sh REPO: the Neovim plugin ships copies of the grammar's queries
# (a plugin folder cannot point outside itself); they must be byte for byte the same.
set -euo pipefail
repo=$1
status=0
for q in highlights folds locals; do
  if ! cmp -s "$repo/grammar/queries/$q.scm" "$repo/editors/nvim/queries/kg/$q.scm"; then
    echo "editors/nvim/queries/kg/$q.scm differs from grammar/queries/$q.scm"
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  echo "fix: cp grammar/queries/{highlights,folds,locals}.scm editors/nvim/queries/kg/"
else
  echo "editors/nvim/queries/kg/{highlights,folds,locals}.scm match grammar/queries"
fi
exit "$status"
