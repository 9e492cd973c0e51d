package tempcheck

import (
	"slices"
	"testing"
)

func TestParseDirective(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"//tmpguard:ignore TF103", []string{"TF103"}},
		{"//tmpguard:ignore TF101,TF103", []string{"TF101", "TF103"}},
		{"//tmpguard:ignore TF101, TF103 // why", []string{"TF101", "TF103"}},
		{"// tmpguard:ignore TF102", []string{"TF102"}},
		{"//tmpguard:ignore", []string{"*"}},
		{"//tmpguard:ignored TF101", nil},
		{"//nolint:tmpguard", []string{"*"}},
		{"//nolint:errcheck,tmpguard // fixture", []string{"*"}},
		{"//nolint", []string{"*"}},
		{"//nolint:errcheck", nil},
		{"//nolintx", nil},
		{"/* tmpguard:ignore TF101 */", nil},
		{"// a comment about tmpguard:ignore", nil},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			if got := parseDirective(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("parseDirective(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}
