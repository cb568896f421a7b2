package crmflow

import (
	"strconv"
	"strings"
)

// Count writes n and an English noun in the number n calls for: "1 error",
// "2 errors", "0 entries", "1 rejected row". It is the one plural rule of the
// English messages; Chinese ones have no plural and do not use it. The noun
// is given in the singular; its last word takes the plural.
func Count(n int, noun string) string {
	return strconv.Itoa(n) + " " + Plural(n, noun)
}

// Plural is noun in the number n calls for, without the number.
func Plural(n int, noun string) string {
	if n == 1 || noun == "" {
		return noun
	}
	head, last := "", noun
	if i := strings.LastIndexByte(noun, ' '); i >= 0 {
		head, last = noun[:i+1], noun[i+1:]
	}
	if p, ok := irregular[last]; ok {
		return head + p
	}
	switch {
	case strings.HasSuffix(last, "y") && len(last) > 1 && !strings.ContainsRune("aeiou", rune(last[len(last)-2])):
		last = last[:len(last)-1] + "ies"
	case strings.HasSuffix(last, "s"), strings.HasSuffix(last, "x"), strings.HasSuffix(last, "ch"), strings.HasSuffix(last, "sh"):
		last += "es"
	default:
		last += "s"
	}
	return head + last
}

// irregular holds the nouns crmflow's messages use that do not take -s.
var irregular = map[string]string{"person": "people", "criterion": "criteria", "analysis": "analyses", "child": "children"}
