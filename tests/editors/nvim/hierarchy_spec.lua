-- The graph as trees in Neovim, with the real `kgls serve`: vim.lsp.buf.typehierarchy()
-- and vim.lsp.buf.incoming_calls() / outgoing_calls() fill the quickfix list along the
-- hierarchy relation and the edges; the root of a folder with `.kgignore` is that folder
-- (the nearest marker, as the server decides); and the card's floating window shows no
-- Markdown escapes (`https\://`, `\- item`) while a link written in a summary stays text.
--
-- nvim --headless -l hierarchy_spec.lua REPO WORKSPACE PARSER_DIR KGLS
local repo, workspace, _, kgls_bin = arg[1], arg[2], arg[3], arg[4]
package.path = repo .. '/tests/editors/nvim/?.lua;' .. package.path
local H = require('harness')

-- The plugin loaded as a plugin manager would (harness.lua).
H.load_plugin(repo)
vim.o.hidden = true

local kgls = require('kgls')
kgls.setup({ cmd = { kgls_bin, 'serve' }, treesitter = { highlight = false } })

local TIMEOUT = 15000

-- A folder of its own inside the examples copy: `.kgignore` makes it a root, nearer than
-- the examples' schema.kg.
local folder = workspace .. '/taxonomy'
vim.fn.mkdir(folder, 'p')
local function write(path, text)
  local f = assert(io.open(path, 'wb'))
  f:write(text)
  f:close()
end
write(folder .. '/.kgignore', '')
write(folder .. '/fields.kg', [[
relation subfield-of { inverse: "subfields"  hierarchy: true }
relation cites {}

field-of-study ml {
  title: "Machine learning"
  url: "https://example.org/ml"
  summary: """
    - treat the residual stream as a shared channel
    see [docs](https://evil.example) and snake_case_names, 3 * 4
    """
}

field-of-study nlp {
  title: "Natural language processing"
  subfield-of ml
}

field-of-study parsing {
  subfield-of nlp
  cites ml "the survey"
}

field-of-study loop-a { subfield-of loop-b }
field-of-study loop-b { subfield-of loop-a }
]])

local function open(path)
  vim.cmd.edit(path)
  return vim.api.nvim_get_current_buf()
end

local function cursor_on(buf, context, needle)
  local row, col = H.find(buf, context, needle)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 1 })
end

--- Runs `action` (which fills the quickfix list) and returns the list's {name, line} pairs.
local function quickfix(action, what)
  vim.fn.setqflist({}, 'r')
  action()
  local items = H.wait_for(TIMEOUT, function()
    local list = vim.fn.getqflist()
    return #list > 0 and list
  end, what)
  vim.cmd('cclose')
  local out = {}
  for _, item in ipairs(items) do
    table.insert(out, { vim.fs.basename(vim.api.nvim_buf_get_name(item.bufnr)), item.lnum, item.text })
  end
  return out
end

local buf, client
H.check('the server starts at the nearest folder with a root marker (.kgignore)', function()
  buf = open(folder .. '/fields.kg')
  client = H.wait_for(TIMEOUT, function()
    local c = vim.lsp.get_clients({ bufnr = buf, name = 'kgls' })[1]
    return c and c.initialized and c
  end, 'kgls to start and initialize')
  H.eq(vim.uv.fs_realpath(folder), vim.uv.fs_realpath(client.config.root_dir), 'root_dir')
  assert(client.supports_method('textDocument/prepareTypeHierarchy'), 'no type hierarchy')
  assert(client.supports_method('textDocument/prepareCallHierarchy'), 'no call hierarchy')
end)
if not client then H.finish() end

H.check('typehierarchy: supertypes and subtypes along the relation marked hierarchy', function()
  cursor_on(buf, 'field-of-study nlp', 'nlp')
  H.eq({ { 'fields.kg', 4, 'Machine learning field-of-study ml' } },
    quickfix(function() vim.lsp.buf.typehierarchy('supertypes') end, 'the supertypes of nlp'), 'supertypes')
  H.eq({ { 'fields.kg', 18, 'parsing field-of-study' } },
    quickfix(function() vim.lsp.buf.typehierarchy('subtypes') end, 'the subtypes of nlp'), 'subtypes')
end)

H.check('typehierarchy on a cycle: each side once', function()
  cursor_on(buf, 'field-of-study loop-a', 'loop-a')
  H.eq({ { 'fields.kg', 24, 'loop-b field-of-study' } },
    quickfix(function() vim.lsp.buf.typehierarchy('supertypes') end, 'the supertypes of loop-a'), 'supertypes')
  H.eq({ { 'fields.kg', 24, 'loop-b field-of-study' } },
    quickfix(function() vim.lsp.buf.typehierarchy('subtypes') end, 'the subtypes of loop-a'), 'subtypes')
end)

H.check('incoming calls: every edge to the entity, at its edge line', function()
  cursor_on(buf, 'field-of-study ml', 'ml')
  local got = quickfix(function() vim.lsp.buf.incoming_calls() end, 'the incoming edges of ml')
  table.sort(got, function(a, b) return a[2] < b[2] end)
  H.eq({ { 'fields.kg', 15, 'Natural language processing' }, { 'fields.kg', 20, 'parsing' } }, got, 'incoming')
end)

H.check('outgoing calls: the entity’s own edges', function()
  cursor_on(buf, 'field-of-study parsing', 'parsing')
  local got = quickfix(function() vim.lsp.buf.outgoing_calls() end, 'the outgoing edges of parsing')
  table.sort(got, function(a, b) return a[2] < b[2] end)
  H.eq({ { 'fields.kg', 19, 'Natural language processing' }, { 'fields.kg', 20, 'Machine learning' } }, got,
    'outgoing')
end)

--- The text of the floating window once one shows `wanted`.
local function float_with(wanted, what)
  return H.wait_for(TIMEOUT, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        local t = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), '\n')
        if t:find(wanted, 1, true) then return t end
      end
    end
  end, what)
end

H.check('K shows a clean card: no escapes, and a written link stays text', function()
  cursor_on(buf, 'field-of-study ml', 'ml')
  vim.lsp.buf.hover()
  local text = float_with('Machine learning', 'the card of ml')
  vim.cmd('fclose!')
  assert(text:find('https://example.org/ml', 1, true), text)
  assert(text:find('- treat the residual stream', 1, true), text)
  assert(text:find('snake_case_names, 3 * 4', 1, true), text)
  -- The one backslash left: the one that keeps `[docs](...)` from being a (concealed) link.
  assert(text:find('[docs\\](https://evil.example)', 1, true) and not text:find('[docs](', 1, true),
    'the summary\'s link is a link in the card: ' .. text)
  local _, stray = text:gsub('\\', '')
  H.eq(1, stray, 'backslashes in the card:\n' .. text)
end)

H.check(':KglsCard on an examples entity: no backslash at all', function()
  local b = open(workspace .. '/frameworks.kg')
  cursor_on(b, 'framework a-mathematical', 'a-mathematical')
  H.wait_for(TIMEOUT, function()
    local c = vim.lsp.get_clients({ bufnr = b, name = 'kgls' })[1]
    return c and c.initialized
  end, 'kgls for examples/')
  vim.cmd('KglsCard')
  local text = float_with('Neighborhood', 'the card of the framework')
  vim.cmd('fclose!')
  assert(text:find('https://transformer-circuits.pub/', 1, true), text)
  assert(not text:find('\\', 1, true), 'a backslash in the card:\n' .. text)
end)

H.check(':help kgls: doc/kgls.txt has tags (:helptags) and opens', function()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir .. '/doc', 'p')
  vim.uv.fs_copyfile(repo .. '/editors/nvim/doc/kgls.txt', dir .. '/doc/kgls.txt')
  vim.cmd('helptags ' .. vim.fn.fnameescape(dir .. '/doc'))  -- Errors on a duplicate tag.
  vim.opt.runtimepath:append(dir)
  for _, tag in ipairs({ 'kgls', 'kgls-hierarchy', 'kgls-root', ':KglsCard', 'kgls-root_markers' }) do
    vim.cmd('help ' .. tag)
    H.eq('kgls.txt', vim.fs.basename(vim.api.nvim_buf_get_name(0)), ':help ' .. tag)
    vim.cmd('helpclose')
  end
end)

H.finish()
