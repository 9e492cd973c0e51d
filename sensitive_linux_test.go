package tempfile_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/tmpguard/tempfile"
)

// secretBytes returns n bytes that cannot be mistaken for anything else:
// a fixed pseudo-random stream, so that any 16 bytes of it are unique.
func secretBytes(n int) []byte {
	b := make([]byte, n)
	rand.NewChaCha8([32]byte{'s', 'e', 'c', 'r', 'e', 't'}).Read(b)
	return b
}

// windowFinder finds in any data a 16-byte window of a secret. Such a
// window always holds one of the secret's 8-byte words at an offset that
// is a multiple of 8, so the finder indexes those words and extends every
// hit both ways.
type windowFinder struct {
	secret []byte
	words  map[uint64]int // word -> its offset in the secret
}

func newWindowFinder(secret []byte) *windowFinder {
	f := &windowFinder{secret: secret, words: make(map[uint64]int, len(secret)/8)}
	for p := 0; p+8 <= len(secret); p += 8 {
		f.words[binary.LittleEndian.Uint64(secret[p:])] = p
	}
	return f
}

// find returns the offset in data of a 16-byte window of the secret, or -1.
func (f *windowFinder) find(data []byte) int {
	for j := 0; j+8 <= len(data); j++ {
		p, ok := f.words[binary.LittleEndian.Uint64(data[j:])]
		if !ok {
			continue
		}
		lo := 0 // matching bytes before the word
		for j-lo > 0 && p-lo > 0 && data[j-lo-1] == f.secret[p-lo-1] {
			lo++
		}
		hi := 8 // matching bytes from the word on
		for j+hi < len(data) && p+hi < len(f.secret) && data[j+hi] == f.secret[p+hi] {
			hi++
		}
		if lo+hi >= 16 {
			return j - lo
		}
	}
	return -1
}

// backingFiles returns the /proc/self/fd paths of the descriptors this
// process holds open on files in dir (anonymous ones included: their link
// reads "dir/#inode (deleted)" or "dir/name (deleted)").
func backingFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	var fds []string
	for _, e := range ents {
		p := filepath.Join("/proc/self/fd", e.Name())
		if target, err := os.Readlink(p); err == nil && strings.HasPrefix(target, dir+"/") {
			fds = append(fds, p)
		}
	}
	return fds
}

// TestSensitiveNoPlaintextOnDisk writes a 4 MiB secret through a Sensitive
// Spooled with a 256 KiB threshold, in writes that are and are not aligned
// to the chunks, then reads every byte of the spill file (through the
// process's open descriptor) and of every file in the directory: no 16
// bytes of the secret may appear. The plain Spooled, spilled the same way,
// shows that the scan finds the plaintext when it is there.
func TestSensitiveNoPlaintextOnDisk(t *testing.T) {
	secret := secretBytes(4 << 20)
	finder := newWindowFinder(secret)
	for _, tc := range []struct {
		name      string
		sensitive bool
		fallback  bool // without O_TMPFILE: created and unlinked
	}{
		{"sensitive", true, false},
		{"sensitive without O_TMPFILE", true, true},
		{"plain (the scan finds plaintext)", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.fallback {
				tempfile.WithoutTmpfile(t)
			}
			dir := t.TempDir()
			opts := []tempfile.Option{tempfile.InDir(dir)}
			if tc.sensitive {
				opts = append(opts, tempfile.Sensitive())
			}
			s, err := tempfile.NewSpooled(256<<10, opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			half := len(secret) / 2
			for p := 0; p < half; p += 64 << 10 { // aligned
				if _, err := s.Write(secret[p:min(p+64<<10, half)]); err != nil {
					t.Fatal(err)
				}
			}
			for p := half; p < len(secret); p += 100_003 { // not aligned
				if _, err := s.Write(secret[p:min(p+100_003, len(secret))]); err != nil {
					t.Fatal(err)
				}
			}
			if !s.Spilled() {
				t.Fatal("4 MiB through a 256 KiB threshold did not spill")
			}
			fds := backingFiles(t, dir)
			if len(fds) != 1 {
				t.Fatalf("%d open files in %s, want the one spill file", len(fds), dir)
			}
			disk, err := os.ReadFile(fds[0])
			if err != nil {
				t.Fatal(err)
			}
			if len(disk) < len(secret) {
				t.Fatalf("the spill file holds %d bytes, fewer than the %d written", len(disk), len(secret))
			}
			leak := finder.find(disk)
			err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(path)
				if leak < 0 {
					leak = finder.find(b)
				}
				return err
			})
			must(t, err)
			if tc.sensitive && leak >= 0 {
				t.Errorf("16 bytes of the secret are on disk, at offset %d of the spill file", leak)
			}
			if !tc.sensitive && leak < 0 {
				t.Errorf("the scan found none of the plaintext that a plain Spooled spills: it proves nothing")
			}
			got := make([]byte, len(secret)+1)
			if n, err := s.ReadAt(got, 0); n != len(secret) || err != io.EOF || !bytes.Equal(got[:n], secret) {
				t.Errorf("ReadAt = %d, %v; want the %d bytes of the secret", n, err, len(secret))
			}
		})
	}
}

// TestSensitiveCorrupt damages the spill file behind the object's back:
// the reads of the damaged chunks fail with ErrCorrupt and return nothing
// of them; every other chunk still reads.
func TestSensitiveCorrupt(t *testing.T) {
	const chunk = 4096
	const rec = chunk + tempfile.TagSize // a chunk's record on disk
	tempfile.WithChunkSize(t, chunk)
	data := secretBytes(10*chunk + 1000) // 11 chunks, the last partial
	spilled := func(t *testing.T) (*tempfile.Spooled, *os.File) {
		dir := t.TempDir()
		s, err := tempfile.NewSpooled(chunk, tempfile.InDir(dir), tempfile.Sensitive())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if _, err := s.Write(data); err != nil || !s.Spilled() {
			t.Fatalf("Write = %v, spilled %v", err, s.Spilled())
		}
		fds := backingFiles(t, dir)
		if len(fds) != 1 {
			t.Fatalf("%d files open in the directory, want 1", len(fds))
		}
		f, err := os.OpenFile(fds[0], os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return s, f
	}
	record := func(t *testing.T, f *os.File, i int) []byte {
		b := make([]byte, rec)
		if _, err := f.ReadAt(b, int64(i)*rec); err != nil {
			t.Fatal(err)
		}
		return b
	}
	put := func(t *testing.T, f *os.File, i int, b []byte) {
		if _, err := f.WriteAt(b, int64(i)*rec); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, s *tempfile.Spooled, f *os.File)
		bad    []int // the chunks that must fail
	}{
		{"one bit flipped in the ciphertext", func(t *testing.T, s *tempfile.Spooled, f *os.File) {
			b := record(t, f, 3)
			b[100] ^= 0x08
			put(t, f, 3, b)
		}, []int{3}},
		{"one bit flipped in the tag", func(t *testing.T, s *tempfile.Spooled, f *os.File) {
			b := record(t, f, 0)
			b[chunk+5] ^= 0x01
			put(t, f, 0, b)
		}, []int{0}},
		{"two chunks swapped", func(t *testing.T, s *tempfile.Spooled, f *os.File) {
			b1, b2 := record(t, f, 1), record(t, f, 2)
			put(t, f, 1, b2)
			put(t, f, 2, b1)
		}, []int{1, 2}},
		{"a chunk copied over another", func(t *testing.T, s *tempfile.Spooled, f *os.File) {
			put(t, f, 8, record(t, f, 7))
		}, []int{8}},
		{"an old version of a chunk replayed", func(t *testing.T, s *tempfile.Spooled, f *os.File) {
			old := record(t, f, 4)
			if _, err := s.WriteAt(data[4*chunk:5*chunk], 4*chunk); err != nil { // same bytes, new seal
				t.Fatal(err)
			}
			put(t, f, 4, old)
		}, []int{4}},
		{"a chunk from another object", func(t *testing.T, s *tempfile.Spooled, f *os.File) {
			_, other := spilled(t) // same data, same index, another key
			put(t, f, 6, record(t, other, 6))
		}, []int{6}},
		{"the file truncated inside a chunk", func(t *testing.T, s *tempfile.Spooled, f *os.File) {
			must(t, f.Truncate(5*rec+50))
		}, []int{5, 6, 7, 8, 9, 10}},
		{"the last byte cut off", func(t *testing.T, s *tempfile.Spooled, f *os.File) {
			fi, err := f.Stat()
			must(t, err)
			must(t, f.Truncate(fi.Size()-1))
		}, []int{10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, f := spilled(t)
			tc.damage(t, s, f)
			for i := 0; i*chunk < len(data); i++ {
				want := data[i*chunk : min((i+1)*chunk, len(data))]
				got := make([]byte, len(want))
				n, err := s.ReadAt(got, int64(i*chunk))
				if isBad := contains(tc.bad, i); isBad {
					var pe *fs.PathError
					if !errors.Is(err, tempfile.ErrCorrupt) || !errors.As(err, &pe) || n != 0 || !allZero(got) {
						t.Errorf("chunk %d (damaged): ReadAt = %d, %v; want 0 bytes and a *fs.PathError matching ErrCorrupt", i, n, err)
					}
				} else if n != len(want) || err != nil || !bytes.Equal(got, want) {
					t.Errorf("chunk %d (intact): ReadAt = %d, %v; want its %d bytes", i, n, err, len(want))
				}
			}
			// A read across an intact and a damaged chunk returns the
			// intact bytes, then the error.
			first := tc.bad[0]
			if first > 0 {
				got := make([]byte, 2*chunk)
				n, err := s.ReadAt(got, int64(first-1)*chunk+10)
				if n != chunk-10 || !errors.Is(err, tempfile.ErrCorrupt) || !bytes.Equal(got[:n], data[(first-1)*chunk+10:first*chunk]) {
					t.Errorf("ReadAt across chunks %d and %d = %d, %v; want %d bytes then ErrCorrupt", first-1, first, n, err, chunk-10)
				}
			}
			s.Seek(0, io.SeekStart)
			if _, err := s.WriteTo(io.Discard); !errors.Is(err, tempfile.ErrCorrupt) {
				t.Errorf("WriteTo = %v, want ErrCorrupt", err)
			}
		})
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestSensitiveLockLimit lowers RLIMIT_MEMLOCK: with no lockable memory
// NewSpooled fails, and with a little the write that needs more fails,
// both with ErrNoLockedMemory, for memfd_secret and for mlock. Root may
// lock any amount (CAP_IPC_LOCK), so as root the test runs itself again
// as nobody.
func TestSensitiveLockLimit(t *testing.T) {
	if os.Getenv("TEMPFILE_TEST_UNPRIVILEGED") == "" && os.Geteuid() == 0 {
		runAsNobody(t, "TestSensitiveLockLimit")
		return
	}
	if os.Geteuid() == 0 {
		t.Fatal("still root")
	}
	var saved unix.Rlimit
	must(t, unix.Getrlimit(unix.RLIMIT_MEMLOCK, &saved))
	if saved.Max != unix.RLIM_INFINITY && saved.Max < 128<<10 {
		t.Skipf("the hard RLIMIT_MEMLOCK is %d bytes, under the 128 KiB the test needs", saved.Max)
	}
	setLimit := func(n uint64) {
		t.Helper()
		must(t, unix.Setrlimit(unix.RLIMIT_MEMLOCK, &unix.Rlimit{Cur: n, Max: saved.Max}))
	}
	defer unix.Setrlimit(unix.RLIMIT_MEMLOCK, &saved)
	kinds := []string{tempfile.LockedKind()}
	if kinds[0] != "mlock" {
		kinds = append(kinds, "mlock")
	}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			if kind == "mlock" {
				tempfile.WithoutSecretMem(t)
			}
			dir := t.TempDir()
			setLimit(0)
			s, err := tempfile.NewSpooled(1<<20, tempfile.InDir(dir), tempfile.Sensitive())
			var pe *fs.PathError
			if s != nil || !errors.Is(err, tempfile.ErrNoLockedMemory) || !errors.As(err, &pe) {
				t.Fatalf("NewSpooled(Sensitive()) with RLIMIT_MEMLOCK 0 = %v, %v; want a *fs.PathError matching ErrNoLockedMemory", s, err)
			}
			t.Logf("with no lockable memory: %v", err)
			// 128 KiB: the key's page and one 64 KiB chunk fit, a second
			// chunk does not.
			setLimit(128 << 10)
			s, err = tempfile.NewSpooled(1<<20, tempfile.InDir(dir), tempfile.Sensitive())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			first := secretBytes(64 << 10)
			if n, err := s.Write(first); n != len(first) || err != nil {
				t.Fatalf("first Write = %d, %v", n, err)
			}
			n, err := s.Write(first)
			if n != 0 || !errors.Is(err, tempfile.ErrNoLockedMemory) || !errors.As(err, &pe) {
				t.Fatalf("Write that needs a second chunk = %d, %v; want 0 and a *fs.PathError matching ErrNoLockedMemory", n, err)
			}
			t.Logf("with 128 KiB: %v", err)
			got := make([]byte, 128<<10)
			if n, err := s.ReadAt(got, 0); n != len(first) || err != io.EOF || !bytes.Equal(got[:n], first) || s.Size() != int64(len(first)) {
				t.Errorf("after the refused Write: ReadAt = %d, %v, Size %d; want the first %d bytes", n, err, s.Size(), len(first))
			}
			must(t, s.Close())
			setLimit(saved.Cur)
		})
	}
	// Closed objects leave zeroed regions locked in a pool for the next
	// one; a region of another size that does not fit beside them empties
	// the pool and is locked.
	t.Run("pool", func(t *testing.T) {
		dir := t.TempDir()
		setLimit(80 << 10) // 20 pages
		defer setLimit(saved.Cur)
		a, err := tempfile.NewSpooled(1<<20, tempfile.InDir(dir), tempfile.Sensitive())
		if err != nil {
			t.Fatal(err)
		}
		a.Write(make([]byte, 64<<10))
		must(t, a.Close()) // its key page and its 16-page chunk stay in the pool
		tempfile.WithChunkSize(t, 32<<10)
		b, err := tempfile.NewSpooled(1<<20, tempfile.InDir(dir), tempfile.Sensitive())
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if n, err := b.Write(make([]byte, 32<<10)); n != 32<<10 || err != nil {
			t.Errorf("Write of an 8-page chunk beside 16 pooled pages under a 20-page limit = %d, %v; want the pool emptied and the write done", n, err)
		}
	})
}

// TestSensitiveMemoryFlags reads the kernel's view of a chunk's memory in
// /proc/self/smaps: locked, left out of core dumps, wiped in a forked child
// (mlock) or out of the kernel's direct map (memfd_secret), and between two
// inaccessible guard pages; memfd_secret memory cannot even be read
// through /proc/self/mem.
func TestSensitiveMemoryFlags(t *testing.T) {
	kinds := []string{tempfile.LockedKind()}
	if kinds[0] != "mlock" {
		kinds = append(kinds, "mlock")
	}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			if kind == "mlock" {
				tempfile.WithoutSecretMem(t)
			}
			s := newSensitive(t, 1<<20)
			s.Write(secretBytes(100))
			c := tempfile.SpooledChunks(s)[0]
			addr := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(c))))
			maps := readSmaps(t)
			i := 0
			for i < len(maps) && !(maps[i].start <= addr && addr < maps[i].end) {
				i++
			}
			if i == 0 || i >= len(maps)-1 {
				t.Fatalf("no mapping with neighbours holds the chunk at %#x", addr)
			}
			m := maps[i]
			want := []string{"lo", "dd"}
			if kind == "mlock" {
				want = append(want, "wf") // MADV_WIPEONFORK
			} else if !strings.Contains(m.name, "secretmem") {
				t.Errorf("the chunk's mapping is %q, want a secretmem file", m.name)
			}
			for _, f := range want {
				if !strings.Contains(" "+m.flags+" ", " "+f+" ") {
					t.Errorf("the chunk's mapping has VmFlags %q, want %q among them", m.flags, f)
				}
			}
			// memfd_secret pages are out of reach of /proc/PID/mem (and of
			// ptrace); mlock'ed ones are not.
			mem, err := os.Open("/proc/self/mem")
			must(t, err)
			defer mem.Close()
			_, err = mem.ReadAt(make([]byte, 16), int64(addr))
			if secret := kind != "mlock"; secret != (err != nil) {
				t.Errorf("reading the chunk through /proc/self/mem: %v; want it to fail only for memfd_secret", err)
			}
			for _, g := range []smap{maps[i-1], maps[i+1]} {
				if g.perms[:3] != "---" || (g.end != m.start && g.start != m.end) {
					t.Errorf("the chunk's neighbour %x-%x is %s, want an adjacent guard page (---)", g.start, g.end, g.perms)
				}
			}
		})
	}
}

type smap struct {
	start, end uint64
	perms      string
	name       string
	flags      string
}

func readSmaps(t *testing.T) []smap {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var maps []smap
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok {
			maps[len(maps)-1].flags = strings.TrimSpace(rest)
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok || strings.HasSuffix(fields[0], ":") {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || len(fields) < 5 {
			continue
		}
		m := smap{start: start, end: end, perms: fields[1]}
		if len(fields) > 5 {
			m.name = strings.Join(fields[5:], " ")
		}
		maps = append(maps, m)
	}
	must(t, sc.Err())
	return maps
}

// TestSensitiveFullDisk fills a real 4 MiB tmpfs through a Sensitive
// Spooled: with MinFree the guard refuses before the kernel's ENOSPC, the
// records' tags counted; without it the kernel's ENOSPC matches
// ErrNoSpace; a spill that does not fit keeps the data in memory; Close
// leaves the filesystem empty.
func TestSensitiveFullDisk(t *testing.T) {
	const size, minFree = 4 << 20, 1 << 20
	for _, guarded := range []bool{true, false} {
		t.Run(fmt.Sprint("MinFree=", guarded), func(t *testing.T) {
			dir := mountTmpfs(t, size, 0)
			opts := []tempfile.Option{tempfile.InDir(dir), tempfile.Sensitive()}
			if guarded {
				opts = append(opts, tempfile.MinFree(minFree))
			}
			s, err := tempfile.NewSpooled(256<<10, opts...)
			if err != nil {
				t.Fatal(err)
			}
			written, err := fill(t, s)
			switch {
			case guarded && (!errors.Is(err, tempfile.ErrNoSpace) || errors.Is(err, unix.ENOSPC)):
				t.Errorf("after %d bytes: %v; want the MinFree guard's ErrNoSpace, not the kernel's", written, err)
			case guarded && written+written/(64<<10)*tempfile.TagSize > size-minFree:
				t.Errorf("the guard let %d bytes (and their tags) through, more than %d", written, size-minFree)
			case !guarded && (!errors.Is(err, unix.ENOSPC) || !errors.Is(err, tempfile.ErrNoSpace)):
				t.Errorf("after %d bytes: %v; want ENOSPC matching ErrNoSpace", written, err)
			}
			t.Logf("%d bytes, then: %v", written, err)
			got := make([]byte, 64<<10)
			if n, err := s.ReadAt(got, written-int64(len(got))); n != len(got) || err != nil || got[0] != 0xa5 {
				t.Errorf("the last piece written before the refusal: ReadAt = %d, %v", n, err)
			}
			must(t, s.Close())
			mustBeEmptyFS(t, dir)
		})
	}
	t.Run("spill", func(t *testing.T) {
		dir := mountTmpfs(t, 64<<10, 0)
		s, err := tempfile.NewSpooled(256<<10, tempfile.InDir(dir), tempfile.Sensitive())
		if err != nil {
			t.Fatal(err)
		}
		data := secretBytes(256 << 10)
		if _, err := s.Write(data); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Write([]byte("one more")); n != 0 || !errors.Is(err, tempfile.ErrNoSpace) || s.Spilled() {
			t.Fatalf("Write that spills into a full disk = %d, %v, spilled %v; want 0, ErrNoSpace, not spilled", n, err, s.Spilled())
		}
		got := make([]byte, len(data)+1)
		if n, _ := s.ReadAt(got, 0); n != len(data) || !bytes.Equal(got[:n], data) {
			t.Errorf("after the failed spill %d bytes are readable, want the %d written", n, len(data))
		}
		must(t, s.Close())
		mustBeEmptyFS(t, dir)
	})
}
