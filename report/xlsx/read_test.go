package xlsx_test

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/internal/reporttest"
	"github.com/crmflow/crmflow/report/xlsx"
)

// walkAll opens data and walks its first sheet as a careless caller would,
// keeping every cell; peak is the largest heap seen during the walk.
func walkAll(t *testing.T, data []byte) (rows int, peak uint64, err error) {
	t.Helper()
	wb, err := xlsx.Open("big.xlsx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, 0, err
	}
	var kept [][]xlsx.Cell
	var ms runtime.MemStats
	_, err = wb.NewWalk(wb.Sheets()[0]).Walk(func(n int, cells []xlsx.Cell) error {
		rows++
		kept = append(kept, append([]xlsx.Cell(nil), cells...))
		if rows%10_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	})
	return rows, peak, err
}

// TestWalkCapsRowsPerSheet: past the cap the walk stops with an error that
// names the file, the sheet and the limit.
func TestWalkCapsRowsPerSheet(t *testing.T) {
	defer xlsx.SetMaxRows(10)()
	for _, n := range []int{9, 10} { // with the header: 10 and 11 rows
		data := reporttest.BigSheet(t, "需求清单", []string{"编号", "标题"}, []string{"", "x"}, n)
		rows, _, err := walkAll(t, data)
		if n == 9 {
			if err != nil || rows != 10 {
				t.Fatalf("10 rows under a cap of 10: %d rows, %v", rows, err)
			}
			continue
		}
		var re *report.ReadError
		if !errors.As(err, &re) || rows != 10 {
			t.Fatalf("11 rows over a cap of 10: %d rows read, %v", rows, err)
		}
		if want := "big.xlsx: sheet 需求清单: the sheet has more than 10 rows with data"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error %q, want it to start %q", err, want)
		}
	}
}

// TestWalkMillionTinyRows: a workbook of a million one-cell rows is under
// the unpack cap; reading it stops at the real cap, quickly and in bounded
// memory (it took 4.6 GB and 34 s through import reqs before the cap).
func TestWalkMillionTinyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million-row workbook")
	}
	data := reporttest.BigSheet(t, "Sheet1", []string{"ID"}, []string{"x"}, 1_000_000)
	start := time.Now()
	rows, peak, err := walkAll(t, data)
	d := time.Since(start)
	t.Logf("%d bytes zipped; %d rows read in %v, peak heap %d MiB", len(data), rows, d, peak>>20)
	if err == nil || !strings.Contains(err.Error(), "more than 100,000 rows") {
		t.Fatalf("a million rows: %v", err)
	}
	if rows != xlsx.MaxRows {
		t.Errorf("read %d rows, want the cap %d", rows, xlsx.MaxRows)
	}
	if peak > 256<<20 {
		t.Errorf("peak heap %d MiB; the bound is 256 MiB", peak>>20)
	}
	if d > 30*time.Second {
		t.Errorf("took %v", d)
	}
}
