// Command crmflow runs a custom-CRM implementation project from the command line.
package main

import (
	"os"

	"github.com/crmflow/crmflow/internal/cli"
)

func main() { os.Exit(cli.Main()) }
