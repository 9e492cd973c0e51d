package tempfile

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"sync"
	"unsafe"

	"github.com/tmpguard/tempfile/internal/sys"
)

// ErrNoLockedMemory reports that the memory of a [Sensitive] object could
// not be locked: the process reached its limit of locked memory
// (RLIMIT_MEMLOCK on Unix, the minimum working set on Windows). It comes
// from [NewSpooled], or from the write (Truncate, spill) that needed more
// memory, which then changes nothing. Nothing falls back to ordinary
// memory.
var ErrNoLockedMemory = errors.New("no lockable memory left")

// ErrCorrupt reports spilled data of a [Sensitive] object that fail their
// authentication: the backing file was changed, truncated or had chunks
// swapped behind the object's back. Only the reads (and partial writes)
// that touch the damaged chunks fail; nothing wrong is ever returned.
var ErrCorrupt = errors.New("encrypted data corrupt")

// Sensitive makes a [Spooled] whose plaintext never reaches the disk or
// swap: its memory is locked, kept out of core dumps (on Linux), and
// zeroed when Truncate or Close gives it back; its spill holds only AES-256-GCM
// ciphertext, under a random key that lives in locked memory and dies with
// the object. See "Sensitive data" in the package documentation for what
// this protects against and what it does not.
//
// Only [NewSpooled] takes it: [New], [NewFile] and [NewDir] refuse it,
// since their data are plaintext on disk by nature. [Perm] and [ForcePerm]
// may not give the spill file to others.
func Sensitive() Option {
	return optionFunc(func(c *config) { c.sensitive = true })
}

// refuseSensitive is the refusal of Sensitive by the constructors whose
// data are plaintext on disk.
func (c *config) refuseSensitive(kind string) error {
	if c.sensitive {
		return invalid("Sensitive(): %s plaintext on disk by nature; use NewSpooled with Sensitive() to keep data off the disk", kind)
	}
	return nil
}

// checkSensitive refuses the options that make no sense for a Sensitive
// Spooled.
func (c *config) checkSensitive() error {
	if c.sensitive && c.permExact && c.perm&0o077 != 0 {
		return invalid("Sensitive() with Perm(%#o): the spill file of sensitive data stays private to its owner", uint32(c.perm))
	}
	return nil
}

// noLocked makes the failure to lock n bytes match ErrNoLockedMemory when
// the system said that the limit is reached.
func noLocked(n int, err error) error {
	if err == nil || !sys.IsLockLimit(err) {
		return err
	}
	return fmt.Errorf("%w: locking %d more bytes: %w (%s)", ErrNoLockedMemory, n, err, sys.LockLimit())
}

// Locked memory is slow to come by (memfd_secret pages leave the kernel's
// direct map one by one, mlock faults them all in), so regions of the two
// common sizes, the default chunk and the cipher state, are kept for the
// next object: zeroed, still locked, at most lockedPoolMax of each size.
// A region that cannot be locked for lack of lockable memory first empties
// the pool and tries again.
const lockedPoolMax = 16

var lockedPool struct {
	sync.Mutex
	free map[int][]*sys.Locked // by size
}

// lockedReleaseHook, when set (by tests), sees the bytes of every locked
// region that an object gives back, after they were zeroed.
var lockedReleaseHook func(b []byte)

func allocLocked(n int) (*sys.Locked, error) {
	if n == defaultChunk || n == stateSize {
		lockedPool.Lock()
		if l := len(lockedPool.free[n]); l > 0 {
			m := lockedPool.free[n][l-1]
			lockedPool.free[n] = lockedPool.free[n][:l-1]
			lockedPool.Unlock()
			return m, nil
		}
		lockedPool.Unlock()
	}
	m, err := sys.AllocLocked(n)
	if err != nil && sys.IsLockLimit(err) && drainLockedPool() {
		m, err = sys.AllocLocked(n)
	}
	return m, noLocked(n, err)
}

// releaseLocked zeroes m and gives it back: to the pool, or to the system.
func releaseLocked(m *sys.Locked) {
	b := m.Bytes()
	clear(b)
	if lockedReleaseHook != nil {
		lockedReleaseHook(b)
	}
	if n := len(b); n == defaultChunk || n == stateSize {
		lockedPool.Lock()
		if lockedPool.free == nil {
			lockedPool.free = make(map[int][]*sys.Locked)
		}
		if len(lockedPool.free[n]) < lockedPoolMax {
			lockedPool.free[n] = append(lockedPool.free[n], m)
			m = nil
		}
		lockedPool.Unlock()
	}
	if m != nil {
		m.Free()
	}
}

// drainLockedPool frees the pooled regions and reports whether there were
// any.
func drainLockedPool() bool {
	lockedPool.Lock()
	defer lockedPool.Unlock()
	freed := false
	for n, ms := range lockedPool.free {
		for _, m := range ms {
			m.Free()
			freed = true
		}
		delete(lockedPool.free, n)
	}
	return freed
}

const (
	keySize   = 32 // AES-256
	tagSize   = 16 // GCM's tag
	idSize    = 16
	nonceSize = 12
	aadSize   = idSize + 8 + 4 // object id, chunk index, chunk length
	stateSize = keySize + 1024 // the key, then the AES-GCM state
)

// A sealer holds what a Sensitive Spooled adds to a plain one: the locked
// memory of its chunks and the cipher of its spill.
//
// The spill file holds chunk i (the plaintext bytes [i*chunk, (i+1)*chunk))
// as one AES-256-GCM record at offset i*(chunk+16): the ciphertext of the
// chunk's sealed length, then the tag. A chunk never sealed holds zeros and
// has no record. Nothing but records is on disk: the nonces, the lengths
// and the size stay in memory, so that the file cannot lie about them.
//
// Each seal takes the next value of a counter as its nonce, so a nonce is
// never used twice under the object's key, a rewritten chunk included. The
// additional data bind the object's random id, the chunk's index and its
// length. Since the key is the object's alone and the expected nonce of
// each chunk is known, a record moved to another index, taken from another
// object, replayed from an earlier write or cut short fails to open.
type sealer struct {
	chunk int
	mem   []*sys.Locked // the locked memory of the Spooled's chunks, in step with them

	state *sys.Locked // the key, then the AES-GCM state (round keys, GHASH table)
	aead  cipher.AEAD // its state lives in state
	id    [idSize]byte
	ctr   uint64 // the last nonce counter sealed with

	seals   []seal      // per chunk of the spill
	scratch *sys.Locked // one chunk of plaintext, for partial reads and writes
	ct      []byte      // one record: ciphertext, not secret
	nonce   [nonceSize]byte
	aad     [aadSize]byte
}

// A seal is what a chunk's record must open with.
type seal struct {
	ctr uint64 // nonce counter; 0: never sealed, the chunk is zeros
	n   int    // plaintext length
}

// newSealer makes the locked state of a Sensitive Spooled with a fresh
// random key.
func newSealer(chunk int) (*sealer, error) {
	z := &sealer{chunk: chunk}
	var err error
	if z.state, err = allocLocked(stateSize); err != nil {
		return nil, err
	}
	key := z.state.Bytes()[:keySize]
	if _, err = rand.Read(key); err == nil {
		_, err = rand.Read(z.id[:])
	}
	if err == nil {
		z.aead, err = newLockedAEAD(key, z.state.Bytes()[keySize:])
	}
	if err != nil {
		releaseLocked(z.state)
		return nil, err
	}
	return z, nil
}

// newLockedAEAD makes an AES-GCM cipher with key and moves its state into
// dst. crypto/aes and crypto/cipher keep the round keys and the GHASH
// table in heap objects, which could be swapped out or dumped: the state
// object is copied into dst and the interface pointed at the copy, and
// both heap objects (the block's and the AEAD's) are wiped. This relies on
// the state holding no pointers, which is checked: a layout with pointers
// is refused rather than left in the heap.
func newLockedAEAD(key, dst []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	if err := moveInto(&aead, dst); err != nil {
		return nil, err
	}
	// The AEAD keeps its own copy of the block: wipe the original.
	wipe(&block)
	return aead, nil
}

// iface is the layout of an interface value.
type iface struct {
	tab  unsafe.Pointer
	data unsafe.Pointer
}

// movable returns the size of the pointer-free object behind *v, or 0 if
// *v does not hold a pointer to such an object.
func movable[T any](v *T) uintptr {
	t := reflect.TypeOf(*v)
	if t == nil || t.Kind() != reflect.Pointer || hasPointers(t.Elem()) {
		return 0
	}
	return t.Elem().Size()
}

func moveInto[T any](v *T, dst []byte) error {
	size := movable(v)
	if size == 0 || size > uintptr(len(dst)) || uintptr(unsafe.Pointer(&dst[0]))%16 != 0 {
		return fmt.Errorf("%w: the AES-GCM state of %T cannot be placed in locked memory", errors.ErrUnsupported, *v)
	}
	w := (*iface)(unsafe.Pointer(v))
	src := unsafe.Slice((*byte)(w.data), size)
	copy(dst, src)
	clear(src)
	w.data = unsafe.Pointer(&dst[0])
	return nil
}

func wipe[T any](v *T) {
	if size := movable(v); size > 0 {
		clear(unsafe.Slice((*byte)((*iface)(unsafe.Pointer(v)).data), size))
	}
}

func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return false
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	}
	return true
}

// newChunk returns a zeroed chunk of locked memory, which the Spooled
// appends to its chunks.
func (z *sealer) newChunk() ([]byte, error) {
	m, err := allocLocked(z.chunk)
	if err != nil {
		return nil, err
	}
	z.mem = append(z.mem, m)
	return m.Bytes(), nil
}

// release zeroes and frees the chunks from index i on.
func (z *sealer) release(i int) {
	for _, m := range z.mem[i:] {
		releaseLocked(m)
	}
	clear(z.mem[i:])
	z.mem = z.mem[:i]
}

// close zeroes and frees everything: the chunks, the scratch chunk, the
// key and the cipher state.
func (z *sealer) close() {
	z.release(0)
	if z.scratch != nil {
		releaseLocked(z.scratch)
		z.scratch = nil
	}
	z.aead = nil
	releaseLocked(z.state)
	z.seals = nil
}

// spill writes the chunks holding size bytes as records into f.
func (z *sealer) spill(f *os.File, chunks [][]byte, size int64) error {
	if z.scratch == nil {
		m, err := allocLocked(z.chunk)
		if err != nil {
			return err
		}
		z.scratch = m
		z.ct = make([]byte, z.chunk+tagSize)
	}
	z.seals = z.seals[:0]
	for i := 0; int64(i)*int64(z.chunk) < size; i++ {
		n := int(min(int64(z.chunk), size-int64(i)*int64(z.chunk)))
		if err := z.put(f, i, chunks[i][:n]); err != nil {
			z.seals = z.seals[:0]
			return err
		}
	}
	return nil
}

// record returns the offset of chunk i's record.
func (z *sealer) record(i int) int64 { return int64(i) * int64(z.chunk+tagSize) }

func (z *sealer) setNonce(ctr uint64, i, n int) {
	binary.BigEndian.PutUint64(z.nonce[nonceSize-8:], ctr)
	copy(z.aad[:], z.id[:])
	binary.BigEndian.PutUint64(z.aad[idSize:], uint64(i))
	binary.BigEndian.PutUint32(z.aad[idSize+8:], uint32(n))
}

// put seals p as the new content of chunk i, with a fresh nonce, and
// writes its record.
func (z *sealer) put(f *os.File, i int, p []byte) error {
	z.ctr++
	z.setNonce(z.ctr, i, len(p))
	rec := z.aead.Seal(z.ct[:0], z.nonce[:], p, z.aad[:])
	if _, err := f.WriteAt(rec, z.record(i)); err != nil {
		return noSpace(err)
	}
	if i >= len(z.seals) {
		z.seals = append(z.seals, make([]seal, i+1-len(z.seals))...)
	}
	z.seals[i] = seal{ctr: z.ctr, n: len(p)}
	return nil
}

// get opens chunk i into dst (len(dst) >= its sealed length) and returns
// the plaintext length; a chunk never sealed has none.
func (z *sealer) get(f *os.File, i int, dst []byte) (int, error) {
	if i >= len(z.seals) || z.seals[i].ctr == 0 {
		return 0, nil
	}
	s := z.seals[i]
	rec := z.ct[:s.n+tagSize]
	if _, err := f.ReadAt(rec, z.record(i)); err != nil {
		if err == io.EOF {
			return 0, z.corrupt(i, "the record is cut short")
		}
		return 0, err
	}
	z.setNonce(s.ctr, i, s.n)
	if _, err := z.aead.Open(dst[:0], z.nonce[:], rec, z.aad[:]); err != nil {
		return 0, z.corrupt(i, "the record fails authentication")
	}
	return s.n, nil
}

func (z *sealer) corrupt(i int, why string) error {
	from := int64(i) * int64(z.chunk)
	return fmt.Errorf("%w: chunk %d (bytes %d to %d): %s", ErrCorrupt, i, from, from+int64(z.chunk), why)
}

// readAt reads into b from off of the spilled data, which hold size bytes.
// It returns io.EOF when it reads less than len(b), as io.ReaderAt.
func (z *sealer) readAt(f *os.File, b []byte, off, size int64) (int, error) {
	if off >= size {
		if len(b) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	end := min(off+int64(len(b)), size)
	for pos := off; pos < end; {
		i := int(pos / int64(z.chunk))
		start := int64(i) * int64(z.chunk)
		in := int(pos - start) // where the read starts in the chunk
		out := b[pos-off : min(end, start+int64(z.chunk))-off]
		if in == 0 && i < len(z.seals) && z.seals[i].n == len(out) {
			// The whole sealed chunk: open it straight into b.
			if _, err := z.get(f, i, out); err != nil {
				return int(pos - off), err
			}
		} else {
			plain := z.scratch.Bytes()
			n, err := z.get(f, i, plain)
			if err != nil {
				return int(pos - off), err
			}
			clear(plain[n:])
			copy(out, plain[in:])
		}
		pos += int64(len(out))
	}
	if n := int(end - off); n < len(b) {
		return n, io.EOF
	}
	return len(b), nil
}

// writeAt writes b at off into the spilled data, which hold size bytes
// (the caller moves the size). Whole chunks are sealed straight from b;
// the others are opened, changed and sealed again in the scratch chunk.
func (z *sealer) writeAt(f *os.File, b []byte, off int64) (int, error) {
	end := off + int64(len(b))
	for pos := off; pos < end; {
		i := int(pos / int64(z.chunk))
		start := int64(i) * int64(z.chunk)
		in := int(pos - start)
		p := b[pos-off : min(end, start+int64(z.chunk))-off]
		old := 0
		if i < len(z.seals) {
			old = z.seals[i].n
		}
		var err error
		if in == 0 && len(p) >= old {
			err = z.put(f, i, p)
		} else {
			plain := z.scratch.Bytes()
			var n int
			if n, err = z.get(f, i, plain); err == nil {
				clear(plain[n:])
				copy(plain[in:], p)
				err = z.put(f, i, plain[:max(n, in+len(p))])
			}
		}
		if err != nil {
			return int(pos - off), err
		}
		pos += int64(len(p))
	}
	return len(b), nil
}

// truncate cuts the spilled data from size bytes to newSize; growing needs
// nothing, since unsealed bytes are zeros. The chunk cut in the middle is
// sealed again at its new length, so that the cut bytes read as zeros if
// the data grow again; the records past the end are dropped.
func (z *sealer) truncate(f *os.File, size, newSize int64) error {
	if newSize >= size {
		return nil
	}
	last := int((newSize + int64(z.chunk) - 1) / int64(z.chunk)) // chunks kept
	if cut := int(newSize % int64(z.chunk)); cut != 0 && last-1 < len(z.seals) && z.seals[last-1].n > cut {
		plain := z.scratch.Bytes()
		if _, err := z.get(f, last-1, plain); err != nil {
			return err
		}
		if err := z.put(f, last-1, plain[:cut]); err != nil {
			return err
		}
	}
	if last < len(z.seals) {
		z.seals = z.seals[:last]
	}
	fileEnd := int64(0)
	for i := len(z.seals) - 1; i >= 0; i-- {
		if z.seals[i].ctr != 0 {
			fileEnd = z.record(i) + int64(z.seals[i].n+tagSize)
			break
		}
	}
	return f.Truncate(fileEnd)
}
