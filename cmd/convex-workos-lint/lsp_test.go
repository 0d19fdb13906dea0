package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// lspProject is a project whose buffers, linted by `lsp` and by --stdin-filename, must give
// the same findings: CRLF line ends and characters outside the BMP before the findings, an env
// file, a config with an ignore glob.
func lspProject(t *testing.T) (dir string, buffers map[string]string) {
	dir = t.TempDir()
	writeFiles(t, dir, map[string]string{
		"package.json":             `{"dependencies": {"convex": "1.0.0", "next": "15.0.0", "@workos-inc/authkit-nextjs": "2.0.0"}}`,
		".gitignore":               ".env*\n",
		".env.local":               "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\nWORKOS_COOKIE_PASSWORD=short\n",
		".convex-workos-lint.json": `{"ignore": ["generated/**"]}`,
		"convex/auth.config.ts":    "export default { providers: [] };\n",
		"src/page.tsx":             "export const x = 1;\n",
		"generated/client.ts":      "export const x = 1;\n",
	})
	buffers = map[string]string{
		"convex/auth.config.ts": strings.ReplaceAll("// 🎉 café\n"+
			"const clientId = process.env.WORKOS_CLIENT_ID;\n"+
			"export default {\n"+
			"  providers: [\n"+
			"    { type: \"customJwt\", issuer: \"http://api.workos.com/\", algorithm: \"RS256\", applicationID: clientId,\n"+
			"      jwks: `https://api.workos.com/sso/jwks/${clientId}` },\n"+
			"  ],\n"+
			"};\n", "\n", "\r\n"),
		"src/page.tsx":        editorBuffer,
		".env.local":          "# 🎉\nWORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\nWORKOS_COOKIE_PASSWORD=\"𝒳short\"\n",
		"generated/client.ts": "export const id = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n",
	}
	return dir, buffers
}

type lspConn struct {
	t    *testing.T
	in   io.WriteCloser
	r    *bufio.Reader
	id   int
	cmd  *exec.Cmd
	seen []map[string]any
}

func startLSP(t *testing.T, bin, dir string) *lspConn {
	t.Helper()
	cmd := exec.Command(bin, "lsp", "--stdio")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Errorf("lsp did not exit after its input closed; stderr:\n%s", stderr.String())
		}
	})
	return &lspConn{t: t, in: in, r: bufio.NewReader(out), cmd: cmd}
}

func (c *lspConn) send(m map[string]any) {
	c.t.Helper()
	m["jsonrpc"] = "2.0"
	b, _ := json.Marshal(m)
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(b), b); err != nil {
		c.t.Fatal(err)
	}
}

func (c *lspConn) read() map[string]any {
	c.t.Helper()
	tp := textproto.NewReader(c.r)
	h, err := tp.ReadMIMEHeader()
	if err != nil {
		c.t.Fatalf("reading a header: %v", err)
	}
	n, err := strconv.Atoi(h.Get("Content-Length"))
	if err != nil {
		c.t.Fatalf("Content-Length %q", h.Get("Content-Length"))
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.r, body); err != nil {
		c.t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		c.t.Fatalf("%v: %s", err, body)
	}
	return m
}

func (c *lspConn) call(method string, params any) map[string]any {
	c.t.Helper()
	c.id++
	c.send(map[string]any{"id": c.id, "method": method, "params": params})
	for {
		m := c.read()
		if id, ok := m["id"].(float64); ok && int(id) == c.id && m["method"] == nil {
			return m
		}
		c.seen = append(c.seen, m)
	}
}

// diagnostics waits for the publishDiagnostics of uri.
func (c *lspConn) diagnostics(uri string) []any {
	c.t.Helper()
	for i, m := range c.seen {
		if m["method"] == "textDocument/publishDiagnostics" && m["params"].(map[string]any)["uri"] == uri {
			c.seen = append(c.seen[:i], c.seen[i+1:]...)
			return m["params"].(map[string]any)["diagnostics"].([]any)
		}
	}
	for {
		m := c.read()
		if m["method"] == "textDocument/publishDiagnostics" && m["params"].(map[string]any)["uri"] == uri {
			return m["params"].(map[string]any)["diagnostics"].([]any)
		}
		c.seen = append(c.seen, m)
	}
}

func fileURI(p string) string { return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String() }

// TestLSPMatchesStdinFilename: for each buffer, the language server's diagnostics are exactly
// the findings of `--stdin-filename FILE --force-exclude --format json` run in the workspace
// root: same rules, severities, messages, and ranges (LSP's 0-based UTF-16 positions are the
// JSON's 1-based columns less one).
func TestLSPMatchesStdinFilename(t *testing.T) {
	dir, buffers := lspProject(t)
	bin := filepath.Join(strings.SplitN(linterOnPath(t), string(filepath.ListSeparator), 2)[0], "convex-workos-lint")
	c := startLSP(t, bin, dir)
	init := c.call("initialize", map[string]any{"processId": nil, "rootUri": fileURI(dir), "capabilities": map[string]any{}})
	if init["error"] != nil {
		t.Fatalf("initialize: %v", init["error"])
	}
	c.send(map[string]any{"method": "initialized", "params": map[string]any{}})
	total := 0
	for rel, content := range buffers {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		uri := fileURI(path)
		c.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
			"uri": uri, "languageId": "typescript", "version": 1, "text": content}}})
		got := c.diagnostics(uri)

		cli := exec.Command(bin, "--stdin-filename", path, "--force-exclude", "--format", "json")
		cli.Dir = dir
		cli.Stdin = strings.NewReader(content)
		out, err := cli.Output()
		if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1) {
			t.Fatalf("%s: --stdin-filename: %v", rel, err)
		}
		var want []struct {
			Rule, Severity, Message          string
			Line, Column, EndLine, EndColumn int
		}
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatalf("%s: %v: %s", rel, err, out)
		}
		if rel == "generated/client.ts" && len(want) != 0 {
			t.Fatalf("the ignored file has findings with --force-exclude: %s", out)
		}
		if len(got) != len(want) {
			t.Errorf("%s: lsp %d diagnostics, --stdin-filename %d:\n%v\n%s", rel, len(got), len(want), got, out)
			continue
		}
		total += len(want)
		for i, w := range want {
			d := got[i].(map[string]any)
			r := d["range"].(map[string]any)
			pos := func(k string) (int, int) {
				p := r[k].(map[string]any)
				return int(p["line"].(float64)) + 1, int(p["character"].(float64)) + 1
			}
			sl, sc := pos("start")
			el, ec := pos("end")
			sev := map[float64]string{1: "error", 2: "warning"}[d["severity"].(float64)]
			if d["code"] != w.Rule || sev != w.Severity || d["message"] != w.Message || d["source"] != "convex-workos-lint" ||
				sl != w.Line || sc != w.Column || el != w.EndLine || ec != w.EndColumn {
				t.Errorf("%s: lsp %v %s %d:%d-%d:%d %q\nwant %s %s %d:%d-%d:%d %q", rel, d["code"], sev, sl, sc, el, ec, d["message"],
					w.Rule, w.Severity, w.Line, w.Column, w.EndLine, w.EndColumn, w.Message)
			}
			href, _ := d["codeDescription"].(map[string]any)["href"].(string)
			if !strings.HasSuffix(href, "/docs/rules/"+w.Rule+".md") {
				t.Errorf("%s: codeDescription.href %q", rel, href)
			}
		}
	}
	// Fix all gives the buffer `--stdin-filename FILE --fix` prints.
	fixed := 0
	for rel, content := range buffers {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		resp := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": fileURI(path)},
			"range":   map[string]any{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 0, "character": 0}},
			"context": map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll"}}})
		got := content
		if actions, _ := resp["result"].([]any); len(actions) == 1 {
			edits := actions[0].(map[string]any)["edit"].(map[string]any)["changes"].(map[string]any)[fileURI(path)].([]any)
			got = applyUTF16Edit(t, content, edits[0].(map[string]any))
		}
		cli := exec.Command(bin, "--stdin-filename", path, "--force-exclude", "--fix")
		cli.Dir = dir
		cli.Stdin = strings.NewReader(content)
		want, _ := cli.Output() // exit 1 when findings remain
		if got != string(want) {
			t.Errorf("%s: fix all gives\n%s\n--stdin-filename --fix prints\n%s", rel, got, want)
		}
		if got != content {
			fixed++
		}
	}
	if fixed == 0 {
		t.Error("no buffer had a fix: the comparison proves nothing")
	}
	if total < 4 {
		t.Errorf("only %d findings in all buffers: the comparison proves little", total)
	}
	if resp := c.call("shutdown", nil); resp["error"] != nil {
		t.Errorf("shutdown: %v", resp["error"])
	}
	c.send(map[string]any{"method": "exit"})
	c.in.Close()
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("exit after shutdown: %v (want status 0)", err)
	}
}

// applyUTF16Edit applies one LSP TextEdit (UTF-16 positions, lines split at \n, \r\n, \r).
func applyUTF16Edit(t *testing.T, s string, e map[string]any) string {
	t.Helper()
	offset := func(p map[string]any) int {
		line, char := int(p["line"].(float64)), int(p["character"].(float64))
		off := 0
		for ; line > 0 && off < len(s); off++ {
			if s[off] == '\n' || s[off] == '\r' && !strings.HasPrefix(s[off:], "\r\n") {
				line--
			}
		}
		for units := 0; units < char && off < len(s) && s[off] != '\n' && s[off] != '\r'; {
			r, size := utf8.DecodeRuneInString(s[off:])
			units += utf16.RuneLen(r)
			off += size
		}
		return off
	}
	r := e["range"].(map[string]any)
	return s[:offset(r["start"].(map[string]any))] + e["newText"].(string) + s[offset(r["end"].(map[string]any)):]
}

// TestLSPEditorConfigs checks the documented server setups that no test runs in their editor
// start the server as the CLI names it: `convex-workos-lint lsp`.
func TestLSPEditorConfigs(t *testing.T) {
	var vscode map[string]any
	block := regexp.MustCompile(`(?m)^\s*//.*$`).ReplaceAllString(docBlock(t, "jsonc", "glspc.server.command"), "")
	if err := json.Unmarshal([]byte(block), &vscode); err != nil {
		t.Fatalf("VS Code settings: %v", err)
	}
	if vscode["glspc.server.command"] != "convex-workos-lint" || fmt.Sprint(vscode["glspc.server.commandArguments"]) != "[lsp]" {
		t.Errorf("VS Code settings: %v", vscode)
	}
	for _, c := range []struct{ lang, marker, want string }{
		{"lua", "vim.lsp.config", `cmd = { "convex-workos-lint", "lsp" }`},
		{"lua", "vim.lsp.start_client", `cmd = { "convex-workos-lint", "lsp" }`},
		{"toml", "[language-server.convex-workos-lint]", "command = \"convex-workos-lint\"\nargs = [\"lsp\"]"},
		{"rust", "language_server_command", `args: vec!["lsp".into()]`},
		{"elisp", "eglot-server-programs", `("convex-workos-lint" "lsp")`},
	} {
		if b := docBlock(t, c.lang, c.marker); !strings.Contains(b, c.want) {
			t.Errorf("docs/editors.md %s block with %q lacks %q:\n%s", c.lang, c.marker, c.want, b)
		}
	}
}
