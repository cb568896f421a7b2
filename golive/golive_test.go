package golive

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
)

// memStore keeps states in memory, the way the sqlite store does.
type memStore struct{ states map[string]State }

func (m *memStore) States(ctx context.Context) ([]State, error) {
	out := []State{}
	for _, s := range m.states {
		out = append(out, s)
	}
	return out, nil
}

func (m *memStore) PutState(ctx context.Context, key, action string, update func(State) (State, error)) (State, error) {
	st, err := update(m.states[key])
	if err != nil {
		return st, err
	}
	st.Key = key
	m.states[key] = st
	return st, nil
}

func newService() *Service {
	return &Service{Store: &memStore{states: map[string]State{}}, Actor: "tester"}
}

func TestGate(t *testing.T) {
	ctx := context.Background()
	svc := newService()
	g, err := svc.Gate(ctx, crmflow.LangZH)
	if err != nil || g.Ready || len(g.Blocking) != len(Checklist) || g.Done != 0 {
		t.Fatalf("a fresh checklist: %+v %v", g, err)
	}
	if _, err := svc.Set(ctx, "migration.batches", Update{Status: Done}, crmflow.LangZH); err == nil || !strings.Contains(err.Error(), "without evidence") {
		t.Errorf("done without evidence: %v", err)
	}
	owner := "李经理"
	it, err := svc.Set(ctx, "migration.b", Update{Status: Done, Evidence: "out/batches/report.md", EvidenceSHA256: "ab", Owner: &owner}, crmflow.LangZH)
	if err != nil || it.Key != "migration.batches" || it.Status != Done || it.Owner != "李经理" || it.Title != Checklist[1].TitleZH {
		t.Fatalf("set by prefix: %+v %v", it, err)
	}
	if _, err := svc.Waive(ctx, "stress.test", " ", crmflow.LangZH); err == nil || !strings.Contains(err.Error(), "needs its reason") {
		t.Errorf("waiver without a reason: %v", err)
	}
	if _, err := svc.Set(ctx, "migration", Update{Status: Done}, crmflow.LangZH); crmflow.ErrorCode(err) != crmflow.EINVALID || !strings.Contains(err.Error(), "matches 2") {
		t.Errorf("ambiguous item: %v", err)
	}
	if _, err := svc.Set(ctx, "nope", Update{Status: Done}, crmflow.LangZH); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Errorf("unknown item: %v", err)
	}
	if _, err := svc.Set(ctx, "stress.test", Update{}, crmflow.LangZH); err == nil {
		t.Error("an empty update was accepted")
	}
	for _, tpl := range Checklist[2:] {
		if tpl.Key == "stress.test" {
			if _, err := svc.Waive(ctx, tpl.Key, "用户量低于 50", crmflow.LangEN); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if tpl.Key == "rollback.plan" {
			continue
		}
		if _, err := svc.Set(ctx, tpl.Key, Update{Status: Done, Evidence: "见附件"}, crmflow.LangEN); err != nil {
			t.Fatal(err)
		}
	}
	g, _ = svc.Gate(ctx, crmflow.LangEN)
	if g.Ready || len(g.Blocking) != 2 || g.Blocking[0].Key != "migration.rehearsal" || g.Blocking[1].Key != "rollback.plan" || len(g.Waived) != 1 {
		t.Fatalf("two blockers: %+v", g)
	}
	// Reopening an item clears its waiver; done keeps earlier evidence.
	if it, err := svc.Set(ctx, "stress.test", Update{Status: InProgress}, crmflow.LangEN); err != nil || it.Reason != "" {
		t.Errorf("reopened: %+v %v", it, err)
	}
	if _, err := svc.Set(ctx, "migration.batches", Update{Status: Done}, crmflow.LangEN); err != nil {
		t.Errorf("done again with the recorded evidence: %v", err)
	}
	for _, k := range []string{"migration.rehearsal", "rollback.plan", "stress.test"} {
		if _, err := svc.Set(ctx, k, Update{Status: Done, Evidence: "ok"}, crmflow.LangEN); err != nil {
			t.Fatal(err)
		}
	}
	g, _ = svc.Gate(ctx, crmflow.LangEN)
	if !g.Ready || g.Done != len(Checklist) {
		t.Fatalf("all done: %+v", g)
	}
}

func TestParseStatusAndMarkdown(t *testing.T) {
	for in, want := range map[string]Status{"done": Done, "已完成": Done, "in progress": InProgress, "进行中": InProgress, "TODO": Todo} {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseStatus("waived"); err == nil {
		t.Error("waived without a reason was accepted as a status")
	}
	items := []Item{{State: State{Key: "a", Status: Waived, Reason: "不需要|<script>"}, Title: "压力测试通过"}}
	md := string(Markdown(items, crmflow.LangZH, "快消CRM", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)))
	if !strings.Contains(md, "| 压力测试通过 | 已豁免 |  | 不需要\\|&lt;script&gt; |") || strings.Contains(md, "<script>") {
		t.Errorf("markdown:\n%s", md)
	}
}
