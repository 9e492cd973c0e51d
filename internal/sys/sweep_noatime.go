//go:build unix && !aix && !linux

package sys

// oNoatime: no O_NOATIME here. The sweep reads only lock files, and opening
// an entry without reading it updates no access time.
const oNoatime = 0
