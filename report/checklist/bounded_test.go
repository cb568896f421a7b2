package checklist

import (
	"bytes"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// peakHeap runs fn while sampling the heap, and returns the largest size seen.
func peakHeap(fn func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	return peak.Load()
}

// TestReadMillionTinyRows is the file that took import reqs --dry-run 34 s
// and 4.6 GB: a million rows, each a bad value, under the unpack cap. The
// read stops at the rows-per-sheet cap with one message naming the sheet
// and the limit, in bounded memory.
func TestReadMillionTinyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million-row workbook")
	}
	data := reporttest.BigSheet(t, "需求清单", []string{"编号", "标题", "价值"}, []string{"", "", "9"}, 1_000_000)
	var err error
	start := time.Now()
	peak := peakHeap(func() { _, _, err = Read("big.xlsx", bytes.NewReader(data), int64(len(data))) })
	d := time.Since(start)
	t.Logf("read in %v, peak heap %d MiB", d, peak>>20)
	if err == nil || !strings.Contains(err.Error(), "big.xlsx: sheet 需求清单: the sheet has more than 100,000 rows with data") {
		t.Fatalf("a million rows: %v", err)
	}
	if peak > 512<<20 {
		t.Errorf("peak heap %d MiB; the bound is 512 MiB", peak>>20)
	}
	if d > 60*time.Second {
		t.Errorf("took %v", d)
	}
}
