package analysis

import (
	"slices"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/project"
)

func TestGeneratedSpecs(t *testing.T) {
	src := `import { api } from "../convex/_generated/api";
import type { Id } from '@acme/backend/convex/_generated/dataModel';
const s = require("./_generated/server");
const lazy = import("@/convex/_generated");
// a comment about convex/_generated/api
const x = "not/_generatedX";
const y = "mismatched/_generated/api';
`
	got := project.GeneratedSpecs(src)
	want := []string{"../convex/_generated/api", "@acme/backend/convex/_generated/dataModel", "./_generated/server", "@/convex/_generated"}
	if !slices.Equal(got, want) {
		t.Errorf("generatedSpecs:\n got  %q\n want %q", got, want)
	}
}
