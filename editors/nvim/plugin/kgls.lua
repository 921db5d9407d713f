-- kgls user commands. They load the plugin's Lua module only when used, so having the
-- plugin on the runtimepath costs nothing until a `.kg` file or a :Kgls command.
if vim.g.loaded_kgls then return end
vim.g.loaded_kgls = true

vim.api.nvim_create_user_command('KglsInstallParser', function()
  require('kgls').install_parser()
end, { desc = 'kgls: compile the .kg tree-sitter parser from grammar/src and register it' })

vim.api.nvim_create_user_command('KglsDuplicates', function()
  local n = require('kgls').duplicates_to_quickfix()
  if n == 0 then
    vim.notify('kgls: no likely-duplicate warnings', vim.log.levels.INFO)
  else
    vim.cmd.copen()
  end
end, { desc = 'kgls: likely-duplicate warnings in the quickfix list' })

vim.api.nvim_create_user_command('KglsRestart', function()
  require('kgls').restart()
end, { desc = 'kgls: restart the language server' })

vim.api.nvim_create_user_command('KglsCard', function()
  require('kgls').show_card()
end, { desc = "kgls: the card of the entity under the cursor (the server's hover, else `kgls show`)" })

vim.api.nvim_create_user_command('KglsGraph', function(opts)
  local depth = tonumber(opts.args ~= '' and opts.args or '1')
  if not depth or depth < 0 or depth ~= math.floor(depth) then
    vim.notify('kgls: :KglsGraph [DEPTH] takes a whole number of steps, not ' .. opts.args, vim.log.levels.ERROR)
    return
  end
  require('kgls').show_graph(depth)
end, { nargs = '?', desc = 'kgls: a picture of the neighbourhood of the entity under the cursor (needs Graphviz)' })
