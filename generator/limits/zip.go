package limits

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
)

// TooLargeError says that a file would exceed a bound. Its text is for
// authors, in Chinese.
type TooLargeError struct {
	What  string // what was being read: a part of a zip, a PDF's streams
	Bound string // the bound, as authors read it: "256 MB"
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s解压后超过 %s 的上限（可能是损坏的文件或“压缩炸弹”）", e.What, e.Bound)
}

// MB formats a byte count as whole megabytes.
func MB(n int64) string { return fmt.Sprintf("%d MB", n>>20) }

// Budget is what is left of MaxInflated for one file. Parts of the file
// may be read in parallel; they share it. The zero value is unusable;
// use NewBudget.
type Budget struct{ left atomic.Int64 }

// NewBudget returns the budget of one file.
func NewBudget() *Budget {
	b := &Budget{}
	b.left.Store(MaxInflated)
	return b
}

// Reader counts what r yields against the budget and fails once it runs
// out; what names the data in the error.
func (b *Budget) Reader(r io.Reader, what string) io.Reader {
	return &budgetReader{r: r, b: b, what: what}
}

type budgetReader struct {
	r    io.Reader
	b    *Budget
	what string
}

func (r *budgetReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if r.b.left.Add(-int64(n)) < 0 {
		return n, &TooLargeError{What: r.what, Bound: MB(MaxInflated)}
	}
	return n, err
}

// ReadZip inflates one part of a zip file within the budget. It never
// sizes a buffer from the part's header, which may lie.
func (b *Budget) ReadZip(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, zipError(f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(b.Reader(rc, "「"+f.Name+"」"))
	if err != nil {
		return nil, zipError(f.Name, err)
	}
	return data, nil
}

func zipError(name string, err error) error {
	var tl *TooLargeError
	switch {
	case errors.As(err, &tl):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum):
		return fmt.Errorf("「%s」已损坏（压缩数据不完整或与目录记录的大小不符）", name)
	case errors.Is(err, zip.ErrAlgorithm):
		return fmt.Errorf("「%s」使用了不支持的压缩方式", name)
	}
	return fmt.Errorf("「%s」无法解压：%v", name, err)
}
