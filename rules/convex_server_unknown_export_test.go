package rules

import (
	"slices"
	"testing"
)

// The lookup is a binary search.
func TestConvexServerExportsSorted(t *testing.T) {
	if !slices.IsSorted(convexServerExports) {
		t.Fatal("convexServerExports is not sorted")
	}
}
