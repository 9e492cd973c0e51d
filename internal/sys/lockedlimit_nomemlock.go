//go:build aix || illumos || solaris

package sys

// These systems have no RLIMIT_MEMLOCK: locking needs a privilege instead.
// An out-of-range resource makes getrlimit fail, and messages name the
// limit generically.
const rlimitMemlock = -1
