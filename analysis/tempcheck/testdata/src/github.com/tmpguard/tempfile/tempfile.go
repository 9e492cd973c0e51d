// Package tempfile is a stub of github.com/tmpguard/tempfile for the
// analyzer's tests: the same names and signatures, no behaviour.
package tempfile

import "os"

type Option interface{ apply() }

func InDir(dir string) Option { return nil }

type File struct{ *os.File }

func New(opts ...Option) (*os.File, error)                { return nil, nil }
func NewFile(opts ...Option) (*File, error)               { return nil, nil }
func WithFile(fn func(*File) error, opts ...Option) error { return nil }
func (f *File) Name() string                              { return "" }
func (f *File) Close() error                              { return nil }
func (f *File) CloseHandle() error                        { return nil }
func (f *File) Keep() (string, error)                     { return "", nil }
func (f *File) Persist(path string) error                 { return nil }
func (f *File) PersistNoClobber(path string) error        { return nil }
func (f *File) Write(b []byte) (int, error)               { return 0, nil }

type Dir struct{ path string }

func NewDir(opts ...Option) (*Dir, error)               { return nil, nil }
func WithDir(fn func(*Dir) error, opts ...Option) error { return nil }
func (d *Dir) Path() string                             { return d.path }
func (d *Dir) Join(elem ...string) string               { return "" }
func (d *Dir) Close() error                             { return nil }
func (d *Dir) Keep() string                             { return "" }

type Spooled struct{}

func NewSpooled(threshold int64, opts ...Option) (*Spooled, error) { return nil, nil }
func (s *Spooled) Write(b []byte) (int, error)                     { return 0, nil }
func (s *Spooled) Close() error                                    { return nil }
