//go:build !unix

package fsread

// readRegular opens path and reads it, checking the open file's type and size.
func readRegular(path string, limit int64, _ bool) ([]byte, error) {
	f, info, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f.Read, info.Size(), limit)
}

// Walked reads a file that the walk listed as a regular file; here it is File.
func Walked(path string, limit int64) ([]byte, error) { return File(path, limit) }
