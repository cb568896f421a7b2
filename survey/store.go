package survey

import "context"

// Store keeps questionnaires and their responses. Every write runs in one
// transaction with its audit event.
type Store interface {
	// CreateQuestionnaire assigns the next ID (Q-001 ...) inside the write
	// transaction and stores q with revision 1.
	CreateQuestionnaire(ctx context.Context, q *Questionnaire) error
	Questionnaire(ctx context.Context, id string) (Questionnaire, error)
	// Questionnaires returns every questionnaire in ID order.
	Questionnaires(ctx context.Context) ([]Questionnaire, error)
	// UpdateQuestionnaire loads id, lets fn change it and stores the result;
	// the revision goes up by one when the questions changed.
	UpdateQuestionnaire(ctx context.Context, id string, fn func(*Questionnaire) error) (Questionnaire, error)
	// ResponseCounts returns how many responses each questionnaire has.
	ResponseCounts(ctx context.Context) (map[string]int, error)
	// Respondents lists who answered questionnaire id.
	Respondents(ctx context.Context, id string) ([]Respondent, error)
	// Responses returns questionnaire id's responses in the order they were stored.
	Responses(ctx context.Context, id string) ([]Response, error)
	// SaveResponses stores rs in one transaction, all or none. It fails with
	// a conflict when the questionnaire is no longer at revision, or when a
	// respondent (same role and NameKey) already answered and replace is false;
	// with replace, that earlier response is replaced.
	SaveResponses(ctx context.Context, id string, revision int, rs []Response, replace bool) error
}
