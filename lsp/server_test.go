package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// authConfig has an SSO provider on http: workos-issuer (fix: use https) and
// missing-user-management-provider (fix: add it) fire.
const authConfig = "const clientId = process.env.WORKOS_CLIENT_ID;\n" +
	"export default {\n" +
	"  providers: [\n" +
	"    {\n" +
	"      type: \"customJwt\",\n" +
	"      issuer: \"http://api.workos.com/\",\n" +
	"      algorithm: \"RS256\",\n" +
	"      applicationID: clientId,\n" +
	"      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n" +
	"    },\n" +
	"  ],\n" +
	"};\n"

func authProject(t *testing.T) (dir, file string) {
	dir = t.TempDir()
	writeTree(t, dir, map[string]string{
		"package.json":          `{"dependencies": {"convex": "1.0.0"}}`,
		"convex/auth.config.ts": "export default { providers: [] };\n",
	})
	return dir, filepath.Join(dir, "convex", "auth.config.ts")
}

func codes(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

func find(t *testing.T, ds []Diagnostic, code string) Diagnostic {
	t.Helper()
	for _, d := range ds {
		if d.Code == code {
			return d
		}
	}
	t.Fatalf("no %s diagnostic in %v", code, codes(ds))
	return Diagnostic{}
}

func TestInitializeCapabilities(t *testing.T) {
	c := startServer(t)
	res := c.initialize(t.TempDir(), map[string]any{})
	caps := res["capabilities"].(map[string]any)
	if caps["positionEncoding"] != "utf-16" {
		t.Errorf("positionEncoding %v, want utf-16 for a client that offers nothing else", caps["positionEncoding"])
	}
	if caps["hoverProvider"] != true || caps["codeActionProvider"] == nil || caps["textDocumentSync"] == nil {
		t.Errorf("capabilities: %v", caps)
	}
	c2 := startServer(t)
	res = c2.initialize(t.TempDir(), map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-8", "utf-16"}}})
	if enc := res["capabilities"].(map[string]any)["positionEncoding"]; enc != "utf-8" {
		t.Errorf("positionEncoding %v, want utf-8 when offered", enc)
	}
}

func TestOpenPublishesDiagnostics(t *testing.T) {
	dir, file := authProject(t)
	c := startServer(t)
	c.initialize(dir, map[string]any{})
	// The buffer, not the clean file on disk, is linted.
	uri := c.open(file, authConfig, 1)
	p := c.diagnostics()
	if p.URI != uri || p.Version == nil || *p.Version != 1 {
		t.Fatalf("published for %s version %v, want %s version 1", p.URI, p.Version, uri)
	}
	d := find(t, p.Diagnostics, "workos-issuer")
	want := Range{Start: Position{Line: 5, Character: 14}, End: Position{Line: 5, Character: 38}}
	if d.Range != want || d.Severity != severityError || d.Source != "convex-workos-lint" ||
		d.CodeDescription == nil || d.CodeDescription.Href != "https://docs.example/workos-issuer" {
		t.Errorf("diagnostic %+v, want range %+v, error severity, source and docs href", d, want)
	}
	m := find(t, p.Diagnostics, "missing-user-management-provider")
	if len(m.RelatedInformation) != 1 || m.RelatedInformation[0].Location.URI != uri {
		t.Errorf("related information %+v, want the SSO provider in the same file", m.RelatedInformation)
	}

	// Closing clears the diagnostics.
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if p := c.diagnostics(); len(p.Diagnostics) != 0 || p.Diagnostics == nil {
		t.Errorf("after close: %+v, want an empty list", p)
	}
}

func TestChangeIsDebouncedLatestVersionWins(t *testing.T) {
	dir, file := authProject(t)
	c := startServer(t)
	c.initialize(dir, map[string]any{})
	uri := c.open(file, "export default { providers: [] };\n", 1)
	if p := c.diagnostics(); *p.Version != 1 {
		t.Fatalf("version %d", *p.Version)
	}
	// Three quick edits: a whole-text change, then two incremental ones.
	change := func(version int, changes ...map[string]any) {
		c.notify("textDocument/didChange", map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": version}, "contentChanges": changes})
	}
	change(2, map[string]any{"text": strings.Replace(authConfig, "http:", "https:", 1)})
	change(3, map[string]any{"range": Range{Position{5, 14}, Position{5, 20}}, "text": "\"http"})
	change(4, map[string]any{"range": Range{Position{0, 0}, Position{0, 0}}, "text": "// 🎉 edited\r\n"})
	// A request answered means the notifications before it were handled.
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{}})
	c.noHeld("textDocument/publishDiagnostics")
	if n := c.timers.fire(); n != 1 {
		t.Fatalf("%d debounce timers pending after three changes, want 1 (each change restarts it)", n)
	}
	p := c.diagnostics()
	if *p.Version != 4 {
		t.Fatalf("published version %d, want 4", *p.Version)
	}
	d := find(t, p.Diagnostics, "workos-issuer")
	if want := (Range{Position{6, 14}, Position{6, 38}}); d.Range != want {
		t.Errorf("range %+v after the edits, want %+v", d.Range, want)
	}
}

func TestStaleResultIsDropped(t *testing.T) {
	dir, file := authProject(t)
	c := startServer(t)
	c.initialize(dir, map[string]any{})
	uri := c.open(file, authConfig, 1)
	// Version 2 arrives before the lint of version 1 is published: that result is dropped,
	// and only version 2's (after its debounce) goes out.
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": "export default { providers: [] };\n"}}})
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{}})
	c.timers.fire()
	for {
		p := c.diagnostics()
		if *p.Version == 2 {
			for _, d := range p.Diagnostics {
				if d.Code == "workos-issuer" {
					t.Errorf("version 2 published version 1's finding: %s", d.Message)
				}
			}
			break
		}
		// Version 1 may have been published before the change arrived; never after version 2.
		if *p.Version != 1 {
			t.Fatalf("version %d", *p.Version)
		}
	}
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{}})
	c.noHeld("textDocument/publishDiagnostics")
}

func TestCodeActionsAndHover(t *testing.T) {
	dir, file := authProject(t)
	c := startServer(t)
	c.initialize(dir, map[string]any{})
	uri := c.open(file, authConfig, 1)
	d := find(t, c.diagnostics().Diagnostics, "workos-issuer")

	resp := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range": d.Range, "context": map[string]any{"diagnostics": []Diagnostic{d}}})
	if resp.Error != nil {
		t.Fatal(resp.Error)
	}
	var actions []CodeAction
	if err := json.Unmarshal(resp.Result, &actions); err != nil {
		t.Fatal(err)
	}
	var fix, disable *CodeAction
	for i := range actions {
		switch actions[i].Title {
		case "Use https":
			fix = &actions[i]
		case "Disable workos-issuer for this line":
			disable = &actions[i]
		}
	}
	if fix == nil || disable == nil {
		t.Fatalf("actions %+v, want the rule's fix and the suppression", actions)
	}
	wantFix := []TextEdit{{Range: Range{Position{5, 15}, Position{5, 19}}, NewText: "https"}}
	if got := fix.Edit.Changes[uri]; fix.Kind != "quickfix" || !fix.IsPreferred || fmt.Sprint(got) != fmt.Sprint(wantFix) {
		t.Errorf("fix %+v, want %+v", fix, wantFix)
	}
	wantDisable := []TextEdit{{Range: Range{Position{5, 0}, Position{5, 0}},
		NewText: "      // convex-workos-lint-disable-next-line workos-issuer -- " + reasonPlaceholder + "\n"}}
	if got := disable.Edit.Changes[uri]; fmt.Sprint(got) != fmt.Sprint(wantDisable) {
		t.Errorf("disable edit %+v, want %+v", got, wantDisable)
	}

	// Applying the suppression silences the finding and adds none.
	edited := applyEdits(t, authConfig, disable.Edit.Changes[uri])
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": edited}}})
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{}})
	c.timers.fire()
	after := c.diagnostics()
	if got := strings.Join(codes(after.Diagnostics), ","); got != "missing-user-management-provider" {
		t.Errorf("after the suppression: %s, want only missing-user-management-provider", got)
	}

	// Hover on the remaining finding shows its rule's doc; elsewhere nothing.
	m := find(t, after.Diagnostics, "missing-user-management-provider")
	resp = c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": m.Range.Start})
	var h hover
	if err := json.Unmarshal(resp.Result, &h); err != nil {
		t.Fatal(err)
	}
	if h.Contents.Kind != "markdown" || !strings.Contains(h.Contents.Value, "# missing-user-management-provider") ||
		!strings.Contains(h.Contents.Value, "## Why") || h.Range == nil || *h.Range != m.Range {
		t.Errorf("hover %+v", h)
	}
	resp = c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{0, 0}})
	if string(resp.Result) != "null" {
		t.Errorf("hover off any finding: %s, want null", resp.Result)
	}
}

// applyEdits applies non-overlapping edits, as a client does.
func applyEdits(t *testing.T, s string, edits []TextEdit) string {
	t.Helper()
	for i := len(edits) - 1; i >= 0; i-- {
		tx := newText(s, utf16)
		e := edits[i]
		s = s[:tx.offset(e.Range.Start)] + e.NewText + s[tx.offset(e.Range.End):]
	}
	return s
}

func TestSuppressionInJSXAndEnv(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"package.json": `{"dependencies": {"convex": "1.0.0", "next": "15.0.0"}}`,
		".gitignore":   ".env*\n",
		".env.local":   "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\r\nWORKOS_COOKIE_PASSWORD=short\r\n",
	})
	c := startServer(t)
	c.initialize(dir, map[string]any{})
	env := filepath.Join(dir, ".env.local")
	content, _ := os.ReadFile(env)
	uri := c.open(env, string(content), 1)
	p := c.diagnostics()
	d := find(t, p.Diagnostics, "cookie-password-too-short")
	resp := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": d.Range, "context": map[string]any{}})
	var actions []CodeAction
	if err := json.Unmarshal(resp.Result, &actions); err != nil {
		t.Fatal(err)
	}
	var edit []TextEdit
	for _, a := range actions {
		if a.Title == "Disable cookie-password-too-short for this line" {
			edit = a.Edit.Changes[uri]
		}
	}
	want := "# convex-workos-lint-disable-next-line cookie-password-too-short -- " + reasonPlaceholder + "\r\n"
	if len(edit) != 1 || edit[0].NewText != want || edit[0].Range.Start != (Position{1, 0}) {
		t.Errorf("env suppression %+v, want %q at line 1 (the file's CRLF kept)", edit, want)
	}

	// Among JSX children a // line is text: the suppression is a {/* */} comment there.
	jsx := "export const el = (\n  <div>\n    <Provider clientId=\"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\" />\n  </div>\n);\n" +
		"export const plain = \"client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\";\n"
	tsx := filepath.Join(dir, "src", "el.tsx")
	uri = c.open(tsx, jsx, 1)
	p = c.diagnostics()
	wantForms := []string{
		"    {/* convex-workos-lint-disable-next-line hardcoded-client-id -- " + reasonPlaceholder + " */}\n",
		"// convex-workos-lint-disable-next-line hardcoded-client-id -- " + reasonPlaceholder + "\n",
	}
	var got []string
	for _, d := range p.Diagnostics {
		if d.Code != "hardcoded-client-id" {
			continue
		}
		resp := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": d.Range, "context": map[string]any{}})
		var actions []CodeAction
		if err := json.Unmarshal(resp.Result, &actions); err != nil {
			t.Fatal(err)
		}
		for _, a := range actions {
			if a.Title == "Disable hardcoded-client-id for this line" {
				got = append(got, a.Edit.Changes[uri][0].NewText)
			}
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(wantForms) {
		t.Errorf("JSX and plain suppressions:\n%q\nwant\n%q", got, wantForms)
	}
}

func TestWatchedFileRelintsDependents(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"package.json": `{"dependencies": {"next": "15.0.0"}}`,
		".gitignore":   ".env*\n",
		".env.local":   "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\n",
	})
	src := "export const key = process.env.WORKOS_API_KEY;\n"
	file := filepath.Join(dir, "app", "api", "workos.ts")
	writeTree(t, dir, map[string]string{"app/api/workos.ts": src})
	c := startServer(t)
	res := c.initialize(dir, map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}})
	_ = res
	// The server registers its watchers.
	var reg *message
	for reg == nil {
		if m := c.next(); m.Method == "client/registerCapability" {
			reg = m
		} else {
			c.held = append(c.held, m)
		}
	}
	for _, g := range []string{"**/.env*", "**/auth.config.*", "**/convex.json", "**/package.json", "**/.convex-workos-lint.json"} {
		if !strings.Contains(string(reg.Params), fmt.Sprintf("%q", g)) {
			t.Errorf("registration %s lacks %s", reg.Params, g)
		}
	}
	if err := c.w.write(&message{ID: reg.ID, Result: raw(nil)}); err != nil {
		t.Fatal(err)
	}

	uri := c.open(file, src, 1)
	find(t, c.diagnostics().Diagnostics, "missing-env-var")
	writeTree(t, dir, map[string]string{".env.local": "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\nWORKOS_API_KEY=sk_test_a1b2c3\n"})
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []fileEvent{{URI: pathToURI(filepath.Join(dir, ".env.local")), Type: 2}}})
	p := c.diagnostics()
	if p.URI != uri {
		t.Fatalf("published for %s", p.URI)
	}
	for _, d := range p.Diagnostics {
		if d.Code == "missing-env-var" {
			t.Errorf("after .env.local defines WORKOS_API_KEY: %s", d.Message)
		}
	}
	// A file of another project does not re-lint the buffer.
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []fileEvent{{URI: pathToURI(filepath.Join(t.TempDir(), ".env")), Type: 1}}})
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{}})
	// The lint worker may still be busy; a second request after the queue drains settles it.
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{}})
	c.noHeld("textDocument/publishDiagnostics")
}

func TestMalformedMessagesAndShutdown(t *testing.T) {
	c := startServer(t)
	// Before initialize: requests are refused with ServerNotInitialized.
	if resp := c.call("textDocument/hover", map[string]any{}); resp.Error == nil || resp.Error.Code != codeNotInitialized {
		t.Errorf("hover before initialize: %+v", resp.Error)
	}
	c.initialize(t.TempDir(), map[string]any{})
	c.sendRaw("{not json")
	if m := c.next(); m.Error == nil || m.Error.Code != codeParseError || string(m.ID) != "null" {
		t.Errorf("broken JSON: %+v", m)
	}
	fmt.Fprint(c.in, "Content-Type: nothing\r\n\r\n")
	if m := c.next(); m.Error == nil || m.Error.Code != codeParseError {
		t.Errorf("header without Content-Length: %+v", m)
	}
	if resp := c.call("no/such/method", map[string]any{}); resp.Error == nil || resp.Error.Code != codeMethodNotFound {
		t.Errorf("unknown method: %+v", resp.Error)
	}
	if resp := c.call("textDocument/hover", "a string"); resp.Error == nil || resp.Error.Code != codeInvalidParams {
		t.Errorf("bad params: %+v", resp.Error)
	}
	c.notify("textDocument/didOpen", "a string") // logged, not answered, not fatal
	if resp := c.call("shutdown", nil); resp.Error != nil || string(resp.Result) != "null" {
		t.Errorf("shutdown: %+v", resp)
	}
	if resp := c.call("textDocument/hover", map[string]any{}); resp.Error == nil || resp.Error.Code != codeInvalidRequest {
		t.Errorf("request after shutdown: %+v", resp.Error)
	}
	c.notify("exit", nil)
	select {
	case code := <-c.exit:
		if code != 0 {
			t.Errorf("exit after shutdown: code %d, want 0", code)
		}
	case <-time.After(wait):
		t.Fatal("the server did not exit")
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t)
	c.initialize(t.TempDir(), map[string]any{})
	c.notify("exit", nil)
	if code := <-c.exit; code != 1 {
		t.Errorf("exit without shutdown: code %d, want 1", code)
	}
}

func TestPanicInRequestIsRecovered(t *testing.T) {
	c := startServer(t)
	c.initialize(t.TempDir(), map[string]any{})
	// A handler that panics: the request gets an internal error, the server goes on.
	beforeRequest = func(string) { panic("boom") }
	defer func() { beforeRequest = func(string) {} }()
	resp := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///x.ts"}, "position": Position{}})
	if resp.Error == nil || resp.Error.Code != codeInternalError {
		t.Fatalf("panicking request: %+v", resp)
	}
	beforeRequest = func(string) {}
	if resp := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///x.ts"}, "position": Position{}}); resp.Error != nil {
		t.Errorf("after the panic: %+v", resp.Error)
	}
	if !strings.Contains(c.stderr.String(), "panic in textDocument/hover") {
		t.Errorf("stderr: %q", c.stderr.String())
	}
}

// TestWorkspaceFolders: a file is linted from the workspace folder holding it, as the CLI run
// in that folder would: its messages name paths relative to it.
func TestWorkspaceFolders(t *testing.T) {
	parent := t.TempDir()
	a, b := filepath.Join(parent, "a"), filepath.Join(parent, "b")
	for _, dir := range []string{a, b} {
		writeTree(t, dir, map[string]string{
			"package.json": `{"dependencies": {"next": "15.0.0"}}`,
			".gitignore":   ".env*\n",
			".env.local":   "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\n",
		})
	}
	c := startServer(t)
	resp := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(a), "capabilities": map[string]any{},
		"workspaceFolders": []map[string]any{{"uri": pathToURI(a), "name": "a"}, {"uri": pathToURI(b), "name": "b"}}})
	if resp.Error != nil {
		t.Fatal(resp.Error)
	}
	c.notify("initialized", map[string]any{})
	c.open(filepath.Join(b, "app", "workos.ts"), "export const key = process.env.WORKOS_API_KEY;\n", 1)
	d := find(t, c.diagnostics().Diagnostics, "missing-env-var")
	if !strings.Contains(d.Message, "but .env.local does not define") {
		t.Errorf("message %q: want the env file named relative to folder b", d.Message)
	}
	// Folder b leaves the workspace: the buffer is linted again from a, the remaining folder.
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []any{}, "removed": []map[string]any{{"uri": pathToURI(b), "name": "b"}}}})
	d = find(t, c.diagnostics().Diagnostics, "missing-env-var")
	if !strings.Contains(d.Message, "but ../b/.env.local does not define") {
		t.Errorf("message %q after b left: want the env file named relative to folder a", d.Message)
	}
}

// TestSaveRelintsDependents: saving a file re-lints the other open buffers whose project
// reads it (the disk changed under them).
func TestSaveRelintsDependents(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"package.json": `{"dependencies": {"next": "15.0.0"}}`,
		".gitignore":   ".env*\n",
		".env.local":   "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\n",
	})
	src := "export const key = process.env.WORKOS_API_KEY;\n"
	writeTree(t, dir, map[string]string{"app/workos.ts": src})
	c := startServer(t)
	c.initialize(dir, map[string]any{})
	code := c.open(filepath.Join(dir, "app", "workos.ts"), src, 1)
	find(t, c.diagnostics().Diagnostics, "missing-env-var")
	env := filepath.Join(dir, ".env.local")
	envURI := c.open(env, "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\n", 1)
	c.diagnostics()
	// The editor edits the env file and saves it.
	saved := "WORKOS_CLIENT_ID=client_01HXYZ7K2M3N4P5Q6R7S8T9VWX\nWORKOS_API_KEY=sk_test_a1b2c3\n"
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": envURI, "version": 2},
		"contentChanges": []map[string]any{{"text": saved}}})
	writeTree(t, dir, map[string]string{".env.local": saved})
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": envURI}})
	for {
		p := c.diagnostics()
		if p.URI != code {
			continue
		}
		for _, d := range p.Diagnostics {
			if d.Code == "missing-env-var" {
				t.Errorf("after saving .env.local with WORKOS_API_KEY: %s", d.Message)
			}
		}
		break
	}
}

// TestUTF8PositionEncoding: a client that offers utf-8 gets byte columns.
func TestUTF8PositionEncoding(t *testing.T) {
	dir, file := authProject(t)
	c := startServer(t)
	c.initialize(dir, map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-8"}}})
	src := strings.Replace(authConfig, `issuer: "http`, `/* é🎉 */ issuer: "http`, 1)
	c.open(file, src, 1)
	d := find(t, c.diagnostics().Diagnostics, "workos-issuer")
	line := strings.Split(src, "\n")[5]
	start := strings.Index(line, `"http`) // bytes
	if want := (Range{Position{5, start}, Position{5, start + len(`"http://api.workos.com/"`)}}); d.Range != want {
		t.Errorf("utf-8 range %+v, want %+v", d.Range, want)
	}
}

// TestFixAll: the source.fixAll action (fix on save) applies every safe fix to the buffer,
// the passes included (the added provider comes from one fix, https from another).
func TestFixAll(t *testing.T) {
	dir, file := authProject(t)
	c := startServer(t)
	c.initialize(dir, map[string]any{})
	uri := c.open(file, authConfig, 1)
	first := c.diagnostics().Diagnostics
	resp := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range": Range{}, "context": map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll"}}})
	var actions []CodeAction
	if err := json.Unmarshal(resp.Result, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) != 1 || actions[0].Kind != fixAllKind {
		t.Fatalf("actions for only source.fixAll: %+v", actions)
	}
	// Asked for quick fixes only, there is no fix-all.
	d := find(t, first, "workos-issuer")
	resp = c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range": d.Range, "context": map[string]any{"only": []string{"quickfix"}}})
	var quick []CodeAction
	if err := json.Unmarshal(resp.Result, &quick); err != nil {
		t.Fatal(err)
	}
	for _, a := range quick {
		if a.Kind != "quickfix" {
			t.Errorf("only quickfix gave %s %q", a.Kind, a.Title)
		}
	}
	if len(quick) < 2 {
		t.Errorf("quick fixes %+v: want the fix and the suppression", quick)
	}
	fixed := applyEdits(t, authConfig, actions[0].Edit.Changes[uri])
	if !strings.Contains(fixed, `issuer: "https://api.workos.com/"`) || !strings.Contains(fixed, "https://api.workos.com/user_management/") {
		t.Errorf("fixed buffer:\n%s", fixed)
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": fixed}}})
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{}})
	c.timers.fire()
	if p := c.diagnostics(); len(p.Diagnostics) != 0 {
		t.Errorf("after fix all: %v", codes(p.Diagnostics))
	}
	// On a clean buffer, fix all offers nothing.
	resp = c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range": Range{}, "context": map[string]any{"only": []string{"source.fixAll"}}})
	if string(resp.Result) != "null" && string(resp.Result) != "[]" {
		t.Errorf("fix all on a clean buffer: %s", resp.Result)
	}
}

func TestPanicInLintIsRecovered(t *testing.T) {
	dir, file := authProject(t)
	c := startServer(t)
	c.initialize(dir, map[string]any{})
	beforeLint = func(string) { panic("boom") }
	defer func() { beforeLint = func(string) {} }()
	c.open(file, authConfig, 1)
	var m struct {
		Type    int
		Message string
	}
	if err := json.Unmarshal(c.notification("window/showMessage").Params, &m); err != nil {
		t.Fatal(err)
	}
	if m.Type != 1 || !strings.Contains(m.Message, "internal error linting") {
		t.Errorf("showMessage %+v", m)
	}
	beforeLint = func(string) {}
	other := filepath.Join(dir, "convex", "other.ts")
	uri := c.open(other, "export const x = 1;\n", 1)
	if p := c.diagnostics(); p.URI != uri {
		t.Errorf("after the panic: diagnostics for %s", p.URI)
	}
}
