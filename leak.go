package tempfile

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
)

// A Leak is an object that became unreachable while still live: its owner
// never called Close (nor Keep or Persist). The garbage collector found
// it (through the object's finalizer), the package removed what it left
// on disk, and reports it: to the
// object's [Logger] at level Warn, or without one to the [OnLeak] hook.
// A leak is a bug in the program, as Python's ResourceWarning says.
type Leak struct {
	Kind  string // "file", "dir" or "spooled"
	Path  string // the path removed; "" for a Spooled, which has none
	Site  string // file:line of the call that created the object; "" if unknown
	Func  string // the function that made that call
	Stack string // the whole stack of the creation, with LeakStacks(true); else ""
	Err   error  // why the removal failed, or nil
}

// String returns the report in one line.
func (l Leak) String() string {
	var b strings.Builder
	b.WriteString("tempfile: leaked ")
	b.WriteString(l.Kind)
	if l.Path != "" {
		b.WriteString(" " + l.Path)
	}
	b.WriteString(" (created at ")
	if l.Site == "" {
		b.WriteString("an unknown place")
	} else {
		b.WriteString(l.Site)
		if l.Func != "" {
			b.WriteString(" by " + l.Func)
		}
	}
	b.WriteString(") was never closed")
	switch {
	case l.Err != nil:
		b.WriteString("; removing it failed: " + l.Err.Error())
	case l.Path != "":
		b.WriteString("; removed")
	}
	return b.String()
}

var leakHook atomic.Pointer[func(Leak)]

// OnLeak sets the function that receives the leaks of objects without a
// [Logger], process-wide; nil restores the default, which writes
// [Leak.String] and the stack, if any, to standard error. fn runs on the
// goroutine of the runtime's finalizers: it must not block for long.
func OnLeak(fn func(Leak)) {
	if fn == nil {
		leakHook.Store(nil)
		return
	}
	leakHook.Store(&fn)
}

func defaultOnLeak(l Leak) {
	msg := l.String() + "\n"
	if l.Stack != "" {
		msg += l.Stack
	}
	os.Stderr.WriteString(msg)
}

// leaked is the finalizer of an object that became unreachable while
// registered: it removes what the object left and reports it.
func leaked(r *record) {
	if !r.unlink() {
		return // unregistered meanwhile (CleanupAll)
	}
	err := r.remove()
	if err != nil {
		relink(r) // CleanupAll tries again
	} else {
		r.owner.release("")
	}
	s := r.site()
	l := Leak{Kind: r.kind.String(), Path: r.pz.String(), Site: s.Site, Func: s.Func, Stack: r.stackText(), Err: err}
	if r.log != nil {
		attrs := []slog.Attr{slog.String("kind", l.Kind), slog.String("path", l.Path), slog.String("created", l.Site)}
		if l.Stack != "" {
			attrs = append(attrs, slog.String("stack", l.Stack))
		}
		if err != nil {
			attrs = append(attrs, slog.Any("error", err))
		}
		r.log.LogAttrs(context.Background(), slog.LevelWarn, "tempfile: leaked, never closed", attrs...)
		return
	}
	if fn := leakHook.Load(); fn != nil {
		(*fn)(l)
		return
	}
	defaultOnLeak(l)
}

// A site is where an object was created.
type site struct{ Site, Func string }

// site resolves the recorded program counter, only now that a report
// needs it.
func (r *record) site() site {
	if r.pc == 0 {
		return site{}
	}
	f, _ := runtime.CallersFrames([]uintptr{r.pc}).Next()
	if f.PC == 0 {
		return site{}
	}
	return site{Site: f.File + ":" + strconv.Itoa(f.Line), Func: f.Function}
}

// stackText formats the whole stack, if one was recorded, as
// runtime/debug.Stack would: function, then file:line indented.
func (r *record) stackText() string {
	if len(r.stack) == 0 {
		return ""
	}
	var b strings.Builder
	frames := runtime.CallersFrames(r.stack)
	for {
		f, more := frames.Next()
		fmt.Fprintf(&b, "%s\n\t%s:%d\n", f.Function, f.File, f.Line)
		if !more {
			break
		}
	}
	return b.String()
}
