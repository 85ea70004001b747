-- Headless Neovim (0.7+) as an LSP client of simple-lsp, configured as the README says.
-- Env: SIMPLE_LSP_BIN (bin/simple-lsp.js), RESULT (JSON output path). The file to open is argv 0.
-- Steps: wait for diagnostics; ask for document symbols and folding ranges; fix line EDIT_LINE by
-- replacing it with EDIT_TEXT (an incremental didChange) and wait for the diagnostics to update;
-- then go to the definition of the name at DEF_COLUMN on that line.
local result = {
  diagnostics = {}, after_edit = {}, symbols = {}, folds = -1, definition = {},
  xdefinition = {}, hover = '', references = {}, rename = {}, completion = {},
}
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
      -- SIMPLE_LSP_TCP: join a shared server through the stdio<->TCP bridge instead of starting one.
      cmd = os.getenv('SIMPLE_LSP_TCP') and { 'node', os.getenv('SIMPLE_LSP_BIN'), '--bridge', os.getenv('SIMPLE_LSP_TCP') }
        or { 'node', os.getenv('SIMPLE_LSP_BIN'), '--stdio' },
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

-- Across the workspace, from XREF_LINE/XREF_COLUMN (1-based line, 0-based column): definition, hover,
-- references and rename, as 'uri:line' strings (the test makes them relative).
-- The workspace index answers cross-file requests once it is ready (simple/status says when).
vim.wait(10000, function()
  for _, r in pairs(vim.lsp.buf_request_sync(buf, 'simple/status', nil, 1000) or {}) do
    if r.result and type(r.result.workspace) == 'table' and r.result.workspace.state == 'ready' then return true end
  end
  return false
end, 50)
local xpos = {
  textDocument = params.textDocument,
  position = { line = tonumber(os.getenv('XREF_LINE')) - 1, character = tonumber(os.getenv('XREF_COLUMN')) },
}
local function where(loc) return loc.uri .. ':' .. (loc.range.start.line + 1) end
for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/definition', xpos, 10000) or {}) do
  for _, loc in ipairs(r.result or {}) do table.insert(result.xdefinition, where(loc)) end
end
for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/hover', xpos, 10000) or {}) do
  if r.result then result.hover = r.result.contents.value or '' end
end
local refs = vim.tbl_extend('force', xpos, { context = { includeDeclaration = true } })
for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/references', refs, 10000) or {}) do
  for _, loc in ipairs(r.result or {}) do table.insert(result.references, where(loc)) end
end
local ren = vim.tbl_extend('force', xpos, { newName = 'Article' })
for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/rename', ren, 10000) or {}) do
  for uri, edits in pairs((r.result or {}).changes or {}) do
    for _, e in ipairs(edits) do table.insert(result.rename, uri .. ':' .. (e.range.start.line + 1)) end
  end
end
-- Completion at DEF_COLUMN + 1 on the edited line (inside `greeting`, after `gr`).
local cpos = { textDocument = params.textDocument, position = { line = line - 1, character = tonumber(os.getenv('DEF_COLUMN')) } }
for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/completion', cpos, 10000) or {}) do
  local items = r.result and (r.result.items or r.result) or {}
  for _, item in ipairs(items) do table.insert(result.completion, item.label) end
end

-- EXTRA_FOLDER (single-editor runs): a folder added and removed live, then an exclude pattern set live
-- (the server asks workspace/configuration, which Neovim answers from config.settings); file counts come
-- from simple/status.
local extra = os.getenv('EXTRA_FOLDER')
if extra then
  local function ws_status()
    for _, r in pairs(vim.lsp.buf_request_sync(buf, 'simple/status', nil, 5000) or {}) do
      if r.result and type(r.result.workspace) == 'table' then return r.result.workspace end
    end
  end
  local function settle(pred)
    return vim.wait(10000, function()
      local w = ws_status()
      return w ~= nil and w.state == 'ready' and pred(w)
    end, 20)
  end
  local base = ws_status()
  result.live = { files = base.files }
  vim.lsp.buf.add_workspace_folder(extra)
  if not settle(function(w) return #w.roots == 2 end) then finish(6) end
  result.live.added = ws_status().files
  vim.lsp.buf.remove_workspace_folder(extra)
  if not settle(function(w) return #w.roots == 1 end) then finish(7) end
  result.live.removed = ws_status().files
  local client = vim.lsp.get_client_by_id(simple_client)
  client.config.settings = { simple = { index = { exclude = { '**/.git/**', 'test/**' } } } }
  client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  if not settle(function(w) return w.files < base.files end) then finish(8) end
  result.live.excluded = ws_status().files
end
finish(0)
