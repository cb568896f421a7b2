package app

// People: the display name a document shows for whoever made a change.
//
// The audit log records the actor as given (--as, CRMFLOW_USER, else the OS
// user, e.g. "root"); that record is evidence and never changes. Documents
// and histories show a person instead, by this rule:
//  1. the project's "people" setting maps the actor to a name
//     (crmflow project set people "root=Chen Jing, li=Li Ming";
//     crmflow project set user-name "Chen Jing" maps the current actor);
//  2. else an actor that names a stakeholder (--as "Tom Becker") shows as that
//     stakeholder's name, as registered;
//  3. else the actor as recorded.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/crmflow/crmflow"
)

// KeyPeople is the setting that maps actors to display names.
const KeyPeople = "people"

// KeyUserName sets the display name of the current actor in KeyPeople.
const KeyUserName = "user-name"

// ParsePeople reads the people setting: "actor=Name" pairs separated by
// commas (or Chinese commas); an actor appears once.
func ParsePeople(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		actor, name, ok := strings.Cut(pair, "=")
		actor, name = strings.TrimSpace(actor), strings.TrimSpace(name)
		if !ok || actor == "" || name == "" || strings.Contains(name, "=") {
			return nil, crmflow.Errorf(crmflow.EINVALID, "people takes actor=Name pairs separated by commas, e.g. \"root=Chen Jing, li=Li Ming\"; %q is not one", strings.TrimSpace(pair)).
				With("setting", KeyPeople)
		}
		if _, dup := out[actor]; dup {
			return nil, crmflow.Errorf(crmflow.EINVALID, "people names %s twice", actor).With("setting", KeyPeople)
		}
		if err := crmflow.CheckTexts("people", actor+name); err != nil {
			return nil, err
		}
		out[actor] = name
	}
	return out, nil
}

// FormatPeople writes the people setting in its one stored form, sorted by actor.
func FormatPeople(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, ", ")
}

// setPeople stores the people setting (KeyPeople: the whole map; KeyUserName:
// the current actor's name) and returns it as stored.
func (a *App) setPeople(ctx context.Context, key, value string) (string, error) {
	var m map[string]string
	var err error
	if key == KeyPeople {
		if m, err = ParsePeople(value); err != nil {
			return "", err
		}
	} else {
		if m, err = a.peopleSetting(ctx); err != nil {
			return "", err
		}
		name := strings.TrimSpace(value)
		if name == "" || strings.ContainsAny(name, ",，=") {
			return "", crmflow.Errorf(crmflow.EINVALID, "user-name is a person's name, without commas or \"=\"; %q is not one", value)
		}
		if err := crmflow.CheckText("user-name", name); err != nil {
			return "", err
		}
		m[string(a.actor)] = name
	}
	stored := FormatPeople(m)
	return stored, a.db.SetSetting(ctx, KeyPeople, stored)
}

func (a *App) peopleSetting(ctx context.Context) (map[string]string, error) {
	kv, err := a.db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	m, err := ParsePeople(kv[KeyPeople])
	if err != nil {
		return nil, fmt.Errorf("the stored people setting: %w", err)
	}
	return m, nil
}

// People returns the display name of each actor, by the rule above.
func (a *App) People(ctx context.Context) (func(actor string) string, error) {
	m, err := a.peopleSetting(ctx)
	if err != nil {
		return nil, err
	}
	all, err := a.Stakeholders.Store.Stakeholders(ctx)
	if err != nil {
		return nil, err
	}
	return func(actor string) string {
		if n, ok := m[actor]; ok {
			return n
		}
		for _, s := range all {
			if strings.EqualFold(strings.TrimSpace(actor), s.Name) {
				return s.Name
			}
		}
		return actor
	}, nil
}
