package main

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// fsNames are the filesystem types doctor names, by statfs magic.
var fsNames = map[int64]string{
	unix.TMPFS_MAGIC:           "tmpfs",
	unix.RAMFS_MAGIC:           "ramfs",
	unix.EXT4_SUPER_MAGIC:      "ext2/ext3/ext4",
	unix.XFS_SUPER_MAGIC:       "xfs",
	unix.BTRFS_SUPER_MAGIC:     "btrfs",
	unix.OVERLAYFS_SUPER_MAGIC: "overlayfs",
	unix.NFS_SUPER_MAGIC:       "nfs",
	unix.F2FS_SUPER_MAGIC:      "f2fs",
	0x2fc12fc1:                 "zfs",
	unix.FUSE_SUPER_MAGIC:      "fuse",
	unix.V9FS_MAGIC:            "9p",
}

// fsInfo is what statfs says of a directory's filesystem.
type fsInfo struct {
	magic string // hex, as stat -f -c %t prints it
	name  string // a name for the magic, or "0x" and the magic
	total int64  // bytes
	tmpfs bool
}

func statFS(dir string) (fsInfo, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return fsInfo{}, err
	}
	magic := int64(uint32(st.Type)) // a signed 32-bit field on some platforms
	fi := fsInfo{
		magic: fmt.Sprintf("%x", uint32(magic)),
		name:  fsNames[magic],
		total: int64(st.Blocks) * int64(st.Bsize),
		tmpfs: magic == unix.TMPFS_MAGIC,
	}
	if fi.name == "" {
		fi.name = "0x" + fi.magic
	}
	return fi, nil
}
