package ioutilfix

import (
	"io/ioutil"
)

func a() (string, error) {
	f, err := ioutil.TempFile("", "x") // want `TF104 ioutil.TempFile is deprecated: use os.CreateTemp`
	if err != nil {
		return "", err
	}
	return f.Name(), nil
}

func b() (string, error) {
	return ioutil.TempDir("", "x") // want `TF104 ioutil.TempDir is deprecated: use os.MkdirTemp`
}
