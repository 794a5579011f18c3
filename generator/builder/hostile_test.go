package builder

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongkai/generator/diag"
	"gongkai/generator/limits"
	"gongkai/generator/pii/piitest"
)

type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// bomb is a zip whose part name inflates to more than limits.MaxInflated
// bytes (body, then spaces), declaring size as its inflated size.
func bomb(t *testing.T, parts map[string]string, name, body string, size uint64) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for n, text := range parts {
		fw, _ := w.Create(n)
		io.WriteString(fw, text)
	}
	var z bytes.Buffer
	crc := crc32.NewIEEE()
	fz, _ := flate.NewWriter(&z, flate.BestSpeed)
	out := io.MultiWriter(fz, crc)
	io.WriteString(out, body)
	io.CopyN(out, spaces{}, limits.MaxInflated+1<<20)
	fz.Close()
	fw, err := w.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc.Sum32(), CompressedSize64: uint64(z.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(z.Bytes())
	w.Close()
	return b.Bytes()
}

// TestHostileFilesEnd builds a site with the hostile files of issue 22
// as attachments and in data/: the build ends, names each file and why,
// and does not crash.
func TestHostileFilesEnd(t *testing.T) {
	m := fstest.MapFS{}
	loadDir(t, "testdata/bad/_base", m)
	selfTree := piitest.PDFObjects([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 2000000000 >>"})
	hugeXref := bytes.Replace(piitest.PDF([][]string{{"hello"}}), []byte("xref\n0 "), []byte("xref\n2000000000 "), 1)
	docx := bomb(t, nil, "word/document.xml", "<w:document>", limits.MaxInflated+1<<21)
	wb := `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`
	rels := `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`
	lying := bomb(t, map[string]string{"xl/workbook.xml": wb, "xl/_rels/workbook.xml.rels": rels}, "xl/worksheets/sheet1.xml", "<worksheet><sheetData>", 1<<62)
	m["content/notices/hostile/index.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"附件\"\ndate = 2016-01-01\n+++\n[树](tree.pdf) [表](xref.pdf) [文档](bomb.docx)\n")}
	m["content/notices/hostile/tree.pdf"] = &fstest.MapFile{Data: selfTree}
	m["content/notices/hostile/xref.pdf"] = &fstest.MapFile{Data: hugeXref}
	m["content/notices/hostile/bomb.docx"] = &fstest.MapFile{Data: docx}
	m["data/名册.xlsx"] = &fstest.MapFile{Data: lying}
	done := make(chan struct{})
	var res Result
	var err error
	go func() {
		res, err = Run(Options{Source: m, Theme: repo, Check: true, Now: fixedNow})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the build did not end")
	}
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("want the data/ file's error, got %v", err)
	}
	if want := "data/名册.xlsx: 错误：无法读取工作簿：「xl/worksheets/sheet1.xml」"; !strings.Contains(list.Error(), want) {
		t.Errorf("errors lack %q:\n%s", want, list.Error())
	}
	reasons := map[string]string{}
	for _, u := range res.Guard.Unscanned {
		reasons[u.File] = u.Reason
	}
	for file, want := range map[string]string{
		"content/notices/hostile/tree.pdf":  "PDF 的页面树嵌套超过 32 层",
		"content/notices/hostile/xref.pdf":  "PDF 声称有超过 1000000 个对象",
		"content/notices/hostile/bomb.docx": "文档无法读取：「word/document.xml」解压后超过 256 MB 的上限",
	} {
		if !strings.Contains(reasons[file], want) {
			t.Errorf("%s: not scanned because %q, want %q", file, reasons[file], want)
		}
	}
}

// endless is a file that claims size bytes and reads zeros without end,
// as a file still being written (or a device) would.
type endless struct{ size int64 }

func (e endless) Stat() (fs.FileInfo, error) { return endlessInfo(e), nil }
func (endless) Close() error                 { return nil }
func (endless) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type endlessInfo endless

func (i endlessInfo) Name() string     { return "big" }
func (i endlessInfo) Size() int64      { return i.size }
func (endlessInfo) Mode() fs.FileMode  { return 0o644 }
func (endlessInfo) ModTime() time.Time { return time.Time{} }
func (endlessInfo) IsDir() bool        { return false }
func (endlessInfo) Sys() any           { return nil }

// withEndless serves one file of a site as an endless one.
type withEndless struct {
	fs.FS
	name string
	size int64
}

func (w withEndless) Open(name string) (fs.File, error) {
	if name == w.name {
		return endless{w.size}, nil
	}
	return w.FS.Open(name)
}

// TestGuardFileTooLarge: a published file over limits.MaxFile is an
// error naming the file and the bound, found before it is read.
func TestGuardFileTooLarge(t *testing.T) {
	for _, size := range []int64{limits.MaxFile + 1<<20} {
		m := fstest.MapFS{}
		loadDir(t, "testdata/bad/_base", m)
		m["content/notices/b/index.md"] = &fstest.MapFile{Data: []byte(bundle)}
		m["content/notices/b/会议录像.mp4"] = &fstest.MapFile{Data: []byte("small")}
		src := withEndless{FS: m, name: "content/notices/b/会议录像.mp4", size: size}
		_, err := Run(Options{Source: src, Theme: repo, Check: true, Now: fixedNow})
		want := "content/notices/b/会议录像.mp4: 错误：文件超过原样发布的文件 256 MB 的上限（大小 257 MB）"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("size %d: got %v, want %q", size, err, want)
		}
	}
}
