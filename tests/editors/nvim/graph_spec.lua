-- :KglsGraph in headless Neovim with the real `kgls` on a temporary copy of examples/: the
-- SVG of the entity under the cursor is written to a temporary file and handed to
-- vim.ui.open (stubbed here to record the path), depth widens it, and the errors (no ID, an
-- unknown ID, no Graphviz) are notifications, with nothing opened.
--
-- nvim --headless -l graph_spec.lua REPO WORKSPACE PARSER_DIR KGLS
local repo, workspace, _, kgls_bin = arg[1], arg[2], arg[3], arg[4]
package.path = repo .. '/tests/editors/nvim/?.lua;' .. package.path
local H = require('harness')

-- The plugin loaded as a plugin manager would (harness.lua).
H.load_plugin(repo)
vim.o.hidden = true

-- No server and no parser: the command runs `kgls graph`, nothing else.
local kgls = require('kgls')
kgls.setup({ cmd = { kgls_bin, 'serve' }, autostart = false, treesitter = { highlight = false } })

local TIMEOUT = 20000

local opened = {}
vim.ui.open = function(path)
  table.insert(opened, path)
  return nil, nil
end
local notes = {}
vim.notify = function(msg, level) table.insert(notes, { msg = msg, level = level }) end

local function read(path)
  local f = io.open(path, 'rb')
  if not f then return nil end
  local text = f:read('*a')
  f:close()
  return text
end

local function count(text, what)
  local n, at = 0, 1
  while true do
    local s, e = text:find(what, at, true)
    if not s then return n end
    n, at = n + 1, e + 1
  end
end

--- Puts the cursor on `needle` in the line with `context` of a workspace file.
local function cursor_on(name, context, needle)
  vim.cmd.edit(workspace .. '/' .. name)
  local buf = vim.api.nvim_get_current_buf()
  local row, col = H.find(buf, context, needle)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 2 })
end

--- Runs :KglsGraph ARGS and waits until it opened a file or notified.
local function run(args)
  opened, notes = {}, {}
  vim.cmd('KglsGraph ' .. (args or ''))
  H.wait_for(TIMEOUT, function() return #opened > 0 or #notes > 0 end, ':KglsGraph to open a file or say why not')
end

local id = 'a-mathematical-framework-for-transformer-circuits'
local title = '<title>' .. id:gsub('%-', '&#45;') .. '</title>'
local depth1

H.check(':KglsGraph writes the SVG of the entity under the cursor and opens it', function()
  cursor_on('frameworks.kg', 'framework ' .. id, id)
  run()
  H.eq({}, notes, 'no notification')
  H.eq(1, #opened, 'one file opened')
  local path = opened[1]
  assert(path:match('%.svg$'), path)
  local svg = assert(read(path), 'the file ' .. path .. ' was written')
  assert(svg:find('<svg', 1, true), svg:sub(1, 200))
  assert(svg:find(title, 1, true), 'the centre is drawn: ' .. title)
  assert(svg:find('>extends</text>', 1, true), 'edge labels are drawn')
  depth1 = count(svg, 'class="node"')
  H.eq(10, depth1, 'the framework and its nine neighbours')
end)

H.check(':KglsGraph 2 draws two steps, from an edge target too', function()
  cursor_on('frameworks.kg', '  extends distill-circuits-thread', 'distill-circuits-thread')
  run('2')
  H.eq({}, notes, 'no notification')
  local svg = assert(read(opened[1]))
  assert(svg:find('<title>distill&#45;circuits&#45;thread</title>', 1, true), 'centred on the target')
  assert(svg:find(title, 1, true), 'its neighbour, the framework')
  assert(svg:find('<title>towards&#45;monosemanticity</title>', 1, true), 'two steps away')
  vim.cmd('KglsGraph x')
  H.eq(vim.log.levels.ERROR, notes[1] and notes[1].level, 'a bad depth is an error: ' .. vim.inspect(notes))
end)

H.check(':KglsGraph on no ID or an unknown one says so and opens nothing', function()
  vim.cmd.enew()
  opened, notes = {}, {}
  vim.cmd('KglsGraph')
  H.eq({}, opened, 'nothing opened')
  assert(notes[1] and notes[1].msg:find('put the cursor on an entity ID', 1, true), vim.inspect(notes))

  vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'no-such-entity-here' })
  vim.api.nvim_buf_set_name(0, workspace .. '/scratch.kg')
  vim.api.nvim_win_set_cursor(0, { 1, 3 })
  run()
  H.eq({}, opened, 'nothing opened')
  assert(notes[1].msg:find('no entity `no-such-entity-here`', 1, true), vim.inspect(notes))
end)

H.check('without Graphviz :KglsGraph says what to install', function()
  local path = vim.env.PATH
  vim.env.PATH = '/nonexistent-kgls-test'
  cursor_on('frameworks.kg', 'framework ' .. id, id)
  local ok, err = pcall(run)
  vim.env.PATH = path
  assert(ok, err)
  H.eq({}, opened, 'nothing opened')
  assert(notes[1] and notes[1].msg:find('Graphviz is not installed', 1, true), vim.inspect(notes))
end)

H.finish()
