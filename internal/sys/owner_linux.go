package sys

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// readIdentity reads the boot ID, the start time of this process (field
// 22 of /proc/self/stat) and the inode of its PID namespace; any of them
// "" when it cannot be read (a /proc not mounted).
func readIdentity() (id ident) {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err == nil {
		id.boot = strings.TrimSpace(string(b))
	}
	if s, err := os.ReadFile("/proc/self/stat"); err == nil {
		// The command name, field 2, is in parentheses and may hold
		// spaces: count the fields after its closing one.
		if i := strings.LastIndexByte(string(s), ')'); i >= 0 {
			if f := strings.Fields(string(s[i+1:])); len(f) > 19 {
				id.start = f[19]
			}
		}
	}
	var st unix.Stat_t
	if unix.Stat("/proc/self/ns/pid", &st) == nil {
		id.pidns = strconv.FormatUint(uint64(st.Ino), 10)
	}
	return id
}
