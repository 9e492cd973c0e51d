//go:build linux && !(amd64 || arm64 || riscv64)

package sys

// sysMemfdSecret is 0: memfd_secret(2) is not wired for this architecture.
const sysMemfdSecret = 0
