// Package golive is the go-live readiness checklist (上线准备): items from a
// template, each with an owner, a status, evidence, or a waiver with its
// reason; and the gate that says what still blocks go-live. It imports no
// CLI or storage code.
package golive

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// Status is where an item stands.
type Status string

// The statuses.
const (
	Todo       Status = "todo"
	InProgress Status = "in-progress"
	Done       Status = "done"
	Waived     Status = "waived"
)

// Statuses lists every status.
var Statuses = []Status{Todo, InProgress, Done, Waived}

// Name is the status in lang.
func (s Status) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Status]string{Todo: "to do", InProgress: "in progress", Done: "done", Waived: "waived"}[s]
	}
	return map[Status]string{Todo: "待办", InProgress: "进行中", Done: "已完成", Waived: "已豁免"}[s]
}

// ParseStatus reads a status in either language. Waived is set by Waive,
// with a reason, not here.
func ParseStatus(s string) (Status, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, st := range []Status{Todo, InProgress, Done} {
		if t == string(st) || s == st.Name(crmflow.LangZH) || t == st.Name(crmflow.LangEN) {
			return st, nil
		}
	}
	if t == "doing" || t == "in_progress" {
		return InProgress, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "status %q is not one of todo (待办), in-progress (进行中), done (已完成); a waiver needs a reason", s)
}

// Template is a checklist item as the template defines it.
type Template struct {
	Key     string
	TitleZH string
	TitleEN string
}

// Checklist is the readiness template (REFERENCE.md §5, go-live readiness).
var Checklist = []Template{
	{"migration.rehearsal", "数据迁移演练通过，核对结果（记录数、金额合计）已签字", "Data migration rehearsal passed, reconciliation (record counts, amount totals) signed"},
	{"migration.batches", "迁移数据分批导入并校验通过，拒收行已处理", "Migration batches validated, rejected rows resolved"},
	{"stress.test", "压力测试通过", "Stress test passed"},
	{"training.roles", "各角色用户培训完成，操作手册已发布", "Training done for every role, quick guides published"},
	{"backup.restore", "备份与恢复已演练", "Backup and restore tested"},
	{"permissions.review", "用户、角色与数据权限已复核", "Users, roles and data permissions reviewed"},
	{"monitoring.audit", "系统监控与日志审计已开启", "Monitoring and log audit switched on"},
	{"rollback.plan", "回滚方案及上线/回退判定标准已确认", "Rollback plan and go/no-go criteria agreed"},
}

// State is what the project recorded about an item.
type State struct {
	Key            string    `json:"key"`
	Owner          string    `json:"owner"`
	Status         Status    `json:"status"`
	Evidence       string    `json:"evidence"`
	EvidenceSHA256 string    `json:"evidence_sha256"` // of the evidence file, when it named one
	Reason         string    `json:"reason"`          // why it was waived
	UpdatedAt      time.Time `json:"updated_at,omitzero"`
	UpdatedBy      string    `json:"updated_by"`
}

// Item is a checklist item with its state, in a language.
type Item struct {
	State
	Title string `json:"title"`
}

// Store keeps item states.
type Store interface {
	// States lists the recorded states.
	States(ctx context.Context) ([]State, error)
	// PutState records the state of one item; update runs inside the
	// transaction on the stored state (zero State when none) and returns the
	// new one.
	PutState(ctx context.Context, key, action string, update func(State) (State, error)) (State, error)
}

// Service is the readiness checklist.
type Service struct {
	Store Store
	Actor crmflow.Actor
}

// Items is the checklist in lang: the template with the recorded states.
func (svc *Service) Items(ctx context.Context, lang crmflow.Lang) ([]Item, error) {
	states, err := svc.Store.States(ctx)
	if err != nil {
		return nil, err
	}
	byKey := map[string]State{}
	for _, s := range states {
		byKey[s.Key] = s
	}
	out := make([]Item, 0, len(Checklist))
	for _, t := range Checklist {
		st, ok := byKey[t.Key]
		if !ok {
			st = State{Key: t.Key, Status: Todo}
		}
		out = append(out, Item{State: st, Title: t.title(lang)})
	}
	return out, nil
}

func (t Template) title(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return t.TitleEN
	}
	return t.TitleZH
}

// Find resolves an item by key, a unique key prefix, or its title.
func Find(ref string) (Template, error) {
	ref = strings.TrimSpace(ref)
	var hits []Template
	for _, t := range Checklist {
		if t.Key == ref || t.TitleZH == ref || strings.EqualFold(t.TitleEN, ref) {
			return t, nil
		}
		if ref != "" && strings.HasPrefix(t.Key, strings.ToLower(ref)) {
			hits = append(hits, t)
		}
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	keys := make([]string, len(Checklist))
	for i, t := range Checklist {
		keys[i] = t.Key
	}
	if len(hits) > 1 {
		return Template{}, crmflow.Errorf(crmflow.EINVALID, "%q matches %d checklist items; give one of %s", ref, len(hits), strings.Join(keys, ", ")).About("go-live item", ref).
			With("problem", "ambiguous").With("matches", strconv.Itoa(len(hits))).With("items", strings.Join(keys, ", "))
	}
	return Template{}, crmflow.Errorf(crmflow.ENOTFOUND, "%q is not a go-live checklist item; the items are %s", ref, strings.Join(keys, ", ")).About("go-live item", ref).
		With("items", strings.Join(keys, ", "))
}

// Update is a change to an item: any of status, owner, evidence.
type Update struct {
	Status         Status // "" keeps it
	Owner          *string
	Evidence       string
	EvidenceSHA256 string
}

// Set changes an item. Done needs evidence, given now or before.
func (svc *Service) Set(ctx context.Context, ref string, u Update, lang crmflow.Lang) (Item, error) {
	t, err := Find(ref)
	if err != nil {
		return Item{}, err
	}
	if u.Owner != nil {
		if err := checkText("owner", *u.Owner, 60); err != nil {
			return Item{}, err
		}
	}
	if err := checkText("evidence", u.Evidence, 500); err != nil {
		return Item{}, err
	}
	if u.Status == "" && u.Owner == nil && u.Evidence == "" {
		return Item{}, crmflow.Errorf(crmflow.EINVALID, "nothing to change on %s: give a status, an owner or evidence", t.Key).In("golive.set")
	}
	st, err := svc.Store.PutState(ctx, t.Key, "set", func(s State) (State, error) {
		if s.Key == "" {
			s = State{Key: t.Key, Status: Todo}
		}
		if u.Status != "" {
			s.Status = u.Status
			s.Reason = ""
		}
		if u.Owner != nil {
			s.Owner = strings.TrimSpace(*u.Owner)
		}
		if u.Evidence != "" {
			s.Evidence, s.EvidenceSHA256 = strings.TrimSpace(u.Evidence), u.EvidenceSHA256
		}
		if s.Status == Done && s.Evidence == "" {
			return s, crmflow.Errorf(crmflow.EINVALID, "%s cannot be done without evidence (a report, a log, a signed reconciliation)", t.Key).
				In("golive.set").About("go-live item", t.Key)
		}
		s.UpdatedBy = string(svc.Actor)
		return s, nil
	})
	if err != nil {
		return Item{}, err
	}
	return Item{State: st, Title: t.title(lang)}, nil
}

// Waive waives an item with a reason: it no longer blocks go-live.
func (svc *Service) Waive(ctx context.Context, ref, reason string, lang crmflow.Lang) (Item, error) {
	t, err := Find(ref)
	if err != nil {
		return Item{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Item{}, crmflow.Errorf(crmflow.EINVALID, "a waiver of %s needs its reason", t.Key).In("golive.waive").About("go-live item", t.Key)
	}
	if err := checkText("reason", reason, 500); err != nil {
		return Item{}, err
	}
	st, err := svc.Store.PutState(ctx, t.Key, "waive", func(s State) (State, error) {
		if s.Key == "" {
			s = State{Key: t.Key}
		}
		s.Status, s.Reason, s.UpdatedBy = Waived, reason, string(svc.Actor)
		return s, nil
	})
	if err != nil {
		return Item{}, err
	}
	return Item{State: st, Title: t.title(lang)}, nil
}

// Gate is the go/no-go verdict.
type Gate struct {
	Ready    bool   `json:"ready"`
	Done     int    `json:"done"`
	Waived   []Item `json:"waived"`
	Blocking []Item `json:"blocking"`
}

// Gate says whether go-live may proceed: every item done or waived.
func (svc *Service) Gate(ctx context.Context, lang crmflow.Lang) (Gate, error) {
	items, err := svc.Items(ctx, lang)
	if err != nil {
		return Gate{}, err
	}
	g := Gate{Waived: []Item{}, Blocking: []Item{}}
	for _, it := range items {
		switch it.Status {
		case Done:
			g.Done++
		case Waived:
			g.Waived = append(g.Waived, it)
		default:
			g.Blocking = append(g.Blocking, it)
		}
	}
	g.Ready = len(g.Blocking) == 0
	return g, nil
}

func checkText(what, s string, max int) error {
	if utf8.RuneCountInString(s) > max || strings.ContainsAny(s, "\x00") {
		return crmflow.Errorf(crmflow.EINVALID, "the %s is longer than %d characters", what, max)
	}
	if what == "owner" && strings.ContainsAny(s, "\n\r") {
		return crmflow.Errorf(crmflow.EINVALID, "the owner %q must be one line", s)
	}
	return nil
}

// Markdown writes the checklist as a table, for the go-live approval that
// stakeholders sign off.
func Markdown(items []Item, lang crmflow.Lang, project string, at time.Time) []byte {
	var b strings.Builder
	en := lang == crmflow.LangEN
	esc := func(s string) string {
		return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "#", `\#`).Replace(s)
	}
	if en {
		fmt.Fprintf(&b, "# %s — Go-live readiness\n\nAs of %s.\n\n| Item | Status | Owner | Evidence / waiver |\n|---|---|---|---|\n", esc(project), at.Format("2006-01-02"))
	} else {
		fmt.Fprintf(&b, "# %s 上线准备检查表\n\n截至 %s。\n\n| 检查项 | 状态 | 负责人 | 证据 / 豁免理由 |\n|---|---|---|---|\n", esc(project), at.Format("2006-01-02"))
	}
	for _, it := range items {
		ev := it.Evidence
		if it.EvidenceSHA256 != "" {
			ev += " (SHA-256 " + it.EvidenceSHA256 + ")"
		}
		if it.Status == Waived {
			ev = it.Reason
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", esc(it.Title), it.Status.Name(lang), esc(it.Owner), esc(ev))
	}
	return []byte(b.String())
}
