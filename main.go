// rolo is a keyboard-driven CRM for one seller, in the terminal. main only
// wires the command line to the process; see cli/.
package main

import (
	"context"
	"os"

	"rolo/cli"
)

func main() {
	os.Exit(cli.Execute(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
