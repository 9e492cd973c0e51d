package sys

import "golang.org/x/sys/unix"

// oNoatime keeps the sweep from updating access times (the owner of a
// file, or root, may ask).
const oNoatime = unix.O_NOATIME
