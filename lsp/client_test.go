package lsp

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The test client: it drives a Server through in-memory pipes as an editor would.

// wait bounds how long a test waits for a message that should come, so that a bug fails the
// test instead of hanging it; no behaviour depends on it.
const wait = 60 * time.Second

// fakeTimers replaces the debounce timers: the test fires them when it wants.
type fakeTimers struct {
	mu     sync.Mutex
	timers []*fakeTimer
}

type fakeTimer struct {
	fn      func()
	stopped bool
	fired   bool
}

func (f *fakeTimers) schedule(_ time.Duration, fn func()) func() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &fakeTimer{fn: fn}
	f.timers = append(f.timers, t)
	return func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		was := !t.stopped && !t.fired
		t.stopped = true
		return was
	}
}

// fire runs the pending timers and returns how many there were.
func (f *fakeTimers) fire() int {
	f.mu.Lock()
	var due []*fakeTimer
	for _, t := range f.timers {
		if !t.stopped && !t.fired {
			t.fired = true
			due = append(due, t)
		}
	}
	f.mu.Unlock()
	for _, t := range due {
		t.fn()
	}
	return len(due)
}

type testClient struct {
	t      *testing.T
	w      *writer
	in     io.WriteCloser
	msgs   chan *message
	held   []*message // notifications and server requests read while waiting for a response
	nextID int
	exit   chan int
	timers *fakeTimers
	stderr *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServer(t *testing.T) *testClient {
	t.Helper()
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	c := &testClient{t: t, w: &writer{w: fromClient}, in: fromClient, msgs: make(chan *message, 100), exit: make(chan int, 1),
		timers: &fakeTimers{}, stderr: &syncBuffer{}}
	srv := NewServer(fromServer, Options{Version: "test", Stderr: c.stderr, schedule: c.timers.schedule,
		DocsURL: func(rule string) string { return "https://docs.example/" + rule }})
	go func() {
		c.exit <- srv.Serve(toServer)
		fromServer.Close()
	}()
	go func() {
		r := newReader(toClient)
		for {
			body, err := r.read()
			if err != nil {
				close(c.msgs)
				return
			}
			var m message
			if err := json.Unmarshal(body, &m); err != nil {
				t.Errorf("server wrote a message that is not JSON: %v: %s", err, body)
				continue
			}
			c.msgs <- &m
		}
	}()
	t.Cleanup(func() {
		fromClient.Close()
		toClient.Close()
	})
	return c
}

func (c *testClient) next() *message {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.t.Fatal("the server closed its output")
		}
		return m
	case <-time.After(wait):
		c.t.Fatal("no message from the server")
	}
	return nil
}

func (c *testClient) sendRaw(body string) {
	c.t.Helper()
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatal(err)
	}
}

func (c *testClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.w.write(&message{Method: method, Params: raw(params)}); err != nil {
		c.t.Fatal(err)
	}
}

// call sends a request and returns its response, holding what came before it.
func (c *testClient) call(method string, params any) *message {
	c.t.Helper()
	c.nextID++
	id := raw(c.nextID)
	if err := c.w.write(&message{ID: id, Method: method, Params: raw(params)}); err != nil {
		c.t.Fatal(err)
	}
	return c.response(string(id))
}

func (c *testClient) response(id string) *message {
	c.t.Helper()
	for {
		m := c.next()
		if m.Method == "" && string(m.ID) == id {
			return m
		}
		c.held = append(c.held, m)
	}
}

// notification returns the next notification of method (held ones first).
func (c *testClient) notification(method string) *message {
	c.t.Helper()
	for i, m := range c.held {
		if m.Method == method && len(m.ID) == 0 {
			c.held = append(c.held[:i], c.held[i+1:]...)
			return m
		}
	}
	for {
		m := c.next()
		if m.Method == method && len(m.ID) == 0 {
			return m
		}
		c.held = append(c.held, m)
	}
}

// noHeld fails when a notification of method was held: one that must not have been sent.
func (c *testClient) noHeld(method string) {
	c.t.Helper()
	for _, m := range c.held {
		if m.Method == method {
			c.t.Errorf("unexpected %s: %s", method, m.Params)
		}
	}
}

func (c *testClient) diagnostics() publishDiagnosticsParams {
	c.t.Helper()
	var p publishDiagnosticsParams
	if err := json.Unmarshal(c.notification("textDocument/publishDiagnostics").Params, &p); err != nil {
		c.t.Fatal(err)
	}
	return p
}

func (c *testClient) initialize(root string, capabilities map[string]any) map[string]any {
	c.t.Helper()
	resp := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(root), "capabilities": capabilities})
	if resp.Error != nil {
		c.t.Fatalf("initialize: %v", resp.Error)
	}
	var res map[string]any
	if err := json.Unmarshal(resp.Result, &res); err != nil {
		c.t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	return res
}

func (c *testClient) open(path, text string, version int) string {
	uri := pathToURI(path)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "typescript", "version": version, "text": text}})
	return uri
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
