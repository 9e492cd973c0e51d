package tempfile_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/tmpguard/tempfile"
	"golang.org/x/sys/unix"
)

// writer is what the full-disk tests fill: a Spooled, a File or an
// anonymous *os.File.
type writer interface {
	io.Writer
	io.Closer
}

// fill writes 64 KiB pieces into w until a write fails, and returns that
// error and how much was written.
func fill(t *testing.T, w writer) (int64, error) {
	t.Helper()
	piece := bytes.Repeat([]byte{0xa5}, 64<<10)
	var total int64
	for range 10_000 {
		n, err := w.Write(piece)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
	t.Fatal("a 4 MiB filesystem took 640 MiB")
	return 0, nil
}

// mustBeEmptyFS checks that the filesystem at dir has no entries and no
// blocks in use.
func mustBeEmptyFS(t *testing.T, dir string) {
	t.Helper()
	mustBeEmpty(t, dir)
	var st unix.Statfs_t
	must(t, unix.Statfs(dir, &st))
	if st.Bfree != st.Blocks {
		t.Errorf("%d of %d blocks still in use on %s", st.Blocks-st.Bfree, st.Blocks, dir)
	}
}

// TestFullDisk fills a real 4 MiB tmpfs through each kind of object: with
// MinFree the guard refuses before the kernel's ENOSPC; without it the
// kernel's ENOSPC comes back clearly; in every case Close leaves the
// filesystem empty.
func TestFullDisk(t *testing.T) {
	const size, minFree = 4 << 20, 1 << 20
	kinds := []struct {
		name string
		make func(dir string, opts ...tempfile.Option) (writer, error)
	}{
		{"Spooled", func(dir string, opts ...tempfile.Option) (writer, error) {
			return tempfile.NewSpooled(256<<10, append(opts, tempfile.InDir(dir))...)
		}},
		{"File", func(dir string, opts ...tempfile.Option) (writer, error) {
			return tempfile.NewFile(append(opts, tempfile.InDir(dir))...)
		}},
		{"New", func(dir string, opts ...tempfile.Option) (writer, error) {
			return tempfile.New(append(opts, tempfile.InDir(dir))...)
		}},
	}
	for _, k := range kinds {
		for _, guarded := range []bool{true, false} {
			if guarded && k.name == "New" {
				continue // New refuses MinFree: see TestNewRefusesGuards
			}
			name := k.name + "/kernel"
			if guarded {
				name = k.name + "/MinFree"
			}
			t.Run(name, func(t *testing.T) {
				dir := mountTmpfs(t, size, 0)
				var opts []tempfile.Option
				if guarded {
					opts = append(opts, tempfile.MinFree(minFree))
				}
				w, err := k.make(dir, opts...)
				if err != nil {
					t.Fatal(err)
				}
				written, err := fill(t, w)
				switch {
				case guarded && (!errors.Is(err, tempfile.ErrNoSpace) || errors.Is(err, syscall.ENOSPC)):
					t.Errorf("after %d bytes: %v; want the MinFree guard's ErrNoSpace, not the kernel's", written, err)
				case guarded && written > size-minFree:
					t.Errorf("the guard let %d bytes through, more than %d", written, size-minFree)
				case !guarded && !errors.Is(err, syscall.ENOSPC):
					t.Errorf("after %d bytes: %v; want ENOSPC", written, err)
				case !guarded && k.name != "New" && !errors.Is(err, tempfile.ErrNoSpace):
					t.Errorf("kernel ENOSPC %v does not match ErrNoSpace", err)
				}
				t.Logf("%d bytes, then: %v", written, err)
				must(t, w.Close())
				mustBeEmptyFS(t, dir)
			})
		}
	}
}

// TestSpillIntoFullDisk: a spill that the disk cannot take fails the write
// and keeps all data readable in memory.
func TestSpillIntoFullDisk(t *testing.T) {
	dir := mountTmpfs(t, 64<<10, 0)
	s, err := tempfile.NewSpooled(256<<10, tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("0123456789abcdef"), 16<<10) // 256 KiB: the threshold
	if _, err := s.Write(data); err != nil {
		t.Fatal(err)
	}
	n, err := s.Write([]byte("one more"))
	if n != 0 || !errors.Is(err, syscall.ENOSPC) || !errors.Is(err, tempfile.ErrNoSpace) {
		t.Fatalf("Write that spills into a full disk = %d, %v; want 0, ENOSPC", n, err)
	}
	if s.Spilled() {
		t.Error("Spilled() after a failed spill")
	}
	got := make([]byte, len(data)+1)
	if n, _ := s.ReadAt(got, 0); n != len(data) || !bytes.Equal(got[:n], data) {
		t.Errorf("after the failed spill %d bytes are readable, want the %d written", n, len(data))
	}
	must(t, s.Close())
	mustBeEmptyFS(t, dir)
}

// TestFileGuardEveryWritePath: the guard sees Write, WriteString, WriteAt,
// ReadFrom and Truncate of a File.
func TestFileGuardEveryWritePath(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(f *tempfile.File) error
	}{
		{"Write", func(f *tempfile.File) error { _, err := f.Write(make([]byte, 11)); return err }},
		{"WriteString", func(f *tempfile.File) error { _, err := f.WriteString("01234567890"); return err }},
		{"WriteAt", func(f *tempfile.File) error { _, err := f.WriteAt([]byte("x"), 10); return err }},
		{"ReadFrom", func(f *tempfile.File) error { _, err := f.ReadFrom(bytes.NewReader(make([]byte, 11))); return err }},
		{"ReadFrom-pieces", func(f *tempfile.File) error {
			// A reader without WriteTo: the data come in 32 KiB pieces.
			_, err := f.ReadFrom(struct{ io.Reader }{bytes.NewReader(make([]byte, 100<<10))})
			return err
		}},
		{"io.Copy", func(f *tempfile.File) error { _, err := io.Copy(f, bytes.NewReader(make([]byte, 11))); return err }},
		{"Truncate", func(f *tempfile.File) error { return f.Truncate(11) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := tempfile.NewFile(tempfile.InDir(t.TempDir()), tempfile.MaxSize(10))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := tc.do(f); !errors.Is(err, tempfile.ErrTooLarge) {
				t.Errorf("%s past MaxSize(10) = %v, want ErrTooLarge", tc.name, err)
			}
			// Writing nothing past the limit writes nothing: no refusal,
			// as with a Spooled.
			f.Seek(100, io.SeekStart)
			if _, err := f.Write(nil); err != nil {
				t.Errorf("empty Write past MaxSize(10) = %v, want nil", err)
			}
			if _, err := f.WriteString(""); err != nil {
				t.Errorf("empty WriteString past MaxSize(10) = %v, want nil", err)
			}
			if _, err := f.WriteAt(nil, 100); err != nil {
				t.Errorf("empty WriteAt past MaxSize(10) = %v, want nil", err)
			}
			if fi, err := f.Stat(); err != nil {
				t.Error(err)
			} else if fi.Size() > 10 {
				t.Errorf("the file grew to %d bytes", fi.Size())
			}
		})
	}
}

func TestNewRefusesGuards(t *testing.T) {
	dir := t.TempDir()
	for _, opt := range []tempfile.Option{tempfile.MaxSize(1), tempfile.MinFree(1)} {
		if f, err := tempfile.New(tempfile.InDir(dir), opt); !errors.Is(err, tempfile.ErrInvalidOption) {
			t.Errorf("New with a guard = %v, %v; want ErrInvalidOption", f, err)
		}
		if d, err := tempfile.NewDir(tempfile.InDir(dir), opt); !errors.Is(err, tempfile.ErrInvalidOption) {
			t.Errorf("NewDir with a guard = %v, %v; want ErrInvalidOption", d, err)
		}
	}
	mustBeEmpty(t, dir)
}

func freeOn(t *testing.T, dir string) int64 {
	t.Helper()
	var st unix.Statfs_t
	must(t, unix.Statfs(dir, &st))
	return int64(st.Bavail) * int64(st.Bsize)
}

// TestMinFreeCountsBlocks: one-byte writes a block apart each take a whole
// block; the guard must charge blocks, not bytes.
func TestMinFreeCountsBlocks(t *testing.T) {
	const minFree = 2 << 20
	dir := mountTmpfs(t, 4<<20, 0)
	f, err := tempfile.NewFile(tempfile.InDir(dir), tempfile.MinFree(minFree))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var err2 error
	for i := int64(0); i < 2000 && err2 == nil; i++ {
		_, err2 = f.WriteAt([]byte{1}, i*4096)
	}
	if !errors.Is(err2, tempfile.ErrNoSpace) || errors.Is(err2, syscall.ENOSPC) {
		t.Errorf("sparse one-byte writes ended with %v, want the guard's ErrNoSpace", err2)
	}
	if free := freeOn(t, dir); free < minFree {
		t.Errorf("%d bytes free, below MinFree %d", free, minFree)
	}
}

// TestMinFreeAfterRemount: the kernel gives a new tmpfs the device
// number of one unmounted before, so what the process knew of the old
// filesystem's free space must not be trusted for the new one.
func TestMinFreeAfterRemount(t *testing.T) {
	dir := t.TempDir()
	mount := func(size int) uint64 {
		if os.Geteuid() != 0 {
			t.Skip("mounting a tmpfs needs root")
		}
		if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size)); err != nil {
			t.Skipf("cannot mount a tmpfs here: %v", err)
		}
		var st unix.Stat_t
		must(t, unix.Stat(dir, &st))
		return st.Dev
	}
	big := mount(8 << 20)
	f, err := tempfile.NewFile(tempfile.InDir(dir), tempfile.MinFree(512<<10))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Write([]byte("the budget now knows of 8 MiB free"))
	must(t, errors.Join(err, f.Close()))
	must(t, unix.Unmount(dir, 0))

	if small := mount(1 << 20); small != big {
		unix.Unmount(dir, 0)
		t.Skipf("the new tmpfs has device %d, the old one had %d: nothing to confuse", small, big)
	}
	defer unix.Unmount(dir, unix.MNT_DETACH)
	g, err := tempfile.NewFile(tempfile.InDir(dir), tempfile.MinFree(512<<10))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if _, err := g.Write(make([]byte, 600<<10)); !errors.Is(err, tempfile.ErrNoSpace) {
		t.Errorf("600 KiB on a 1 MiB filesystem with MinFree 512 KiB: %v, want ErrNoSpace", err)
	}
}

// TestMinFreeSharedByObjects: guarded objects on one filesystem share what
// the process knows of its free space, so together they keep the minimum.
func TestMinFreeSharedByObjects(t *testing.T) {
	const minFree = 2<<20 + 512<<10
	dir := mountTmpfs(t, 4<<20, 0)
	var files []*tempfile.File
	for range 4 {
		f, err := tempfile.NewFile(tempfile.InDir(dir), tempfile.MinFree(minFree))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		files = append(files, f)
	}
	piece := make([]byte, 64<<10)
	refused := 0
	for range 100 {
		for _, f := range files {
			if _, err := f.Write(piece); errors.Is(err, tempfile.ErrNoSpace) {
				refused++
			}
		}
	}
	if free := freeOn(t, dir); free < minFree || refused == 0 {
		t.Errorf("%d bytes free after %d refusals, want at least MinFree %d", free, refused, minFree)
	}
}

// TestGuardFollowsPersist: after a Persist to another filesystem, MinFree
// watches the new one.
func TestGuardFollowsPersist(t *testing.T) {
	other := mountTmpfs(t, 1<<20, 0)
	f, err := tempfile.NewFile(tempfile.InDir(t.TempDir()), tempfile.MinFree(512<<10))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := filepath.Join(other, "out")
	must(t, f.Persist(out))
	_, err = fill(t, f)
	if !errors.Is(err, tempfile.ErrNoSpace) || errors.Is(err, syscall.ENOSPC) {
		t.Errorf("writing after Persist to a 1 MiB filesystem: %v; want the guard's ErrNoSpace", err)
	}
	if err != nil && !strings.Contains(err.Error(), out+":") {
		t.Errorf("the refusal %q does not name the file where it is now, %s", err, out)
	}
}

// TestPersistCopyKeepsMinFree: the copy of a Persist across filesystems
// is a write on the target's filesystem, and MinFree holds there too.
func TestPersistCopyKeepsMinFree(t *testing.T) {
	other := mountTmpfs(t, 1<<20, 0)
	src := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(src), tempfile.MinFree(512<<10))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data := bytes.Repeat([]byte("m"), 600<<10)
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	err = f.Persist(filepath.Join(other, "out"))
	if !errors.Is(err, tempfile.ErrNoSpace) {
		t.Fatalf("Persist of 600 KiB into 1 MiB with MinFree 512 KiB = %v, want ErrNoSpace", err)
	}
	mustBeEmpty(t, other)
	if got := entries(t, src); len(got) != 1 || filepath.Join(src, got[0]) != f.Name() {
		t.Errorf("source directory holds %q, want the file still there", got)
	}
	if got := readFile(t, f.Name()); got != string(data) {
		t.Errorf("the file changed: %d bytes", len(got))
	}
	must(t, f.Close())
	mustBeEmpty(t, src)
}

// TestMaxSizeConcurrentWrites: writers racing on one File cannot pass the
// limit together.
func TestMaxSizeConcurrentWrites(t *testing.T) {
	for range 50 {
		f, err := tempfile.NewFile(tempfile.InDir(t.TempDir()), tempfile.MaxSize(1000))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 20 {
					f.Write(make([]byte, 100))
				}
			}()
		}
		wg.Wait()
		fi, err := f.Stat()
		must(t, err)
		f.Close()
		if fi.Size() > 1000 {
			t.Fatalf("concurrent writes grew the file to %d bytes with MaxSize(1000)", fi.Size())
		}
	}
}
