package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/sqlite"
)

// Meetings returns the meeting service on the workspace.
func (f *Factory) Meetings() (*meeting.Service, error) {
	db, err := f.DB()
	if err != nil {
		return nil, err
	}
	return newMeetingService(db)
}

func newMeetingService(db *sqlite.DB) (*meeting.Service, error) {
	reqs, err := newRequirementService(db)
	if err != nil {
		return nil, err
	}
	return &meeting.Service{Store: db.Meetings(), ExpandRefs: func(ctx context.Context, refs []string) ([]string, error) {
		titles, err := reqs.Store.Titles(ctx)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, ref := range refs {
			if strings.Contains(ref, "..") {
				ids, err := meeting.ExpandRange(ref, nil)
				if err != nil {
					return nil, err
				}
				// A range covers the requirements that exist in it: removed
				// drafts leave gaps in the numbering.
				n := 0
				for _, id := range ids {
					if _, ok := titles[id]; ok {
						out = append(out, id)
						n++
					}
				}
				if n == 0 {
					return nil, crmflow.Errorf(crmflow.ENOTFOUND, "no requirement exists in %s", ref).WithTry("crmflow req list")
				}
				continue
			}
			id, err := reqs.ResolveID(ctx, ref)
			if err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		return out, nil
	}}, nil
}

func newCmdMeeting(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "meeting <command>",
		Short: "Record meetings and the decisions they take (需求确认会)",
		Example: heredoc(`
			$ crmflow meeting add --kind confirmation --date 2026-11-28 --attendees 王总,张经理,李分析 \
			    --confirm REQ-001..REQ-020 --defer REQ-021 --notes minutes.md
			$ crmflow meeting list
			$ crmflow doc build minutes MEET-001 --format html -o out/
		`),
	}
	var kind, date, title, attendees, notes string
	var confirm, deferred, reject []string
	var asJSON bool
	add := &cobra.Command{
		Use:   "add",
		Short: "Record a meeting; its decisions change requirement statuses",
		Long: heredoc(`
			Record a meeting with its date, attendees, minutes (Markdown, from a file or
			"-" for stdin) and decisions. For a confirmation meeting, --confirm, --defer and
			--reject take requirement IDs or ranges (REQ-001..REQ-020; a range covers the
			requirements that exist in it) and move them to confirmed, deferred or rejected.

			The meeting and every status change are written together or not at all: one
			requirement that cannot move (a confirmed one needs acceptance criteria) stops
			the whole record, and the error names it.
		`),
		Example: heredoc(`
			$ crmflow meeting add --kind confirmation --date 2026-11-28 --attendees 王总,张经理,李分析 \
			    --confirm REQ-001..REQ-020 --defer REQ-021 --notes minutes.md
			$ cat minutes.md | crmflow meeting add --kind review --date 2026-11-21 --attendees 张经理 --notes -
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := meeting.ParseKind(kind)
			if err != nil {
				return err
			}
			var text string
			if notes != "" {
				if text, err = readNotes(f, notes); err != nil {
					return err
				}
			}
			svc, err := f.Meetings()
			if err != nil {
				return err
			}
			m, err := svc.Add(cmd.Context(), meeting.Input{Kind: k, Date: date, Title: title, Attendees: splitList(attendees),
				Notes: text, Confirm: splitRefs(confirm), Defer: splitRefs(deferred), Reject: splitRefs(reject)})
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO, m)
			}
			fmt.Fprintf(f.IO.ErrOut, "Recorded %s %s (%s): %d confirmed, %d deferred, %d rejected\n",
				m.ID, m.Kind.Name(crmflow.LangZH), m.Date, m.Count(meeting.Confirm), m.Count(meeting.Defer), m.Count(meeting.Reject))
			fmt.Fprintln(f.IO.Out, m.ID)
			return nil
		},
	}
	fl := add.Flags()
	fl.StringVar(&kind, "kind", "confirmation", "confirmation, review, kickoff or other")
	fl.StringVar(&date, "date", "", "the meeting's date, YYYY-MM-DD")
	fl.StringVar(&title, "title", "", "title (default: the kind's name)")
	fl.StringVar(&attendees, "attendees", "", "who attended, comma-separated")
	fl.StringVar(&notes, "notes", "", "minutes in Markdown: a file, or - for stdin")
	fl.StringSliceVar(&confirm, "confirm", nil, "requirements confirmed (IDs or ranges REQ-001..REQ-020)")
	fl.StringSliceVar(&deferred, "defer", nil, "requirements deferred")
	fl.StringSliceVar(&reject, "reject", nil, "requirements rejected")
	fl.BoolVar(&asJSON, "json", false, "print the meeting as JSON")
	_ = add.MarkFlagRequired("date")

	var listJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the meetings",
		Example: "$ crmflow meeting list\n$ crmflow meeting list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := f.Meetings()
			if err != nil {
				return err
			}
			all, err := svc.Store.Meetings(cmd.Context())
			if err != nil {
				return err
			}
			if listJSON {
				return writeJSONArray(f.IO, len(all), func(i int) meeting.Meeting { return all[i] })
			}
			t := newTable(f.IO, "ID", "DATE", "KIND", "ATTENDEES", "CONFIRMED", "DEFERRED", "REJECTED")
			for _, m := range all {
				t.add(m.ID, m.Date, string(m.Kind), strings.Join(m.Attendees, ","), fmt.Sprint(m.Count(meeting.Confirm)),
					fmt.Sprint(m.Count(meeting.Defer)), fmt.Sprint(m.Count(meeting.Reject)))
			}
			return t.print()
		},
	}
	list.Flags().BoolVar(&listJSON, "json", false, "print JSON")

	var showJSON bool
	show := &cobra.Command{
		Use:     "show <MEET-001>",
		Short:   "Show a meeting: attendees, decisions and minutes",
		Example: "$ crmflow meeting show MEET-001\n$ crmflow meeting show MEET-001 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := f.Meetings()
			if err != nil {
				return err
			}
			m, err := svc.Store.Meeting(cmd.Context(), normalizeMeetingID(args[0]))
			if err != nil {
				return err
			}
			if showJSON {
				return writeJSON(f.IO, m)
			}
			w := f.IO.Out
			fmt.Fprintf(w, "%s  %s  %s\n", m.ID, m.Date, m.Title)
			fmt.Fprintf(w, "Attendees: %s\n", strings.Join(m.Attendees, ", "))
			if len(m.Decisions) > 0 {
				fmt.Fprintln(w, "\nDecisions:")
				for _, d := range m.Decisions {
					fmt.Fprintf(w, "  %-8s %s  %s (was %s)\n", d.Outcome, d.Req, d.Title, d.From)
				}
			}
			if strings.TrimSpace(m.Notes) != "" {
				fmt.Fprintf(w, "\n%s\n", strings.TrimRight(m.Notes, "\n"))
			}
			return nil
		},
	}
	show.Flags().BoolVar(&showJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list, show)
	return cmd
}

// splitRefs flattens repeated and comma-separated requirement references.
func splitRefs(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, splitList(s)...)
	}
	return out
}

// normalizeMeetingID accepts MEET-1, meet-001 or 1.
func normalizeMeetingID(s string) string {
	if id, ok := crmflow.KindMeeting.NormalizeRef(s); ok {
		return id
	}
	return s
}
