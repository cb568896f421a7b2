package bpmn

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/crmflow/crmflow/process"
)

// TestProcessBPMNMapPains: a finding at a step goes into that step's
// documentation; findings on the map as a whole become text annotations,
// drawn under the pool; reading the file back gives the map without them
// (they are the findings' links, not part of the map).
func TestProcessBPMNMapPains(t *testing.T) {
	base := bpmnQuoteMap(t)
	step := base.Nodes[1].ID
	m := process.WithPains(base, []process.PainPoint{
		{ID: "F-007", Text: "Quotes are typed twice", Step: step},
		{ID: "F-008", Text: "Discounts agreed by phone & never written <down>"},
	})
	out := bpmnExport(t, &m, nil)
	bpmnCheckStructure(t, &m, out)
	s := string(out)
	if !strings.Contains(s, "<bpmn:textAnnotation id=\"Pain_1\">\n      <bpmn:text>痛点 F-008: Discounts agreed by phone &amp; never written &lt;down&gt;</bpmn:text>") {
		t.Errorf("no text annotation for the map's pain point:\n%s", s)
	}
	if strings.Contains(s, "F-007:") || !regexp.MustCompile(`<bpmn:documentation>[^<]*F-007`).MatchString(s) {
		t.Error("the finding at a step is not in that step's documentation only")
	}
	shape := regexp.MustCompile(`<bpmndi:BPMNShape id="Shape_Pain_1" bpmnElement="Pain_1">\s*<dc:Bounds x="[0-9.-]+" y="([0-9.-]+)"`).FindStringSubmatch(s)
	if shape == nil {
		t.Fatal("the annotation has no shape in the diagram")
	}
	pool := regexp.MustCompile(`bpmnElement="Participant_1"[^>]*>\s*<dc:Bounds x="[0-9.-]+" y="([0-9.-]+)" width="[0-9.]+" height="([0-9.]+)"`).FindStringSubmatch(s)
	if pool == nil {
		t.Fatal("no pool shape")
	}
	py, _ := strconv.ParseFloat(pool[1], 64)
	ph, _ := strconv.ParseFloat(pool[2], 64)
	if ay, _ := strconv.ParseFloat(shape[1], 64); ay < py+ph {
		t.Errorf("the annotation (y %v) overlaps the pool (y %v, height %v)", ay, py, ph)
	}
	got, err := Read("pains.bpmn", bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	want := process.WithPains(base, []process.PainPoint{{ID: "F-007", Step: step}})
	bpmnSameMap(t, "read back", &want, got)
	if len(got.Pains) != 0 {
		t.Errorf("pain points read back into the map: %v", got.Pains)
	}
}
