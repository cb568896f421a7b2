package acceptance

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
)

// Req is a requirement as one baseline holds it, with the fingerprint of its
// content: what a test checks.
type Req struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Module   string   `json:"module"`
	MoSCoW   string   `json:"moscow"`
	Criteria []string `json:"criteria"`
	Source   string   `json:"source"`
	FP       string   `json:"fp"`
}

// Fingerprint is the SHA-256 of a baseline item's content: every field a
// person sets, without the status, revision and links, which change without
// changing what a test must check (an item moves to implemented and verified
// without a new text).
func Fingerprint(it baseline.Item) string {
	it.Status, it.Revision, it.Links = "", 0, nil
	sum := sha256.Sum256(baseline.Canonical(it))
	return hex.EncodeToString(sum[:])
}

// ReqsOf reads the canonical items of a baseline.
func ReqsOf(items [][]byte) ([]Req, error) {
	out := make([]Req, 0, len(items))
	for _, b := range items {
		it, err := baseline.ParseItem(b)
		if err != nil {
			return nil, crmflow.Errorf(crmflow.EINTERNAL, "baseline item: %v", err)
		}
		out = append(out, Req{ID: it.ID, Title: it.Title, Module: it.Module, MoSCoW: it.MoSCoW,
			Criteria: it.Criteria, Source: it.Source, FP: Fingerprint(it)})
	}
	return out, nil
}

// Generate makes one test case per acceptance criterion of the requirements
// of baseline bl, skipping criteria that already have a generated case for
// the same requirement (so running it again adds only what is new). The
// cases' text is in lang and is meant to be edited afterwards.
func Generate(bl string, reqs []Req, existing []TestCase, lang crmflow.Lang) []TestCase {
	have := map[string]bool{}
	for _, c := range existing {
		if c.Criterion != "" {
			have[c.Req+"\x00"+c.Criterion] = true
		}
	}
	var out []TestCase
	for _, r := range reqs {
		for _, crit := range r.Criteria {
			crit = strings.TrimSpace(crit)
			if crit == "" || have[r.ID+"\x00"+crit] {
				continue
			}
			have[r.ID+"\x00"+crit] = true
			out = append(out, TestCase{Req: r.ID, Baseline: bl, Criterion: crit, Title: caseTitle(r.Title, crit, lang),
				Steps: caseSteps(r, crit, lang), Expected: crit})
		}
	}
	return out
}

// caseTitle is the requirement's title and the criterion, on one line, cut to
// the title limit.
func caseTitle(req, crit string, lang crmflow.Lang) string {
	sep := "："
	if lang == crmflow.LangEN {
		sep = ": "
	}
	s := strings.Join(strings.Fields(req+sep+crit), " ")
	if utf8.RuneCountInString(s) <= MaxTitleLen {
		return s
	}
	r := []rune(s)
	return string(r[:MaxTitleLen-1]) + "…"
}

func caseSteps(r Req, crit string, lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return fmt.Sprintf("1. Carry out the function of %s (%s) as a user of that role.\n2. Check: %s", r.ID, r.Title, crit)
	}
	return fmt.Sprintf("1. 以相应角色的用户身份执行 %s「%s」所述操作。\n2. 核对：%s", r.ID, r.Title, crit)
}
