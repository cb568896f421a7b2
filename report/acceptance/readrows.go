package acceptance

import (
	"bytes"
	"errors"

	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/xlsx"
)

// maxCellSlots bounds the cells sheetRows keeps, counting each row up to its
// last cell (a results sheet is about a dozen columns wide); a variable so
// a test can lower it.
var maxCellSlots = 2_000_000

// sheetRows reads a sheet as excelize's GetRows with RawCellValue does (row
// i of the sheet at index i-1, cells by column), but in one streaming pass
// through the shared reader: at most xlsx.MaxRows rows with data, so a
// workbook of a million tiny rows costs neither minutes nor gigabytes. It
// also says which cells hold formulas ([row index, column index]).
func sheetRows(wb *xlsx.Workbook, sheet string) ([][]string, map[[2]int]bool, error) {
	var rows [][]string
	formulas := map[[2]int]bool{}
	slots := 0
	w := wb.NewWalk(sheet)
	_, err := w.Walk(func(n int, cells []xlsx.Cell) error {
		for len(rows) < n {
			rows = append(rows, nil)
		}
		// A row is as wide as its last cell: a tiny value in column XFD of
		// every row would cost gigabytes without this bound.
		if slots += cells[len(cells)-1].Col; slots > maxCellSlots {
			return w.ErrAt(n, 0, nil, "the sheet holds more than %s cells up to its last columns, the most crmflow reads; delete the columns far to the right or split the file", xlsx.GroupDigits(maxCellSlots))
		}
		r := make([]string, cells[len(cells)-1].Col)
		for _, c := range cells {
			r[c.Col-1] = c.Text
			if c.Formula {
				formulas[[2]int{n - 1, c.Col - 1}] = true
			}
		}
		rows[n-1] = r
		return nil
	})
	return rows, formulas, err
}

// openRows opens data with the shared reader, for sheetRows.
func openRows(file string, data []byte) (*xlsx.Workbook, error) {
	wb, err := xlsx.Open(file, bytes.NewReader(data), int64(len(data)))
	return wb, importError(file, err)
}

// importError turns the shared reader's error into the import's.
func importError(file string, err error) error {
	var re *report.ReadError
	if err == nil || !errors.As(err, &re) {
		return err
	}
	col := re.Column
	return acceptance.ImportErrors([]acceptance.ImportError{{File: file, Sheet: re.Sheet, Row: re.Row, Column: col, Field: re.Header, Msg: re.Msg}})
}
