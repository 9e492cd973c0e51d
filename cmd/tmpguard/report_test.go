package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// jsonget FILE KEY VAR parses FILE ("stdout" for the last standard
// output) as JSON (it fails if it does not parse) and sets VAR to the
// value at KEY, a dotted path whose
// numeric parts index arrays ("checks.0.status"). A string is set as it
// is, anything else as its JSON text.
func cmdJSONGet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: jsonget FILE KEY VAR")
	}
	file := args[0]
	args = args[1:]
	var v any
	if err := json.Unmarshal([]byte(ts.ReadFile(file)), &v); err != nil {
		ts.Fatalf("%s is not JSON: %v", file, err)
	}
	for _, k := range strings.Split(args[0], ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				ts.Fatalf("jsonget %s: no key %q", args[0], k)
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				ts.Fatalf("jsonget %s: bad index %q into %d elements", args[0], k, len(x))
			}
			v = x[i]
		default:
			ts.Fatalf("jsonget %s: %q is not inside an object or array", args[0], k)
		}
	}
	s, ok := v.(string)
	if !ok {
		b, _ := json.Marshal(v)
		s = string(b)
	}
	ts.Setenv(args[1], s)
}

// lastfield VAR [N] sets VAR to field N (1-based; default the last) of
// the last non-empty line of the last standard output.
func cmdLastField(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: lastfield VAR [N]")
	}
	lines := strings.Split(strings.TrimSpace(ts.ReadFile("stdout")), "\n")
	fields := strings.Fields(lines[len(lines)-1])
	if len(fields) == 0 {
		ts.Fatalf("lastfield: no output")
	}
	n := len(fields)
	if len(args) == 2 {
		var err error
		if n, err = strconv.Atoi(args[1]); err != nil || n < 1 || n > len(fields) {
			ts.Fatalf("lastfield: no field %s in %q", args[1], fields)
		}
	}
	ts.Setenv(args[0], fields[n-1])
}

// near A B PCT fails unless the numbers A and B differ by at most PCT
// percent of the larger: for figures, like free space, that move between
// two readings.
func cmdNear(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: near A B PCT")
	}
	var f [3]float64
	for i, a := range args {
		var err error
		if f[i], err = strconv.ParseFloat(a, 64); err != nil {
			ts.Fatalf("near: %v", err)
		}
	}
	if d := math.Abs(f[0] - f[1]); d > f[2]/100*math.Max(math.Abs(f[0]), math.Abs(f[1])) {
		ts.Fatalf("near: %s and %s differ by %s, more than %s%%", args[0], args[1], fmt.Sprint(d), args[2])
	}
}
