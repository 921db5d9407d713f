#!/usr/bin/env bash
# nvim_test.sh REPO SPEC [KGLS]: runs tests/editors/nvim/SPEC.lua in headless Neovim on a
# temporary copy of examples/ (the LSP spec renames and edits; examples/ stays as it is).
# Exit 77 (skip) without a Neovim >= 0.10, or, for the LSP spec, without a `kgls serve`.
set -euo pipefail
repo=$1 spec=$2 kgls=${3:-}
. "$(dirname "$0")/find_nvim.sh"

if [ -n "$kgls" ]; then
  if ! "$kgls" --help 2>/dev/null | grep -qE '^\s+serve\b'; then
    echo "SKIP: $kgls has no \`serve\` command yet (\`kgls --help\` does not list it)"
    exit 77
  fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kgls-nvim-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -R "$repo/examples" "$tmp/workspace"
mkdir -p "$tmp/parser" "$tmp/xdg/config" "$tmp/xdg/data" "$tmp/xdg/state" "$tmp/xdg/cache"
# A Neovim of its own: no user config, plugins, shada or LSP log from the person's home,
# and kgls's index cache in the temporary folder too. ../shared/tools/nvim keeps its
# unpacked packages under the cache folder: it is told where they are, so they stay.
export TRIXIE_TOOLS_CACHE=${TRIXIE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trixie-tools}
export XDG_CONFIG_HOME=$tmp/xdg/config XDG_DATA_HOME=$tmp/xdg/data XDG_STATE_HOME=$tmp/xdg/state
export XDG_CACHE_HOME=$tmp/xdg/cache
cd "$tmp"
"$NVIM_BIN" --headless -n -i NONE -l "$repo/tests/editors/nvim/$spec.lua" \
  "$repo" "$tmp/workspace" "$tmp/parser" ${kgls:+"$kgls"}
