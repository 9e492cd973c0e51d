package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// The subcommands other than check parse their options GNU style with
// github.com/spf13/pflag: combined short options (-dq, -dp DIR), long
// options with "=" or a separate argument, options after operands unless a
// command says otherwise, "--" to end them.
//
// pflag differs from GNU getopt_long in four ways that matter to a drop-in
// for coreutils, so [gnuArgs] rewrites the arguments into a form on which
// both agree before pflag sees them: it expands unambiguous abbreviations
// of long options (--tmp for --tmpdir) and refuses ambiguous ones; it takes
// "-p=DIR" as the directory "=DIR", as getopt does, where pflag would drop
// the "="; it refuses an argument to an option that takes none
// (--quiet=1), where pflag would parse it as a boolean; and it words its
// errors as getopt does, so that they name the option as the user wrote it.

// newFlags returns an empty flag set for the subcommand name that reports
// errors to its caller and prints nothing itself.
func newFlags(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.SortFlags = false
	return fs
}

// parseGNU parses args into fs, GNU style. With interspersed false the
// options end at the first operand, so that a command line to run keeps
// its own options.
func parseGNU(fs *pflag.FlagSet, args []string, interspersed bool) error {
	norm, err := gnuArgs(fs, args, interspersed)
	if err != nil {
		return err
	}
	fs.SetInterspersed(interspersed)
	return fs.Parse(norm)
}

// takesArg reports whether f needs an argument, and whether the argument
// is optional (given only as --name=ARG). A short option's argument is
// never optional: -p DIR.
func takesArg(f *pflag.Flag) (takes, optional bool) {
	if f.Value.Type() == "bool" {
		return false, false
	}
	return true, f.NoOptDefVal != ""
}

// gnuArgs rewrites args so that pflag reads them as getopt_long would:
// every long option spelled out in full, every option argument attached
// with "=". It fails, with getopt's wording, on an unknown, ambiguous or
// malformed option.
func gnuArgs(fs *pflag.FlagSet, args []string, interspersed bool) ([]string, error) {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(out, args[i:]...), nil
		case a == "-" || !strings.HasPrefix(a, "-"):
			if !interspersed {
				return append(out, args[i:]...), nil
			}
			out = append(out, a)
		case strings.HasPrefix(a, "--"):
			name, value, hasValue := strings.Cut(a[2:], "=")
			f, err := lookupLong(fs, name)
			if err != nil {
				return nil, err
			}
			takes, optional := takesArg(f)
			switch {
			case !takes && hasValue:
				return nil, fmt.Errorf("option '--%s' doesn't allow an argument", f.Name)
			case !takes || (optional && !hasValue):
				out = append(out, "--"+f.Name)
			case hasValue:
				out = append(out, "--"+f.Name+"="+value)
			case i+1 < len(args):
				i++
				out = append(out, "--"+f.Name+"="+args[i])
			default:
				return nil, fmt.Errorf("option '--%s' requires an argument", f.Name)
			}
		default:
			// A cluster of short options: -dq, -dp DIR, -dpDIR.
			for j := 1; j < len(a); j++ {
				c := a[j]
				f := fs.ShorthandLookup(string(c))
				if f == nil || c == '-' {
					return nil, fmt.Errorf("invalid option -- '%c'", c)
				}
				if takes, _ := takesArg(f); !takes {
					out = append(out, "--"+f.Name)
					continue
				}
				switch {
				case j+1 < len(a):
					out = append(out, "--"+f.Name+"="+a[j+1:])
				case i+1 < len(args):
					i++
					out = append(out, "--"+f.Name+"="+args[i])
				default:
					return nil, fmt.Errorf("option requires an argument -- '%c'", c)
				}
				break
			}
		}
	}
	return out, nil
}

// lookupLong finds the long option that name spells or abbreviates.
func lookupLong(fs *pflag.FlagSet, name string) (*pflag.Flag, error) {
	if f := fs.Lookup(name); f != nil && !shortOnly(f) {
		return f, nil
	}
	var matches []*pflag.Flag
	fs.VisitAll(func(f *pflag.Flag) {
		if name != "" && strings.HasPrefix(f.Name, name) && !shortOnly(f) {
			matches = append(matches, f)
		}
	})
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return nil, fmt.Errorf("unrecognized option '--%s'", name)
	}
	var names []string
	for _, f := range matches {
		names = append(names, "'--"+f.Name+"'")
	}
	slices.Sort(names)
	return nil, fmt.Errorf("option '--%s' is ambiguous; possibilities: %s", name, strings.Join(names, " "))
}

// usageError reports a usage error of the subcommand name: one line naming
// the problem, then the synopsis. It returns status, 2 for every
// subcommand but mktemp, which keeps coreutils' 1.
func usageError(stderr io.Writer, name, synopsis string, status int, format string, a ...any) int {
	fmt.Fprintf(stderr, "tmpguard %s: %s\n%s\nRun 'tmpguard %s --help' for more.\n", name, fmt.Sprintf(format, a...), synopsis, name)
	return status
}

// printHelp writes a subcommand's help: its text, then its options, GNU
// style ("-p, --tmpdir[=DIR]"; pflag's own listing spells booleans as
// "--quiet[=true|false]", which GNU options do not take).
func printHelp(w io.Writer, text string, fs *pflag.FlagSet) {
	fmt.Fprint(w, text)
	type line struct{ left, usage string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "    "
		if f.Shorthand != "" {
			left = "-" + f.Shorthand + ", "
		}
		left += "--" + f.Name
		arg, usage := pflag.UnquoteUsage(f)
		if takes, optional := takesArg(f); takes && optional {
			left += "[=" + arg + "]"
		} else if takes {
			left += " " + arg
		}
		lines = append(lines, line{left, usage})
		width = max(width, len(left))
	})
	fmt.Fprintf(w, "\nOptions:\n")
	for _, l := range lines {
		indent := "\n" + strings.Repeat(" ", width+6)
		fmt.Fprintf(w, "  %-*s  %s\n", width+2, l.left, strings.ReplaceAll(l.usage, "\n", indent))
	}
}

// shortOnly reports whether f is an option with no long name: by
// convention, one whose name is its shorthand (pflag needs a name).
func shortOnly(f *pflag.Flag) bool {
	return f.Name == f.Shorthand
}
