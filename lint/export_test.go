package lint

// SetAfterWalk installs the hook run between the walk and the reads; the returned func removes it.
func SetAfterWalk(f func()) (restore func()) {
	afterWalk = f
	return func() { afterWalk = nil }
}
