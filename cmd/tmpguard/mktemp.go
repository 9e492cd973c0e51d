package main

import (
	crand "crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/internal/sys"
)

const mktempSynopsis = "usage: tmpguard mktemp [OPTION]... [TEMPLATE]"

const mktempHelp = mktempSynopsis + `

Create a temporary file or directory, safely, and print its name: a
drop-in for GNU coreutils mktemp, with the same options, defaults and exit
statuses, except that -u (--dry-run) is refused.

TEMPLATE must contain at least 3 consecutive 'X's in its last component;
they are replaced by as many random letters and digits (from the system's
cryptographically strong source). Without TEMPLATE, tmp.XXXXXXXXXX in the
temporary directory. The file is created with mode 0600, the directory
with 0700, whatever the umask; creation is exclusive and never follows a
symbolic link. The object is kept: remove it yourself (tmpguard sweep
never takes it for an orphan).

With --tmpdir (or -p, or no TEMPLATE), TEMPLATE is relative to DIR, or,
without DIR, to the temporary directory tmpguard uses everywhere: $TMPDIR
if usable, then $TEMP, $TMP, /tmp, /var/tmp, /usr/tmp.

Option -t (deprecated) takes TEMPLATE as a single file name component,
relative to $TMPDIR if set, else to DIR, else to the temporary directory.

Exit status: 0 when the object was created, 1 otherwise (usage errors
included, as coreutils mktemp does).
`

// raceExplanation is why -u is refused, in one line.
const raceExplanation = "-u/--dry-run is refused: it prints a name without creating it, and anyone can create that name (a symlink to your files, say) before you do; let mktemp create the object and use it"

// mktempTries bounds the retries on a taken name (coreutils tries up to
// 62^3 times; a template of 3 'X's has that many names at most).
const mktempTries = 62 * 62 * 62

// mktempAlphabet is coreutils' (gnulib's gen_tempname): names look the same.
const mktempAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func runMktemp(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("mktemp")
	var (
		dir     = fs.BoolP("directory", "d", false, "create a directory, not a file")
		dryRun  = fs.BoolP("dry-run", "u", false, "refused: see above")
		quiet   = fs.BoolP("quiet", "q", false, "suppress diagnostics about file/dir-creation failure")
		suffix  = fs.String("suffix", "", "append `SUFF` to TEMPLATE; SUFF must not contain a slash;\nimplied if TEMPLATE does not end in X")
		pDir    = fs.StringP("tmpdir", "p", "", "interpret TEMPLATE relative to `DIR` (default: the temporary\ndirectory); TEMPLATE must not be absolute")
		tOpt    = fs.BoolP("t", "t", false, "")
		help    = fs.BoolP("help", "h", false, "show this help")
		version = fs.BoolP("version", "V", false, "show the version")
	)
	// --tmpdir takes an optional argument (--tmpdir[=DIR]); -p needs one.
	// pflag gives one flag both names, so the optional form is marked by
	// a value no one can type.
	const noDir = "\x00"
	fs.Lookup("tmpdir").NoOptDefVal = noDir
	// -p is short for --tmpdir but needs its argument: gnuArgs makes every
	// short option's argument required, as getopt's "p:" does.
	// -t has no long name: a flag named like its shorthand is short only.
	fs.Lookup("t").Hidden = true
	usageErr := func(format string, a ...any) int {
		return usageError(stderr, "mktemp", mktempSynopsis, 1, format, a...)
	}
	if err := parseGNU(fs, args, true); err != nil {
		return usageErr("%v", err)
	}
	switch {
	case *help:
		printHelp(stdout, mktempHelp, fs)
		return 0
	case *version:
		printVersion(stdout)
		return 0
	case *dryRun:
		fmt.Fprintf(stderr, "tmpguard mktemp: %s\n", raceExplanation)
		return 1
	}
	useDir := fs.Changed("tmpdir") || *tOpt
	dirArg := *pDir
	if dirArg == noDir {
		dirArg = ""
	}
	template := "tmp.XXXXXXXXXX"
	switch n := fs.NArg(); {
	case n == 1:
		template = fs.Arg(0)
	case n == 0:
		useDir = true
	default:
		return usageErr("too many templates")
	}

	// Split the template as coreutils does: the 'X's, then the suffix.
	var suff string
	if fs.Changed("suffix") {
		if !strings.HasSuffix(template, "X") {
			return fail(stderr, "with --suffix, template '%s' must end in X", template)
		}
		template += *suffix
		suff = *suffix
	} else if i := strings.LastIndexByte(template, 'X'); i >= 0 {
		suff = template[i+1:]
	} else {
		suff = template[len(template):]
	}
	if strings.ContainsRune(suff, '/') {
		return fail(stderr, "invalid suffix '%s', contains directory separator", suff)
	}
	head := template[:len(template)-len(suff)]
	xs := len(head) - len(strings.TrimRight(head, "X"))
	if xs < 3 {
		return fail(stderr, "too few X's in template '%s'", template)
	}

	if useDir {
		var d string
		if *tOpt {
			if strings.ContainsRune(template, '/') {
				return fail(stderr, "invalid template, '%s', contains directory separator", template)
			}
			if os.Getenv("TMPDIR") == "" && dirArg != "" {
				d = dirArg
			}
		} else {
			if filepath.IsAbs(template) {
				return fail(stderr, "invalid template, '%s'; with --tmpdir, it may not be absolute", template)
			}
			d = dirArg
		}
		if d == "" {
			var err error
			if d, err = tempfile.DefaultDir(); err != nil {
				return fail(stderr, "%v", err)
			}
		}
		if !strings.HasSuffix(d, "/") {
			d += "/"
		}
		template = d + template
	}

	name, err := mktemp(template, len(template)-len(suff)-xs, xs, *dir)
	if err != nil {
		if !*quiet {
			what := "file"
			if *dir {
				what = "directory"
			}
			fmt.Fprintf(stderr, "tmpguard mktemp: failed to create %s via template '%s': %s\n", what, template, errText(err))
		}
		return 1
	}
	if _, err := fmt.Fprintln(stdout, name); err != nil {
		// No one learnt the name: remove the object, as coreutils does.
		if *dir {
			os.Remove(name)
		} else {
			sys.Remove(sys.PathOf(name))
		}
		fmt.Fprintf(stderr, "tmpguard mktemp: write error: %s\n", errText(err))
		return 1
	}
	return 0
}

// mktemp creates the object named by template with the xs characters at
// at replaced by random letters and digits, retrying on a taken name.
func mktemp(template string, at, xs int, dir bool) (string, error) {
	name := []byte(template)
	for range mktempTries {
		randomize(name[at : at+xs])
		p := sys.MakePath(name)
		var err error
		if dir {
			// Exclusive by nature: mkdir fails on anything already there,
			// a symlink included, and never follows it.
			err = sys.Mkdir(p, 0o700, true)
		} else {
			// O_CREAT|O_EXCL|O_NOFOLLOW: a planted symlink is an existing
			// name, never followed.
			var f *os.File
			if f, err = sys.CreateExcl(p, 0o600, true); err == nil {
				err = f.Close()
				if err != nil {
					sys.Remove(p)
				}
			}
		}
		if err == nil {
			return p.String(), nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("%d random names were all taken: %w", mktempTries, os.ErrExist)
}

// randomize fills b with letters and digits drawn uniformly from the
// system's cryptographically strong source.
func randomize(b []byte) {
	var buf [64]byte
	for i := 0; i < len(b); {
		crand.Read(buf[:]) // never fails (Go 1.24+)
		for _, c := range buf {
			// 248 = 4*62: reject the rest so that every character is
			// equally likely.
			if c < 248 && i < len(b) {
				b[i] = mktempAlphabet[c%62]
				i++
			}
		}
	}
}

// fail reports a failure of mktemp (not of its creation) and returns 1.
func fail(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "tmpguard mktemp: %s\n", fmt.Sprintf(format, a...))
	return 1
}

// errText is the system's message for err without the operation and path
// that the caller already names: "No such file or directory" style.
func errText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return err.Error()
}
