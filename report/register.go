// Package report holds what every output format shares: the inputs documents
// and workbooks are built from (Register, ChangeLog), the one zh/en mechanism
// (Text, Tr, Messages), text measurement (DisplayWidth) and ReadError, the
// error a reader of an outside file returns. Each format is a package below:
//
//	report/docs           Markdown and HTML documents (SRS, minutes, change log, baseline diff, survey report and results)
//	report/xlsx           workbook writer helpers and the generic OOXML reader
//	report/checklist      the requirement checklist workbook, written and read back
//	report/questionnaire  the survey workbooks: questionnaire (written and read back) and results
//	report/changelog      the change log workbook
//	report/svg            SVG drawings: bar charts and process swimlanes
//	report/mermaid        process maps as Mermaid flowcharts
//	report/bpmn           process maps as BPMN 2.0, written and read back
//	report/reqform        the requirement editor form, written and parsed
//	report/plan           the weekly report (md, html, xlsx), the Gantt chart (svg, xlsx, Mermaid) and the ICS calendar
//	report/acceptance     the UAT workbook (written and read back), the acceptance report and the trace matrix
package report

import (
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// Format is a document format.
type Format string

// The document formats.
const (
	FormatMarkdown Format = "md"
	FormatHTML     Format = "html"
)

// Register is everything the requirement documents and the checklist are built
// from: plain domain values the application gathers from the services, never
// SQL rows.
type Register struct {
	Project   crmflow.Project
	Lang      crmflow.Lang // the language to write in
	Version   string       // document version: a baseline name, or "" for the working draft
	Baseline  string       // the newest baseline's name ("" before the first freeze), also when Version is the working draft
	Generated time.Time    // from the Clock, so output is reproducible
	// Anchor is the audit log's head the document was built from (a
	// baseline's own event for a baseline's document), printed on the cover
	// so a copy held outside shows how far the log reached; zero for none.
	Anchor   crmflow.Anchor
	Settings requirements.Settings
	// Modules is the catalog in its order (built-in then the project's own).
	Modules []requirements.Module
	// Requirements in ID order, with derived score, quadrant and MoSCoW.
	Requirements []requirements.View
	// Fields are the project's custom fields, in order.
	Fields      []requirements.FieldDef
	DataFields  []requirements.DataField  // the data dictionary, by entity then order added
	Permissions []requirements.Permission // role × module matrix cells
	Revisions   []Revision                // 修订记录, oldest first
	// ModuleFilter, when set, limits the checklist export to these module keys.
	ModuleFilter []string
	// Processes are the process maps for chapter 3 (业务流程描述), in ID order.
	Processes []ProcessFigure
	// Signatories fill the 签字页: stakeholders who may sign off, and their signatures.
	Signatories []Signatory
	// Since is what a working draft holds beyond the newest baseline (zero
	// when the document is a baseline or there is none yet).
	Since Since
	// TestCases is how many UAT test cases exist, so documents promise none
	// that are not there.
	TestCases int
}

// Since is the newest baseline's name and the requirements added or changed
// after it (IDs in order).
type Since struct {
	Baseline       string
	Added, Changed []string
}

// ProcessFigure is a process map as the SRS shows it: its drawing and the
// steps that carry pain points or requirements.
type ProcessFigure struct {
	ID          string // PM-001
	Name        string
	AsIs        bool // as-is (现状) or to-be (目标)
	Description string
	Lanes       []string // lane names, top to bottom
	SVG         []byte   // the swimlane drawing (report.ProcessSVG)
	PrintSVG    []byte   // the same cut into page-wide parts for HTML (svg.WriteProcessParts); nil: SVG
	Steps       []ProcessStep
}

// ProcessStep is a step of a figure with its findings and requirements.
type ProcessStep struct {
	Label, Lane string
	Findings    []string // F-001 ...
	Reqs        []string // REQ-004 ...
}

// FigurePath is where the Markdown SRS refers to a figure's SVG, relative to
// the document. English drawings get their own name so that the Chinese and
// English documents can sit in one folder.
func FigurePath(id string, lang crmflow.Lang) string {
	return "process/" + id + Tr(lang, ".svg", ".en.svg")
}

// Revision is one line of the revision history (修订记录).
type Revision struct {
	Version string
	Date    time.Time
	Author  string
	Change  string
}

// ModuleName returns the display name of a module key in the register's language.
func (r *Register) ModuleName(key string) string {
	for _, m := range r.Modules {
		if m.Key == key {
			return m.Name(r.Lang)
		}
	}
	return key
}
