package app

import (
	"context"
	"fmt"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
)

// AcceptanceDemo is what DemoAcceptance recorded.
type AcceptanceDemo struct {
	Round    acceptance.Round      `json:"round"`
	Cases    int                   `json:"cases"`
	Defects  []acceptance.Defect   `json:"defects"`
	Verified []string              `json:"verified"`
	Verdict  acceptance.Assessment `json:"verdict"`
}

// DemoAcceptance runs the demo's acceptance on the newest baseline: test
// cases generated from the acceptance criteria, one UAT round whose results
// go through the same checks as a returned workbook (mostly passing; two
// failures, each with a defect; one case blocked), then the 严重 defect
// fixed and re-verified and its case passing on a re-test. The 一般 defect
// stays open with an owner and a deadline, so the verdict is 有条件通过.
// It needs a baseline whose requirements hold at least four criteria.
func (a *App) DemoAcceptance(ctx context.Context, testers []string) (AcceptanceDemo, error) {
	var out AcceptanceDemo
	lang := a.Lang(ctx)
	if _, _, err := a.Acceptance.Generate(ctx, "", lang); err != nil {
		return out, err
	}
	name := "UAT 第一轮"
	if lang == crmflow.LangEN {
		name = "UAT round 1"
	}
	round, err := a.Acceptance.NewRound(ctx, acceptance.Round{Name: name, Testers: testers})
	if err != nil {
		return out, err
	}
	st, err := a.Acceptance.Status(ctx, round.ID)
	if err != nil {
		return out, err
	}
	n := len(st.Cases)
	if n < 4 {
		return out, crmflow.Errorf(crmflow.EINVALID, "the demo's UAT round needs at least 4 test cases; the baseline gives %d", n)
	}
	major, minor, blocked := n/4, n/2, 3*n/4
	tr := func(zh, en string) string {
		if lang == crmflow.LangEN {
			return en
		}
		return zh
	}
	tester := func(i int) string {
		if len(testers) == 0 {
			return ""
		}
		return testers[i%len(testers)]
	}
	rows := make([]acceptance.SheetRow, 0, n)
	for i, c := range st.Cases {
		result, comment := tr("通过", "Pass"), ""
		switch i {
		case major, minor:
			result, comment = tr("不通过", "Fail"), tr("实际结果与预期不符", "The result differs from the expected one")
		case blocked:
			result, comment = tr("阻塞", "Blocked"), tr("测试环境缺少迁移样本数据", "The test environment lacks the migrated sample data")
		}
		day := fmt.Sprintf("2026-12-%02d", 1+i%3)
		rows = append(rows, acceptance.SheetRow{Row: i + 4, Cells: map[string]acceptance.Cell{
			acceptance.FieldCase: {Value: c.Case.ID}, acceptance.FieldResult: {Value: result}, acceptance.FieldTester: {Value: tester(i)},
			acceptance.FieldDate: {Value: day}, acceptance.FieldComment: {Value: comment}}})
	}
	file := tr("UAT测试清单.xlsx", "uat-checklist.xlsx")
	sheet := tr("UAT用例", "UAT cases")
	_, verified, err := a.Acceptance.ImportResults(ctx, round.ID, file, sheet, rows, false)
	if err != nil {
		return out, err
	}
	d1, err := a.Acceptance.AddDefect(ctx, acceptance.DefectInput{Case: st.Cases[major].Case.ID, Round: round.ID, Severity: string(acceptance.Major),
		Title: tr("保存后主管端未按时可见", "The manager does not see the record in time"), Owner: tr("李工", "Li"), Due: "2026-12-08"})
	if err != nil {
		return out, err
	}
	d2, err := a.Acceptance.AddDefect(ctx, acceptance.DefectInput{Case: st.Cases[minor].Case.ID, Round: round.ID, Severity: string(acceptance.Minor),
		Title: tr("提示文字有错别字", "A typo in the hint text"), Owner: tr("赵工", "Zhao"), Due: "2026-12-15"})
	if err != nil {
		return out, err
	}
	for _, to := range []acceptance.DefectState{acceptance.Fixed, acceptance.Verified} {
		if d1, err = a.Acceptance.MoveDefect(ctx, d1.ID, to, tr("复测通过", "Re-tested")); err != nil {
			return out, err
		}
	}
	// The re-test of the fixed case, recorded against the round.
	retest := rows[major]
	retest.Cells = map[string]acceptance.Cell{acceptance.FieldCase: retest.Cells[acceptance.FieldCase], acceptance.FieldResult: {Value: tr("通过", "Pass")},
		acceptance.FieldTester: retest.Cells[acceptance.FieldTester], acceptance.FieldDate: {Value: "2026-12-04"},
		acceptance.FieldComment: {Value: tr("缺陷修复后复测通过", "Passed on re-test after the fix")}, acceptance.FieldDefect: {Value: d1.ID}}
	fail := rows[minor]
	fail.Cells[acceptance.FieldDefect] = acceptance.Cell{Value: d2.ID}
	_, more, err := a.Acceptance.ImportResults(ctx, round.ID, file, sheet, []acceptance.SheetRow{retest, fail}, false)
	if err != nil {
		return out, err
	}
	st2, verdict, defs, err := a.Acceptance.Assess(ctx, round.ID)
	if err != nil {
		return out, err
	}
	return AcceptanceDemo{Round: round, Cases: len(st2.Cases), Defects: defs, Verified: append(verified, more...), Verdict: verdict}, nil
}

// demoTesters are the demo round's testers, the client's key users.
var demoTesters = []string{"张经理", "赵主管"}

// writeAcceptanceDocs writes what the client receives of the demo's UAT
// round: the workbook, the acceptance report (md and html, in both
// languages like the specification) and the trace matrix (xlsx and html).
func (a *App) writeAcceptanceDocs(ctx context.Context, sum AcceptanceDemo, build func(string, Document, error) error) error {
	l := a.Lang(ctx)
	d, _, err := a.UATWorkbookDocument(ctx, sum.Round.ID, l)
	if err := build(d.Name, d, err); err != nil {
		return err
	}
	for _, rl := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		for _, fm := range []Format{FormatMarkdown, FormatHTML} {
			d, err := a.AcceptanceDocument(ctx, sum.Round.ID, rl, fm)
			if err := build(d.Name, d, err); err != nil {
				return err
			}
		}
	}
	for _, fm := range []string{MatrixXLSX, MatrixHTML} {
		d, err := a.TraceMatrixDocument(ctx, "", l, fm)
		if err := build(d.Name, d, err); err != nil {
			return err
		}
	}
	return nil
}
