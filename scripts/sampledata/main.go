// Command sampledata moves the sample portal's unit figures from the front
// matter of content/units/*.md into data/, the way a federation keeps
// them: data/units.xlsx (the register and the 2015 and 2016 status
// sheets) and data/2017年度统计.csv (the 2017 sheet, as a CSV export).
// Each unit file keeps its title, its narrative and any field the sheets
// do not hold. Run it from the
// repository root; it is idempotent (the units it reads are the merged
// ones, files and rows together):
//
//	go run ./scripts/sampledata
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gongkai/generator/builder"
	"gongkai/generator/content"
	"gongkai/generator/register"
)

func main() {
	if err := run("."); err != nil {
		fmt.Fprintln(os.Stderr, "sampledata:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	cfg, units, errs := builder.Units(os.DirFS(root))
	if units == nil {
		return errs
	}
	reg, status := register.Tables(cfg, units)
	sheets := []register.Sheet{reg}
	var csvSheet *register.Sheet
	for i, s := range status {
		if strings.HasPrefix(s.Name, "2017") {
			csvSheet = &status[i]
			continue
		}
		sheets = append(sheets, s)
	}
	dir := filepath.Join(root, register.Dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := register.WriteXLSX(filepath.Join(dir, "units.xlsx"), sheets); err != nil {
		return err
	}
	if csvSheet != nil {
		if err := register.WriteCSV(filepath.Join(dir, "2017年度统计.csv"), *csvSheet); err != nil {
			return err
		}
	}
	for _, u := range units {
		if !strings.HasPrefix(u.File, content.Dir+"/") {
			continue // a unit that has only a row
		}
		if err := stripFigures(filepath.Join(root, filepath.FromSlash(u.File))); err != nil {
			return err
		}
	}
	return nil
}

// stripFigures rewrites a unit file's front matter without the fields the
// spreadsheets now hold (every register field but the title, and every
// [status.YEAR] key the status sheets have); anything else stays.
func stripFigures(file string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	text := strings.ReplaceAll(string(raw), "\r\n", "\n")
	rest, ok := strings.CutPrefix(text, "+++\n")
	if !ok {
		return fmt.Errorf("%s: no front matter", file)
	}
	front, body, ok := strings.Cut(rest, "\n+++\n")
	if !ok {
		return fmt.Errorf("%s: front matter not closed", file)
	}
	moved := map[string]bool{}
	for _, k := range register.FrontKeys(false) {
		moved[k] = k != "title"
	}
	status := map[string]bool{}
	for _, k := range register.FrontKeys(true) {
		status[k] = true
	}
	var out []string
	table := ""
	var header string // a [status.YEAR] header not yet written
	for _, line := range strings.Split(front, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			table = strings.Trim(t, "[] ")
			header = ""
			if strings.HasPrefix(table, "status.") {
				header = line
				continue
			}
			out = append(out, line)
			continue
		}
		key, _, isKey := strings.Cut(t, "=")
		key = strings.TrimSpace(key)
		switch {
		case !isKey:
			if t == "" && (header != "" || len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "") {
				continue
			}
		case table == "" && moved[key]:
			continue
		case strings.HasPrefix(table, "status.") && status[key]:
			continue
		}
		if header != "" {
			out = append(out, "", header)
			header = ""
		}
		out = append(out, line)
	}
	front = strings.TrimRight(strings.Join(out, "\n"), "\n")
	return os.WriteFile(file, []byte("+++\n"+front+"\n+++\n"+body), 0o644)
}
