//go:build linux && (amd64 || arm64 || riscv64)

package sys

import "golang.org/x/sys/unix"

// sysMemfdSecret is memfd_secret(2), wired for these architectures only.
const sysMemfdSecret = unix.SYS_MEMFD_SECRET
