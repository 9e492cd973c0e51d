// Package gosec is the corpus that scripts/gosec-compare.sh runs gosec's
// G303 and this analyzer on: every line G303 flags must have a finding
// here too. The cases after "G303 does not flag" show what it misses.
package gosec

import (
	"fmt"
	"io/ioutil"
	"os"
	"path"
	"path/filepath"
)

const stateFile = "/tmp/app.state"

func flaggedByG303(data []byte, name string) {
	os.Create("/tmp/a.txt")                                         // want `TF101`
	os.WriteFile("/tmp/b.txt", data, 0o600)                         // want `TF101`
	ioutil.WriteFile("/var/tmp/c.txt", data, 0o600)                 // want `TF101`
	os.Create("/usr/tmp/d.txt")                                     // want `TF101`
	os.Create(stateFile)                                            // want `TF101`
	os.Create("/tmp/" + name)                                       // want `TF101`
	os.Create(path.Join("/tmp", "e.txt"))                           // want `TF101`
	os.WriteFile(filepath.Join("/var/tmp", name), data, 0o600)      // want `TF101`
	os.Create(os.TempDir() + "/f.txt")                              // want `TF102`
	os.Create(os.TempDir() + name)                                  // want `TF102`
	os.Create(filepath.Join(os.TempDir(), "g.txt"))                 // want `TF102`
	os.WriteFile(filepath.Join(os.TempDir(), name), data, 0o600)    // want `TF102`
	ioutil.WriteFile(path.Join(os.TempDir(), "h.txt"), data, 0o600) // want `TF102`
	os.Create(os.TempDir())                                         // want `TF102`
}

func missedByG303(data []byte) {
	p := "/tmp/i.txt"
	os.Create(p)                                                         // want `TF101`
	os.OpenFile("/tmp/j.txt", os.O_CREATE|os.O_WRONLY, 0o600)            // want `TF101`
	os.MkdirAll("/tmp/k", 0o700)                                         // want `TF101`
	os.Create(fmt.Sprintf("%s/l.txt", os.TempDir()))                     // want `TF102`
	os.WriteFile(fmt.Sprintf("/tmp/m-%d.txt", os.Getpid()), data, 0o600) // want `TF101`
	dir := os.Getenv("TMPDIR")
	os.Create(filepath.Join(dir, "n.txt")) // want `TF102`
}

func silentForBoth(data []byte) error {
	os.ReadFile("/tmp/o.txt")
	f, err := os.CreateTemp("", "p-*.txt")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	_, err = f.Write(data)
	return err
}
