package crmflow

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	for _, ok := range []string{"", "拜访\t记录\n第二行", "windows\r\nline", "emoji 😀"} {
		if err := CheckText("notes", ok); err != nil {
			t.Errorf("CheckText(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"a\x00b", "bell\a", "esc\x1b[31m", "lone\rcr", "del\x7f", "c1\u0085"} {
		err := CheckText("notes", bad)
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID || !strings.Contains(e.Message, "notes holds a control character") {
			t.Errorf("CheckText(%q) = %v, want EINVALID naming notes", bad, err)
		}
	}
}
