// Package lsp is convex-workos-lint's language server: the Language Server Protocol over a
// byte stream (stdio), with diagnostics from the same engine as --stdin-filename, quick fixes,
// suppression actions, hover docs and re-lints on watched files.
//
// The transport is a small hand-written JSON-RPC 2.0 framing with the few protocol types the
// server uses: golang.org/x/tools keeps its protocol package internal, and the Go LSP
// libraries the module proxy serves (go.lsp.dev/protocol v0.12.0 of 2022, tliron/glsp v0.2.2)
// stop at LSP 3.16 without positionEncoding and bring a dozen dependencies (logging
// frameworks, websockets) for what is a few hundred lines here.
package lsp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
)

// Options configures a Server.
type Options struct {
	Version string    // serverInfo.version, and the ref of the rule docs' URLs
	Stderr  io.Writer // logs: panics, broken messages
	// Debounce is how long didChange waits for more typing before linting (default 150 ms).
	Debounce time.Duration
	// DocsURL is the page documenting a rule.
	DocsURL func(rule string) string
	// schedule runs fn after d and returns a stop function (time.AfterFunc; tests replace it).
	schedule func(d time.Duration, fn func()) (stop func() bool)
}

// Server is one client's session.
type Server struct {
	opts Options
	out  *writer

	publishMu    sync.Mutex // orders a buffer's last publish before its close
	mu           sync.Mutex
	initialized  bool
	shutdown     bool
	enc          encoding
	folders      []string                // workspace folders (the root when none), first is the default
	configs      map[string]folderConfig // by folder, read on first use
	notices      map[string]bool         // notices logged once
	docs         map[string]*document    // by URI
	pending      []string                // URIs waiting for the lint worker, each once
	queued       map[string]bool
	wake         chan struct{}
	lastError    string // the last run error shown to the user, not repeated
	nextID       int
	dynamicWatch bool
}

// NewServer returns a server writing to out.
func NewServer(out io.Writer, opts Options) *Server {
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	if opts.Debounce == 0 {
		opts.Debounce = 150 * time.Millisecond
	}
	if opts.schedule == nil {
		opts.schedule = func(d time.Duration, fn func()) func() bool { return time.AfterFunc(d, fn).Stop }
	}
	if opts.DocsURL == nil {
		opts.DocsURL = func(string) string { return "" }
	}
	return &Server{opts: opts, out: &writer{w: out}, docs: map[string]*document{}, queued: map[string]bool{}, wake: make(chan struct{}, 1)}
}

// Serve reads messages from in until the client's exit notification or the end of input, and
// returns the process exit code the spec asks for: 0 after shutdown, 1 otherwise.
func (s *Server) Serve(in io.Reader) int {
	done := make(chan struct{})
	go s.lintLoop(done)
	// Not waited for: a lint in flight, or a publish to a client that stopped reading, must not
	// keep the process from exiting.
	defer close(done)
	r := newReader(in)
	for {
		body, err := r.read()
		if err != nil {
			if errors.Is(err, errFraming) {
				s.logf("%v", err)
				s.reply(json.RawMessage("null"), nil, &rpcError{codeParseError, err.Error()})
				continue
			}
			if err != io.EOF {
				s.logf("reading: %v", err)
			}
			return 1 // input ended without exit
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			s.reply(json.RawMessage("null"), nil, &rpcError{codeParseError, "not a JSON-RPC message: " + err.Error()})
			continue
		}
		if m.Method == "exit" {
			s.mu.Lock()
			clean := s.shutdown
			s.mu.Unlock()
			if clean {
				return 0
			}
			return 1
		}
		s.dispatch(&m)
	}
}

// dispatch handles one message; a panic in a handler is logged and answered, never fatal.
func (s *Server) dispatch(m *message) {
	defer func() {
		if v := recover(); v != nil {
			s.logf("panic in %s: %v\n%s", m.Method, v, debug.Stack())
			s.notify("window/logMessage", logMessageParams{Type: 1, Message: fmt.Sprintf("convex-workos-lint: internal error in %s: %v (please report this bug)", m.Method, v)})
			if m.isRequest() {
				s.reply(m.ID, nil, &rpcError{codeInternalError, fmt.Sprintf("internal error: %v", v)})
			}
		}
	}()
	switch {
	case m.Method == "" && len(m.ID) > 0:
		return // a response to one of our requests (client/registerCapability): nothing to do
	case m.Method == "":
		s.reply(json.RawMessage("null"), nil, &rpcError{codeInvalidRequest, "message has no method"})
		return
	}
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	if m.isRequest() {
		switch {
		case !initialized && m.Method != "initialize":
			s.reply(m.ID, nil, &rpcError{codeNotInitialized, "the server is not initialized"})
			return
		case shutdown:
			s.reply(m.ID, nil, &rpcError{codeInvalidRequest, "the server is shut down"})
			return
		}
		result, rerr := s.request(m.Method, m.Params)
		s.reply(m.ID, result, rerr)
		return
	}
	if !initialized || shutdown {
		return // notifications before initialize or after shutdown are dropped, as the spec says
	}
	s.notification(m.Method, m.Params)
}

// beforeRequest runs before each request's handler (tests make it panic).
var beforeRequest = func(method string) {}

func (s *Server) request(method string, params json.RawMessage) (any, *rpcError) {
	beforeRequest(method)
	decode := func(v any) *rpcError {
		if err := json.Unmarshal(params, v); err != nil {
			return &rpcError{codeInvalidParams, fmt.Sprintf("%s: %v", method, err)}
		}
		return nil
	}
	switch method {
	case "initialize":
		var p initializeParams
		if err := decode(&p); err != nil {
			return nil, err
		}
		return s.initialize(&p), nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "textDocument/codeAction":
		var p codeActionParams
		if err := decode(&p); err != nil {
			return nil, err
		}
		return s.codeActions(&p), nil
	case "textDocument/hover":
		var p textDocumentPositionParams
		if err := decode(&p); err != nil {
			return nil, err
		}
		return s.hover(&p), nil
	}
	return nil, &rpcError{codeMethodNotFound, "method not supported: " + method}
}

func (s *Server) notification(method string, params json.RawMessage) {
	decode := func(v any) bool {
		if err := json.Unmarshal(params, v); err != nil {
			s.logf("%s: bad params: %v", method, err)
			return false
		}
		return true
	}
	switch method {
	case "initialized":
		s.registerWatchers()
	case "textDocument/didOpen":
		var p didOpenParams
		if decode(&p) {
			s.didOpen(&p)
		}
	case "textDocument/didChange":
		var p didChangeParams
		if decode(&p) {
			s.didChange(&p)
		}
	case "textDocument/didSave":
		var p didSaveParams
		if decode(&p) {
			s.didSave(&p)
		}
	case "textDocument/didClose":
		var p didCloseParams
		if decode(&p) {
			s.didClose(&p)
		}
	case "workspace/didChangeWorkspaceFolders":
		var p didChangeWorkspaceFoldersParams
		if decode(&p) {
			s.didChangeWorkspaceFolders(&p)
		}
	case "workspace/didChangeWatchedFiles":
		var p didChangeWatchedFilesParams
		if decode(&p) {
			s.didChangeWatchedFiles(&p)
		}
	}
	// Other notifications ($/cancelRequest, $/setTrace, workspace/didChangeConfiguration) need
	// nothing from this server.
}

func (s *Server) initialize(p *initializeParams) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.initialized = true
	for _, e := range p.Capabilities.General.PositionEncodings {
		if e == "utf-8" {
			s.enc = utf8Bytes
			break
		}
	}
	for _, f := range p.WorkspaceFolders {
		if dir, ok := uriToPath(f.URI); ok {
			s.folders = append(s.folders, dir)
		}
	}
	if len(s.folders) == 0 {
		base := ""
		if p.RootURI != "" {
			base, _ = uriToPath(p.RootURI)
		}
		if base == "" && p.RootPath != "" {
			base, _ = filepath.Abs(p.RootPath)
		}
		if base == "" {
			base, _ = os.Getwd()
		}
		s.folders = []string{base}
	}
	s.dynamicWatch = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	enc := "utf-16"
	if s.enc == utf8Bytes {
		enc = "utf-8"
	}
	return map[string]any{
		"capabilities": map[string]any{
			"positionEncoding": enc,
			"textDocumentSync": map[string]any{
				"openClose": true,
				"change":    2, // incremental
				"save":      map[string]any{"includeText": true},
			},
			"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix", fixAllKind}},
			"hoverProvider":      true,
			"workspace":          map[string]any{"workspaceFolders": map[string]any{"supported": true, "changeNotifications": true}},
		},
		"serverInfo": map[string]any{"name": "convex-workos-lint", "version": s.opts.Version},
	}
}

// watchedGlobs are the files that other files' findings depend on, and the sources a
// file's project checks read.
var watchedGlobs = []string{
	"**/.env*", "**/auth.config.*", "**/convex.json", "**/package.json", "**/" + lint.ConfigFileName,
	"**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}",
}

// registerWatchers asks the client to watch the files that re-lint open buffers, when it can
// register watchers dynamically (clients without it send the events they watch anyway).
func (s *Server) registerWatchers() {
	s.mu.Lock()
	dynamic := s.dynamicWatch
	s.nextID++
	id := s.nextID
	s.mu.Unlock()
	if !dynamic {
		return
	}
	var watchers []fileSystemWatcher
	for _, g := range watchedGlobs {
		watchers = append(watchers, fileSystemWatcher{GlobPattern: g})
	}
	params := map[string]any{"registrations": []registration{{
		ID: "convex-workos-lint-watch", Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: map[string]any{"watchers": watchers},
	}}}
	s.send(&message{ID: raw(fmt.Sprintf("convex-workos-lint-%d", id)), Method: "client/registerCapability", Params: raw(params)})
}

// didChangeWorkspaceFolders updates the folders files are linted from, and re-lints the open
// buffers (their folder may have changed).
func (s *Server) didChangeWorkspaceFolders(p *didChangeWorkspaceFoldersParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	removed := map[string]bool{}
	for _, f := range p.Event.Removed {
		if dir, ok := uriToPath(f.URI); ok {
			removed[dir] = true
		}
	}
	var folders []string
	for _, f := range s.folders {
		if !removed[f] {
			folders = append(folders, f)
		}
	}
	for _, f := range p.Event.Added {
		if dir, ok := uriToPath(f.URI); ok {
			folders = append(folders, dir)
		}
	}
	if len(folders) == 0 {
		folders = s.folders[:1] // keep a base: files outside every folder still lint
	}
	s.folders, s.configs = folders, nil
	for uri := range s.docs {
		s.enqueueLocked(uri)
	}
}

type folderConfig struct {
	cfg *lint.Config
	err error
}

// baseLocked is the workspace folder a file belongs to (the innermost holding it, else the
// first): the directory the CLI would run in, where the config is looked up and that display
// paths are relative to.
func (s *Server) baseLocked(path string) string {
	best := ""
	for _, f := range s.folders {
		if within(path, f) && len(f) > len(best) {
			best = f
		}
	}
	if best == "" {
		best = s.folders[0]
	}
	return best
}

// configLocked is the config the CLI finds from base, read once until a config file changes.
func (s *Server) configLocked(base string) (*lint.Config, error) {
	if s.configs == nil {
		s.configs = map[string]folderConfig{}
	}
	fc, ok := s.configs[base]
	if !ok {
		fc.cfg, fc.err = lint.FindConfig(base)
		s.configs[base] = fc
	}
	return fc.cfg, fc.err
}

func (s *Server) reply(id json.RawMessage, result any, rerr *rpcError) {
	m := &message{ID: id, Error: rerr}
	if rerr == nil {
		m.Result = raw(result) // null for shutdown, as the spec wants
	}
	s.send(m)
}

func (s *Server) notify(method string, params any) {
	s.send(&message{Method: method, Params: raw(params)})
}

func (s *Server) send(m *message) {
	if err := s.out.write(m); err != nil {
		s.logf("writing: %v", err)
	}
}

func (s *Server) logf(format string, a ...any) {
	fmt.Fprintf(s.opts.Stderr, "convex-workos-lint lsp: "+format+"\n", a...)
}

// showError tells the user once about a run that could not lint (a broken config).
func (s *Server) showError(msg string) {
	s.mu.Lock()
	repeat := msg == s.lastError
	s.lastError = msg
	s.mu.Unlock()
	if repeat {
		return
	}
	s.logf("%s", msg)
	s.notify("window/showMessage", logMessageParams{Type: 1, Message: "convex-workos-lint: " + msg})
}
