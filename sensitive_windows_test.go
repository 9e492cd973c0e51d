package tempfile_test

import "golang.org/x/sys/windows"

// VirtualLock locks no more than the process's minimum working set, a few
// hundred KiB by default: the tests of Sensitive objects raise it, as a
// program that keeps secrets in memory must (see the package doc).
func init() {
	windows.SetProcessWorkingSetSizeEx(windows.CurrentProcess(), 64<<20, 256<<20, 0)
}
