package survey

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
)

// foldWidth turns full-width ASCII forms (Ａ１，) into their ASCII twins and
// the ideographic space into a space, the way a Chinese IME's output differs
// from what was meant.
func foldWidth(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldAnswer is how option texts are compared: width-folded, lower case,
// spaces collapsed.
func foldAnswer(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(foldWidth(s))), " ")
}

// separators split the options of a multiple-choice answer (after folding:
// the full-width comma and semicolon are folded to ASCII).
func isSeparator(r rune) bool {
	switch r {
	case ',', ';', '、', '\n', '\r', '\t':
		return true
	}
	return false
}

// optionMatch finds the option whose zh or en text s is, folded.
func optionMatch(q *Question, s string) int {
	k := foldAnswer(s)
	for i, o := range q.Options {
		if k == foldAnswer(o.ZH) || k == foldAnswer(o.EN) {
			return i + 1
		}
	}
	return 0
}

// optionList names the options in lang, for messages.
func optionList(q *Question, lang crmflow.Lang) string {
	names := make([]string, len(q.Options))
	for i, o := range q.Options {
		names[i] = o.In(lang)
	}
	return strings.Join(names, " | ")
}

// ParseAnswer validates raw, a cell's text, against q. It returns the answer,
// whether there was one (an empty cell is no answer), and what is wrong with
// it ("" when nothing). Choices accept an option's text in Chinese or English,
// case- and width-insensitive; several choices are separated by 、 , ; or a
// line break. Ratings and numbers accept what spreadsheets write back ("4.0",
// "4", " 4 ").
func ParseAnswer(q *Question, raw string, lang crmflow.Lang) (Answer, bool, string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Answer{}, false, ""
	}
	switch q.Type {
	case Single:
		if n := optionMatch(q, s); n > 0 {
			return Answer{Choices: []int{n}}, true, ""
		}
		return Answer{}, true, say(lang, fmt.Sprintf("“%s”不是选项之一（%s）", s, optionList(q, lang)),
			fmt.Sprintf("%q is not one of the options (%s)", s, optionList(q, lang)))
	case Multi:
		choices, bad := parseMulti(q, s)
		if len(bad) > 0 {
			quoted := make([]string, len(bad))
			for i, b := range bad {
				quoted[i] = strconv.Quote(b)
			}
			if lang == crmflow.LangZH {
				return Answer{}, true, fmt.Sprintf("“%s”不在选项中（%s）；多个选项用 、 或 , 分隔", strings.Join(bad, "”“"), optionList(q, lang))
			}
			return Answer{}, true, fmt.Sprintf("%s %s not among the options (%s); separate several with 、 or ,",
				strings.Join(quoted, ", "), plural(len(bad), "is", "are"), optionList(q, lang))
		}
		return Answer{Choices: choices}, true, ""
	case Rating:
		f, ok := parseNumber(s)
		if !ok || f != math.Trunc(f) || f < 1 || f > 5 {
			return Answer{}, true, say(lang, fmt.Sprintf("“%s”不是评分：请填 1 到 5 的整数", s),
				fmt.Sprintf("%q is not a rating: enter a whole number from 1 to 5", s))
		}
		return Answer{Number: &f}, true, ""
	case Number:
		f, ok := parseNumber(s)
		if !ok {
			return Answer{}, true, say(lang, fmt.Sprintf("“%s”不是数字", s), fmt.Sprintf("%q is not a number", s))
		}
		return Answer{Number: &f}, true, ""
	}
	return Answer{Text: s}, true, ""
}

// say is zh in a Chinese questionnaire, en otherwise: an import's problems
// are read by the people of the project, in its language.
func say(lang crmflow.Lang, zh, en string) string {
	if lang == crmflow.LangZH {
		return zh
	}
	return en
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// parseMulti reads the options of a multiple-choice answer. An option's text
// may itself hold a separator (a comma, say), so at each place the longest
// option text that starts there is taken first; only text that starts no
// option is split at the next separator and reported.
func parseMulti(q *Question, s string) (choices []int, bad []string) {
	rest := []rune(strings.ToLower(foldWidth(s)))
	type cand struct {
		text []rune
		n    int
	}
	var cands []cand
	for i, o := range q.Options {
		for _, t := range []string{o.ZH, o.EN} {
			if f := foldAnswer(t); f != "" {
				cands = append(cands, cand{[]rune(f), i + 1})
			}
		}
	}
	seen := map[int]bool{}
	for {
		for len(rest) > 0 && (isSeparator(rest[0]) || unicode.IsSpace(rest[0])) {
			rest = rest[1:]
		}
		if len(rest) == 0 {
			break
		}
		best, bestLen := 0, 0
		for _, c := range cands {
			if l := prefixLen(rest, c.text); l > bestLen {
				// The option must end at a separator or the end of the text.
				if l == len(rest) || isSeparator(rest[l]) || unicode.IsSpace(rest[l]) && nextIsSep(rest[l:]) {
					best, bestLen = c.n, l
				}
			}
		}
		if best > 0 {
			if !seen[best] {
				seen[best] = true
				choices = append(choices, best)
			}
			rest = rest[bestLen:]
			continue
		}
		end := 0
		for end < len(rest) && !isSeparator(rest[end]) {
			end++
		}
		bad = append(bad, strings.TrimSpace(string(rest[:end])))
		rest = rest[end:]
	}
	return choices, bad
}

// prefixLen is how many runes of s match text when text's single spaces may
// stand for any run of spaces in s; 0 when text is not a prefix of s.
func prefixLen(s, text []rune) int {
	i := 0
	for j := 0; j < len(text); j++ {
		if i >= len(s) {
			return 0
		}
		if text[j] == ' ' {
			if !unicode.IsSpace(s[i]) {
				return 0
			}
			for i < len(s) && unicode.IsSpace(s[i]) {
				i++
			}
			continue
		}
		if s[i] != text[j] {
			return 0
		}
		i++
	}
	return i
}

func nextIsSep(s []rune) bool {
	for _, r := range s {
		if isSeparator(r) {
			return true
		}
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// parseNumber reads a number as people and spreadsheets write it: "4", "4.0",
// "1,200", "１２", "3.5e2". NaN and infinities are not numbers.
func parseNumber(s string) (float64, bool) {
	t := strings.ReplaceAll(strings.TrimSpace(foldWidth(s)), ",", "")
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

var dateText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$`)
})

// ParseDate reads a respondent's date as a spreadsheet gives it back: a date
// serial number (46351, or 46351.5 with a time; the 1900 date system) or text
// (2026-11-25, 2026/11/25, 2026年11月25日). It returns YYYY-MM-DD.
func ParseDate(raw string) (string, error) {
	s := strings.TrimSpace(foldWidth(raw))
	if s == "" {
		return "", nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		// Serials from 1 (1900-01-01) to 2958465 (9999-12-31); Excel's 1900
		// leap-year bug makes day 0 1899-12-30 for every serial after 60.
		if f < 61 || f > 2958465 || math.IsNaN(f) {
			return "", fmt.Errorf("%q is not a date: enter it as YYYY-MM-DD", raw)
		}
		d := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(f))
		return d.Format("2006-01-02"), nil
	}
	if m := dateText().FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Year() == y && int(t.Month()) == mo && t.Day() == d {
			return t.Format("2006-01-02"), nil
		}
		// Written as a date but not one: the shared reader names the wrong part.
		if why := crmflow.DateProblem(m[1] + "-" + m[2] + "-" + m[3]); why != "" {
			return "", fmt.Errorf("%q is not a date: %s", raw, why)
		}
	}
	return "", fmt.Errorf("%q is not a date: enter it as YYYY-MM-DD", raw)
}
