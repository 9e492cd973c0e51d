package paths

import (
	"fmt"
	"io/ioutil"
	"os"
	fp "path/filepath" // an aliased import is the same function
)

const logDir = "/var/tmp/myapp"

func hardcoded(data []byte, name string) {
	os.WriteFile("/tmp/report.csv", data, 0o600)   // want `TF101 os.WriteFile is given the fixed path "/tmp/report.csv"`
	os.Create("/dev/shm/cache")                    // want `TF101 os.Create is given the fixed path "/dev/shm/cache"`
	os.MkdirAll(logDir, 0o700)                     // want `TF101 os.MkdirAll is given the fixed path "/var/tmp/myapp"`
	p := fp.Join(logDir, "out.log")                // followed through a local variable
	os.OpenFile(p, os.O_WRONLY|os.O_CREATE, 0o600) // want `TF101 os.OpenFile is given the fixed path "/var/tmp/myapp"`
	os.Create("/tmp/" + name)                      // want `TF101`
	os.Create(fmt.Sprintf("/tmp/job-%d.lock", 7))  // want `TF101`
	ioutil.WriteFile("/usr/tmp/x", data, 0o600)    // want `TF101`
	os.Symlink("/etc/passwd", "/tmp/link")         // want `TF101 os.Symlink`
	os.CreateTemp("/tmp", "x")                     // want `TF101 os.CreateTemp is given the hardcoded directory "/tmp"` `TF103 the result of os.CreateTemp is discarded`
}

func nearMisses(data []byte, name string) {
	os.ReadFile("/tmp/input.txt")                 // reading is not a finding
	os.Open("/tmp/input.txt")                     // opening to read is not a finding
	os.OpenFile("/tmp/input.txt", os.O_RDONLY, 0) // read-only flags
	os.Create("/tmpfiles/out")                    // not a temporary root
	os.Create("/var/tmpl/out")                    // nor this
	os.WriteFile(name, data, 0o600)               // unknown
	var flags int
	os.OpenFile("/tmp/x", flags, 0o600)         // flags unknown: ambiguous
	f, err := os.CreateTemp("", "report-*.csv") // a fresh name under os.TempDir()
	if err != nil {
		return
	}
	defer os.Remove(f.Name())
	os.WriteFile(f.Name(), data, 0o600) // the name from os.CreateTemp
}

func predictable(data []byte, name string) {
	os.WriteFile(fp.Join(os.TempDir(), "app.pid"), data, 0o600) // want `TF102 os.WriteFile is given a predictable name under os.TempDir\(\)`
	lock := os.TempDir() + "/app.lock"
	os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)                         // want `TF102 os.OpenFile is given a predictable name`
	os.Mkdir(fp.Join(os.Getenv("TMPDIR"), fmt.Sprintf("build-%d", os.Getpid())), 0o700) // want `TF102 os.Mkdir`
	os.Open(fmt.Sprintf("%s/app.sock", os.TempDir()))                                   // want `TF102 os.Open`
	os.Create(fp.Join(os.TempDir(), name))                                              // want `TF102 os.Create creates a name under os.TempDir\(\) without O_EXCL`
	os.MkdirTemp(fp.Join(os.TempDir(), "cache"), "x")                                   // want `TF102 os.MkdirTemp makes its file in a predictable directory` `TF103 the result`
}

func predictableNearMisses(name string) {
	os.MkdirAll(os.TempDir(), 0o700)              // the directory itself already exists
	os.Mkdir(fp.Join(os.TempDir(), name), 0o700)  // exclusive, name unknown
	os.ReadFile(fp.Join(os.TempDir(), "app.pid")) // os.ReadFile is not in the list
	os.Create(fp.Join("/home", "x"))              // not a temporary directory
	dir := os.TempDir()
	dir = "/home/me" // assigned twice: not followed
	os.Create(fp.Join(dir, "x"))
}

func removeRoot() {
	os.RemoveAll(os.TempDir()) // want `TF107 os.RemoveAll\(os.TempDir\(\)\) removes the temporary directory itself`
	tmp := os.Getenv("TMPDIR")
	os.RemoveAll(tmp)                        // want `TF107`
	os.RemoveAll("/tmp/")                    // want `TF107`
	os.RemoveAll(fp.Join(os.TempDir(), "x")) // a child: not the root
}

func shadowed() {
	os := fakeOS{}
	os.Create("/tmp/x") // not package os
}

type fakeOS struct{}

func (fakeOS) Create(string) {}
