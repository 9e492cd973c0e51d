package checkrun

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/tmpguard/tempfile/internal/pycheck"
)

// FileConfig is the [tool.tmpguard] table of a pyproject.toml, or a
// tmpguard.toml.
type FileConfig struct {
	Path string // the file it was read from
	Own  bool   // a tmpguard.toml: the keys are at its top level
	Dir  string // its directory: exclude patterns are relative to it

	Select        []string // nil when the key is absent
	Ignore        []string
	Exclude       []string
	TempRoots     []string
	TargetVersion string
}

// configKeys are the keys [tool.tmpguard] may hold.
var configKeys = []string{"exclude", "ignore", "select", "target-version", "temp-roots"}

// ConfigError is a configuration file that cannot be used: a TOML syntax
// error, an unknown key, a value of the wrong type.
type ConfigError struct {
	Path string
	Err  error
}

func (e *ConfigError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// maxConfigSize is the largest configuration file read.
const maxConfigSize = 4 << 20

// ConfigFile is the name of tmpguard's own configuration file: the keys of
// [tool.tmpguard] at its top level, for a project with no pyproject.toml
// (a Go module, say).
const ConfigFile = "tmpguard.toml"

// LoadConfig reads the settings in the TOML file at path: the
// [tool.tmpguard] table of a pyproject.toml (or of any file not named
// tmpguard.toml), or the whole of a tmpguard.toml. It returns (nil, nil)
// when a pyproject.toml has no such table. The file is read as
// readRegular reads: a symbolic link is followed (a project may link its
// pyproject.toml), but what it leads to must be a regular file of at most
// 4 MB; a FIFO, a device or a larger file is a *ConfigError.
func LoadConfig(path string) (*FileConfig, error) {
	data, err := readRegular(path, maxConfigSize, true)
	if err != nil {
		if isNotExist(err) {
			return nil, err
		}
		return nil, &ConfigError{Path: path, Err: unwrapPath(err)}
	}
	own := filepath.Base(path) == ConfigFile
	var raw struct {
		Select        []string `toml:"select"`
		Ignore        []string `toml:"ignore"`
		Exclude       []string `toml:"exclude"`
		TempRoots     []string `toml:"temp-roots"`
		TargetVersion string   `toml:"target-version"`
	}
	var md toml.MetaData
	var keyPath []string // where the settings are in the file
	if own {
		// A syntax error and a value of the wrong type alike.
		if md, err = toml.Decode(string(data), &raw); err != nil {
			return nil, &ConfigError{Path: path, Err: err}
		}
	} else {
		var doc struct {
			Tool struct {
				Tmpguard toml.Primitive `toml:"tmpguard"`
			} `toml:"tool"`
		}
		if md, err = toml.Decode(string(data), &doc); err != nil {
			return nil, &ConfigError{Path: path, Err: err}
		}
		keyPath = []string{"tool", "tmpguard"}
		if !md.IsDefined(keyPath...) {
			return nil, nil
		}
		if err := md.PrimitiveDecode(doc.Tool.Tmpguard, &raw); err != nil {
			return nil, &ConfigError{Path: path, Err: fmt.Errorf("[tool.tmpguard]: %w", err)}
		}
	}
	prefix := "[tool.tmpguard]: "
	if own {
		prefix = ""
	}
	var unknown []string
	for _, k := range md.Undecoded() {
		if len(k) > len(keyPath) && slices.Equal(k[:len(keyPath)], keyPath) {
			unknown = append(unknown, strings.Join(k[len(keyPath):], "."))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, &ConfigError{Path: path, Err: fmt.Errorf("%sunknown key %q (known keys: %s)",
			prefix, unknown[0], strings.Join(configKeys, ", "))}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	cfg := &FileConfig{
		Path:          path,
		Dir:           filepath.Dir(abs),
		Own:           own,
		Select:        raw.Select,
		Ignore:        raw.Ignore,
		Exclude:       raw.Exclude,
		TempRoots:     raw.TempRoots,
		TargetVersion: raw.TargetVersion,
	}
	if md.IsDefined(append(keyPath, "select")...) && cfg.Select == nil {
		cfg.Select = []string{}
	}
	if md.IsDefined(append(keyPath, "ignore")...) && cfg.Ignore == nil {
		cfg.Ignore = []string{}
	}
	return cfg, nil
}

// FindConfig returns the nearest configuration: a tmpguard.toml, or a
// pyproject.toml with a [tool.tmpguard] table, looking in start (a file's
// directory when start is a file) and then in each parent; in one
// directory, tmpguard.toml comes first. It returns (nil, nil) when there is
// none. A file on the way that is there but cannot be used is an error (a
// *ConfigError): not valid TOML, a bad table, unreadable, not a regular
// file, too large. Its settings might have mattered, so it is never passed
// over in silence.
func FindConfig(start string) (*FileConfig, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		for _, name := range []string{ConfigFile, "pyproject.toml"} {
			cfg, err := LoadConfig(filepath.Join(dir, name))
			switch {
			case err == nil && cfg != nil:
				return cfg, nil
			case err != nil && !isNotExist(err):
				return nil, err
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, nil
		}
		dir = parent
	}
}

// ParseVersion parses a Python version as "3.12" or "py312".
func ParseVersion(s string) (pycheck.Version, error) {
	bad := fmt.Errorf("invalid Python version %q (want a form like 3.12 or py312)", s)
	t := strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(t, "py"); ok {
		if len(rest) < 2 {
			return pycheck.Version{}, bad
		}
		t = rest[:1] + "." + rest[1:]
	}
	maj, min, ok := strings.Cut(t, ".")
	if !ok {
		return pycheck.Version{}, bad
	}
	a, err1 := strconv.Atoi(maj)
	b, err2 := strconv.Atoi(min)
	if err1 != nil || err2 != nil || a != 3 || b < 0 || b > 99 {
		return pycheck.Version{}, bad
	}
	return pycheck.Version{Major: a, Minor: b}, nil
}
