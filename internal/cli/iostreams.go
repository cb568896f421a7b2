package cli

import (
	"bytes"
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// IOStreams are where a command reads and writes. Data goes to Out; progress,
// notes and errors to ErrOut.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// OutTTY is true when Out is a terminal: tables then, TSV when piped.
	OutTTY bool
	// ErrTTY is true when ErrOut is a terminal: progress bars only then.
	ErrTTY bool
	Color  bool
}

// System returns the process's streams.
func System() *IOStreams {
	out := isatty.IsTerminal(os.Stdout.Fd()) || isatty.IsCygwinTerminal(os.Stdout.Fd())
	errTTY := isatty.IsTerminal(os.Stderr.Fd())
	// CRMFLOW_FORCE_TTY lets tests and scripts ask for the terminal layout.
	if os.Getenv("CRMFLOW_FORCE_TTY") != "" {
		out = true
	}
	_, noColor := os.LookupEnv("NO_COLOR")
	return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, OutTTY: out, ErrTTY: errTTY,
		Color: out && !noColor && os.Getenv("TERM") != "dumb"}
}

// TestStreams returns streams backed by buffers.
func TestStreams() (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IOStreams{In: &bytes.Buffer{}, Out: &out, ErrOut: &errOut}, &out, &errOut
}
