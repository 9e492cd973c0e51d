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
// Options ([InDir], [Prefix], [Suffix], [Perm], [ForcePerm], [MaxSize],
// [MinFree], [Logger], [AllowSharedDir], and [Sensitive] for a Spooled)
// are checked when the object is created; a bad one, or one the object
// cannot honour, is an error matching [ErrInvalidOption].
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
// The directory is checked where objects are made, the default one and
// [InDir] alike, as OpenSSH's StrictModes checks a user's files: one in
// which other users can rename, replace or remove names (writable by
// others without the sticky bit, or owned by another user who is not
// root) is refused with an error matching [ErrSharedDir], unless
// [AllowSharedDir] accepts it; one writable by its group without the
// sticky bit is logged as a warning (user private groups make 0775
// common). A root-owned sticky /tmp is fine: there only the owner of a
// name can rename or remove it. In a shared directory (accepted, or
// group-writable), every step that must use an object's name checks just
// before, without following a symlink, that the name still leads to the
// object, and refuses otherwise: what another user put at the name is
// never moved into place, removed, opened or written. Where the system
// allows, the object is used through its handle instead of its name
// (Linux: /proc/self/fd, and an O_PATH descriptor that keeps a closed
// file's inode from being reused). docs/SECURITY.md gives the threat
// model, the window that remains, and the test that proves each point.
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
// target stays): every step works on a directory descriptor and one name
// in it, so entries renamed or swapped for symlinks during the removal,
// by the same user or another, cannot lead it out of the tree. It does
// not cross a mount point (another filesystem mounted inside or on the
// directory itself; on Linux 5.8 and later, where statx tells mounts
// apart by their ID, a bind mount too, unless a seccomp profile refuses
// statx). It makes read-only, unreadable and unsearchable subdirectories
// that the caller owns accessible first, changing a mode only through a
// descriptor of the very directory it checked (Linux; other Unix systems
// fix read-only directories this way and report unreadable ones), and
// never another user's. It goes on after an error: it returns every error
// it met, joined, and a later call tries again. A directory that is
// already gone is not an error. It holds one descriptor and one name per
// level of the tree, so a tree thousands of levels deep costs little
// memory (and as many descriptors as levels). A directory that other
// users can write into cannot be removed safely, so [NewDir] refuses a
// group or other writable mode, even with [ForcePerm].
//
// # Sensitive data
//
// [Sensitive] makes a [Spooled] for secrets (keys, passwords, personal
// data) whose plaintext must reach neither the disk nor swap. Its threat
// model:
//
// Protected:
//
//   - The disk, and whoever reads it later (a backup, a stolen laptop, the
//     next owner of freed blocks): a spill writes only AES-256-GCM records,
//     one per chunk of 64 KiB, under a random key made for the object. The
//     key lives in locked memory only and is zeroed at Close, so the
//     records stay noise once the object is gone.
//   - Swap: the memory holding the plaintext, the key and the cipher state
//     is locked, never paged out.
//   - Core dumps: that memory is left out of them (Linux).
//   - Other users: they can neither read the process's memory nor the
//     spill file (mode 0600; [Perm] may not open it to others), and the
//     file holds ciphertext anyway.
//   - A changed spill file: every record is authenticated, bound to the
//     object, its chunk index, its length and its latest write. A flipped
//     bit, a truncation, swapped chunks, a replayed older chunk or a chunk
//     of another object makes the read of that range fail with an error
//     matching [ErrCorrupt]; never wrong data. Other ranges still read.
//   - A later reader of freed memory: every locked region is zeroed before
//     it leaves the object (on Truncate, after the spill, on Close), and
//     again before it goes back to the system. A forked child gets none of
//     it (Linux).
//
// Not protected:
//
//   - Root and the kernel (a module, a hypervisor, /dev/mem) see all
//     memory. memfd_secret takes the pages out of the kernel's direct map,
//     which stops some kernel bugs and gadgets, not a determined root.
//   - A debugger attached to the process, or anything that runs code in
//     it: it reads the plaintext in the caller's buffers and in registers.
//     memfd_secret pages cannot be read through ptrace or /proc/PID/mem;
//     mlock'ed pages can, by the same user.
//   - The caller's own copies: the slices given to Write and filled by
//     Read, strings, and what Go copies on goroutine stacks during a call
//     live in ordinary memory. Keep them short-lived and clear them.
//   - The size of the data and which ranges are written when: the spill
//     file's size and its changes show them.
//   - Suspend to disk writes locked pages into the hibernation image
//     (Linux refuses to hibernate while memfd_secret memory is in use).
//
// Locked memory is scarce: a process may lock RLIMIT_MEMLOCK bytes (often
// 8 MiB, 64 KiB on older systems). A Sensitive Spooled locks one page for
// its key, its chunks up to the threshold plus one 64 KiB chunk, and one
// chunk more once spilled; up to 16 zeroed regions of each size are kept
// locked for the next object. When the limit is reached, [NewSpooled] or
// the write that needs more memory fails with an error matching
// [ErrNoLockedMemory]: nothing falls back to ordinary memory. Once
// spilled, the object keeps 16 bytes of memory per chunk of its size (the
// nonce and length of each record).
//
// Per platform: on Linux amd64, arm64 and riscv64 the memory comes from
// memfd_secret(2) where the kernel has it (probed once; Linux 5.14, on by
// default from 6.5), else, and on other Linux architectures, from
// anonymous pages locked with mlock, marked MADV_DONTDUMP and
// MADV_WIPEONFORK. Other Unix systems lock with mlock but cannot leave the
// pages out of core dumps. Windows locks with VirtualLock, within the
// process's minimum working set (SetProcessWorkingSetSize raises it), and
// cannot leave them out of crash dumps. Every region lies between two
// inaccessible guard pages. The AES-GCM state that crypto/aes derives from
// the key is moved into the locked memory too; where its layout does not
// allow that (s390x), and on platforms without locked memory, [NewSpooled]
// with Sensitive fails with an error matching errors.ErrUnsupported.
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
// and only [SweepOptions.OlderThan] can then decide. An object whose
// token has no lock file at all (removed by hand, or by an age-based
// cleaner) is never taken: a name alone proves nothing. The mark costs no
// system call per object: the token is in the name, and a lock file is
// made only for the first live object of the process in a directory. The
// other candidates cost more or know less: a PID, start time and boot ID in the name cannot tell PID
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
