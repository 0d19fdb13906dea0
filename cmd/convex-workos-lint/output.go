package main

import (
	"os"
	"path/filepath"
	"sync"
)

// outputFile is the --output report, written whole or not at all: the report goes to a
// temporary file beside it, renamed over it at the end. A run killed half-way (an editor's
// SIGTERM) leaves the previous report, never a truncated one.
type outputFile struct {
	path string
	tmp  *os.File
}

// createOutput makes the temporary file now, so that an unwritable --output fails before any
// work is done.
func createOutput(path string) (*outputFile, error) {
	// Under the hooks' lock, so that a signal arriving now waits to remove the file.
	exitHooks.Lock()
	defer exitHooks.Unlock()
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	o := &outputFile{path: path, tmp: tmp}
	exitHooks.fns = append(exitHooks.fns, o.abort)
	return o, nil
}

// commit writes data and renames it over the report, keeping an existing report's mode.
func (o *outputFile) commit(data []byte) error {
	mode := os.FileMode(0o644)
	if info, err := os.Stat(o.path); err == nil && info.Mode().IsRegular() {
		mode = info.Mode().Perm()
	}
	if _, err := o.tmp.Write(data); err != nil {
		o.abort()
		return err
	}
	if err := o.tmp.Chmod(mode); err != nil {
		o.abort()
		return err
	}
	if err := o.tmp.Close(); err != nil {
		o.abort()
		return err
	}
	if err := os.Rename(o.tmp.Name(), o.path); err != nil {
		o.abort()
		return err
	}
	return nil
}

// abort removes the temporary file; it is safe to call more than once, and after commit.
func (o *outputFile) abort() {
	o.tmp.Close()
	os.Remove(o.tmp.Name())
}

// exitHooks run when a signal ends the process (os.Exit skips deferred calls).
var exitHooks struct {
	sync.Mutex
	fns []func()
}

func runExitHooks() {
	exitHooks.Lock()
	defer exitHooks.Unlock()
	for _, fn := range exitHooks.fns {
		fn()
	}
	exitHooks.fns = nil
}
