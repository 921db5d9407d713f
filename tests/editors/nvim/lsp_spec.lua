-- The Neovim plugin with the real server, on a temporary copy of examples/: diagnostics
-- arrive (the same codes as `kgls check`, including the near-duplicate warning when the
-- CLI reports it, and live ones after an edit), hover shows the seed's card and K on a field
-- its declaration and values, definition jumps to the right file and line, completion lists
-- targets, and rename changes every file (in the buffers; the server never writes a file).
--
-- nvim --headless -l lsp_spec.lua REPO WORKSPACE PARSER_DIR KGLS
local repo, workspace, parser_dir, kgls_bin = arg[1], arg[2], arg[3], arg[4]
package.path = repo .. '/tests/editors/nvim/?.lua;' .. package.path
local H = require('harness')

-- The plugin loaded as a plugin manager would (harness.lua).
H.load_plugin(repo)
vim.o.hidden = true

local kgls = require('kgls')
kgls.setup({ cmd = { kgls_bin, 'serve' }, parser_dir = parser_dir })
assert(kgls.install_parser({ sync = true, quiet = true }))

local TIMEOUT = 15000

local function path_of(name) return workspace .. '/' .. name end

--- Shows a workspace file, reusing its buffer (with unsaved edits) when it has one.
local function open(name)
  local buf = vim.fn.bufnr(path_of(name))
  if buf ~= -1 and vim.api.nvim_buf_is_loaded(buf) then
    vim.api.nvim_set_current_buf(buf)
  else
    vim.cmd.edit(path_of(name))
  end
  return vim.api.nvim_get_current_buf()
end

--- The bytes of every workspace file, to show that the server never writes one.
local function snapshot()
  local files = {}
  for name, type in vim.fs.dir(workspace) do
    if type == 'file' and name:match('%.kg$') then
      local f = assert(io.open(path_of(name), 'rb'))
      files[name] = f:read('*a')
      f:close()
    end
  end
  return files
end
local on_disk = snapshot()

-- The files the server has published diagnostics for (an empty list is a publication too,
-- and "no diagnostics yet" must not pass for "no diagnostics").
local published = {}
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri then published[vim.uv.fs_realpath(vim.uri_to_fname(result.uri)) or result.uri] = true end
  return publish(err, result, ctx, config)
end


local client
H.check('the server starts at the workspace root (the folder with schema.kg)', function()
  local buf = open('frameworks.kg')
  client = H.wait_for(TIMEOUT, function()
    local c = vim.lsp.get_clients({ bufnr = buf, name = 'kgls' })[1]
    return c and c.initialized and c
  end, 'kgls to start and initialize')
  H.eq(vim.uv.fs_realpath(workspace), vim.uv.fs_realpath(client.config.root_dir), 'root_dir')
end)
if not client then H.finish() end

--- One request to kgls for a buffer; returns the result, errors on an LSP error.
local function request(bufnr, method, params)
  assert(client.supports_method(method), 'kgls does not offer ' .. method .. ' (not in its server capabilities)')
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  assert(responses, ('%s: %s'):format(method, tostring(err)))
  local r = responses[client.id]
  assert(r, method .. ': no response from kgls')
  assert(not r.err, ('%s: %s'):format(method, vim.inspect(r.err)))
  return r.result
end

local function params_at(bufnr, context, needle)
  local row, col = H.find(bufnr, context, needle)
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1]
  return {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = row, character = vim.lsp.util.character_offset(bufnr, row, col, client.offset_encoding) },
  }, line
end

--- `kgls check WORKSPACE --format json`: the codes it reports per file name.
local function cli_codes()
  local r = vim.system({ kgls_bin, 'check', workspace, '--format', 'json' }, { text = true }):wait()
  assert(r.code == 0 or r.code == 1, 'kgls check failed: ' .. (r.stderr or ''))
  local by_file = {}
  for _, d in ipairs(vim.json.decode(r.stdout)) do
    local name = vim.fs.basename(d.file)
    by_file[name] = by_file[name] or {}
    by_file[name][d.code] = true
  end
  return by_file
end

local function lsp_codes(bufnr)
  local codes = {}
  local ns = vim.lsp.diagnostic.get_namespace(client.id)
  -- `unlinked-mention` hints are the editor's alone: `kgls check` does not report them.
  for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = ns })) do
    if d.code ~= 'unlinked-mention' then codes[d.code] = true end
  end
  return codes
end

local expected = cli_codes()
local duplicates_expected = expected['drafts.kg'] and expected['drafts.kg']['likely-duplicate']
if not duplicates_expected then
  io.stdout:write('# note: `kgls check` reports no likely-duplicate in examples/; the near-duplicate assertions are skipped\n')
end

H.check('diagnostics arrive for every open file with the codes `kgls check` reports', function()
  for _, name in ipairs({ 'frameworks.kg', 'concepts.kg', 'drafts.kg', 'methods.kg' }) do
    local buf = open(name)
    local want = expected[name] or {}
    local file = vim.uv.fs_realpath(vim.api.nvim_buf_get_name(buf))
    H.wait_for(TIMEOUT, function() return published[file] and vim.deep_equal(lsp_codes(buf), want) end,
      ('%s to have the codes %s (has %s)'):format(name, vim.inspect(vim.tbl_keys(want)), vim.inspect(vim.tbl_keys(lsp_codes(buf)))))
  end
end)

if duplicates_expected then
  H.check('the near-duplicate warning is on both IDs, each pointing at the other', function()
    local drafts, concepts = open('drafts.kg'), open('concepts.kg')
    local function dup_on(buf, id)
      local row, col = H.find(buf, 'concept ' .. id .. ' {', id)
      return H.wait_for(TIMEOUT, function()
        for _, d in ipairs(vim.diagnostic.get(buf)) do
          if d.code == 'likely-duplicate' and d.lnum == row and d.col == col then return d end
        end
      end, 'likely-duplicate on ' .. id)
    end
    local a = dup_on(drafts, 'residual-stream-view')
    local b = dup_on(concepts, 'residual-stream')
    H.eq(vim.diagnostic.severity.WARN, a.severity)
    local related = a.user_data and a.user_data.lsp and a.user_data.lsp.relatedInformation
    assert(related and related[1], 'the warning has no related location')
    assert(related[1].location.uri:match('concepts%.kg$'), 'it points at ' .. related[1].location.uri)
    related = b.user_data.lsp.relatedInformation
    assert(related[1].location.uri:match('drafts%.kg$'), 'it points at ' .. related[1].location.uri)
    H.eq(2, kgls.duplicates_to_quickfix(), ':KglsDuplicates quickfix entries')
  end)
end

if duplicates_expected then
  H.check('settings reach the server: a duplicates threshold above every score removes the warning', function()
    local drafts = open('drafts.kg')
    local function has_duplicate()
      for _, d in ipairs(vim.diagnostic.get(drafts)) do
        if d.code == 'likely-duplicate' then return true end
      end
      return false
    end
    kgls.set_settings({ similarity = { duplicateThreshold = 0.9999 } })
    H.wait_for(TIMEOUT, function() return not has_duplicate() end, 'the likely-duplicate to go with threshold 0.9999')
    -- Back to the default: the key is removed, so the plugin restarts the server.
    kgls.set_settings({})
    H.wait_for(TIMEOUT, function()
      local c = vim.lsp.get_clients({ bufnr = drafts, name = 'kgls' })[1]
      if c and c.initialized then client = c end
      return has_duplicate()
    end, 'the likely-duplicate to come back with the default threshold')
  end)
end

H.check('an edit gets its diagnostic while typing, and loses it when undone', function()
  local buf = open('frameworks.kg')
  local row = H.find(buf, '  uses tensor-product-notation')
  vim.api.nvim_buf_set_lines(buf, row + 1, row + 1, false, { '  uses no-such-entity' })
  H.wait_for(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'unresolved-reference' and d.lnum == row + 1 then return true end
    end
  end, 'unresolved-reference on the new edge')
  vim.api.nvim_buf_set_lines(buf, row + 1, row + 2, false, {})
  H.wait_for(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'unresolved-reference' then return false end
    end
    return true
  end, 'the unresolved-reference to go away')
end)

--- Markdown as text: backslash escapes and the few HTML entities undone.
local function plain(markdown)
  return (markdown:gsub('\\(%p)', '%1'):gsub('&lt;', '<'):gsub('&gt;', '>'):gsub('&quot;', '"'):gsub('&amp;', '&'))
end

H.check("hover on the framework's ID shows the seed's card", function()
  local buf = open('frameworks.kg')
  local id = 'a-mathematical-framework-for-transformer-circuits'
  local result = request(buf, 'textDocument/hover', (params_at(buf, 'framework ' .. id, id)))
  assert(result and result.contents, 'no hover')
  local md = type(result.contents) == 'string' and result.contents or result.contents.value
  assert(type(md) == 'string', 'hover contents: ' .. vim.inspect(result.contents))
  local text = plain(md)
  local missing = {}
  -- Lines of shared/seed/entity-card.txt that the examples reproduce.
  for _, line in ipairs({
    'framework',
    'A Mathematical Framework for Transformer Circuits',
    'Prior Anthropic paper enabling circuit-level analysis of attention-only transformers',
    'Neighborhood — ranked by edge-count',
    'Papers (2)',
    'Methods (2)',
    'Concepts (4)',
    'Frameworks (1)',
    'Logit Weight Analysis',
    'Residual Stream',
    'Path Expansion Trick',
    'Distill Circuits Thread',
    'Related by similarity',
    'no typed edge',
  }) do
    if not text:find(line, 1, true) then table.insert(missing, line) end
  end
  assert(#missing == 0, 'the card lacks: ' .. table.concat(missing, ' | ') .. '\n--- card ---\n' .. md)
  assert(text:find('Neighborhood', 1, true) < text:find('Related by similarity', 1, true),
    'the neighbourhood comes before the similar entities')
end)

H.check(':KglsCard shows the card in a floating window', function()
  local buf = open('frameworks.kg')
  local id = 'a-mathematical-framework-for-transformer-circuits'
  local row, col = H.find(buf, 'framework ' .. id, id)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 5 })
  vim.cmd('KglsCard')
  local text = H.wait_for(TIMEOUT, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
        local t = plain(table.concat(lines, '\n'))
        if t:find('Neighborhood — ranked by edge-count', 1, true) then return t end
      end
    end
  end, 'a floating window with the card')
  assert(text:find('A Mathematical Framework for Transformer Circuits', 1, true), text)
  assert(text:find('Distill Circuits Thread', 1, true), text)
  vim.cmd('fclose!')
end)

H.check(':KglsCard: <CR> on a backlink goes to where its edge is written', function()
  local buf = open('frameworks.kg')
  local origin = vim.api.nvim_get_current_win()
  local id = 'a-mathematical-framework-for-transformer-circuits'
  local row, col = H.find(buf, 'framework ' .. id, id)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 5 })
  vim.cmd('KglsCard')
  local found = H.wait_for(TIMEOUT, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
        for i, line in ipairs(lines) do
          if line:find('In-context Learning and Induction Heads', 1, true) then return { win, i } end
        end
      end
    end
  end, 'a card with the backlink from In-context Learning')
  local float, lnum = found[1], found[2]
  local line = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), lnum - 1, lnum, false)[1]
  assert(line:find('](file://', 1, true), 'the backlink is not a link: ' .. line)
  -- The note is on the next line, linked too.
  local note = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), lnum, lnum + 1, false)[1]
  assert(note and note:find('from two-layer attention-only models to large transformers', 1, true), note)
  -- Into the card's window, on the neighbour's line, and <CR>.
  vim.api.nvim_set_current_win(float)
  vim.api.nvim_win_set_cursor(float, { lnum, 0 })
  vim.api.nvim_feedkeys(vim.keycode('<CR>'), 'x', false)
  assert(not vim.api.nvim_win_is_valid(float), 'the card stays open')
  assert(vim.api.nvim_get_current_win() == origin, 'not back in the window the card came from')
  local name = vim.uv.fs_realpath(vim.api.nvim_buf_get_name(0))
  assert(name == vim.uv.fs_realpath(path_of('papers.kg')), 'opened ' .. tostring(name))
  local at = vim.api.nvim_win_get_cursor(0)[1]
  local text = vim.api.nvim_buf_get_lines(0, at - 1, at, false)[1]
  assert(text:find('extends ' .. id, 1, true), 'line ' .. at .. ' is not the edge: ' .. text)
  -- Neither a line without a backlink nor a plain line is a jump.
  assert(kgls.card_link_at('- **Path Expansion** → introduces — The core', 3) == nil)
  local two = '[← a](file:///x/a%20b.kg#L3), [← b](file:///x/c.kg#L9)'
  local link = kgls.card_link_at(two, two:find('[← b]', 1, true) + 2)
  assert(link and link.path == '/x/c.kg' and link.line == 9, vim.inspect(link))
  assert(kgls.card_link_at('[← a](file:///x/a%20b.kg#L3)', 0).path == '/x/a b.kg')
end)

--- The text of the floating window that shows `wanted`, once one does.
local function float_with(wanted, what)
  return H.wait_for(TIMEOUT, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
        local t = plain(table.concat(lines, '\n'))
        if t:find(wanted, 1, true) then return t end
      end
    end
  end, what)
end

H.check('K on a field key shows its declaration; on its value, the allowed values', function()
  local buf = open('frameworks.kg')
  local row, col = H.find(buf, '  status: active', 'status')
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 2 })
  vim.lsp.buf.hover()
  local text = float_with('Where the entity stands: in use', 'a hover window on `status:`')
  assert(text:find('Values', 1, true) and text:find('published', 1, true), text)
  assert(text:find('Declared in', 1, true), text)
  vim.cmd('fclose!')
  vim.api.nvim_win_set_cursor(0, { row + 1, col + #'status: ' + 2 })
  vim.lsp.buf.hover()
  text = float_with('this one', 'a hover window on the value `active`')
  -- The hovered value is the marked one (the float keeps the Markdown source).
  local marked = text:match('\n%- ([^\n]*) ← this one')
  assert(marked and marked:find('active', 1, true) and not marked:find('draft', 1, true), text)
  vim.cmd('fclose!')
end)

--- A definition result (Location, Location[] or LocationLink[]) as { uri, line, character }.
local function first_location(result)
  assert(result, 'no definition')
  local loc = result.uri and result or result[1]
  assert(loc, 'empty definition result')
  local uri = loc.uri or loc.targetUri
  local range = loc.range or loc.targetSelectionRange or loc.targetRange
  return { uri = uri, line = range.start.line, character = range.start.character }
end

H.check('definition jumps from an edge target to its entity in another file', function()
  local buf = open('frameworks.kg')
  local loc = first_location(request(buf, 'textDocument/definition', (params_at(buf, '  implements residual-stream', 'residual-stream'))))
  local concepts = open('concepts.kg')
  local row, col = H.find(concepts, 'concept residual-stream {', 'residual-stream')
  H.eq({ uri = vim.uri_from_fname(vim.uv.fs_realpath(path_of('concepts.kg'))), line = row, character = col },
    { uri = vim.uri_from_fname(vim.uv.fs_realpath(vim.uri_to_fname(loc.uri))), line = loc.line, character = loc.character },
    'definition of residual-stream')
  -- And what a user does: jump there.
  open('frameworks.kg')
  local r2, c2 = H.find(0, '  implements residual-stream', 'residual-stream')
  vim.api.nvim_win_set_cursor(0, { r2 + 1, c2 })
  vim.lsp.buf.definition()
  H.wait_for(TIMEOUT, function() return vim.fs.basename(vim.api.nvim_buf_get_name(0)) == 'concepts.kg' end,
    'vim.lsp.buf.definition() to open concepts.kg')
  H.eq({ row + 1, col }, vim.api.nvim_win_get_cursor(0), 'cursor after the jump')
end)

--- The words a completion item would insert.
local function insert_text(item)
  if item.textEdit then return item.textEdit.newText end
  return item.insertText or item.label
end

H.check('completion after a relation lists entity IDs as targets', function()
  local buf = open('frameworks.kg')
  local row = H.find(buf, '  uses tensor-product-notation')
  vim.api.nvim_buf_set_lines(buf, row + 1, row + 1, false, { '  uses path-' })
  local result = request(buf, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = row + 1, character = #'  uses path-' },
  })
  vim.api.nvim_buf_set_lines(buf, row + 1, row + 2, false, {})
  local items = result and (result.items or result) or {}
  local words = {}
  for _, item in ipairs(items) do words[insert_text(item)] = true end
  for _, want in ipairs({ 'path-expansion', 'path-expansion-trick' }) do
    assert(words[want], ('completion lacks %s; it has %s'):format(want, vim.inspect(vim.tbl_keys(words))))
  end
end)

--- Every ID and edge target named `name` in a text, as "row:col" (tree-sitter, so comments
--- and strings that mention the name are not counted).
local function references(text, name)
  local parser = vim.treesitter.get_string_parser(text, 'kg')
  local query = vim.treesitter.query.parse('kg', '(entity id: (identifier) @id) (edge target: (identifier) @target)')
  local found = {}
  for _, node in query:iter_captures(parser:parse()[1]:root(), text) do
    if vim.treesitter.get_node_text(node, text) == name then
      local r, c = node:range()
      table.insert(found, r .. ':' .. c)
    end
  end
  return found
end

local function buffer_text(name)
  local buf = vim.fn.bufadd(path_of(name))
  vim.fn.bufload(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

H.check('rename changes the ID and every reference to it, in every file', function()
  local old, new = 'residual-stream', 'residual-stream-concept'
  local before = {}
  for name in pairs(on_disk) do before[name] = references(buffer_text(name), old) end
  local buf = open('concepts.kg')
  local edit = request(buf, 'textDocument/rename',
    vim.tbl_extend('force', (params_at(buf, 'concept residual-stream {', 'residual-stream')), { newName = new }))
  assert(edit, 'no WorkspaceEdit')
  vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding)
  local files = 0
  for name, refs in pairs(before) do
    local text = buffer_text(name)
    H.eq({}, references(text, old), name .. ': references to ' .. old .. ' left')
    H.eq(refs, references(text, new), name .. ': renamed references')
    if #refs > 0 then files = files + 1 end
  end
  assert(files >= 3, 'expected references in at least 3 files, found ' .. files)
  -- `residual-stream-view` is another ID that merely starts with the old one.
  H.eq(1, #references(buffer_text('drafts.kg'), 'residual-stream-view'), 'residual-stream-view untouched')
end)

H.check('new settings are sent; clearing one, and :KglsRestart, restart the server', function()
  local buf = open('frameworks.kg')
  local function running()
    local c = vim.lsp.get_clients({ bufnr = buf, name = 'kgls' })[1]
    return c and c.initialized and not c.is_stopped() and c
  end
  if next(kgls.config.settings) then kgls.set_settings({}) end -- What an earlier check left.
  local first = H.wait_for(TIMEOUT, running, 'a running kgls')
  kgls.set_settings({ similarity = { threshold = 0.5 } })
  H.eq(first.id, (running() or {}).id, 'an added setting is sent to the running server')
  H.eq({ kgls = { similarity = { threshold = 0.5 } } }, first.settings, 'the client answers workspace/configuration with')
  kgls.set_settings({})
  local second = H.wait_for(TIMEOUT, function()
    local c = running()
    return c and c.id ~= first.id and c
  end, 'a new kgls after clearing a setting')
  vim.cmd('KglsRestart')
  H.wait_for(TIMEOUT, function()
    local c = running()
    return c and c.id ~= second.id and c
  end, 'a new kgls after :KglsRestart')
end)

H.check('the server wrote no file', function()
  H.eq(on_disk, snapshot(), 'workspace files on disk')
end)

H.finish()
