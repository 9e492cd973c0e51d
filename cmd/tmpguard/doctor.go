package main

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/internal/sys"
)

const doctorSynopsis = "usage: tmpguard doctor [--json]"

const doctorHelp = doctorSynopsis + `

Check what this machine offers for safe temporary files, in the temporary
directory tmpguard and the library use: anonymous files (O_TMPFILE), atomic
no-clobber renames (renameat2 RENAME_NOREPLACE), secret memory
(memfd_secret) and the lockable-memory limit, whether the directory is a
tmpfs, its sticky bit and permissions, and its free space. Each feature is
really tried, not guessed from the kernel version.

One line per check: ok, warn (what is missing and what to do about it)
or fail. With --json, one JSON object: the directory, the checks, and the
raw figures they were judged on.

Exit status: 0 when no check fails, 1 when one does, 2 on usage errors.
`

// Check statuses.
const (
	statusOK   = "ok"
	statusWarn = "warn"
	statusFail = "fail"
)

// A checkResult is one line of doctor's report.
type checkResult struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail"`
	Advice string `json:"advice,omitempty"`
}

// doctorFacts are the figures the checks were judged on, for scripts.
type doctorFacts struct {
	Mode        string `json:"mode,omitempty"` // octal, as stat -c %a
	UID         *int   `json:"uid,omitempty"`
	FSMagic     string `json:"fs_magic,omitempty"` // hex, as stat -f -c %t
	FSType      string `json:"fs_type,omitempty"`
	FreeBytes   int64  `json:"free_bytes"`  // for an unprivileged user, as df's Avail
	TotalBytes  int64  `json:"total_bytes"` // 0 where unknown
	MemlockSoft *int64 `json:"memlock_soft,omitempty"`
	MemlockHard *int64 `json:"memlock_hard,omitempty"` // -1: unlimited
}

type doctorReport struct {
	TempDir string        `json:"tmpdir"`
	OK      bool          `json:"ok"`
	Checks  []checkResult `json:"checks"`
	Facts   doctorFacts   `json:"facts"`
}

func runDoctor(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("doctor")
	asJSON := fs.Bool("json", false, "print one JSON object")
	help := fs.BoolP("help", "h", false, "show this help")
	if err := parseGNU(fs, args, true); err != nil {
		return usageError(stderr, "doctor", doctorSynopsis, 2, "%v", err)
	}
	if *help {
		printHelp(stdout, doctorHelp, fs)
		return 0
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "doctor", doctorSynopsis, 2, "unexpected argument %q", fs.Arg(0))
	}
	rep := diagnose()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "tmpguard doctor: %v\n", err)
			return 1
		}
	} else {
		fmt.Fprintf(stdout, "temporary directory: %s\n", rep.TempDir)
		for _, c := range rep.Checks {
			fmt.Fprintf(stdout, "%-4s  %-13s %s\n", c.Status, c.Name, c.Detail)
			if c.Advice != "" {
				fmt.Fprintf(stdout, "      %-13s -> %s\n", "", c.Advice)
			}
		}
	}
	if !rep.OK {
		return 1
	}
	return 0
}

// diagnose runs every check on the default temporary directory.
func diagnose() *doctorReport {
	rep := &doctorReport{OK: true}
	add := func(c checkResult) {
		rep.Checks = append(rep.Checks, c)
		if c.Status == statusFail {
			rep.OK = false
		}
	}
	dir, err := tempfile.DefaultDir()
	if err != nil {
		add(checkResult{Name: "tmpdir", Status: statusFail, Detail: err.Error(),
			Advice: "set TMPDIR to a directory you can write to"})
		return rep
	}
	rep.TempDir = dir
	add(checkResult{Name: "tmpdir", Status: statusOK, Detail: dir + " (" + explainDir(dir) + ")"})
	add(checkPerms(dir, &rep.Facts))
	for _, c := range platformChecks(dir, &rep.Facts) {
		add(c)
	}
	add(checkFree(dir, &rep.Facts))
	return rep
}

// checkPerms judges the directory's mode and owner: a directory others
// can write to must be sticky, or anyone can delete and replace the files
// of everyone else; it should belong to root or to the user.
func checkPerms(dir string, facts *doctorFacts) checkResult {
	c := checkResult{Name: "permissions"}
	fi, err := os.Stat(dir)
	if err != nil {
		c.Status, c.Detail = statusFail, err.Error()
		return c
	}
	m := fi.Mode()
	facts.Mode = fmt.Sprintf("%o", unixMode(m))
	uid, hasOwner := fileOwner(fi)
	if hasOwner {
		facts.UID = &uid
	}
	othersWrite := m.Perm()&0o022 != 0
	switch {
	case othersWrite && m&fs.ModeSticky == 0:
		c.Status = statusFail
		c.Detail = fmt.Sprintf("mode %s: others can write, and without the sticky bit they can delete or replace your files", facts.Mode)
		c.Advice = "chmod +t " + dir + " (or point TMPDIR at a private directory)"
	case hasOwner && uid != 0 && uid != os.Getuid():
		c.Status = statusWarn
		c.Detail = fmt.Sprintf("mode %s, owned by uid %d: neither root nor you", facts.Mode, uid)
		c.Advice = "use a directory owned by root or by you (set TMPDIR)"
	case othersWrite:
		c.Status, c.Detail = statusOK, fmt.Sprintf("mode %s: shared, with the sticky bit", facts.Mode)
	default:
		c.Status, c.Detail = statusOK, fmt.Sprintf("mode %s: private", facts.Mode)
	}
	return c
}

// unixMode is m's permission, setuid, setgid and sticky bits as the octal
// number stat(1) prints.
func unixMode(m fs.FileMode) uint32 {
	v := uint32(m.Perm())
	if m&fs.ModeSetuid != 0 {
		v |= 0o4000
	}
	if m&fs.ModeSetgid != 0 {
		v |= 0o2000
	}
	if m&fs.ModeSticky != 0 {
		v |= 0o1000
	}
	return v
}

// Free-space thresholds: below freeFail nothing can work; below freeWarn,
// or below freeWarnPct of the filesystem, a large job may run out.
const (
	freeFail    = 1 << 20
	freeWarn    = 256 << 20
	freeWarnPct = 5
)

func checkFree(dir string, facts *doctorFacts) checkResult {
	c := checkResult{Name: "free-space"}
	free, _, err := sys.FreeSpace(dir)
	if err != nil {
		c.Status, c.Detail = statusWarn, "cannot tell: "+err.Error()
		return c
	}
	facts.FreeBytes = free
	c.Detail = humanBytes(free) + " free"
	if facts.TotalBytes > 0 {
		c.Detail += fmt.Sprintf(" of %s (%d%%)", humanBytes(facts.TotalBytes), free*100/facts.TotalBytes)
	}
	switch {
	case free < freeFail:
		c.Status = statusFail
		c.Advice = "free space (tmpguard df shows what uses it; tmpguard sweep removes orphans)"
	case free < freeWarn || facts.TotalBytes > 0 && free*100/facts.TotalBytes < freeWarnPct:
		c.Status = statusWarn
		c.Advice = "free space (tmpguard df shows what uses it; tmpguard sweep removes orphans), or set TMPDIR to a larger filesystem"
	default:
		c.Status = statusOK
	}
	return c
}

// humanBytes writes n in binary units, as df -h does.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
