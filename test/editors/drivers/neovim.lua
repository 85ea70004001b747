-- Headless Neovim (0.7+) as an LSP client of simple-lsp, configured as the README says.
-- Env: SIMPLE_LSP_BIN (bin/simple-lsp.js), RESULT (JSON output path). The file to open is argv 0.
-- Steps: wait for diagnostics; ask for document symbols and folding ranges; fix line EDIT_LINE by
-- replacing it with EDIT_TEXT (an incremental didChange) and wait for the diagnostics to update;
-- then go to the definition of the name at DEF_COLUMN on that line.
local result = { diagnostics = {}, after_edit = {}, symbols = {}, folds = -1, definition = {} }
local function finish(code)
  local f = io.open(os.getenv('RESULT'), 'w')
  f:write(vim.json.encode(result))
  f:close()
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end

vim.cmd([[autocmd BufRead,BufNewFile *.spl setfiletype simple]])
local simple_client
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'simple',
  callback = function(args)
    simple_client = simple_client or vim.lsp.start_client({
      name = 'simple-lsp',
      cmd = { 'node', os.getenv('SIMPLE_LSP_BIN'), '--stdio' },
      root_dir = vim.fn.getcwd(),
      flags = { debounce_text_changes = 0 },
    })
    vim.lsp.buf_attach_client(args.buf, simple_client)
  end,
})
vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.argv(0)))
local buf = vim.api.nvim_get_current_buf()

local function snapshot()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, { line = d.lnum + 1, col = d.col + 1, message = d.message })
  end
  table.sort(out, function(a, b) return a.line < b.line end)
  return out
end

if not vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 10) then finish(4) end
result.diagnostics = snapshot()

local params = { textDocument = vim.lsp.util.make_text_document_params() }
local symbols = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', params, 5000) or {}
for _, r in pairs(symbols) do
  for _, s in ipairs(r.result or {}) do table.insert(result.symbols, s.name) end
end
local folds = vim.lsp.buf_request_sync(buf, 'textDocument/foldingRange', params, 5000) or {}
for _, r in pairs(folds) do result.folds = #(r.result or {}) end

local line = tonumber(os.getenv('EDIT_LINE'))
local before = #result.diagnostics
vim.api.nvim_buf_set_lines(buf, line - 1, line, false, { os.getenv('EDIT_TEXT') })
if not vim.wait(10000, function() return #vim.diagnostic.get(buf) < before end, 10) then finish(5) end
result.after_edit = snapshot()

-- Go to definition from DEF_COLUMN (0-based) on the edited line.
local pos = { textDocument = params.textDocument, position = { line = line - 1, character = tonumber(os.getenv('DEF_COLUMN')) } }
local defs = vim.lsp.buf_request_sync(buf, 'textDocument/definition', pos, 5000) or {}
result.definition = {}
for _, r in pairs(defs) do
  for _, loc in ipairs(r.result or {}) do table.insert(result.definition, loc.range.start.line + 1) end
end
finish(0)
