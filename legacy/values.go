package legacy

import (
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// tr is a message in the project's language: Chinese for zh, else English.
func tr(lang crmflow.Lang, en, zh string, args ...any) string {
	if lang == crmflow.LangZH {
		return fmt.Sprintf(zh, args...)
	}
	return fmt.Sprintf(en, args...)
}

// Name is the rule in lang.
func (r Rule) Name(lang crmflow.Lang) string {
	if lang != crmflow.LangZH {
		return string(r)
	}
	return map[Rule]string{RuleRequired: "必填", RuleType: "类型", RuleScientific: "科学计数法/丢失位数", RuleLength: "长度",
		RuleChoice: "可选值", RuleReference: "引用", RuleUnique: "唯一", RuleDuplicate: "疑似重复"}[r]
}

// FixName is a kind of repair in lang.
func FixName(kind string, lang crmflow.Lang) string {
	if lang != crmflow.LangZH {
		return kind
	}
	if n, ok := map[string]string{"number-format": "数字格式", "date-format": "日期格式", "excel-serial-date": "Excel 日期序号",
		"spelling": "写法", "choice-spelling": "可选值写法", "phone-country-code": "去掉国家码 +86", "phone-leading-zero": "补回区号的 0",
		"phone-number-format": "电话号码格式"}[kind]; ok {
		return n
	}
	return kind
}

// Default length limits by type, in characters, when the dictionary's
// description gives none: what CRM text fields commonly hold.
var maxLength = map[requirements.DataType]int{
	requirements.DataText:     255,
	requirements.DataLongText: 10000,
	requirements.DataEmail:    254,
	requirements.DataFile:     1024,
}

// lengthHints read a length from a field's description, the way Chinese
// data dictionaries state it: "18 位" (exactly), "至少 10 个字" (at least),
// "最多 50 个字" (at most); and "max 50 characters".
var (
	exactHint = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\d+)\s*位`) })
	minHint   = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:至少|不少于)\s*(\d+)\s*个?(?:字|字符)|at least (\d+) char`)
	})
	maxHint = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:最多|不超过)\s*(\d+)\s*个?(?:字|字符)|(?:max|at most) (\d+) char`)
	})
)

// limits are a field's length bounds in characters (0: none).
type limits struct{ exact, min, max int }

func fieldLimits(f requirements.DataField) limits {
	l := limits{max: maxLength[f.Type]}
	if f.Type != requirements.DataText && f.Type != requirements.DataLongText {
		return l
	}
	num := func(m []string) int {
		for _, s := range m[1:] {
			if n, err := strconv.Atoi(s); err == nil {
				return n
			}
		}
		return 0
	}
	if m := exactHint().FindStringSubmatch(f.Description); m != nil {
		l.exact = num(m)
	}
	if m := minHint().FindStringSubmatch(f.Description); m != nil {
		l.min = num(m)
	}
	if m := maxHint().FindStringSubmatch(f.Description); m != nil {
		l.max = num(m)
	}
	return l
}

var (
	scientificRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$`) })
	moneyJunk    = strings.NewReplacer(",", "", "¥", "", "￥", "", "元", "", " ", "")
)

// lostDigits reports whether v is a number of more than 15 digits whose
// digits past the 15th are all 0: what Excel makes of an 18-digit ID
// stored as a number.
func lostDigits(v string) bool {
	if len(v) <= 15 {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return strings.Trim(v[15:], "0") == ""
}

// isScientific reports whether v is a number in scientific notation.
func isScientific(v string) bool {
	return strings.ContainsAny(v, "eE") && scientificRE().MatchString(v)
}

// verdict is what checking one value found: the value to import (repaired
// when a fix applied), the fix made, or the problem.
type verdict struct {
	value   string
	fix     string // kind of repair: "phone-country-code" …
	rule    Rule
	problem string
}

func ok(v string) verdict                    { return verdict{value: v} }
func fixed(v, kind string) verdict           { return verdict{value: v, fix: kind} }
func bad(v string, r Rule, m string) verdict { return verdict{value: v, rule: r, problem: m} }

// checkValue checks one non-empty, trimmed value against its field.
func checkValue(f requirements.DataField, lim limits, v string, lang crmflow.Lang) verdict {
	if isScientific(v) && f.Type != requirements.DataDecimal && f.Type != requirements.DataMoney {
		return bad(v, RuleScientific, tr(lang, "%s lost its digits to scientific notation in Excel: format the column as text and export it again", "%s 在 Excel 中变成了科学计数法，已丢失位数：请把该列设为文本格式后重新导出", v))
	}
	if lostDigits(v) && f.Type != requirements.DataDecimal && f.Type != requirements.DataMoney && f.Type != requirements.DataInteger {
		return bad(v, RuleScientific, tr(lang, "%s probably lost its last digits: Excel keeps 15 significant digits of a number; format the column as text and export it again", "%s 可能丢失了末尾的位数：Excel 的数字只保留 15 位有效数字；请把该列设为文本格式后重新导出", v))
	}
	switch f.Type {
	case requirements.DataText, requirements.DataLongText, requirements.DataFile:
		n := utf8.RuneCountInString(v)
		switch {
		case lim.exact > 0 && n != lim.exact:
			return bad(v, RuleLength, tr(lang, "has %d characters, not %d", "有 %d 个字符，应为 %d 个", n, lim.exact))
		case lim.min > 0 && n < lim.min:
			return bad(v, RuleLength, tr(lang, "has %d characters, fewer than %d", "有 %d 个字符，少于 %d 个", n, lim.min))
		case lim.max > 0 && n > lim.max:
			return bad(v, RuleLength, tr(lang, "has %d characters, more than %d", "有 %d 个字符，超过 %d 个", n, lim.max))
		}
		return ok(v)
	case requirements.DataInteger:
		s := strings.ReplaceAll(v, ",", "")
		if t, found := strings.CutSuffix(s, ".0"); found {
			s = t
		}
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			return bad(v, RuleType, tr(lang, "is not a whole number", "不是整数"))
		}
		if s != v {
			return fixed(s, "number-format")
		}
		return ok(v)
	case requirements.DataDecimal, requirements.DataMoney:
		s := moneyJunk.Replace(v)
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return bad(v, RuleType, tr(lang, "is not a number", "不是数字"))
		}
		if isScientific(s) {
			s = strconv.FormatFloat(x, 'f', -1, 64)
		}
		if s != v {
			return fixed(s, "number-format")
		}
		return ok(v)
	case requirements.DataDate:
		d, kind, good := parseDate(v)
		if !good {
			return bad(v, RuleType, tr(lang, "is not a date (YYYY-MM-DD)", "不是日期（YYYY-MM-DD）"))
		}
		if d != v {
			return fixed(d, kind)
		}
		return ok(v)
	case requirements.DataDateTime:
		d, kind, good := parseDateTime(v)
		if !good {
			return bad(v, RuleType, tr(lang, "is not a date and time (YYYY-MM-DD HH:MM)", "不是日期时间（YYYY-MM-DD HH:MM）"))
		}
		if d != v {
			return fixed(d, kind)
		}
		return ok(v)
	case requirements.DataBool:
		switch strings.ToLower(v) {
		case "是", "true", "yes", "y", "1", "√":
			return fixedIf(v, "是")
		case "否", "false", "no", "n", "0", "×":
			return fixedIf(v, "否")
		}
		return bad(v, RuleType, tr(lang, "is not a yes/no value", "不是“是”或“否”"))
	case requirements.DataPhone:
		return checkPhone(v, lang)
	case requirements.DataEmail:
		s := strings.ToLower(v)
		a, err := mail.ParseAddress(s)
		if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
			return bad(v, RuleType, tr(lang, "is not an email address", "不是邮箱地址"))
		}
		return fixedIf(v, s)
	case requirements.DataChoice:
		for _, c := range f.Values {
			if v == c {
				return ok(v)
			}
		}
		folded := foldKey(v)
		for _, c := range f.Values {
			if foldKey(c) == folded {
				return fixed(c, "choice-spelling")
			}
		}
		return bad(v, RuleChoice, tr(lang, "is not one of %s", "不是可选值之一：%s", strings.Join(f.Values, tr(lang, ", ", "、"))))
	case requirements.DataGeo:
		parts := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == ' ' })
		if len(parts) != 2 {
			return bad(v, RuleType, tr(lang, "is not a coordinate pair (latitude,longitude)", "不是坐标（纬度,经度）"))
		}
		lat, e1 := strconv.ParseFloat(parts[0], 64)
		lng, e2 := strconv.ParseFloat(parts[1], 64)
		if e1 != nil || e2 != nil || math.Abs(lat) > 90 || math.Abs(lng) > 180 {
			return bad(v, RuleType, tr(lang, "is not a coordinate pair (latitude,longitude)", "不是坐标（纬度,经度）"))
		}
		return ok(v)
	}
	return ok(v)
}

func fixedIf(v, to string) verdict {
	if v == to {
		return ok(v)
	}
	return fixed(to, "spelling")
}

var dateLayouts = []string{"2006-01-02", "2006/01/02", "2006/1/2", "2006-1-2", "2006.01.02", "2006.1.2", "2006年1月2日", "20060102"}

// excelEpoch is day 0 of Excel's serial dates (1900 system, after its
// fictional 1900-02-29).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func parseDate(v string) (string, string, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.Format("2006-01-02"), "date-format", true
		}
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 1 && n < 2958466 && n == math.Trunc(n) {
		return excelEpoch.AddDate(0, 0, int(n)).Format("2006-01-02"), "excel-serial-date", true
	}
	return "", "", false
}

var dateTimeLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/01/02 15:04:05", "2006/1/2 15:04:05", "2006/1/2 15:04", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05"}

func parseDateTime(v string) (string, string, bool) {
	for _, l := range dateTimeLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.Format("2006-01-02 15:04:05"), "date-format", true
		}
	}
	if d, _, good := parseDate(v); good {
		return d + " 00:00:00", "date-format", true
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 1 && n < 2958466 {
		sec := math.Round((n - math.Trunc(n)) * 86400)
		t := excelEpoch.AddDate(0, 0, int(n)).Add(time.Duration(sec) * time.Second)
		return t.Format("2006-01-02 15:04:05"), "excel-serial-date", true
	}
	return "", "", false
}

var (
	mobile    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^1[3-9]\d{9}$`) })
	landline  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^0\d{9,11}$`) })
	phoneJunk = strings.NewReplacer(" ", "", "-", "", "(", "", ")", "", "（", "", "）", "", "\u00a0", "")
)

// checkPhone normalizes a Chinese phone number to its digits, repairing
// what Excel and hand typing do to them: full-width digits, separators, a
// trailing ".0", the +86 country code, and the leading 0 of an area code
// that was read as a number. A 10-digit number starting 3–9 is a mobile
// that lost its 1 or a landline that lost its 0: that is named, not guessed.
func checkPhone(v string, lang crmflow.Lang) verdict {
	s := phoneJunk.Replace(width.Narrow.String(v))
	kind := ""
	if t, found := strings.CutSuffix(s, ".0"); found {
		s, kind = t, "phone-number-format"
	}
	for _, p := range []string{"+86", "0086"} {
		if t, found := strings.CutPrefix(s, p); found {
			s, kind = t, "phone-country-code"
		}
	}
	if len(s) == 13 && strings.HasPrefix(s, "861") {
		s, kind = s[2:], "phone-country-code"
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return bad(v, RuleType, tr(lang, "is not a phone number", "不是电话号码"))
		}
	}
	switch {
	case mobile().MatchString(s), landline().MatchString(s):
	case len(s) == 10 && (s[0] == '1' || s[0] == '2'):
		// 010 and 02x area codes: a landline whose 0 was dropped.
		s, kind = "0"+s, "phone-leading-zero"
	case len(s) == 11 && s[0] >= '3':
		// A three-digit area code and eight digits; mobiles start with 1.
		s, kind = "0"+s, "phone-leading-zero"
	case len(s) == 10 && s[0] >= '3':
		return bad(v, RuleType, tr(lang, "has 10 digits: a mobile number that lost its leading 1, or a landline that lost its leading 0; it cannot be told which", "有 10 位数字：可能是丢了开头 1 的手机号，也可能是丢了开头 0 的座机号，无法判断"))
	default:
		return bad(v, RuleType, tr(lang, "has %d digits: not a mobile number (11 digits, starting 1) or a landline with its area code", "有 %d 位数字：既不是手机号（11 位，以 1 开头），也不是带区号的座机号", len(s)))
	}
	if s == v {
		return ok(v)
	}
	if kind == "" {
		kind = "phone-number-format"
	}
	return fixed(s, kind)
}

// foldKey is a value as compared for choices: full-width folded, case and
// spaces ignored.
func foldKey(s string) string {
	s = strings.ToLower(width.Narrow.String(s))
	return strings.Join(strings.Fields(s), "")
}

// companySuffixes are dropped when names are compared for duplicates.
var companySuffixes = []string{"股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司", "co.,ltd.", "co.,ltd", "co.ltd", "ltd.", "ltd", "inc.", "inc"}

// normalName is a name as compared for duplicates: width folded, lower
// case, without spaces, punctuation or a company-form suffix.
func normalName(s string) string {
	s = strings.ToLower(width.Narrow.String(s))
	s = strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '\t' || r == '·' || r == '-' || r == '_' || r == '(' || r == ')' || r == '（' || r == '）' || r == '\u3000':
			return -1
		}
		return r
	}, s)
	for _, suf := range companySuffixes {
		if t, found := strings.CutSuffix(s, suf); found && t != "" {
			return t
		}
	}
	return s
}
