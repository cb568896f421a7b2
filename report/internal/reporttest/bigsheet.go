package reporttest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"html"
	"strconv"
	"testing"
)

// BigSheet builds a minimal .xlsx whose one sheet, named sheet, holds the
// header row and then rows copies of row: "" is an empty cell, a number a
// number cell, anything else an inline string. It
// writes the XML straight into the zip, so a million rows take well under a
// second: the kind of file that stays under the unpack cap and still holds a
// million tiny rows.
func BigSheet(t testing.TB, sheet string, header, row []string, rows int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	part := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	part("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	part("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	part("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="`+html.EscapeString(sheet)+`" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	part("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	cells := func(vals []string) {
		for _, v := range vals {
			if v == "" {
				bw.WriteString(`<c/>`)
				continue
			}
			if _, err := strconv.ParseFloat(v, 64); err == nil {
				bw.WriteString(`<c><v>` + v + `</v></c>`)
				continue
			}
			bw.WriteString(`<c t="inlineStr"><is><t>`)
			bw.WriteString(html.EscapeString(v))
			bw.WriteString(`</t></is></c>`)
		}
	}
	bw.WriteString(`<row r="1">`)
	cells(header)
	bw.WriteString(`</row>`)
	for r := 2; r <= rows+1; r++ {
		fmt.Fprintf(bw, `<row r="%d">`, r)
		cells(row)
		bw.WriteString(`</row>`)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
