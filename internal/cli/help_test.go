package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestEveryCommandHasHelp: every command a person can run says what it does
// and shows at least one example ("crmflow ..." under Examples in --help).
func TestEveryCommandHasHelp(t *testing.T) {
	io, _, _ := TestStreams()
	root := NewRoot(&Factory{IO: io})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Runnable() && !c.Hidden && !strings.HasPrefix(c.CommandPath(), "crmflow completion") {
			if strings.TrimSpace(c.Short) == "" {
				t.Errorf("%s has no short description", c.CommandPath())
			}
			if !strings.Contains(c.Example, "crmflow ") {
				t.Errorf("%s has no example", c.CommandPath())
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}
