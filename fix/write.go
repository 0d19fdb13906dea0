package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrChanged is returned for a file whose bytes on disk are no longer those that were linted.
var ErrChanged = errors.New("changed since it was read: not overwritten")

// ErrReadOnly is returned for a file without write permission. Root may write anyway, and a
// rename needs only the directory: the mode bits are what the user asked for, so check them.
var ErrReadOnly = errors.New("read-only: not fixed")

// Write replaces the file at path, whose linted content was before, with after: it writes a
// temporary file in the same directory with the file's mode, then renames it over the file,
// so that a reader sees either the old or the new content, never a part. It refuses
// symlinks (the rename would replace the link, and the target may lie outside the lint
// targets), read-only files and files whose content is no longer before. beforeRename, when
// set, runs after the temporary file is written (tests use it to change the file then).
func Write(path, before, after string, beforeRename func(path string)) error {
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if info.Mode()&os.ModeSymlink != 0 {
		return errors.New("a symbolic link: not fixed")
	}
	if !info.Mode().IsRegular() {
		return errors.New("not a regular file: not fixed")
	}
	if info.Mode().Perm()&0o200 == 0 {
		return ErrReadOnly
	}
	if err := unchanged(path, before); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".fix-*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.WriteString(after); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if beforeRename != nil {
		beforeRename(path)
	}
	// Checked again as late as possible: an editor or formatter may have saved meanwhile.
	if err := unchanged(path, before); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	return nil
}

func unchanged(path, before string) error {
	cur, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading it again: %w", err)
	}
	if !bytes.Equal(cur, []byte(before)) {
		return ErrChanged
	}
	return nil
}
