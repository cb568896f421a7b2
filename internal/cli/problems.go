package cli

import (
	"fmt"
	"io"
)

// maxListedProblems is how many problems an import lists before it only
// counts the rest: a file with thousands of bad rows is one fix repeated,
// and two million lines on a terminal help nobody.
const maxListedProblems = 50

// listProblems writes "Error: …" (and "Try: …" when hint gives one) for the
// first maxListedProblems problems, then how many more there are.
func listProblems[E error](w io.Writer, problems []E, hint func(E) string) {
	for i, p := range problems {
		if i == maxListedProblems {
			fmt.Fprintf(w, "… and %d more problems (--json lists them all)\n", len(problems)-i)
			return
		}
		fmt.Fprintf(w, "Error: %s\n", p.Error())
		if hint != nil {
			if try := hint(p); try != "" {
				fmt.Fprintf(w, "Try: %s\n", try)
			}
		}
	}
}
