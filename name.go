package tempfile

import (
	crand "crypto/rand"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"

	"github.com/tmpguard/tempfile/internal/sys"
)

// randLen is the length of the random part of a name: 12 characters of a
// 32-letter alphabet, 60 bits. Lower case only, so that names stay distinct
// on case-insensitive filesystems.
const randLen = 12

const alphabet = "abcdefghijklmnopqrstuvwxyz234567"

// generators hands out ChaCha8 generators, each seeded from the operating
// system's entropy: a cryptographically strong source without a system
// call per name.
var generators = sync.Pool{New: func() any {
	var seed [32]byte
	crand.Read(seed[:]) // never fails (Go 1.24+): it crashes the program instead
	return rand.NewChaCha8(seed)
}}

func randomPart() (b [randLen]byte) {
	g := generators.Get().(*rand.ChaCha8)
	v := g.Uint64()
	generators.Put(g)
	for i := range randLen {
		b[i] = alphabet[v&31]
		v >>= 5
	}
	return b
}

// random fills the random part of a name; tests swap it to force collisions.
var random = randomPart

// create is the one creation loop of the package: every kind of object
// comes from here. It builds dir/prefix + random + token + suffix, where
// token is the owner mark of this process in dir (owner.go; none where
// objects cannot be marked), and calls mk, which must create the object
// exclusively (failing with an error that matches fs.ErrExist when the
// name is taken). After maxTries collisions it gives up with an error that
// wraps fs.ErrExist. mk is a plain function of c, not a closure, so that
// creating costs no allocation beyond the object's own. On success
// c.owner holds the owner mark (ops createtemp and mkdirtemp only),
// counted once for the new object: its owner releases it when the object
// goes (see record.untrack).
func create[T any](c *config, op string, mk func(c *config, p sys.Path) (T, error)) (T, error) {
	var o *ownerDir
	var token [tokenLen]byte
	if op == "createtemp" || op == "mkdirtemp" {
		// The objects of the constructors are marked; the transient
		// names of DefaultDir's probe and of a copying Persist (in the
		// target's directory, which need not be a temporary one) are not.
		o, token = acquireOwner(c.dir)
	}
	var arr [256]byte
	buf := append(arr[:0], c.dir...)
	if len(c.dir) == 0 || !os.IsPathSeparator(c.dir[len(c.dir)-1]) {
		buf = append(buf, filepath.Separator)
	}
	buf = append(buf, c.prefix...)
	at := len(buf)
	var random0 [randLen]byte // room for the random part
	buf = append(buf, random0[:]...)
	if o != nil {
		buf = append(buf, token[:]...)
	}
	buf = append(buf, c.suffix...)
	var zero T
	for range maxTries {
		r := random()
		copy(buf[at:], r[:])
		p := sys.MakePath(buf)
		v, err := mk(c, p)
		if err == nil {
			c.owner = o
			return v, nil
		}
		if !os.IsExist(err) {
			o.release("")
			return zero, &fs.PathError{Op: op, Path: p.String(), Err: explain(c, err, false)}
		}
	}
	o.release("")
	pattern := filepath.Join(c.dir, c.prefix+"*"+c.suffix)
	return zero, &fs.PathError{Op: op, Path: pattern,
		Err: fmt.Errorf("%w: %d random names were all taken", fs.ErrExist, maxTries)}
}

// explain adds to a creation error what is wrong with the directory, when
// that is why it failed, so that the message names the problem. The error
// goes into a *fs.PathError that names the object's path or, where inDir
// is set, the directory itself.
func explain(c *config, err error, inDir bool) error {
	if !os.IsNotExist(err) && !isNotDir(err) {
		return noSpace(err)
	}
	fi, serr := os.Stat(c.dir)
	switch {
	case serr != nil && inDir:
		return fmt.Errorf("the directory does not exist: %w", err)
	case serr != nil:
		return fmt.Errorf("directory %s: %w", c.dir, err)
	case !fi.IsDir() && inDir:
		return err // "not a directory", about the directory it names
	case !fi.IsDir():
		return fmt.Errorf("%s is not a directory: %w", c.dir, err)
	}
	return err
}
