package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/meeting"
)

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
	addOpts := &meetingAddOptions{IO: f.IO, App: func() (meetingRecorder, error) { return f.App() }}
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
			if addOpts.Notes != "" {
				text, err := readNotes(f, addOpts.Notes)
				if err != nil {
					return err
				}
				addOpts.NotesText = text
			}
			return runMeetingAdd(cmd.Context(), addOpts)
		},
	}
	fl := add.Flags()
	fl.StringVar(&addOpts.Kind, "kind", "confirmation", "confirmation, review, kickoff or other")
	fl.StringVar(&addOpts.Date, "date", "", "the meeting's date, YYYY-MM-DD")
	fl.StringVar(&addOpts.Title, "title", "", "title (default: the kind's name)")
	fl.StringVar(&addOpts.Attendees, "attendees", "", "who attended, comma-separated")
	fl.StringVar(&addOpts.Notes, "notes", "", "minutes in Markdown: a file, or - for stdin")
	fl.StringSliceVar(&addOpts.Confirm, "confirm", nil, "requirements confirmed (IDs or ranges REQ-001..REQ-020)")
	fl.StringSliceVar(&addOpts.Defer, "defer", nil, "requirements deferred")
	fl.StringSliceVar(&addOpts.Reject, "reject", nil, "requirements rejected")
	fl.BoolVar(&addOpts.AsJSON, "json", false, "print the meeting as JSON")
	_ = add.MarkFlagRequired("date")

	var listJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the meetings",
		Example: "$ crmflow meeting list\n$ crmflow meeting list --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := f.App()
			if err != nil {
				return err
			}
			all, err := ap.MeetingList(cmd.Context())
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
			ap, err := f.App()
			if err != nil {
				return err
			}
			m, err := ap.Meeting(cmd.Context(), args[0])
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

// meetingAddOptions are what `crmflow meeting add` was asked.
type meetingAddOptions struct {
	IO        *IOStreams
	App       func() (meetingRecorder, error)
	Kind      string
	Date      string
	Title     string
	Attendees string // comma-separated
	Notes     string // --notes: a file or -
	NotesText string // the notes read from it
	Confirm   []string
	Defer     []string
	Reject    []string
	AsJSON    bool
}

// meetingRecorder is the part of the application meeting add uses.
type meetingRecorder interface {
	RecordMeeting(ctx context.Context, in meeting.Input) (meeting.Meeting, error)
	Lang(ctx context.Context) crmflow.Lang
}

func runMeetingAdd(ctx context.Context, opts *meetingAddOptions) error {
	k, err := meeting.ParseKind(opts.Kind)
	if err != nil {
		return err
	}
	a, err := opts.App()
	if err != nil {
		return err
	}
	m, err := a.RecordMeeting(ctx, meeting.Input{Kind: k, Date: opts.Date, Title: opts.Title, Attendees: splitList(opts.Attendees),
		Notes: opts.NotesText, Confirm: splitRefs(opts.Confirm), Defer: splitRefs(opts.Defer), Reject: splitRefs(opts.Reject)})
	if err != nil {
		return err
	}
	if opts.AsJSON {
		return writeJSON(opts.IO, m)
	}
	l := a.Lang(ctx)
	fmt.Fprintf(opts.IO.ErrOut, tr(l, "已记录 %s %s（%s）：确认 %d 条，延期 %d 条，拒绝 %d 条\n", "Recorded %s %s (%s): %d confirmed, %d deferred, %d rejected\n"),
		m.ID, m.Kind.Name(l), m.Date, m.Count(meeting.Confirm), m.Count(meeting.Defer), m.Count(meeting.Reject))
	for _, o := range m.Overrides {
		fmt.Fprintf(opts.IO.ErrOut, tr(l, "%s：%s，按单独的决定处理；范围 %s（%s）对它不适用\n", "%s: %s, as decided on its own; the range %s (%s) does not apply to it\n"), o.Req, outcomeWord(l, o.Outcome), o.Range, outcomeWord(l, o.RangeWant))
	}
	fmt.Fprintln(opts.IO.Out, m.ID)
	return nil
}

// outcomeWord names a decision: in Chinese in a Chinese project, as the flag
// says it (confirm, defer, reject) in an English one.
func outcomeWord(l crmflow.Lang, o meeting.Outcome) string {
	if l == crmflow.LangZH {
		return o.Name(l)
	}
	return string(o)
}
