package project

import "sync"

// memo caches derived facts (an auth config's evaluation, a root's routes, the component
// graph) on the object they derive from, so they live exactly as long as one lint run and
// are computed once even when several rules ask at the same time.
type memo struct {
	m sync.Map // key -> *memoEntry
}

type memoEntry struct {
	once  sync.Once
	value any
}

func (m *memo) get(key any, build func() any) any {
	e, _ := m.m.LoadOrStore(key, &memoEntry{})
	entry := e.(*memoEntry)
	entry.once.Do(func() { entry.value = build() })
	return entry.value
}

// Memo returns the value cached under key for this project, building it on first use.
// Use an unexported key type per user to avoid collisions.
func (p *Project) Memo(key any, build func() any) any { return p.memo.get(key, build) }

// Memo returns the value cached under key for this file, building it on first use.
func (f *File) Memo(key any, build func() any) any { return f.memo.get(key, build) }

// Memo returns the value cached under key for this root, building it on first use.
func (r *Root) Memo(key any, build func() any) any { return r.memo.get(key, build) }
