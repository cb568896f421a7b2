package app

import (
	"context"

	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/meeting"
)

// ApplyChange applies an approved change request: its change set, the next
// baseline and the suspect marks, in one transaction.
func (a *App) ApplyChange(ctx context.Context, ref, comment string) (change.Request, baseline.Baseline, error) {
	return a.Changes.Apply(ctx, ref, comment)
}

// RecordMeeting records a meeting and moves the statuses it decided, all or
// nothing; requirement ranges cover the requirements that exist in them.
func (a *App) RecordMeeting(ctx context.Context, in meeting.Input) (meeting.Meeting, error) {
	in.Lang = a.Lang(ctx)
	return a.Meetings.Add(ctx, in)
}
