package cli

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestExitCodes checks the exit status contract: 0 ok, 1 error, 2 usage.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("CRMFLOW_NOW", "2026-11-25T10:00:00+08:00")
	t.Setenv("CRMFLOW_DB", "")
	tests := []struct {
		args    []string
		code    int
		errText string
	}{
		{[]string{"version"}, 0, ""},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"req", "list", "--no-such-flag"}, 2, "unknown flag: --no-such-flag"},
		{[]string{"req", "show"}, 2, "accepts 1 arg(s), received 0"},
		{[]string{"req", "list"}, 1, "no crmflow workspace here"},
		{[]string{"init", "--name", "p", "--lang", "en"}, 0, ""}, // English words below; zh_lifecycle.txtar has the Chinese
		{[]string{"req", "show", "REQ-001"}, 1, "requirement REQ-001 does not exist"},
		{[]string{"req", "add", "x", "--module", "拜访跟进", "--value", "9"}, 1, `value "9" is not an integer 1–5`},
		{[]string{"req", "link", "REQ-001"}, 2, "give exactly one of"},
		{[]string{"survey", "new", "调研"}, 2, "Try: crmflow survey new --help"},
	}
	for _, tt := range tests {
		io, _, errOut := TestStreams()
		code := Run(context.Background(), tt.args, io)
		if code != tt.code {
			t.Errorf("crmflow %s: exit %d, want %d (stderr %q)", strings.Join(tt.args, " "), code, tt.code, errOut)
		}
		if tt.errText != "" && !strings.Contains(errOut.String(), tt.errText) {
			t.Errorf("crmflow %s: stderr %q does not contain %q", strings.Join(tt.args, " "), errOut, tt.errText)
		}
		if tt.code != 0 && !strings.HasPrefix(errOut.String(), "Error: ") {
			t.Errorf("crmflow %s: stderr %q does not start with Error:", strings.Join(tt.args, " "), errOut)
		}
	}
	if _, err := os.Stat("crmflow.db"); err != nil {
		t.Fatalf("init wrote no database: %v", err)
	}
}
