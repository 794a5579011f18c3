package register

import (
	"reflect"
	"testing"
	"testing/fstest"

	"gongkai/generator/cache"
)

// TestParsedSheetsAreReused loads data/ with a store of parsed sheets,
// round-trips the store through its encoding, and loads again: the second
// load must take every sheet from the store (the same tables, nothing new
// to save) and read the same register; a changed file is parsed again.
func TestParsedSheetsAreReused(t *testing.T) {
	cfg := testCfg(t)
	fsys := fstest.MapFS{
		"data/units.xlsx":  {Data: xlsxBytes(t, []Sheet{{Name: "名册", Rows: registerRows}}, true)},
		"data/status.csv":  {Data: []byte(csvText(statusRows, ','))},
		"data/ignored.txt": {Data: []byte("not a sheet")},
	}
	p := NewParsed()
	first, errs := Load(fsys, cfg, p)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if !p.Changed() || len(p.files) != 2 {
		t.Fatalf("first load: changed %v, %d files kept", p.Changed(), len(p.files))
	}
	var e cache.Encoder
	p.Encode(&e)
	back := DecodeParsed(cache.NewDecoder(e.B))
	if back == nil {
		t.Fatal("the store did not decode")
	}
	for n := range len(e.B) {
		if DecodeParsed(cache.NewDecoder(e.B[:n])) != nil {
			t.Fatalf("cut at %d of %d bytes, and the store decoded", n, len(e.B))
		}
	}
	second, errs := Load(fsys, cfg, back)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if back.Changed() {
		t.Error("nothing changed, and the store has something new to save")
	}
	acme := second.ByID["acme"]
	if acme == nil || acme.Cells[0].t != back.files["data/units.xlsx"].tables[0] {
		t.Fatal("the second load parsed the workbook again")
	}
	if !reflect.DeepEqual(units(first), units(second)) {
		t.Errorf("from the store:\n%+v\nfresh:\n%+v", units(second), units(first))
	}
	fsys["data/status.csv"] = &fstest.MapFile{Data: []byte(csvText(statusRows[:1], ','))}
	delete(fsys, "data/units.xlsx")
	if _, errs := Load(fsys, cfg, back); errs.Err() != nil {
		t.Fatal(errs)
	}
	if !back.Changed() || len(back.files) != 1 || back.files["data/status.csv"].tables[0].rows[0][0] != statusRows[0][0] || len(back.files["data/status.csv"].tables[0].rows) != 1 {
		t.Errorf("after an edit and a removal: changed %v, files %v", back.Changed(), len(back.files))
	}
}

func units(r *Register) map[string]any {
	m := map[string]any{}
	for id, row := range r.ByID {
		var cells []string
		for _, c := range row.Cells {
			cells = append(cells, c.Text, c.Field, c.Year, c.Where())
		}
		m[id] = []any{row.Name, row.Unit, row.At, cells}
	}
	return m
}
