#include "textflag.h"

// func CallerPC() uintptr
//
// With no frame of its own, CallerPC runs with BP still the frame pointer
// of the function that called it; that function's return address, a PC
// in its own caller, sits one word above (Go keeps frame pointers on
// amd64; the runtime's execution tracer unwinds the same way).
TEXT ·CallerPC(SB), NOSPLIT, $0-8
	MOVQ 8(BP), AX
	MOVQ AX, ret+0(FP)
	RET
