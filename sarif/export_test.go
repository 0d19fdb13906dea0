package sarif

import "testing"

// ValidateSchema lets the external end-to-end test use the schema loaded by this package's tests.
func ValidateSchema(t *testing.T, data []byte) error { return validate(t, data) }
