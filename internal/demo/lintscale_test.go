package demo

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/templates"
)

// scaleRegister is the register Scale(n) writes, without a store.
func scaleRegister(tb testing.TB, n int) []requirements.Requirement {
	tb.Helper()
	cat, err := requirements.ParseCatalog(templates.ModuleCatalog())
	if err != nil {
		tb.Fatal(err)
	}
	var keys []string
	for _, m := range cat.Modules() {
		keys = append(keys, m.Key)
	}
	p := planScale(n, keys)
	out := make([]requirements.Requirement, n)
	for i, r := range p.reqs {
		out[i] = r.in.Requirement
		out[i].ID = crmflow.KindRequirement.Format(i + 1)
		out[i].Status = r.status
	}
	return out
}

// bruteNearDuplicates is the all-pairs reference: every pair, exact Dice of
// the character bigrams of the normalized titles.
func bruteNearDuplicates(reqs []requirements.Requirement) map[[2]string]bool {
	sets := make([]map[string]bool, len(reqs))
	for i, r := range reqs {
		var rs []rune
		for _, c := range strings.ToLower(r.Title) {
			if unicode.IsLetter(c) || unicode.IsNumber(c) {
				rs = append(rs, c)
			}
		}
		m := map[string]bool{}
		if len(rs) == 1 {
			m[string(rs)] = true
		}
		for k := 0; k+1 < len(rs); k++ {
			m[string(rs[k:k+2])] = true
		}
		sets[i] = m
	}
	out := map[[2]string]bool{}
	for i := range reqs {
		for j := range i {
			a, b := sets[i], sets[j]
			if len(a) == 0 || len(b) == 0 {
				continue
			}
			c := 0
			for g := range a {
				if b[g] {
					c++
				}
			}
			if 2*float64(c)/float64(len(a)+len(b)) >= requirements.NearDuplicateThreshold-1e-9 {
				out[[2]string{reqs[i].ID, reqs[j].ID}] = true
			}
		}
	}
	return out
}

// The lint's similarity join finds exactly the pairs the all-pairs reference
// finds on the generated register.
func TestLintNearDuplicatesOnScaleMatchBruteForce(t *testing.T) {
	reqs := scaleRegister(t, 3000)
	want := bruteNearDuplicates(reqs)
	got := map[[2]string]bool{}
	for _, f := range requirements.Lint(reqs) {
		if f.Rule == "near-duplicate" {
			got[[2]string{f.ID, f.Related}] = true
		}
	}
	if len(want) == 0 {
		t.Fatal("the generated register has no near-duplicates; the test is too weak")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lint found %d pairs, the all-pairs reference %d", len(got), len(want))
	}
}

func BenchmarkLintScale(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		reqs := scaleRegister(b, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				requirements.Lint(reqs)
			}
		})
	}
}
