package checkrun

import (
	"fmt"
	"strings"
)

// SplitList splits a comma-separated flag value into its trimmed,
// non-empty items.
func SplitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// Select returns the set of rule IDs enabled by sel and ign, each a list of
// rule IDs or ID prefixes ("TF005", "TF00", "TF", or "ALL"). A nil sel
// selects every rule. A rule that matches both lists is ignored: ignore
// always wins. An item that matches no rule is an error.
func Select(ids, sel, ign []string) (map[string]bool, error) {
	if err := checkCodes(ids, sel, "select"); err != nil {
		return nil, err
	}
	if err := checkCodes(ids, ign, "ignore"); err != nil {
		return nil, err
	}
	on := make(map[string]bool, len(ids))
	for _, id := range ids {
		if (sel == nil || matchesAny(id, sel)) && !matchesAny(id, ign) {
			on[id] = true
		}
	}
	return on, nil
}

func checkCodes(ids, codes []string, what string) error {
	for _, c := range codes {
		if !matchesSome(ids, c) {
			return fmt.Errorf("%s: unknown rule or prefix %q (see tmpguard check --list-rules)", what, c)
		}
	}
	return nil
}

// matchesSome reports whether code matches at least one of ids.
func matchesSome(ids []string, code string) bool {
	for _, id := range ids {
		if matches(id, code) {
			return true
		}
	}
	return false
}

// matchesAny reports whether id matches at least one of codes.
func matchesAny(id string, codes []string) bool {
	for _, c := range codes {
		if matches(id, c) {
			return true
		}
	}
	return false
}

func matches(id, code string) bool {
	code = strings.ToUpper(strings.TrimSpace(code))
	return code == "ALL" || (code != "" && strings.HasPrefix(id, code))
}
