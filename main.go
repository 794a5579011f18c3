// Command gongkai builds the static portal of a trade-union federation.
package main

import (
	"embed"
	"os"
	_ "time/tzdata" // Asia/Shanghai on hosts without a zoneinfo database

	"gongkai/generator/cli"
)

//go:embed layouts
var theme embed.FS

func main() {
	os.Exit(cli.Main(cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Theme: theme}, os.Args[1:]))
}
