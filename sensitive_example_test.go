package tempfile_test

import (
	"fmt"
	"io"
	"log"

	"github.com/tmpguard/tempfile"
)

// A Sensitive Spooled keeps a secret in locked memory up to the threshold
// and spills it encrypted beyond: the plaintext never reaches the disk.
func ExampleSensitive() {
	s, err := tempfile.NewSpooled(1<<20, tempfile.Sensitive())
	if err != nil {
		log.Fatal(err) // ErrNoLockedMemory if the process may not lock more
	}
	defer s.Close() // zeroes the memory and forgets the key

	if _, err := io.WriteString(s, "correct horse battery staple"); err != nil {
		log.Fatal(err)
	}
	if err := s.Rollover(); err != nil { // spill now, encrypted
		log.Fatal(err)
	}
	s.Seek(0, io.SeekStart)
	b, err := io.ReadAll(s)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (spilled: %v, file handed out: %v)\n", b, s.Spilled(), s.File() != nil)
	// Output: correct horse battery staple (spilled: true, file handed out: false)
}
