package builder

import (
	"gongkai/generator/cache"
	"io/fs"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/pii"
	"gongkai/generator/register"
)

// loadData reads the spreadsheets under data/ and merges their units with
// the unit pages of content/.
func loadData(src fs.FS, cfg *config.Config, cs *content.Site, sheets *register.Parsed) (*register.Merged, diag.List) {
	errs := register.CheckConfig(cfg)
	reg, e := register.Load(src, cfg, sheets)
	errs = append(errs, e...)
	m, e := register.Merge(cfg, reg, cs)
	return m, append(errs, e...)
}

// guardCells stops the build on personal data in the spreadsheet cells
// that unit pages show, at the cell.
func guardCells(data *register.Merged, allowed func(string) bool) diag.List {
	var errs diag.List
	for _, cells := range data.Cells {
		for _, c := range cells {
			if !c.Shown() {
				continue // parsed into a number, a date or yes/no
			}
			for _, f := range pii.Scan(c.Text, allowed) {
				errs.Add(diag.Errorf(c.Pos(), fixHint(f), "%s：发现未打码的%s %s", c.Where(), f.Kind, shown(f)))
			}
		}
	}
	return errs
}

// Units reads a site's units as a build sees them: the Markdown files of
// content/units/ merged with the rows of data/. It writes nothing; the
// returned list holds warnings, or errors when the pages are nil.
func Units(src fs.FS) (*config.Config, []*content.Page, diag.List) {
	cfg, errs := config.Load(src)
	if cfg == nil {
		return nil, nil, errs.Sort()
	}
	cs, e := content.Walk(src, nil)
	errs = append(errs, e...)
	m, e := loadData(src, cfg, cs, nil)
	errs = append(errs, e...)
	if errs.Err() != nil {
		return nil, nil, errs.Sort()
	}
	var units []*content.Page
	for _, p := range m.Site.Pages {
		if p.Unit != nil && !p.IsIndex {
			units = append(units, p)
		}
	}
	return cfg, units, errs.Sort()
}

// sheetsFile holds the spreadsheets of data/ as last parsed.
const sheetsFile = "sheets.bin"

// loadSheets reads the parsed spreadsheets from the store; a missing,
// damaged or foreign file is an empty one, and damage is reported.
func loadSheets(dir string) (*register.Parsed, bool) {
	data, err := store(dir).Read(sheetsFile)
	if err != nil {
		return register.NewParsed(), cache.Damaged(err)
	}
	p := register.DecodeParsed(cache.NewDecoder(data))
	if p == nil {
		return register.NewParsed(), true
	}
	return p, false
}

// saveSheets writes the parsed spreadsheets when a build read new ones.
func saveSheets(dir string, p *register.Parsed) error {
	if !p.Changed() {
		return nil
	}
	var e cache.Encoder
	p.Encode(&e)
	return store(dir).Write(sheetsFile, e.B)
}
