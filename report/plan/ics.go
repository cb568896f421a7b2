package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

// Calendar is what the milestone calendar (ICS) is built from.
type Calendar struct {
	Project  crmflow.Project
	Lang     crmflow.Lang
	Stamp    time.Time // DTSTAMP: when the file was written (the Clock)
	Schedule *milestones.Schedule
}

// workspaceKey identifies the workspace in UIDs by its creation time, which
// never changes (the project's name and client can), so that calendar apps
// update an event on the next import instead of adding a copy.
func workspaceKey(p crmflow.Project) string {
	sum := sha256.Sum256([]byte(p.CreatedAt.UTC().Format(time.RFC3339Nano)))
	return hex.EncodeToString(sum[:6])
}

// EventUID is a milestone's UID: ASCII, stable per milestone and workspace.
func EventUID(p crmflow.Project, milestoneID string) string {
	return strings.ToLower(milestoneID) + "-" + workspaceKey(p) + "@crmflow"
}

// MilestonesICS writes one all-day event per milestone over its forecast
// dates (RFC 5545): DTSTART and an exclusive DTEND as DATE values, UID
// stable per milestone and workspace, DTSTAMP from the clock in UTC, CRLF line
// ends and lines folded at 75 octets on UTF-8 character boundaries.
func MilestonesICS(w io.Writer, c *Calendar) error {
	if c == nil || c.Schedule == nil {
		return fmt.Errorf("calendar: no schedule")
	}
	l := c.Lang
	cal := ics.NewCalendarFor("crmflow")
	cal.SetProductId("-//crmflow//milestones//" + strings.ToUpper(string(l)))
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	cal.SetName(c.Project.Name + tr(l, " 里程碑", " milestones"))
	for _, r := range c.Schedule.Rows {
		e := cal.AddEvent(EventUID(c.Project, r.ID))
		e.SetDtStampTime(c.Stamp)
		e.SetAllDayStartAt(r.Start.Time())
		// All-day DTEND is exclusive: the day after the last working day.
		e.SetAllDayEndAt((r.Finish + 1).Time())
		e.SetSummary(r.ID + " " + r.Name)
		e.SetDescription(eventDescription(l, r))
		e.SetTimeTransparency(ics.TransparencyTransparent)
		if r.Status == milestones.Done {
			e.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
		return err
	}
	if err := checkFolding(buf.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// eventDescription is what a calendar app shows under the title.
func eventDescription(l crmflow.Lang, r milestones.Row) string {
	var b strings.Builder
	line := func(zh, en string, a ...any) { fmt.Fprintf(&b, tr(l, zh, en)+"\n", a...) }
	if r.Owner != "" {
		line("负责人：%s", "Owner: %s", r.Owner)
	}
	line("状态：%s · RAG %s", "Status: %s · RAG %s", r.Status.Name(l), r.RAG.Name(l))
	if r.BaselineFinish != 0 {
		line("基线：%s 至 %s", "Baseline: %s to %s", r.BaselineStart, r.BaselineFinish)
	}
	if r.Critical {
		line("关键路径", "On the critical path")
	}
	if why := r.Reason(l); why != "" {
		line("%s", "%s", why)
	}
	if len(r.Deliverables) > 0 {
		names := make([]string, len(r.Deliverables))
		for i, d := range r.Deliverables {
			names[i] = d.Name
		}
		line("交付物：%s", "Deliverables: %s", strings.Join(names, tr(l, "、", ", ")))
	}
	return strings.TrimRight(b.String(), "\n")
}

// checkFolding verifies what the library wrote: every line ends in CRLF, is
// at most 75 octets and is valid UTF-8 on its own (a fold never splits a
// character). golang-ical v0.3.4 folds on rune boundaries; this makes sure a
// later version does too.
func checkFolding(data []byte) error {
	for n, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !bytes.HasSuffix(line, []byte("\r\n")) {
			return fmt.Errorf("calendar: line %d does not end in CRLF", n+1)
		}
		body := line[:len(line)-2]
		if len(body) > 75 {
			return fmt.Errorf("calendar: line %d is %d octets long (at most 75)", n+1, len(body))
		}
		if !utf8.Valid(body) {
			return fmt.Errorf("calendar: line %d splits a UTF-8 character", n+1)
		}
	}
	return nil
}
