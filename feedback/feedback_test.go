package feedback

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
)

var now = time.Date(2027, 5, 10, 9, 0, 0, 0, time.UTC)

// memStore is the register in memory, for the domain's rules.
type memStore struct{ items []Item }

func (m *memStore) CreateFeedback(_ context.Context, it *Item) error {
	it.ID = crmflow.KindFeedback.Format(len(m.items) + 1)
	m.items = append(m.items, *it)
	return nil
}

func (m *memStore) Feedback(_ context.Context, id string) (Item, error) {
	for _, it := range m.items {
		if it.ID == id {
			return it, nil
		}
	}
	return Item{}, crmflow.Errorf(crmflow.ENOTFOUND, "feedback %s does not exist", id)
}

func (m *memStore) CheckedFeedback(ctx context.Context, id string) (Item, error) {
	return m.Feedback(ctx, id)
}

func (m *memStore) FeedbackItems(context.Context) ([]Item, error) {
	return append([]Item(nil), m.items...), nil
}

func (m *memStore) UpdateFeedback(ctx context.Context, id, _ string, fn func(Item) (Item, error)) (Item, error) {
	cur, err := m.Feedback(ctx, id)
	if err != nil {
		return cur, err
	}
	next, err := fn(cur)
	if err != nil {
		return cur, err
	}
	for i := range m.items {
		if m.items[i].ID == id {
			m.items[i] = next
		}
	}
	return next, nil
}

func newService() (*Service, *[]Draft) {
	var drafts []Draft
	return &Service{Store: &memStore{}, Clock: crmflow.FixedClock{T: now}, Actor: "王分析",
		ResolveModule: func(_ context.Context, name string) (string, error) {
			if name == "拜访跟进" || name == "visit" {
				return "visit", nil
			}
			return "", crmflow.Errorf(crmflow.EINVALID, "module %q is not known", name)
		},
		AddRequirement: func(_ context.Context, d Draft) (string, error) {
			drafts = append(drafts, d)
			return crmflow.KindRequirement.Format(len(drafts)), nil
		}}, &drafts
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"": Minor, "critical": Critical, "严重": Critical, "MAJOR": Major, "重要": Major, "一般": Minor, "建议": Suggestion, " suggestion ": Suggestion} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseSeverity("blocker"); crmflow.ErrorCode(err) != crmflow.EINVALID || !strings.Contains(err.Error(), "critical (严重)") {
		t.Errorf("bad severity: %v", err)
	}
	for _, s := range Severities {
		if s.Name(crmflow.LangZH) == "" || s.Name(crmflow.LangEN) == "" {
			t.Errorf("severity %q has no name", s)
		}
	}
	if st, err := ParseStatus("已转需求"); err != nil || st != Triaged {
		t.Errorf("ParseStatus(已转需求) = %q, %v", st, err)
	}
	if _, err := ParseStatus("done"); err == nil {
		t.Error("status done was accepted")
	}
}

func TestAddValidates(t *testing.T) {
	s, _ := newService()
	ctx := context.Background()
	it, err := s.Add(ctx, Item{Text: " 拜访记录拍照上传太慢 ", Source: "销售一部", Module: "拜访跟进", Severity: "重要", Status: Rejected, Reason: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if it.ID != "FB-001" || it.Text != "拜访记录拍照上传太慢" || it.Module != "visit" || it.Severity != Major || it.Status != New || it.Reason != "" || it.CreatedBy != "王分析" {
		t.Fatalf("added %+v", it)
	}
	bad := []struct {
		it   Item
		want string
	}{
		{Item{Text: "  "}, "feedback text is empty"},
		{Item{Text: "a\x07b"}, "control character"},
		{Item{Text: "ok", Source: "销售\x1b[31m部"}, "source holds a control character"},
		{Item{Text: "ok", Severity: "huge"}, "severity \"huge\""},
		{Item{Text: "ok", Module: "不存在"}, "module"},
		{Item{Text: strings.Repeat("长", MaxText+1)}, "at most"},
	}
	for _, b := range bad {
		if _, err := s.Add(ctx, b.it); crmflow.ErrorCode(err) != crmflow.EINVALID || !strings.Contains(err.Error(), b.want) {
			t.Errorf("Add(%+v) = %v; want %q", b.it, err, b.want)
		}
	}
}

func TestTriageOnlyFromNew(t *testing.T) {
	s, drafts := newService()
	ctx := context.Background()
	if _, err := s.Add(ctx, Item{Text: "拜访记录拍照上传太慢\n尤其是 4G 信号差时", Source: "销售一部", Module: "visit"}); err != nil {
		t.Fatal(err)
	}
	it, err := s.Triage(ctx, "fb-1", "", "", crmflow.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	if it.Status != Triaged || it.Requirement != "REQ-001" || !it.DecidedAt.Equal(now) || it.DecidedBy != "王分析" {
		t.Fatalf("triaged %+v", it)
	}
	d := (*drafts)[0]
	if d.Source != "FB-001" || d.Title != "拜访记录拍照上传太慢" || d.Module != "visit" || d.Stakeholder != "销售一部" ||
		!strings.Contains(d.Description, "用户反馈 FB-001（销售一部）") {
		t.Fatalf("draft %+v", d)
	}
	if _, err := s.Triage(ctx, "FB-001", "", "", crmflow.LangZH); crmflow.ErrorCode(err) != crmflow.ECONFLICT || !strings.Contains(err.Error(), "already triaged to REQ-001") {
		t.Fatalf("second triage: %v", err)
	}
	if _, err := s.Reject(ctx, "FB-001", "不做"); crmflow.ErrorCode(err) != crmflow.ECONFLICT {
		t.Fatalf("reject after triage: %v", err)
	}
	if len(*drafts) != 1 {
		t.Fatalf("a refused triage added a requirement: %d drafts", len(*drafts))
	}
}

func TestRejectNeedsReason(t *testing.T) {
	s, drafts := newService()
	ctx := context.Background()
	if _, err := s.Add(ctx, Item{Text: "希望加个抽奖功能", Severity: Suggestion}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reject(ctx, "FB-001", "  "); crmflow.ErrorCode(err) != crmflow.EINVALID || !strings.Contains(err.Error(), "needs a reason") {
		t.Fatalf("reject without reason: %v", err)
	}
	if _, err := s.Reject(ctx, "FB-001", "不\x00做"); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Fatalf("reason with a control character: %v", err)
	}
	// No module: triage needs one given.
	if _, err := s.Triage(ctx, "FB-001", "", "", crmflow.LangEN); crmflow.ErrorCode(err) != crmflow.EINVALID || len(*drafts) != 0 {
		t.Fatalf("triage without a module: %v", err)
	}
	it, err := s.Reject(ctx, "FB-001", "不在 CRM 范围内")
	if err != nil || it.Status != Rejected || it.Reason != "不在 CRM 范围内" {
		t.Fatalf("reject: %+v, %v", it, err)
	}
	if _, err := s.Reject(ctx, "FB-001", "again"); crmflow.ErrorCode(err) != crmflow.ECONFLICT || !strings.Contains(err.Error(), "already rejected") {
		t.Fatalf("second reject: %v", err)
	}
	if _, err := s.Reject(ctx, "REQ-001", "x"); crmflow.ErrorCode(err) != crmflow.EINVALID {
		t.Fatalf("not a feedback ID: %v", err)
	}
	if new, _ := s.List(ctx, New); len(new) != 0 {
		t.Fatalf("new items after reject: %+v", new)
	}
}

func TestDescriptionAndTitle(t *testing.T) {
	it := Item{ID: "FB-002", Text: "Quote PDF lacks the VAT number", Source: "EMEA sales"}
	if got := Description(it, crmflow.LangEN); got != "User feedback FB-002 from EMEA sales: Quote PDF lacks the VAT number" {
		t.Errorf("en description %q", got)
	}
	if got := DefaultTitle(strings.Repeat("慢", 50)); len([]rune(got)) != 40 || !strings.HasSuffix(got, "…") {
		t.Errorf("long title %q", got)
	}
}
