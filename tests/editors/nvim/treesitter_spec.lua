-- The Neovim plugin without the server: filetype detection, :KglsInstallParser (compiling
-- grammar/src into a parser library), and the tree-sitter highlight captures at chosen
-- places of examples/.
--
-- nvim --headless -l treesitter_spec.lua REPO WORKSPACE PARSER_DIR
--   REPO       the kgls source tree (editors/nvim, grammar/)
--   WORKSPACE  a temporary copy of examples/
--   PARSER_DIR where the parser is compiled to (temporary)
local repo, workspace, parser_dir = arg[1], arg[2], arg[3]
package.path = repo .. '/tests/editors/nvim/?.lua;' .. package.path
local H = require('harness')

-- The plugin loaded as a plugin manager would (harness.lua).
H.load_plugin(repo)

local kgls = require('kgls')
-- No server in this spec; only the tree-sitter side.
kgls.setup({ autostart = false, parser_dir = parser_dir })

H.check('the plugin defines its commands', function()
  for _, name in ipairs({ 'KglsInstallParser', 'KglsCard', 'KglsDuplicates', 'KglsRestart' }) do
    H.eq(2, vim.fn.exists(':' .. name), ':' .. name .. ' exists')
  end
end)

H.check('*.kg files get filetype kg', function()
  vim.cmd.edit(workspace .. '/frameworks.kg')
  H.eq('kg', vim.bo.filetype)
end)

H.check('kg buffers comment with # and treat an ID as one word', function()
  vim.cmd.edit(workspace .. '/frameworks.kg')
  H.eq('# %s', vim.bo.commentstring)
  local row, col = H.find(0, '  extends distill-circuits-thread', 'circuits')
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  H.eq('distill-circuits-thread', vim.fn.expand('<cword>'))
  H.eq('distill-circuits-thread', kgls.id_at_cursor())
  vim.api.nvim_win_set_cursor(0, { row + 1, 0 })
  H.eq(nil, kgls.id_at_cursor(), 'no ID on the indentation')
end)

H.check('.kgignore files get the gitignore filetype', function()
  vim.cmd.edit(workspace .. '/.kgignore')
  H.eq('gitignore', vim.bo.filetype)
end)

H.check('install_parser compiles grammar/src into PARSER_DIR/kg.so and registers it', function()
  local ok, msg = kgls.install_parser({ sync = true, quiet = true })
  assert(ok, msg)
  assert(vim.uv.fs_stat(parser_dir .. '/kg.so'), 'no kg.so in ' .. parser_dir)
  assert(not vim.uv.fs_stat(parser_dir .. '/kg.so.tmp' .. vim.uv.os_getpid()), 'the temporary file is left behind')
  assert(vim.treesitter.language.inspect('kg').symbols, 'the kg language is not loaded')
end)

H.check('install_parser says what is wrong when the grammar is missing', function()
  local saved = kgls.config.grammar_dir
  kgls.config.grammar_dir = workspace .. '/no-grammar-here'
  local ok, msg = kgls.install_parser({ sync = true, quiet = true })
  kgls.config.grammar_dir = saved
  H.eq(false, ok)
  assert(msg:find('no-grammar-here/src/parser.c', 1, true), msg)
end)

--- The highlight captures at a place, as Neovim computes them for the buffer.
local function captures_at(bufnr, context, needle)
  local row, col = H.find(bufnr, context, needle)
  local names = {}
  for _, c in ipairs(vim.treesitter.get_captures_at_pos(bufnr, row, col)) do
    table.insert(names, c.capture)
  end
  return names
end

local function expect_captures(file, cases)
  vim.cmd.edit(workspace .. '/' .. file)
  local bufnr = vim.api.nvim_get_current_buf()
  -- Opening a kg buffer after the parser is installed starts highlighting by itself.
  assert(vim.treesitter.highlighter.active[bufnr], 'tree-sitter highlighting is not active in ' .. file)
  local problems = {}
  for _, case in ipairs(cases) do
    local context, needle, capture = case[1], case[2], case[3]
    local got = captures_at(bufnr, context, needle)
    if not vim.tbl_contains(got, capture) then
      table.insert(problems, ('%s: %q in %q: want @%s, got %s'):format(file, needle, context, capture, vim.inspect(got)))
    end
  end
  assert(#problems == 0, table.concat(problems, '\n'))
end

H.check('highlight captures in frameworks.kg', function()
  expect_captures('frameworks.kg', {
    { '# The entity at the centre', '#', 'comment' },
    { 'framework a-mathematical', 'framework', 'type' },
    { 'framework a-mathematical', 'a-mathematical-framework-for-transformer-circuits', 'constant' },
    { 'framework a-mathematical', '{', 'punctuation.bracket' },
    { '  title: "A Mathematical', 'title', 'property' },
    { '  title: "A Mathematical', ':', 'punctuation.delimiter' },
    { '  title: "A Mathematical', 'A Mathematical', 'string' },
    { '  status: active', 'active', 'string.special.symbol' },
    { '  tags: [interpretability', 'interpretability', 'string.special.symbol' },
    { '  year: 2021', '2021', 'number' },
    { '  reading-notes: """', '"""', 'string' },
    { '  extends distill-circuits-thread', 'extends', 'function' },
    { '  extends distill-circuits-thread', 'distill-circuits-thread', 'constant' },
    { '  extends distill-circuits-thread', 'the direct predecessor', 'string.special' },
  })
end)

H.check('highlight captures in concepts.kg', function()
  expect_captures('concepts.kg', {
    { '  informal: true', 'true', 'boolean' },
    { '  example: "h(x)', '\\u{2297}', 'string.escape' },
  })
end)

H.check('tree-sitter folds cover entities and text blocks', function()
  kgls.config.treesitter.fold = true
  vim.cmd.edit(workspace .. '/methods.kg')
  kgls.attach(0)
  H.eq('expr', vim.wo.foldmethod)
  local row = H.find(0, 'method logit-weight-analysis {')
  -- An entity's first line opens a fold.
  H.eq('>1', vim.treesitter.foldexpr(row + 1))
end)

H.check(':checkhealth kgls finds the parser, the grammar and the queries', function()
  vim.cmd('checkhealth kgls')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  for _, want in ipairs({ 'OK tree-sitter parser for kg is installed', 'OK grammar: ', 'OK highlight queries are on the runtimepath' }) do
    assert(report:find(want, 1, true), 'no "' .. want .. '" in\n' .. report)
  end
end)

H.finish()
