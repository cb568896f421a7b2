package svg

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report/internal/reporttest"
)

// TestPlanPartsGeometry: the parts of a wide drawing cover it left to right
// without gaps or overlaps, each fits the width asked for, and no cut goes
// through a shape, its decor or a flow label.
func TestPlanPartsGeometry(t *testing.T) {
	maps := map[string]*process.Map{
		"rich":  reporttest.RichMap(),
		"small": reporttest.SmallMap(),
		"wide":  procBenchMap(40, 4),
	}
	for name, m := range maps {
		l := process.Lay(m)
		for _, maxW := range []float64{600, 900, 1400} {
			plan := PlanParts(m, l, maxW)
			if len(plan.Cuts) == 0 {
				t.Fatalf("%s @%v: no parts", name, maxW)
			}
			if plan.Cuts[0][0] != process.HeaderWidth || plan.Cuts[len(plan.Cuts)-1][1] != l.Width {
				t.Errorf("%s @%v: parts span %v, want [%v, %v]", name, maxW, plan.Cuts, process.HeaderWidth, l.Width)
			}
			inks := inkRects(m, l)
			for i, c := range plan.Cuts {
				if c[1] <= c[0] {
					t.Errorf("%s @%v: part %d is empty: %v", name, maxW, i, c)
				}
				if i > 0 && plan.Cuts[i-1][1] != c[0] {
					t.Errorf("%s @%v: part %d starts at %v, the one before ends at %v", name, maxW, i, c[0], plan.Cuts[i-1][1])
				}
				if w := c[1] - c[0] + process.HeaderWidth + 2*psvgMarginX; w > maxW && len(plan.Cuts) > 1 {
					t.Errorf("%s @%v: part %d is %v wide", name, maxW, i, w)
				}
				if i == 0 {
					continue
				}
				for _, r := range inks {
					if r.X < c[0] && c[0] < r.X+r.W {
						t.Errorf("%s @%v: the cut at %v goes through %+v", name, maxW, c[0], r)
					}
				}
			}
			if l.Width+2*psvgMarginX > maxW && len(plan.Cuts) < 2 {
				t.Errorf("%s @%v: a drawing %v wide was not cut", name, maxW, l.Width)
			}
		}
	}
}

// TestWriteProcessPartsSVG: each part is well-formed SVG no wider than asked,
// numbered in its title, with its own arrow marker; the whole map's shapes
// and labels appear; the legend comes once, under the last part.
func TestWriteProcessPartsSVG(t *testing.T) {
	m := procBenchMap(40, 4)
	var b bytes.Buffer
	if err := WriteProcessParts(&b, m, nil, crmflow.LangEN, 900); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	dec := xml.NewDecoder(strings.NewReader("<root>" + out + "</root>"))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("the parts are not well-formed XML: %v", err)
		}
	}
	tops := regexp.MustCompile(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" xml:lang="en" width="([0-9.]+)"`).FindAllStringSubmatch(out, -1)
	n := len(PlanParts(m, process.Lay(m), 900).Cuts)
	if n < 2 || len(tops) != n {
		t.Fatalf("%d top-level <svg> elements for %d parts", len(tops), n)
	}
	for i, top := range tops {
		w, _ := strconv.ParseFloat(top[1], 64)
		if w > 900 {
			t.Errorf("part %d is %v wide", i+1, w)
		}
		if !strings.Contains(out, "bench ("+strconv.Itoa(i+1)+"/"+strconv.Itoa(n)+")</text>") {
			t.Errorf("part %d's title is not numbered", i+1)
		}
		if !strings.Contains(out, `id="pm-arrow-`+strconv.Itoa(i+1)+`"`) {
			t.Errorf("part %d has no marker of its own", i+1)
		}
	}
	if strings.Contains(out, "（") {
		t.Error("an English drawing uses full-width parentheses")
	}
	if c := strings.Count(out, `class="lgt"`); c == 0 || c != strings.Count(out[strings.LastIndex(out, "<svg xmlns"):], `class="lgt"`) {
		t.Errorf("the legend is not under the last part only (%d entries)", c)
	}
	for _, nd := range m.Nodes {
		for _, line := range process.Lay(m).Nodes {
			if line.ID == nd.ID && len(line.Lines) > 0 && !strings.Contains(out, ">"+line.Lines[0]+"</text>") {
				t.Errorf("node %s's label %q is missing", nd.ID, line.Lines[0])
			}
		}
	}
	// A narrow map stays one part, drawn as WriteProcess draws it (but for
	// the XML declaration and the marker's id).
	small := reporttest.SmallMap()
	b.Reset()
	if err := WriteProcessParts(&b, small, nil, crmflow.LangZH, 4000); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), "<svg xmlns") != 1 {
		t.Errorf("a narrow map was cut:\n%s", b.String())
	}
}
