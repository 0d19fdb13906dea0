package lint

import "time"

// Phases is how long each phase of a run took, for --debug. Read and Check are summed over the
// file pass's workers (they run in parallel); the others are wall time.
type Phases struct {
	Walk     time.Duration // finding the files: the lint paths and their projects' context
	Context  time.Duration // each root's package.json, convex.json, auth config and env files
	FilePass time.Duration // the file pass, wall time
	Read     time.Duration // reading the files of the file pass, summed over workers
	Check    time.Duration // trigger scan, parse and per-file rules, summed over workers
	Project  time.Duration // project rules
	Finish   time.Duration // severities, positions, suppressions, sorting
	Workers  int           // the file pass's workers
}
