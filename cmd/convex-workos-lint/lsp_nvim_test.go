package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLSPNeovim runs the documented Neovim 0.7 setup in the real Neovim (Debian's neovim
// package; CI installs it): Neovim's own LSP client starts `convex-workos-lint lsp`, gets the
// diagnostics of the opened file, asks for the code actions of a finding, applies the rule's fix
// (Neovim then sends the change, and the re-lint drops the finding), and asks for hover.
func TestLSPNeovim(t *testing.T) {
	if _, err := exec.LookPath("nvim"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("nvim is not installed; .ci/run installs Debian's neovim")
		}
		t.Skip("nvim is not installed")
	}
	path := linterOnPath(t)
	dir := t.TempDir()
	// A non-ASCII comment before the finding on its line: Neovim's byte columns differ from
	// the server's UTF-16 ones.
	writeFiles(t, dir, map[string]string{
		"package.json": `{"dependencies": {"convex": "1.0.0"}}`,
		"convex/auth.config.ts": "const clientId = process.env.WORKOS_CLIENT_ID;\n" +
			"export default {\n" +
			"  providers: [\n" +
			"    {\n" +
			"      type: \"customJwt\",\n" +
			"      /* é🎉 */ issuer: \"http://api.workos.com/\",\n" +
			"      algorithm: \"RS256\",\n" +
			"      applicationID: clientId,\n" +
			"      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n" +
			"    },\n" +
			"  ],\n" +
			"};\n",
	})
	file := filepath.Join(dir, "convex", "auth.config.ts")
	setup := filepath.Join(t.TempDir(), "setup.lua")
	if err := os.WriteFile(setup, []byte(docBlock(t, "lua", "vim.lsp.start_client")), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "result.json")
	script := `
local function finish(result)
  vim.fn.writefile({ vim.json.encode(result) }, ` + luaString(out) + `)
  vim.cmd("qa!")
end
local ok, err = pcall(function()
  dofile(` + luaString(setup) + `)
  vim.cmd("edit " .. vim.fn.fnameescape(` + luaString(file) + `))
  local buf = vim.api.nvim_get_current_buf()
  local function issuer()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.source == "convex-workos-lint" and d.message:find("uses http", 1, true) then
        return d
      end
    end
  end
  assert(vim.wait(30000, function() return issuer() ~= nil end, 20), "no diagnostics from the server")
  local result = { before = {} }
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(result.before, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = code, source = d.source })
  end
  local client = vim.lsp.buf_get_clients(buf)[next(vim.lsp.buf_get_clients(buf))]
  local d = issuer()
  -- The cursor on the finding, as a user puts it before asking for code actions or hover.
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) }
  local resp = client.request_sync("textDocument/codeAction", params, 30000, buf)
  assert(resp and not resp.err, "codeAction failed")
  result.actions = {}
  local fix
  for _, a in ipairs(resp.result or {}) do
    table.insert(result.actions, a.title)
    if a.title == "Use https" then fix = a end
  end
  local hover = client.request_sync("textDocument/hover", vim.lsp.util.make_position_params(), 30000, buf)
  result.hover = hover and hover.result and hover.result.contents.value or ""
  assert(fix, "no Use https action")
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  result.line = vim.api.nvim_buf_get_lines(buf, 5, 6, false)[1]
  assert(vim.wait(30000, function() return issuer() == nil end, 20), "the fixed buffer still has the finding")
  result.after = #vim.diagnostic.get(buf)
  finish(result)
end)
if not ok then
  finish({ error = tostring(err) })
end
`
	scriptFile := filepath.Join(t.TempDir(), "run.lua")
	if err := os.WriteFile(scriptFile, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("nvim", "--headless", "--clean", "-n", "-c", "luafile "+scriptFile)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no result: %v", err)
	}
	var res struct {
		Error  string
		Before []struct {
			Lnum, Col, EndLnum, EndCol, Severity int
			Code, Source                         string
		}
		Actions []string
		Hover   string
		Line    string
		After   int
	}
	if err := json.Unmarshal([]byte(strings.ReplaceAll(string(b), "end_", "End")), &res); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	if res.Error != "" {
		t.Fatalf("in Neovim: %s", res.Error)
	}
	line := `      /* é🎉 */ issuer: "http://api.workos.com/",`
	start := strings.Index(line, `"http`) // Neovim's byte column, from 0
	var found bool
	for _, d := range res.Before {
		if d.Code == "workos-issuer" {
			found = true
			if d.Lnum != 5 || d.Col != start || d.EndLnum != 5 || d.EndCol != start+len(`"http://api.workos.com/"`) || d.Severity != 1 {
				t.Errorf("workos-issuer at %d:%d-%d:%d severity %d; want 5:%d-5:%d, ERROR", d.Lnum, d.Col, d.EndLnum, d.EndCol, d.Severity,
					start, start+len(`"http://api.workos.com/"`))
			}
		}
	}
	if !found {
		t.Errorf("no workos-issuer diagnostic in %+v", res.Before)
	}
	want := map[string]bool{"Use https": false, "Disable workos-issuer for this line": false}
	for _, a := range res.Actions {
		if _, ok := want[a]; ok {
			want[a] = true
		}
	}
	for a, ok := range want {
		if !ok {
			t.Errorf("code actions %q lack %q", res.Actions, a)
		}
	}
	if !strings.Contains(res.Hover, "# workos-issuer") || !strings.Contains(res.Hover, "## Why") {
		t.Errorf("hover: %q", res.Hover)
	}
	if res.Line != strings.Replace(line, "http:", "https:", 1) {
		t.Errorf("after the fix the line is %q", res.Line)
	}
	if res.After != len(res.Before)-1 {
		t.Errorf("%d diagnostics after the fix, want %d (the issuer's gone)", res.After, len(res.Before)-1)
	}
}
