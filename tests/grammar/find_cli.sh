# Sourced by the grammar tests. Finds the tree-sitter CLI at test time ($TREE_SITTER,
# else `tree-sitter` on PATH) and prepares a private, temporary CLI setup, so that a
# run neither reads the user's tree-sitter config nor writes into the repository.
# Exit status 77 means "skipped" to CTest (SKIP_RETURN_CODE).

skip() {
  echo "SKIPPED: $*"
  exit 77
}

tree_sitter=${TREE_SITTER:-}
if [ -z "$tree_sitter" ]; then
  tree_sitter=$(command -v tree-sitter || true)
  [ -n "$tree_sitter" ] || skip "no tree-sitter CLI: set TREE_SITTER=/path/to/tree-sitter or put it on PATH"
elif [ ! -x "$tree_sitter" ]; then
  # Asked for explicitly, so a wrong path is a failure, not a skip.
  echo "FAILED: TREE_SITTER=$tree_sitter is not an executable file"
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kgls-grammar.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A config with no parser directories: the CLI stops warning that none are set up
# and looks only at the grammar it is run in. The compiled parser goes to a
# private folder instead of the shared cache in $HOME.
mkdir -p "$work/config" "$work/lib"
echo '{"parser-directories": []}' >"$work/config/config.json"
export TREE_SITTER_DIR="$work/config"
export TREE_SITTER_LIBDIR="$work/lib"
