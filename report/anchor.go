package report

import (
	"fmt"

	"github.com/crmflow/crmflow"
)

// AnchorLabel and AnchorText are how every document states the audit log's
// head it was built from, in the same words, so a copy kept outside the
// workspace can be held against `crmflow audit log`: a log that no longer
// reaches that event, or holds another hash at it, was cut or rewritten.
func AnchorLabel(lang crmflow.Lang) string { return Tr(lang, "审计日志", "Audit log") }

// AnchorText is the event's sequence number and the first 16 digits of its
// hash; "" for the zero anchor (an empty log).
func AnchorText(lang crmflow.Lang, a crmflow.Anchor) string {
	if a.Seq <= 0 {
		return ""
	}
	return fmt.Sprintf(Tr(lang, "第 %d 条事件（%.16s）", "event %d (%.16s)"), a.Seq, a.Hash)
}
