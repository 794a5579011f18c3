package pii

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// formRows follows the tables of an Office part as its paragraphs are
// read, to find numbers written one character a cell, as in a form with
// a box per digit: in each row, a run of adjacent cells that each hold
// one digit (or an ID's X) is read as one number when the run is the
// whole number. A row of one-digit counts is not: its run is as long as
// the row, and is taken for a mobile or card only after a label that
// says so (see labelled).
type formRows struct {
	tables int        // tables met
	open   []int      // the number of each open table, innermost last
	rowN   []int      // rows met in each open table
	rows   []*formRow // the open rows, innermost last
}

// formRow is an open row of a table: its cells so far, and the open one.
type formRow struct {
	cells []string
	cell  strings.Builder
}

// start notes an element's start.
func (t *formRows) start(name string) {
	switch name {
	case "tbl":
		t.tables++
		t.open = append(t.open, t.tables)
		t.rowN = append(t.rowN, 0)
	case "tr":
		if len(t.open) > 0 {
			t.rows = append(t.rows, &formRow{})
			t.rowN[len(t.rowN)-1]++
		}
	case "tc":
		if len(t.rows) > 0 {
			t.rows[len(t.rows)-1].cell.Reset()
		}
	}
}

// text adds a paragraph's text to the open cell.
func (t *formRows) text(s string) {
	if len(t.rows) > 0 {
		t.rows[len(t.rows)-1].cell.WriteString(s)
	}
}

// end notes an element's end; at a row's end, it returns where the row
// is and its runs of one-character cells.
func (t *formRows) end(name, label string) (string, []digitRun) {
	switch name {
	case "tbl":
		if len(t.open) > 0 {
			t.open, t.rowN = t.open[:len(t.open)-1], t.rowN[:len(t.rowN)-1]
		}
	case "tc":
		if len(t.rows) > 0 {
			r := t.rows[len(t.rows)-1]
			r.cells = append(r.cells, r.cell.String())
		}
	case "tr":
		if len(t.rows) == 0 || len(t.open) == 0 {
			return "", nil
		}
		r := t.rows[len(t.rows)-1]
		t.rows = t.rows[:len(t.rows)-1]
		runs := digitRuns(r.cells)
		if len(runs) == 0 {
			return "", nil
		}
		return fmt.Sprintf("%s第 %d 个表格第 %d 行（每格一位）", label, t.open[len(t.open)-1], t.rowN[len(t.rowN)-1]), runs
	}
	return "", nil
}

// labelled tells a form's label for a mobile or card number. Unlike an
// ID, they have no check digit to tell them from a row of one-digit
// scores, so a run of boxes is taken for one only after such a label.
var labelled = regexp.MustCompile(`(?i)手机|电话|联系|号码|卡号|账号|帐号|银行|tel|mobile|phone`)

// digitRun is a run of one-character cells and the nearest cell before
// it that is not one.
type digitRun struct{ number, label string }

// digitRuns returns the runs of adjacent one-character cells (digits or
// X) whose length is that of a mobile, an ID or a card, joined.
func digitRuns(cells []string) []digitRun {
	var out []digitRun
	var run []byte
	label := ""
	end := func() {
		if n := len(run); n == 11 || n == 15 || n >= 16 && n <= 19 {
			out = append(out, digitRun{string(run), label})
		}
		run = run[:0]
	}
	for _, c := range cells {
		c = strings.TrimSpace(c)
		r, size := utf8.DecodeRuneInString(c)
		if size > 0 && size == len(c) {
			if cl, ascii := classOf(r); cl == digit || cl == letterX {
				run = append(run, ascii)
				continue
			}
		}
		end()
		if c != "" {
			label = c
		}
	}
	end()
	return out
}

// sheetRow gathers the cells of a worksheet's row, in column order with
// an empty cell where columns are skipped, for digitRuns.
type sheetRow struct {
	row   string // the row's number, as in the cells' references
	col   int    // the last cell's column, from 1
	cells []string
}

// add adds a cell given by its reference (B3); a cell of another row
// first ends the row, calling end with its number and its runs.
func (r *sheetRow) add(ref, text string, end func(row string, runs []digitRun)) {
	letters := strings.TrimRight(ref, "0123456789")
	row, col := ref[len(letters):], 0
	for _, c := range letters {
		if c < 'A' || c > 'Z' || col > 1<<14 {
			col = 0
			break
		}
		col = col*26 + int(c-'A') + 1
	}
	if col == 0 || row == "" { // no reference: the next cell
		row, col = r.row, r.col+1
	}
	if row != r.row {
		r.end(end)
		r.row, r.col = row, 0
	}
	if col != r.col+1 {
		// Columns skipped (or cells out of order) break a run, however
		// many: one empty cell stands for them all.
		r.cells = append(r.cells, "")
	}
	r.col = col
	r.cells = append(r.cells, text)
}

// end ends the row.
func (r *sheetRow) end(end func(row string, runs []digitRun)) {
	if runs := digitRuns(r.cells); len(runs) > 0 {
		end(r.row, runs)
	}
	r.cells = r.cells[:0]
}

// formHits scans the runs of a row of boxes, keeping a mobile or card
// only after its label.
func formHits(runs []digitRun, where string, allowed func(string) bool) []Hit {
	var hits []Hit
	for _, run := range runs {
		for _, h := range placed(run.number, where, allowed) {
			if h.Kind == IDCard || labelled.MatchString(run.label) {
				hits = append(hits, h)
			}
		}
	}
	return hits
}
