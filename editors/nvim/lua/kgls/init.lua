-- kgls for Neovim (>= 0.10): starts the kgls language server for `kg` buffers with
-- vim.lsp.start at the workspace root, and highlights them with the kgls tree-sitter
-- grammar, which :KglsInstallParser compiles from the repository's grammar/src.
--
--   require('kgls').setup({
--     cmd = { 'kgls', 'serve' },                -- the server and its arguments
--     settings = { similarity = { duplicateThreshold = 0.85 } },  -- sent as { kgls = settings }
--   })
--
-- Nothing here talks JSON-RPC itself: Neovim's client does, and this file only says when
-- to start it, where the workspace is, and what settings to send.

local M = {}

-- This file is <plugin>/lua/kgls/init.lua; the plugin lives in <repo>/editors/nvim.
local plugin_root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')

---@class kgls.Config
M.defaults = {
  -- The server command. `kgls serve` speaks LSP on stdio.
  cmd = { 'kgls', 'serve' },
  -- The workspace root is the nearest folder above a file that holds one of these.
  root_markers = { 'schema.kg', '.kgignore', '.git' },
  -- The server's settings (the `kgls` section, table in editors/README.md):
  -- similarity = { threshold = n, duplicateThreshold = n, embedder = { kind =
  -- 'builtin'|'http'|'command', url, model, apiKeyEnv, command = { argv } } },
  -- index = { path = '...' }. Left out = the server's default.
  settings = {},
  -- Start the server automatically for `kg` buffers.
  autostart = true,
  treesitter = {
    highlight = true, -- vim.treesitter.start() on `kg` buffers when the parser is installed
    fold = false, -- use tree-sitter folds (entities, lists, text blocks) in `kg` windows
  },
  -- Where :KglsInstallParser writes kg.so (default: <plugin>/parser, on the runtimepath).
  parser_dir = nil,
  -- The grammar to compile (default: <repo>/grammar, two folders above the plugin).
  grammar_dir = nil,
  -- Passed on to vim.lsp.start.
  on_attach = nil,
  capabilities = nil,
}

M.config = vim.deepcopy(M.defaults)

-- `{ kgls = settings }` for the server. An empty Lua table would be encoded as a JSON
-- array (`[]`), and the server wants an object.
local function wrap_settings(settings)
  if settings == nil or next(settings) == nil then settings = vim.empty_dict() end
  return { kgls = settings }
end

local notified = {}
local function notify_once(key, msg, level)
  if notified[key] then return end
  notified[key] = true
  vim.notify(msg, level or vim.log.levels.WARN)
end

--- The folder that holds `parser/kg.so`.
function M.parser_dir()
  return M.config.parser_dir or (plugin_root .. '/parser')
end

function M.grammar_dir()
  return M.config.grammar_dir or vim.fs.normalize(plugin_root .. '/../../grammar')
end

--- Registers the kg parser with Neovim; true when it is available.
function M.register_parser()
  local candidates = { M.parser_dir() .. '/kg.so' }
  vim.list_extend(candidates, vim.api.nvim_get_runtime_file('parser/kg.so', true))
  for _, path in ipairs(candidates) do
    if vim.uv.fs_stat(path) then
      local ok = pcall(vim.treesitter.language.add, 'kg', { path = path })
      if ok then return true end
    end
  end
  return false
end

--- The workspace root of a buffer: the nearest folder that holds any root marker (the
--- server's rule for a lone file, `kgls check FILE`), else the buffer's folder.
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fs.dirname(vim.fs.normalize(name)) or vim.uv.cwd()
  local found = vim.fs.find(M.config.root_markers, { upward = true, path = dir, limit = 1 })[1]
  return found and vim.fs.dirname(found) or dir
end

local function start_treesitter(bufnr)
  local ts = M.config.treesitter
  if not (ts.highlight or ts.fold) then return end
  if not M.register_parser() then
    notify_once('parser', 'kgls: no tree-sitter parser for .kg files yet; run :KglsInstallParser for highlighting',
      vim.log.levels.INFO)
    return
  end
  if ts.highlight then vim.treesitter.start(bufnr, 'kg') end
  if ts.fold then
    for _, win in ipairs(vim.fn.win_findbuf(bufnr)) do
      vim.wo[win].foldmethod = 'expr'
      vim.wo[win].foldexpr = 'v:lua.vim.treesitter.foldexpr()'
    end
  end
end

--- Starts (or reuses) the kgls client for a buffer; returns the client id.
function M.start_lsp(bufnr)
  local cmd = M.config.cmd
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    notify_once('cmd', 'kgls: `cmd` must be a list like { "kgls", "serve" }', vim.log.levels.ERROR)
    return nil
  end
  if vim.fn.executable(cmd[1]) ~= 1 then
    notify_once('exe', ('kgls: %s is not an executable; build kgls and put it on PATH, or set cmd in require("kgls").setup()')
      :format(cmd[1]), vim.log.levels.ERROR)
    return nil
  end
  local settings = wrap_settings(M.config.settings)
  return vim.lsp.start({
    name = 'kgls',
    cmd = cmd,
    root_dir = M.root_dir(bufnr),
    -- Both: the server reads initializationOptions at start, and Neovim answers the
    -- server's workspace/configuration requests from `settings`.
    init_options = settings,
    settings = settings,
    capabilities = M.config.capabilities,
    handlers = { ['textDocument/hover'] = M.hover_handler },
    on_attach = M.config.on_attach,
  }, { bufnr = bufnr })
end

--- Everything a `kg` buffer gets: highlighting and the language server.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  start_treesitter(bufnr)
  if M.config.autostart then M.start_lsp(bufnr) end
end

--- True when `old` sets a key (at any depth) that `new` does not.
local function removes_keys(old, new)
  for key, value in pairs(old or {}) do
    local there = type(new) == 'table' and new[key] or nil
    if there == nil then return true end
    if type(value) == 'table' and not vim.islist(value) and removes_keys(value, there) then return true end
  end
  return false
end

--- New server settings, sent to the running servers (workspace/didChangeConfiguration).
--- The server applies them onto what it has, so a key left out would keep its old value:
--- when a key is removed, the servers are restarted instead, and start from the defaults.
function M.set_settings(settings)
  local old = M.config.settings
  M.config.settings = settings or {}
  if removes_keys(old, M.config.settings) then
    M.restart()
    return
  end
  local wrapped = wrap_settings(M.config.settings)
  for _, client in ipairs(vim.lsp.get_clients({ name = 'kgls' })) do
    client.settings = wrapped
    client.notify('workspace/didChangeConfiguration', { settings = wrapped })
  end
end

--- Compiles <grammar>/src/parser.c into <parser_dir>/kg.so with the C compiler ($CC or cc)
--- and registers it. Asynchronous unless opts.sync; calls opts.on_done(ok, message).
function M.install_parser(opts)
  opts = opts or {}
  local function done(ok, msg)
    if opts.on_done then opts.on_done(ok, msg) end
    if not opts.quiet then vim.notify(msg, ok and vim.log.levels.INFO or vim.log.levels.ERROR) end
    return ok, msg
  end
  local src = M.grammar_dir() .. '/src'
  if not vim.uv.fs_stat(src .. '/parser.c') then
    return done(false, ('kgls: no %s/parser.c; set grammar_dir in require("kgls").setup() to the kgls grammar folder')
      :format(src))
  end
  local cc = vim.env.CC and vim.env.CC ~= '' and vim.env.CC or 'cc'
  if vim.fn.executable(cc) ~= 1 then
    return done(false, ('kgls: no C compiler (%s) to build the parser; install one (e.g. gcc) or set $CC'):format(cc))
  end
  -- Neovim cannot unload a parser: a rebuilt one is used from the next session on.
  -- (vim._ts_has_language asks without loading; language.inspect would load the old one.)
  local was_loaded = vim._ts_has_language and vim._ts_has_language('kg') or false
  local out_dir = M.parser_dir()
  vim.fn.mkdir(out_dir, 'p')
  local out = out_dir .. '/kg.so'
  -- Written beside and renamed into place: overwriting a library that a running Neovim
  -- has loaded would crash it, renaming does not.
  local tmp = out .. '.tmp' .. vim.uv.os_getpid()
  local cmd = { cc, '-shared', '-fPIC', '-O2', '-I', src, src .. '/parser.c' }
  if vim.uv.fs_stat(src .. '/scanner.c') then table.insert(cmd, src .. '/scanner.c') end
  vim.list_extend(cmd, { '-o', tmp })

  local function finish(result)
    if result.code ~= 0 then
      os.remove(tmp)
      return done(false, ('kgls: compiling the parser failed (%s exited with %d):\n%s')
        :format(cc, result.code, result.stderr or ''))
    end
    local ok, err = os.rename(tmp, out)
    if not ok then return done(false, ('kgls: could not write %s: %s'):format(out, err)) end
    if not M.register_parser() then return done(false, ('kgls: built %s but Neovim could not load it'):format(out)) end
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'kg' then start_treesitter(buf) end
    end
    return done(true, 'kgls: installed the tree-sitter parser at ' .. out
      .. (was_loaded and ' (restart Neovim to use the rebuilt parser)' or ''))
  end

  if opts.sync then return finish(vim.system(cmd, { text = true }):wait()) end
  vim.system(cmd, { text = true }, function(result) vim.schedule(function() finish(result) end) end)
  return true, 'compiling'
end

--- The ID (or kind, relation, key) under the cursor: letters, digits, `_`, `-`, `.`.
function M.id_at_cursor()
  local line = vim.api.nvim_get_current_line()
  local col = vim.api.nvim_win_get_cursor(0)[2] + 1
  local function is_id(c) return c ~= '' and (c:match('[%w_%.%-]') ~= nil or c:byte() >= 128) end
  if not is_id(line:sub(col, col)) then return nil end
  local s, e = col, col
  while s > 1 and is_id(line:sub(s - 1, s - 1)) do s = s - 1 end
  while e < #line and is_id(line:sub(e + 1, e + 1)) do e = e + 1 end
  return (line:sub(s, e):gsub('^[%.%-]+', ''):gsub('[%.%-]+$', ''))
end

-- The card's floating window: bordered, and at most 80% of the screen so that the entity
-- stays in sight (Neovim's default hover window is as large as its text).
local function card_window()
  return {
    border = 'rounded',
    focus_id = 'kgls-card',
    max_width = math.max(40, math.floor(vim.o.columns * 0.8)),
    max_height = math.max(10, math.floor(vim.o.lines * 0.8)),
  }
end

-- The server writes its cards for every Markdown renderer, so it escapes each character that
-- could be Markdown syntax (`https\://`, `\- item`). Neovim shows a card's Markdown as text
-- with highlights, so those backslashes would be read. This removes each one whose
-- character, unescaped, changes nothing in Neovim's rendering at that place; it keeps the
-- ones that would start concealed markup (code spans, emphasis, links, images, HTML), so a
-- card still cannot hide a link or a word from the reader.
local function needs_escape(line, i, ch)
  local before, after = line:sub(i - 2, i - 2), line:sub(i + 1, i + 1)
  if ch == '`' or ch == '<' or ch == ']' then return true end
  if ch == '\\' then return after:match('%p') ~= nil end
  if ch == '*' or ch == '_' then
    -- Emphasis needs a delimiter next to a non-space; `_` inside a word never opens one.
    if ch == '_' and before:match('%w') and after:match('%w') then return false end
    return not ((before == '' or before:match('%s')) and (after == '' or after:match('%s')))
  end
  if ch == '>' then return line:sub(1, i - 2):match('^%s*$') ~= nil end
  return false
end

--- The card's Markdown without the escapes that Neovim would show as backslashes.
function M.clean_markdown(text)
  local out, fenced = {}, false
  for _, line in ipairs(vim.split(text, '\n', { plain = true })) do
    if line:match('^%s*```') then fenced = not fenced end
    if fenced or line:match('^%s*```') then
      out[#out + 1] = line
    else
      local parts, i, n, code = {}, 1, #line, nil
      while i <= n do
        local c = line:sub(i, i)
        if c == '`' then
          local run = line:match('^`+', i)
          if code == nil then code = run elseif code == run then code = nil end
          parts[#parts + 1] = run
          i = i + #run
        elseif c == '\\' and code == nil and line:sub(i + 1, i + 1):match('%p') then
          local ch = line:sub(i + 1, i + 1)
          if needs_escape(line, i + 1, ch) then parts[#parts + 1] = c end
          parts[#parts + 1] = ch
          i = i + 2
        else
          parts[#parts + 1] = c
          i = i + 1
        end
      end
      out[#out + 1] = table.concat(parts)
    end
  end
  return table.concat(out, '\n')
end

--- The hover handler of kgls clients: the card cleaned for Neovim, in the card's window.
--- The backlink on a line of a card: `[← cites](file:///path#L12)`, the server's link to where
--- an edge is written. The one under byte column `col` (0-based), else the line's first.
--- Returns { path = ..., line = 1-based } or nil.
function M.card_link_at(line, col)
  local first, under
  for s, uri, e in line:gmatch('()%[[^%]]*%]%((file://[^)%s]+)%)()') do
    local where, lnum = uri:match('^(file://[^#]+)#L(%d+)$')
    if where then
      local link = { path = vim.uri_to_fname(where), line = tonumber(lnum) }
      first = first or link
      if col and col + 1 >= s and col + 1 < e then under = link end
    end
  end
  return under or first
end

--- <CR> in a card's window: open the file of the backlink on the cursor's line at the
--- edge's line, in the window the card was opened from. Returns true when it jumped.
function M.follow_card_link()
  local link = M.card_link_at(vim.api.nvim_get_current_line(), vim.api.nvim_win_get_cursor(0)[2])
  if not link then return false end
  local origin = vim.b.kgls_card_origin
  vim.api.nvim_win_close(0, true)
  if origin and vim.api.nvim_win_is_valid(origin) then vim.api.nvim_set_current_win(origin) end
  vim.cmd.edit(vim.fn.fnameescape(link.path))
  vim.api.nvim_win_set_cursor(0, { math.min(link.line, vim.api.nvim_buf_line_count(0)), 0 })
  return true
end

-- A card's window: <CR> on a backlink's line goes to where its edge is written.
local function card_keys(bufnr, origin)
  if not (bufnr and vim.api.nvim_buf_is_valid(bufnr)) then return end
  vim.b[bufnr].kgls_card_origin = origin
  vim.keymap.set('n', '<CR>', function()
    if not M.follow_card_link() then vim.notify('kgls: no backlink on this line', vim.log.levels.INFO) end
  end, { buffer = bufnr, desc = 'kgls: go to where this backlink is written' })
end

function M.hover_handler(err, result, ctx, config)
  if result and type(result.contents) == 'table' and result.contents.kind == 'markdown' then
    result.contents.value = M.clean_markdown(result.contents.value)
  end
  local origin = vim.api.nvim_get_current_win()
  local bufnr, winid = vim.lsp.handlers.hover(err, result, ctx, vim.tbl_extend('keep', config or {}, card_window()))
  card_keys(bufnr, origin)
  return bufnr, winid
end

--- The card of the entity under the cursor: the server's hover when it offers one, else
--- `kgls show ID --format markdown` (the same card) in the same kind of floating window.
function M.show_card()
  local bufnr = vim.api.nvim_get_current_buf()
  for _, c in ipairs(vim.lsp.get_clients({ bufnr = bufnr, name = 'kgls' })) do
    if c.supports_method('textDocument/hover') then
      local params = vim.lsp.util.make_position_params(0, c.offset_encoding)
      c.request('textDocument/hover', params, function(err, result, ctx)
        if err or not (result and result.contents) then
          vim.notify('kgls: no card here' .. (err and (': ' .. err.message) or ''), vim.log.levels.INFO)
          return
        end
        M.hover_handler(err, result, ctx, card_window())
      end, bufnr)
      return
    end
  end
  local id = M.id_at_cursor()
  if not id or id == '' then
    vim.notify('kgls: put the cursor on an entity ID', vim.log.levels.INFO)
    return
  end
  local cmd = { M.config.cmd[1], 'show', id, '--format', 'markdown', '--workspace', M.root_dir(bufnr) }
  vim.system(cmd, { text = true }, function(r)
    vim.schedule(function()
      if r.code ~= 0 then
        vim.notify(('kgls: no card for %s: %s'):format(id, vim.trim(r.stderr or '')), vim.log.levels.WARN)
        return
      end
      local lines = vim.split(M.clean_markdown(vim.trim(r.stdout)), '\n')
      local origin = vim.api.nvim_get_current_win()
      -- Without Neovim's markdown parser the Markdown window fails; show the text then.
      local ok, bufnr = pcall(vim.lsp.util.open_floating_preview, lines, 'markdown', card_window())
      if not ok then bufnr = vim.lsp.util.open_floating_preview(lines, 'plaintext', card_window()) end
      card_keys(bufnr, origin)
    end)
  end)
end

--- A picture of the neighbourhood of the entity under the cursor: `kgls graph ID --format
--- svg` (laid out by Graphviz) written to a temporary file, opened with vim.ui.open (the
--- system's viewer for SVG). `depth` is how many steps from the entity (default 1).
--- Returns the file's path, or nil when the cursor is on no ID; the picture is written in
--- the background, and a failure (no Graphviz, an unknown ID) is a notification.
function M.show_graph(depth)
  local bufnr = vim.api.nvim_get_current_buf()
  local id = M.id_at_cursor()
  if not id or id == '' then
    vim.notify('kgls: put the cursor on an entity ID', vim.log.levels.INFO)
    return nil
  end
  local file = vim.fn.tempname() .. '.svg'
  local cmd = { M.config.cmd[1], 'graph', id, '--format', 'svg', '--depth', tostring(depth or 1),
    '--output', file, '--workspace', M.root_dir(bufnr) }
  vim.system(cmd, { text = true }, function(r)
    vim.schedule(function()
      if r.code ~= 0 then
        vim.notify(('kgls: no graph for %s: %s'):format(id, vim.trim(r.stderr or '')), vim.log.levels.WARN)
        return
      end
      local _, err = vim.ui.open(file)
      if err then vim.notify(('kgls: the graph is in %s (%s)'):format(file, err), vim.log.levels.WARN) end
    end)
  end)
  return file
end

--- The likely-duplicate warnings of every buffer, in the quickfix list.
function M.duplicates_to_quickfix()
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(nil)) do
    if d.code == 'likely-duplicate' then
      table.insert(items, {
        bufnr = d.bufnr, lnum = d.lnum + 1, col = d.col + 1, text = d.message, type = 'W',
      })
    end
  end
  table.sort(items, function(a, b)
    local na, nb = vim.api.nvim_buf_get_name(a.bufnr), vim.api.nvim_buf_get_name(b.bufnr)
    if na ~= nb then return na < nb end
    return a.lnum < b.lnum
  end)
  vim.fn.setqflist({}, ' ', { title = 'kgls: likely duplicates', items = items })
  return #items
end

--- Stops the kgls clients and starts them again for the open `kg` buffers.
function M.restart()
  local clients = vim.lsp.get_clients({ name = 'kgls' })
  -- Gone from the client list, not only stopped: vim.lsp.start would reuse a client that
  -- is still listed.
  local function all_gone()
    for _, c in ipairs(clients) do
      if vim.lsp.get_client_by_id(c.id) then return false end
    end
    return true
  end
  for _, c in ipairs(clients) do c.stop() end
  if not vim.wait(3000, all_gone, 20) then
    for _, c in ipairs(clients) do c.stop(true) end -- A server that ignores shutdown.
    vim.wait(2000, all_gone, 20)
  end
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'kg' then M.start_lsp(buf) end
  end
end

local function validate(cfg)
  vim.validate({
    cmd = { cfg.cmd, 'table' },
    root_markers = { cfg.root_markers, 'table' },
    settings = { cfg.settings, 'table' },
    autostart = { cfg.autostart, 'boolean' },
    treesitter = { cfg.treesitter, 'table' },
    parser_dir = { cfg.parser_dir, 'string', true },
    grammar_dir = { cfg.grammar_dir, 'string', true },
    on_attach = { cfg.on_attach, 'function', true },
    capabilities = { cfg.capabilities, 'table', true },
  })
end

---@param opts kgls.Config|nil
function M.setup(opts)
  local cfg = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  -- A list given by the user replaces the default, it is not merged index by index.
  if opts and opts.cmd then cfg.cmd = opts.cmd end
  if opts and opts.root_markers then cfg.root_markers = opts.root_markers end
  validate(cfg)
  M.config = cfg
  local group = vim.api.nvim_create_augroup('kgls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'kg',
    callback = function(ev) M.attach(ev.buf) end,
  })
  -- Buffers opened before setup() (lazy loading on `ft = "kg"`) get attached now.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'kg' then M.attach(buf) end
  end
end

return M
