package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/tmpguard/tempfile/internal/sys"
)

var defaultDir struct {
	sync.Mutex
	dir      string // the answer, once known
	override bool   // dir was set by SetDefaultDir
}

// DefaultDir returns the directory where temporary objects go when no
// [InDir] option is given, as Python's tempfile.gettempdir does: the first
// of $TMPDIR, $TEMP, $TMP and the platform's places (/tmp, /var/tmp,
// /usr/tmp on Unix; the user's temporary folder, %SYSTEMROOT%\Temp,
// C:\TEMP, C:\TMP, \TEMP, \TMP on Windows) in which a file can really be
// created, written and removed. The answer is absolute and cached for the
// life of the process; [SetDefaultDir] replaces it.
//
// Unlike Python, DefaultDir never falls back to the current directory: if
// no candidate works it fails with an error that matches fs.ErrNotExist and
// lists the candidates with the reason each one failed.
func DefaultDir() (string, error) {
	defaultDir.Lock()
	defer defaultDir.Unlock()
	if defaultDir.dir != "" {
		return defaultDir.dir, nil
	}
	var errs []error
	for _, cand := range candidates() {
		dir, err := filepath.Abs(cand)
		if err == nil {
			err = probe(dir)
		}
		if err == nil {
			defaultDir.dir = dir
			return dir, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", cand, err))
	}
	return "", fmt.Errorf("tempfile: no usable temporary directory: %w",
		errors.Join(append([]error{fs.ErrNotExist}, errs...)...))
}

// SetDefaultDir makes dir the answer of [DefaultDir] for the whole process,
// as setting Python's tempfile.tempdir does: tests use it to keep every
// temporary object in a directory of their own. dir must be an existing
// directory; it is made absolute. An empty dir forgets the override and the
// cached answer, so that the next call probes again. SetDefaultDir returns
// the previous override ("" if there was none), for restoring it.
func SetDefaultDir(dir string) (previous string, err error) {
	if dir != "" {
		if dir, err = filepath.Abs(dir); err != nil {
			return "", err
		}
		fi, err := os.Stat(dir)
		if err != nil {
			return "", err
		}
		if !fi.IsDir() {
			return "", &fs.PathError{Op: "setdefaultdir", Path: dir, Err: errors.New("not a directory")}
		}
	}
	defaultDir.Lock()
	defer defaultDir.Unlock()
	if defaultDir.override {
		previous = defaultDir.dir
	}
	defaultDir.dir, defaultDir.override = dir, dir != ""
	return previous, nil
}

func candidates() []string {
	var list []string
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		if v := os.Getenv(env); v != "" {
			list = append(list, v)
		}
	}
	if runtime.GOOS == "windows" {
		if home, err := os.UserHomeDir(); err == nil {
			list = append(list, filepath.Join(home, `AppData\Local\Temp`))
		}
		if root := os.Getenv("SYSTEMROOT"); root != "" {
			list = append(list, filepath.Join(root, "Temp"))
		}
		return append(list, `c:\temp`, `c:\tmp`, `\temp`, `\tmp`)
	}
	return append(list, "/tmp", "/var/tmp", "/usr/tmp")
}

// probe checks that dir takes a new file, with the package's own creation
// loop, and removes it again.
func probe(dir string) error {
	c := config{dir: dir, prefix: ".probe-", perm: defaultFilePerm}
	f, err := create(&c, "probe", createExcl)
	if err != nil {
		return errors.Unwrap(err)
	}
	_, werr := f.Write([]byte{0})
	cerr := f.Close()
	rerr := sys.Remove(sys.PathOf(f.Name()))
	return errors.Join(werr, cerr, rerr)
}
