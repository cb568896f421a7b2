package requirements

// ImportCell is one cell read back from a spreadsheet, with where it came from
// so an error can name the sheet, row and column.
type ImportCell struct {
	Column string `json:"column"` // column letter, e.g. "G"
	Header string `json:"header"` // the header text as it stands in the file, e.g. "价值"
	Text   string `json:"text"`   // the cell's text as the person left it
}

// ImportRow is one requirement row read back from a spreadsheet. Cells are
// keyed by field: id, module, kind, title, description, criteria (one per
// line), value, difficulty, urgency, moscow, status, owner, source,
// stakeholder, tags, and "field:NAME" for custom fields. Derived columns
// (score, quadrant) are not read back: Computed holds them, by key, only so
// that an import can say an edit to one was not read.
type ImportRow struct {
	File     string                `json:"file"`
	Sheet    string                `json:"sheet"`
	Row      int                   `json:"row"`      // 1-based spreadsheet row
	Revision int                   `json:"revision"` // the hidden revision column; 0 when absent (a new row)
	Cells    map[string]ImportCell `json:"cells"`
	Computed map[string]ImportCell `json:"computed,omitempty"`
}

// ImportMeta is what an exported workbook says about itself (a hidden sheet).
type ImportMeta struct {
	FormatVersion int      `json:"format_version"`
	Project       string   `json:"project"`
	ExportedAt    string   `json:"exported_at"`
	Lang          string   `json:"lang"`
	Modules       []string `json:"modules"` // module keys the export was limited to; empty: all
}
