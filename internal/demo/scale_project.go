package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/acceptance"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/milestones"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/stakeholder"
	"github.com/crmflow/crmflow/survey"
)

// ScaleServices are the services ScaleProject writes through.
type ScaleServices struct {
	Reqs         *requirements.Service
	Stakeholders *stakeholder.Service
	Meetings     *meeting.Service
	Baselines    baseline.Store
	Changes      *change.Service
	Milestones   *milestones.Service
	Research     *research.Service
	Surveys      *survey.Service
	Acceptance   *acceptance.Service
}

// ScaleSummary says what ScaleProject recorded beside the requirements.
type ScaleSummary struct {
	Interviews, Responses, Milestones int
	Baseline                          string // v1.0
	Frozen, Confirmed                 int    // requirements frozen into it; confirmed after it
	Changes                           int    // change requests, in every state but applied
	Cases, Rounds                     int    // UAT test cases and rounds with results
}

// The large project of issue 18 at 5,000 requirements: 300 interviews, 2,000
// survey responses, 100 change requests and 40 milestones, each in proportion
// to the register, and 3 UAT rounds.
const (
	scaleInterviewsPer = 300
	scaleResponsesPer  = 2000
	scaleChangesPer    = 100
	scaleMilestonesPer = 40
	scalePer           = 5000
	scaleRounds        = 3
)

// per is k per scalePer requirements of n, at least 1.
func per(n, k int) int { return max(1, n*k/scalePer) }

// ScaleProject gives a register made by Scale the rest of a large project,
// every part written in few transactions or one per record, so the time
// grows with n: interviews, a questionnaire and its responses, the plan's
// milestones, a freeze (v1.0) of what is confirmed, a confirmation meeting
// that confirms about half of the drafts left (so a second freeze has work),
// change requests on the baseline (submitted, analysed, approved and
// rejected; none applied, as each application makes a baseline) and three
// UAT rounds with results on its test cases. The data depends on n only.
func ScaleProject(ctx context.Context, s ScaleServices, n int, today string) (ScaleSummary, error) {
	var sum ScaleSummary
	rng := rand.New(rand.NewPCG(scaleSeed1, scaleSeed2+1))
	wrap := func(what string, err error) error { return fmt.Errorf("demo scale: %s: %w", what, err) }

	for i := range per(n, scaleInterviewsPer) {
		iv := research.Interview{With: scalePerson(i), Role: pick(rng, scaleRoles), Org: "合成客户",
			Date: fmt.Sprintf("2026-%02d-%02d", 9+i%3, 1+i%28),
			Notes: "# 现状\n" + cat(pick(rng, scaleRoles), "在", pick(rng, scaleScenes), "时", pick(rng, scalePains), "。") +
				"\n\n# 期望\n" + cat("希望", pick(rng, scaleObjects[""]), pick(rng, scaleActions).name, "。") + "\n"}
		if _, err := s.Research.AddInterview(ctx, iv); err != nil {
			return sum, wrap("interview", err)
		}
		sum.Interviews++
	}

	q, err := s.Surveys.New(ctx, SurveyTitle, []string{"sales-rep", "sales-director", "marketing"}, crmflow.LangZH)
	if err != nil {
		return sum, wrap("questionnaire", err)
	}
	plan, err := s.Surveys.PlanImport(ctx, &q, scaleSurveyFiles(&q, per(n, scaleResponsesPer)), false)
	if err != nil {
		return sum, wrap("survey import", err)
	}
	if len(plan.Problems) > 0 {
		return sum, wrap("survey import", plan.Problems[0])
	}
	if err := s.Surveys.ApplyImport(ctx, plan); err != nil {
		return sum, wrap("survey import", err)
	}
	sum.Responses = len(plan.Responses)

	if sum.Milestones, err = scaleMilestones(ctx, s.Milestones, per(n, scaleMilestonesPer)); err != nil {
		return sum, wrap("plan", err)
	}

	// The baseline, then the meeting that confirms half of the drafts left.
	b, err := (&baseline.Service{Store: s.Baselines}).Freeze(ctx, "v1.0", "合成项目的第一条基线")
	if err != nil {
		return sum, wrap("freeze", err)
	}
	sum.Baseline = b.Name
	all, err := s.Reqs.Store.Requirements(ctx)
	if err != nil {
		return sum, err
	}
	var frozen, confirm []string
	for i, r := range all {
		switch {
		case r.Status == requirements.Frozen:
			frozen = append(frozen, r.ID)
		case r.Status == requirements.Draft && i%2 == 0:
			confirm = append(confirm, r.ID)
		}
	}
	sum.Frozen = len(frozen)
	if _, err := s.Stakeholders.Add(ctx, stakeholder.Stakeholder{Name: "王总", Org: "合成客户", Role: "销售副总裁",
		Can: []stakeholder.Capability{stakeholder.Approve, stakeholder.Signoff}}); err != nil {
		return sum, wrap("stakeholder", err)
	}
	if len(confirm) > 0 {
		m, err := s.Meetings.Add(ctx, meeting.Input{Kind: meeting.Confirmation, Date: today, Title: "需求确认会（第二期）",
			Attendees: []string{"王总"}, Notes: "# 结论\n第二期草稿需求逐条确认。\n", Confirm: confirm})
		if err != nil {
			return sum, wrap("meeting", err)
		}
		sum.Confirmed = m.Count(meeting.Confirm)
	}

	if sum.Changes, err = scaleChanges(ctx, s.Changes, all, frozen, per(n, scaleChangesPer)); err != nil {
		return sum, err
	}
	if sum.Cases, sum.Rounds, err = scaleUAT(ctx, s.Acceptance, b.Name, rng); err != nil {
		return sum, err
	}
	return sum, nil
}

// scalePerson is the i-th of distinct made-up names.
func scalePerson(i int) string {
	name := surnames[i%len(surnames)] + given[(i/len(surnames))%len(given)]
	if k := i / (len(surnames) * len(given)); k > 0 {
		name += strconv.Itoa(k + 1)
	}
	return name
}

// scaleSurveyFiles are n filled questionnaires, in the proportions of the
// demo's roles, a hundred respondents a file as a region's batch comes back.
func scaleSurveyFiles(q *survey.Questionnaire, n int) []survey.FilledFile {
	rng := rand.New(rand.NewPCG(20261125, 8))
	total := 0
	for _, rr := range surveyRoles {
		total += rr.n
	}
	const perFile = 100
	var files []survey.FilledFile
	person := 0
	for ri, rr := range surveyRoles {
		count := n * rr.n / total
		if ri == len(surveyRoles)-1 {
			count = n - person
		}
		qs := q.QuestionsFor(rr.key)
		rows := map[string]int{}
		for i, x := range qs {
			rows[x.Key] = 6 + i
		}
		roleName := rr.key
		if r, ok := q.Role(rr.key); ok {
			roleName = r.Name(crmflow.LangZH)
		}
		for start := 0; start < count; start += perFile {
			region := regions[len(files)%len(regions)]
			sh := survey.FilledSheet{Sheet: roleName, Role: rr.key, Rows: rows}
			for k := start; k < min(start+perFile, count); k++ {
				col := survey.FilledColumn{Column: columnLetter(5 + len(sh.Columns)), Answers: map[string]survey.FilledCell{},
					Name: survey.FilledCell{Row: 2, Text: scalePerson(person)}, Department: survey.FilledCell{Row: 3, Text: region + roleName},
					Date: survey.FilledCell{Row: 4, Text: demoDate(rng, k)}}
				person++
				for _, x := range qs {
					if text := demoAnswer(rng, &x, demoWeights[x.Key]); text != "" {
						col.Answers[x.Key] = survey.FilledCell{Row: rows[x.Key], Text: text}
					}
				}
				sh.Columns = append(sh.Columns, col)
			}
			files = append(files, survey.FilledFile{File: fmt.Sprintf("问卷-%s-%03d.xlsx", region, len(files)+1),
				Questionnaire: q.ID, Revision: q.Revision, Sheets: []survey.FilledSheet{sh}})
		}
	}
	return files
}

// scaleMilestones lays out the standard plan and adds milestones beside its
// stages until there are n.
func scaleMilestones(ctx context.Context, s *milestones.Service, n int) (int, error) {
	p, err := s.Init(ctx, milestones.InitInput{Template: "crm-standard", Lang: crmflow.LangZH, Start: demoPlanStart})
	if err != nil {
		return 0, err
	}
	stages := make([]string, len(p.Milestones))
	for i, m := range p.Milestones {
		stages[i] = m.ID
	}
	have := len(stages)
	for i := 0; have < n; i++ {
		if _, err := s.Add(ctx, milestones.MilestoneInput{Name: fmt.Sprintf("专项工作包 %d", i+1), Owner: scaleOwners[i%len(scaleOwners)],
			Duration: strconv.Itoa(2+i%5) + "d", After: []string{stages[i%len(stages)]}, Deliverables: []string{"工作包交付物"}}); err != nil {
			return have, err
		}
		have++
	}
	return have, nil
}

// scaleChanges records n change requests, each changing the value, urgency
// or difficulty of a frozen requirement: two in five left submitted, one in
// five analysed, a quarter approved and the rest rejected.
func scaleChanges(ctx context.Context, s *change.Service, all []requirements.Requirement, frozen []string, n int) (int, error) {
	if len(frozen) == 0 {
		return 0, nil
	}
	byID := make(map[string]requirements.Requirement, len(all))
	for _, r := range all {
		byID[r.ID] = r
	}
	step := max(1, len(frozen)/n)
	done := 0
	for i := range n {
		r := byID[frozen[(i*step)%len(frozen)]]
		field, cur := "value", r.Value
		switch i % 3 {
		case 1:
			field, cur = "urgency", r.Urgency
		case 2:
			field, cur = "difficulty", r.Difficulty
		}
		cr, err := s.New(ctx, change.NewInput{Title: cat("调整", r.ID, "的评分"), By: "王总",
			Reason: "业务部门复核后认为原评分不准确。", Reqs: []string{r.ID}, Set: []string{field + "=" + strconv.Itoa(cur%5+1)}})
		if err != nil {
			return done, fmt.Errorf("demo scale: change request %d: %w", i+1, err)
		}
		done++
		k := i * 20 / n // the share of the requests before this one
		if k < 8 {
			continue
		}
		if _, err := s.Analyze(ctx, cr.ID, change.AnalyzeInput{Effort: strconv.Itoa(1+i%3) + "d", Risk: "low", Comment: "只改评分，不影响进度。"}); err != nil {
			return done, fmt.Errorf("demo scale: %s: %w", cr.ID, err)
		}
		to, comment := change.Approved, "同意。"
		switch {
		case k < 12:
			continue
		case k >= 17:
			to, comment = change.Rejected, "维持原评分。"
		}
		if _, err := s.Decide(ctx, cr.ID, to, "王总", comment); err != nil {
			return done, fmt.Errorf("demo scale: %s: %w", cr.ID, err)
		}
	}
	return done, nil
}

// scaleUAT generates the baseline's test cases and runs three rounds on
// them, each importing every case's result the way a returned workbook
// does: failures and blocks fewer each round.
func scaleUAT(ctx context.Context, s *acceptance.Service, bl string, rng *rand.Rand) (int, int, error) {
	if _, _, err := s.Generate(ctx, bl, crmflow.LangZH); err != nil {
		return 0, 0, fmt.Errorf("demo scale: test cases: %w", err)
	}
	testers := []string{"张经理", "赵主管", "钱专员"}
	cases, rounds := 0, 0
	failPct := []int{20, 8, 2}
	for k := range scaleRounds {
		r, err := s.NewRound(ctx, acceptance.Round{Name: fmt.Sprintf("UAT 第%d轮", k+1), Baseline: bl, Testers: testers})
		if err != nil {
			return cases, rounds, fmt.Errorf("demo scale: UAT round %d: %w", k+1, err)
		}
		st, err := s.Status(ctx, r.ID)
		if err != nil {
			return cases, rounds, err
		}
		cases = len(st.Cases)
		rows := make([]acceptance.SheetRow, 0, len(st.Cases))
		for i, c := range st.Cases {
			result, comment := "通过", ""
			switch x := rng.IntN(100); {
			case x < failPct[k]/4:
				result, comment = "阻塞", "测试环境缺少样本数据"
			case x < failPct[k]:
				result, comment = "不通过", "实际结果与预期不符"
			}
			rows = append(rows, acceptance.SheetRow{Row: i + 4, Cells: map[string]acceptance.Cell{
				acceptance.FieldCase: {Value: c.Case.ID}, acceptance.FieldResult: {Value: result}, acceptance.FieldTester: {Value: testers[i%len(testers)]},
				acceptance.FieldDate: {Value: fmt.Sprintf("2026-12-%02d", 1+k*7+i%5)}, acceptance.FieldComment: {Value: comment}}})
		}
		if _, _, err := s.ImportResults(ctx, r.ID, "UAT测试清单.xlsx", "UAT用例", rows, false); err != nil {
			return cases, rounds, fmt.Errorf("demo scale: UAT round %d results: %w", k+1, err)
		}
		rounds++
	}
	return cases, rounds, nil
}
