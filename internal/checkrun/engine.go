package checkrun

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/tmpguard/tempfile/internal/report"
)

// An Engine checks the files of one language. The runner finds the files
// (walk, .gitignore, excludes), hands each engine those it wants, and
// merges what the engines return into one [report.Result]. Nothing in the
// runner knows a language: a new one is a new Engine and its rule table.
type Engine interface {
	// Name is the language, as messages name it: "Python", "Go".
	Name() string
	// Rules is the engine's rule table, in ID order. Rule IDs are a
	// public contract: two engines never share one.
	Rules() []Rule
	// Available returns nil when this build and machine can run the
	// engine, or why not (the Python engine needs cgo; the Go engine
	// needs the go command).
	Available() error
	// Wants reports whether a file a walk finds is one of the engine's,
	// by its name. A file named on the command line goes to the engine
	// that wants its name too.
	Wants(name string) bool
	// Check checks the files and returns a result in which only the
	// enabled rules' findings appear. A problem with one file or package
	// is a diagnostic; the error is for a failure of the whole run.
	Check(job *Job) (*report.Result, error)
}

// A File is one file to check.
type File struct {
	Path string // as shown to the user
	Abs  string // absolute, symbolic links of directories resolved
	// Follow is true for a file named on the command line: a symbolic
	// link there is followed, as the user asked for it. A file found by a
	// walk is never read through a link.
	Follow bool
	// Root is the directory named on the command line whose walk found
	// the file, absolute; empty for a file named on the command line.
	Root string
}

// A Job is the work the runner gives one engine.
type Job struct {
	Files       []File
	Enabled     map[string]bool // rule IDs to report; nil means all
	Workers     int             // files checked at once, at most MaxWorkers
	MaxFileSize int64
	// Progress, when set, is called with the number of this job's files
	// done so far, from one goroutine at a time.
	Progress func(done int)
}

// A Rule is one row of an engine's rule table: what the rule is (the
// report's description, severity included) and which engine runs it.
type Rule struct {
	report.Rule
	Engine string // the engine's Name
}

// Engines returns the engines of this build with their default settings,
// Python first. Options.Engines overrides them.
func Engines() []Engine {
	return []Engine{&Python{}, &Go{}}
}

// AllRules returns the rules of engines (every engine when nil), in ID
// order.
func AllRules(engines []Engine) []Rule {
	if engines == nil {
		engines = Engines()
	}
	var out []Rule
	for _, e := range engines {
		out = append(out, e.Rules()...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// LookupRule returns the rule with the given ID (case and spaces ignored)
// among every engine's.
func LookupRule(id string) (Rule, bool) {
	id = strings.ToUpper(strings.TrimSpace(id))
	for _, r := range AllRules(nil) {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// RuleIDs returns the IDs of rules.
func RuleIDs(rules []Rule) []string {
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids
}

// ReportRules converts rules to the writers' description.
func ReportRules(rules []Rule) []report.Rule {
	out := make([]report.Rule, len(rules))
	for i, r := range rules {
		out[i] = r.Rule
	}
	return out
}

// wants returns the engine that wants the file name, or nil.
func wants(engines []Engine, name string) Engine {
	base := filepath.Base(name)
	for _, e := range engines {
		if e.Wants(base) {
			return e
		}
	}
	return nil
}
