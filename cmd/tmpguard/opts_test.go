package main

import (
	"slices"
	"testing"
)

// TestGNUArgs checks the rewrite that makes pflag read options as
// getopt_long does, on mktemp's options.
func TestGNUArgs(t *testing.T) {
	tests := []struct {
		args    []string
		want    []string
		wantErr string
	}{
		{[]string{"-dq"}, []string{"--directory", "--quiet"}, ""},
		{[]string{"-dp", "DIR"}, []string{"--directory", "--tmpdir=DIR"}, ""},
		{[]string{"-dpDIR", "x.XXX"}, []string{"--directory", "--tmpdir=DIR", "x.XXX"}, ""},
		{[]string{"-p=DIR"}, []string{"--tmpdir==DIR"}, ""},
		{[]string{"-p", ""}, []string{"--tmpdir="}, ""},
		{[]string{"--tmpdir"}, []string{"--tmpdir"}, ""},
		{[]string{"--tmpdir", "x.XXX"}, []string{"--tmpdir", "x.XXX"}, ""},
		{[]string{"--tmpdir=DIR"}, []string{"--tmpdir=DIR"}, ""},
		{[]string{"--tmp=DIR", "--dir"}, []string{"--tmpdir=DIR", "--directory"}, ""},
		{[]string{"--suffix", "-x"}, []string{"--suffix=-x"}, ""},
		{[]string{"--suf=.c"}, []string{"--suffix=.c"}, ""},
		{[]string{"x", "--", "-d"}, []string{"x", "--", "-d"}, ""},
		{[]string{"-", "-q"}, []string{"-", "--quiet"}, ""},
		{[]string{"--d"}, nil, "option '--d' is ambiguous; possibilities: '--directory' '--dry-run'"},
		{[]string{"--t"}, []string{"--tmpdir"}, ""}, // -t has no long name
		{[]string{"--bogus"}, nil, "unrecognized option '--bogus'"},
		{[]string{"-dx"}, nil, "invalid option -- 'x'"},
		{[]string{"-p"}, nil, "option requires an argument -- 'p'"},
		{[]string{"--suffix"}, nil, "option '--suffix' requires an argument"},
		{[]string{"--quiet=1"}, nil, "option '--quiet' doesn't allow an argument"},
	}
	for _, tc := range tests {
		fs := newFlags("mktemp")
		fs.BoolP("directory", "d", false, "")
		fs.BoolP("dry-run", "u", false, "")
		fs.BoolP("quiet", "q", false, "")
		fs.String("suffix", "", "")
		fs.StringP("tmpdir", "p", "", "")
		fs.Lookup("tmpdir").NoOptDefVal = "\x00"
		fs.BoolP("t", "t", false, "")
		got, err := gnuArgs(fs, tc.args, true)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("gnuArgs(%q) = %q, %v; want error %q", tc.args, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("gnuArgs(%q) = %q, %v; want %q", tc.args, got, err, tc.want)
		}
	}
	// Not interspersed (run): options end at the first operand.
	fs := newFlags("run")
	fs.Bool("file", false, "")
	got, err := gnuArgs(fs, []string{"--file", "sh", "-c", "--file"}, false)
	if want := []string{"--file", "sh", "-c", "--file"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("gnuArgs, not interspersed = %q, %v; want %q", got, err, want)
	}
}
