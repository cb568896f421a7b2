package crmflow_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report/bpmn"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
	_ "github.com/crmflow/crmflow/sqlite/backend"
)

// TestIDFormsEverywhere feeds each ID form of docs/ids.md to every reader of
// IDs: the process DSL, the BPMN reader, a requirement's source, the research
// and requirement lookups and the meeting ranges. They must all agree: text
// and files take the prefix (Parse), lookups and command arguments also take a
// bare number (ParseRef).
func TestIDFormsEverywhere(t *testing.T) {
	cases := []struct {
		kind crmflow.Kind
		in   string
		text string // written form where a prefix is required, "" when refused
		ref  string // written form where the kind is known, "" when refused
	}{
		{crmflow.KindRequirement, "REQ-004", "REQ-004", "REQ-004"},
		{crmflow.KindRequirement, "req-4", "REQ-004", "REQ-004"},
		{crmflow.KindRequirement, "REQ4", "REQ-004", "REQ-004"},
		{crmflow.KindRequirement, "Req-0004", "REQ-004", "REQ-004"},
		{crmflow.KindRequirement, " REQ-004 ", "REQ-004", "REQ-004"},
		{crmflow.KindRequirement, "4", "", "REQ-004"},
		{crmflow.KindRequirement, "REQ-000", "", ""},
		{crmflow.KindRequirement, "REQ-4a", "", ""},
		{crmflow.KindRequirement, "REQ--4", "", ""},
		{crmflow.KindRequirement, "RQ-4", "", ""},
		{crmflow.KindFinding, "F-001", "F-001", "F-001"},
		{crmflow.KindFinding, "F1", "F-001", "F-001"},
		{crmflow.KindFinding, "f-1", "F-001", "F-001"},
		{crmflow.KindFinding, "f0001", "F-001", "F-001"},
		{crmflow.KindFinding, " F-001 ", "F-001", "F-001"},
		{crmflow.KindFinding, "1", "", "F-001"},
		{crmflow.KindFinding, "F-0", "", ""},
		{crmflow.KindFinding, "F-1x", "", ""},
		{crmflow.KindFinding, "FF-1", "", ""},
	}

	ctx := context.Background()
	a, err := app.Create(ctx, filepath.Join(t.TempDir(), "crmflow.db"),
		crmflow.Project{Name: "ids", Lang: crmflow.LangEN}, nil, app.Options{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, title := range []string{"one", "two", "three", "four"} {
		in := requirements.Input{Requirement: requirements.Requirement{Title: "requirement " + title, Value: 3, Difficulty: 3, Urgency: 3}, ModuleName: "visits"}
		if _, err := a.Requirements.Add(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if f, err := a.Research.AddFinding(ctx, research.Finding{Text: "visit records are lost", Severity: 3}); err != nil || f.ID != "F-001" {
		t.Fatalf("AddFinding = %s, %v", f.ID, err)
	}

	for _, c := range cases {
		isReq := c.kind == crmflow.KindRequirement
		check := func(where, got string, err error, want string) {
			t.Helper()
			switch {
			case want == "" && err == nil:
				t.Errorf("%s(%q) accepted as %q; want it refused", where, c.in, got)
			case want != "" && err != nil:
				t.Errorf("%s(%q): %v; want %s", where, c.in, err, want)
			case want != "" && got != want:
				t.Errorf("%s(%q) = %q; want %s", where, c.in, got, want)
			}
		}

		got, err := dslRef(c.in, isReq)
		check("DSL", got, err, c.text)
		got, err = bpmnRef(c.in, isReq)
		check("BPMN", got, err, c.text)
		if isReq {
			r, err := a.Requirements.Resolve(ctx, c.in)
			check("requirement lookup", r.ID, err, c.ref)
			got, err = meetingRange(c.in)
			check("meeting range", got, err, c.ref)
		} else {
			f, err := a.Research.ResolveFinding(ctx, c.in)
			check("finding lookup", f.ID, err, c.ref)
			id, ok := research.SourceFinding(c.in)
			check("requirement source", id, okErr(ok), c.text)
		}
	}
}

func okErr(ok bool) error {
	if ok {
		return nil
	}
	return crmflow.Errorf(crmflow.EINVALID, "refused")
}

const idFlow = `process "ids" as-is
lane rep "Rep" {
  start s "Start"
  manual a "Visit" [%s]
  end e "End"
}
s -> a -> e
`

// dslRef reads ref as a step's reference in the process DSL.
func dslRef(ref string, isReq bool) (string, error) {
	m, err := process.Parse("ids.flow", []byte(strings.Replace(idFlow, "%s", ref, 1)))
	if err != nil {
		return "", err
	}
	if err := process.Check("ids.flow", m); err != nil {
		return "", err
	}
	return stepRef(m, isReq)
}

// bpmnRef writes a map whose step references F-001 and REQ-004, puts ref in
// their place in the BPMN text, and reads it back.
func bpmnRef(ref string, isReq bool) (string, error) {
	m, err := process.Parse("ids.flow", []byte(strings.Replace(idFlow, "%s", "F-001, REQ-004", 1)))
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := bpmn.Write(&b, m, process.Lay(m)); err != nil {
		return "", err
	}
	old := "REQ-004"
	if !isReq {
		old = "F-001"
	}
	if bytes.Count(b.Bytes(), []byte(old)) != 1 {
		return "", crmflow.Errorf(crmflow.EINTERNAL, "the BPMN export names %s %d times", old, bytes.Count(b.Bytes(), []byte(old)))
	}
	got, err := bpmn.Read("ids.bpmn", bytes.NewReader(bytes.Replace(b.Bytes(), []byte(old), []byte(ref), 1)))
	if err != nil {
		return "", err
	}
	return stepRef(got, isReq)
}

func stepRef(m *process.Map, isReq bool) (string, error) {
	for _, n := range m.Nodes {
		refs := n.Findings
		if isReq {
			refs = n.Reqs
		}
		if len(refs) == 1 {
			return refs[0], nil
		}
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "no step kept the reference")
}

// meetingRange reads ref..ref as a meeting's range of requirements.
func meetingRange(ref string) (string, error) {
	ids, err := meeting.ExpandRange(ref+".."+ref, nil)
	if err != nil {
		return "", err
	}
	return strings.Join(ids, ","), nil
}
