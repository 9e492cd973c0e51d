package tempcheck

import (
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Severity says how sure a finding is to be a bug.
type Severity string

// The severities, as in shared/RULES.md: an error is wrong in any context
// (the code leaks, loses data or destroys what is not its own); a warning
// is an exposure whose harm depends on where the program runs.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// A Rule is one check of the analyzer. Its ID is a public contract: users
// write it in suppressions and configuration, and it is never reused.
type Rule struct {
	ID       string   // "TF103"
	Name     string   // "temp-never-removed"
	Severity Severity // Error or Warning
	Summary  string   // what goes wrong at run time, one line
	Fix      string   // what to write instead, one line
}

// Rules is every rule of the analyzer, in ID order. A checker that runs
// [Analyzer] lists, selects and explains rules from this table; each
// diagnostic names its rule in [analysis.Diagnostic.Category].
var Rules = []Rule{
	{"TF101", "hardcoded-temp-path", Warning,
		"a fixed path in /tmp, /var/tmp, /usr/tmp or /dev/shm is created or written: another user can create it first, or plant a symbolic link there",
		"use os.CreateTemp(\"\", pattern) or os.MkdirTemp(\"\", pattern): a fresh name in the directory TMPDIR names"},
	{"TF102", "predictable-temp-name", Warning,
		"a fixed name under os.TempDir() is created or opened: the name can be predicted and taken first (CWE-377)",
		"let os.CreateTemp or os.MkdirTemp choose a random name"},
	{"TF103", "temp-never-removed", Error,
		"a file or directory from os.CreateTemp or os.MkdirTemp is left behind on some path to a return: temporary directories fill up",
		"defer os.Remove(f.Name()) (os.RemoveAll(dir) for a directory) right after the error check, or hand the path on"},
	{"TF104", "deprecated-ioutil", Warning,
		"ioutil.TempFile and ioutil.TempDir are deprecated since Go 1.17",
		"use os.CreateTemp and os.MkdirTemp: the same arguments and results"},
	{"TF105", "permissive-chmod", Warning,
		"a temporary file or directory is given group or other permissions: other users can read or change it",
		"keep the 0600 (file) or 0700 (directory) that os.CreateTemp and os.MkdirTemp set"},
	{"TF106", "unflushed-before-exec", Error,
		"the name of a temporary file reaches exec.Command while a bufio.Writer still holds data for it: the program reads a short file",
		"call Flush (and check its error) before passing the file's name to another program"},
	{"TF107", "removeall-tempdir-root", Error,
		"os.RemoveAll of the temporary directory itself deletes every user's and program's temporary files",
		"remove only what the program created: the path that os.MkdirTemp returned"},
	{"TF108", "library-object-leaked", Error,
		"a tempfile.File, Dir or Spooled is neither closed nor kept nor persisted on some path to a return: its file or directory stays behind",
		"defer x.Close() right after the error check (Close after Keep or Persist is harmless), or use tempfile.WithFile / WithDir"},
}

// RuleByID returns the rule with the given ID.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// RuleID returns the ID of the rule that produced d ("" if d is not one of
// this analyzer's diagnostics).
func RuleID(d analysis.Diagnostic) string {
	if _, ok := RuleByID(d.Category); ok {
		return d.Category
	}
	return ""
}

// Message returns d's message without the leading rule ID that the
// analyzer puts there for go vet's plain output.
func Message(d analysis.Diagnostic) string {
	if id := RuleID(d); id != "" {
		return strings.TrimPrefix(d.Message, id+" ")
	}
	return d.Message
}
