package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/app"
	"github.com/crmflow/crmflow/requirements"
)

type manyProblems struct{ n int }

func (m manyProblems) PlanRequirementImport(ctx context.Context, in app.Input, opt requirements.ImportOptions) (*requirements.ImportPlan, error) {
	p := &requirements.ImportPlan{}
	for i := range m.n {
		p.Problems = append(p.Problems, requirements.ImportProblem{File: in.Name, Sheet: "需求清单", Row: i + 2, Column: "G", Header: "价值", Message: "价值 must be 1 to 5"})
	}
	return p, nil
}

func (manyProblems) ApplyRequirementImport(context.Context, *requirements.ImportPlan) error {
	return fmt.Errorf("a plan with problems was applied")
}

// TestImportListsBoundedProblems: an import with thousands of bad rows lists
// the first few and counts the rest; the count in the final error is whole.
func TestImportListsBoundedProblems(t *testing.T) {
	file := filepath.Join(t.TempDir(), "requirements.xlsx")
	if err := os.WriteFile(file, []byte("PK\x03\x04"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{3, 5000} {
		io, _, errOut := TestStreams()
		err := runImportReqs(context.Background(), &importReqsOptions{IO: io, App: func() (reqImporter, error) { return manyProblems{n}, nil }, File: file, DryRun: true})
		if crmflow.ErrorCode(err) != crmflow.EINVALID || !strings.Contains(err.Error(), fmt.Sprintf("%d problems", n)) {
			t.Fatalf("%d problems: %v", n, err)
		}
		listed := strings.Count(errOut.String(), "Error: ")
		if want := min(n, maxListedProblems); listed != want {
			t.Errorf("%d problems: %d listed, want %d", n, listed, want)
		}
		more := fmt.Sprintf("… and %d more problems", n-maxListedProblems)
		if n > maxListedProblems != strings.Contains(errOut.String(), more) {
			t.Errorf("%d problems: stderr ends %q", n, errOut.String()[max(0, errOut.Len()-200):])
		}
	}
}
