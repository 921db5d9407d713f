-- `*.kg` files are knowledge-graph files: filetype `kg`. A `.kgignore` lists files for
-- kgls to skip in gitignore syntax, so it is highlighted as one.
vim.filetype.add({
  extension = { kg = 'kg' },
  filename = { ['.kgignore'] = 'gitignore' },
})
