package demo

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/templates"
)

// fakeStore is an in-memory requirements.Store and crmflow.ProjectStore.
type fakeStore struct {
	mu       sync.Mutex
	now      time.Time
	seq      int
	reqs     map[string]*requirements.Requirement
	order    []string // IDs in creation order
	links    []requirements.Link
	modules  []requirements.Module
	fields   []requirements.FieldDef
	project  crmflow.Project
	settings map[string]string
	writes   int // write transactions, to check Scale stays batched
}

func newFake() *fakeStore {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	return &fakeStore{
		now:      now,
		reqs:     map[string]*requirements.Requirement{},
		project:  crmflow.Project{Name: "快消 CRM 定制", Client: "某快消品公司", Lang: crmflow.LangZH, CreatedAt: now},
		settings: map[string]string{},
	}
}

func newService(t testing.TB, st *fakeStore) *requirements.Service {
	t.Helper()
	cat, err := requirements.ParseCatalog(templates.ModuleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	return &requirements.Service{Store: st, Project: st, Base: cat}
}

func notFound(id string) error {
	return crmflow.Errorf(crmflow.ENOTFOUND, "requirement %s does not exist", id)
}

func (s *fakeStore) CreateRequirements(_ context.Context, rs []*requirements.Requirement) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	for _, r := range rs {
		s.seq++
		r.ID = crmflow.KindRequirement.Format(s.seq)
		r.Revision = 1
		r.CreatedAt, r.UpdatedAt = s.now, s.now
		r.Normalize()
		c := r.Clone()
		s.reqs[r.ID] = &c
		s.order = append(s.order, r.ID)
	}
	return nil
}

func (s *fakeStore) Requirement(_ context.Context, id string) (requirements.Requirement, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reqs[id]
	if !ok {
		return requirements.Requirement{}, notFound(id)
	}
	return r.Clone(), nil
}

func (s *fakeStore) Requirements(context.Context) ([]requirements.Requirement, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]requirements.Requirement, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.reqs[id].Clone())
	}
	return out, nil
}

func (s *fakeStore) DataFields(context.Context) ([]requirements.DataField, error) { return nil, nil }
func (s *fakeStore) PutDataField(context.Context, requirements.DataField, bool) error {
	return nil
}
func (s *fakeStore) RemoveDataField(context.Context, string, string) error          { return nil }
func (s *fakeStore) Permissions(context.Context) ([]requirements.Permission, error) { return nil, nil }
func (s *fakeStore) SetPermission(context.Context, requirements.Permission) error   { return nil }

func (s *fakeStore) RequirementAt(context.Context, string, int) (requirements.Requirement, bool, error) {
	return requirements.Requirement{}, false, nil
}
func (s *fakeStore) ApplyImport(context.Context, []*requirements.Requirement, []requirements.ImportUpdate, []string, func(requirements.Requirement, []requirements.Link) error) error {
	return nil
}

func (s *fakeStore) Summaries(ctx context.Context) ([]requirements.Requirement, error) {
	return s.Requirements(ctx)
}

func (s *fakeStore) Titles(ctx context.Context) (map[string]string, error) {
	all, err := s.Requirements(ctx)
	out := map[string]string{}
	for _, r := range all {
		out[r.ID] = r.Title
	}
	return out, err
}

func (s *fakeStore) UpdateRequirement(_ context.Context, id, _ string, fn func(*requirements.Requirement) error) (requirements.Requirement, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.reqs[id]
	if !ok {
		return requirements.Requirement{}, notFound(id)
	}
	r := old.Clone()
	if err := fn(&r); err != nil {
		return requirements.Requirement{}, err
	}
	if reflect.DeepEqual(r, *old) {
		return r, nil
	}
	s.writes++
	r.Revision = old.Revision + 1
	r.UpdatedAt = s.now
	s.reqs[id] = &r
	return r.Clone(), nil
}

func (s *fakeStore) DeleteRequirement(_ context.Context, id string, check func(requirements.Requirement, []requirements.Link) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reqs[id]
	if !ok {
		return notFound(id)
	}
	var mine, rest []requirements.Link
	for _, l := range s.links {
		if l.From == id || l.To == id {
			mine = append(mine, l)
		} else {
			rest = append(rest, l)
		}
	}
	if err := check(r.Clone(), mine); err != nil {
		return err
	}
	s.writes++
	delete(s.reqs, id)
	s.order = slices.DeleteFunc(s.order, func(x string) bool { return x == id })
	s.links = rest
	return nil
}

func (s *fakeStore) Links(_ context.Context, id string) ([]requirements.Link, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []requirements.Link{}
	for _, l := range s.links {
		if id == "" || l.From == id || l.To == id {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b requirements.Link) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Kind, b.Kind))
	})
	return out, nil
}

func (s *fakeStore) AddLink(_ context.Context, l requirements.Link, check func([]requirements.Link) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range []string{l.From, l.To} {
		if _, ok := s.reqs[id]; !ok {
			return notFound(id)
		}
	}
	if err := check(slices.Clone(s.links)); err != nil {
		return err
	}
	s.writes++
	l.CreatedAt = s.now
	s.links = append(s.links, l)
	return nil
}

func (s *fakeStore) RemoveLink(_ context.Context, l requirements.Link) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.links {
		if x.From == l.From && x.To == l.To && x.Kind == l.Kind {
			s.writes++
			s.links = slices.Delete(s.links, i, i+1)
			return nil
		}
	}
	return crmflow.Errorf(crmflow.ENOTFOUND, "no link %s %s %s", l.From, l.Kind, l.To)
}

func (s *fakeStore) CustomModules(context.Context) ([]requirements.Module, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.modules), nil
}

func (s *fakeStore) AddModule(_ context.Context, m requirements.Module) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	m.CreatedAt = s.now
	s.modules = append(s.modules, m)
	return nil
}

func (s *fakeStore) FieldDefs(context.Context) ([]requirements.FieldDef, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]requirements.FieldDef, len(s.fields))
	for i, d := range s.fields {
		d.Choices = slices.Clone(d.Choices)
		out[i] = d
	}
	return out, nil
}

func (s *fakeStore) AddFieldDef(_ context.Context, d requirements.FieldDef) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	d.CreatedAt = s.now
	d.Choices = slices.Clone(d.Choices)
	s.fields = append(s.fields, d)
	return nil
}

func (s *fakeStore) Project(context.Context) (crmflow.Project, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.project, nil
}

func (s *fakeStore) UpdateProject(_ context.Context, fn func(*crmflow.Project) error) (crmflow.Project, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.project
	if err := fn(&p); err != nil {
		return s.project, err
	}
	s.writes++
	s.project = p
	return p, nil
}

func (s *fakeStore) Settings(context.Context) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.settings))
	for k, v := range s.settings {
		out[k] = v
	}
	return out, nil
}

func (s *fakeStore) SetSetting(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	s.settings[key] = value
	return nil
}

var (
	_ requirements.Store   = (*fakeStore)(nil)
	_ crmflow.ProjectStore = (*fakeStore)(nil)
)

// snapshot is everything a demo wrote, for comparing two runs.
type snapshot struct {
	Reqs   []requirements.Requirement
	Links  []requirements.Link
	Fields []requirements.FieldDef
}

func snap(t testing.TB, st *fakeStore) snapshot {
	t.Helper()
	ctx := context.Background()
	reqs, err := st.Requirements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	links, err := st.Links(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	fields, err := st.FieldDefs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{reqs, links, fields}
}

func seeded(t *testing.T) (*fakeStore, Summary) {
	t.Helper()
	st := newFake()
	sum, err := Seed(context.Background(), newService(t, st))
	if err != nil {
		t.Fatalf("Seed: %v", err)
	}
	return st, sum
}

func TestSeed(t *testing.T) {
	st, sum := seeded(t)
	s := snap(t, st)
	if len(s.Reqs) < 28 {
		t.Fatalf("Seed wrote %d requirements, want ≥ 28", len(s.Reqs))
	}
	byTitle := map[string]requirements.Requirement{}
	byID := map[string]requirements.Requirement{}
	for _, r := range s.Reqs {
		if _, dup := byTitle[r.Title]; dup {
			t.Errorf("title %q is used twice", r.Title)
		}
		byTitle[r.Title] = r
		byID[r.ID] = r
	}

	// REQ-001 as specified.
	r1 := s.Reqs[0]
	want := struct {
		ID, Title, Module, Owner string
		Kind                     requirements.Kind
		V, D, U                  int
	}{"REQ-001", "拜访记录移动端实时录入", "visit", "李分析", requirements.KindFunctional, 5, 2, 4}
	got := want
	got.ID, got.Title, got.Module, got.Owner, got.Kind = r1.ID, r1.Title, r1.Module, r1.Owner, r1.Kind
	got.V, got.D, got.U = r1.Value, r1.Difficulty, r1.Urgency
	if got != want {
		t.Errorf("REQ-001 = %+v, want %+v", got, want)
	}
	if !slices.Equal(r1.Criteria, []string{"销售在手机上提交拜访记录后 5 秒内主管可见"}) {
		t.Errorf("REQ-001 criteria = %q", r1.Criteria)
	}
	if r1.Status != requirements.Confirmed {
		t.Errorf("REQ-001 is %s, want confirmed", r1.Status)
	}

	// Statuses, summary, quadrants, modules, kinds.
	count := map[requirements.Status]int{}
	quads := map[requirements.Quadrant]int{}
	mods := map[string]int{}
	kinds := map[requirements.Kind]int{}
	noCriteria, explicit, withHours := 0, 0, 0
	settings := requirements.DefaultSettings()
	for _, r := range s.Reqs {
		count[r.Status]++
		quads[settings.Quadrant(r.Value, r.Difficulty)]++
		mods[r.Module]++
		kinds[r.Kind]++
		if len(r.Criteria) == 0 {
			noCriteria++
		}
		if r.Status == requirements.Confirmed && len(r.Criteria) == 0 {
			t.Errorf("%s is confirmed without acceptance criteria", r.ID)
		}
		if r.MoSCoW != "" {
			explicit++
		}
		if r.Fields[FieldHours] != "" {
			withHours++
		}
		if r.Fields[FieldBatch] == "" {
			t.Errorf("%s has no %s (the field has a default)", r.ID, FieldBatch)
		}
		if r.Description == "" || r.Owner == "" || r.Source == "" || r.Stakeholder == "" {
			t.Errorf("%s lacks a description, owner, source or stakeholder", r.ID)
		}
		if r.Revision < 1 {
			t.Errorf("%s has revision %d", r.ID, r.Revision)
		}
	}
	if count[requirements.Rejected] != 1 || count[requirements.Deferred] != 1 {
		t.Errorf("rejected %d, deferred %d; want 1 each", count[requirements.Rejected], count[requirements.Deferred])
	}
	if c := count[requirements.Confirmed]; c*100 < len(s.Reqs)*60 || c*100 > len(s.Reqs)*75 {
		t.Errorf("%d of %d confirmed; want about two thirds", c, len(s.Reqs))
	}
	wantSum := Summary{Requirements: len(s.Reqs), Links: len(s.Links), Fields: 2,
		Confirmed: count[requirements.Confirmed], Draft: count[requirements.Draft],
		DataFields: len(seedDataFields), Permissions: len(seedPerms)}
	if sum != wantSum {
		t.Errorf("Summary = %+v, want %+v", sum, wantSum)
	}
	for _, q := range []requirements.Quadrant{requirements.QuickWin, requirements.MajorProject, requirements.FillIn, requirements.MoneyPit} {
		if quads[q] == 0 {
			t.Errorf("no requirement in quadrant %s (%v)", q, quads)
		}
	}
	if len(mods) < 6 {
		t.Errorf("%d modules used, want ≥ 6: %v", len(mods), mods)
	}
	for _, m := range []string{"customer", "opportunity", "visit", "campaign", "report", "permission", "lead", "contract",
		"service", "integration", "migration", "mobile"} {
		if mods[m] == 0 {
			t.Errorf("no requirement in module %s", m)
		}
	}
	for _, k := range requirements.Kinds {
		if kinds[k] == 0 {
			t.Errorf("no requirement of kind %s", k)
		}
	}
	if noCriteria != 1 {
		t.Errorf("%d requirements without criteria, want exactly 1", noCriteria)
	}
	if explicit == 0 || explicit*2 > len(s.Reqs) {
		t.Errorf("%d requirements with an explicit MoSCoW; want some, but fewer than half", explicit)
	}
	if withHours*2 < len(s.Reqs) {
		t.Errorf("only %d requirements carry %s", withHours, FieldHours)
	}

	// Custom fields.
	if len(s.Fields) != 2 {
		t.Fatalf("fields = %+v", s.Fields)
	}
	if f := s.Fields[0]; f.Name != "预计工时" || f.Type != requirements.FieldNumber {
		t.Errorf("field 1 = %+v", f)
	}
	if f := s.Fields[1]; f.Name != "交付批次" || f.Type != requirements.FieldChoice ||
		!slices.Equal(f.Choices, []string{"一期", "二期", "三期"}) || f.Default != "一期" {
		t.Errorf("field 2 = %+v", f)
	}

	// Links.
	id := func(title string) string {
		t.Helper()
		r, ok := byTitle[title]
		if !ok {
			t.Fatalf("no requirement titled %q", title)
		}
		return r.ID
	}
	has := map[requirements.Link]bool{}
	kindsOfLinks := map[requirements.LinkKind]int{}
	for _, l := range s.Links {
		has[requirements.Link{From: l.From, To: l.To, Kind: l.Kind}] = true
		kindsOfLinks[l.Kind]++
	}
	epic := id("拜访管理移动化")
	for _, l := range []requirements.Link{
		{From: "REQ-001", To: epic, Kind: requirements.LinkParent},
		{From: id("拜访 GPS 定位签到"), To: epic, Kind: requirements.LinkParent},
		{From: id("离线录入拜访记录并自动同步"), To: epic, Kind: requirements.LinkParent},
		{From: id("拜访照片附件上传"), To: epic, Kind: requirements.LinkParent},
		{From: id("拜访计划与到期提醒"), To: epic, Kind: requirements.LinkParent},
		{From: id("历史 Excel 拜访记录导入"), To: epic, Kind: requirements.LinkParent},
		{From: id("客户分级与拜访频次规则"), To: id("客户档案统一管理"), Kind: requirements.LinkParent},
		{From: id("拜访数据丢失率看板"), To: epic, Kind: requirements.LinkDerivesFrom},
		{From: id("历史客户数据迁移与清洗"), To: id("客户档案统一管理"), Kind: requirements.LinkDerivesFrom},
		{From: id("拜访记录移动端实时录入功能"), To: "REQ-001", Kind: requirements.LinkRelatesTo},
	} {
		if !has[l] {
			t.Errorf("missing link %s %s %s", l.From, l.Kind, l.To)
		}
	}
	if kindsOfLinks[requirements.LinkParent] < 6 || kindsOfLinks[requirements.LinkDerivesFrom] < 2 || kindsOfLinks[requirements.LinkRelatesTo] < 2 {
		t.Errorf("links by kind = %v", kindsOfLinks)
	}
	for _, l := range s.Links {
		if byID[l.From].ID == "" || byID[l.To].ID == "" {
			t.Errorf("link %+v names an unknown requirement", l)
		}
	}
	if sum.Links != len(seedLinks) {
		t.Errorf("Summary.Links = %d, want %d", sum.Links, len(seedLinks))
	}
}

// TestSeedLint checks that the lint has something to show, and only where the
// demo means it to: weak words in 2–3 requirements, one near-duplicate pair,
// one requirement without criteria.
func TestSeedLint(t *testing.T) {
	st, _ := seeded(t)
	s := snap(t, st)
	byTitle := map[string]string{}
	for _, r := range s.Reqs {
		byTitle[r.Title] = r.ID
	}
	weak := map[string]bool{}
	var nearDup, noCrit []requirements.LintFinding
	for _, f := range requirements.Lint(s.Reqs) {
		switch f.Rule {
		case "weak-word":
			weak[f.ID] = true
		case "near-duplicate":
			nearDup = append(nearDup, f)
		case "no-criteria":
			noCrit = append(noCrit, f)
		default:
			t.Errorf("unexpected finding %+v", f)
		}
	}
	// REQ-001's title says 实时 and its criterion gives the delay (5 秒内);
	// whether the lint accepts that is the lint's business, so REQ-001 may or
	// may not be flagged. The two deliberately weak requirements must be.
	mustWeak := []string{byTitle["拜访记录移动端实时录入功能"], byTitle["经销商移动端快速下单"]}
	for _, id := range mustWeak {
		if !weak[id] {
			t.Errorf("%s has no weak-word finding", id)
		}
		delete(weak, id)
	}
	delete(weak, "REQ-001")
	if len(weak) > 0 {
		for _, f := range requirements.Lint(s.Reqs) {
			if f.Rule == "weak-word" && weak[f.ID] {
				t.Logf("%s %s %q", f.ID, f.Field, f.Word)
			}
		}
		t.Errorf("unintended weak words in %v", weak)
	}
	if len(nearDup) != 1 || nearDup[0].ID != byTitle["拜访记录移动端实时录入功能"] || nearDup[0].Related != "REQ-001" {
		t.Errorf("near-duplicates = %+v, want the one pair with REQ-001", nearDup)
	}
	if len(noCrit) != 1 || noCrit[0].ID != byTitle["重点客户节日关怀短信"] {
		t.Errorf("no-criteria findings = %+v", noCrit)
	}
}

func TestSeedDeterministic(t *testing.T) {
	a, sa := seeded(t)
	b, sb := seeded(t)
	if sa != sb {
		t.Errorf("summaries differ: %+v vs %+v", sa, sb)
	}
	if !reflect.DeepEqual(snap(t, a), snap(t, b)) {
		t.Error("two seeds into fresh workspaces differ")
	}
}

func TestSeedRefusesNonEmpty(t *testing.T) {
	st, _ := seeded(t)
	before := snap(t, st)
	_, err := Seed(context.Background(), newService(t, st))
	if crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("second Seed: err = %v, want a conflict", err)
	}
	if !reflect.DeepEqual(before, snap(t, st)) {
		t.Error("a refused Seed changed the workspace")
	}
	if _, err := Scale(context.Background(), newService(t, st), 10, nil); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("Scale into a seeded workspace: err = %v, want a conflict", err)
	}
}

func TestSeedKeepsMatchingFields(t *testing.T) {
	st := newFake()
	svc := newService(t, st)
	if _, err := svc.AddField(context.Background(), requirements.FieldDef{Name: FieldHours, Type: requirements.FieldNumber}); err != nil {
		t.Fatal(err)
	}
	sum, err := Seed(context.Background(), svc)
	if err != nil {
		t.Fatalf("Seed with the field already defined: %v", err)
	}
	if sum.Fields != 1 {
		t.Errorf("Summary.Fields = %d, want 1", sum.Fields)
	}

	st = newFake()
	svc = newService(t, st)
	if _, err := svc.AddField(context.Background(), requirements.FieldDef{Name: FieldBatch, Type: requirements.FieldText}); err != nil {
		t.Fatal(err)
	}
	if _, err := Seed(context.Background(), svc); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Errorf("Seed with a clashing field: err = %v, want a conflict", err)
	}
}

func scaled(t *testing.T, n int, progress func(done, total int)) (*fakeStore, Summary) {
	t.Helper()
	st := newFake()
	start := time.Now()
	sum, err := Scale(context.Background(), newService(t, st), n, progress)
	if err != nil {
		t.Fatalf("Scale(%d): %v", n, err)
	}
	t.Logf("Scale(%d) took %v on the in-memory store", n, time.Since(start))
	return st, sum
}

func TestScale(t *testing.T) {
	const n = 5000
	st, sum := scaled(t, n, nil)
	s := snap(t, st)
	if len(s.Reqs) != n {
		t.Fatalf("Scale wrote %d requirements, want %d", len(s.Reqs), n)
	}
	ids := map[string]bool{}
	mods := map[string]int{}
	count := map[requirements.Status]int{}
	quads := map[requirements.Quadrant]bool{}
	titles := map[string]bool{}
	settings := requirements.DefaultSettings()
	for i, r := range s.Reqs {
		if ids[r.ID] {
			t.Fatalf("ID %s is used twice", r.ID)
		}
		ids[r.ID] = true
		if r.ID != crmflow.KindRequirement.Format(i+1) {
			t.Fatalf("requirement %d has ID %s", i+1, r.ID)
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		if len(r.Criteria) < 1 || len(r.Criteria) > 3 {
			t.Errorf("%s has %d criteria, want 1–3", r.ID, len(r.Criteria))
		}
		mods[r.Module]++
		count[r.Status]++
		quads[settings.Quadrant(r.Value, r.Difficulty)] = true
		titles[r.Title] = true
	}
	cat, _ := requirements.ParseCatalog(templates.ModuleCatalog())
	for _, m := range cat.Modules() {
		if c := mods[m.Key]; c < n/len(cat.Modules())-1 {
			t.Errorf("module %s has %d requirements, want about %d", m.Key, c, n/len(cat.Modules()))
		}
	}
	if len(quads) != 4 {
		t.Errorf("quadrants = %v", quads)
	}
	if len(titles) < n/2 {
		t.Errorf("only %d distinct titles among %d", len(titles), n)
	}
	off := count[requirements.Rejected] + count[requirements.Deferred]
	if off == 0 || off > n*2/100 {
		t.Errorf("%d rejected/deferred, want 1–%d", off, n*2/100)
	}
	for _, st := range []requirements.Status{requirements.Confirmed, requirements.Draft} {
		if count[st] < n/3 {
			t.Errorf("%d %s, want ≥ %d", count[st], st, n/3)
		}
	}
	if sum.Requirements != n || sum.Confirmed != count[requirements.Confirmed] || sum.Draft != count[requirements.Draft] ||
		sum.Links != len(s.Links) || sum.Fields != 0 {
		t.Errorf("Summary = %+v; counted %v and %d links", sum, count, len(s.Links))
	}

	// Parent links: about 10%, each child once, parent in the same module and earlier.
	if len(s.Links) < n*7/100 || len(s.Links) > n*13/100 {
		t.Errorf("%d links, want about %d", len(s.Links), n/10)
	}
	child := map[string]bool{}
	byID := map[string]requirements.Requirement{}
	pos := map[string]int{}
	for i, r := range s.Reqs {
		byID[r.ID] = r
		pos[r.ID] = i
	}
	for _, l := range s.Links {
		if l.Kind != requirements.LinkParent {
			t.Errorf("link %+v is not a parent link", l)
		}
		if child[l.From] {
			t.Errorf("%s has two parents", l.From)
		}
		child[l.From] = true
		if byID[l.From].Module != byID[l.To].Module || pos[l.From] <= pos[l.To] {
			t.Errorf("link %s → %s crosses modules or points forward", l.From, l.To)
		}
	}

	// Batched: 10 Add transactions, then one per status change and link.
	if want := n/ScaleBatch + off + len(s.Links); st.writes != want {
		t.Errorf("%d write transactions, want %d", st.writes, want)
	}

	// The lint finds something, but not everywhere.
	nearDup, weak := map[string]bool{}, map[string]bool{}
	for _, f := range requirements.Lint(s.Reqs) {
		switch f.Rule {
		case "near-duplicate":
			nearDup[f.ID] = true
		case "weak-word":
			weak[f.ID] = true
		}
	}
	t.Logf("near-duplicates on %d, weak words in %d of %d requirements", len(nearDup), len(weak), n)
	if len(nearDup) == 0 || len(nearDup) > n/4 {
		t.Errorf("near-duplicates on %d of %d requirements, want some but at most a quarter", len(nearDup), n)
	}
	if len(weak) == 0 || len(weak) > n/10 {
		t.Errorf("weak words in %d of %d requirements, want a few", len(weak), n)
	}
}

func TestScaleDeterministic(t *testing.T) {
	a, sa := scaled(t, 5000, nil)
	b, sb := scaled(t, 5000, nil)
	if sa != sb {
		t.Errorf("summaries differ: %+v vs %+v", sa, sb)
	}
	if !reflect.DeepEqual(snap(t, a), snap(t, b)) {
		t.Error("two Scale(5000) runs differ")
	}
	// A smaller n gives different, but also valid, data.
	c, _ := scaled(t, 20, nil)
	if got := snap(t, c); len(got.Reqs) != 20 {
		t.Errorf("Scale(20) wrote %d requirements", len(got.Reqs))
	}
}

func TestScaleProgress(t *testing.T) {
	const n = 1234
	var calls [][2]int
	scaled(t, n, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if len(calls) != (n+ScaleBatch-1)/ScaleBatch {
		t.Fatalf("progress called %d times: %v", len(calls), calls)
	}
	prev := 0
	for _, c := range calls {
		if c[1] != n || c[0] <= prev || c[0] > n {
			t.Fatalf("progress calls %v", calls)
		}
		prev = c[0]
	}
	if last := calls[len(calls)-1]; last != [2]int{n, n} {
		t.Errorf("last progress call %v, want (%d, %d)", last, n, n)
	}
}

func TestScaleRejectsBadN(t *testing.T) {
	for _, n := range []int{0, -1, MaxScale + 1} {
		if _, err := Scale(context.Background(), newService(t, newFake()), n, nil); crmflow.ErrorCode(err) != crmflow.EINVALID {
			t.Errorf("Scale(%d): err = %v, want invalid", n, err)
		}
	}
}

func TestSeedResearch(t *testing.T) {
	ctx := context.Background()
	run := func() (*fakeStore, *research.MemStore, ResearchSummary) {
		st, _ := seeded(t)
		ms := &research.MemStore{Now: st.now}
		sum, err := SeedResearch(ctx, &research.Service{Store: ms, Reqs: newService(t, st)})
		if err != nil {
			t.Fatalf("SeedResearch: %v", err)
		}
		return st, ms, sum
	}
	st, ms, sum := run()
	if sum.Interviews != 4 || sum.Findings < 8 || sum.Competitors != 2 || sum.Features < 16 || len(sum.Promoted) != 2 || sum.Traced < 8 {
		t.Errorf("summary = %+v", sum)
	}
	f1, err := ms.Finding(ctx, "F-001")
	if err != nil {
		t.Fatal(err)
	}
	if f1.Text != "拜访记录靠Excel，月底汇总丢失约30%" || f1.MeasureText() != "拜访记录丢失率 30%" || f1.Interview != "INT-001" {
		t.Errorf("F-001 = %+v", f1)
	}
	iv, _ := ms.Interview(ctx, "INT-001")
	if iv.With != "张总" || iv.Role != "销售总监" {
		t.Errorf("INT-001 = %+v", iv)
	}
	// Every interviewee is a stakeholder the seed requirements already name.
	stakeholders := map[string]bool{}
	for _, r := range st.reqs {
		stakeholders[r.Stakeholder] = true
	}
	ivs, _ := ms.Interviews(ctx)
	for _, iv := range ivs {
		if !stakeholders[iv.With] {
			t.Errorf("interviewee %s is no seed stakeholder", iv.With)
		}
	}
	// The trace is real: REQ-001 comes from F-001, and the promoted
	// requirements name their findings.
	if r := st.reqs["REQ-001"]; r.Source != "F-001" {
		t.Errorf("REQ-001 source = %q", r.Source)
	}
	for _, id := range sum.Promoted {
		r := st.reqs[id]
		if _, ok := research.SourceFinding(r.Source); !ok || r.Status != requirements.Draft {
			t.Errorf("promoted %s = %+v", id, r)
		}
	}
	// The findings the as-is process map marks exist.
	for _, id := range []string{"F-001", "F-002", "F-003"} {
		if _, err := ms.Finding(ctx, id); err != nil {
			t.Error(err)
		}
	}
	// Deterministic.
	st2, ms2, sum2 := run()
	fs1, _ := ms.Findings(ctx)
	fs2, _ := ms2.Findings(ctx)
	cs1, _ := ms.Competitors(ctx)
	cs2, _ := ms2.Competitors(ctx)
	if !reflect.DeepEqual(sum, sum2) || !reflect.DeepEqual(fs1, fs2) || !reflect.DeepEqual(cs1, cs2) || !reflect.DeepEqual(st.reqs, st2.reqs) {
		t.Error("SeedResearch is not deterministic")
	}
	// Not twice.
	if _, err := SeedResearch(ctx, &research.Service{Store: ms, Reqs: newService(t, st)}); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Errorf("second SeedResearch: %v", err)
	}
}

func (s *fakeStore) AddLinks(ctx context.Context, ls []requirements.Link, check func(requirements.Link, []requirements.Link) error) error {
	s.mu.Lock()
	saved := slices.Clone(s.links)
	s.mu.Unlock()
	for _, l := range ls {
		if err := s.AddLink(ctx, l, func(all []requirements.Link) error { return check(l, all) }); err != nil {
			s.mu.Lock()
			s.links = saved
			s.mu.Unlock()
			return err
		}
	}
	return nil
}
