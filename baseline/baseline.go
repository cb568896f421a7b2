// Package baseline is the requirement freeze (需求冻结): named, immutable
// snapshots of the baselined requirements with a SHA-256 over a canonical
// form, and the field-by-field difference between two of them. The canonical
// form is documented in docs/baselines.md. It imports no CLI or storage code.
package baseline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/requirements"
)

// Format names the canonical form; it is part of what is hashed.
const Format = "crmflow-baseline/1"

// Baseline is one freeze.
type Baseline struct {
	Name      string    `json:"name"`
	Note      string    `json:"note"`
	CR        string    `json:"cr"` // the change request that made it; "" for a freeze
	Hash      string    `json:"hash"`
	Count     int       `json:"count"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// ItemLink is a trace link from a baselined requirement.
type ItemLink struct {
	To   string `json:"to"`
	Kind string `json:"kind"`
}

// Item is a requirement as a baseline holds it: every field a person sets,
// its status and revision, and its outgoing links; no timestamps. The field
// order here is the order of the canonical form.
type Item struct {
	ID          string            `json:"id"`
	Revision    int               `json:"revision"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	Module      string            `json:"module"`
	Kind        string            `json:"kind"`
	Status      string            `json:"status"`
	Value       int               `json:"value"`
	Difficulty  int               `json:"difficulty"`
	Urgency     int               `json:"urgency"`
	MoSCoW      string            `json:"moscow"`
	Criteria    []string          `json:"criteria"`
	Owner       string            `json:"owner"`
	Source      string            `json:"source"`
	Stakeholder string            `json:"stakeholder"`
	Tags        []string          `json:"tags"`
	Fields      map[string]string `json:"fields"`
	Links       []ItemLink        `json:"links"`
}

// Baselined reports whether a requirement in status s belongs in a baseline:
// everything confirmed and beyond, but not rejected or deferred.
func Baselined(s requirements.Status) bool {
	switch s {
	case requirements.Confirmed, requirements.Frozen, requirements.Implemented, requirements.Verified:
		return true
	}
	return false
}

// ItemOf makes the baseline item of r; links are r's outgoing links.
func ItemOf(r requirements.Requirement, links []requirements.Link) Item {
	it := Item{ID: r.ID, Revision: r.Revision, Title: r.Title, Description: r.Description, Module: r.Module,
		Kind: string(r.Kind), Status: string(r.Status), Value: r.Value, Difficulty: r.Difficulty, Urgency: r.Urgency,
		MoSCoW: string(r.MoSCoW), Criteria: nonNil(r.Criteria), Owner: r.Owner, Source: r.Source,
		Stakeholder: r.Stakeholder, Tags: nonNil(r.Tags), Fields: r.Fields, Links: []ItemLink{}}
	if it.Fields == nil {
		it.Fields = map[string]string{}
	}
	for _, l := range links {
		if l.From == r.ID {
			it.Links = append(it.Links, ItemLink{To: l.To, Kind: string(l.Kind)})
		}
	}
	slices.SortFunc(it.Links, func(a, b ItemLink) int {
		if c := CompareIDs(a.To, b.To); c != 0 {
			return c
		}
		return strings.Compare(a.Kind, b.Kind)
	})
	return it
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Canonical is the item's canonical JSON: keys in Item's order (map keys
// sorted), no insignificant space, no HTML escaping, UTF-8.
func Canonical(it Item) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(it); err != nil {
		panic(err) // an Item holds only strings, ints, slices and maps
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// ParseItem reads a canonical item and checks that it is canonical.
func ParseItem(b []byte) (Item, error) {
	var it Item
	if err := json.Unmarshal(b, &it); err != nil {
		return it, err
	}
	if !bytes.Equal(Canonical(it), b) {
		return it, fmt.Errorf("item %s is not in canonical form", it.ID)
	}
	return it, nil
}

// Document writes the canonical document of a baseline: one JSON object,
//
//	{"format":"crmflow-baseline/1","name":NAME,"requirements":[ITEM,ITEM,...]}
//
// with the items in ID order. The baseline's hash is the SHA-256 of these bytes.
func Document(name string, items [][]byte) []byte {
	nameJSON, _ := json.Marshal(name)
	size := 64 + len(nameJSON)
	for _, it := range items {
		size += len(it) + 1
	}
	b := make([]byte, 0, size)
	b = append(b, `{"format":"`+Format+`","name":`...)
	b = append(b, nameJSON...)
	b = append(b, `,"requirements":[`...)
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	return append(b, "]}"...)
}

// Hash is the hex SHA-256 of the baseline's canonical document.
func Hash(name string, items [][]byte) string {
	sum := sha256.Sum256(Document(name, items))
	return hex.EncodeToString(sum[:])
}

// validName is ^[\p{L}\p{N}][\p{L}\p{N}._-]{0,39}$ written out: the
// regexp's Unicode classes cost 1.5 MB and several milliseconds at every
// process start when compiled at package initialisation.
func validName(name string) bool {
	n := 0
	for _, r := range name { // invalid UTF-8 decodes to U+FFFD, neither letter nor number
		n++
		ok := unicode.IsLetter(r) || unicode.IsNumber(r) || (n > 1 && (r == '.' || r == '_' || r == '-'))
		if !ok || n > 40 {
			return false
		}
	}
	return n > 0
}

// ValidName checks a baseline name such as v1.0.
func ValidName(name string) error {
	if !validName(name) {
		return crmflow.Errorf(crmflow.EINVALID, "baseline name %q must be 1–40 letters, digits, '.', '_' or '-', starting with a letter or digit (like v1.0)", name)
	}
	return nil
}

// trailingNumber is compiled on first use, not at every process start.
var trailingNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([0-9]+)$`) })

// NextName is the name after last: v1.0 → v1.1, R9 → R10; "" → v1.0.
func NextName(last string) string {
	if last == "" {
		return "v1.0"
	}
	loc := trailingNumber().FindStringSubmatchIndex(last)
	if loc == nil {
		return last + ".1"
	}
	n, _ := strconv.Atoi(last[loc[2]:loc[3]])
	return last[:loc[2]] + strconv.Itoa(n+1)
}

// Store keeps baselines. Baselines are never updated or deleted.
type Store interface {
	// ApplyFreeze runs one write transaction: it gives plan every requirement
	// as it is (in ID order), stores the requirements the plan freezes as
	// their next revision, then stores the baseline the plan's Spec takes of
	// the requirements and links as they are after.
	ApplyFreeze(ctx context.Context, plan func(reqs []requirements.Requirement) (FreezePlan, error)) (Baseline, error)
	// Baseline returns one baseline by name.
	Baseline(ctx context.Context, name string) (Baseline, error)
	// Baselines lists every baseline, oldest first.
	Baselines(ctx context.Context) ([]Baseline, error)
	// Items returns a baseline's canonical items in ID order.
	Items(ctx context.Context, name string) ([][]byte, error)
	// Containing names the newest baseline holding requirement id, or "".
	Containing(ctx context.Context, id string) (string, error)
}

// Verification is the result of recomputing a baseline's hash.
type Verification struct {
	Name     string   `json:"name"`
	Hash     string   `json:"hash"`     // as recorded
	Computed string   `json:"computed"` // from the stored items
	Count    int      `json:"count"`
	OK       bool     `json:"ok"`
	Problems []string `json:"problems"`
}

// Verify recomputes b's hash from its items and checks each item is canonical.
func Verify(b Baseline, items [][]byte) Verification {
	v := Verification{Name: b.Name, Hash: b.Hash, Computed: Hash(b.Name, items), Count: len(items), Problems: []string{}}
	if v.Computed != b.Hash {
		v.Problems = append(v.Problems, fmt.Sprintf("the SHA-256 of the stored requirements is %s, not the recorded %s: the baseline was changed after it was taken", v.Computed, b.Hash))
	}
	if len(items) != b.Count {
		v.Problems = append(v.Problems, fmt.Sprintf("it holds %d requirements, not the recorded %d", len(items), b.Count))
	}
	prev := ""
	for _, raw := range items {
		it, err := ParseItem(raw)
		if err != nil {
			v.Problems = append(v.Problems, err.Error())
			continue
		}
		if prev != "" && CompareIDs(it.ID, prev) <= 0 {
			v.Problems = append(v.Problems, fmt.Sprintf("item %s is out of order", it.ID))
		}
		prev = it.ID
	}
	v.OK = len(v.Problems) == 0
	return v
}

// Latest returns the newest baseline's name, or "".
func Latest(all []Baseline) string {
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1].Name
}

// CompareIDs orders requirement IDs by number: REQ-999 before REQ-1000.
func CompareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// Requirement turns an item back into the requirement it snapshots, with its
// outgoing links; timestamps are not part of a baseline and stay zero.
func (it Item) Requirement() (requirements.Requirement, []requirements.Link) {
	r := requirements.Requirement{ID: it.ID, Revision: it.Revision, Title: it.Title, Description: it.Description,
		Module: it.Module, Kind: requirements.Kind(it.Kind), Status: requirements.Status(it.Status), Value: it.Value,
		Difficulty: it.Difficulty, Urgency: it.Urgency, MoSCoW: requirements.MoSCoW(it.MoSCoW), Criteria: it.Criteria,
		Owner: it.Owner, Source: it.Source, Stakeholder: it.Stakeholder, Tags: it.Tags, Fields: it.Fields}
	links := make([]requirements.Link, len(it.Links))
	for i, l := range it.Links {
		links[i] = requirements.Link{From: it.ID, To: l.To, Kind: requirements.LinkKind(l.Kind)}
	}
	return r, links
}
