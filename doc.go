// Package tempfile creates temporary files and directories that are safe
// by construction: every good habit of temporary-file handling is the
// default, and the classic mistakes are impossible or loudly reported.
//
// The constructors:
//
//   - [New]: an anonymous file, with no name to leak, race on or clean up.
//     The first choice whenever the data need not be opened by name.
//   - [NewFile]: a named [File]. Its Close removes it, so `defer f.Close()`
//     is the whole cleanup; [File.CloseHandle] lets another program open it
//     first, and [File.Reopen] gives a second handle; [File.Keep],
//     [File.Persist] and [File.PersistNoClobber] keep it on purpose.
//   - [NewDir]: a [Dir] whose Close removes the whole tree.
//   - [WithFile] and [WithDir]: scoped use, the Go form of Python's `with`.
//   - [NewSpooled]: data in memory up to a mandatory threshold, then in an
//     anonymous file; a failed spill loses nothing.
//
// Options ([InDir], [Prefix], [Suffix], [Perm], [MaxSize], [MinFree],
// [Logger]) are checked when the object is created; a bad one, or one the
// object cannot honour, is an error matching [ErrInvalidOption].
//
// # Disk space
//
// [MaxSize] and [MinFree] are enforced on every write of a [File] or a
// [Spooled], not by one check up front that another process can make
// stale: a refused write writes nothing and fails with an error matching
// [ErrTooLarge] or [ErrNoSpace]. A write that the kernel refuses for lack
// of space (ENOSPC, a full quota) also matches [ErrNoSpace]. A full disk
// never leaves an object behind: Close removes it all the same.
//
// # Security
//
// Names are the prefix, 12 characters (60 bits) drawn from a
// cryptographically strong generator, and the suffix: they cannot be
// predicted. Every object is created exclusively (O_EXCL, mkdir) and never
// through a symlink, so a name planted in advance by an attacker, a symlink
// above all, makes the creation pick another name, never follow it; after
// 100 taken names it fails with an error matching fs.ErrExist. A prefix or
// suffix with a path separator is refused, so a name cannot escape its
// directory.
//
// Files are created with mode 0600 and directories with 0700. These modes
// need nothing from the umask, which can only remove bits: they are exact
// under every umask that leaves the owner's own bits alone, which is every
// umask in real use. [Perm] sets an exact mode whatever the umask (the mode
// is applied again after creation); it refuses group or other write
// permission unless it is [ForcePerm].
//
// [DefaultDir] follows Python's gettempdir ($TMPDIR, $TEMP, $TMP, then the
// platform's places, each really probed) and never falls back to the
// current directory.
//
// # Cleanup
//
// Every object has one owner, named by its constructor's documentation.
// Cleanup is idempotent and safe to defer at once: [File.Close] and
// [Dir.Close] may be called any number of times. A failed operation leaves
// the caller holding the object: a failed [File.Persist] still lets Close
// remove the file.
//
// [Dir.Close] removes the tree without following symlinks (a link goes, its
// target stays), without crossing a mount point (another filesystem
// mounted inside or on the directory itself; on Linux 5.8 and later,
// where statx tells mounts apart by their ID, a bind mount too, unless a
// seccomp profile refuses statx), making
// read-only, unreadable and unsearchable subdirectories accessible first,
// and goes on after an error: it returns every error it met, joined, and a
// later call tries again. A directory that is already gone is not an
// error.
//
// # Platform notes
//
// Linux: [New] uses O_TMPFILE, probed once per filesystem, with the Unix
// fallback where the filesystem lacks it. Other Unix systems: [New]
// creates the file and unlinks it at once. Windows: [New] uses
// FILE_FLAG_DELETE_ON_CLOSE, so the file has a name until it is closed;
// files are shared for reading, writing and deleting; modes map to the
// read-only attribute; directories take the ACL of their parent, private
// to the user in the user's temporary folder, and cannot be flushed after
// a rename. Other platforms: every constructor fails with an error matching
// errors.ErrUnsupported.
package tempfile
