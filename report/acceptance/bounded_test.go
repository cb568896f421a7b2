package acceptance

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// TestReadWorkbookMillionTinyRows: a results workbook of a million tiny
// rows, under the unpack cap, is refused at the rows-per-sheet cap with one
// message naming the sheet and the limit, quickly and in bounded memory (it
// was read whole with GetRows before).
func TestReadWorkbookMillionTinyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million-row workbook")
	}
	data := reporttest.BigSheet(t, "UAT", []string{"用例编号", "结果"}, []string{"", "9"}, 1_000_000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := ReadWorkbook("uat.xlsx", bytes.NewReader(data), int64(len(data)))
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("read in %v, %d MiB allocated in all", d, alloc>>20)
	if err == nil || !strings.Contains(err.Error(), "uat.xlsx: sheet UAT: the sheet has more than 100,000 rows with data") {
		t.Fatalf("a million rows: %v", err)
	}
	// Everything allocated, not just the peak: still well under 1 GB.
	if alloc > 768<<20 {
		t.Errorf("%d MiB allocated; the bound is 768 MiB", alloc>>20)
	}
	if d > 60*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestReadWorkbookWideRows: a value far to the right in every row is
// refused at the cell budget instead of growing every row to that width.
func TestReadWorkbookWideRows(t *testing.T) {
	defer func(n int) { maxCellSlots = n }(maxCellSlots)
	maxCellSlots = 10_000
	row := make([]string, 100)
	row[99] = "9"
	data := reporttest.BigSheet(t, "UAT", []string{"用例编号", "结果"}, row, 200)
	_, err := ReadWorkbook("uat.xlsx", bytes.NewReader(data), int64(len(data)))
	if err == nil || !strings.Contains(err.Error(), "uat.xlsx: sheet UAT, row 101: the sheet holds more than 10,000 cells") {
		t.Fatalf("200 rows 100 columns wide: %v", err)
	}
}
