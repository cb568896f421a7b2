package cli

// The tests run the program as cmd/crmflow builds it: on the sqlite store.
import _ "github.com/crmflow/crmflow/sqlite/backend"
