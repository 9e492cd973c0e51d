package sys

// CallerPC returns the return address of the function that calls it: a
// program counter in that function's caller, as runtime.Callers would
// give, for runtime.CallersFrames. It reads the frame pointer, a few
// nanoseconds where runtime.Callers unwinds for a hundred or more. The
// calling function must not be inlined into its caller (then the PC is
// in the caller's caller).
func CallerPC() uintptr
