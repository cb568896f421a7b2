package survey

import (
	"encoding/json"
	"fmt"
	"github.com/crmflow/crmflow"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Bank is a built-in role question bank (templates/data/questions/ROLE.json).
type Bank struct {
	Role      Role
	Questions []Question // the questions a Chinese questionnaire asks
	// en is what an English questionnaire asks: a Chinese FMCG bank asks for
	// a 统一社会信用代码 and a store type, an English B2B one for the
	// account's industry and its distributors instead. Questions not marked
	// with a language are in both.
	en []Question
}

// For is the bank's questions as a questionnaire in lang asks them.
func (b Bank) For(lang crmflow.Lang) []Question {
	if lang == crmflow.LangEN {
		return b.en
	}
	return b.Questions
}

// MinBankQuestions is the fewest questions a built-in bank has.
const MinBankQuestions = 8

type bankFile struct {
	Role      string `json:"role"`
	ZH        string `json:"zh"`
	EN        string `json:"en"`
	Questions []struct {
		Key      string      `json:"key"`
		Type     string      `json:"type"`
		Required bool        `json:"required"`
		Pain     bool        `json:"pain"`
		Lang     string      `json:"lang"` // "zh" or "en": asked in that language only
		ZH       string      `json:"zh"`
		EN       string      `json:"en"`
		Options  []Bilingual `json:"options"`
	} `json:"questions"`
}

var keyPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$`)
})

// ParseBank reads and checks one question bank: a role with zh and en names;
// at least MinBankQuestions questions with unique keys ROLE.NAME, a valid
// type, zh and en text; options (zh and en, distinct) for choice types and
// none for the others; exactly one pain question, multiple choice. A question
// marked "lang" is asked in that language only and needs its text in that
// language only; each language's view of the bank keeps the rules above.
func ParseBank(name string, data []byte) (Bank, error) {
	var f bankFile
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return Bank{}, fmt.Errorf("%s: %w", name, err)
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if f.Role == "" || f.ZH == "" || f.EN == "" {
		bad("the role needs a key and zh and en names")
	}
	b := Bank{Role: Role{Key: f.Role, ZH: f.ZH, EN: f.EN}}
	seen := map[string]bool{}
	for i, q := range f.Questions {
		where := fmt.Sprintf("question %d (%s)", i+1, q.Key)
		// A one-language question reads the same in the other language's
		// fields, so every stored question has text in both.
		switch q.Lang {
		case "", string(crmflow.LangZH), string(crmflow.LangEN):
		default:
			bad("%s: lang %q is not zh or en", where, q.Lang)
		}
		if q.Lang != "" {
			q.ZH, q.EN = or(q.ZH, q.EN), or(q.EN, q.ZH)
			for j, o := range q.Options {
				q.Options[j] = Bilingual{ZH: or(o.ZH, o.EN), EN: or(o.EN, o.ZH)}
			}
		}
		if !keyPattern().MatchString(q.Key) || !strings.HasPrefix(q.Key, f.Role+".") {
			bad("%s: the key must be %s.NAME in lower case with hyphens", where, f.Role)
		}
		if seen[q.Key] {
			bad("%s: duplicate key", where)
		}
		seen[q.Key] = true
		t, err := ParseQuestionType(q.Type)
		if err != nil || string(t) != q.Type {
			bad("%s: type %q is not one of single, multi, rating, number, text", where, q.Type)
		}
		if strings.TrimSpace(q.ZH) == "" || strings.TrimSpace(q.EN) == "" {
			bad("%s: needs zh and en text", where)
		}
		if t.Choice() && len(q.Options) < 2 {
			bad("%s: a %s question needs at least 2 options", where, t)
		}
		if !t.Choice() && len(q.Options) > 0 {
			bad("%s: a %s question has no options", where, t)
		}
		if err := checkOptions(q.Options); err != nil {
			bad("%s: %v", where, err)
		}
		if q.Pain {
			if t != Multi {
				bad("%s: a pain-point question must be multiple choice", where)
			}
		}
		x := Question{Key: q.Key, Role: f.Role, Type: t, Text: Bilingual{q.ZH, q.EN},
			Options: append([]Bilingual{}, q.Options...), Required: q.Required, Pain: q.Pain}
		if q.Lang != string(crmflow.LangEN) {
			b.Questions = append(b.Questions, x)
		}
		if q.Lang != string(crmflow.LangZH) {
			b.en = append(b.en, x)
		}
	}
	for _, l := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		qs, pains := b.For(l), 0
		for _, q := range qs {
			if q.Pain {
				pains++
			}
		}
		if len(qs) < MinBankQuestions {
			bad("%s: %d questions; a bank has at least %d", l, len(qs), MinBankQuestions)
		}
		if pains != 1 {
			bad("%s: %d pain-point questions; a bank has exactly one", l, pains)
		}
	}
	if len(errs) > 0 {
		return Bank{}, fmt.Errorf("%s: %s", name, strings.Join(errs, "; "))
	}
	return b, nil
}

// checkOptions wants zh and en text for every option and no two options
// that read the same (in either language, after folding).
func checkOptions(opts []Bilingual) error {
	seen := map[string]bool{}
	for i, o := range opts {
		if strings.TrimSpace(o.ZH) == "" || strings.TrimSpace(o.EN) == "" {
			return fmt.Errorf("option %d needs zh and en text", i+1)
		}
		for _, s := range []string{o.ZH, o.EN} {
			k := foldAnswer(s)
			if seen[k] && (s != o.EN || foldAnswer(o.ZH) != k) {
				return fmt.Errorf("option %d (%s) repeats another option", i+1, s)
			}
			seen[k] = true
		}
	}
	return nil
}

// or is s, or else when s is blank.
func or(s, orElse string) string {
	if strings.TrimSpace(s) == "" {
		return orElse
	}
	return s
}

// Banks is the set of built-in question banks, in a fixed order.
type Banks []Bank

// ParseBanks reads every bank and checks that keys are unique across them.
func ParseBanks(files map[string][]byte) (Banks, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	var out Banks
	keys := map[string]string{}
	roles := map[string]bool{}
	for _, n := range names {
		b, err := ParseBank(n, files[n])
		if err != nil {
			return nil, err
		}
		if roles[b.Role.Key] {
			return nil, fmt.Errorf("%s: role %s has two banks", n, b.Role.Key)
		}
		roles[b.Role.Key] = true
		for _, q := range slices.Concat(b.Questions, b.en) {
			if other, ok := keys[q.Key]; ok && other != n {
				return nil, fmt.Errorf("%s: key %s is also in %s", n, q.Key, other)
			}
			keys[q.Key] = n
		}
		out = append(out, b)
	}
	slices.SortStableFunc(out, func(a, b Bank) int { return roleOrder(a.Role.Key) - roleOrder(b.Role.Key) })
	return out, nil
}

// roleOrder puts the seed's roles first, in the order a project meets them.
func roleOrder(key string) int {
	order := []string{"sales-director", "sales-rep", "marketing", "customer-service", "it", "finance", "management"}
	if i := slices.Index(order, key); i >= 0 {
		return i
	}
	return len(order)
}

// Bank returns the bank of role key, matching the key or either name.
func (bs Banks) Bank(ref string) (Bank, bool) {
	k := foldAnswer(ref)
	for _, b := range bs {
		if k == b.Role.Key || k == foldAnswer(b.Role.ZH) || k == foldAnswer(b.Role.EN) {
			return b, true
		}
	}
	return Bank{}, false
}

// Keys lists the banks' role keys.
func (bs Banks) Keys() []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Role.Key
	}
	return out
}
