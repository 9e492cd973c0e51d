// Package tempcheck defines an [analysis.Analyzer] that finds the mistakes
// Go programs make with temporary files and directories: fixed paths in
// /tmp, predictable names under [os.TempDir], temporary files that are never
// removed, deprecated io/ioutil calls, group- or world-accessible temporary
// files, data still buffered when another program reads the file, the
// removal of the temporary directory itself, and objects of this project's
// library ([github.com/tmpguard/tempfile]) that are never cleaned up.
//
// # Analyzer tempcheck
//
// tempcheck: check the use of temporary files and directories
//
// Each finding names its rule (TF101-TF108) at the start of its message and
// in its Category; [Rules] holds every rule's ID, name, severity, summary
// and fix, and [RuleID] maps a diagnostic back to its rule.
//
//   - TF101 hardcoded-temp-path: a fixed path in /tmp, /var/tmp, /usr/tmp or
//     /dev/shm given to a call that creates or writes (os.Create,
//     os.WriteFile, os.OpenFile with write flags, os.Mkdir, os.MkdirAll,
//     os.Symlink, os.Rename, os.CreateTemp's directory, ...). Reading is
//     not a finding.
//   - TF102 predictable-temp-name: a name under os.TempDir() (or $TMPDIR)
//     that another user can guess, created or opened; or any name under it
//     created without O_EXCL (os.Create, os.WriteFile).
//   - TF103 temp-never-removed: a file from os.CreateTemp or a directory
//     from os.MkdirTemp, made in the shared temporary directory, that is
//     neither removed nor handed on on some path to a return (found on the
//     control-flow graph, as lostcancel does).
//   - TF104 deprecated-ioutil: ioutil.TempFile and ioutil.TempDir, with a
//     suggested fix to os.CreateTemp and os.MkdirTemp.
//   - TF105 permissive-chmod: os.Chmod or (*os.File).Chmod giving a
//     temporary file or directory group or other permissions.
//   - TF106 unflushed-before-exec: the name of a temporary file passed to
//     exec.Command while a bufio.Writer over it is not flushed.
//   - TF107 removeall-tempdir-root: os.RemoveAll(os.TempDir()).
//   - TF108 library-object-leaked: a tempfile.File, Dir or Spooled that is
//     neither closed, kept nor persisted on some path to a return.
//
// Values are followed through local variables assigned once, constants,
// filepath.Join, path.Join, +, fmt.Sprintf and os.TempDir(); functions are
// identified by their types.Object, so an aliased import, a method value or
// a shadowed name is seen for what it is.
//
// Where the code is ambiguous the analyzer stays silent: an object passed
// to a function outside the standard library, returned, stored in a field,
// a map or a slice, sent on a channel, or captured by a closure that
// removes it, is handed on. A file made with os.CreateTemp in a directory
// other than the shared temporary one (t.TempDir(), a directory removed as
// a whole, the destination of an atomic rename) is not checked for TF103
// or TF105.
//
// # Suppressions
//
// A comment on the line of a finding or on the line above silences it:
//
//	//tmpguard:ignore TF103        (a list: TF101,TF103; no ID: every rule)
//	//nolint:tmpguard              (golangci-lint's form)
package tempcheck
