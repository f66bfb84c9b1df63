-- Neovim's built-in LSP client (Debian's 0.7) against the built server: open one file, wait for
-- its diagnostics, write "code<TAB>line<TAB>message" lines to $MLCOST_NVIM_OUT, quit.
-- Exit code: 0 diagnostics arrived, 2 none within the wait, 3 the client did not start.
--   MLCOST_FILE=examples/smelly/hf_sft.yaml MLCOST_NVIM_OUT=out.txt nvim --headless -u NONE -c "luafile test/nvim/check.lua"
local file = os.getenv("MLCOST_FILE")
local out = os.getenv("MLCOST_NVIM_OUT")
local wait_ms = tonumber(os.getenv("MLCOST_WAIT_MS") or "15000")

local client = vim.lsp.start_client({
  name = "mlcost",
  cmd = { "node", "dist/server.js", "--stdio" },
  root_dir = vim.fn.getcwd(),
})
if not client then
  vim.cmd("cquit 3")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
vim.bo.filetype = "yaml" -- -u NONE loads no filetype detection; the server needs the languageId
vim.lsp.buf_attach_client(0, client)

local ok = vim.wait(wait_ms, function() return #vim.diagnostic.get(0) > 0 end, 100)
if ok then vim.wait(500) end -- let a later publish for the same version settle
local f = assert(io.open(out, "w"))
for _, d in ipairs(vim.diagnostic.get(0)) do
  f:write(tostring(d.code), "\t", tostring(d.lnum + 1), "\t", (d.message:gsub("\n", " ")), "\n")
end
f:close()
vim.lsp.stop_client(client)
vim.cmd(ok and "qa!" or "cquit 2")
