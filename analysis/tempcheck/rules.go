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
	Explain  string   // why, in a few sentences (for --explain)
	Bad      string   // Go code that is flagged
	Good     string   // the same done right
	Guide    string   // the section of the guide the rule comes from
}

// Rules is every rule of the analyzer, in ID order. A checker that runs
// [Analyzer] lists, selects and explains rules from this table; each
// diagnostic names its rule in [analysis.Diagnostic.Category].
var Rules = []Rule{
	{
		ID: "TF101", Name: "hardcoded-temp-path", Severity: Warning,
		Summary: "a fixed path in /tmp, /var/tmp, /usr/tmp or /dev/shm is created or written: another user can create it first, or plant a symbolic link there",
		Fix:     "use os.CreateTemp(\"\", pattern) or os.MkdirTemp(\"\", pattern): a fresh name in the directory TMPDIR names",
		Explain: "A path such as /tmp/app.log is the same for every user of the machine. Whoever creates it first owns it: another user can create it, or a symbolic link with that name pointing at a file of yours, before your program runs; os.Create then truncates or writes through the link.",
		Bad:     "os.WriteFile(\"/tmp/app.state\", data, 0o600)",
		Good:    "f, err := os.CreateTemp(\"\", \"app-*.state\")\nif err != nil {\n\treturn err\n}\ndefer os.Remove(f.Name())",
		Guide:   "Don't hardcode temporary paths; Use secure temporary directories",
	},
	{
		ID: "TF102", Name: "predictable-temp-name", Severity: Warning,
		Summary: "a fixed name under os.TempDir() is created or opened: the name can be predicted and taken first (CWE-377)",
		Fix:     "let os.CreateTemp or os.MkdirTemp choose a random name",
		Explain: "os.TempDir() is a shared directory. A fixed name under it, or one built from a process ID, can be predicted and created first by another user, as a file, a directory or a symbolic link (CWE-377); os.Create and os.WriteFile follow such a link and reuse what is there.",
		Bad:     "p := filepath.Join(os.TempDir(), \"app.pid\")\nos.WriteFile(p, pid, 0o600)",
		Good:    "f, err := os.CreateTemp(\"\", \"app-*.pid\")",
		Guide:   "Don't hardcode temporary paths",
	},
	{
		ID: "TF103", Name: "temp-never-removed", Severity: Error,
		Summary: "a file or directory from os.CreateTemp or os.MkdirTemp is left behind on some path to a return: temporary directories fill up",
		Fix:     "defer os.Remove(f.Name()) (os.RemoveAll(dir) for a directory) right after the error check, or hand the path on",
		Explain: "os.CreateTemp and os.MkdirTemp create the object and return; nothing removes it later. A path that returns without os.Remove or os.RemoveAll (an early error return is the usual one) leaves it in the temporary directory for good, and a long-running program fills the disk.",
		Bad:     "f, err := os.CreateTemp(\"\", \"job-*\")\nif err != nil {\n\treturn err\n}\nif _, err := f.Write(b); err != nil {\n\treturn err // the file stays\n}",
		Good:    "f, err := os.CreateTemp(\"\", \"job-*\")\nif err != nil {\n\treturn err\n}\ndefer os.Remove(f.Name())\ndefer f.Close()",
		Guide:   "Clean up manually when needed; Use context managers",
	},
	{
		ID: "TF104", Name: "deprecated-ioutil", Severity: Warning,
		Summary: "ioutil.TempFile and ioutil.TempDir are deprecated: since Go 1.17 they only call os.CreateTemp and os.MkdirTemp",
		Fix:     "use os.CreateTemp and os.MkdirTemp: the same arguments and results",
		Explain: "io/ioutil is deprecated; since Go 1.17 its TempFile and TempDir only call os.CreateTemp and os.MkdirTemp, with the same arguments and results. The fix changes nothing at run time.",
		Bad:     "f, err := ioutil.TempFile(\"\", \"x\")",
		Good:    "f, err := os.CreateTemp(\"\", \"x\")",
		Guide:   "Use secure temporary directories",
	},
	{
		ID: "TF105", Name: "permissive-chmod", Severity: Warning,
		Summary: "a temporary file or directory is given group or other permissions: other users can read or change it",
		Fix:     "keep the 0600 (file) or 0700 (directory) that os.CreateTemp and os.MkdirTemp set",
		Explain: "os.CreateTemp makes files 0600 and os.MkdirTemp directories 0700 so that other users of the machine cannot read or change them. A chmod that adds group or other bits undoes that for a file in a directory every user can list.",
		Bad:     "f.Chmod(0o644)",
		Good:    "// keep the 0600 that os.CreateTemp set",
		Guide:   "Set proper permissions",
	},
	{
		ID: "TF106", Name: "unflushed-before-exec", Severity: Error,
		Summary: "the name of a temporary file reaches exec.Command while a bufio.Writer still holds data for it: the program reads a short file",
		Fix:     "call Flush (and check its error) before passing the file's name to another program",
		Explain: "A bufio.Writer keeps up to its buffer's size in memory. If the file's name is given to another program before Flush, that program reads the file without the buffered tail.",
		Bad:     "w := bufio.NewWriter(f)\nfmt.Fprintln(w, data)\nexec.Command(\"sort\", f.Name()).Run()",
		Good:    "w := bufio.NewWriter(f)\nfmt.Fprintln(w, data)\nif err := w.Flush(); err != nil {\n\treturn err\n}\nexec.Command(\"sort\", f.Name()).Run()",
		Guide:   "Don't forget to close files",
	},
	{
		ID: "TF107", Name: "removeall-tempdir-root", Severity: Error,
		Summary: "os.RemoveAll of the temporary directory itself deletes every user's and program's temporary files",
		Fix:     "remove only what the program created: the path that os.MkdirTemp returned",
		Explain: "os.TempDir() is the shared temporary directory itself. Removing it all deletes the files of every program and user that can be deleted, and on a system where /tmp is not re-created breaks them.",
		Bad:     "os.RemoveAll(os.TempDir())",
		Good:    "dir, err := os.MkdirTemp(\"\", \"app-*\")\n// ...\nos.RemoveAll(dir)",
		Guide:   "Clean up manually when needed",
	},
	{
		ID: "TF108", Name: "library-object-leaked", Severity: Error,
		Summary: "a tempfile.File, Dir or Spooled is neither closed nor kept nor persisted on some path to a return: its file or directory stays behind",
		Fix:     "defer x.Close() right after the error check (Close after Keep or Persist is harmless), or use tempfile.WithFile / WithDir",
		Explain: "tempfile.NewFile, NewDir and NewSpooled create a file or directory that only Close removes (Keep and Persist keep it on purpose). An object dropped without either stays on disk; CloseHandle only closes the descriptor.",
		Bad:     "f, err := tempfile.NewFile()\nif err != nil {\n\treturn err\n}\n_, err = f.Write(b)\nreturn err",
		Good:    "f, err := tempfile.NewFile()\nif err != nil {\n\treturn err\n}\ndefer f.Close()",
		Guide:   "Use context managers",
	},
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
