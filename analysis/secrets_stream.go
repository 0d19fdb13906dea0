package analysis

import (
	"errors"
	"io"
)

// A file over the size cap is not read whole, but a leaked key in a bundle or a data dump is
// worth finding: StreamAPIKeys reads it in windows and holds at most one window and a short
// carry-over at a time.

// StreamedKey is a key found by StreamAPIKeys: its text, byte offset and 1-based line and
// UTF-16 column (as parser.Lines counts them).
type StreamedKey struct {
	Key          string
	Offset       int64
	Line, Column int
}

const (
	streamCarry  = 256     // bytes kept before the window, so a key split by a window boundary is seen whole
	streamMaxKey = 1 << 16 // a key still growing past this many bytes is not a key
)

// streamWindow is how much is read at a time (a variable for the tests' small windows).
var streamWindow = 1 << 20

// StreamAPIKeys calls found for each WorkOS-shaped API key (FindAPIKeys, and a body that is the
// base64 of key_…: no context needed to tell it from another service's sk_ key) in r, in order.
func StreamAPIKeys(r io.Reader, found func(StreamedKey)) error {
	buf := make([]byte, 0, streamCarry+streamWindow)
	var base int64     // offset of buf[0] in the file
	var reported int64 // keys starting before this were reported (or rejected)
	cur := cursor{line: 1, col: 1}
	eof, deferred := false, false
	for !eof {
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			eof = true
		} else if err != nil {
			return err
		}
		keep := max(0, len(buf)-streamCarry) // where the carry to the next window starts
		for _, k := range FindAPIKeys(string(buf)) {
			start, end := base+int64(k[0]), base+int64(k[1])
			if start < reported || k[0] == 0 && base > 0 && !deferred {
				continue // seen in the last window, or its first byte's neighbour was dropped
			}
			if k[1] == len(buf) && !eof && k[1]-k[0] < streamMaxKey {
				keep = min(keep, k[0]) // it may go on in the next window
				break
			}
			reported = end
			key := string(buf[k[0]:k[1]])
			if !IsWorkOSKeyBody(key) {
				continue
			}
			cur.advance(buf[int(cur.off-base):k[0]])
			found(StreamedKey{Key: key, Offset: start, Line: cur.line, Column: cur.col})
		}
		if eof {
			break
		}
		deferred = keep < max(0, len(buf)-streamCarry)
		if from := int(cur.off - base); from < keep {
			cur.advance(buf[from:keep])
		}
		base += int64(keep)
		buf = buf[:copy(buf, buf[keep:])]
		if len(buf) == cap(buf) { // a carried key filled the window: drop it
			base += int64(len(buf))
			cur.advance(buf)
			buf = buf[:0]
		}
	}
	return nil
}

// cursor is a position that only moves forward, byte by byte.
type cursor struct {
	off       int64
	line, col int
	cr        bool // the last byte was \r (a \n right after it is the same line break)
	ls        int  // bytes of E2 80 A8/A9 (U+2028, U+2029) matched so far
}

func (c *cursor) advance(b []byte) {
	for _, ch := range b {
		c.off++
		if c.ls == 1 && ch == 0x80 || c.ls == 2 && (ch == 0xA8 || ch == 0xA9) {
			if c.ls++; c.ls == 3 {
				c.line, c.col, c.ls = c.line+1, 1, 0
			}
			continue
		}
		c.ls = 0
		switch {
		case ch == '\n':
			if !c.cr {
				c.line, c.col = c.line+1, 1
			}
		case ch == '\r':
			c.line, c.col = c.line+1, 1
		case ch < 0x80 || ch >= 0xC0 && ch < 0xF0:
			c.col++ // one UTF-16 unit (continuation bytes count nothing)
		case ch >= 0xF0:
			c.col += 2 // a surrogate pair
		}
		if ch == 0xE2 {
			c.ls = 1
		}
		c.cr = ch == '\r'
	}
}
