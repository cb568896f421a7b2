package cli

import (
	"context"
	"strings"
	"testing"
)

func TestTUINeedsATerminal(t *testing.T) {
	io, out, errOut := TestStreams()
	if code := Run(context.Background(), []string{"tui"}, io); code != 1 {
		t.Fatalf("crmflow tui without a terminal: exit %d, want 1", code)
	}
	if !strings.Contains(errOut.String(), "needs a terminal") || out.Len() != 0 {
		t.Fatalf("stdout %q stderr %q", out, errOut)
	}
	// Bare crmflow, not on a terminal, prints help as before.
	io, out, _ = TestStreams()
	if code := Run(context.Background(), nil, io); code != 0 || !strings.Contains(out.String(), "Usage:") {
		t.Fatalf("bare crmflow: exit %d, output %q", code, out)
	}
	if args := tuiByDefault([]string{"req", "list"}, io); len(args) != 2 {
		t.Fatalf("arguments were replaced: %v", args)
	}
}
