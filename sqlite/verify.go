package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/feedback"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/release"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/research"
	"github.com/crmflow/crmflow/stakeholder"
	"github.com/crmflow/crmflow/survey"
)

// recordChecks is the table `audit verify` walks: for every kind of record a
// decision rests on, how its expected state is folded from the audit log and
// how its current state is loaded from the tables. Each entry yields, per
// record, the JSON the audit log's newest event says it holds, and the JSON
// of the row as it is; any difference is an edit made outside crmflow.
//
// A new kind of record adds one line here. A record whose audit events carry
// its whole state as "after" (create/update/delete) uses listed, given the
// store's list method and its audit entity and "after" value, e.g. at merge:
//
//	listed(crmflow.KindMilestone.Is, "milestone", func(db *DB) func(context.Context) ([]milestones.Milestone, error) { return db.Milestones().Milestones }, func(m milestones.Milestone) (string, any) { return m.ID, m }),
//
// (likewise test results and sign-offs). A record built from deltas (links,
// suspect marks, responses) supplies its own folder. Requirements and
// baselines are checked by VerifyAudit itself.
func recordChecks() []recordCheck {
	return append([]recordCheck{
		snapshot(crmflow.KindChange.Is, "change request", loadChangeRequests),
		snapshot(prefixed("stakeholder/"), "stakeholder", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Stakeholders().Stakeholders, func(p stakeholder.Stakeholder) (string, any) { return "stakeholder/" + p.Name, p })
		}, "key"), // a key event records the signer's key (stakeholder_keys), not the person
		snapshot(crmflow.KindMeeting.Is, "meeting", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Meetings().Meetings, func(m meeting.Meeting) (string, any) { return m.ID, m })
		}),
		listed(crmflow.KindInterview.Is, "interview", func(db *DB) func(context.Context) ([]research.Interview, error) { return db.Research().Interviews },
			func(iv research.Interview) (string, any) { return iv.ID, iv }),
		snapshot(crmflow.KindFinding.Is, "finding", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Research().Findings, func(f research.Finding) (string, any) { return f.ID, f })
		}),
		snapshot(prefixed("competitor:"), "competitor", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Research().Competitors, func(c research.Competitor) (string, any) { return competitorEntity(c.Name), auditCompetitor(&c) })
		}, "feature"),
		{noun: "competitor feature", newFold: newFeatureFold, load: loadFeatures},
		snapshot(crmflow.KindQuestionnaire.Is, "questionnaire", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Surveys().Questionnaires, func(q survey.Questionnaire) (string, any) { return q.ID, q })
		}, "import"),
		{noun: "survey response", newFold: newResponseFold, load: loadResponses},
		// Settings given at init predate the log in workspaces made before
		// init recorded them: there, only those set since are checked.
		{noun: "setting", load: loadSettings, untracked: true, newFold: func() folder {
			return &settingsFold{snapshotFold: snapshotFold{match: prefixed("setting:"), exp: map[string]expectedState{}}}
		}},
		snapshot(func(e string) bool { return e == "project" }, "project", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			p, err := db.Project(ctx)
			return map[string][]byte{"project": mustMarshal(p)}, err
		}),
		snapshot(prefixed("module:"), "custom module", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Requirements().CustomModules, func(m requirements.Module) (string, any) { return "module:" + m.Key, m })
		}),
		snapshot(prefixed("field:"), "custom field", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Requirements().FieldDefs, func(d requirements.FieldDef) (string, any) { return "field:" + d.Name, d })
		}),
		snapshot(prefixed("data:"), "data dictionary field", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Requirements().DataFields, func(f requirements.DataField) (string, any) { return dataEntity(f.Entity, f.Name), f })
		}),
		snapshot(prefixed("perm:"), "permission", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Requirements().Permissions, func(p requirements.Permission) (string, any) { return "perm:" + p.Role + "/" + p.Module, p })
		}),
		snapshot(crmflow.KindProcessMap.Is, "process map", func(ctx context.Context, db *DB) (map[string][]byte, error) {
			return loadAll(ctx, db.Processes().Maps, func(m process.Map) (string, any) { return m.ID, auditMap(&m) })
		}),
		listed(crmflow.KindFeedback.Is, "feedback item", func(db *DB) func(context.Context) ([]feedback.Item, error) { return db.Feedback().FeedbackItems }, func(it feedback.Item) (string, any) { return it.ID, it }),
		{noun: "trace link", newFold: newLinkFold, load: loadLinks},
		{noun: "suspect mark", newFold: newSuspectFold, load: loadSuspects},
		listed(crmflow.KindRelease.Is, "release", releasesOf, func(r release.Release) (string, any) { return r.ID, r }),
		listed(crmflow.KindSprint.Is, "sprint", sprintsOf, func(s release.Sprint) (string, any) { return s.ID, s }),
		listed(prefixed("plan:"), "release plan item", itemsOf, func(it release.Item) (string, any) { return it.Entity(), it }),
	}, laterChecks()...)
}

// recordCheck is one row of the table above.
type recordCheck struct {
	noun      string
	newFold   func() folder                                                // a fresh fold for one verification
	load      func(ctx context.Context, db *DB) (map[string][]byte, error) // key → current state, as JSON
	untracked bool                                                         // records may exist with no history (set at init)
}

// folder reads the audit log oldest first and says what each record must hold.
type folder interface {
	fold(e *crmflow.AuditEvent)
	expected() map[string]expectedState
}

// expectedState is a record's state by the log: its JSON, or gone, and the
// event that said so.
type expectedState struct {
	state []byte
	gone  bool
	seq   int64
}

func prefixed(p string) func(string) bool {
	return func(e string) bool { return strings.HasPrefix(e, p) }
}

// settingsInit is the action of the events init records for the settings it
// is given.
const settingsInit = "init"

// settingsFold is the settings' snapshot fold; once the log holds init's
// settings every setting has a history, so one without is a finding.
type settingsFold struct {
	snapshotFold
	initRecorded bool
}

func (f *settingsFold) fold(e *crmflow.AuditEvent) {
	f.initRecorded = f.initRecorded || e.Action == settingsInit && f.match(e.Entity)
	f.snapshotFold.fold(e)
}

func (f *settingsFold) tracked() bool { return f.initRecorded }

// snapshot checks records whose events carry their whole state: the newest
// event's after is the record, a delete (no after) removes it. Actions in
// skip are deltas folded elsewhere.
func snapshot(match func(entity string) bool, noun string, load func(context.Context, *DB) (map[string][]byte, error), skip ...string) recordCheck {
	return recordCheck{noun: noun, load: load, newFold: func() folder {
		return &snapshotFold{match: match, skip: skip, exp: map[string]expectedState{}}
	}}
}

type snapshotFold struct {
	match func(string) bool
	skip  []string
	exp   map[string]expectedState
}

func (f *snapshotFold) fold(e *crmflow.AuditEvent) {
	if !f.match(e.Entity) {
		return
	}
	switch e.Action {
	case "link", "unlink", "suspect", "trace-clear":
		return // trace deltas, folded by the link and suspect checks
	}
	for _, s := range f.skip {
		if e.Action == s {
			return
		}
	}
	if len(e.After) == 0 || e.Action == "delete" {
		f.exp[e.Entity] = expectedState{gone: true, seq: e.Seq}
		return
	}
	f.exp[e.Entity] = expectedState{state: e.After, seq: e.Seq}
}

func (f *snapshotFold) expected() map[string]expectedState { return f.exp }

// listed is a snapshot check whose current state is a store's list.
func listed[T any](match func(string) bool, noun string, list func(*DB) func(context.Context) ([]T, error), key func(T) (string, any), skip ...string) recordCheck {
	return snapshot(match, noun, func(ctx context.Context, db *DB) (map[string][]byte, error) {
		return loadAll(ctx, list(db), key)
	}, skip...)
}

// loadAll marshals each record a store lists under its audit entity.
func loadAll[T any](ctx context.Context, list func(context.Context) ([]T, error), key func(T) (string, any)) (map[string][]byte, error) {
	all, err := list(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(all))
	for _, x := range all {
		k, v := key(x)
		out[k] = mustMarshal(v)
	}
	return out, nil
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// loadChangeRequests reads each request's body with the state column laid
// over it: the column is what lists and filters read, so an edit of either
// must show.
func loadChangeRequests(ctx context.Context, db *DB) (map[string][]byte, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT id, state, body FROM change_requests")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var id, state, body string
		if err := rows.Scan(&id, &state, &body); err != nil {
			return nil, err
		}
		cur, err := requestState(state, body)
		if err != nil {
			return nil, fmt.Errorf("change request %s: %w", id, err)
		}
		out[id] = cur
	}
	return out, rows.Err()
}

func requestState(state, body string) ([]byte, error) {
	var r change.Request
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return nil, err
	}
	r.State = change.State(state)
	return json.Marshal(r)
}

// checkHistory refuses to act on a record whose stored state is not what its
// newest audit event says: a decision must not rest on an edit made outside
// crmflow.
func (tx *Tx) checkHistory(noun, entity string, cur []byte) error {
	var seq int64
	var after []byte
	err := tx.QueryRow("SELECT seq, after FROM audit WHERE entity = ? ORDER BY seq DESC LIMIT 1", entity).Scan(&seq, &after)
	if err != nil {
		return crmflow.Errorf(crmflow.ECONFLICT, "%s %s has no history in the audit log; it was written outside crmflow", noun, entity).
			About(noun, entity).With("problem", "tampered")
	}
	if !bytes.Equal(compact(after), compact(cur)) {
		return crmflow.Errorf(crmflow.ECONFLICT, "%s %s was changed outside crmflow: it differs from audit event %d (%s)", noun, entity, seq, diffFields(after, cur)).
			About(noun, entity).With("problem", "tampered").With("seq", fmt.Sprint(seq))
	}
	return nil
}

// checkedRequest reads a change request inside the transaction and checks
// it against its history.
func (tx *Tx) checkedRequest(id string) (change.Request, error) {
	r, err := tx.request(id)
	if err != nil {
		return r, err
	}
	var state, body string
	if err := tx.QueryRow("SELECT state, body FROM change_requests WHERE id = ?", id).Scan(&state, &body); err != nil {
		return r, err
	}
	cur, err := requestState(state, body)
	if err != nil {
		return r, err
	}
	return r, tx.checkHistory(crmflow.KindChange.Noun, id, cur)
}

func loadSettings(ctx context.Context, db *DB) (map[string][]byte, error) {
	all, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for k, v := range all {
		out["setting:"+k] = mustMarshal(settingChange{k, v})
	}
	return out, nil
}

// ---- competitor features: each "feature" event sets one cell.

type featureFold struct{ exp map[string]expectedState }

func newFeatureFold() folder { return &featureFold{map[string]expectedState{}} }

func (f *featureFold) fold(e *crmflow.AuditEvent) {
	if e.Action != "feature" || !strings.HasPrefix(e.Entity, "competitor:") {
		return
	}
	var x struct {
		Feature string `json:"feature"`
	}
	_ = json.Unmarshal(e.After, &x)
	f.exp[e.Entity+"#"+x.Feature] = expectedState{state: e.After, seq: e.Seq}
}

func (f *featureFold) expected() map[string]expectedState { return f.exp }

func loadFeatures(ctx context.Context, db *DB) (map[string][]byte, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT competitor, feature, verdict, note FROM competitor_features")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var comp string
		var f research.Feature
		if err := rows.Scan(&comp, &f.Feature, &f.Verdict, &f.Note); err != nil {
			return nil, err
		}
		out[competitorEntity(comp)+"#"+f.Feature] = mustMarshal(f)
	}
	return out, rows.Err()
}

// ---- survey responses: each import event adds or replaces respondents.

type responseFold struct{ exp map[string]expectedState }

func newResponseFold() folder { return &responseFold{map[string]expectedState{}} }

// responseState is a stored response as the audit log records it, less the
// import's own facts (replaced).
type responseState struct {
	Role       string            `json:"role"`
	Name       string            `json:"name"`
	Department string            `json:"department"`
	Date       string            `json:"date"`
	File       string            `json:"file"`
	Answers    map[string]string `json:"answers"`
}

func responseKey(q, role, name string) string { return q + "/" + role + "/" + survey.NameKey(name) }

func (f *responseFold) fold(e *crmflow.AuditEvent) {
	if e.Action != "import" || !crmflow.KindQuestionnaire.Is(e.Entity) {
		return
	}
	var imp struct {
		Responses []responseState `json:"responses"`
	}
	_ = json.Unmarshal(e.After, &imp)
	for _, r := range imp.Responses {
		if r.Answers == nil {
			r.Answers = map[string]string{}
		}
		f.exp[responseKey(e.Entity, r.Role, r.Name)] = expectedState{state: mustMarshal(r), seq: e.Seq}
	}
}

func (f *responseFold) expected() map[string]expectedState { return f.exp }

func loadResponses(ctx context.Context, db *DB) (map[string][]byte, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT r.id, r.questionnaire_id, r.role, r.name, r.department, r.date, r.file, a.question_key, a.value
		FROM survey_responses r LEFT JOIN survey_answers a ON a.response_id = r.id ORDER BY r.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cur := map[string]*responseState{}
	var order []string
	var last int64 = -1
	for rows.Next() {
		var id int64
		var q string
		var r responseState
		var key, value *string
		if err := rows.Scan(&id, &q, &r.Role, &r.Name, &r.Department, &r.Date, &r.File, &key, &value); err != nil {
			return nil, err
		}
		k := responseKey(q, r.Role, r.Name)
		if id != last {
			r.Answers = map[string]string{}
			cur[k] = &r
			order = append(order, k)
			last = id
		}
		if key != nil && value != nil {
			cur[k].Answers[*key] = *value
		}
	}
	out := make(map[string][]byte, len(cur))
	for _, k := range order {
		out[k] = mustMarshal(cur[k])
	}
	return out, rows.Err()
}

// ---- trace links and their suspect flags.

// linkState is what a link holds that a decision reads.
type linkState struct {
	Suspect   bool   `json:"suspect"`
	CreatedAt string `json:"created_at"`
}

type linkFold struct {
	links map[string]*linkState
	seq   map[string]int64
	pairs map[[2]string][]requirements.Link // unordered pair → its links
}

func newLinkFold() folder {
	return &linkFold{links: map[string]*linkState{}, seq: map[string]int64{}, pairs: map[[2]string][]requirements.Link{}}
}

func linkKey(l requirements.Link) string { return l.From + " " + string(l.Kind) + " " + l.To }

func pairOf(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

func (f *linkFold) fold(e *crmflow.AuditEvent) {
	switch e.Action {
	case "link", "unlink":
		var l requirements.Link
		src := e.After
		if e.Action == "unlink" {
			src = e.Before
		}
		if json.Unmarshal(src, &l) != nil {
			return
		}
		k, p := linkKey(l), pairOf(l.From, l.To)
		f.seq[k] = e.Seq
		ls := f.pairs[p]
		ls = slicesDeleteLink(ls, l)
		if e.Action == "link" {
			f.links[k] = &linkState{Suspect: l.Suspect, CreatedAt: formatTime(l.CreatedAt)}
			ls = append(ls, l)
		} else {
			delete(f.links, k)
		}
		f.pairs[p] = ls
	case "suspect":
		// A change to e.Entity flags the links its dependants hold on it:
		// those pointing at it, and relates-to links from it (change.SuspectsOf).
		var m struct {
			Item string `json:"item"`
		}
		_ = json.Unmarshal(e.After, &m)
		for _, l := range f.pairs[pairOf(e.Entity, m.Item)] {
			if (l.To == e.Entity && l.From == m.Item) || (l.From == e.Entity && l.Kind == requirements.LinkRelatesTo) {
				k := linkKey(l)
				f.links[k].Suspect, f.seq[k] = true, e.Seq
			}
		}
	case "trace-clear":
		var m struct {
			Item string `json:"item"`
		}
		_ = json.Unmarshal(e.Before, &m)
		for _, l := range f.pairs[pairOf(e.Entity, m.Item)] {
			k := linkKey(l)
			f.links[k].Suspect, f.seq[k] = false, e.Seq
		}
	}
}

func slicesDeleteLink(ls []requirements.Link, l requirements.Link) []requirements.Link {
	out := ls[:0]
	for _, x := range ls {
		if x.From != l.From || x.To != l.To || x.Kind != l.Kind {
			out = append(out, x)
		}
	}
	return out
}

func (f *linkFold) expected() map[string]expectedState {
	out := make(map[string]expectedState, len(f.seq))
	for k, seq := range f.seq {
		if s, ok := f.links[k]; ok {
			out[k] = expectedState{state: mustMarshal(s), seq: seq}
		} else {
			out[k] = expectedState{gone: true, seq: seq}
		}
	}
	return out
}

func loadLinks(ctx context.Context, db *DB) (map[string][]byte, error) {
	all, err := db.Requirements().Links(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(all))
	for _, l := range all {
		out[linkKey(l)] = mustMarshal(linkState{Suspect: l.Suspect, CreatedAt: formatTime(l.CreatedAt)})
	}
	return out, nil
}

// ---- suspect marks (trace_suspects): set by "suspect", removed by "trace-clear".

type suspectState struct {
	CR    string `json:"cr"`
	Since string `json:"since"`
}

type suspectFold struct{ exp map[string]expectedState }

func newSuspectFold() folder { return &suspectFold{map[string]expectedState{}} }

func (f *suspectFold) fold(e *crmflow.AuditEvent) {
	switch e.Action {
	case "suspect":
		var m struct{ Item, CR string }
		_ = json.Unmarshal(e.After, &m)
		f.exp[e.Entity+" "+m.Item] = expectedState{state: mustMarshal(suspectState{m.CR, formatTime(e.At)}), seq: e.Seq}
	case "trace-clear":
		var m struct{ Item string }
		_ = json.Unmarshal(e.Before, &m)
		for _, k := range []string{e.Entity + " " + m.Item, m.Item + " " + e.Entity} {
			if _, ok := f.exp[k]; ok {
				f.exp[k] = expectedState{gone: true, seq: e.Seq}
			}
		}
	}
}

func (f *suspectFold) expected() map[string]expectedState { return f.exp }

func loadSuspects(ctx context.Context, db *DB) (map[string][]byte, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT req_id, item, cr, since FROM trace_suspects")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var req, item string
		var s suspectState
		if err := rows.Scan(&req, &item, &s.CR, &s.Since); err != nil {
			return nil, err
		}
		out[req+" "+item] = mustMarshal(s)
	}
	return out, rows.Err()
}

// compareRecords reports every record of one kind that differs from the log.
func compareRecords(c recordCheck, exp map[string]expectedState, cur map[string][]byte) []crmflow.AuditProblem {
	var out []crmflow.AuditProblem
	keys := make([]string, 0, len(cur)+len(exp))
	for k := range cur {
		keys = append(keys, k)
	}
	for k := range exp {
		if _, ok := cur[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		e, logged := exp[k]
		now, exists := cur[k]
		switch {
		case exists && (!logged || e.gone):
			if !c.untracked || logged {
				out = append(out, crmflow.AuditProblem{Seq: e.seq, Entity: k, Kind: "missing-history",
					Detail: fmt.Sprintf("%s %s exists but the audit log has no record of its current state", c.noun, k)})
			}
		case !exists && logged && !e.gone:
			out = append(out, crmflow.AuditProblem{Seq: e.seq, Entity: k, Kind: "state-mismatch",
				Detail: fmt.Sprintf("%s %s was deleted outside crmflow (last audit event %d)", c.noun, k, e.seq)})
		case exists && !bytes.Equal(compact(e.state), compact(now)):
			out = append(out, crmflow.AuditProblem{Seq: e.seq, Entity: k, Kind: "state-mismatch",
				Detail: fmt.Sprintf("%s %s was changed outside crmflow: it differs from audit event %d (%s)", c.noun, k, e.seq, diffFields(e.state, now))})
		}
	}
	return out
}
