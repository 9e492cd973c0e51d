package lib

import (
	"os"

	tf "github.com/tmpguard/tempfile"
)

func neverClosed(data []byte) error {
	f, err := tf.NewFile() // want `TF108 the object from tempfile.NewFile is not closed, kept or persisted on the path to the return at line 15`
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}

func handleOnly() error {
	f, err := tf.NewFile() // want `TF108`
	if err != nil {
		return err
	}
	return f.CloseHandle() // closes the handle; the file stays
}

func dirLeak() error {
	d, err := tf.NewDir() // want `TF108 the object from tempfile.NewDir`
	if err != nil {
		return err
	}
	return os.WriteFile(d.Join("x"), nil, 0o600)
}

func spooledDiscarded() {
	tf.NewSpooled(1 << 20) // want `TF108 the result of tempfile.NewSpooled is discarded`
}

func spooledLeak(big bool) error {
	s, err := tf.NewSpooled(1 << 20) // want `TF108 .* at line 44`
	if err != nil {
		return err
	}
	if big {
		return nil
	}
	return s.Close()
}

// Near misses.

func closed(data []byte) error {
	f, err := tf.NewFile()
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data)
	return err
}

func persisted(data []byte, dst string) error {
	f, err := tf.NewFile(tf.InDir("/srv"))
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.PersistNoClobber(dst)
}

func kept() (string, error) {
	d, err := tf.NewDir()
	if err != nil {
		return "", err
	}
	return d.Keep(), nil
}

func cleanupValue(register func(func() error)) error {
	f, err := tf.NewFile()
	if err != nil {
		return err
	}
	register(f.Close) // a method value: cleanup registered for later
	return nil
}

func scoped() error {
	return tf.WithFile(func(f *tf.File) error {
		_, err := f.Write([]byte("x"))
		return err
	})
}

func anonymous() error {
	f, err := tf.New() // no name on disk: not TF108's business
	if err != nil {
		return err
	}
	_ = f
	return nil
}
