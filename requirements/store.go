package requirements

import (
	"context"
	"time"
)

// LinkKind is the kind of a trace link between two requirements.
type LinkKind string

// The trace link kinds. A link points from the requirement that depends to the
// one it depends on: "REQ-004 parent REQ-001" makes REQ-001 the parent of REQ-004.
const (
	LinkParent      LinkKind = "parent"
	LinkDerivesFrom LinkKind = "derives-from"
	LinkRelatesTo   LinkKind = "relates-to"
)

// LinkKinds lists every kind.
var LinkKinds = []LinkKind{LinkParent, LinkDerivesFrom, LinkRelatesTo}

// Link is one trace link.
type Link struct {
	From      string    `json:"from"`
	To        string    `json:"to"`
	Kind      LinkKind  `json:"kind"`
	Suspect   bool      `json:"suspect"`
	CreatedAt time.Time `json:"created_at"`
}

// Store keeps requirements. Every method that writes runs in one write
// transaction and appends its audit events in that same transaction; the
// callbacks run inside it, so the checks they make cannot race another writer.
type Store interface {
	// CreateRequirements assigns IDs (REQ-001, ...), sets revision 1 and the
	// timestamps, and stores all of rs, or none of them.
	CreateRequirements(ctx context.Context, rs []*Requirement) error
	Requirement(ctx context.Context, id string) (Requirement, error)
	// Requirements returns every requirement in ID order.
	Requirements(ctx context.Context) ([]Requirement, error)
	// Summaries is Requirements without the long text: Description,
	// Criteria, Source and Stakeholder are left empty. Listings that show
	// none of those use it to touch a fraction of the data.
	Summaries(ctx context.Context) ([]Requirement, error)
	// Titles maps every requirement ID to its title (cheaper than Requirements).
	Titles(ctx context.Context) (map[string]string, error)
	// UpdateRequirement loads id, lets fn change it, and stores the result with
	// the next revision. When fn changes nothing, nothing is written.
	// action names the change in the audit log (update, status, ...).
	UpdateRequirement(ctx context.Context, id, action string, fn func(*Requirement) error) (Requirement, error)
	// RequirementAt returns id as it was at a revision, from the audit log.
	RequirementAt(ctx context.Context, id string, revision int) (Requirement, bool, error)
	// ApplyImport creates, updates and deletes in one transaction. An update
	// whose requirement is no longer at its expected revision fails it all, and
	// so does a delete that canDelete, given the requirement and its links as
	// they are in the transaction, refuses.
	ApplyImport(ctx context.Context, creates []*Requirement, updates []ImportUpdate, deletes []string,
		canDelete func(Requirement, []Link) error) error
	// DeleteRequirement removes id and its links once check allows it.
	DeleteRequirement(ctx context.Context, id string, check func(Requirement, []Link) error) error

	// Links returns the links from or to id; every link when id is empty.
	Links(ctx context.Context, id string) ([]Link, error)
	// AddLink stores l once check allows it, given the links it needs: every
	// link from or to either end, and every link reachable from l.To over
	// links of l's kind (all of them may be given).
	AddLink(ctx context.Context, l Link, check func(all []Link) error) error
	// AddLinks stores ls in one transaction, in order, each once check allows
	// it given the links AddLink would give for it, as they are after the
	// links before it in ls: all of them or, on the first refusal, none.
	AddLinks(ctx context.Context, ls []Link, check func(l Link, near []Link) error) error
	// RemoveLink deletes l; ENOTFOUND when there is no such link.
	RemoveLink(ctx context.Context, l Link) error

	// CustomModules lists the project's own modules.
	CustomModules(ctx context.Context) ([]Module, error)
	AddModule(ctx context.Context, m Module) error

	// DataFields lists the data dictionary, by entity in the order first
	// added, then field order.
	DataFields(ctx context.Context) ([]DataField, error)
	// PutDataField adds a field, or replaces the one with the same entity and
	// name when replace is set (ECONFLICT otherwise).
	PutDataField(ctx context.Context, f DataField, replace bool) error
	// RemoveDataField deletes one field; ENOTFOUND when there is none.
	RemoveDataField(ctx context.Context, entity, name string) error

	// Permissions lists the matrix cells, by role then module.
	Permissions(ctx context.Context) ([]Permission, error)
	// SetPermission stores one cell; no actions removes it.
	SetPermission(ctx context.Context, p Permission) error

	// FieldDefs lists the project's custom fields in the order they were added.
	FieldDefs(ctx context.Context) ([]FieldDef, error)
	AddFieldDef(ctx context.Context, d FieldDef) error
}
