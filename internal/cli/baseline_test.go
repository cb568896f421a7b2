package cli

import (
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
)

// TestPrintBaselineDiffColour: the changed words are coloured only on a
// colour terminal; piped, the lines are plain before/after, and never the
// patch notation [-old-]{+new+}. Control characters in user text are dropped.
func TestPrintBaselineDiffColour(t *testing.T) {
	x := baseline.Item{ID: "REQ-001", Title: "Visit photos", Description: "Reps take a photo on each visit.", Urgency: 3}
	y := x
	y.Description, y.Urgency = "Reps take a photo on each visit, stamped\x1b[2J with a watermark.", 5
	d := baseline.Diff{From: "v1.0", To: "v1.1", Changed: []baseline.Change{{ID: "REQ-001", Title: y.Title, Fields: baseline.CompareItems(x, y)}}}
	for _, color := range []bool{false, true} {
		io, out, _ := TestStreams()
		io.Color = color
		printBaselineDiff(&Factory{IO: io}, d, crmflow.LangEN)
		got := out.String()
		for _, bad := range []string{"[-", "{+", "\x1b[2J"} {
			if strings.Contains(got, bad) {
				t.Errorf("color=%v: output holds %q:\n%s", color, bad, got)
			}
		}
		if strings.Contains(got, "\x1b[") != color {
			t.Errorf("color=%v: escape sequences present: %v\n%q", color, !color, got)
		}
		want := "      after:  Reps take a photo on each visit, stamped[2J with a watermark.\n"
		if color {
			want = "      after:  Reps take a photo on each visit" + sgrAdded + ", stamped[2J with a watermark" + sgrReset + ".\n"
		}
		if !strings.Contains(got, want) || !strings.Contains(got, "    urgency: 3 → 5\n") {
			t.Errorf("color=%v: got\n%q\nwant a line %q", color, got, want)
		}
	}
}
