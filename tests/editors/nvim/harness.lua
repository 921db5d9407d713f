-- A small test harness for specs run with `nvim --headless -l SPEC.lua ...`: named checks,
-- one line per check, and the closing "N passed, N failed" line; the exit code is the
-- number of failures (capped), so the calling CTest fails when any check does.
local H = { passed = 0, failed = 0, failures = {} }

--- Loads the plugin as a plugin manager would: editors/nvim of `repo` on the runtimepath,
--- then Neovim's usual startup (filetype detection sources the plugin's ftdetect/, plugins
--- load plugin/; `-l` skips it), with no swap files. ../shared/tools/nvim runs Neovim out of
--- an unpacked package, whose bundled parsers (markdown, for hover windows) sit beside
--- $VIMRUNTIME rather than where Neovim looks: they are added too.
function H.load_plugin(repo)
  vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
  vim.cmd('filetype plugin on')
  local bundled = vim.fs.normalize(vim.env.VIMRUNTIME .. '/../../../lib/nvim')
  if vim.uv.fs_stat(bundled .. '/parser') then vim.opt.runtimepath:append(bundled) end
  vim.cmd('runtime! plugin/kgls.lua')
  vim.o.swapfile = false
end

--- Runs one named check; an error inside it (assert or otherwise) fails it, and the others
--- still run.
function H.check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    H.passed = H.passed + 1
    io.stdout:write('ok - ' .. name .. '\n')
  else
    H.failed = H.failed + 1
    table.insert(H.failures, name)
    io.stdout:write('not ok - ' .. name .. '\n' .. tostring(err):gsub('\n', '\n    ') .. '\n')
  end
end

--- Asserts that two values are equal (deeply), with both printed when they are not.
function H.eq(expected, actual, what)
  if not vim.deep_equal(expected, actual) then
    error(('%s\n  expected: %s\n  actual:   %s'):format(what or 'values differ', vim.inspect(expected),
      vim.inspect(actual)), 2)
  end
end

--- Waits for `cond` to return a truthy value; errors with `what` after `ms`.
function H.wait_for(ms, cond, what)
  local value
  local ok = vim.wait(ms, function()
    value = cond()
    return value ~= nil and value ~= false
  end, 20)
  if not ok then error('timed out after ' .. ms .. ' ms waiting for ' .. what, 2) end
  return value
end

--- The 0-based position of `needle` on the first line containing `context` (and `needle`
--- after it) in a buffer.
function H.find(bufnr, context, needle)
  needle = needle or context
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local at = line:find(context, 1, true)
    if at then
      local col = line:find(needle, at, true)
      if col then return i - 1, col - 1 end
    end
  end
  error(('no line contains %q followed by %q in %s'):format(context, needle, vim.api.nvim_buf_get_name(bufnr)), 2)
end

--- Prints the summary and exits.
function H.finish()
  io.stdout:write(('%d passed, %d failed\n'):format(H.passed, H.failed))
  if H.failed > 0 then io.stdout:write('failed: ' .. table.concat(H.failures, '; ') .. '\n') end
  io.stdout:flush()
  os.exit(math.min(H.failed, 70))
end

return H
