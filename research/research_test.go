package research

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/templates"
)

func TestInterviewValidate(t *testing.T) {
	ok := Interview{With: "张总", Role: "销售总监", Date: "2026-11-20", Notes: "## 痛点"}
	cases := []struct {
		name string
		edit func(*Interview)
		want string // "" for valid
	}{
		{"valid", func(*Interview) {}, ""},
		{"bad month", func(iv *Interview) { iv.Date = "2026-13-01" }, "is not a date"},
		{"no dashes", func(iv *Interview) { iv.Date = "20261120" }, "is not a date"},
		{"feb 30", func(iv *Interview) { iv.Date = "2026-02-30" }, "is not a date"},
		{"empty date", func(iv *Interview) { iv.Date = "" }, "is not a date"},
		{"no one", func(iv *Interview) { iv.With = " " }, "who (--with) is empty"},
		{"two-line role", func(iv *Interview) { iv.Role = "a\nb" }, "role must be one line"},
		{"empty notes", func(iv *Interview) { iv.Notes = " \n " }, "notes are empty"},
		{"long notes", func(iv *Interview) { iv.Notes = strings.Repeat("字", MaxNotesLen+1) }, "the limit is"},
		{"long name", func(iv *Interview) { iv.With = strings.Repeat("x", MaxNameLen+1) }, "the limit is"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			iv := ok
			c.edit(&iv)
			iv.Normalize()
			err := iv.Validate()
			if c.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) || crmflow.ErrorCode(err) != crmflow.EINVALID {
				t.Fatalf("Validate = %v, want EINVALID containing %q", err, c.want)
			}
		})
	}
}

func TestFindingValidate(t *testing.T) {
	v := 30.0
	cases := []struct {
		name string
		f    Finding
		want string
	}{
		{"valid", Finding{Text: "丢失", Measure: "丢失率", Value: &v, Unit: "%"}, ""},
		{"measure only", Finding{Text: "丢失", Measure: "丢失率"}, ""},
		{"empty text", Finding{Text: "  "}, "text is empty"},
		{"value without measure", Finding{Text: "丢失", Value: &v}, "needs the measure"},
		{"unit without measure", Finding{Text: "丢失", Unit: "%"}, "needs the measure"},
		{"severity 6", Finding{Text: "丢失", Severity: 6}, "severity must be an integer 1–5"},
		{"severity -1", Finding{Text: "丢失", Severity: -1}, "severity must be"},
		{"long text", Finding{Text: strings.Repeat("字", MaxTextLen+1)}, "the limit is"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := c.f
			f.Normalize()
			err := f.Validate()
			if c.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if f.Severity != DefaultSeverity {
					t.Errorf("severity = %d, want the default %d", f.Severity, DefaultSeverity)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Validate = %v, want %q", err, c.want)
			}
		})
	}
}

func TestParsers(t *testing.T) {
	for _, s := range []string{"30", " 2.5 ", "-1", "1e3"} {
		if _, err := ParseValue(s); err != nil {
			t.Errorf("ParseValue(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "30%", "三成", "NaN", "Inf", "1,5"} {
		if _, err := ParseValue(s); err == nil {
			t.Errorf("ParseValue(%q) accepted", s)
		}
	}
	for s, want := range map[string]int{"1": 1, "5": 5, " 3 ": 3} {
		if n, err := ParseSeverity(s); err != nil || n != want {
			t.Errorf("ParseSeverity(%q) = %d, %v", s, n, err)
		}
	}
	for _, s := range []string{"0", "6", "high", ""} {
		if _, err := ParseSeverity(s); err == nil {
			t.Errorf("ParseSeverity(%q) accepted", s)
		}
	}
	for s, want := range map[string]Verdict{"yes": Yes, "YES": Yes, "有": Yes, "no": No, "无": No, "partial": Partial, "部分": Partial} {
		if v, err := ParseVerdict(s); err != nil || v != want {
			t.Errorf("ParseVerdict(%q) = %q, %v", s, v, err)
		}
	}
	if _, err := ParseVerdict("maybe"); err == nil {
		t.Error("ParseVerdict(maybe) accepted")
	}
	ids := map[string]string{"F-1": "F-001", "f-0002": "F-002", "F12": "F-012", "F-1000": "F-1000"}
	for in, want := range ids {
		if got, ok := crmflow.KindFinding.Normalize(in); !ok || got != want {
			t.Errorf("NormalizeFindingID(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"3", "访谈：张总", "F-", "REQ-001", "F-1 and F-2"} {
		if got, ok := crmflow.KindFinding.Normalize(in); ok {
			t.Errorf("NormalizeFindingID(%q) = %q; want no finding", in, got)
		}
	}
	if got, ok := crmflow.KindFinding.NormalizeRef("3"); !ok || got != "F-003" {
		t.Errorf("bare 3 = %q, %v", got, ok)
	}
	if got, ok := crmflow.KindInterview.NormalizeRef("int-2"); !ok || got != "INT-002" {
		t.Errorf("NormalizeInterviewID(int-2) = %q, %v", got, ok)
	}
}

func TestMeasureText(t *testing.T) {
	v30, v4 := 30.0, 4.5
	cases := []struct {
		f    Finding
		want string
	}{
		{Finding{Measure: "丢失率", Value: &v30, Unit: "%"}, "丢失率 30%"},
		{Finding{Measure: "耗时", Value: &v4, Unit: "小时"}, "耗时 4.5 小时"},
		{Finding{Measure: "客户数", Value: &v30}, "客户数 30"},
		{Finding{Measure: "丢失率"}, "丢失率"},
		{Finding{}, ""},
	}
	for _, c := range cases {
		if got := c.f.MeasureText(); got != c.want {
			t.Errorf("MeasureText(%+v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func TestRank(t *testing.T) {
	v := 1.0
	fs := []FindingView{
		{Finding: Finding{ID: "F-001", Severity: 3}},
		{Finding: Finding{ID: "F-002", Severity: 5}},
		{Finding: Finding{ID: "F-003", Severity: 3, Measure: "m", Value: &v}},
		{Finding: Finding{ID: "F-1000", Severity: 3}},
		{Finding: Finding{ID: "F-004", Severity: 5, Measure: "m"}},
		{Finding: Finding{ID: "F-005", Severity: 1}},
	}
	var got []string
	for _, f := range Rank(fs) {
		got = append(got, f.ID)
	}
	want := []string{"F-004", "F-002", "F-003", "F-001", "F-1000", "F-005"}
	if !slices.Equal(got, want) {
		t.Errorf("Rank = %v, want %v", got, want)
	}
	if fs[0].ID != "F-001" {
		t.Error("Rank sorted its argument in place")
	}
}

func TestBuildMatrix(t *testing.T) {
	cs := []Competitor{
		{Name: "销售易", Features: []Feature{{Feature: "移动拜访", Verdict: Yes}, {Feature: "离线", Verdict: Partial, Note: "仅文字"}}},
		{Name: "纷享销客", Features: []Feature{{Feature: "ERP", Verdict: No}, {Feature: "移动拜访", Verdict: Yes}}},
		{Name: "空"},
	}
	m := BuildMatrix(cs)
	if !slices.Equal(m.Competitors, []string{"销售易", "纷享销客", "空"}) {
		t.Fatalf("competitors = %v", m.Competitors)
	}
	var feats []string
	for _, r := range m.Rows {
		feats = append(feats, r.Feature)
		if len(r.Cells) != 3 {
			t.Fatalf("%s has %d cells, want 3", r.Feature, len(r.Cells))
		}
	}
	if !slices.Equal(feats, []string{"移动拜访", "离线", "ERP"}) {
		t.Errorf("features = %v, want first-appearance order", feats)
	}
	if c := m.Rows[1].Cells[0]; c.Verdict != Partial || c.Note != "仅文字" || c.Competitor != "销售易" {
		t.Errorf("离线 × 销售易 = %+v", c)
	}
	if c := m.Rows[2].Cells[0]; c.Verdict != "" {
		t.Errorf("unrecorded cell = %+v, want an empty verdict", c)
	}
	if e := BuildMatrix(nil); e.Competitors == nil || e.Rows == nil {
		t.Error("an empty matrix has nil lists (JSON null)")
	}
}

// reqStore is a minimal requirements.Store for promote tests.
type reqStore struct {
	requirements.Store // unused methods panic
	reqs               []requirements.Requirement
}

func (s *reqStore) CreateRequirements(_ context.Context, rs []*requirements.Requirement) error {
	for _, r := range rs {
		r.ID = crmflow.KindRequirement.Format(len(s.reqs) + 1)
		s.reqs = append(s.reqs, r.Clone())
	}
	return nil
}
func (s *reqStore) Requirements(context.Context) ([]requirements.Requirement, error) {
	return slices.Clone(s.reqs), nil
}
func (s *reqStore) CustomModules(context.Context) ([]requirements.Module, error) { return nil, nil }
func (s *reqStore) FieldDefs(context.Context) ([]requirements.FieldDef, error)   { return nil, nil }

func newTestService(t *testing.T) (*Service, *MemStore, *reqStore) {
	t.Helper()
	cat, err := requirements.ParseCatalog(templates.ModuleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	ms := &MemStore{Now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	rs := &reqStore{}
	return &Service{Store: ms, Reqs: &requirements.Service{Store: rs, Base: cat}}, ms, rs
}

func TestServiceFindingsAndPromote(t *testing.T) {
	ctx := context.Background()
	svc, ms, rs := newTestService(t)
	iv, err := svc.AddInterview(ctx, Interview{With: "张总", Role: "销售总监", Date: "2026-11-20", Notes: "x"})
	if err != nil {
		t.Fatal(err)
	}
	v := 30.0
	f1, err := svc.AddFinding(ctx, Finding{Text: "拜访记录靠Excel，月底汇总丢失约30%", Interview: "张总", Measure: "拜访记录丢失率", Value: &v, Unit: "%", Module: "拜访跟进", Severity: 5})
	if err != nil {
		t.Fatal(err)
	}
	if f1.ID != "F-001" || f1.Interview != iv.ID || f1.Module != "visit" {
		t.Fatalf("finding = %+v", f1)
	}
	writes := ms.Writes
	for _, bad := range []Finding{
		{Text: "x", Interview: "INT-009"},
		{Text: "x", Module: "不存在"},
		{Text: "x", Process: "PM-001"}, // no process lookup configured
		{Text: ""},
	} {
		if _, err := svc.AddFinding(ctx, bad); err == nil {
			t.Errorf("AddFinding(%+v) accepted", bad)
		}
	}
	if ms.Writes != writes {
		t.Errorf("refused findings wrote %d times", ms.Writes-writes)
	}
	f2, err := svc.AddFinding(ctx, Finding{Text: "客户资料分散"})
	if err != nil {
		t.Fatal(err)
	}

	r, before, err := svc.Promote(ctx, "F-1", Promotion{Lang: crmflow.LangZH})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != "F-001" || r.Stakeholder != "张总（销售总监）" || r.Module != "visit" || r.Title != "系统应解决：拜访记录靠Excel" || len(before) != 0 {
		t.Errorf("promoted = %+v, before %v", r, before)
	}
	if !strings.Contains(r.Description, "度量：拜访记录丢失率 30%") || !strings.Contains(r.Description, "访谈 INT-001 张总（销售总监） 2026-11-20") {
		t.Errorf("description = %q", r.Description)
	}
	if r.Value != 3 || r.Difficulty != 3 || r.Urgency != 3 || r.Kind != requirements.KindFunctional || r.Status != requirements.Draft {
		t.Errorf("defaults = %+v", r)
	}
	r2, before, err := svc.Promote(ctx, "月底汇总", Promotion{Title: "看板", ModuleName: "report", Value: 5, Lang: crmflow.LangEN})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(before, []string{r.ID}) || r2.Module != "report" || r2.Value != 5 || !strings.Contains(r2.Description, "Measure: 拜访记录丢失率 30%") {
		t.Errorf("second promotion = %+v, before %v", r2, before)
	}
	if _, _, err := svc.Promote(ctx, f2.ID, Promotion{}); err == nil || !strings.Contains(err.Error(), "has no module") {
		t.Errorf("promoting a finding without a module: %v", err)
	}
	if len(rs.reqs) != 2 {
		t.Errorf("%d requirements, want 2", len(rs.reqs))
	}

	// A requirement whose source names a finding by hand counts; free text does not.
	rs.reqs = append(rs.reqs, requirements.Requirement{ID: "REQ-003", Source: "f-2"}, requirements.Requirement{ID: "REQ-004", Source: "访谈：张总"})
	views, err := svc.Findings(ctx, crmflow.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(views[0].Requirements, []string{"REQ-001", "REQ-002"}) || !slices.Equal(views[1].Requirements, []string{"REQ-003"}) {
		t.Errorf("trace = %v, %v", views[0].Requirements, views[1].Requirements)
	}
	if views[0].ModuleName != "拜访跟进" || views[0].Interviewee != "张总（销售总监）" || views[0].MeasureText != "拜访记录丢失率 30%" {
		t.Errorf("view = %+v", views[0])
	}
	if !svc.FindingExists(ctx, "F-002") || svc.FindingExists(ctx, "F-999") || svc.FindingExists(ctx, "2") {
		t.Error("FindingExists")
	}
}

func TestResolveAmbiguous(t *testing.T) {
	ctx := context.Background()
	svc, _, _ := newTestService(t)
	for _, w := range []string{"王经理", "刘经理", "张总"} {
		if _, err := svc.AddInterview(ctx, Interview{With: w, Date: "2026-11-20", Notes: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.ResolveInterview(ctx, "经理"); err == nil || !strings.Contains(err.Error(), "matches 2 interviews") {
		t.Errorf("ambiguous: %v", err)
	}
	if iv, err := svc.ResolveInterview(ctx, "刘"); err != nil || iv.ID != "INT-002" {
		t.Errorf("prefix: %+v %v", iv, err)
	}
	if _, err := svc.ResolveInterview(ctx, "INT-009"); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("unknown: %v", err)
	}
	for _, n := range []string{"销售易", "纷享销客"} {
		if _, err := svc.AddCompetitor(ctx, Competitor{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.AddCompetitor(ctx, Competitor{Name: "销售易"}); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Errorf("duplicate competitor: %v", err)
	}
	if _, _, err := svc.SetFeature(ctx, "销", "x", "yes", ""); err == nil || !strings.Contains(err.Error(), "matches 2 competitors") {
		t.Errorf("ambiguous competitor: %v", err)
	}
	if _, _, err := svc.SetFeature(ctx, "纷享", "x", "maybe", ""); err == nil || !strings.Contains(err.Error(), "verdict") {
		t.Errorf("bad verdict: %v", err)
	}
	if _, _, err := svc.SetFeature(ctx, "用友", "x", "yes", ""); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("unknown competitor: %v", err)
	}
	if _, _, err := svc.SetFeature(ctx, "纷享", "离线", "部分", "仅文字"); err != nil {
		t.Fatal(err)
	}
	m, _ := svc.Matrix(ctx)
	if len(m.Rows) != 1 || m.Rows[0].Cells[1].Verdict != Partial {
		t.Errorf("matrix = %+v", m)
	}
}

func TestDefaultTitle(t *testing.T) {
	if got := DefaultTitle("  第一行\n第二行"); got != "第一行" {
		t.Errorf("DefaultTitle = %q", got)
	}
	long := strings.Repeat("字", 100)
	if got := DefaultTitle(long); len([]rune(got)) != MaxPromotedTitle || !strings.HasSuffix(got, "…") {
		t.Errorf("DefaultTitle(long) = %q", got)
	}
}

// A promoted finding's suggested title is worded as a requirement and
// passes req lint's title rules.
func TestSuggestTitle(t *testing.T) {
	cases := []struct {
		text string
		lang crmflow.Lang
		want string
	}{
		{"拜访记录靠Excel，月底汇总丢失约30%", crmflow.LangZH, "系统应解决：拜访记录靠Excel"},
		{"约 15% 的门店在地下商超或乡镇，拜访时手机没有信号", crmflow.LangZH, "系统应解决：约 15% 的门店在地下商超或乡镇"},
		{"所有线索都靠邮件分发；常有线索无人跟进", crmflow.LangZH, "系统应解决：线索都靠邮件分发"},
		{"Visit reports are kept in Excel, about 30% are lost at month end", crmflow.LangEN, "The system shall resolve: visit reports are kept in Excel"},
		{"ERP orders are typed in by hand. Some are wrong.", crmflow.LangEN, "The system shall resolve: ERP orders are typed in by hand"},
		{"All leads and/or contacts are e-mailed around", crmflow.LangEN, "The system shall resolve: leads contacts are e-mailed"},
		{strings.Repeat("字", 80), crmflow.LangZH, "系统应解决：" + strings.Repeat("字", MaxSuggestedProblem-1) + "…"},
		{"Reps " + strings.Repeat("re-key ", 20), crmflow.LangEN, "The system shall resolve: reps re-key re-key re-key re-key re-key re-key re-key…"},
		{"  ", crmflow.LangZH, ""},
	}
	for _, c := range cases {
		got := SuggestTitle(c.text, c.lang)
		if got != c.want {
			t.Errorf("SuggestTitle(%q) = %q, want %q", c.text, got, c.want)
		}
		if got == "" {
			continue
		}
		for _, lf := range requirements.Lint([]requirements.Requirement{{ID: "REQ-001", Title: got, Status: requirements.Draft}}) {
			if lf.Field == "title" {
				t.Errorf("SuggestTitle(%q) = %q: lint says %s", c.text, got, lf.Message)
			}
		}
	}
}

func TestCleanNotes(t *testing.T) {
	tmpl := NotesTemplate(Interview{With: "张总", Role: "销售总监", Date: "2026-11-20"}, crmflow.LangZH)
	if _, err := CleanNotes(tmpl, tmpl); err == nil {
		t.Error("an unchanged template was accepted")
	}
	if _, err := CleanNotes("", tmpl); err == nil {
		t.Error("an empty file was accepted")
	}
	got, err := CleanNotes(strings.Replace(tmpl, "## 痛点\n", "## 痛点\n拜访靠 Excel\n", 1), tmpl)
	if err != nil || strings.Contains(got, "crmflow:") || !strings.HasPrefix(got, "## 背景") || !strings.Contains(got, "拜访靠 Excel") {
		t.Errorf("CleanNotes = %q, %v", got, err)
	}
	// Other comments are the person's text and stay.
	got, _ = CleanNotes("<!-- mine -->\n笔记", tmpl)
	if got != "<!-- mine -->\n笔记" {
		t.Errorf("CleanNotes kept %q", got)
	}
}

func FuzzCleanNotes(f *testing.F) {
	tmpl := NotesTemplate(Interview{With: "张总", Date: "2026-11-20"}, crmflow.LangZH)
	f.Add(tmpl)
	f.Add("<!-- crmflow: x -->")
	f.Add("<!-- crmflow: unterminated\n笔记")
	f.Add("\r\n笔记\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := CleanNotes(s, tmpl)
		if err != nil {
			return
		}
		if got == "" || got != strings.TrimSpace(got) {
			t.Fatalf("CleanNotes(%q) = %q: empty or untrimmed notes accepted", s, got)
		}
		if strings.HasPrefix(got, notesComment) && strings.Contains(got, "-->") {
			t.Fatalf("CleanNotes(%q) kept the template comment: %q", s, got)
		}
	})
}

func TestInterviewWhoIn(t *testing.T) {
	iv := Interview{With: "张总", Role: "销售总监"}
	if got := iv.WhoIn(crmflow.LangZH); got != "张总（销售总监）" || iv.Who() != got {
		t.Errorf("zh: %q, Who %q", got, iv.Who())
	}
	if got := iv.WhoIn(crmflow.LangEN); got != "张总 (销售总监)" {
		t.Errorf("en: %q", got)
	}
	if got := (Interview{With: "王工"}).WhoIn(crmflow.LangEN); got != "王工" {
		t.Errorf("no role: %q", got)
	}
}

// TestAddFindingStep: a step needs its map; the step given is resolved in
// that map (its ID or label) and stored as the step's ID.
func TestAddFindingStep(t *testing.T) {
	ctx := context.Background()
	s, ms, _ := newTestService(t)
	s.ResolveProcess = func(_ context.Context, ref string) (string, error) { return "PM-001", nil }
	s.ResolveStep = func(_ context.Context, mapID, ref string) (string, error) {
		if mapID == "PM-001" && ref == "Log the visit" {
			return "S2", nil
		}
		return "", crmflow.Errorf(crmflow.ENOTFOUND, "no step %q in %s", ref, mapID)
	}
	if _, err := s.AddFinding(ctx, Finding{Text: "visits lost", Step: "S2"}); crmflow.ErrorCode(err) != crmflow.EINVALID || ms.Writes != 0 {
		t.Fatalf("a step without its map: %v (%d writes)", err, ms.Writes)
	}
	if _, err := s.AddFinding(ctx, Finding{Text: "visits lost", Process: "visits", Step: "S9"}); crmflow.ErrorCode(err) != crmflow.ENOTFOUND || ms.Writes != 0 {
		t.Fatalf("an unknown step: %v (%d writes)", err, ms.Writes)
	}
	f, err := s.AddFinding(ctx, Finding{Text: "visits lost", Process: "visits", Step: " Log the visit "})
	if err != nil || f.Process != "PM-001" || f.Step != "S2" {
		t.Fatalf("AddFinding = %+v, %v", f, err)
	}
	got, err := ms.Finding(ctx, f.ID)
	if err != nil || got.Step != "S2" {
		t.Errorf("stored step = %q, %v", got.Step, err)
	}
}
