package chmod

import (
	"os"
	"path/filepath"
)

func tempFileShared() error {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o644); err != nil { // want `TF105 the temporary file from os.CreateTemp is given mode 0644`
		return err
	}
	name := f.Name()
	return os.Chmod(name, 0o666) // want `TF105 the temporary file from os.CreateTemp is given mode 0666`
}

func tempDirShared() error {
	dir, err := os.MkdirTemp("", "x")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	return os.Chmod(dir, 0o755) // want `TF105 the temporary directory from os.MkdirTemp is given mode 0755`
}

func fixedPath() {
	os.Chmod("/tmp/app.sock", 0o777)                         // want `TF105 os.Chmod gives the temporary path "/tmp/app.sock" mode 0777`
	os.Chmod(filepath.Join(os.TempDir(), "app.sock"), 0o660) // want `TF105`
}

// Near misses.

func private() error {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	return f.Chmod(0o600) // a mode of 0o600 on a temporary file
}

func atomicWrite(dst string, data []byte) error {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	f.Chmod(0o644) // the final file's mode: it is renamed into place below
	f.Write(data)
	f.Close()
	return os.Rename(f.Name(), dst)
}

func inDestination(dst string) error {
	f, err := os.CreateTemp(filepath.Dir(dst), "x")
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Chmod(0o644) // not the shared temporary directory
}

func notTemp() {
	os.Chmod("/srv/www/index.html", 0o644)
	os.Chmod("/tmp", 0o1777) // the root itself: the administrator's setup
}
