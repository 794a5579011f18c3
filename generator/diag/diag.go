// Package diag carries source positions and the author-facing errors that
// point at them. It has no dependencies inside gongkai.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Position is a place in a source file. Line and Col start at 1; zero means
// unknown.
type Position struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, leaving out unknown parts.
func (p Position) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// Severity tells whether a problem stops the build.
type Severity int

// Severities.
const (
	SeverityError Severity = iota
	SeverityWarning
)

// Error is a problem in the author's input: where it is, what is wrong and
// what to do about it. Msg and Hint are written for authors, in Chinese.
type Error struct {
	Pos      Position
	Msg      string
	Hint     string
	Severity Severity
}

// Error formats the problem as "file:line:col: 错误：msg（提示：hint）".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	if e.Severity == SeverityWarning {
		b.WriteString(": 警告：")
	} else {
		b.WriteString(": 错误：")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("\n    提示：")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Errorf makes an Error at pos.
func Errorf(pos Position, hint, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// Warnf makes a warning at pos.
func Warnf(pos Position, hint, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint, Severity: SeverityWarning}
}

// List collects the problems of one run so they can be reported together.
// The zero value is ready to use. It is not safe for concurrent use; see
// Collector for that.
type List []*Error

// Add appends problems; nil entries are ignored.
func (l *List) Add(errs ...*Error) {
	for _, e := range errs {
		if e != nil {
			*l = append(*l, e)
		}
	}
}

// AddErr appends err, converting a plain error into an Error at pos.
// An err that is already a List or an *Error keeps its own positions.
func (l *List) AddErr(pos Position, err error) {
	if err == nil {
		return
	}
	var list List
	if errors.As(err, &list) {
		l.Add(list...)
		return
	}
	var de *Error
	if errors.As(err, &de) {
		l.Add(de)
		return
	}
	l.Add(&Error{Pos: pos, Msg: err.Error()})
}

// Sort orders the problems by file, line and column, then drops duplicates.
func (l List) Sort() List {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.CompactFunc(l, func(a, b *Error) bool { return *a == *b })
}

// Errors returns only the entries that stop the build.
func (l List) Errors() List {
	var out List
	for _, e := range l {
		if e.Severity == SeverityError {
			out = append(out, e)
		}
	}
	return out
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	var out List
	for _, e := range l {
		if e.Severity == SeverityWarning {
			out = append(out, e)
		}
	}
	return out
}

// Err returns the list as an error if it holds any build-stopping problem.
func (l List) Err() error {
	if len(l.Errors()) == 0 {
		return nil
	}
	return l.Errors().Sort()
}

// Error joins the problems, one per paragraph.
func (l List) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}
