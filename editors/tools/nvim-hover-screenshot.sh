#!/usr/bin/env bash
# nvim-hover-screenshot.sh KGLS OUT.png — the picture in editors/README.md: Neovim in a
# terminal (tmux, 130x58) on a copy of examples/, with the hover card of the framework
# open, captured with its colours and drawn as a PNG by ansi2png.py.
#
# Neovim runs headless with --listen and its terminal UI attaches with --remote-ui: the
# usual `nvim` re-executes itself with --embed, which ../shared/tools/nvim (a program run
# through another system's loader) cannot do.
#
# Needs tmux, Pillow (python3-pil), a C compiler, and Neovim >= 0.10 ($NVIM or nvim).
set -euo pipefail
kgls=$(readlink -f "$1") out=$(readlink -f "$(dirname "$2")")/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
nvim=${NVIM:-nvim}
case $nvim in */*) nvim=$(cd "$(dirname "$nvim")" && pwd)/$(basename "$nvim") ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kgls-shot.XXXXXX")
socket=kgls-shot-$$
server_pid=
cleanup() {
  tmux -L "$socket" kill-server 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
cp -R "$repo/examples" "$tmp/examples"
cat >"$tmp/init.lua" <<LUA
vim.opt.runtimepath:prepend('$repo/editors/nvim')
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')
vim.cmd('runtime! plugin/kgls.lua')
-- ../shared/tools/nvim: the bundled parsers (markdown, for the hover) beside \$VIMRUNTIME.
local bundled = vim.fs.normalize(vim.env.VIMRUNTIME .. '/../../../lib/nvim')
if vim.uv.fs_stat(bundled .. '/parser') then vim.opt.runtimepath:append(bundled) end
vim.o.termguicolors = true
vim.o.swapfile = false
vim.o.number = true
vim.o.signcolumn = 'yes'
require('kgls').setup({ cmd = { '$kgls', 'serve' }, parser_dir = '$tmp/parser' })
require('kgls').install_parser({ sync = true, quiet = true })
LUA

export TRIXIE_TOOLS_CACHE=${TRIXIE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trixie-tools}
export XDG_CONFIG_HOME=$tmp/xdg XDG_STATE_HOME=$tmp/xdg XDG_DATA_HOME=$tmp/xdg XDG_CACHE_HOME=$tmp/xdg
(cd "$tmp/examples" && exec "$nvim" --headless --listen "$tmp/nvim.sock" -u "$tmp/init.lua" -i NONE frameworks.kg) \
  >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do [ -S "$tmp/nvim.sock" ] && break; sleep 0.2; done
tmux -L "$socket" -f /dev/null new-session -d -x 130 -y 58 \
  "TERM=tmux-256color COLORTERM=truecolor '$nvim' --remote-ui --server '$tmp/nvim.sock'"
sleep 3
# To the framework's ID, then its card once the server has indexed the folder: :KglsCard
# is the server's hover (K) when the server offers hover, else `kgls show` in the same window.
tmux -L "$socket" send-keys ':call search("^framework a-math")' Enter 'w' 'zt'
sleep 2
tmux -L "$socket" send-keys ':KglsCard' Enter
sleep 3
tmux -L "$socket" capture-pane -e -p >"$tmp/capture.txt"
/usr/bin/python3 "$here/ansi2png.py" "$tmp/capture.txt" "$out"
"$nvim" --server "$tmp/nvim.sock" --remote-send '<Esc>:qa!<CR>' 2>/dev/null || true
echo "wrote $out"
