package research

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// Service holds the rules for interviews, findings and competitors; the CLI
// calls it. Requirements are reached only through Reqs, so promoting a finding
// scores, validates and audits the requirement exactly as `req add` does.
type Service struct {
	Store Store
	Reqs  *requirements.Service
	// ResolveProcess turns a process map reference (PM-001, a map's name)
	// into its ID, or fails. Nil accepts no process reference.
	ResolveProcess func(ctx context.Context, ref string) (string, error)
	// ResolveStep turns a step reference (S3, a step's label) in the map
	// with ID mapID into the step's ID, or fails. Nil accepts no step.
	ResolveStep func(ctx context.Context, mapID, ref string) (string, error)
}

// AddInterview validates and stores an interview.
func (s *Service) AddInterview(ctx context.Context, iv Interview) (Interview, error) {
	iv.Normalize()
	if err := iv.Validate(); err != nil {
		return iv, err
	}
	if err := s.Store.CreateInterview(ctx, &iv); err != nil {
		return iv, err
	}
	return iv, nil
}

// ambiguous is the error for a reference that matches several things.
func ambiguous(ref, what, entity string, names []string, candidate string) error {
	if len(names) > 5 {
		names = append(names[:5:5], fmt.Sprintf("and %d more", len(names)-5))
	}
	return crmflow.Errorf(crmflow.EINVALID, "%q matches %d %s: %s", ref, len(names), what, strings.Join(names, "; ")).About(entity, "").With("problem", "ambiguous").With("candidate", candidate)
}

// ResolveInterview finds an interview by ID (INT-001, int-1, 1) or by an
// unambiguous part of the interviewee's name.
func (s *Service) ResolveInterview(ctx context.Context, ref string) (Interview, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Interview{}, crmflow.Errorf(crmflow.EINVALID, "no interview given")
	}
	if id, ok := crmflow.KindInterview.NormalizeRef(ref); ok {
		iv, err := s.Store.Interview(ctx, id)
		if crmflow.ErrorCode(err) == crmflow.ENOTFOUND {
			return iv, crmflow.Errorf(crmflow.ENOTFOUND, "interview %s does not exist", id).About(crmflow.KindInterview.Noun, id)
		}
		return iv, err
	}
	all, err := s.Store.Interviews(ctx)
	if err != nil {
		return Interview{}, err
	}
	var exact, partial []Interview
	for _, iv := range all {
		switch {
		case iv.With == ref:
			exact = append(exact, iv)
		case strings.Contains(strings.ToLower(iv.With), strings.ToLower(ref)):
			partial = append(partial, iv)
		}
	}
	cands := exact
	if len(cands) == 0 {
		cands = partial
	}
	switch len(cands) {
	case 0:
		return Interview{}, crmflow.Errorf(crmflow.ENOTFOUND, "no interview has the ID or interviewee %q", ref).About(crmflow.KindInterview.Noun, "")
	case 1:
		return cands[0], nil
	}
	names := make([]string, len(cands))
	for i, iv := range cands {
		names[i] = iv.ID + " " + iv.Who() + " " + iv.Date
	}
	return Interview{}, ambiguous(ref, "interviews", crmflow.KindInterview.Noun, names, cands[0].ID)
}

// Interviews returns every interview in ID order.
func (s *Service) Interviews(ctx context.Context) ([]Interview, error) {
	return s.Store.Interviews(ctx)
}

// AddFinding validates and stores a finding. f.Interview, f.Module and
// f.Process are taken as typed (an interview's ID or interviewee, a module's
// name or key, a process map's ID or name) and resolved first.
func (s *Service) AddFinding(ctx context.Context, f Finding) (Finding, error) {
	f.Normalize()
	if err := f.Validate(); err != nil {
		return f, err
	}
	if f.Interview != "" {
		iv, err := s.ResolveInterview(ctx, f.Interview)
		if err != nil {
			return f, err
		}
		f.Interview = iv.ID
	}
	if f.Module != "" {
		cat, err := s.Reqs.Catalog(ctx)
		if err != nil {
			return f, err
		}
		m, err := cat.Resolve(f.Module)
		if err != nil {
			return f, err
		}
		f.Module = m.Key
	}
	if f.Process != "" {
		if s.ResolveProcess == nil {
			return f, crmflow.Errorf(crmflow.EINVALID, "process map %q cannot be looked up here", f.Process)
		}
		id, err := s.ResolveProcess(ctx, f.Process)
		if err != nil {
			return f, err
		}
		f.Process = id
	}
	if f.Step != "" {
		if s.ResolveStep == nil {
			return f, crmflow.Errorf(crmflow.EINVALID, "step %q cannot be looked up here", f.Step)
		}
		id, err := s.ResolveStep(ctx, f.Process, f.Step)
		if err != nil {
			return f, err
		}
		f.Step = id
	}
	if err := s.Store.CreateFinding(ctx, &f); err != nil {
		return f, err
	}
	return f, nil
}

// ResolveFinding finds a finding by ID (F-001, f-1, 1) or by an unambiguous
// part of its text.
func (s *Service) ResolveFinding(ctx context.Context, ref string) (Finding, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Finding{}, crmflow.Errorf(crmflow.EINVALID, "no finding given")
	}
	if id, ok := crmflow.KindFinding.NormalizeRef(ref); ok {
		f, err := s.Store.Finding(ctx, id)
		if crmflow.ErrorCode(err) == crmflow.ENOTFOUND {
			return f, crmflow.Errorf(crmflow.ENOTFOUND, "finding %s does not exist", id).About(crmflow.KindFinding.Noun, id)
		}
		return f, err
	}
	all, err := s.Store.Findings(ctx)
	if err != nil {
		return Finding{}, err
	}
	var exact, partial []Finding
	for _, f := range all {
		switch {
		case f.Text == ref:
			exact = append(exact, f)
		case strings.Contains(strings.ToLower(f.Text), strings.ToLower(ref)):
			partial = append(partial, f)
		}
	}
	cands := exact
	if len(cands) == 0 {
		cands = partial
	}
	switch len(cands) {
	case 0:
		return Finding{}, crmflow.Errorf(crmflow.ENOTFOUND, "no finding has the ID or text %q", ref).About(crmflow.KindFinding.Noun, "")
	case 1:
		return cands[0], nil
	}
	names := make([]string, len(cands))
	for i, f := range cands {
		names[i] = f.ID + " " + clip(f.Text, 30)
	}
	return Finding{}, ambiguous(ref, "findings", crmflow.KindFinding.Noun, names, cands[0].ID)
}

// FindingExists reports whether a finding with this ID exists (for process map references).
func (s *Service) FindingExists(ctx context.Context, ref string) bool {
	id, ok := crmflow.KindFinding.Normalize(ref)
	if !ok {
		return false
	}
	_, err := s.Store.Finding(ctx, id)
	return err == nil
}

// SourceFinding returns the finding ID a requirement's source names, if it
// names one: "F-002" (or "f-2") does; free text does not.
func SourceFinding(source string) (string, bool) { return crmflow.KindFinding.Normalize(source) }

// FindingRequirements maps each finding ID to the requirements whose Source
// names it, in requirement ID order. Findings with no requirement are absent.
func (s *Service) FindingRequirements(ctx context.Context) (map[string][]string, error) {
	all, err := s.Reqs.Store.Requirements(ctx)
	if err != nil {
		return nil, err
	}
	return traceOf(all), nil
}

func traceOf(reqs []requirements.Requirement) map[string][]string {
	out := map[string][]string{}
	for _, r := range reqs {
		if id, ok := SourceFinding(r.Source); ok {
			out[id] = append(out[id], r.ID)
		}
	}
	return out
}

// FindingView is a finding with what listings and documents show beside it.
type FindingView struct {
	Finding
	ModuleName   string   `json:"module_name"`  // in the project language; empty without a module
	MeasureText  string   `json:"measure_text"` // 拜访记录丢失率 30%
	Interviewee  string   `json:"interviewee"`  // 张总（销售总监）; empty without an interview
	Requirements []string `json:"requirements"` // IDs of the requirements whose source is this finding
}

// Findings returns every finding in ID order, with its requirements.
func (s *Service) Findings(ctx context.Context, lang crmflow.Lang) ([]FindingView, error) {
	fs, err := s.Store.Findings(ctx)
	if err != nil {
		return nil, err
	}
	reqs, err := s.FindingRequirements(ctx)
	if err != nil {
		return nil, err
	}
	ivs, err := s.Store.Interviews(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := s.Reqs.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	return makeViews(fs, reqs, ivs, cat, lang), nil
}

func makeViews(fs []Finding, reqs map[string][]string, ivs []Interview, cat *requirements.Catalog, lang crmflow.Lang) []FindingView {
	who := map[string]string{}
	for _, iv := range ivs {
		who[iv.ID] = iv.WhoIn(lang)
	}
	out := make([]FindingView, len(fs))
	for i, f := range fs {
		v := FindingView{Finding: f, MeasureText: f.MeasureText(), Interviewee: who[f.Interview], Requirements: reqs[f.ID]}
		if v.Requirements == nil {
			v.Requirements = []string{}
		}
		if m, ok := cat.Lookup(f.Module); ok && f.Module != "" {
			v.ModuleName = m.Name(lang)
		}
		out[i] = v
	}
	return out
}

// FindingView returns one finding with its requirements.
func (s *Service) FindingView(ctx context.Context, ref string, lang crmflow.Lang) (FindingView, error) {
	f, err := s.ResolveFinding(ctx, ref)
	if err != nil {
		return FindingView{}, err
	}
	all, err := s.Findings(ctx, lang)
	if err != nil {
		return FindingView{}, err
	}
	for _, v := range all {
		if v.ID == f.ID {
			return v, nil
		}
	}
	return FindingView{}, crmflow.Errorf(crmflow.ENOTFOUND, "finding %s does not exist", f.ID)
}

// Rank orders findings for a report: the most severe first, then those with
// a measure, then by ID. It sorts a copy.
func Rank(fs []FindingView) []FindingView {
	out := append([]FindingView(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.HasMeasure() != b.HasMeasure() {
			return a.HasMeasure()
		}
		return idLess(a.ID, b.ID)
	})
	return out
}

// idLess compares F-001 style IDs by number, so F-1000 follows F-999.
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// RankedFindings returns every finding, ranked (see Rank).
func (s *Service) RankedFindings(ctx context.Context, lang crmflow.Lang) ([]FindingView, error) {
	fs, err := s.Findings(ctx, lang)
	if err != nil {
		return nil, err
	}
	return Rank(fs), nil
}

// InterviewFindings returns the findings recorded from one interview.
func (s *Service) InterviewFindings(ctx context.Context, id string, lang crmflow.Lang) ([]FindingView, error) {
	all, err := s.Findings(ctx, lang)
	if err != nil {
		return nil, err
	}
	out := []FindingView{}
	for _, v := range all {
		if v.Interview == id {
			out = append(out, v)
		}
	}
	return out, nil
}

// Promotion is what `finding promote` takes besides the finding.
type Promotion struct {
	ModuleName                 string // "" takes the finding's module
	Title                      string // "" takes SuggestTitle
	Kind                       requirements.Kind
	Value, Difficulty, Urgency int // 0 takes 3
	Lang                       crmflow.Lang
}

// MaxPromotedTitle is how many characters of a finding's text become the default title.
const MaxPromotedTitle = 60

// Promote turns a finding into a new requirement whose source is the finding.
// It returns the requirement and the requirements the finding already had.
func (s *Service) Promote(ctx context.Context, ref string, p Promotion) (requirements.Requirement, []string, error) {
	f, err := s.ResolveFinding(ctx, ref)
	if err != nil {
		return requirements.Requirement{}, nil, err
	}
	var iv *Interview
	if f.Interview != "" {
		x, err := s.Store.Interview(ctx, f.Interview)
		if err != nil {
			return requirements.Requirement{}, nil, err
		}
		iv = &x
	}
	in, err := promotionInput(f, iv, p)
	if err != nil {
		return requirements.Requirement{}, nil, err
	}
	trace, err := s.FindingRequirements(ctx)
	if err != nil {
		return requirements.Requirement{}, nil, err
	}
	added, err := s.Reqs.Add(ctx, in)
	if err != nil {
		return requirements.Requirement{}, nil, err
	}
	before := trace[f.ID]
	if before == nil {
		before = []string{}
	}
	return added[0], before, nil
}

// promotionInput is the requirement a finding becomes.
func promotionInput(f Finding, iv *Interview, p Promotion) (requirements.Input, error) {
	in := requirements.Input{ModuleName: strings.TrimSpace(p.ModuleName)}
	if in.ModuleName == "" {
		if f.Module == "" {
			return in, crmflow.Errorf(crmflow.EINVALID, "finding %s has no module; say which module the requirement belongs to", f.ID).
				In("finding.promote").About(crmflow.KindFinding.Noun, f.ID).With("missing", "module")
		}
		in.Module = f.Module
	}
	in.Title = strings.TrimSpace(p.Title)
	if in.Title == "" {
		in.Title = SuggestTitle(f.Text, p.Lang)
	}
	in.Description = PromotedDescription(f, iv, p.Lang)
	in.Source = f.ID
	if iv != nil {
		in.Stakeholder = iv.WhoIn(p.Lang)
	}
	in.Kind = p.Kind
	in.Value, in.Difficulty, in.Urgency = or3(p.Value), or3(p.Difficulty), or3(p.Urgency)
	return in, nil
}

func or3(n int) int {
	if n == 0 {
		return 3
	}
	return n
}

// DefaultTitle is a finding's text as a requirement title: its first line,
// at most MaxPromotedTitle characters.
func DefaultTitle(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	return clip(strings.TrimSpace(line), MaxPromotedTitle)
}

// MaxSuggestedProblem is how many characters of a finding's first clause a
// suggested title quotes (twice as many in English, whose letters are narrow).
const MaxSuggestedProblem = 30

// SuggestTitle is a requirement-style title for a finding's text: the
// mandatory "系统应…" / "The system shall …" wording over the first clause
// of the problem, without the words req lint flags in a title (约, all,
// and/or…), so that a promoted requirement starts from a clean title.
func SuggestTitle(text string, lang crmflow.Lang) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	clause := firstClause(line)
	clause = withoutLintedWords(clause)
	if clause == "" {
		return ""
	}
	if lang == crmflow.LangEN {
		return "The system shall resolve: " + lowerFirst(clipWords(clause, 2*MaxSuggestedProblem))
	}
	clause = clip(clause, MaxSuggestedProblem)
	return "系统应解决：" + clause
}

// firstClause is s up to its first clause break (，；。,;. followed by a
// space, or a line break): the problem, not its consequences.
func firstClause(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '，', '；', '。', '：', ';', '\n':
			return strings.TrimSpace(string(rs[:i]))
		case ',', '.', ':':
			if i+1 < len(rs) && rs[i+1] == ' ' {
				return strings.TrimSpace(string(rs[:i]))
			}
		}
	}
	return strings.TrimRight(strings.TrimSpace(s), ".。")
}

// withoutLintedWords drops the words req lint would flag in a title.
func withoutLintedWords(s string) string {
	for range 8 { // each pass removes every flagged word; a few passes settle it
		found := requirements.Lint([]requirements.Requirement{{ID: "REQ-001", Title: s, Status: requirements.Draft}})
		removed := false
		for _, lf := range found {
			if lf.Field != "title" || lf.Word == "" {
				continue
			}
			if t := removeWord(s, lf.Word); t != s {
				s, removed = t, true
			}
		}
		if !removed {
			break
		}
	}
	return strings.Join(strings.Fields(s), " ")
}

// removeWord removes the first case-insensitive occurrence of w from s.
func removeWord(s, w string) string {
	i := strings.Index(strings.ToLower(s), strings.ToLower(w))
	if i < 0 || len(strings.ToLower(s)) != len(s) {
		return s
	}
	return strings.TrimSpace(s[:i] + s[i+len(w):])
}

// clipWords shortens s to at most n characters at a space, marking the cut.
func clipWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndex(string(r), " "); i > 0 {
		return strings.TrimSpace(string(r)[:i]) + "…"
	}
	return clip(s, n)
}

// lowerFirst lowercases a leading capital unless the word is an acronym (ERP, CRM).
func lowerFirst(s string) string {
	rs := []rune(s)
	if len(rs) > 1 && unicode.IsUpper(rs[0]) && !unicode.IsUpper(rs[1]) {
		rs[0] = unicode.ToLower(rs[0])
	}
	return string(rs)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// PromotedDescription is the description of a requirement promoted from f:
// the finding's text, then its measure and where it was heard.
func PromotedDescription(f Finding, iv *Interview, lang crmflow.Lang) string {
	var b strings.Builder
	b.WriteString(f.Text)
	en := lang == crmflow.LangEN
	if m := f.MeasureText(); m != "" {
		if en {
			fmt.Fprintf(&b, "\n\nMeasure: %s", m)
		} else {
			fmt.Fprintf(&b, "\n\n度量：%s", m)
		}
	}
	if en {
		fmt.Fprintf(&b, "\n\nSource: finding %s", f.ID)
		if iv != nil {
			fmt.Fprintf(&b, ", interview %s with %s on %s", iv.ID, iv.WhoIn(crmflow.LangEN), iv.Date)
		}
	} else {
		fmt.Fprintf(&b, "\n\n来源：调研发现 %s", f.ID)
		if iv != nil {
			fmt.Fprintf(&b, "，访谈 %s %s %s", iv.ID, iv.Who(), iv.Date)
		}
	}
	return b.String()
}

// AddCompetitor validates and stores a new competitor.
func (s *Service) AddCompetitor(ctx context.Context, c Competitor) (Competitor, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	if err := s.Store.CreateCompetitor(ctx, &c); err != nil {
		return c, err
	}
	return c, nil
}

// CompetitorPatch changes some of a competitor's fields; nil leaves one alone.
type CompetitorPatch struct {
	Strengths, Weaknesses, Notes, Pricing *string
}

// EditCompetitor changes a competitor's fields.
func (s *Service) EditCompetitor(ctx context.Context, ref string, p CompetitorPatch) (Competitor, error) {
	if p.Strengths == nil && p.Weaknesses == nil && p.Notes == nil && p.Pricing == nil {
		return Competitor{}, crmflow.Errorf(crmflow.EINVALID, "nothing to change").In("competitor.edit")
	}
	c, err := s.ResolveCompetitor(ctx, ref)
	if err != nil {
		return c, err
	}
	return s.Store.UpdateCompetitor(ctx, c.Name, func(c *Competitor) error {
		for _, x := range []struct{ dst, src *string }{{&c.Strengths, p.Strengths}, {&c.Weaknesses, p.Weaknesses}, {&c.Notes, p.Notes}, {&c.Pricing, p.Pricing}} {
			if x.src != nil {
				*x.dst = *x.src
			}
		}
		c.Normalize()
		return c.Validate()
	})
}

// Competitors returns every competitor with its features, in the order added.
func (s *Service) Competitors(ctx context.Context) ([]Competitor, error) {
	return s.Store.Competitors(ctx)
}

// ResolveCompetitor finds a competitor by its name (any case), or by an
// unambiguous part of it.
func (s *Service) ResolveCompetitor(ctx context.Context, ref string) (Competitor, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Competitor{}, crmflow.Errorf(crmflow.EINVALID, "no competitor given")
	}
	all, err := s.Store.Competitors(ctx)
	if err != nil {
		return Competitor{}, err
	}
	var partial []Competitor
	for _, c := range all {
		if strings.EqualFold(c.Name, ref) {
			return c, nil
		}
		if strings.Contains(strings.ToLower(c.Name), strings.ToLower(ref)) {
			partial = append(partial, c)
		}
	}
	switch len(partial) {
	case 0:
		return Competitor{}, crmflow.Errorf(crmflow.ENOTFOUND, "no competitor is called %q", ref).
			In("competitor.resolve").About("competitor", ref)
	case 1:
		return partial[0], nil
	}
	names := make([]string, len(partial))
	for i, c := range partial {
		names[i] = c.Name
	}
	return Competitor{}, ambiguous(ref, "competitors", "competitor", names, "")
}

// SetFeature records whether a competitor has a feature.
func (s *Service) SetFeature(ctx context.Context, competitor, feature, verdict, note string) (Competitor, Feature, error) {
	v, err := ParseVerdict(verdict)
	if err != nil {
		return Competitor{}, Feature{}, err
	}
	f := Feature{Feature: feature, Verdict: v, Note: note}
	if err := f.Validate(); err != nil {
		return Competitor{}, f, err
	}
	c, err := s.ResolveCompetitor(ctx, competitor)
	if err != nil {
		return c, f, err
	}
	return c, f, s.Store.SetFeature(ctx, c.Name, f)
}

// Matrix is the feature matrix: features down, competitors across.
type Matrix struct {
	Competitors []string    `json:"competitors"`
	Rows        []MatrixRow `json:"features"`
}

// MatrixRow is one feature across every competitor.
type MatrixRow struct {
	Feature string       `json:"feature"`
	Cells   []MatrixCell `json:"cells"` // one per competitor, in Matrix.Competitors order
}

// MatrixCell is one competitor's verdict on a feature; an empty verdict means
// nobody recorded it.
type MatrixCell struct {
	Competitor string  `json:"competitor"`
	Verdict    Verdict `json:"verdict"`
	Note       string  `json:"note"`
}

// BuildMatrix lays out the competitors' features: competitors in the order
// given, features in the order they first appear.
func BuildMatrix(cs []Competitor) Matrix {
	m := Matrix{Competitors: make([]string, len(cs)), Rows: []MatrixRow{}}
	var features []string
	seen := map[string]bool{}
	for i, c := range cs {
		m.Competitors[i] = c.Name
		for _, f := range c.Features {
			if !seen[f.Feature] {
				seen[f.Feature] = true
				features = append(features, f.Feature)
			}
		}
	}
	for _, name := range features {
		row := MatrixRow{Feature: name, Cells: make([]MatrixCell, len(cs))}
		for i, c := range cs {
			cell := MatrixCell{Competitor: c.Name}
			if f, ok := c.Feature(name); ok {
				cell.Verdict, cell.Note = f.Verdict, f.Note
			}
			row.Cells[i] = cell
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// Matrix returns the feature matrix of every competitor.
func (s *Service) Matrix(ctx context.Context) (Matrix, error) {
	cs, err := s.Store.Competitors(ctx)
	if err != nil {
		return Matrix{}, err
	}
	return BuildMatrix(cs), nil
}
