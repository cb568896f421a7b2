package xlsx

// SetMaxRows lowers the rows-per-sheet cap for a test; the returned func
// restores it.
func SetMaxRows(n int) func() {
	old := maxRows
	maxRows = n
	return func() { maxRows = old }
}
