package review

import (
	"strings"
	"testing"
	"time"

	"gongkai/generator/content"
)

const page = "+++\r\ntitle = \"2026年度工会经费收支情况公示\"\r\ndate = 2026-11-20\r\nunit = \"hongqiao\"\r\ncategory = \"finance\"\r\n+++\r\n\r\n收入 12 万元。\r\n"

func parse(t *testing.T, raw []byte) *content.Page {
	t.Helper()
	p, errs := content.Parse("content/disclosures/fee.md", "disclosures/fee.md", raw)
	if p == nil || errs.Err() != nil {
		t.Fatalf("parse: %v", errs.Err())
	}
	return p
}

func TestSignThenChangeVoids(t *testing.T) {
	roles := []string{"审核", "签发", "保密审查"}
	raw := []byte(page)
	if errs := Check(parse(t, raw), roles); len(errs) != 3 || !strings.Contains(errs[0].Msg, "缺少审核") {
		t.Fatalf("unsigned page: %v", errs)
	}
	day := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, role := range roles {
		res, err := Sign("content/disclosures/fee.md", raw, role, "李明", day)
		if err != nil {
			t.Fatal(err)
		}
		raw = res.File
	}
	if !strings.Contains(string(raw), "\r\n[review]\r\n") || strings.Contains(strings.ReplaceAll(string(raw), "\r\n", ""), "\n") {
		t.Errorf("the file lost its CRLF line ends:\n%q", raw)
	}
	p := parse(t, raw)
	if errs := Check(p, roles); len(errs) != 0 {
		t.Fatalf("signed page: %v", errs)
	}
	// Saved again with LF line ends: still signed.
	if errs := Check(parse(t, []byte(strings.ReplaceAll(string(raw), "\r\n", "\n"))), roles); len(errs) != 0 {
		t.Fatalf("LF copy of a signed page: %v", errs)
	}
	changed := []byte(strings.Replace(string(raw), "12 万元", "15 万元", 1))
	errs := Check(parse(t, changed), roles)
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "2026-12-01 签发后内容有改动") || !strings.Contains(errs[0].Hint, "gongkai review sign") {
		t.Fatalf("changed page: %v", errs)
	}
	if errs[0].Pos.Line != 14 {
		t.Errorf("error at line %d, want 14 (the hash)", errs[0].Pos.Line)
	}
	// Not required: a warning, not an error.
	if errs := Check(parse(t, changed), nil); errs.Err() != nil || len(errs) != 1 {
		t.Errorf("changed page, sign-off not required: %v", errs)
	}
	// Signing the changed page clears the others' signatures.
	res, err := Sign("content/disclosures/fee.md", changed, "审核", "王芳", day)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Voided) != 2 {
		t.Errorf("voided %v, want 签发 and 保密审查", res.Voided)
	}
	st := Of(parse(t, res.File), roles)
	if st.State != Unsigned || strings.Join(st.Missing, ",") != "签发,保密审查" {
		t.Errorf("after signing again as 审核: %+v", st)
	}
}
