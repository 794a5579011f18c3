package tomlpos

import (
	"strconv"

	"gongkai/generator/diag"
)

// Positions tells where each key path of a TOML source is written, so an
// error found after decoding (a value config does not allow, a unit's
// yearly status) points at its own line, not at the first line that
// mentions the key. Paths name tables and keys; entries of an array of
// tables are numbered from 0: Value("targets", "2", "threshold"),
// Value("status", "2017", "workers_home").
type Positions struct {
	src Source
	loc *locator
}

// Locate indexes the key paths of src.
func Locate(src Source) *Positions {
	if src.Line == 0 {
		src.Line = 1
	}
	return &Positions{src: src, loc: newLocator(src.Text)}
}

// Value returns where the value of path is written; for a path that is
// not in the source, where its nearest enclosing table is, or the first
// line.
func (p *Positions) Value(path ...string) diag.Position { return p.at(path, false) }

// Key returns where the key of path is written (its table header for a
// table).
func (p *Positions) Key(path ...string) diag.Position { return p.at(path, true) }

func (p *Positions) at(path []string, key bool) diag.Position {
	n, col := p.loc.pos(path, key)
	if n == 0 {
		return diag.Position{File: p.src.File, Line: p.src.Line}
	}
	return diag.Position{File: p.src.File, Line: p.src.Line + n - 1, Col: col}
}

// Index names entry i of an array of tables in a path.
func Index(i int) string { return strconv.Itoa(i) }
