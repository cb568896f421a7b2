package xlsxsource

import (
	"archive/zip"
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crmflow/crmflow/legacy"
	"github.com/crmflow/crmflow/requirements"
)

// bigSheet is a workbook of one sheet: a 客户名称 header and n rows of one
// inline-string cell, with a shared strings table of strings bytes.
func bigSheet(t *testing.T, n, sst int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	part := func(name string, write func(w *bytes.Buffer)) {
		var b bytes.Buffer
		write(&b)
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	text := func(s string) func(*bytes.Buffer) { return func(b *bytes.Buffer) { b.WriteString(s) } }
	part("[Content_Types].xml", text(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`))
	part("_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	part("xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	part("xl/_rels/workbook.xml.rels", text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`))
	part("xl/sharedStrings.xml", func(b *bytes.Buffer) {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>客户名称</t></si><si><t>`)
		b.WriteString(strings.Repeat("x", sst))
		b.WriteString(`</t></si></sst>`)
	})
	part("xl/worksheets/sheet1.xml", func(b *bytes.Buffer) {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
		for r := 2; r <= n+1; r++ {
			fmt.Fprintf(b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>c%d</t></is></c></row>`, r, r, r)
		}
		b.WriteString(`</sheetData></worksheet>`)
	})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOpenRefusesOverLimits: a workbook that unpacks past the limits, or
// whose shared strings table does, is refused before it is unpacked.
func TestOpenRefusesOverLimits(t *testing.T) {
	defer func(u, s int64) { maxUnzip, maxStrings = u, s }(maxUnzip, maxStrings)
	maxUnzip, maxStrings = 4<<20, 1<<20
	if _, err := Open(bytes.NewReader(bigSheet(t, 10, 2<<20)), ""); err == nil || !strings.Contains(err.Error(), "text table unpacks to more than 1 MiB") {
		t.Errorf("a 2 MiB string table under a 1 MiB cap: %v", err)
	}
	if _, err := Open(bytes.NewReader(bigSheet(t, 100_000, 10)), ""); err == nil || !strings.Contains(err.Error(), "unpacks to more than 4 MiB") {
		t.Errorf("a 6 MiB sheet under a 4 MiB cap: %v", err)
	}
	src, err := Open(bytes.NewReader(bigSheet(t, 10, 10)), "")
	if err != nil {
		t.Fatalf("a small workbook: %v", err)
	}
	src.Close()
}

// TestManyRowsStream: 200,000 customers are checked in one pass with the
// heap bounded (the sheet part is streamed, never held).
func TestManyRowsStream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 200,000-row workbook")
	}
	data := bigSheet(t, 200_000, 10)
	var peak atomic.Uint64
	fields := []requirements.DataField{{Entity: "客户", Name: "客户名称", Type: requirements.DataText, Required: true}}
	start := time.Now()
	src, err := Open(bytes.NewReader(data), "")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	res, err := legacy.Check(src, legacy.Options{Entity: "客户", Fields: fields, Progress: func(int) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > peak.Load() {
			peak.Store(ms.HeapAlloc)
		}
	}}, nil)
	t.Logf("%d rows in %v, peak heap %d MiB", res.Rows, time.Since(start), peak.Load()>>20)
	if err != nil || res.Rows != 200_000 {
		t.Fatalf("%d rows, %v", res.Rows, err)
	}
	if peak.Load() > 256<<20 {
		t.Errorf("peak heap %d MiB; the bound is 256 MiB", peak.Load()>>20)
	}
}
