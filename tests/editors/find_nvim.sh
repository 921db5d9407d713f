# Sourced by the Neovim tests: sets NVIM_BIN to a Neovim >= 0.10, or exits 77 (skip)
# saying why. $NVIM wins (CI sets it to ../shared/tools/nvim); else `nvim` on PATH.
nvim_version_ok() {
  # "NVIM v0.10.4" -> 0 10
  local v
  v=$("$1" --version 2>/dev/null | head -1 | sed -n 's/^NVIM v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
  [ -n "$v" ] || return 1
  set -- $v
  [ "$1" -gt 0 ] || [ "$2" -ge 10 ]
}
if [ -n "${NVIM:-}" ]; then
  if ! nvim_version_ok "$NVIM"; then
    echo "SKIP: \$NVIM=$NVIM is not a Neovim >= 0.10 (\`$NVIM --version\` says: $("$NVIM" --version 2>&1 | head -1))"
    exit 77
  fi
  # Absolute, since the tests run Neovim from a temporary folder.
  case $NVIM in
    */*) NVIM_BIN=$(cd "$(dirname "$NVIM")" && pwd)/$(basename "$NVIM") ;;
    *) NVIM_BIN=$(command -v "$NVIM") ;;
  esac
elif command -v nvim >/dev/null && nvim_version_ok nvim; then
  NVIM_BIN=$(command -v nvim)
else
  echo "SKIP: no Neovim >= 0.10 (set \$NVIM, e.g. NVIM=../shared/tools/nvim, or put nvim on PATH)"
  exit 77
fi
