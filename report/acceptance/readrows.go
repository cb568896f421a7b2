package acceptance

import (
	"bytes"
	"errors"

	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/report/xlsx"
)

// sheetRows reads a sheet as excelize's GetRows with RawCellValue does (row
// i of the sheet at index i-1, cells by column), but in one streaming pass
// through the shared reader: at most xlsx.MaxRows rows with data, so a
// workbook of a million tiny rows costs neither minutes nor gigabytes. It
// also says which cells hold formulas ([row index, column index]).
func sheetRows(wb *xlsx.Workbook, sheet string) ([][]string, map[[2]int]bool, error) {
	var rows [][]string
	formulas := map[[2]int]bool{}
	_, err := wb.NewWalk(sheet).Walk(func(n int, cells []xlsx.Cell) error {
		for len(rows) < n {
			rows = append(rows, nil)
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
