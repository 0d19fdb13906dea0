package lint

import (
	"errors"
	"sync"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// scanLarge runs the CheckLarge checks on a file over the size cap (the key rule: a leaked key
// in a bundle is no less leaked) and returns the notice's error: the size cap, and what ran.
func scanLarge(proj *project.Project, f *project.File, active []activeRule, report func(rules.Diagnostic), crashes *[]crash, mu *sync.Mutex, tooLarge error) error {
	var ran []string
	for _, a := range active {
		r := a.rule
		if r.CheckLarge == nil || r.Kinds&f.Kind == 0 || r.Applies != nil && !r.Applies(proj, f) {
			continue
		}
		file, _, err := fsread.Open(f.Path)
		if err != nil {
			return errors.New(tooLarge.Error() + "; could not be scanned for keys either: " + fsread.Describe(err))
		}
		err = runLarge(r, rules.NewLargeFileContext(r, proj, f, file, report), crashes, mu)
		file.Close()
		if err != nil {
			return errors.New(tooLarge.Error() + "; the scan for keys failed: " + fsread.Describe(err))
		}
		ran = append(ran, r.ID)
	}
	if len(ran) == 0 {
		return tooLarge
	}
	return errors.New(tooLarge.Error() + " (the maxFileSize config key); scanned only for WorkOS API keys")
}

func runLarge(r *rules.Rule, c *rules.LargeFileContext, crashes *[]crash, mu *sync.Mutex) error {
	defer recoverInto(r, c.File, crashes, mu)
	return r.CheckLarge(c)
}
