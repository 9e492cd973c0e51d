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
// cryptographically strong generator, the owner token (see below) and
// the suffix: they cannot be predicted. Every object is created exclusively (O_EXCL, mkdir) and never
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
// # Leaks, exit and orphans
//
// Every live [File], [Dir] and [Spooled] of the process is registered,
// with a record that never points back at the object: the object can
// still become unreachable. If it does before its Close (or Keep,
// Persist, PersistNoClobber), its finalizer removes what it left (the
// file, or the tree with the rules of [Dir.Close]) and reports a [Leak]
// with the file and line that created it: to the object's [Logger] at
// level Warn (the site in the attribute "created"), or without one to the
// hook set by [OnLeak], which by default writes one line to standard
// error. A leak is a bug in the program, and is never silent by default.
// To keep the constructors fast, the record holds one program counter,
// the constructor's return address ([WithFile] and [WithDir] put their
// own caller's there), resolved to file:line only when a leak is
// reported; on amd64 it is read from the frame pointer. A finalizer
// rather than runtime.AddCleanup, and the frame pointer rather than
// runtime.Callers, because each of those alone cost about as much as the
// whole budget of the registry (docs/BENCHMARKS.md). [LeakStacks]
// switches on whole stacks, process-wide: a switch, not an option,
// because leaks are hunted in a test or debug run, where every object
// should say where it came from without changing each call. The
// anonymous file of [New] is a plain *os.File with no name, so there is
// nothing to remove: it is not registered (os.File closes a lost
// descriptor itself).
//
// [CleanupAll] removes every live object, for main before os.Exit and for
// tests; [CleanupOnSignal] runs it on SIGINT or SIGTERM, then lets the
// process die of the signal. Package tempfiletest's NoLeaks fails a test
// that leaves objects open.
//
// What a SIGKILLed or crashed process leaves, [Sweep] removes, and only
// that: every [File] and [Dir] carries an owner mark in its name. A name
// is the prefix, the 12 random characters, a 6-character owner token and
// the suffix. The token belongs to one process in one directory: the
// first marked object the process creates there makes the lock file
// .tmpguard-<token>.lock (mode 0600, under a temporary name, flocked and
// filled with the owner's boot ID, PID, start time, PID namespace and
// user, then renamed without replacing anything), which the process keeps
// open and locked while it has live objects there; the last one to go
// removes it. The kernel releases a flock when its holder dies, however
// it dies, so a free lock means a dead owner, exactly: PID reuse cannot
// make a dead owner look alive nor a live one dead, and a flock is seen
// across PID namespaces, so containers sharing a host's /tmp are safe.
// The boot ID guards directories shared between machines (over the
// network), where another machine's flock may not be seen: a lock file
// of another boot, or one that cannot be read, leaves its owner unknown,
// and only [SweepOptions.OlderThan] can then decide. The mark costs no
// system call per object: the token is in the name, and a lock file is
// made only for the first live object of the process in a directory. The other candidates cost more or
// know less: a PID, start time and boot ID in the name cannot tell PID
// namespaces apart and need a /proc that shows the owner; an extended
// attribute costs a system call per object, is missing on some
// filesystems, and still needs a liveness test. A process that creates
// and closes objects in one directory many times a second keeps its lock
// file for a second after the last one instead of making one per object;
// if it exits within that second, the dead lock file is left for Sweep
// ([CleanupAll] removes it). [File.Keep] and [Dir.Keep] write the kept
// name into the lock file, which then stays, unlocked, as the record that
// no sweep may take it; Sweep removes the record once the kept objects are
// gone. The name of the create-and-unlink fallback of [New] carries the
// mark too, so that a file left by a kill between the two calls is swept.
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
// a rename; objects carry no owner mark and [Sweep] is not supported.
// Unix systems other than Linux have the owner marks with flock; their
// boot ID is the boot time where sysctl tells it (not on Solaris, where
// owners go by age alone). Other platforms: every constructor fails with
// an error matching errors.ErrUnsupported.
package tempfile
