package tui

import (
	"strings"
	"testing"
)

func TestFitMeasuresCells(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"拜访", 6, "拜访  "},
		{"拜访记录", 5, "拜访~"},
		{"拜访记录", 6, "拜访~ "}, // a wide character never splits: one cell left over
		{"拜访记录", 4, "拜~ "},
		{"GPS定位", 6, "GPS定~"},
		{"a\x1b[31mred\nline", 12, "a[31mred li~"}, // escape dropped, newline a space
		{"abc", 0, ""},
	} {
		if got := fit(c.in, c.w); got != c.want || width(got) != c.w {
			t.Errorf("fit(%q, %d) = %q (%d cells), want %q", c.in, c.w, got, width(got), c.want)
		}
	}
	if got := fitRight("90", 5); got != "   90" {
		t.Errorf("fitRight = %q", got)
	}
}

func TestWrap(t *testing.T) {
	got := wrap("客户资料分散在各区域销售的 Excel 和微信里", 12)
	for _, l := range got {
		if width(l) > 12 {
			t.Fatalf("line %q is %d cells", l, width(l))
		}
	}
	if strings.Join(got, "") != "客户资料分散在各区域销售的 Excel 和微信里" && strings.Join(got, " ") != "客户资料分散在各区域销售的 Excel 和微信里" {
		t.Fatalf("wrap lost text: %q", got)
	}
	if got := wrap("keep words whole please", 10); len(got) != 3 || got[0] != "keep words" || got[1] != "whole" || got[2] != "please" {
		t.Fatalf("English wraps at spaces: %q", got)
	}
}
