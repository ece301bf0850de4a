// Command skillmap runs skills self-assessment workshops in a Git
// repository: a facilitator scaffolds the workshop, participants rate
// themselves and commit, and a lead turns the results into a workbook of
// heatmaps by skill and role level.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], defaultStreams()))
}
