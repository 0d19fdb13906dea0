//go:build unix

package fsread

import (
	"io"
	"io/fs"
	"syscall"
)

// readRegular opens path with raw syscalls: os.Open would register each file with the
// runtime poller (four fcntl and a failing epoll_ctl per file on Linux), half the syscalls
// of reading a small source file, which is what a lint run mostly does. O_NONBLOCK: a path
// swapped for a FIFO after File's Stat must not block the open (regular files ignore it).
// noFollow refuses a symlink (Walked: the walk saw a regular file there).
func readRegular(path string, limit int64, noFollow bool) ([]byte, error) {
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK
	if noFollow {
		flags |= syscall.O_NOFOLLOW
	}
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(path, flags, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if m := uint32(st.Mode) & syscall.S_IFMT; m != syscall.S_IFREG {
		return nil, &NotRegularError{modeType(m)}
	}
	if st.Size > limit {
		return nil, &TooLargeError{limit}
	}
	b, err := readAll(func(p []byte) (int, error) {
		var n int
		err := retry(func() (err error) {
			n, err = syscall.Read(fd, p)
			return err
		})
		switch {
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: path, Err: err}
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}, st.Size, limit)
	return b, err
}

func retry(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}

// modeType is the fs.FileMode type bits of a stat mode's S_IFMT bits.
func modeType(m uint32) fs.FileMode {
	switch m {
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}

// Walked reads a file that the walk listed as a regular file (not a symlink), at most limit
// bytes, without File's Stat first: the open neither follows a symlink swapped in since nor
// blocks on a FIFO, and the open file's type and size are checked. A run reads thousands of
// such files; the Stat was one syscall in six.
func Walked(path string, limit int64) ([]byte, error) { return readRegular(path, limit, true) }
