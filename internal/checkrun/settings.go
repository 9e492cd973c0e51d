package checkrun

import (
	"fmt"
	"path/filepath"
)

// Flags are the settings given on the command line. A nil list or an
// empty string means "not given": the configuration file's value, if any,
// applies.
type Flags struct {
	Paths         []string
	Config        string // --config FILE; empty means look for pyproject.toml
	Select        []string
	Ignore        []string
	TargetVersion string
}

// Resolve merges the command-line flags with the [tool.tmpguard] table of
// the configuration file (--config, or else the nearest pyproject.toml with
// such a table, looking up from the first path). A flag that is given
// replaces the file's value. Every error is a *UsageError.
func Resolve(fl Flags) (Options, *FileConfig, error) {
	var cfg *FileConfig
	var err error
	if fl.Config != "" {
		cfg, err = LoadConfig(fl.Config)
		if err == nil && cfg == nil {
			err = fmt.Errorf("%s: no [tool.tmpguard] table", fl.Config)
		}
	} else {
		start := "."
		if len(fl.Paths) > 0 {
			start = fl.Paths[0]
		}
		cfg, err = FindConfig(start)
	}
	if err != nil {
		return Options{}, nil, &UsageError{Err: err}
	}
	if cfg == nil {
		cfg = &FileConfig{}
	}
	where := func(key string) string {
		if cfg.Path == "" {
			return key
		}
		if cfg.Own {
			return fmt.Sprintf("%s: %s", cfg.Path, key)
		}
		return fmt.Sprintf("%s: [tool.tmpguard] %s", cfg.Path, key)
	}

	opts := Options{Paths: fl.Paths, Exclude: cfg.Exclude, ExcludeBase: cfg.Dir}
	ids := RuleIDs(AllRules(nil))
	sel, ign := cfg.Select, cfg.Ignore
	if err := checkCodes(ids, sel, where("select")); err != nil {
		return Options{}, nil, &UsageError{Err: err}
	}
	if err := checkCodes(ids, ign, where("ignore")); err != nil {
		return Options{}, nil, &UsageError{Err: err}
	}
	if err := checkCodes(ids, fl.Select, "--select"); err != nil {
		return Options{}, nil, &UsageError{Err: err}
	}
	if err := checkCodes(ids, fl.Ignore, "--ignore"); err != nil {
		return Options{}, nil, &UsageError{Err: err}
	}
	if fl.Select != nil {
		sel = fl.Select
	}
	if fl.Ignore != nil {
		ign = fl.Ignore
	}
	if opts.Enabled, err = Select(ids, sel, ign); err != nil {
		return Options{}, nil, &UsageError{Err: err} // not reached: every code was checked above
	}

	tv := cfg.TargetVersion
	what := where("target-version")
	if fl.TargetVersion != "" {
		tv, what = fl.TargetVersion, "--target-version"
	}
	if tv != "" {
		if opts.Python.TargetVersion, err = ParseVersion(tv); err != nil {
			return Options{}, nil, &UsageError{Err: fmt.Errorf("%s: %w", what, err)}
		}
	}
	for _, r := range cfg.TempRoots {
		if !filepath.IsAbs(r) && cfg.Dir != "" {
			r = filepath.Join(cfg.Dir, r)
		}
		opts.Python.TempRoots = append(opts.Python.TempRoots, r)
	}
	return opts, cfg, nil
}
