package tempfile

import (
	"io/fs"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
)

// An Option configures a temporary file or directory. Options are checked
// when the object is created: a bad one makes the constructor fail with an
// error matching [ErrInvalidOption], and nothing is created.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

const (
	defaultFilePerm fs.FileMode = 0o600
	defaultDirPerm  fs.FileMode = 0o700
)

type config struct {
	dir       string      // "" means DefaultDir
	dirGiven  bool        // dir came from InDir, not from DefaultDir
	prefix    string      // before the random part
	suffix    string      // after it
	perm      fs.FileMode // 0 means the default for the kind of object
	permExact bool        // perm given explicitly: apply it despite the umask
	maxSize   int64       // MaxSize, 0 for none
	minFree   int64       // MinFree, 0 for none
	log       *slog.Logger
	sensitive bool    // Sensitive: locked memory, sealed spill (NewSpooled only)
	errs      []error // invalid options, reported by the constructor

	allowShared bool // AllowSharedDir: accept a directory others can rename in
	shared      bool // the directory is shared: check names before using them

	// owner is the owner mark of the object being created (owner.go).
	owner *ownerDir
}

// newConfig applies opts over the defaults and checks the result for the
// kind of object about to be created. On success the directory is resolved.
// The config is made once on the heap (the options reach it through an
// interface) and passed on by pointer.
func newConfig(opts []Option, dir bool) (*config, error) {
	c := &config{prefix: "tmp"}
	for _, o := range opts {
		o.apply(c)
	}
	if c.perm == 0 {
		c.perm = defaultFilePerm
		if dir {
			c.perm = defaultDirPerm
		}
	} else if dir && c.perm&0o700 != 0o700 {
		c.errs = append(c.errs, invalid("Perm(%#o): a directory needs owner read, write and search (0700)", uint32(c.perm)))
	} else if dir && c.perm&0o022 != 0 {
		// Others could rename its entries during the removal, and plant
		// files of their own: it cannot be cleaned up safely.
		c.errs = append(c.errs, invalid("ForcePerm(%#o): a directory that other users can write into cannot be removed safely; give them a file, or a subdirectory made by hand", uint32(c.perm)))
	}
	c.dirGiven = c.dir != ""
	if len(c.errs) > 0 {
		if c.dir == "" {
			c.dir, _ = DefaultDir() // only to name it in the error
		}
		return c, c.errs[0]
	}
	if c.dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return c, err
		}
		c.dir = d
	}
	return c, judgeDir(c)
}

// InDir creates the object in dir instead of [DefaultDir]. The directory
// must exist; a relative dir is made absolute now; an empty dir means the
// default.
func InDir(dir string) Option {
	var err error
	if strings.ContainsRune(dir, 0) {
		err = invalid("InDir(%q): contains a NUL byte", dir)
	} else if dir != "" {
		// Absolute, so that a later chdir cannot make cleanup miss.
		if abs, aerr := filepath.Abs(dir); aerr != nil {
			err = invalid("InDir(%q): %v", dir, aerr)
		} else {
			dir = abs
		}
	}
	return optionFunc(func(c *config) {
		c.dir = dir
		c.addErr(err)
	})
}

// Prefix sets the start of the name, before the random part (default "tmp").
// A descriptive prefix tells whose leftovers a directory holds. It must not
// contain a path separator, a NUL byte, or on Windows a colon.
func Prefix(p string) Option {
	err := checkAffix("Prefix", p)
	return optionFunc(func(c *config) {
		c.prefix = p
		c.addErr(err)
	})
}

// Suffix sets the end of the name, after the random part, such as ".json".
// It must not contain a path separator, a NUL byte, or on Windows a colon.
func Suffix(s string) Option {
	err := checkAffix("Suffix", s)
	return optionFunc(func(c *config) {
		c.suffix = s
		c.addErr(err)
	})
}

// Perm sets the exact permission bits of the object, whatever the umask.
// The default is 0600 for files and 0700 for directories. Perm refuses
// group or other write permission (a temporary object that others can
// change is a classic attack) and any bit beyond the permission bits; a
// directory must keep owner rwx. See [ForcePerm] to allow shared writing.
func Perm(mode fs.FileMode) Option {
	var err error
	switch {
	case mode&^fs.ModePerm != 0:
		err = invalid("Perm(%v): only permission bits (0777) may be set", mode)
	case mode&0o022 != 0:
		err = invalid("Perm(%#o): group or other write permission; use ForcePerm if it is really meant", uint32(mode))
	}
	return permOption(mode, err)
}

// ForcePerm is [Perm] without the refusal of group or other write
// permission, for the rare object that other users must change. Prefer a
// private object handed over by a rename, or a pipe.
func ForcePerm(mode fs.FileMode) Option {
	var err error
	if mode&^fs.ModePerm != 0 {
		err = invalid("ForcePerm(%v): only permission bits (0777) may be set", mode)
	}
	return permOption(mode, err)
}

func permOption(mode fs.FileMode, err error) Option {
	return optionFunc(func(c *config) {
		c.perm, c.permExact = mode, true
		if mode == 0 && err == nil {
			err = invalid("Perm(0): the owner needs access to the object")
		}
		c.addErr(err)
	})
}

func (c *config) addErr(err error) {
	if err != nil {
		c.errs = append(c.errs, err)
	}
}

func checkAffix(opt, s string) error {
	if strings.ContainsRune(s, filepath.Separator) || strings.ContainsRune(s, '/') {
		return invalid("%s(%q): contains a path separator", opt, s)
	}
	if strings.ContainsRune(s, 0) {
		return invalid("%s(%q): contains a NUL byte", opt, s)
	}
	if runtime.GOOS == "windows" && strings.ContainsRune(s, ':') {
		// "name:x" is the stream x of the file name: removing the stream
		// would leave the file.
		return invalid("%s(%q): contains a colon, which names an alternate data stream on Windows", opt, s)
	}
	return nil
}

// Logger sends the object's life to l as structured events: creation and
// removal (Debug), spill and persist (Info), guard refusals and leaks
// (Warn) and cleanup errors (Error). Without it the package is silent,
// but for leaks, which go to [OnLeak].
func Logger(l *slog.Logger) Option {
	return optionFunc(func(c *config) { c.log = l })
}
