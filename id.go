package crmflow

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind is one family of human IDs: REQ-001, F-001, MS-01. Every package names
// its records with a Kind, so every ID is parsed and written by the code below.
//
// The forms accepted, everywhere (documented once, in docs/ids.md; the test
// TestIDFormsEverywhere holds every reader to them):
//   - the prefix in any case, with or without the hyphen: REQ-004, req-4, REQ4
//   - any number of leading zeros: REQ-0004
//   - surrounding spaces are trimmed
//   - a bare number (4) only where the kind is already known: ParseRef, used for
//     command arguments and lookups; never in text, a DSL or a file (Parse)
//
// The written form is always the prefix, a hyphen and at least Width digits.
type Kind struct {
	Prefix string // REQ
	Width  int    // 3: REQ-001
	Noun   string // requirement: used in messages
}

// The kinds of record crmflow names.
var (
	KindRequirement   = Kind{"REQ", 3, "requirement"}
	KindQuestionnaire = Kind{"Q", 3, "questionnaire"}
	KindInterview     = Kind{"INT", 3, "interview"}
	KindFinding       = Kind{"F", 3, "finding"}
	KindProcessMap    = Kind{"PM", 3, "process map"}
	KindChange        = Kind{"CR", 3, "change request"}
	KindMeeting       = Kind{"MEET", 3, "meeting"}
	KindMilestone     = Kind{"MS", 2, "milestone"}
	KindRisk          = Kind{"RISK", 2, "risk"}
	KindTestCase      = Kind{"TC", 3, "test case"}
	KindUAT           = Kind{"UAT", 1, "UAT round"}
	KindDefect        = Kind{"DEF", 3, "defect"}
	KindSignoff       = Kind{"SO", 3, "sign-off"}
	KindRelease       = Kind{"REL", 2, "release"}
	KindSprint        = Kind{"S", 2, "sprint"}
	KindFeedback      = Kind{"FB", 3, "feedback item"}
)

// Kinds lists every kind, longest prefix first so that prefix matching in text
// never reads REQ-1 as R-... or INT-1 as I-...
var Kinds = []Kind{KindMeeting, KindRisk, KindRequirement, KindInterview, KindDefect, KindUAT, KindRelease,
	KindProcessMap, KindChange, KindMilestone, KindTestCase, KindSignoff, KindFeedback,
	KindQuestionnaire, KindFinding, KindSprint}

// MaxIDNumber bounds the number part, so a hostile ID cannot overflow anything.
const MaxIDNumber = 999_999_999

// Format writes the n-th ID of the kind: Format(4) is REQ-004.
func (k Kind) Format(n int) string {
	return fmt.Sprintf("%s-%0*d", k.Prefix, k.Width, n)
}

// Parse reads an ID of this kind written with its prefix (REQ-004, req4,
// REQ-0004) and returns its number.
func (k Kind) Parse(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) <= len(k.Prefix) || !strings.EqualFold(s[:len(k.Prefix)], k.Prefix) {
		return 0, false
	}
	rest := s[len(k.Prefix):]
	rest = strings.TrimPrefix(rest, "-")
	return parseIDNumber(rest)
}

// ParseRef reads an ID of this kind as a person types it where the kind is
// known: with the prefix, or a bare number (4 is REQ-004).
func (k Kind) ParseRef(s string) (int, bool) {
	if n, ok := k.Parse(s); ok {
		return n, true
	}
	return parseIDNumber(strings.TrimSpace(s))
}

// Normalize returns the written form of an ID typed with its prefix.
func (k Kind) Normalize(s string) (string, bool) {
	n, ok := k.Parse(s)
	if !ok {
		return "", false
	}
	return k.Format(n), true
}

// NormalizeRef returns the written form of an ID typed with or without its prefix.
func (k Kind) NormalizeRef(s string) (string, bool) {
	n, ok := k.ParseRef(s)
	if !ok {
		return "", false
	}
	return k.Format(n), true
}

// Is reports whether s is an ID of this kind (in any accepted form, prefix required).
func (k Kind) Is(s string) bool {
	_, ok := k.Parse(s)
	return ok
}

// KindOf returns the kind of an ID written with its prefix, and its number.
func KindOf(s string) (Kind, int, bool) {
	for _, k := range Kinds {
		if n, ok := k.Parse(s); ok {
			return k, n, true
		}
	}
	return Kind{}, 0, false
}

func parseIDNumber(s string) (int, bool) {
	if s == "" || len(s) > 32 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return 0, false // REQ-000 names nothing: numbering starts at 1
	}
	if len(t) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(t)
	if err != nil || n > MaxIDNumber {
		return 0, false
	}
	return n, true
}

// Ref is an ID found in free text.
type Ref struct {
	Kind  Kind
	N     int
	ID    string // the written form
	Start int    // byte offsets of the match in the text
	End   int
}

// FindRefs returns the IDs of the given kinds (all kinds when none are given)
// mentioned in text, in order. A reference is the prefix in capitals, a hyphen
// and digits, standing on its own (not inside a longer word): "见 REQ-004。"
// mentions REQ-004; "XREQ-004" and "REQ-004a" do not.
func FindRefs(text string, kinds ...Kind) []Ref {
	if len(kinds) == 0 {
		kinds = Kinds
	}
	var out []Ref
	for i := 0; i < len(text); {
		if i > 0 && isIDRune(lastRune(text[:i])) {
			i = skipRune(text, i)
			continue
		}
		matched := false
		for _, k := range kinds {
			p := k.Prefix + "-"
			if !strings.HasPrefix(text[i:], p) {
				continue
			}
			j := i + len(p)
			for j < len(text) && text[j] >= '0' && text[j] <= '9' {
				j++
			}
			if j == i+len(p) || (j < len(text) && isIDRune(firstRune(text[j:]))) {
				continue
			}
			n, ok := parseIDNumber(text[i+len(p) : j])
			if !ok {
				continue
			}
			out = append(out, Ref{Kind: k, N: n, ID: k.Format(n), Start: i, End: j})
			i = j
			matched = true
			break
		}
		if !matched {
			i = skipRune(text, i)
		}
	}
	return out
}

func isIDRune(r rune) bool {
	return r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
}

func skipRune(s string, i int) int {
	_, size := utf8.DecodeRuneInString(s[i:])
	return i + size
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
