//go:build unix && !aix && !illumos && !solaris

package sys

import "golang.org/x/sys/unix"

const rlimitMemlock = unix.RLIMIT_MEMLOCK
