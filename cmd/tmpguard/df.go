package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/internal/report"
	"github.com/tmpguard/tempfile/internal/sys"
)

const dfSynopsis = "usage: tmpguard df [--json] [DIR]"

const dfHelp = dfSynopsis + `

Show the temporary directory in use and why (which variable, or the
platform's default, chose it), its filesystem and free space, and what
uses it: the entries at its top, with the size of everything below them,
grouped by owner, by prefix (the name before its random part, guessed
from its shape) and by age (the newest of the access, change and
modification times anywhere in the entry: what a sweep goes by), the
largest first. Sizes are disk usage, as du counts them: hard links once,
nothing across a mount point, no symbolic link followed. Reading does not
change access times where the system allows it (O_NOATIME).

DIR reports on DIR instead of the temporary directory.

In the --json report, names (the directory, prefixes, and the messages
that quote names) are written as in tmpguard check's JSON: a name that is
not valid UTF-8 has each invalid byte 0xXY as the escape \udcXY
(Python's surrogateescape), so that names stay distinct and
os.fsencode(json.loads(...)) gives back their bytes.

When no temporary directory exists at all (none of $TMPDIR, $TEMP, $TMP,
/tmp, /var/tmp, /usr/tmp), df says so in one line; with --json it prints
the report of its usual shape with "dir" empty, "chosen_by" "none",
the reason in "why", no entries and "orphans" null.

Exit status: 0, 1 when DIR cannot be read or no temporary directory
exists, 2 on usage errors.
`

// dfTop is how many groups of each kind the text report shows.
const dfTop = 10

// A dfGroup is the usage of the entries that share an owner, a prefix or
// an age.
type dfGroup struct {
	Key     report.JSONName `json:"key"` // an owner, a prefix or an age
	Entries int             `json:"entries"`
	Bytes   int64           `json:"bytes"`
}

// orphanCount is the part of the usage whose owner process is gone.
type orphanCount struct {
	Entries int   `json:"entries"`
	Bytes   int64 `json:"bytes"`
}

type dfReport struct {
	Dir         report.JSONName `json:"dir"`
	ChosenBy    string          `json:"chosen_by"` // "TMPDIR", "TEMP", "TMP", "default" or "argument"
	Why         report.JSONName `json:"why"`       // names directories
	FSType      string          `json:"fs_type,omitempty"`
	FSMagic     string          `json:"fs_magic,omitempty"`
	FreeBytes   int64           `json:"free_bytes"`
	TotalBytes  int64           `json:"total_bytes"`
	Entries     int             `json:"entries"`
	Bytes       int64           `json:"bytes"`
	Unreadable  int             `json:"unreadable"` // directories whose contents could not be counted
	ByOwner     []dfGroup       `json:"by_owner"`
	ByPrefix    []dfGroup       `json:"by_prefix"`
	ByAge       []dfGroup       `json:"by_age"`
	Orphans     *orphanCount    `json:"orphans"` // null when the sweep could not judge the directory; see OrphansNote
	OrphansNote report.JSONName `json:"orphans_note,omitempty"`
}

// An entryUsage is one entry at the top of the directory, with everything
// below it.
type entryUsage struct {
	name   string
	uid    int
	owned  bool // uid is known
	bytes  int64
	newest time.Time
}

func runDf(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("df")
	asJSON := fs.Bool("json", false, "print one JSON object")
	help := fs.BoolP("help", "h", false, "show this help")
	if err := parseGNU(fs, args, true); err != nil {
		return usageError(stderr, "df", dfSynopsis, 2, "%v", err)
	}
	if *help {
		printHelp(stdout, dfHelp, fs)
		return 0
	}
	rep := &dfReport{}
	switch fs.NArg() {
	case 0:
		if _, err := firstTempDir(); errors.Is(err, errNoTempDir) {
			return dfNoTempDir(stdout, stderr, err, *asJSON)
		}
		dir, err := tempfile.DefaultDir()
		if err != nil {
			fmt.Fprintf(stderr, "tmpguard df: %v\n", err)
			return 1
		}
		rep.Dir, rep.ChosenBy, rep.Why = report.JSONName(dir), chosenBy(dir), report.JSONName(explainDir(dir))
	case 1:
		if fs.Arg(0) == "" {
			return usageError(stderr, "df", dfSynopsis, 2, "an empty directory name")
		}
		dir, err := filepath.Abs(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(stderr, "tmpguard df: %v\n", err)
			return 1
		}
		rep.Dir, rep.ChosenBy, rep.Why = report.JSONName(dir), "argument", "named on the command line"
	default:
		return usageError(stderr, "df", dfSynopsis, 2, "more than one directory: %q", fs.Args())
	}
	dir := string(rep.Dir)
	if fi, err := os.Stat(dir); err != nil {
		fmt.Fprintf(stderr, "tmpguard df: %v\n", err)
		return 1
	} else if !fi.IsDir() {
		fmt.Fprintf(stderr, "tmpguard df: %s: not a directory\n", quoteName(dir))
		return 1
	}
	if fi, err := statFS(dir); err == nil {
		rep.FSType, rep.FSMagic, rep.TotalBytes = fi.name, fi.magic, fi.total
	}
	if free, _, err := sys.FreeSpace(dir); err == nil {
		rep.FreeBytes = free
	}
	entries, unreadable, err := scanUsage(dir)
	if err != nil {
		fmt.Fprintf(stderr, "tmpguard df: %v\n", err)
		return 1
	}
	rep.Unreadable = unreadable
	group(rep, entries, time.Now())
	if n, err := countOrphans(dir); err == nil {
		rep.Orphans = n
	} else {
		rep.OrphansNote = report.JSONName(err.Error())
	}

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "tmpguard df: %v\n", err)
			return 1
		}
		return 0
	}
	printDf(stdout, rep)
	return 0
}

// dfNoTempDir reports that no temporary directory exists: the report of
// an empty directory named "", chosen by "none", with the reason as why,
// and no orphan count. The status is 1: programs have nowhere to put
// their temporary files.
func dfNoTempDir(stdout, stderr io.Writer, err error, asJSON bool) int {
	rep := &dfReport{ChosenBy: "none", Why: report.JSONName(err.Error()), OrphansNote: "no directory to judge"}
	group(rep, nil, time.Now())
	fmt.Fprintf(stderr, "tmpguard df: %v\n", err)
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
		return 1
	}
	fmt.Fprintf(stdout, "temporary directory: none: %s\n", quoteName(string(rep.Why)))
	return 1
}

// countOrphans counts the entries of dir whose owner process is gone: a
// dry run of the library's Sweep, which judges them as a real sweep would.
func countOrphans(dir string) (*orphanCount, error) {
	rep, err := tempfile.Sweep(dir, tempfile.SweepOptions{DryRun: true})
	if rep == nil {
		return nil, err
	}
	return &orphanCount{Entries: len(rep.Removed), Bytes: rep.Bytes}, nil
}

// chosenBy names what chose dir as the temporary directory: the first of
// $TMPDIR, $TEMP and $TMP that names it (what DefaultDir tried first), or
// "default".
func chosenBy(dir string) string {
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		if v := os.Getenv(env); v != "" {
			if abs, err := filepath.Abs(v); err == nil && abs == dir {
				return env
			}
		}
	}
	return "default"
}

// explainDir says in words why dir is the temporary directory, naming the
// variables that were set but passed over (DefaultDir takes the first
// candidate in which it can really create a file).
func explainDir(dir string) string {
	by := chosenBy(dir)
	var skipped []string
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		if env == by {
			break
		}
		if v := os.Getenv(env); v != "" {
			skipped = append(skipped, fmt.Sprintf("$%s=%s", env, quoteName(v)))
		}
	}
	why := "from $" + by
	if by == "default" {
		why = "the platform's default"
		if len(skipped) == 0 {
			why += ": $TMPDIR, $TEMP and $TMP are unset"
		}
	}
	if len(skipped) > 0 {
		why += "; " + strings.Join(skipped, ", ") + " unusable"
	}
	if first, err := firstTempDir(); err == nil && first != dir {
		why += "; " + quoteName(first) + " exists but takes no new file (full, read-only, or not writable for this user)"
	}
	return why
}

// ageBuckets are the age groups, youngest first.
var ageBuckets = []struct {
	key string
	max time.Duration
}{
	{"under 1h", time.Hour},
	{"1h to 1d", 24 * time.Hour},
	{"1d to 7d", 7 * 24 * time.Hour},
	{"7d to 30d", 30 * 24 * time.Hour},
	{"over 30d", 1<<63 - 1},
}

// group fills the totals and the three groupings of rep from entries.
func group(rep *dfReport, entries []entryUsage, now time.Time) {
	owners, prefixes, ages := map[string]*dfGroup{}, map[string]*dfGroup{}, map[string]*dfGroup{}
	add := func(m map[string]*dfGroup, key string, e entryUsage) {
		g := m[key]
		if g == nil {
			g = &dfGroup{Key: report.JSONName(key)}
			m[key] = g
		}
		g.Entries++
		g.Bytes += e.bytes
	}
	names := map[int]string{}
	for _, e := range entries {
		rep.Entries++
		rep.Bytes += e.bytes
		owner := "?"
		if e.owned {
			if names[e.uid] == "" {
				names[e.uid] = userName(e.uid)
			}
			owner = names[e.uid]
		}
		add(owners, owner, e)
		add(prefixes, namePrefix(e.name), e)
		age := now.Sub(e.newest)
		for _, b := range ageBuckets {
			if age < b.max {
				add(ages, b.key, e)
				break
			}
		}
	}
	rep.ByOwner, rep.ByPrefix, rep.ByAge = sorted(owners), sorted(prefixes), sorted(ages)
}

// sorted lists the groups largest first, by bytes, then entries, then key.
func sorted(m map[string]*dfGroup) []dfGroup {
	out := make([]dfGroup, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b dfGroup) int {
		return cmp.Or(cmp.Compare(b.Bytes, a.Bytes), cmp.Compare(b.Entries, a.Entries), strings.Compare(string(a.Key), string(b.Key)))
	})
	return out
}

// userName is the login name of uid, or the number.
func userName(uid int) string {
	id := strconv.Itoa(uid)
	if u, err := user.LookupId(id); err == nil {
		return u.Username
	}
	return id
}

// namePrefix guesses the part of a temporary name before its random part:
// the name up to the first "random" token, a token being what lies
// between '.' and '-', and a random one at least 6 characters with a digit
// or both cases in it (mktemp's tmp.XXXXXXXXXX, systemd's
// systemd-private-<hex>-..., the library's and Python's tmp<random>). A
// random token that starts with "tmp", the default prefix of Python, of
// this library and of many tools, keeps "tmp"; lower-case letters glued
// to 6 or more digits (Go's CreateTemp) keep the letters. A name with no random token
// is its own prefix. It is a guess from the shape: a word that happens to
// look random cuts a prefix short.
func namePrefix(name string) string {
	start := 0
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '.' && name[i] != '-' {
			continue
		}
		tok := name[start:i]
		if looksRandom(tok) {
			if strings.HasPrefix(tok, "tmp") && looksRandom(tok[3:]) {
				return name[:start] + "tmp"
			}
			// Letters glued to digits only: Go's CreateTemp("", "build").
			if j := strings.IndexAny(tok, "0123456789"); j > 0 && len(tok)-j >= 6 &&
				strings.Trim(tok[j:], "0123456789") == "" && strings.Trim(tok[:j], "abcdefghijklmnopqrstuvwxyz") == "" {
				return name[:start+j]
			}
			return name[:start]
		}
		start = i + 1
	}
	return name
}

// looksRandom reports whether tok could be the random part of a name: 6
// or more letters, digits and underscores, with a digit or both cases.
func looksRandom(tok string) bool {
	if len(tok) < 6 {
		return false
	}
	var digit, lower, upper bool
	for i := range len(tok) {
		switch c := tok[i]; {
		case '0' <= c && c <= '9':
			digit = true
		case 'a' <= c && c <= 'z':
			lower = true
		case 'A' <= c && c <= 'Z':
			upper = true
		case c == '_':
		default:
			return false
		}
	}
	return digit || lower && upper
}

func printDf(w io.Writer, rep *dfReport) {
	fmt.Fprintf(w, "temporary directory: %s (%s)\n", quoteName(string(rep.Dir)), rep.Why)
	fs := rep.FSType
	if fs == "" {
		fs = "filesystem"
	}
	fmt.Fprintf(w, "%s: %s free", fs, humanBytes(rep.FreeBytes))
	if rep.TotalBytes > 0 {
		fmt.Fprintf(w, " of %s (%d%%)", humanBytes(rep.TotalBytes), rep.FreeBytes*100/rep.TotalBytes)
	}
	fmt.Fprintf(w, "\nused: %s in %d entries", humanBytes(rep.Bytes), rep.Entries)
	if rep.Unreadable > 0 {
		fmt.Fprintf(w, " (%d directories could not be read: their contents are not counted)", rep.Unreadable)
	}
	fmt.Fprintln(w)
	for _, part := range []struct {
		title  string
		groups []dfGroup
	}{{"by owner", rep.ByOwner}, {"by prefix", rep.ByPrefix}, {"by age", rep.ByAge}} {
		if len(part.groups) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n", part.title)
		for i, g := range part.groups {
			if i == dfTop {
				fmt.Fprintf(w, "  ... and %d more\n", len(part.groups)-dfTop)
				break
			}
			key := string(g.Key)
			if key == "" {
				key = "(no prefix)"
			}
			fmt.Fprintf(w, "  %10s  %6d  %s\n", humanBytes(g.Bytes), g.Entries, quoteName(key))
		}
	}
	if rep.Orphans != nil {
		fmt.Fprintf(w, "\norphans: %s in %d entries\n", humanBytes(rep.Orphans.Bytes), rep.Orphans.Entries)
	} else {
		fmt.Fprintf(w, "\norphans: %s\n", rep.OrphansNote)
	}
}

// defaultTempDirs are the directories DefaultDir tries after the
// variables (tests take them away, to stand for a system without them).
var defaultTempDirs = []string{"/tmp", "/var/tmp", "/usr/tmp"}

// tempCandidates are the directories DefaultDir tries, in its order, each
// with what names it ("$TMPDIR=" or nothing), for messages.
func tempCandidates() (dirs, shown []string) {
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		if v := os.Getenv(env); v != "" {
			dirs = append(dirs, v)
			shown = append(shown, "$"+env+"="+v)
		}
	}
	return append(dirs, defaultTempDirs...), append(shown, defaultTempDirs...)
}

// errNoTempDir: none of the candidates of DefaultDir is an existing
// directory.
var errNoTempDir = errors.New("no temporary directory exists")

// firstTempDir returns the first candidate of DefaultDir that is an
// existing directory, without trying to create anything in it: the
// directory to sweep even when it is full or read-only, which is when
// DefaultDir passes it over. When there is none, the error matches
// errNoTempDir and its one line names every candidate tried.
func firstTempDir() (string, error) {
	dirs, shown := tempCandidates()
	for _, c := range dirs {
		if abs, err := filepath.Abs(c); err == nil {
			if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
				return abs, nil
			}
		}
	}
	return "", fmt.Errorf("%w (tried %s)", errNoTempDir, strings.Join(shown, ", "))
}
