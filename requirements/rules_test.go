package requirements_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// The rules hold whatever the path: these tests drive the service and the
// import; testdata/script/rules_every_path.txtar drives the commands.

func TestCheckVerifiable(t *testing.T) {
	confirmed := func(id string, criteria ...string) *requirements.Requirement {
		return &requirements.Requirement{ID: id, Title: "t", Status: requirements.Confirmed, Criteria: criteria}
	}
	draft := &requirements.Requirement{ID: "REQ-001", Status: requirements.Draft}
	for _, c := range []struct {
		name          string
		before, after *requirements.Requirement
		refused       bool
	}{
		{"new confirmed without criteria", nil, confirmed(""), true},
		{"new confirmed with criteria", nil, confirmed("", "c"), false},
		{"new draft without criteria", nil, &requirements.Requirement{Status: requirements.Draft}, false},
		{"confirming without criteria", draft, confirmed("REQ-001"), true},
		{"dropping the last criterion of a confirmed one", confirmed("REQ-001", "c"), confirmed("REQ-001"), true},
		{"an old confirmed one without criteria stays editable", confirmed("REQ-001"), confirmed("REQ-001"), false},
		{"a frozen one is not this rule's", nil, &requirements.Requirement{Status: requirements.Frozen}, false},
	} {
		err := requirements.CheckVerifiable(c.before, c.after)
		if (err != nil) != c.refused {
			t.Errorf("%s: err = %v, want refused=%v", c.name, err, c.refused)
		}
		if err != nil && (crmflow.ErrorCode(err) != crmflow.EINVALID || crmflow.ErrorTry(err) != "" || !strings.Contains(err.Error(), "acceptance criteria")) {
			t.Errorf("%s: error %q (code %s, try %q)", c.name, err, crmflow.ErrorCode(err), crmflow.ErrorTry(err))
		}
	}
}

func TestCheckRemovable(t *testing.T) {
	r := requirements.Requirement{ID: "REQ-001", Status: requirements.Draft}
	if err := requirements.CheckRemovable(r, []requirements.Link{
		{From: "REQ-001", To: "REQ-009", Kind: requirements.LinkParent}, // its own parent does not keep it
		{From: "REQ-003", To: "REQ-001", Kind: requirements.LinkRelatesTo},
	}); err != nil {
		t.Errorf("a draft nothing descends from: %v", err)
	}
	err := requirements.CheckRemovable(r, []requirements.Link{{From: "REQ-002", To: "REQ-001", Kind: requirements.LinkParent}})
	var e *crmflow.Error
	if !errors.As(err, &e) || e.Code != crmflow.ECONFLICT || e.ID != "REQ-001" || e.Facts["child"] != "REQ-002" || e.Try != "" ||
		!strings.Contains(e.Message, "REQ-001 is the parent of REQ-002") {
		t.Errorf("a parent: %#v", err)
	}
	r.Status = requirements.Confirmed
	if err := requirements.CheckRemovable(r, nil); crmflow.ErrorCode(err) != crmflow.ECONFLICT || !strings.Contains(err.Error(), "only drafts") {
		t.Errorf("a confirmed one: %v", err)
	}
}

func TestServiceRefusesConfirmedWithoutCriteria(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	in := requirements.Input{ModuleName: "拜访跟进"}
	in.Title, in.Value, in.Difficulty, in.Urgency, in.Status = "无标准", 3, 3, 3, requirements.Confirmed
	if _, err := svc.Add(ctx, in); crmflow.ErrorCode(err) != crmflow.EINVALID || !strings.Contains(err.Error(), "acceptance criteria") {
		t.Fatalf("Add of a confirmed requirement without criteria: %v", err)
	}
	// In a batch, nothing is written.
	ok := in
	ok.Title, ok.Criteria = "有标准", []string{"c"}
	if _, err := svc.Add(ctx, ok, in); err == nil {
		t.Fatal("a batch holding a confirmed requirement without criteria was added")
	}
	if rs, _ := svc.Store.Requirements(ctx); len(rs) != 0 {
		t.Fatalf("a refused Add wrote %d requirements", len(rs))
	}
	// A draft without criteria is fine; confirmed with criteria too.
	in.Status = requirements.Draft
	if _, err := svc.Add(ctx, in, ok); err != nil {
		t.Fatal(err)
	}
	// An edit cannot take the last criterion from a confirmed requirement.
	none := []string{}
	if _, err := svc.Edit(ctx, "REQ-002", requirements.Patch{Criteria: &none}); crmflow.ErrorCode(err) != crmflow.EINVALID ||
		!strings.Contains(err.Error(), "REQ-002 has no acceptance criteria") {
		t.Fatalf("Edit dropping the criteria of a confirmed requirement: %v", err)
	}
	r, _ := svc.Resolve(ctx, "REQ-002")
	if len(r.Criteria) != 1 || r.Revision != 1 {
		t.Fatalf("a refused edit wrote: %+v", r)
	}
	// Nor can a status change confirm one without criteria.
	if _, err := svc.SetStatus(ctx, "REQ-001", requirements.Confirmed); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Fatalf("SetStatus confirmed without criteria: %v", err)
	}
}

func TestImportRefusesConfirmedWithoutCriteria(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	a := add(t, svc, "A", "拜访跟进", requirements.Confirmed)
	d := add(t, svc, "D", "拜访跟进", requirements.Draft)

	// A new row, confirmed in the sheet, with no criteria: refused at its criteria cell.
	plan, err := svc.PlanImport(ctx, []requirements.ImportRow{
		row(4, "", 0, map[string]string{"title": "新", "module": "拜访跟进", "status": "已确认", "criteria": ""}),
		row(5, "", 0, map[string]string{"title": "新草稿", "module": "拜访跟进", "criteria": ""}),
	}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Problems) != 1 || plan.Problems[0].Row != 4 || plan.Problems[0].Header != "criteria" ||
		!strings.Contains(plan.Problems[0].Message, "acceptance criteria") || len(plan.New) != 1 {
		t.Fatalf("new confirmed row without criteria: %+v", plan)
	}
	if err := svc.ApplyImport(ctx, plan); err == nil {
		t.Fatal("the plan was applied")
	}

	// An existing confirmed requirement whose criteria the sheet clears; a
	// draft confirmed in the sheet with its criteria cleared: both refused.
	ac := exported(2, a)
	ac["criteria"] = ""
	dc := exported(3, d)
	dc["criteria"], dc["status"] = "", "已确认"
	plan, _ = svc.PlanImport(ctx, []requirements.ImportRow{row(2, a.ID, 1, ac), row(3, d.ID, 1, dc)}, requirements.ImportMeta{}, requirements.ImportOptions{})
	if len(plan.Problems) != 2 || len(plan.Changed) != 0 {
		t.Fatalf("clearing criteria of confirmed requirements: %+v", plan)
	}
	for _, p := range plan.Problems {
		if !strings.Contains(p.Message, "has no acceptance criteria") {
			t.Errorf("problem %q", p.Error())
		}
	}
	if rs, _ := svc.Store.Requirements(ctx); len(rs) != 2 || len(rs[0].Criteria) != 1 {
		t.Fatalf("a refused import wrote: %+v", rs)
	}
}

func TestDeleteMissingKeepsParents(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	child := add(t, svc, "child", "拜访跟进", requirements.Draft)
	parent := add(t, svc, "parent", "拜访跟进", requirements.Draft)
	loose := add(t, svc, "loose", "拜访跟进", requirements.Draft)
	if _, err := svc.Link(ctx, child.ID, parent.ID, requirements.LinkParent); err != nil {
		t.Fatal(err)
	}
	// The file lists only the child: the parent and the loose draft are missing.
	rows := []requirements.ImportRow{row(2, child.ID, 1, exported(2, child))}
	opt := requirements.ImportOptions{DeleteMissing: true}
	plan, err := svc.PlanImport(ctx, rows, requirements.ImportMeta{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Problems) != 1 || !strings.Contains(plan.Problems[0].Message, parent.ID+" is the parent of "+child.ID) ||
		len(plan.Deleted) != 1 || plan.Deleted[0] != loose.ID {
		t.Fatalf("--delete-missing and a parent: %+v", plan)
	}
	if err := svc.ApplyImport(ctx, plan); err == nil {
		t.Fatal("the plan was applied")
	}

	// The rule holds inside the transaction too: the link made between plan and apply.
	if _, err := svc.Unlink(ctx, child.ID, parent.ID, requirements.LinkParent); err != nil {
		t.Fatal(err)
	}
	plan, _ = svc.PlanImport(ctx, rows, requirements.ImportMeta{}, opt)
	if !plan.OK() || len(plan.Deleted) != 2 {
		t.Fatalf("after unlinking: %+v", plan)
	}
	if _, err := svc.Link(ctx, child.ID, parent.ID, requirements.LinkParent); err != nil {
		t.Fatal(err)
	}
	err = svc.ApplyImport(ctx, plan)
	if crmflow.ErrorCode(err) != crmflow.ECONFLICT || !strings.Contains(err.Error(), parent.ID+" is the parent of "+child.ID) {
		t.Fatalf("apply after the link came back: %v", err)
	}
	if rs, _ := svc.Store.Requirements(ctx); len(rs) != 3 {
		t.Fatalf("a refused import removed requirements: %d left", len(rs))
	}

	// req rm holds the same rule.
	if _, err := svc.Remove(ctx, parent.ID); crmflow.ErrorCode(err) != crmflow.ECONFLICT || !strings.Contains(err.Error(), "is the parent of") {
		t.Fatalf("Remove of a parent: %v", err)
	}
	if _, err := svc.Remove(ctx, loose.ID); err != nil {
		t.Fatal(err)
	}
}
