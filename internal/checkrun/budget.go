package checkrun

import "sync"

// maxBytesInFlight bounds the source bytes being checked at once, across
// workers. Parsing and analysis take up to about 100 times the size of
// the source (a 9 MB file of long list literals peaks near 1 GB), so with
// 4 workers per CPU a tree of large files could otherwise take tens of GB
// on a big CI machine; with this bound a run stays under about 2 GB
// whatever the CPUs. Small files are never held back by it: only the sum
// of the sizes counts, and typical files are a few KB. A variable so that
// tests can lower it.
var maxBytesInFlight int64 = 16 << 20

// A budget is a weighted semaphore over bytes: acquire blocks until n
// more bytes fit (n is capped at the budget, so one large file always
// runs, alone).
type budget struct {
	mu    sync.Mutex
	cond  *sync.Cond
	limit int64
	used  int64
}

func newBudget(limit int64) *budget {
	b := &budget{limit: limit}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *budget) acquire(n int64) int64 {
	n = min(n, b.limit)
	b.mu.Lock()
	for b.used+n > b.limit {
		b.cond.Wait()
	}
	b.used += n
	b.mu.Unlock()
	return n
}

func (b *budget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}
