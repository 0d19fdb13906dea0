// Package fsread reads the files a lint run opens: regular files only, and never more than a
// limit. A committed symlink to /dev/zero or a FIFO is a real hazard in a tree a hook or CI
// lints unattended: os.ReadFile would read the first until memory ran out and block on the
// second forever.
package fsread

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// NotRegularError is a path that is not a regular file (after symlinks): a directory, FIFO,
// socket or device.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	kind := "special file"
	switch t := e.Mode.Type(); {
	case t&fs.ModeDir != 0:
		kind = "directory"
	case t&fs.ModeNamedPipe != 0:
		kind = "named pipe (FIFO)"
	case t&fs.ModeSocket != 0:
		kind = "socket"
	case t&fs.ModeDevice != 0:
		kind = "device"
	}
	return "skipped: a " + kind + ", not a regular file"
}

// TooLargeError is a file over the limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("skipped: larger than %s", size(e.Limit))
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// File reads the regular file at path (symlinks followed), at most limit bytes. The type is
// checked before opening, since opening a FIFO blocks, and again on the open file, since the
// path may have changed in between.
func File(path string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{info.Mode()}
	}
	if info.Size() > limit {
		return nil, &TooLargeError{limit}
	}
	return readRegular(path, limit, false)
}

// readAll calls read to EOF into a buffer sized for size bytes, failing past limit.
func readAll(read func([]byte) (int, error), size, limit int64) ([]byte, error) {
	b := make([]byte, 0, min(size, limit)+1)
	for {
		n, err := read(b[len(b):cap(b)])
		b = b[:len(b)+max(n, 0)]
		if int64(len(b)) > limit {
			return nil, &TooLargeError{limit}
		}
		if err != nil {
			if err == io.EOF {
				return b, nil
			}
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// Open opens the regular file at path (symlinks followed) for a reader that bounds what it
// reads itself (a streaming scan of a file over the size limit). The checks are File's.
func Open(path string) (*os.File, fs.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, nil, &NotRegularError{info.Mode()}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = &NotRegularError{info.Mode()}
		}
		return nil, nil, err
	}
	return f, info, nil
}

// Describe is a short message for a read error, without the path (the notice names the file):
// "permission denied", not "open /abs/path: permission denied", and never "no such file"
// for a file that exists but cannot be read.
func Describe(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}
