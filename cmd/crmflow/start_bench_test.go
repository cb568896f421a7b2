package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/crmflow/crmflow/internal/cli"
)

// BenchmarkRunVersion measures what `crmflow version` does after package
// initialisation: building the command tree and running the command. See
// docs/benchmarks.md ("Start-up") for the whole-process figures.
func BenchmarkRunVersion(b *testing.B) {
	for b.Loop() {
		var out, errb bytes.Buffer
		io := &cli.IOStreams{Out: &out, ErrOut: &errb, In: &bytes.Buffer{}}
		if code := cli.Run(context.Background(), []string{"version"}, io); code != 0 || out.Len() == 0 {
			b.Fatalf("crmflow version: exit %d, output %q, errors %q", code, out.String(), errb.String())
		}
	}
}
