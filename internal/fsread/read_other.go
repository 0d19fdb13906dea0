//go:build !unix

package fsread

// readRegular opens path and reads it, checking the open file's type and size.
func readRegular(path string, limit int64) ([]byte, error) {
	f, info, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f.Read, info.Size(), limit)
}
