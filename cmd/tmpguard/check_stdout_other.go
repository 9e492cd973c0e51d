//go:build !unix

package main

import "io"

// stdoutClosed reports whether standard output was closed at start; it
// cannot be told here.
func stdoutClosed(io.Writer) bool { return false }
