package survey_test

import (
	"unicode"

	"github.com/crmflow/crmflow"
	"strings"
	"testing"

	"github.com/crmflow/crmflow/survey"
	"github.com/crmflow/crmflow/templates"
)

// TestBuiltinBanks checks every embedded question bank: the seven roles the
// issue names and the post-launch satisfaction survey, 8+ questions each, unique keys, zh and en for every text and
// option, valid types, options for choice types, one pain-point question.
func TestBuiltinBanks(t *testing.T) {
	files := templates.QuestionBanks()
	if len(files) < 7 {
		t.Fatalf("%d banks registered", len(files))
	}
	banks, err := survey.ParseBanks(files)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sales-director", "sales-rep", "marketing", "customer-service", "it", "finance", "management", "satisfaction"}
	if got := strings.Join(banks.Keys(), ","); got != strings.Join(want, ",") {
		t.Errorf("roles %s, want %s", got, strings.Join(want, ","))
	}
	keys := map[string]bool{}
	for _, b := range banks {
		if len(b.Questions) < survey.MinBankQuestions {
			t.Errorf("%s: %d questions", b.Role.Key, len(b.Questions))
		}
		types := map[survey.QuestionType]bool{}
		for _, q := range b.Questions {
			if keys[q.Key] {
				t.Errorf("duplicate key %s", q.Key)
			}
			keys[q.Key] = true
			types[q.Type] = true
			if q.Text.ZH == "" || q.Text.EN == "" {
				t.Errorf("%s lacks text", q.Key)
			}
			for _, o := range q.Options {
				if o.ZH == "" || o.EN == "" {
					t.Errorf("%s has an option without zh or en", q.Key)
				}
			}
		}
		for _, ty := range []survey.QuestionType{survey.Single, survey.Multi, survey.Rating, survey.Number} {
			if !types[ty] {
				t.Errorf("%s has no %s question", b.Role.Key, ty)
			}
		}
	}
	// The seed's topics are covered.
	all := ""
	for _, b := range banks {
		for _, q := range b.Questions {
			all += q.Text.ZH
			for _, o := range q.Options {
				all += o.ZH
			}
		}
	}
	for _, topic := range []string{"客户", "机会", "拜访", "活动", "报表", "权限", "Excel", "痛点"} {
		if !strings.Contains(all, topic) {
			t.Errorf("no question mentions %s", topic)
		}
	}
	if b, ok := banks.Bank("销售代表"); !ok || b.Role.Key != "sales-rep" {
		t.Errorf("Bank(销售代表) = %v, %v", b.Role, ok)
	}
}

func TestParseBankRejects(t *testing.T) {
	good := `{"role":"r","zh":"角色","en":"Role","questions":[` +
		strings.Repeat(`{"key":"r.qX","type":"text","zh":"问","en":"Q"},`, 7) +
		`{"key":"r.pain","type":"multi","pain":true,"zh":"痛点","en":"Pain","options":[{"zh":"甲","en":"A"},{"zh":"乙","en":"B"}]}]}`
	// Make the seven keys unique.
	for i := 1; i <= 7; i++ {
		good = strings.Replace(good, "r.qX", "r.q"+string(rune('0'+i)), 1)
	}
	if _, err := survey.ParseBank("good", []byte(good)); err != nil {
		t.Fatalf("good bank: %v", err)
	}
	cases := map[string]struct{ from, to, want string }{
		"dup key":        {`"r.q2"`, `"r.q1"`, "duplicate key"},
		"bad type":       {`"type":"text","zh":"问","en":"Q"},{"key":"r.q3"`, `"type":"essay","zh":"问","en":"Q"},{"key":"r.q3"`, "not one of"},
		"no en":          {`"zh":"问","en":"Q"},{"key":"r.q4"`, `"zh":"问","en":""},{"key":"r.q4"`, "zh and en"},
		"option no en":   {`{"zh":"乙","en":"B"}`, `{"zh":"乙","en":""}`, "option 2 needs zh and en"},
		"one option":     {`,{"zh":"乙","en":"B"}`, ``, "at least 2 options"},
		"pain not multi": {`"type":"multi","pain":true`, `"type":"single","pain":true`, "must be multiple choice"},
		"no pain":        {`"pain":true,`, ``, "0 pain-point questions"},
		"key prefix":     {`"r.q5"`, `"x.q5"`, "key must be r.NAME"},
		"too few":        {`{"key":"r.q7","type":"text","zh":"问","en":"Q"},`, ``, "at least 8"},
		"dup option":     {`{"zh":"乙","en":"B"}`, `{"zh":"甲","en":"B"}`, "repeats another option"},
		"unknown field":  {`"role":"r"`, `"role":"r","colour":1`, "unknown field"},
		"bad lang":       {`"key":"r.q1","type":"text"`, `"key":"r.q1","lang":"fr","type":"text"`, "not zh or en"},
		"en-only pain":   {`"pain":true,`, `"pain":true,"lang":"en",`, "zh: 0 pain-point questions"},
	}
	for name, c := range cases {
		bad := strings.Replace(good, c.from, c.to, 1)
		if bad == good {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		_, err := survey.ParseBank(name, []byte(bad))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

// TestEnglishBanksAreB2B checks the English view of every bank: no question
// or option a Chinese FMCG project asks (social credit code, store type,
// WeChat, DingTalk, China's MLPS), no Chinese text, the B2B topics an
// international client is asked about; and the Chinese view keeps its
// questions and text.
func TestEnglishBanksAreB2B(t *testing.T) {
	banks, err := survey.ParseBanks(templates.QuestionBanks())
	if err != nil {
		t.Fatal(err)
	}
	all, zhAll := "", ""
	for _, b := range banks {
		for _, q := range b.For(crmflow.LangEN) {
			text := q.Text.EN
			for _, o := range q.Options {
				text += " | " + o.EN
			}
			for _, r := range text {
				if unicode.Is(unicode.Han, r) {
					t.Errorf("%s: Chinese in the English bank: %s", q.Key, text)
					break
				}
			}
			for _, w := range []string{"social credit", "Store type", "WeChat", "WeCom", "DingTalk", "Feishu", "MLPS", "PIPL", "birthday"} {
				if strings.Contains(text, w) {
					t.Errorf("%s: the English bank asks about %q: %s", q.Key, w, text)
				}
			}
			all += strings.ToLower(text) + "\n"
		}
		for _, q := range b.For(crmflow.LangZH) {
			zhAll += q.Text.ZH
			for _, o := range q.Options {
				zhAll += o.ZH
			}
		}
	}
	for _, topic := range []string{"industry", "stage", "distributor", "service contract", "renewal", "vat", "erp", "gdpr"} {
		if !strings.Contains(all, topic) {
			t.Errorf("no English question mentions %s", topic)
		}
	}
	// The Chinese banks are as they were: their FMCG questions stay.
	for _, s := range []string{"统一社会信用代码", "门店类型", "微信聊天记录", "企业微信", "等保"} {
		if !strings.Contains(zhAll, s) {
			t.Errorf("the Chinese banks lost %s", s)
		}
	}
	rep, _ := banks.Bank("sales-rep")
	if zh, en := len(rep.For(crmflow.LangZH)), len(rep.For(crmflow.LangEN)); zh != 9 || en < survey.MinBankQuestions {
		t.Errorf("sales-rep: %d Chinese questions (want 9), %d English", zh, en)
	}
}
