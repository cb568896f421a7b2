package requirements

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/crmflow/crmflow"
)

// Service holds the register's rules; the application layer (app) calls it, it calls the Store.
type Service struct {
	Store   Store
	Project crmflow.ProjectStore
	Base    *Catalog // the built-in module catalog
	// FrozenIn, when set, names the newest baseline holding a requirement,
	// for the refusal to edit a frozen one.
	FrozenIn func(ctx context.Context, id string) (string, error)
}

// Settings loads the project's scoring settings.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	kv, err := s.Project.Settings(ctx)
	if err != nil {
		return Settings{}, err
	}
	return LoadSettings(kv)
}

// SetSetting validates and stores one scoring setting.
func (s *Service) SetSetting(ctx context.Context, key, value string) (Settings, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return st, err
	}
	if err := st.Apply(key, value); err != nil {
		return st, err
	}
	return st, s.Project.SetSetting(ctx, key, st.Text(key))
}

// Catalog returns the built-in catalog plus the project's own modules.
func (s *Service) Catalog(ctx context.Context) (*Catalog, error) {
	custom, err := s.Store.CustomModules(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := s.Base.WithCustom(custom)
	if err != nil || s.Project == nil {
		return cat, err
	}
	// Its messages name modules in the project's language.
	p, err := s.Project.Project(ctx)
	if err != nil {
		return nil, err
	}
	return cat.In(p.Lang), nil
}

// AddModule adds a project module.
func (s *Service) AddModule(ctx context.Context, key, zh, en string) (Module, error) {
	cat, err := s.Catalog(ctx)
	if err != nil {
		return Module{}, err
	}
	m, err := cat.NewModule(key, zh, en)
	if err != nil {
		return m, err
	}
	return m, s.Store.AddModule(ctx, m)
}

// AddField defines a custom field.
func (s *Service) AddField(ctx context.Context, d FieldDef) (FieldDef, error) {
	if err := d.Validate(); err != nil {
		return d, err
	}
	defs, err := s.Store.FieldDefs(ctx)
	if err != nil {
		return d, err
	}
	if _, ok := FindField(defs, d.Name); ok {
		return d, crmflow.Errorf(crmflow.ECONFLICT, "custom field %q already exists", d.Name)
	}
	return d, s.Store.AddFieldDef(ctx, d)
}

// Input is what a person gives to add a requirement: the fields, with the
// module as typed and custom field values as typed.
type Input struct {
	Requirement
	ModuleName string
	FieldText  map[string]string
}

// prepare resolves, canonicalizes and validates a draft; it fills in defaults.
func prepare(d Input, cat *Catalog, defs []FieldDef) (*Requirement, error) {
	r := d.Requirement.Clone()
	if r.Kind == "" {
		r.Kind = KindFunctional
	}
	if r.Status == "" {
		r.Status = Draft
	}
	if d.ModuleName != "" {
		m, err := cat.Resolve(d.ModuleName)
		if err != nil {
			return nil, err
		}
		r.Module = m.Key
	} else if r.Module == "" {
		return nil, crmflow.Errorf(crmflow.EINVALID, "module is missing").With("missing", "module")
	} else if _, ok := cat.Lookup(r.Module); !ok {
		_, err := cat.Resolve(r.Module)
		return nil, err
	}
	r.Fields = map[string]string{}
	for name, v := range d.FieldText {
		def, ok := FindField(defs, name)
		if !ok {
			return nil, UnknownField(defs, name)
		}
		c, err := def.Canonical(v)
		if err != nil {
			return nil, err
		}
		if c != "" {
			r.Fields[def.Name] = c
		}
	}
	for _, def := range defs {
		if _, ok := r.Fields[def.Name]; !ok && def.Default != "" {
			r.Fields[def.Name] = def.Default
		}
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

// Add creates requirements from drafts, all of them or none. Every draft is
// validated before anything is written.
func (s *Service) Add(ctx context.Context, drafts ...Input) ([]Requirement, error) {
	cat, err := s.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	defs, err := s.Store.FieldDefs(ctx)
	if err != nil {
		return nil, err
	}
	rs := make([]*Requirement, 0, len(drafts))
	for i, d := range drafts {
		r, err := prepare(d, cat, defs)
		if err != nil {
			if len(drafts) > 1 {
				return nil, fmt.Errorf("requirement %d (%s): %w", i+1, d.Title, err)
			}
			return nil, err
		}
		if r.Status != Draft && r.Status != Confirmed {
			return nil, crmflow.Errorf(crmflow.EINVALID, "a new requirement starts as draft or confirmed, not %s", r.Status)
		}
		if err := CheckVerifiable(nil, r); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	if err := s.Store.CreateRequirements(ctx, rs); err != nil {
		return nil, err
	}
	out := make([]Requirement, len(rs))
	for i, r := range rs {
		out[i] = *r
	}
	return out, nil
}

// Resolve finds one requirement by ID ("REQ-001", "req-1", "1"), by exact
// title, or by an unambiguous part of the title.
func (s *Service) Resolve(ctx context.Context, ref string) (Requirement, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Requirement{}, crmflow.Errorf(crmflow.EINVALID, "no requirement given")
	}
	if id, ok := crmflow.KindRequirement.NormalizeRef(ref); ok {
		r, err := s.Store.Requirement(ctx, id)
		if err == nil || crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
			return r, err
		}
		return r, crmflow.Errorf(crmflow.ENOTFOUND, "requirement %s does not exist", id).About(crmflow.KindRequirement.Noun, id)
	}
	all, err := s.Store.Requirements(ctx)
	if err != nil {
		return Requirement{}, err
	}
	var exact, partial []Requirement
	for _, r := range all {
		switch {
		case r.Title == ref:
			exact = append(exact, r)
		case strings.Contains(strings.ToLower(r.Title), strings.ToLower(ref)):
			partial = append(partial, r)
		}
	}
	if len(exact) == 1 {
		return exact[0], nil
	}
	cands := append(exact, partial...)
	switch len(cands) {
	case 0:
		return Requirement{}, crmflow.Errorf(crmflow.ENOTFOUND, "no requirement has the ID or title %q", ref).About(crmflow.KindRequirement.Noun, "").With("ref", ref)
	case 1:
		return cands[0], nil
	}
	names := []string{}
	for i, r := range cands {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", len(cands)-5))
			break
		}
		names = append(names, r.ID+" "+r.Title)
	}
	return Requirement{}, crmflow.Errorf(crmflow.EINVALID, "%q matches %d requirements: %s", ref, len(cands), strings.Join(names, "; ")).
		About(crmflow.KindRequirement.Noun, "").With("candidate", cands[0].ID)
}

// ResolveID is Resolve returning only the ID.
func (s *Service) ResolveID(ctx context.Context, ref string) (string, error) {
	r, err := s.Resolve(ctx, ref)
	return r.ID, err
}

// Filter selects requirements in List.
type Filter struct {
	Modules  []string // module names or keys as typed
	Statuses []Status
	Kinds    []Kind
	MoSCoW   []MoSCoW // matches the explicit or suggested class
	Owner    string
	Tag      string
	Query    string            // a part of the title or description
	Fields   map[string]string // custom field name → value (as typed; canonicalized)
}

// Sort orders in List.
const (
	SortID      = "id"
	SortScore   = "score"
	SortModule  = "module"
	SortStatus  = "status"
	SortTitle   = "title"
	SortUpdated = "updated"
)

// SortKeys lists the orders List accepts.
var SortKeys = []string{SortID, SortScore, SortModule, SortStatus, SortTitle, SortUpdated}

// Listing is the result of List: the requirements, and the settings and
// catalog they were evaluated with, so callers showing them need not load those again.
type Listing struct {
	Requirements []Requirement
	Settings     Settings
	Catalog      *Catalog
}

// List returns the requirements that match f, in the order sortBy names.
// Unless full is set, the requirements may lack their long text (description,
// criteria, source, stakeholder): see Store.Summaries.
func (s *Service) List(ctx context.Context, f Filter, sortBy string, full bool) (Listing, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return Listing{}, err
	}
	cat, err := s.Catalog(ctx)
	if err != nil {
		return Listing{}, err
	}
	mods := map[string]bool{}
	for _, name := range f.Modules {
		m, err := cat.Resolve(name)
		if err != nil {
			return Listing{}, err
		}
		mods[m.Key] = true
	}
	fields := map[string]string{}
	if len(f.Fields) > 0 {
		defs, err := s.Store.FieldDefs(ctx)
		if err != nil {
			return Listing{}, err
		}
		for name, v := range f.Fields {
			d, ok := FindField(defs, name)
			if !ok {
				return Listing{}, UnknownField(defs, name)
			}
			c, err := d.Canonical(v)
			if err != nil {
				return Listing{}, err
			}
			fields[d.Name] = c
		}
	}
	switch sortBy {
	case "", SortID, SortScore, SortModule, SortStatus, SortTitle, SortUpdated:
	default:
		return Listing{}, crmflow.Errorf(crmflow.EINVALID, "cannot sort by %q; use one of %s", sortBy, strings.Join(SortKeys, ", "))
	}
	load := s.Store.Summaries
	if full || f.Query != "" {
		load = s.Store.Requirements
	}
	all, err := load(ctx)
	if err != nil {
		return Listing{}, err
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	out := all[:0]
	for _, r := range all {
		if len(mods) > 0 && !mods[r.Module] ||
			len(f.Statuses) > 0 && !slices.Contains(f.Statuses, r.Status) ||
			len(f.Kinds) > 0 && !slices.Contains(f.Kinds, r.Kind) ||
			f.Owner != "" && r.Owner != f.Owner ||
			f.Tag != "" && !slices.Contains(r.Tags, f.Tag) ||
			q != "" && !strings.Contains(strings.ToLower(r.Title+"\n"+r.Description), q) {
			continue
		}
		if len(f.MoSCoW) > 0 && !slices.Contains(f.MoSCoW, st.Evaluate(&r).MoSCoW) {
			continue
		}
		ok := true
		for k, v := range fields {
			ok = ok && r.Fields[k] == v
		}
		if ok {
			out = append(out, r)
		}
	}
	sortRequirements(out, sortBy, st, cat)
	return Listing{Requirements: out, Settings: st, Catalog: cat}, nil
}

func sortRequirements(rs []Requirement, by string, st Settings, cat *Catalog) {
	less := func(a, b *Requirement) int { return 0 }
	switch by {
	case SortScore:
		less = func(a, b *Requirement) int {
			return st.Score(b.Value, b.Difficulty, b.Urgency) - st.Score(a.Value, a.Difficulty, a.Urgency)
		}
	case SortModule:
		less = func(a, b *Requirement) int { return cat.Order(a.Module) - cat.Order(b.Module) }
	case SortStatus:
		order := map[Status]int{}
		for i, s := range Statuses {
			order[s] = i
		}
		less = func(a, b *Requirement) int { return order[a.Status] - order[b.Status] }
	case SortTitle:
		less = func(a, b *Requirement) int { return strings.Compare(a.Title, b.Title) }
	case SortUpdated:
		less = func(a, b *Requirement) int { return b.UpdatedAt.Compare(a.UpdatedAt) }
	}
	// Ties keep ID order, which the store returns.
	sort.SliceStable(rs, func(i, j int) bool { return less(&rs[i], &rs[j]) < 0 })
}

// Patch is a partial edit. Nil pointers leave a field alone.
type Patch struct {
	Title, Description, Owner, Source, Stakeholder *string
	ModuleName                                     *string
	Kind                                           *Kind
	Value, Difficulty, Urgency                     *int
	MoSCoW                                         *MoSCoW
	Criteria                                       *[]string // replaces the list
	CriteriaAdd                                    []string
	CriteriaRemove                                 []int // 1-based positions in the current list
	Tags                                           *[]string
	TagsAdd, TagsRemove                            []string
	Fields                                         map[string]string // "" removes the value
}

// Empty reports whether the patch changes nothing.
func (p Patch) Empty() bool {
	return p.Title == nil && p.Description == nil && p.Owner == nil && p.Source == nil && p.Stakeholder == nil &&
		p.ModuleName == nil && p.Kind == nil && p.Value == nil && p.Difficulty == nil && p.Urgency == nil &&
		p.MoSCoW == nil && p.Criteria == nil && len(p.CriteriaAdd) == 0 && len(p.CriteriaRemove) == 0 &&
		p.Tags == nil && len(p.TagsAdd) == 0 && len(p.TagsRemove) == 0 && len(p.Fields) == 0
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// Apply changes r by p and validates the result; cat resolves module names
// and defs are the project's custom fields.
func (p Patch) Apply(r *Requirement, cat *Catalog, defs []FieldDef) error {
	set(&r.Title, p.Title)
	set(&r.Description, p.Description)
	set(&r.Owner, p.Owner)
	set(&r.Source, p.Source)
	set(&r.Stakeholder, p.Stakeholder)
	set(&r.Kind, p.Kind)
	set(&r.Value, p.Value)
	set(&r.Difficulty, p.Difficulty)
	set(&r.Urgency, p.Urgency)
	set(&r.MoSCoW, p.MoSCoW)
	if p.ModuleName != nil {
		m, err := cat.Resolve(*p.ModuleName)
		if err != nil {
			return err
		}
		r.Module = m.Key
	}
	if p.Criteria != nil {
		r.Criteria = append([]string(nil), (*p.Criteria)...)
	}
	if len(p.CriteriaRemove) > 0 {
		drop := map[int]bool{}
		for _, n := range p.CriteriaRemove {
			if n < 1 || n > len(r.Criteria) {
				return crmflow.Errorf(crmflow.EINVALID, "%s has %d acceptance criteria; there is no criterion %d", r.ID, len(r.Criteria), n)
			}
			drop[n-1] = true
		}
		kept := r.Criteria[:0]
		for i, c := range r.Criteria {
			if !drop[i] {
				kept = append(kept, c)
			}
		}
		r.Criteria = kept
	}
	r.Criteria = append(r.Criteria, p.CriteriaAdd...)
	if p.Tags != nil {
		r.Tags = append([]string(nil), (*p.Tags)...)
	}
	for _, t := range p.TagsRemove {
		kept := r.Tags[:0]
		for _, x := range r.Tags {
			if x != t {
				kept = append(kept, x)
			}
		}
		r.Tags = kept
	}
	r.Tags = append(r.Tags, p.TagsAdd...)
	names := make([]string, 0, len(p.Fields))
	for k := range p.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		def, ok := FindField(defs, name)
		if !ok {
			return UnknownField(defs, name)
		}
		if err := def.SetField(r, p.Fields[name]); err != nil {
			return err
		}
	}
	r.Normalize()
	return r.Validate()
}

// frozenError is the refusal for editing a requirement past confirmation.
func frozenError(r *Requirement) error {
	return crmflow.Errorf(crmflow.EFROZEN, "%s is %s and cannot be edited in place", r.ID, r.Status).
		In("req.edit").About(crmflow.KindRequirement.Noun, r.ID)
}

// Edit applies a patch to one requirement.
func (s *Service) Edit(ctx context.Context, ref string, p Patch) (Requirement, error) {
	if p.Empty() {
		return Requirement{}, crmflow.Errorf(crmflow.EINVALID, "nothing to change").In("req.edit").With("problem", "empty")
	}
	return s.update(ctx, ref, -1, func(r *Requirement, cat *Catalog, defs []FieldDef) error { return p.Apply(r, cat, defs) })
}

// Replace sets every editable field of a requirement from edited (as the
// editor form returns it). If the requirement changed since revision was
// read, the edit is refused rather than silently overwriting the other change.
func (s *Service) Replace(ctx context.Context, id string, revision int, edited Requirement) (Requirement, error) {
	return s.update(ctx, id, revision, func(r *Requirement, cat *Catalog, defs []FieldDef) error {
		if _, ok := cat.Lookup(edited.Module); !ok {
			_, err := cat.Resolve(edited.Module)
			return err
		}
		for name := range edited.Fields {
			if _, ok := FindField(defs, name); !ok {
				return UnknownField(defs, name)
			}
		}
		r.Title, r.Description, r.Module, r.Kind = edited.Title, edited.Description, edited.Module, edited.Kind
		r.Value, r.Difficulty, r.Urgency, r.MoSCoW = edited.Value, edited.Difficulty, edited.Urgency, edited.MoSCoW
		r.Criteria, r.Owner, r.Source, r.Stakeholder = edited.Criteria, edited.Owner, edited.Source, edited.Stakeholder
		r.Tags, r.Fields = edited.Tags, edited.Fields
		r.Normalize()
		return r.Validate()
	})
}

func (s *Service) update(ctx context.Context, ref string, revision int, fn func(*Requirement, *Catalog, []FieldDef) error) (Requirement, error) {
	e, err := s.prepare(ctx, ref, revision, fn)
	if err != nil {
		return Requirement{}, err
	}
	out, err := s.Store.UpdateRequirement(ctx, e.ID, "update", e.Apply)
	return out, s.EditError(ctx, e.ID, err)
}

// PreparedEdit is an edit checked against the catalog and field
// definitions, for a store to apply to the stored requirement inside a
// transaction of its own (with other records written in the same one).
type PreparedEdit struct {
	ID    string
	Apply func(*Requirement) error // the edit and the rules that guard it
}

// PrepareEdit readies the patch p for requirement ref without writing it;
// the store runs Apply on the current requirement. An error Apply returns
// goes through EditError.
func (s *Service) PrepareEdit(ctx context.Context, ref string, p Patch) (PreparedEdit, error) {
	if p.Empty() {
		return PreparedEdit{}, crmflow.Errorf(crmflow.EINVALID, "nothing to change").In("req.edit")
	}
	return s.prepare(ctx, ref, -1, func(r *Requirement, cat *Catalog, defs []FieldDef) error { return p.Apply(r, cat, defs) })
}

// EditError names the baseline that froze id when err is a refusal to
// edit a frozen requirement; other errors pass unchanged.
func (s *Service) EditError(ctx context.Context, id string, err error) error {
	if crmflow.ErrorCode(err) == crmflow.EFROZEN {
		return s.frozenInBaseline(ctx, id, err)
	}
	return err
}

func (s *Service) prepare(ctx context.Context, ref string, revision int, fn func(*Requirement, *Catalog, []FieldDef) error) (PreparedEdit, error) {
	id, err := s.ResolveID(ctx, ref)
	if err != nil {
		return PreparedEdit{}, err
	}
	cat, err := s.Catalog(ctx)
	if err != nil {
		return PreparedEdit{}, err
	}
	defs, err := s.Store.FieldDefs(ctx)
	if err != nil {
		return PreparedEdit{}, err
	}
	return PreparedEdit{ID: id, Apply: func(r *Requirement) error {
		if !r.Status.Editable() {
			return frozenError(r)
		}
		if revision >= 0 && r.Revision != revision {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s changed while you were editing it (revision %d, now %d); nothing was saved", r.ID, revision, r.Revision).
				In("req.edit").About(crmflow.KindRequirement.Noun, r.ID).With("problem", "stale")
		}
		before := r.Clone()
		if err := fn(r, cat, defs); err != nil {
			return err
		}
		return CheckVerifiable(&before, r)
	}}, nil
}

// frozenInBaseline names the baseline that holds a frozen requirement, so the
// refusal says what the edit would break.
func (s *Service) frozenInBaseline(ctx context.Context, id string, err error) error {
	if s.FrozenIn == nil {
		return err
	}
	name, lerr := s.FrozenIn(ctx, id)
	if lerr != nil || name == "" {
		return err
	}
	return crmflow.Errorf(crmflow.EFROZEN, "%s is frozen in baseline %s", id, name).
		In("req.edit").About(crmflow.KindRequirement.Noun, id).With("baseline", name)
}

// SetStatus moves one requirement to a new status, if the lifecycle allows it.
func (s *Service) SetStatus(ctx context.Context, ref string, to Status) (Requirement, error) {
	id, err := s.ResolveID(ctx, ref)
	if err != nil {
		return Requirement{}, err
	}
	if to == Frozen {
		// A frozen requirement belongs to a baseline; only freeze makes one.
		return Requirement{}, crmflow.Errorf(crmflow.EINVALID, "requirements are frozen by taking a baseline, not one by one").
			In("req.status").With("status", string(Frozen))
	}
	return s.Store.UpdateRequirement(ctx, id, "status", func(r *Requirement) error { return MoveTo(r, to) })
}

// Remove deletes a draft requirement that nothing depends on.
func (s *Service) Remove(ctx context.Context, ref string) (Requirement, error) {
	id, err := s.ResolveID(ctx, ref)
	if err != nil {
		return Requirement{}, err
	}
	var removed Requirement
	err = s.Store.DeleteRequirement(ctx, id, func(r Requirement, links []Link) error {
		if err := CheckRemovable(r, links); err != nil {
			return err
		}
		removed = r
		return nil
	})
	return removed, err
}

// ParseLinkKind accepts a link kind.
func ParseLinkKind(s string) (LinkKind, error) {
	for _, k := range LinkKinds {
		if string(k) == strings.ToLower(strings.TrimSpace(s)) {
			return k, nil
		}
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "link kind %q is not one of parent, derives-from, relates-to", s)
}

// Link adds a trace link from → to. A requirement has at most one parent, and
// parent and derives-from links may not form a cycle.
func (s *Service) Link(ctx context.Context, fromRef, toRef string, kind LinkKind) (Link, error) {
	from, err := s.ResolveID(ctx, fromRef)
	if err != nil {
		return Link{}, err
	}
	to, err := s.ResolveID(ctx, toRef)
	if err != nil {
		return Link{}, err
	}
	if from == to {
		return Link{}, crmflow.Errorf(crmflow.EINVALID, "a requirement cannot link to itself (%s)", from)
	}
	l := Link{From: from, To: to, Kind: kind}
	err = s.Store.AddLink(ctx, l, func(all []Link) error { return checkLink(l, all) })
	return l, err
}

// LinkAll adds many trace links in one transaction (the same rules as Link, each
// link checked against the ones before it): all of them, or none on the first
// refusal. from and to are requirement IDs.
func (s *Service) LinkAll(ctx context.Context, ls []Link) error {
	for i, l := range ls {
		if l.From == l.To {
			return crmflow.Errorf(crmflow.EINVALID, "a requirement cannot link to itself (%s)", l.From)
		}
		ls[i] = Link{From: l.From, To: l.To, Kind: l.Kind}
	}
	return s.Store.AddLinks(ctx, ls, checkLink)
}

func checkLink(l Link, all []Link) error {
	for _, x := range all {
		same := x.Kind == l.Kind && (x.From == l.From && x.To == l.To ||
			l.Kind == LinkRelatesTo && x.From == l.To && x.To == l.From)
		if same {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s already %s %s", l.From, describeLink(l.Kind), l.To)
		}
		if l.Kind == LinkParent && x.Kind == LinkParent && x.From == l.From {
			return crmflow.Errorf(crmflow.ECONFLICT, "%s already has the parent %s", l.From, x.To).
				In("req.link").About(crmflow.KindRequirement.Noun, l.From).With("parent", x.To)
		}
	}
	if l.Kind == LinkRelatesTo {
		return nil
	}
	// A cycle exists if l.From is reachable from l.To over directed links of the same kind.
	next := map[string][]string{}
	for _, x := range all {
		if x.Kind == l.Kind {
			next[x.From] = append(next[x.From], x.To)
		}
	}
	seen := map[string]bool{}
	stack := []string{l.To}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == l.From {
			return crmflow.Errorf(crmflow.ECONFLICT, "linking %s %s %s would make a cycle", l.From, describeLink(l.Kind), l.To)
		}
		if !seen[n] {
			seen[n] = true
			stack = append(stack, next[n]...)
		}
	}
	return nil
}

func describeLink(k LinkKind) string {
	switch k {
	case LinkParent:
		return "has the parent"
	case LinkDerivesFrom:
		return "derives from"
	}
	return "relates to"
}

// Unlink removes a trace link.
func (s *Service) Unlink(ctx context.Context, fromRef, toRef string, kind LinkKind) (Link, error) {
	from, err := s.ResolveID(ctx, fromRef)
	if err != nil {
		return Link{}, err
	}
	to, err := s.ResolveID(ctx, toRef)
	if err != nil {
		return Link{}, err
	}
	l := Link{From: from, To: to, Kind: kind}
	err = s.Store.RemoveLink(ctx, l)
	if crmflow.ErrorCode(err) == crmflow.ENOTFOUND && kind == LinkRelatesTo {
		err = s.Store.RemoveLink(ctx, Link{From: to, To: from, Kind: kind})
	}
	return l, err
}

// AddDataField adds a field to the data dictionary (or replaces it).
func (s *Service) AddDataField(ctx context.Context, f DataField, replace bool) (DataField, error) {
	if err := f.Validate(); err != nil {
		return f, err
	}
	if f.Req != "" {
		id, err := s.ResolveID(ctx, f.Req)
		if err != nil {
			return f, err
		}
		f.Req = id
	}
	return f, s.Store.PutDataField(ctx, f, replace)
}

// SetPermission sets the actions a role has in a module (none removes the cell).
func (s *Service) SetPermission(ctx context.Context, role, moduleName string, actions []Action, scope Scope) (Permission, error) {
	cat, err := s.Catalog(ctx)
	if err != nil {
		return Permission{}, err
	}
	m, err := cat.Resolve(moduleName)
	if err != nil {
		return Permission{}, err
	}
	p := Permission{Role: role, Module: m.Key, Actions: actions, Scope: scope}
	if err := p.Validate(); err != nil {
		return p, err
	}
	return p, s.Store.SetPermission(ctx, p)
}
