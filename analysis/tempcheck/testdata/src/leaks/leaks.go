package leaks

import (
	"errors"
	"io/ioutil"
	"os"
	"path/filepath"
	"testing"
)

func neverRemoved(data []byte) error {
	f, err := os.CreateTemp("", "data-*") // want `TF103 the file from os.CreateTemp is not removed on the path to the return at line 18`
	if err != nil {
		return err
	}
	defer f.Close() // closing is not removing
	_, err = f.Write(data)
	return err
}

func leakOnErrorPath(data []byte) error {
	f, err := os.CreateTemp(os.TempDir(), "data-*") // want `TF103 .* at line 27`
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

func dirNeverRemoved() (string, error) {
	dir, err := ioutil.TempDir("", "work") // want `TF103 the directory from ioutil.TempDir is not removed on the path to the return at line 41` `TF104`
	if err != nil {
		return "", err
	}
	_ = filepath.Join(dir, "x")
	for i := 0; i < 3; i++ {
		if i == 2 {
			return "", errors.New("fail")
		}
	}
	panic("unreachable")
}

func discarded() {
	_, err := os.MkdirTemp("", "x") // want `TF103 the result of os.MkdirTemp is discarded`
	_ = err
}

// Near misses: each of these is silent.

func removedByDefer(data []byte) error {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	_, err = f.Write(data)
	return err
}

func removedInDeferredClosure() error {
	name := ""
	defer func() {
		if name != "" {
			os.Remove(name)
		}
	}()
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	name = f.Name()
	return f.Close()
}

func removedByClosureAfter() error {
	dir, err := os.MkdirTemp("", "x")
	if err != nil {
		return err
	}
	defer func() { os.RemoveAll(dir) }()
	return nil
}

func returned() (*os.File, error) {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return nil, err
	}
	return f, nil
}

func returnedName() (string, error) {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	return name, nil
}

type cache struct {
	dirs  []string
	files map[string]*os.File
	dir   string
}

func (c *cache) stored() error {
	dir, err := os.MkdirTemp("", "x")
	if err != nil {
		return err
	}
	c.dir = dir
	return nil
}

func (c *cache) appended() error {
	dir, err := os.MkdirTemp("", "x")
	if err != nil {
		return err
	}
	c.dirs = append(c.dirs, dir)
	return nil
}

func (c *cache) inMap() error {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	c.files["k"] = f
	return nil
}

func sent(ch chan<- string) error {
	dir, err := os.MkdirTemp("", "x")
	if err != nil {
		return err
	}
	ch <- dir
	return nil
}

func handedToHelper() error {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	return cleanupLater(f)
}

func cleanupLater(f *os.File) error { return nil }

func movedIntoPlace(data []byte, dst string) error {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	f.Close()
	return os.Rename(f.Name(), dst)
}

func inCallerDir(dir string) error {
	f, err := os.CreateTemp(dir, "x") // the caller's directory: not checked
	if err != nil {
		return err
	}
	return f.Close()
}

func inTestTempDir(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "x") // removed with t.TempDir()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func testCleanup(t *testing.T) {
	dir, err := os.MkdirTemp("", "x")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
}

func fatalOnError(t *testing.T) {
	f, err := os.CreateTemp("", "x") // want `TF103 .* at line 203`
	if err != nil {
		t.Fatal(err) // does not return: not a path
	}
	f.Close()
}

func methodValue() error {
	remove := os.Remove
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	defer remove(f.Name()) // a call through a variable: handed on, silent
	return nil
}

func namedResult() (dir string, err error) {
	dir, err = os.MkdirTemp("", "x")
	return
}

func inGoroutine() error {
	dir, err := os.MkdirTemp("", "x")
	if err != nil {
		return err
	}
	go func() {
		defer os.RemoveAll(dir)
	}()
	return nil
}

func keptOnRequest(keep bool) error {
	dir, err := os.MkdirTemp("", "work")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(dir) // kept for debugging on request: a decision, not a leak
	}
	return os.WriteFile(filepath.Join(dir, "x"), nil, 0o600)
}

func removedTooLate(data []byte) error {
	f, err := os.CreateTemp("", "x") // want `TF103 .* at line 248`
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	defer os.Remove(f.Name())
	return f.Close()
}
