-- :checkhealth kgls — what the plugin needs, and what to do when something is missing.
local M = {}

function M.check()
  local health = vim.health
  local kgls = require('kgls')
  health.start('kgls')

  if vim.fn.has('nvim-0.10') == 1 then
    health.ok('Neovim ' .. tostring(vim.version()))
  else
    health.error('Neovim 0.10 or newer is needed')
  end

  local exe = kgls.config.cmd[1]
  if vim.fn.executable(exe) == 1 then
    local r = vim.system({ exe, '--version' }, { text = true }):wait()
    health.ok(('server: %s (%s)'):format(vim.fn.exepath(exe), vim.trim(r.stdout or '')))
  else
    health.error(('server: %s is not executable'):format(exe),
      { 'build kgls (cmake -S . -B build && cmake --build build)', 'put it on PATH or set cmd in setup()' })
  end

  if kgls.register_parser() then
    health.ok('tree-sitter parser for kg is installed')
  else
    health.warn('no tree-sitter parser for kg: no highlighting', { 'run :KglsInstallParser' })
  end
  local src = kgls.grammar_dir() .. '/src/parser.c'
  if vim.uv.fs_stat(src) then
    health.ok('grammar: ' .. src)
  else
    health.warn('grammar not found at ' .. src, { 'set grammar_dir in setup() to the kgls grammar folder' })
  end
  local cc = vim.env.CC and vim.env.CC ~= '' and vim.env.CC or 'cc'
  if vim.fn.executable(cc) == 1 then
    health.ok('C compiler for :KglsInstallParser: ' .. cc)
  else
    health.warn('no C compiler (' .. cc .. ') for :KglsInstallParser', { 'install gcc or set $CC' })
  end
  if #vim.api.nvim_get_runtime_file('queries/kg/highlights.scm', true) > 0 then
    health.ok('highlight queries are on the runtimepath')
  else
    health.error('queries/kg/highlights.scm is not on the runtimepath', { 'add the plugin folder editors/nvim to it' })
  end
end

return M
