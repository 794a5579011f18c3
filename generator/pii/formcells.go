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
	tables int    // tables met
	open   []int  // the number of each open table, innermost last
	rowN   []int  // rows met in each open table
	rows   []*row // the open rows, innermost last
}

type row struct {
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
			t.rows = append(t.rows, &row{})
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
