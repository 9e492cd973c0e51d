//go:build !linux

package main

import "runtime"

// platformChecks elsewhere than Linux: the features are Linux's, and the
// library's fallbacks apply; say which, rather than leave them out.
func platformChecks(dir string, facts *doctorFacts) []checkResult {
	warn := func(name, detail string) checkResult {
		return checkResult{Name: name, Status: statusWarn,
			Detail: "not on " + runtime.GOOS + ": " + detail}
	}
	return []checkResult{
		warn("o_tmpfile", "anonymous files are created, then unlinked (or deleted on close on Windows)"),
		warn("memfd_secret", "secrets are kept in locked, no-dump memory where the system allows it"),
	}
}
