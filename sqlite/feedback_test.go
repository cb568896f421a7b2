package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/feedback"
)

func TestFeedbackAuditedAndTamperCaught(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, sql, kind, detail string
	}{
		{"edit the status", "UPDATE feedback SET status = 'new', reason = '' WHERE id = 'FB-002'", "state-mismatch", "feedback item FB-002 was changed outside crmflow"},
		{"edit the text", "UPDATE feedback SET text = '改过' WHERE id = 'FB-001'", "state-mismatch", "feedback item FB-001 was changed outside crmflow"},
		{"delete an item", "DELETE FROM feedback WHERE id = 'FB-001'", "state-mismatch", "FB-001 was deleted outside crmflow"},
		{"insert an item", "INSERT INTO feedback SELECT 'FB-009', 9, text, source, module, severity, status, requirement, reason, created_at, created_by, decided_at, decided_by FROM feedback WHERE id = 'FB-001'", "missing-history", "FB-009 exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := newDB(t)
			s := db.Feedback()
			for _, text := range []string{"拜访记录拍照上传太慢", "报表导出缺少客户编号"} {
				it := feedback.Item{Text: text, Source: "销售一部", Module: "visit", Severity: feedback.Major, Status: feedback.New}
				if err := s.CreateFeedback(ctx, &it); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.UpdateFeedback(ctx, "FB-002", "reject", func(it feedback.Item) (feedback.Item, error) {
				return feedback.Reject(it, "已有导出模板", testNow, "tester")
			}); err != nil {
				t.Fatal(err)
			}
			got, err := s.Feedback(ctx, "FB-002")
			if err != nil || got.Status != feedback.Rejected || got.Reason != "已有导出模板" || !got.DecidedAt.Equal(testNow) {
				t.Fatalf("FB-002 = %+v, %v", got, err)
			}
			events, _ := db.AuditLog(ctx, crmflow.AuditFilter{Entity: "FB-002"})
			if len(events) != 2 || events[1].Action != "reject" {
				t.Fatalf("FB-002 events: %+v", events)
			}
			rep, err := db.VerifyAudit(ctx)
			if err != nil || !rep.OK {
				t.Fatalf("clean log: %+v, %v", rep, err)
			}
			if _, err := db.sql.Exec(tt.sql); err != nil {
				t.Fatal(err)
			}
			rep, err = db.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK || len(rep.Problems) == 0 || rep.Problems[0].Kind != tt.kind || !strings.Contains(rep.Problems[0].Detail, tt.detail) {
				t.Fatalf("after %q: %+v", tt.sql, rep)
			}
		})
	}
}

// A triage must not rest on an item edited outside crmflow.
func TestFeedbackUpdateRefusesTamperedItem(t *testing.T) {
	ctx := context.Background()
	db, _ := newDB(t)
	s := db.Feedback()
	it := feedback.Item{Text: "慢", Severity: feedback.Minor, Status: feedback.New}
	if err := s.CreateFeedback(ctx, &it); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.Exec("UPDATE feedback SET severity = 'critical' WHERE id = 'FB-001'"); err != nil {
		t.Fatal(err)
	}
	_, err := s.UpdateFeedback(ctx, "FB-001", "reject", func(it feedback.Item) (feedback.Item, error) {
		return feedback.Reject(it, "不做", testNow, "tester")
	})
	if crmflow.ErrorCode(err) != crmflow.ECONFLICT || !strings.Contains(err.Error(), "changed outside crmflow") {
		t.Fatalf("update of a tampered item: %v", err)
	}
	if _, err := s.Feedback(ctx, "FB-404"); crmflow.ErrorCode(err) != crmflow.ENOTFOUND {
		t.Fatalf("unknown item: %v", err)
	}
}
