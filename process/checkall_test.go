package process

import (
	"context"
	"strings"
	"testing"
)

// A syntax error does not hide the flows to undefined steps, and structural
// errors do not hide unknown references: one pass reports them all.
func TestCheckReportsEveryErrorInOnePass(t *testing.T) {
	src := `process "p" as-is
lane a "A" {
  start s "开始"
  manual x "X" [REQ-999]
  manul y "Y"
  end e "结束"
}
s -> x -> e
x -> typo1
x -> y
x -> typo2
`
	svc := &Service{RefExists: func(context.Context, string) bool { return false }}
	_, err := svc.Check(context.Background(), "p.flow", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	got := err.Error()
	for _, want := range []string{
		`p.flow:5:3: unknown step kind "manul"`,
		`p.flow:9:6: flow target "typo1" is not defined`,
		`p.flow:11:6: flow target "typo2" is not defined`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	// y is on the line with the syntax error: not reported as undefined.
	if strings.Contains(got, `"y" is not defined`) {
		t.Errorf("reports the step the bad line defines:\n%s", got)
	}

	// No syntax error: structure and references together.
	src = strings.Replace(src, "manul y", "manual y", 1)
	_, err = svc.Check(context.Background(), "p.flow", []byte(src))
	got = err.Error()
	for _, want := range []string{
		`p.flow:4:17: requirement REQ-999 does not exist`,
		`flow target "typo1" is not defined`,
		`flow target "typo2" is not defined`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}
