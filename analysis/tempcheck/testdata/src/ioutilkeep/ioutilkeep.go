package ioutilkeep

import (
	"io/ioutil"
	xos "os"
)

func a(data []byte) (string, error) {
	ioutil.WriteFile("out", data, 0o600)
	f, err := ioutil.TempFile("", "x") // want `TF104`
	if err != nil {
		return "", err
	}
	return f.Name(), xos.ErrClosed
}

func shadowed() {
	xos := 1
	_ = xos
	ioutil.TempDir("", "x") // want `TF104` `TF103`
}
