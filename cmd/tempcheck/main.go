// Command tempcheck runs the [tempcheck] analyzer (rules TF101-TF108) on Go
// packages.
//
// Standalone, on package patterns:
//
//	tempcheck ./...
//	tempcheck -fix ./...        # apply the suggested fixes (TF104)
//	tempcheck -json ./...
//
// As a vet tool, with go vet's build flags and caching:
//
//	go vet -vettool=$(which tempcheck) ./...
//
// go vet calls the tool once per package with a configuration file; the
// main below then runs as a [unitchecker]. The exit status is 0 with no
// findings, 1 (under go vet) or 3 (standalone) with findings, and 1 on an
// error.
//
// [tempcheck]: https://pkg.go.dev/github.com/tmpguard/tempfile/analysis/tempcheck
// [unitchecker]: https://pkg.go.dev/golang.org/x/tools/go/analysis/unitchecker
package main

import (
	"github.com/tmpguard/tempfile/analysis/tempcheck"
	"golang.org/x/tools/go/analysis/singlechecker"
)

// singlechecker.Main hands a go vet invocation (one *.cfg argument) to
// unitchecker.Run, and loads packages itself otherwise.
func main() { singlechecker.Main(tempcheck.Analyzer) }
