package checkrun

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tmpguard/tempfile/internal/report"
)

// skipDirs are directory names never entered by a walk: version control
// data, caches, installed packages.
var skipDirs = map[string]bool{
	".git":          true,
	".hg":           true,
	".svn":          true,
	"__pycache__":   true,
	"site-packages": true,
	"node_modules":  true,
	".tox":          true,
	".nox":          true,
	".mypy_cache":   true,
	".pytest_cache": true,
	".ruff_cache":   true,
}

// A target is one file to check.
type target struct {
	path string // as shown to the user
	abs  string
	// follow is true for a file named on the command line: a symbolic
	// link there is followed, as the user asked for it. A file found by a
	// walk is never read through a link.
	follow bool
	root   string // the directory named on the command line that a walk found it in
}

// UsageError is a mistake in how the command was called: a path that does
// not exist, an unknown rule, a bad configuration. The command exits 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

type walker struct {
	exclude *ignoreList // nil when there is none
	engines []Engine    // a walk keeps the files one of them wants
	seen    map[string]bool
	targets []target
	diags   []report.Diagnostic
	root    string // the directory being walked
}

// collect expands paths into the files to check: the files a walk finds
// that one of engines wants, and every file named in paths. Directories are walked in
// lexical order without following symbolic links; files named on the
// command line are always checked, whatever their name and whatever
// .gitignore or exclude say. A path that does not exist is a UsageError;
// any other problem with a path is a diagnostic. An empty path is a
// UsageError too: it names nothing (filepath.Clean would make it ".").
func collect(paths []string, exclude *ignoreList, engines []Engine) ([]target, []report.Diagnostic, error) {
	if engines == nil {
		engines = Engines()
	}
	w := &walker{exclude: exclude, engines: engines, seen: make(map[string]bool)}
	for _, p := range paths {
		if p == "" {
			return nil, nil, &UsageError{Err: errors.New("empty path: name a file or directory (\".\" for the current one)")}
		}
		p = filepath.Clean(p)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, &UsageError{Err: fmt.Errorf("%s: no such file or directory", p)}
		}
	}
	for _, p := range paths {
		p = filepath.Clean(p)
		abs, err := filepath.Abs(p)
		if err != nil {
			w.diag(p, err)
			continue
		}
		fi, err := os.Stat(p) // follows a symbolic link named on the command line
		switch {
		case err != nil:
			w.diag(p, err)
		case fi.IsDir():
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				abs = real
			}
			w.root = abs
			w.dir(p, abs, w.gitignoreAncestors(abs))
		case fi.Mode().IsRegular():
			w.add(p, abs, true)
		default:
			w.diag(p, notRegular(fi.Mode()))
		}
	}
	return w.targets, w.diags, nil
}

func (w *walker) add(path, abs string, follow bool) {
	if w.seen[abs] {
		return
	}
	w.seen[abs] = true
	t := target{path: path, abs: abs, follow: follow}
	if !follow {
		t.root = w.root
	}
	w.targets = append(w.targets, t)
}

func (w *walker) diag(path string, err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	w.diagMsg(path, err.Error())
}

func (w *walker) diagMsg(path, msg string) {
	w.diags = append(w.diags, report.Diagnostic{Path: path, Message: msg})
}

func (w *walker) dir(path, abs string, stack []*ignoreList) {
	entries, err := os.ReadDir(abs)
	if err != nil {
		w.diag(path, err)
		if len(entries) == 0 {
			return
		}
	}
	l, msg := readGitignore(abs)
	if msg != "" {
		w.diagMsg(filepath.Join(path, ".gitignore"), msg)
	}
	if l != nil {
		stack = append(stack[:len(stack):len(stack)], l)
	}
	for _, e := range entries {
		name := e.Name()
		p, a := filepath.Join(path, name), filepath.Join(abs, name)
		switch t := e.Type(); {
		case t&fs.ModeSymlink != 0:
			// Never followed: a link may lead out of the tree or in a loop.
		case t.IsDir():
			if skipDirs[name] || isVirtualEnv(a, name) || ignoredBy(stack, a, true) || w.excluded(a, true) {
				continue
			}
			w.dir(p, a, stack)
		case t.IsRegular():
			if wants(w.engines, name) == nil || ignoredBy(stack, a, false) || w.excluded(a, false) {
				continue
			}
			w.add(p, a, false)
		}
	}
}

func (w *walker) excluded(abs string, isDir bool) bool {
	if w.exclude == nil {
		return false
	}
	m, ign := w.exclude.match(abs, isDir)
	return m && ign
}

// isVirtualEnv reports whether dir is a Python virtual environment: it has
// a pyvenv.cfg, or it is named .venv or venv and is not a Python package
// (the standard library has a package named venv).
func isVirtualEnv(dir, name string) bool {
	if _, err := os.Lstat(filepath.Join(dir, "pyvenv.cfg")); err == nil {
		return true
	}
	if name == ".venv" || name == "venv" {
		_, err := os.Lstat(filepath.Join(dir, "__init__.py"))
		return err != nil
	}
	return false
}
