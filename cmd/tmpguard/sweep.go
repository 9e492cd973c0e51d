package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/internal/report"
)

const sweepSynopsis = "usage: tmpguard sweep [--older-than DUR] [--dry-run] [--json] [DIR...]"

const sweepHelp = sweepSynopsis + `

Remove what processes using the tempfile library (tmpguard run and mktemp
included) left behind when they died without cleaning up: the files and
trees whose owner mark names a process that is gone, and nothing else.
With no DIR, sweep the default temporary directory: the first of $TMPDIR,
$TEMP, $TMP, /tmp, /var/tmp and /usr/tmp that exists (even if it is
full); when none exists, sweep says so in one line (--json: an empty
list, []) and exits 0: there is nothing to sweep.

An entry is removed only when its owner is known to be dead (its lock file
is in DIR, its lock is free, it was made since the last boot) or, with
--older-than, when its owner cannot be established and it is older than
DUR; only regular files and directories of the sweeping user (root: of the
user its lock file names), on DIR's filesystem, checked again just before
the removal, never through a symlink, never one someone holds a flock on,
never one its owner kept. Names of other programs (coreutils mktemp,
Python's tempfile) and tmpguard mktemp's are never taken.

One sweep of a user runs in a directory at a time: a second one fails
(exit 1). The lock is a file in a directory of the user's own
($XDG_RUNTIME_DIR/tmpguard, else tmpguard in the user's cache directory),
so no other user can hold it; a dry run takes none. Sweeps of different
users may run at once, safely: each owner's objects are judged by one of
them, which the others count as live (see docs/COMMAND.md).

A progress bar shows on a terminal for directories of many entries; when
piped, only the summary is printed: entries removed, bytes freed, entries
kept and why, owners alive.

With --json, a list of one report per directory. Names are written as in
tmpguard check's JSON: a name that is not valid UTF-8 has each invalid
byte 0xXY as the escape \udcXY (Python's surrogateescape), so that names
stay distinct and os.fsencode(json.loads(...)) gives back their bytes.

Exit status: 0 when every removal succeeded, 1 when one failed or a
directory could not be swept, 2 on usage errors.
`

// progressFrom is how many entries a directory needs for a progress bar.
const progressFrom = 5000

func runSweep(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("sweep")
	olderThan := fs.Duration("older-than", 0, "also remove entries whose owner cannot be established once older than `DUR` (e.g. 72h)")
	dryRun := fs.BoolP("dry-run", "n", false, "remove nothing; list what a real run would remove")
	asJSON := fs.Bool("json", false, "print one JSON report")
	help := fs.BoolP("help", "h", false, "show this help")
	if err := parseGNU(fs, args, true); err != nil {
		return usageError(stderr, "sweep", sweepSynopsis, 2, "%v", err)
	}
	if *help {
		printHelp(stdout, sweepHelp, fs)
		return 0
	}
	if *olderThan < 0 {
		return usageError(stderr, "sweep", sweepSynopsis, 2, "--older-than %v: must not be negative", *olderThan)
	}
	dirs := fs.Args()
	if len(dirs) == 0 {
		// Not DefaultDir: it passes over a full directory, the one that
		// most needs sweeping.
		d, err := firstTempDir()
		if errors.Is(err, errNoTempDir) {
			// Nothing to sweep: not a failure. JSON: no directory's report.
			if *asJSON {
				fmt.Fprintln(stdout, "[]")
			} else {
				fmt.Fprintf(stdout, "%v: nothing to sweep\n", err)
			}
			return 0
		}
		if err != nil {
			fmt.Fprintf(stderr, "tmpguard sweep: %v\n", err)
			return 1
		}
		dirs = []string{d}
	}
	for _, d := range dirs {
		if d == "" {
			return usageError(stderr, "sweep", sweepSynopsis, 2, "an empty directory name")
		}
	}
	status := 0
	var reports []sweepJSON
	for _, dir := range dirs {
		opt := tempfile.SweepOptions{DryRun: *dryRun, OlderThan: *olderThan}
		bar := newSweepBar(stderr, dir)
		if bar != nil {
			opt.Progress = bar.update
		}
		unlock, err := func() {}, error(nil)
		if !*dryRun {
			// A dry run removes nothing and takes no lock: df counts
			// orphans with one, whatever sweep runs.
			unlock, err = lockSweep(dir)
		}
		var rep *tempfile.SweepReport
		if err == nil {
			rep, err = tempfile.Sweep(dir, opt)
			unlock()
		} else {
			err = fmt.Errorf("%s: %w", quoteName(dir), err)
		}
		if bar != nil {
			bar.finish()
		}
		if err != nil {
			status = 1
			if rep == nil {
				fmt.Fprintf(stderr, "tmpguard sweep: %v\n", err)
				reports = append(reports, sweepJSON{Dir: report.JSONName(dir), DryRun: *dryRun, Error: report.JSONName(err.Error()),
					Removed: []report.JSONName{}, Kept: []sweepKept{}, Errors: []report.JSONName{}})
				continue
			}
		}
		if *asJSON {
			reports = append(reports, toJSON(rep, *dryRun))
			continue
		}
		printSweep(stdout, stderr, rep, *dryRun)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			fmt.Fprintf(stderr, "tmpguard sweep: %v\n", err)
			return 1
		}
	}
	return status
}

// sweepJSON is the JSON report of one directory. Every string that can
// hold a name is a report.JSONName: invalid UTF-8 stays distinct.
type sweepJSON struct {
	Dir     report.JSONName   `json:"dir"`
	DryRun  bool              `json:"dry_run"`
	Removed []report.JSONName `json:"removed"`
	Bytes   int64             `json:"bytes_freed"`
	Kept    []sweepKept       `json:"kept"`
	Live    int               `json:"live"`
	Errors  []report.JSONName `json:"errors"`
	Error   report.JSONName   `json:"error,omitempty"` // the directory could not be swept
}

type sweepKept struct {
	Path   report.JSONName `json:"path"`
	Reason report.JSONName `json:"reason"`
}

func toJSON(rep *tempfile.SweepReport, dryRun bool) sweepJSON {
	j := sweepJSON{Dir: report.JSONName(rep.Dir), DryRun: dryRun, Bytes: rep.Bytes, Live: rep.Live,
		Removed: []report.JSONName{}, Kept: []sweepKept{}, Errors: []report.JSONName{}}
	for _, p := range rep.Removed {
		j.Removed = append(j.Removed, report.JSONName(p))
	}
	for _, s := range rep.Skipped {
		j.Kept = append(j.Kept, sweepKept{report.JSONName(s.Path), report.JSONName(s.Reason)})
	}
	for _, e := range rep.Errors {
		j.Errors = append(j.Errors, report.JSONName(e.Error()))
	}
	return j
}

func printSweep(stdout, stderr io.Writer, rep *tempfile.SweepReport, dryRun bool) {
	verb := "removed"
	if dryRun {
		verb = "would remove"
		for _, p := range rep.Removed {
			fmt.Fprintf(stdout, "%s\n", quoteName(p))
		}
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(stderr, "tmpguard sweep: %v\n", e)
	}
	reasons := map[string]int{}
	for _, s := range rep.Skipped {
		reasons[s.Reason]++
	}
	objects, locks := 0, 0
	for _, p := range rep.Removed {
		if b := filepath.Base(p); strings.HasPrefix(b, ".tmpguard-") && strings.HasSuffix(b, ".lock") {
			locks++
		} else {
			objects++
		}
	}
	fmt.Fprintf(stdout, "%s: %s %d entries and %d lock files of dead owners (%s), kept %d", quoteName(rep.Dir), verb, objects, locks, humanBytes(rep.Bytes), len(rep.Skipped))
	if len(reasons) > 0 {
		fmt.Fprintf(stdout, " (")
		first := true
		for _, r := range sortedKeys(reasons) {
			if !first {
				fmt.Fprintf(stdout, "; ")
			}
			first = false
			fmt.Fprintf(stdout, "%d %s", reasons[r], r)
		}
		fmt.Fprintf(stdout, ")")
	}
	fmt.Fprintf(stdout, ", %d of live owners left alone", rep.Live)
	if len(rep.Errors) > 0 {
		fmt.Fprintf(stdout, ", %d failed", len(rep.Errors))
	}
	fmt.Fprintln(stdout)
}

// A sweepBar is the progress display of one directory's sweep: shown only
// on a terminal, and only once a directory proves large.
type sweepBar struct {
	w   io.Writer
	dir string
	bar *progressbar.ProgressBar
}

// newSweepBar returns a progress display on w if w is a terminal, else nil.
func newSweepBar(w io.Writer, dir string) *sweepBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &sweepBar{w: w, dir: dir}
}

func (b *sweepBar) update(done, total int) {
	if total < progressFrom {
		return
	}
	if b.bar == nil {
		b.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription("sweeping "+b.dir),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	b.bar.Set(done)
}

func (b *sweepBar) finish() {
	if b.bar != nil {
		b.bar.Finish()
	}
}

// quoteName shows a path as it is, or Go-quoted when it holds control
// characters or invalid UTF-8, so that a name cannot write to the terminal.
func quoteName(p string) string {
	if !utf8.ValidString(p) || strings.ContainsFunc(p, unicode.IsControl) {
		return strconv.Quote(p)
	}
	return p
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
