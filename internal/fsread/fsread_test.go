//go:build unix

package fsread

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	small := write("a.ts", "export const a = 1;\n")
	if b, err := File(small, 100); err != nil || string(b) != "export const a = 1;\n" {
		t.Errorf("regular file: %q, %v", b, err)
	}
	big := write("big.ts", strings.Repeat("x", 101))
	var tooLarge *TooLargeError
	if _, err := File(big, 100); !errors.As(err, &tooLarge) || err.Error() != "skipped: larger than 100 bytes" {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := File(big, 101); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	var notRegular *NotRegularError
	if _, err := File(dir, 100); !errors.As(err, &notRegular) || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory: %v", err)
	}
	// A symlink to a device would be read forever without the check.
	zero := filepath.Join(dir, "zero.ts")
	if err := os.Symlink("/dev/zero", zero); err == nil {
		if _, err := File(zero, 1<<20); !errors.As(err, &notRegular) || !strings.Contains(err.Error(), "device") {
			t.Errorf("symlink to /dev/zero: %v", err)
		}
	}
	// A FIFO would block the open forever: it must be refused without opening it.
	fifo := filepath.Join(dir, "pipe.ts")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		done := make(chan error, 1)
		go func() { _, err := File(fifo, 100); done <- err }()
		select {
		case err := <-done:
			if !errors.As(err, &notRegular) || !strings.Contains(err.Error(), "FIFO") {
				t.Errorf("FIFO: %v", err)
			}
		case <-time.After(time.Minute): // a hang, not a timing threshold: the read never returns
			t.Fatal("reading a FIFO blocked")
		}
	}
	if _, err := File(filepath.Join(dir, "missing.ts"), 100); Describe(err) != "no such file or directory" {
		t.Errorf("missing: %q", Describe(err))
	}
	if os.Geteuid() != 0 {
		locked := write("locked.ts", "x")
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := File(locked, 100); Describe(err) != "permission denied" {
			t.Errorf("unreadable: %q", Describe(err))
		}
	}
}

// TestWalked: a path the walk saw as a regular file is read without a Stat first, so what is
// there at the open must still be refused when it is no longer a regular file.
func TestWalked(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "a.ts")
	if err := os.WriteFile(small, []byte("export const a = 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := Walked(small, 100); err != nil || string(b) != "export const a = 1;\n" {
		t.Errorf("regular file: %q, %v", b, err)
	}
	var tooLarge *TooLargeError
	if _, err := Walked(small, 10); !errors.As(err, &tooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	// Swapped for a symlink to a device since the walk: not followed.
	zero := filepath.Join(dir, "zero.ts")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	if b, err := Walked(zero, 1<<20); err == nil {
		t.Errorf("a symlink was followed: %d bytes", len(b))
	}
	// Swapped for a FIFO: the open does not block, and the file is refused.
	fifo := filepath.Join(dir, "pipe.ts")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		done := make(chan error, 1)
		go func() { _, err := Walked(fifo, 100); done <- err }()
		var notRegular *NotRegularError
		select {
		case err := <-done:
			if !errors.As(err, &notRegular) || !strings.Contains(err.Error(), "FIFO") {
				t.Errorf("FIFO: %v", err)
			}
		case <-time.After(time.Minute): // a hang, not a timing threshold
			t.Fatal("opening a FIFO blocked")
		}
	}
}
