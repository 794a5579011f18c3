package builder

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestCacheRandomEdits makes a seeded series of edits an author might
// make (a body, a title, a date, a disclosure's unit or 公示期, a unit's
// name or yearly status, a new or deleted disclosure), or lets days pass
// (公示 statuses change with no file changed), or edits a template so
// that it shows a field of its view it did not show before, and checks
// after each that the cached build equals a fresh build, byte for byte.
// Keys are derived from views, which are narrow (a district page depends
// on its units and newest disclosures, not on every page): this is what
// keeps them honest, with the default theme and with a customized one.
func TestCacheRandomEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample portal 240 times")
	}
	t.Run("default theme", func(t *testing.T) { randomEdits(t, 2015, nil) })
	t.Run("customized theme", func(t *testing.T) {
		randomEdits(t, 2016, map[string]string{
			// A site's own list item that shows the unit and the end of
			// the 公示期 in its own way.
			"partials/list-item.html": `<li class="item"><a href="{{relURL .URL}}">{{.Title}}</a>{{with .Unit}}（{{.}}）{{end}}{{with .Publicity}}<span>{{isoDate .End}} 止</span>{{end}}<time datetime="{{isoDate .Date}}">{{date .Date}}</time>{{with .Summary}}<p>{{.}}</p>{{end}}</li>`,
			// A unit page that shows little, but its parent's name.
			"unit.html": `{{define "main"}}<h1>{{.Page.Title}}</h1>{{with .Page.Unit.Parent}}<p>上级：{{.Title}}</p>{{end}}{{range .Page.Unit.Groups}}<ul>{{range .Items}}{{partialCached "partials/list-item.html" . .URL}}{{end}}</ul>{{end}}{{end}}`,
		})
	})
}

func randomEdits(t *testing.T, seed uint64, layouts map[string]string) {
	was := exeHash
	t.Cleanup(func() { exeHash = was })
	src := overlay(t, nil)
	for name, text := range layouts {
		src["layouts/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	dest := filepath.Join(t.TempDir(), "public")
	cache := t.TempDir()
	cachedBuild(t, src, dest, cache)
	rng := rand.New(rand.NewPCG(seed, 2017))
	now := fixedNow
	files := func(dir string) []string {
		var out []string
		for name := range src {
			if strings.HasPrefix(name, "content/"+dir+"/") && strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, "_index.md") {
				out = append(out, name)
			}
		}
		slices.Sort(out)
		return out
	}
	pick := func(dir string) string { fs := files(dir); return fs[rng.IntN(len(fs))] }
	units := func() []string {
		var ids []string
		for _, f := range files("units") {
			ids = append(ids, strings.TrimSuffix(filepath.Base(f), ".md"))
		}
		return ids
	}
	replace := func(name string, re *regexp.Regexp, with string) bool {
		old := string(src[name].Data)
		if !re.MatchString(old) {
			return false
		}
		src[name] = &fstest.MapFile{Data: []byte(re.ReplaceAllString(old, with))}
		return true
	}
	var (
		title   = regexp.MustCompile(`(?m)^title = "([^"]*)"`)
		date    = regexp.MustCompile(`(?m)^date = \d{4}-\d\d-\d\d`)
		unitRef = regexp.MustCompile(`(?m)^unit = "[^"]*"`)
		start   = regexp.MustCompile(`(?m)^publicity_start = \d{4}-\d\d-\d\d`)
		bodyEnd = regexp.MustCompile(`(?s)\+\+\+\n\n`)
	)
	// showMore makes a layout show what it did not: the edit adds a use of
	// a view field to the site's copy of the layout.
	showMore := func(name, old, with string) string {
		f := "layouts/" + name
		if src[f] == nil {
			b, err := fs.ReadFile(repo, f)
			if err != nil {
				t.Fatal(err)
			}
			src[f] = &fstest.MapFile{Data: b}
		}
		text := string(src[f].Data)
		if strings.Contains(text, with) || !strings.Contains(text, old) {
			return "no change to " + f
		}
		src[f] = &fstest.MapFile{Data: []byte(strings.Replace(text, old, old+with, 1))}
		return "show more in " + f
	}
	edits := []func() string{
		func() string {
			return showMore("district.html", "<h1>{{.Page.Title}}</h1>", `{{range .Page.District.Units}}<p>{{.Title}} 下属 {{.Descendants}} 个 · {{.Kind}}</p>{{end}}`)
		},
		func() string {
			return showMore("unit.html", "<h1>{{.Page.Title}}</h1>", `{{with .Page.Unit.Subtree}}<p>汇总职工 {{.Employees}} 人</p>{{end}}{{range .Page.Unit.Children}}<p>{{.Title}}（{{.Descendants}}）</p>{{end}}`)
		},
		func() string {
			return showMore("partials/list-item.html", "<li class=\"item\">", `{{with .Publicity}}<span>{{.Status.Class}} {{isoDate .End}}</span>{{end}}`)
		},
		func() string {
			return showMore("disclosure.html", "<h1>{{.Page.Title}}</h1>", `{{with .Page.Disclosure.Unit}}<p>{{.URL}}</p>{{end}}{{range .Page.Crumbs}}<i>{{.Title}}</i>{{end}}`)
		},
		func() string {
			ids := unitIDs(t, src)
			id := ids[rng.IntN(len(ids))]
			setCell(t, src, "data/units.xlsx", "单位名册", id, "职工人数", fmt.Sprint(10+rng.IntN(5000)))
			return "employees of " + id + " (a register cell)"
		},
		func() string {
			ids := unitIDs(t, src)
			id, to := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
			setCell(t, src, "data/units.xlsx", "单位名册", id, "上级工会", to)
			return "parent of " + id + " (a register cell)"
		},
		func() string {
			f := pick("disclosures")
			src[f] = &fstest.MapFile{Data: append(append([]byte{}, src[f].Data...), "\n补充说明：以上内容如有变动，另行公告。\n"...)}
			return "append to " + f
		},
		func() string {
			f := pick("notices")
			replace(f, bodyEnd, "+++\n\n开头加了一句新的话。")
			return "new first sentence in " + f
		},
		func() string {
			f := pick("disclosures")
			replace(f, title, `title = "$1（修订）"`)
			return "title of " + f
		},
		func() string {
			f := pick("disclosures")
			replace(f, date, fmt.Sprintf("date = 20%02d-%02d-%02d", 15+rng.IntN(3), 1+rng.IntN(12), 1+rng.IntN(28)))
			return "date of " + f
		},
		func() string {
			f := pick("disclosures")
			us := units()
			replace(f, unitRef, fmt.Sprintf("unit = %q", us[rng.IntN(len(us))]))
			return "unit of " + f
		},
		func() string {
			f := pick("disclosures")
			day := fixedNow.AddDate(0, 0, rng.IntN(11)-5).Format("2006-01-02")
			replace(f, start, "publicity_start = "+day)
			return "公示期 of " + f
		},
		func() string {
			f := pick("units")
			replace(f, title, `title = "$1（更名）"`)
			return "name of " + f
		},
		func() string {
			// A row of the yearly sheets: 2015 and 2016 in the workbook,
			// 2017 in a CSV file.
			ids := unitIDs(t, src)
			id := ids[rng.IntN(len(ids))]
			year := 2015 + rng.IntN(3)
			file, sheet := "data/units.xlsx", fmt.Sprintf("%d年", year)
			if year == 2017 {
				file = "data/2017年度统计.csv"
			}
			setCell(t, src, file, sheet, id, "是否建立职代会", "否")
			setCell(t, src, file, sheet, id, "是否开展集体协商", "否")
			return fmt.Sprintf("yearly status of %s in %d (%s)", id, year, file)
		},
		func() string {
			f := pick("disclosures")
			n := fmt.Sprintf("content/disclosures/2017-new-%d.md", rng.IntN(1000))
			src[n] = &fstest.MapFile{Data: src[f].Data}
			return "new " + n
		},
		func() string {
			f := pick("disclosures")
			delete(src, f)
			return "delete " + f
		},
		func() string {
			n := []int{10, 40, 120}[rng.IntN(3)]
			replace("config.toml", regexp.MustCompile(`(?m)^summary_length = \d+`), fmt.Sprintf("summary_length = %d", n))
			return fmt.Sprintf("summary_length = %d", n)
		},
		func() string {
			rel := regexp.MustCompile(`(?m)^relative_urls = true\n`)
			if replace("config.toml", rel, "") {
				return "relative_urls off"
			}
			replace("config.toml", regexp.MustCompile(`(?m)^summary_length = `), "relative_urls = true\nsummary_length = ")
			return "relative_urls on"
		},
		func() string {
			th := regexp.MustCompile(`(?m)^threshold = 0\.\d+`)
			v := fmt.Sprintf("threshold = 0.%02d", 50+rng.IntN(50))
			old := string(src["config.toml"].Data)
			if loc := th.FindStringIndex(old); loc != nil {
				src["config.toml"] = &fstest.MapFile{Data: []byte(old[:loc[0]] + v + old[loc[1]:])}
			}
			return "first target's " + v
		},
		func() string {
			replace("config.toml", regexp.MustCompile(`name = "帮扶救助[^"]*"`), fmt.Sprintf(`name = "帮扶救助%d"`, rng.IntN(100)))
			return "name of a disclosure category"
		},
		func() string {
			f := pick("units")
			tag := []string{"示范", "职工之家", "新建"}[rng.IntN(3)]
			if !strings.Contains(string(src[f].Data), "\ntags = ") {
				replace(f, title, "title = \"$1\"\ntags = [\""+tag+"\"]")
			}
			return "tag " + tag + " on " + f
		},
		func() string {
			// A new generator: nothing the old one made may be reused.
			id := rng.Uint64()
			exeHash = func() uint64 { return id }
			return "generator upgrade"
		},
		func() string {
			// Days pass: 公示 statuses change with no file changed.
			now = now.AddDate(0, 0, 1+rng.IntN(4))
			return "today is " + now.Format("2006-01-02")
		},
	}
	for round := range 60 {
		before := maps(src)
		what := edits[rng.IntN(len(edits))]()
		// Edits keep sizes at times: a new mtime tells the cache.
		for name, f := range src {
			if before[name] != f {
				f.ModTime = time.Now().Add(time.Duration(round) * time.Second)
			}
		}
		if _, err := Run(Options{Source: src, Theme: repo, Dest: dest, Now: now, CacheDir: cache}); err != nil {
			for name := range src {
				delete(src, name)
			}
			for name, f := range before {
				src[name] = f
			}
			t.Logf("round %d: %s refused", round, what)
			continue // an edit the site refuses (say, a deleted page others link to)
		}
		t.Logf("round %d: %s", round, what)
		fresh := filepath.Join(t.TempDir(), "fresh")
		if _, err := Run(Options{Source: src, Theme: repo, Dest: fresh, Now: now}); err != nil {
			t.Fatal(err)
		}
		if diff := compareTrees(t, fresh, dest); diff != "" {
			t.Fatalf("round %d, after %s: cached output differs from a fresh build: %s", round, what, diff)
		}
	}
}

func maps(m fstest.MapFS) map[string]*fstest.MapFile {
	out := make(map[string]*fstest.MapFile, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
