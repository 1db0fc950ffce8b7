-- Drives Neovim's built-in LSP client against halibut-language-server and
-- writes what it saw to $HB_OUT as JSON. Works with Neovim 0.7 and later.
local root = os.getenv('HB_ROOT')
local doc = os.getenv('HB_DOC')
local out_file = os.getenv('HB_OUT')
local result = { attached = false }

local function finish()
  local f = io.open(out_file, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. doc .. '/errors.but')
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'halibut',
    cmd = { 'node', root .. '/bin/halibut-language-server.js', '--stdio' },
    root_dir = doc,
    init_options = { settings = { projectFile = root .. '/examples/putty/halibut.json' } },
  })
  vim.lsp.buf_attach_client(buf, client_id)
  result.attached = vim.wait(15000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true
  end, 50)

  -- Diagnostics: none at first; a typo typed into a \k{} makes one appear.
  vim.wait(3000, function() return false end, 100)
  result.initial_diagnostics = #vim.diagnostic.get(buf)
  local lnum = vim.fn.search('\\\\k{config-keepalive}', 'w')
  local line = vim.api.nvim_buf_get_lines(buf, lnum - 1, lnum, false)[1]
  local col = line:find('config-keepalive', 1, true)
  vim.api.nvim_buf_set_text(buf, lnum - 1, col - 1 + 14, lnum - 1, col - 1 + 16, { 'vi' })
  vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local diags = vim.diagnostic.get(buf)
  result.typo_diagnostics = {}
  for _, d in ipairs(diags) do table.insert(result.typo_diagnostics, { line = d.lnum + 1, message = d.message }) end
  vim.api.nvim_buf_set_text(buf, lnum - 1, col - 1 + 14, lnum - 1, col - 1 + 16, { 've' })
  vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 50)
  result.fixed_diagnostics = #vim.diagnostic.get(buf)

  -- Hover and definition on \k{config-ssh-kex-rekey}.
  local hl = vim.fn.search('\\\\k{config-ssh-kex-rekey}', 'w')
  local hline = vim.api.nvim_buf_get_lines(buf, hl - 1, hl, false)[1]
  local hcol = hline:find('config-ssh-kex-rekey', 1, true) + 2
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = hl - 1, character = hcol } }
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then result.hover = r.result.contents.value end
  end
  local def = vim.lsp.buf_request_sync(buf, 'textDocument/definition', params, 10000)
  for _, r in pairs(def or {}) do
    if r.result and r.result[1] then
      result.definition = { uri = r.result[1].uri, line = r.result[1].range.start.line }
    end
  end
end)
if not ok then result.error = tostring(err) end
finish()
