package sys

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLongPath(t *testing.T) {
	long := `C:\` + strings.Repeat(`d\`, 130) + "f"
	wd, err := os.Getwd()
	mustT(t, err)
	rel := strings.Repeat(`d\`, 130) + "f"
	for _, tc := range []struct{ in, want string }{
		{`C:\short\f`, `C:\short\f`},
		{long, `\\?\` + long},
		{strings.ReplaceAll(long, `\`, `/`), `\\?\` + long},
		{`C:\x\..\` + long[3:], `\\?\` + long},                   // normalized: \\?\ turns that off
		{rel, `\\?\` + filepath.Join(wd, rel)},                   // made absolute
		{`short\f`, `short\f`},                                   // relative and short: as it is
		{`\\server\share\` + rel, `\\?\UNC\server\share\` + rel}, // UNC
		{`\\?\` + long, `\\?\` + long},                           // prefixed already
		{`\\.\pipe\` + rel, `\\.\pipe\` + rel},                   // a device: never prefixed
	} {
		if got := longPath(tc.in); got != tc.want {
			t.Errorf("longPath(%.40q...) = %.60q..., want %.60q...", tc.in, got, tc.want)
		}
	}
}
