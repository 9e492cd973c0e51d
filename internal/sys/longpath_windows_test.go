package sys

import (
	"strings"
	"testing"
)

func TestLongPath(t *testing.T) {
	long := `C:\` + strings.Repeat(`d\`, 130) + "f"
	for _, tc := range []struct{ in, want string }{
		{`C:\short\f`, `C:\short\f`},
		{long, `\\?\` + long},
		{strings.ReplaceAll(long, `\`, `/`), `\\?\` + long},
		{strings.Repeat(`d\`, 130), strings.Repeat(`d\`, 130)}, // relative
		{`\\server\share\` + strings.Repeat(`d\`, 130), `\\server\share\` + strings.Repeat(`d\`, 130)},
	} {
		if got := longPath(tc.in); got != tc.want {
			t.Errorf("longPath(%.30q...) = %.40q..., want %.40q...", tc.in, got, tc.want)
		}
	}
}
