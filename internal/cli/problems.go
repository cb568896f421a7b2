package cli

import (
	"fmt"
	"io"

	"github.com/crmflow/crmflow"
)

// maxListedProblems is how many problems an import lists before it only
// counts the rest: a file with thousands of bad rows is one fix repeated,
// and two million lines on a terminal help nobody.
const maxListedProblems = 50

// listProblems writes "Error: …" (and "Try: …" when hint gives one) for the
// first maxListedProblems problems, then how many more there are.
func listProblems[E error](w io.Writer, lang crmflow.Lang, problems []E, hint func(E) string) {
	errLabel, tryLabel := errorLabels(lang)
	for i, p := range problems {
		if i == maxListedProblems {
			fmt.Fprintf(w, zhOr(lang, "……还有 %d 个问题（--json 会全部列出）\n", "… and %d more problems (--json lists them all)\n"), len(problems)-i)
			return
		}
		fmt.Fprintf(w, "%s%s\n", errLabel, p.Error())
		if hint != nil {
			if try := hint(p); try != "" {
				fmt.Fprintf(w, "%s%s\n", tryLabel, try)
			}
		}
	}
}
