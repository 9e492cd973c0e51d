package tempfile_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/tmpguard/tempfile"
)

// An anonymous file is the first choice: nothing to name, race on or clean
// up (on Linux, not even if the process is killed).
func ExampleNew() {
	f, err := tempfile.New()
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close() // releases the storage

	fmt.Fprint(f, "scratch data")
	f.Seek(0, io.SeekStart)
	b, _ := io.ReadAll(f)
	fmt.Println(string(b))
	// Output: scratch data
}

// A named file is removed by Close, so one defer is the whole cleanup.
func ExampleNewFile() {
	f, err := tempfile.NewFile(tempfile.Prefix("report-"), tempfile.Suffix(".csv"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close() // closes and removes

	fmt.Fprintln(f, "id,total")
	fmt.Println(filepath.Ext(f.Name()))
	// Output: .csv
}

// Another program may open the file by name once the handle is closed; the
// name stays valid until Close.
func ExampleFile_CloseHandle() {
	f, err := tempfile.NewFile()
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close() // removes the file after the program is done with it

	fmt.Fprintln(f, "input for another program")
	if err := f.CloseHandle(); err != nil {
		log.Fatal(err)
	}
	out, err := exec.Command("cat", f.Name()).Output()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(out))
	// Output: input for another program
}

// Persist writes a file atomically: readers of the target see the old
// content or the whole new one, never a part. A failed persist leaves the
// file with the caller, whose deferred Close removes it.
func ExampleFile_Persist() {
	dir, err := tempfile.NewDir()
	if err != nil {
		log.Fatal(err)
	}
	defer dir.Close()
	target := dir.Join("config.json")

	f, err := tempfile.NewFile(tempfile.InDir(dir.Path()))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close() // after Persist, closes the handle only

	fmt.Fprint(f, `{"retries": 3}`)
	if err := f.Persist(target); err != nil {
		log.Fatal(err)
	}
	b, _ := os.ReadFile(target)
	fmt.Println(string(b))
	// Output: {"retries": 3}
}

// PersistNoClobber takes a path only if it is free: of two writers racing
// for one name, exactly one wins, and the other still holds its file.
func ExampleFile_PersistNoClobber() {
	dir, err := tempfile.NewDir()
	if err != nil {
		log.Fatal(err)
	}
	defer dir.Close()
	target := dir.Join("report.csv")

	for _, who := range []string{"first", "second"} {
		f, err := tempfile.NewFile(tempfile.InDir(dir.Path()))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(f, "written by the %s writer\n", who)
		err = f.PersistNoClobber(target)
		switch {
		case errors.Is(err, fs.ErrExist):
			fmt.Println(who + ": taken, the file is still ours to Close")
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Println(who + ": persisted")
		}
		f.Close() // removes the loser's file, only closes the winner's
	}
	b, _ := os.ReadFile(target)
	fmt.Print(string(b))
	// Output:
	// first: persisted
	// second: taken, the file is still ours to Close
	// written by the first writer
}

// A temporary directory and all it holds go with Close.
func ExampleNewDir() {
	d, err := tempfile.NewDir(tempfile.Prefix("build-"))
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close() // removes the whole tree

	os.WriteFile(d.Join("main.o"), []byte{0x7f, 'E', 'L', 'F'}, 0o600)
	fi, _ := os.Stat(d.Path())
	fmt.Println(fi.Mode().Perm())
	// Output: -rwx------
}

// WithFile removes the file when the function returns, fails or panics.
func ExampleWithFile() {
	err := tempfile.WithFile(func(f *tempfile.File) error {
		_, err := fmt.Fprint(f, "short-lived")
		return err
	}, tempfile.Prefix("job-"))
	fmt.Println(err)
	// Output: <nil>
}

// WithDir gives a function a private scratch directory.
func ExampleWithDir() {
	err := tempfile.WithDir(func(d *tempfile.Dir) error {
		return os.WriteFile(d.Join("notes.txt"), []byte("draft"), 0o600)
	})
	fmt.Println(err)
	// Output: <nil>
}

// Keep hands the file to the caller: Close leaves it in place.
func ExampleFile_Keep() {
	f, err := tempfile.NewFile(tempfile.Suffix(".log"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close() // closes the handle only, once kept

	path, err := f.Keep()
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(path) // the caller's job now
	fmt.Println(filepath.Ext(path))
	// Output: .log
}

// A Spooled keeps small data in memory and spills large data to an
// anonymous file; the threshold is required.
func ExampleNewSpooled() {
	s, err := tempfile.NewSpooled(1 << 20) // up to 1 MiB in memory
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close() // releases the memory or the file

	fmt.Fprint(s, "small payload")
	fmt.Println(s.Spilled(), s.Size())

	s.Write(make([]byte, 2<<20)) // past the threshold: spills first
	fmt.Println(s.Spilled(), s.Size())
	// Output:
	// false 13
	// true 2097165
}

// The guards are checked on every write: a write that would leave less
// than the minimum free, or grow the file past its limit, fails before
// anything is written.
func ExampleMaxSize() {
	f, err := tempfile.NewFile(tempfile.MaxSize(8), tempfile.MinFree(64<<20))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	_, err = f.WriteString("more than eight bytes")
	fmt.Println(errors.Is(err, tempfile.ErrTooLarge))
	// Output: true
}

// A directory that other users can rename names in is refused: they could
// swap a temporary file's name between two steps. Accepting it is a
// decision to write down; the objects then check their names before each
// step that must use them.
func ExampleAllowSharedDir() {
	shared, err := os.MkdirTemp("", "shared-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(shared)
	if err := os.Chmod(shared, 0o777); err != nil { // writable by all, no sticky bit
		log.Fatal(err)
	}

	_, err = tempfile.NewFile(tempfile.InDir(shared))
	fmt.Println(errors.Is(err, tempfile.ErrSharedDir))

	f, err := tempfile.NewFile(tempfile.InDir(shared), tempfile.AllowSharedDir())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Close())
	// Output:
	// true
	// <nil>
}
