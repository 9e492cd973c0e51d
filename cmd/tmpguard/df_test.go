package main

import (
	"testing"
	"time"
)

func TestNamePrefix(t *testing.T) {
	tests := []struct{ name, want string }{
		{"tmp.qkbKo1dsoH", "tmp."},                     // coreutils mktemp
		{"tmpguard-run.xs6w7egkaqhz", "tmpguard-run."}, // tmpguard run
		{"tmpk3j_8x2a", "tmp"},                         // Python
		{"tmpabc2de4fgh5i.json", "tmp"},                // this library, with a suffix
		{"go-build1234567890", "go-build"},             // Go
		{"systemd-private-0c2f4e9a7b1d4c3e8f6a5b4c3d2e1f0a-chronyd.service-Ab3dEf", "systemd-private-"},
		{"report.2026.XyZ12a.txt", "report.2026."},
		{".X11-unix", ".X11-unix"}, // no random part: its own prefix
		{"snap-private-tmp", "snap-private-tmp"},
		{"123456789", ""},    // Go's CreateTemp("", "")
		{"abcdef", "abcdef"}, // one case, no digit: a word
	}
	for _, tc := range tests {
		if got := namePrefix(tc.name); got != tc.want {
			t.Errorf("namePrefix(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestGroup(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	entries := []entryUsage{
		{name: "tmp.aaaaa1", uid: 0, owned: true, bytes: 100, newest: now.Add(-time.Minute)},
		{name: "tmp.bbbbb2", uid: 0, owned: true, bytes: 300, newest: now.Add(-2 * time.Hour)},
		{name: "job-x1y2z3", uid: 65534, owned: true, bytes: 1000, newest: now.Add(-40 * 24 * time.Hour)},
		{name: "lost", bytes: 5, newest: now.Add(-8 * 24 * time.Hour)},
	}
	rep := &dfReport{}
	group(rep, entries, now)
	if rep.Entries != 4 || rep.Bytes != 1405 {
		t.Errorf("totals = %d entries, %d bytes; want 4, 1405", rep.Entries, rep.Bytes)
	}
	check := func(what string, got []dfGroup, want []dfGroup) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s = %+v, want %+v", what, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s = %+v, want %+v", what, got, want)
			}
		}
	}
	check("by prefix", rep.ByPrefix, []dfGroup{{"job-", 1, 1000}, {"tmp.", 2, 400}, {"lost", 1, 5}})
	check("by age", rep.ByAge, []dfGroup{{"over 30d", 1, 1000}, {"1h to 1d", 1, 300}, {"under 1h", 1, 100}, {"7d to 30d", 1, 5}})
	if rep.ByOwner[0].Bytes != 1000 || string(rep.ByOwner[1].Key) != userName(0) || rep.ByOwner[2].Key != "?" {
		t.Errorf("by owner = %+v, want uid 65534 first, then %s, then ?", rep.ByOwner, userName(0))
	}
}
