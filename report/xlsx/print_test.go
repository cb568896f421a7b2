package xlsx

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

func TestHeaderText(t *testing.T) {
	// "&" starts a code in an Excel header or footer: doubled, it prints itself.
	if got := HeaderText("P&G  CRM\n项目", 100); got != "P&&G CRM 项目" {
		t.Errorf("HeaderText = %q", got)
	}
	if got := HeaderText(strings.Repeat("长", 120), 80); utf8.RuneCountInString(got) != 80 || !strings.HasSuffix(got, "…") {
		t.Errorf("a long name is not cut to 80 characters: %d", utf8.RuneCountInString(got))
	}
}

func TestLocalTime(t *testing.T) {
	at := time.Date(2026, 3, 5, 14, 30, 9, 0, time.FixedZone("CST", 8*3600))
	if got := LocalTime(at, crmflow.LangZH); got != "2026年3月5日 14:30" {
		t.Errorf("zh: %q", got)
	}
	if got := LocalTime(at, crmflow.LangEN); got != "5 March 2026, 14:30" {
		t.Errorf("en: %q", got)
	}
}
