// Command crmflow runs a custom-CRM implementation project from the command line.
package main

import (
	"os"

	"github.com/crmflow/crmflow/internal/cli"
	_ "github.com/crmflow/crmflow/sqlite/backend" // workspaces are sqlite databases
)

func main() { os.Exit(cli.Main()) }
