package milestones

import (
	"fmt"
	"sort"
	"time"

	"github.com/crmflow/crmflow"
)

// Trend compares a rating with last week's.
type Trend string

// The trends.
const (
	Better Trend = "better" // ↑
	Same   Trend = "same"   // →
	Worse  Trend = "worse"  // ↓
	New    Trend = "new"    // no rating last week
)

// Arrow is the trend as an arrow.
func (t Trend) Arrow() string {
	return map[Trend]string{Better: "↑", Same: "→", Worse: "↓", New: "·"}[t]
}

func trend(now, last RAG) Trend {
	switch {
	case last == "":
		return New
	case now.rank() < last.rank():
		return Better
	case now.rank() > last.rank():
		return Worse
	}
	return Same
}

// ChangeItem is a change request as the weekly report needs it.
type ChangeItem struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	State        string    `json:"state"` // the change package's state key
	StateName    string    `json:"state_name"`
	SubmittedAt  time.Time `json:"submitted_at"`
	DecidedAt    time.Time `json:"decided_at,omitempty"` // approved, rejected or deferred
	AppliedAt    time.Time `json:"applied_at,omitempty"`
	ScheduleDays float64   `json:"schedule_days"`
	Milestones   []string  `json:"milestones"`
}

// Pending reports whether the request waits for a decision.
func (c ChangeItem) Pending() bool { return c.State == "submitted" || c.State == "analyzed" }

// ReqCounts are the requirement counts the scope rating uses.
type ReqCounts struct {
	ByStatus map[string]int `json:"by_status"` // status key → count, now
	Total    int            `json:"total"`     // in scope now (not rejected)
	Last     int            `json:"last"`      // in scope at the end of last week
	Baseline int            `json:"baseline"`  // in the newest requirement baseline (0: none yet)
}

// WeekItem is one line of "done this week" or "planned next week".
type WeekItem struct {
	Kind string `json:"kind"` // finished, started, deliverable, due, start, requirement
	ID   string `json:"id"`
	Name string `json:"name"`
	What string `json:"what,omitempty"` // the deliverable's name; for requirements the status they moved to
	Date Date   `json:"date"`
	// Count is how many requirements moved to What this week (Kind requirement).
	Count int `json:"count,omitempty"`
}

// Dimension is one rated dimension of the report.
type Dimension struct {
	Key   string `json:"key"` // schedule, scope, change, risk
	RAG   RAG    `json:"rag"`
	Last  RAG    `json:"last,omitempty"`
	Trend Trend  `json:"trend"`
	// Facts are the numbers the rating came from (see docs/schedule.md).
	Facts map[string]float64 `json:"facts"`
}

// Name returns the dimension's name in lang.
func (d Dimension) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[string]string{"schedule": "Schedule", "scope": "Scope", "change": "Change", "risk": "Risk"}[d.Key]
	}
	return map[string]string{"schedule": "进度", "scope": "范围", "change": "变更", "risk": "风险"}[d.Key]
}

// Coordination is something the client must decide or provide.
type Coordination struct {
	Kind  string `json:"kind"` // decision (a change request), risk (overdue), milestone (client-run)
	ID    string `json:"id"`
	Text  string `json:"text"`
	Owner string `json:"owner,omitempty"`
	Due   Date   `json:"due,omitempty"`
}

// WeekInput is what the weekly report is built from. The app gathers it;
// WeeklyData is pure.
type WeekInput struct {
	Week     Date      // any day of the report week
	Now      *Schedule // the schedule as of the report day
	Last     *Schedule // the schedule as of the same day a week earlier (nil: first week)
	Risks    []Risk
	Changes  []ChangeItem
	Reqs     ReqCounts
	Done     []WeekItem // more done items the app knows of (requirements confirmed …)
	TopRisks int        // how many risks to list; 0 is 5
}

// Weekly is the data of one weekly report (项目周报).
type Weekly struct {
	Week      string         `json:"week"` // 2027-W03
	From      Date           `json:"from"` // Monday
	To        Date           `json:"to"`   // Sunday
	Today     Date           `json:"today"`
	RAG       RAG            `json:"rag"`
	LastRAG   RAG            `json:"last_rag,omitempty"`
	Trend     Trend          `json:"trend"`
	Dims      []Dimension    `json:"dimensions"`
	Done      []WeekItem     `json:"done"`
	Next      []WeekItem     `json:"next"`
	Rows      []Row          `json:"milestones"` // baseline / forecast / actual, slip; Row.Reason gives the reason
	Buffer    Buffer         `json:"buffer"`
	LastBuf   *Buffer        `json:"last_buffer,omitempty"`
	Finish    Date           `json:"finish"`
	Risks     []Risk         `json:"top_risks"`
	Changes   []ChangeItem   `json:"changes"` // submitted, decided or applied this week
	Reqs      ReqCounts      `json:"requirements"`
	Needs     []Coordination `json:"coordination"`
	Estimated []int          `json:"estimated_years"` // calendar years without official holiday data
}

// The dimension thresholds (docs/schedule.md).
const (
	ScopeAmberPct    = 5  // scope growth over the baseline above this: amber
	ScopeRedPct      = 10 // above this: red
	RiskAmber        = 3  // the highest open exposure at or above this: amber
	RiskRed          = 6  // at or above this: red
	PendingAmberDays = 7  // a change request waiting longer than this many days: amber
)

// WeeklyData builds the report data for the week containing in.Week.
func WeeklyData(in WeekInput) (*Weekly, error) {
	if in.Now == nil {
		return nil, crmflow.Errorf(crmflow.EINVALID, "the weekly report needs a schedule")
	}
	mon := in.Week.Monday()
	w := &Weekly{Week: WeekLabel(mon), From: mon, To: mon + 6, Today: in.Now.Today,
		Rows: in.Now.Rows, Buffer: in.Now.Buffer, Finish: in.Now.Finish, Reqs: in.Reqs}
	if in.Last != nil {
		b := in.Last.Buffer
		w.LastBuf = &b
	}
	inWeek := func(d Date, from Date) bool { return d != 0 && d >= from && d <= from+6 }
	// Done this week: milestones started or finished, deliverables handed over.
	for _, r := range in.Now.Rows {
		if inWeek(r.ActualFinish, mon) {
			w.Done = append(w.Done, WeekItem{Kind: "finished", ID: r.ID, Name: r.Name, Date: r.ActualFinish})
		} else if inWeek(r.ActualStart, mon) {
			w.Done = append(w.Done, WeekItem{Kind: "started", ID: r.ID, Name: r.Name, Date: r.ActualStart})
		}
		for _, d := range r.Deliverables {
			if d.Done && inWeek(d.DoneOn, mon) {
				w.Done = append(w.Done, WeekItem{Kind: "deliverable", ID: r.ID, Name: r.Name, What: d.Name, Date: d.DoneOn})
			}
		}
	}
	w.Done = append(w.Done, in.Done...)
	// Planned next week: unfinished milestones forecast to start or finish
	// next week, or running through it.
	next := mon + 7
	for _, r := range in.Now.Rows {
		if r.Status == Done {
			continue
		}
		switch {
		case inWeek(r.Finish, next):
			w.Next = append(w.Next, WeekItem{Kind: "due", ID: r.ID, Name: r.Name, Date: r.Finish})
		case inWeek(r.Start, next) && r.Status == NotStarted:
			w.Next = append(w.Next, WeekItem{Kind: "start", ID: r.ID, Name: r.Name, Date: r.Start})
		case r.Start < next && r.Finish > next+6:
			w.Next = append(w.Next, WeekItem{Kind: "continue", ID: r.ID, Name: r.Name, Date: r.Finish})
		}
	}
	sortItems(w.Done)
	sortItems(w.Next)

	n := in.TopRisks
	if n <= 0 {
		n = 5
	}
	w.Risks = TopRisks(in.Risks, n)
	for _, c := range in.Changes {
		if inWeek(DateOf(c.SubmittedAt), mon) || (!c.DecidedAt.IsZero() && inWeek(DateOf(c.DecidedAt), mon)) ||
			(!c.AppliedAt.IsZero() && inWeek(DateOf(c.AppliedAt), mon)) {
			w.Changes = append(w.Changes, c)
		}
	}

	// Ratings now and at the end of last week.
	end, lastEnd := mon+6, mon-1
	if w.Today != 0 && w.Today < end {
		end = w.Today
	}
	sched := Dimension{Key: "schedule", RAG: in.Now.RAG, Facts: map[string]float64{
		"buffer_used_pct": in.Now.Buffer.UsedPct, "chain_done_pct": in.Now.Buffer.ChainDonePct, "red_milestones": float64(countRAG(in.Now.Rows, Red)),
		"amber_milestones": float64(countRAG(in.Now.Rows, Amber))}}
	if in.Last != nil {
		sched.Last = in.Last.RAG
	}
	scope := scopeDim(in.Reqs.Total, in.Reqs.Baseline)
	if in.Reqs.Baseline > 0 || in.Reqs.Last > 0 {
		scope.Last = scopeDim(in.Reqs.Last, in.Reqs.Baseline).RAG
	}
	change := changeDim(in.Changes, in.Now.Buffer, end)
	lastChange := changeDim(in.Changes, lastBuffer(in), lastEnd)
	change.Last = lastChange.RAG
	risk := riskDim(in.Risks, time.Time{})
	lastRisk := riskDim(in.Risks, lastEnd.Time().Add(24*time.Hour))
	risk.Last = lastRisk.RAG
	w.Dims = []Dimension{sched, scope, change, risk}
	var now, last []RAG
	for i := range w.Dims {
		d := &w.Dims[i]
		d.Trend = trend(d.RAG, d.Last)
		now = append(now, d.RAG)
		if d.Last != "" {
			last = append(last, d.Last)
		}
	}
	w.RAG = Worst(now...)
	if in.Last != nil {
		w.LastRAG = Worst(last...)
	}
	w.Trend = trend(w.RAG, w.LastRAG)

	// What the client must decide or provide.
	for _, c := range in.Changes {
		if c.Pending() {
			w.Needs = append(w.Needs, Coordination{Kind: "decision", ID: c.ID, Text: c.Title})
		}
	}
	for _, r := range TopRisks(in.Risks, 0) {
		if r.Due != 0 && r.Due < w.Today {
			w.Needs = append(w.Needs, Coordination{Kind: "risk", ID: r.ID, Text: r.Text, Owner: r.Owner, Due: r.Due})
		}
	}
	for _, it := range w.Next {
		if r, ok := in.Now.Row(it.ID); ok && r.Owner != "" && it.Kind != "continue" && clientRole(r.Role) {
			w.Needs = append(w.Needs, Coordination{Kind: "milestone", ID: r.ID, Text: r.Name, Owner: r.Owner, Due: it.Date})
		}
	}
	for _, y := range in.Now.Years {
		if !y.Official {
			w.Estimated = append(w.Estimated, y.Year)
		}
	}
	return w, nil
}

// clientRole reports whether a template role is played by the client.
func clientRole(role string) bool {
	return role == "业务部门" || role == "Business users"
}

func lastBuffer(in WeekInput) Buffer {
	if in.Last != nil {
		return in.Last.Buffer
	}
	return in.Now.Buffer
}

func sortItems(items []WeekItem) {
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Date != items[j].Date {
			return items[i].Date < items[j].Date
		}
		return items[i].ID < items[j].ID
	})
}

func countRAG(rows []Row, r RAG) int {
	n := 0
	for _, row := range rows {
		if row.RAG == r {
			n++
		}
	}
	return n
}

// scopeDim rates scope growth over the requirement baseline.
func scopeDim(total, baseline int) Dimension {
	d := Dimension{Key: "scope", RAG: Green, Facts: map[string]float64{"requirements": float64(total), "baseline": float64(baseline)}}
	if baseline <= 0 {
		return d
	}
	growth := 100 * float64(total-baseline) / float64(baseline)
	d.Facts["growth_pct"] = round1(growth)
	switch {
	case growth > ScopeRedPct:
		d.RAG = Red
	case growth > ScopeAmberPct:
		d.RAG = Amber
	}
	return d
}

// changeDim rates change requests as of the day asOf: red when the applied
// ones' schedule days exceed the buffer, amber when they use more than half
// of it or a request has waited for a decision longer than PendingAmberDays.
func changeDim(crs []ChangeItem, buf Buffer, asOf Date) Dimension {
	days, pending, oldest := 0, 0, 0
	for _, c := range crs {
		if DateOf(c.SubmittedAt) > asOf {
			continue
		}
		if !c.AppliedAt.IsZero() && DateOf(c.AppliedAt) <= asOf {
			days += Shift{Days: c.ScheduleDays}.WorkingDays()
		}
		// Waiting as of asOf: undecided now, or decided only after asOf.
		if c.Pending() || (!c.DecidedAt.IsZero() && DateOf(c.DecidedAt) > asOf) {
			pending++
			oldest = max(oldest, int(asOf-DateOf(c.SubmittedAt)))
		}
	}
	d := Dimension{Key: "change", RAG: Green, Facts: map[string]float64{"applied_schedule_days": float64(days),
		"pending": float64(pending), "oldest_pending_days": float64(oldest), "buffer_days": float64(buf.Days)}}
	switch {
	case days > buf.Days:
		d.RAG = Red
	case 2*days > buf.Days || oldest > PendingAmberDays:
		d.RAG = Amber
	}
	return d
}

// riskDim rates the highest exposure among open risks (those that existed
// before the cut-off, when one is given).
func riskDim(risks []Risk, before time.Time) Dimension {
	top, open := 0, 0
	for _, r := range risks {
		if !r.Open() || (!before.IsZero() && !r.CreatedAt.Before(before)) {
			continue
		}
		open++
		top = max(top, r.Exposure())
	}
	d := Dimension{Key: "risk", RAG: Green, Facts: map[string]float64{"open": float64(open), "top_exposure": float64(top)}}
	switch {
	case top >= RiskRed:
		d.RAG = Red
	case top >= RiskAmber:
		d.RAG = Amber
	}
	return d
}

// Summary is one line on the overall state, in lang.
func (w *Weekly) Summary(lang crmflow.Lang) string {
	late := countRAG(w.Rows, Red) + countRAG(w.Rows, Amber)
	if lang == crmflow.LangEN {
		return fmt.Sprintf("Overall %s (%s). Forecast finish %s; buffer used %.0f%% of %s; %s behind baseline; %s.",
			w.RAG.Name(lang), w.Trend.Arrow(), w.Finish, w.Buffer.UsedPct, crmflow.Count(w.Buffer.Days, "working day"),
			crmflow.Count(late, "milestone"), crmflow.Count(len(TopRisks(w.Risks, 0)), "open risk"))
	}
	return fmt.Sprintf("总体%s（%s）。预计完成 %s；缓冲已用 %.0f%%（共 %d 个工作日）；%d 个里程碑落后于基线；%d 项未关闭风险。",
		w.RAG.Name(lang), w.Trend.Arrow(), w.Finish, w.Buffer.UsedPct, w.Buffer.Days, late, len(TopRisks(w.Risks, 0)))
}

// KindName says in lang what happened or is planned.
func (it WeekItem) KindName(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[string]string{"finished": "finished", "started": "started", "deliverable": "delivered", "due": "due",
			"start": "starts", "continue": "continues", "requirement": "requirement"}[it.Kind]
	}
	return map[string]string{"finished": "完成", "started": "开始", "deliverable": "交付", "due": "计划完成",
		"start": "计划开始", "continue": "持续进行", "requirement": "需求"}[it.Kind]
}

// KindName says in lang what the client is asked for.
func (c Coordination) KindName(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[string]string{"decision": "decide on the change request", "risk": "overdue risk action", "milestone": "client-run milestone"}[c.Kind]
	}
	return map[string]string{"decision": "需决策变更", "risk": "风险应对已逾期", "milestone": "需客户参与的里程碑"}[c.Kind]
}
