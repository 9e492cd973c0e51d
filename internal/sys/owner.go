package sys

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
)

// Owner lock files. Every directory in which a process has live marked
// objects holds one lock file of that process, named
// LockPrefix+token+LockSuffix, which the process keeps open with an
// exclusive flock: the token in an object's name leads to the lock file,
// and whether the lock can be taken says whether the owner is alive. The
// file also says who the owner is (OwnerInfo) and which names it kept.

const (
	LockPrefix = ".tmpguard-"
	LockSuffix = ".lock"
	// LockNew ends the name of a lock file being made: it is locked, then
	// moved to its final name, so that a lock file at its final name is
	// always locked while its owner lives.
	LockNew = ".lock.new"
	// lockMagic opens every lock file, with the format version.
	lockMagic = "tmpguard-owner 1"
)

// An Owner is what a lock file says of its process.
type Owner struct {
	Boot  string // the kernel's boot ID; "" if unknown
	PID   int
	Start string // the process's start time, in clock ticks since boot
	PIDNS string // the inode of its PID namespace
	UID   int
	Kept  []string // names the owner kept: no sweep may take them
}

// ownerInfo formats the identity of this process for its lock files.
func ownerInfo(boot, start, pidns string, pid, uid int) []byte {
	var b bytes.Buffer
	b.WriteString(lockMagic + "\n")
	b.WriteString("boot " + boot + "\n")
	b.WriteString("pid " + strconv.Itoa(pid) + "\n")
	b.WriteString("start " + start + "\n")
	b.WriteString("pidns " + pidns + "\n")
	b.WriteString("uid " + strconv.Itoa(uid) + "\n")
	return b.Bytes()
}

// keptLine is the line that records a kept name: quoted, so that a name
// with a newline cannot forge a line.
func keptLine(name string) []byte { return []byte("kept " + strconv.Quote(name) + "\n") }

// ParseOwner reads the content of a lock file; ok is false if it is not
// one this version can read (then its owner cannot be established).
func ParseOwner(data []byte) (o Owner, ok bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() || sc.Text() != lockMagic {
		return o, false
	}
	for sc.Scan() {
		key, val, _ := strings.Cut(sc.Text(), " ")
		switch key {
		case "boot":
			o.Boot = val
		case "pid":
			o.PID, _ = strconv.Atoi(val)
		case "start":
			o.Start = val
		case "pidns":
			o.PIDNS = val
		case "uid":
			o.UID, _ = strconv.Atoi(val)
		case "kept":
			name, err := strconv.Unquote(val)
			if err != nil {
				return o, false // a torn line: trust nothing
			}
			o.Kept = append(o.Kept, name)
		}
	}
	return o, sc.Err() == nil
}
