package fix

import (
	// A maintained export of golang.org/x/tools' internal diff: Myers edits, so a moved line
	// shows as the one line that moved (the anchored diff of go-internal shows a block move
	// when a fix inserts a line that is unique in both versions).
	udiff "github.com/aymanbagabas/go-udiff"
)

// Diff is a unified diff of a file from before to after with git-style headers, the path
// given slash-separated and relative to the working directory; nil when nothing changed.
// CRLF line ends stay in the lines, so `git apply` and `patch` reproduce the bytes.
func Diff(rel, before, after string) []byte {
	if before == after {
		return nil
	}
	return []byte("diff --git a/" + rel + " b/" + rel + "\n" + udiff.Unified("a/"+rel, "b/"+rel, before, after))
}
