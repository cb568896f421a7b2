package report

import (
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
)

// ChangeLog is what the change log (变更记录) is built from, as a
// document (docs.BuildChangeLog) and as a workbook (changelog.Write).
type ChangeLog struct {
	Project   crmflow.Project
	Lang      crmflow.Lang
	Generated time.Time
	Requests  []change.Request
	Titles    map[string]string // requirement titles, for the affected lists
}
