package tempfile

import (
	"os"
	"os/signal"
	"sync"
)

// CleanupOnSignal makes the process run [CleanupAll] when it receives one
// of sigs (SIGINT and SIGTERM when none is given; os.Interrupt on
// Windows), then die of that signal as it would have without the handler:
// its parent sees "killed by SIGTERM", not an exit status. It is opt-in,
// for programs that do not handle those signals themselves:
//
//	func main() {
//		defer tempfile.CleanupOnSignal()()
//		...
//	}
//
// Other signal.Notify users of the same signals keep working: the signal
// reaches their channels as well, but the process dies once CleanupAll is
// done, so a program with its own graceful shutdown should call
// CleanupAll there instead. stop undoes CleanupOnSignal; calling it more
// than once is harmless.
//
// To die of the signal, the handler resets it (signal.Reset, which also
// ends other Notify registrations of that signal) and sends it to the
// process again. On Windows, which cannot send a signal to itself, the
// process exits with status 2 instead.
func CleanupOnSignal(sigs ...os.Signal) (stop func()) {
	if len(sigs) == 0 {
		sigs = defaultSignals
	}
	c := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(c, sigs...)
	go func() {
		select {
		case sig := <-c:
			CleanupAll()
			signal.Reset(sig)
			reraise(sig)
		case <-done:
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			signal.Stop(c)
			close(done)
		})
	}
}
