//go:build !amd64

package sys

import "runtime"

// CallerPC returns the return address of the function that calls it: a
// program counter in that function's caller, as runtime.Callers gives it.
// The calling function must not be inlined into its caller.
//
//go:noinline
func CallerPC() uintptr {
	var pc [1]uintptr
	runtime.Callers(3, pc[:]) // runtime.Callers, CallerPC, its caller
	return pc[0]
}
