package checkrun

// SetBeforeOpen installs f to be called with the absolute name of each
// Python file just before it is opened, and returns a function that
// removes it. It is a seam for the command's tests only: they swap a file
// for a FIFO at that moment, the race between the walk and the read that
// an attacker would try, made deterministic. Nothing else calls it.
func SetBeforeOpen(f func(abs string)) (restore func()) {
	old := beforeOpen
	beforeOpen = f
	return func() { beforeOpen = old }
}
