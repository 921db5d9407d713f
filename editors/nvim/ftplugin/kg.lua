-- Buffer settings for `.kg` files: `#` comments (for `gc` and 'formatoptions'), and IDs
-- such as `a-mathematical-framework` as one word for `w`, `*` and completion.
vim.bo.commentstring = '# %s'
vim.bo.comments = ':#'
vim.opt_local.iskeyword:append('-')
vim.b.undo_ftplugin = (vim.b.undo_ftplugin and (vim.b.undo_ftplugin .. ' | ') or '')
  .. 'setlocal commentstring< comments< iskeyword<'
