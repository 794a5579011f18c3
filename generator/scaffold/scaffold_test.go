package scaffold

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"gongkai/generator/config"
)

// TestStarterConfigExplainsEverySetting fails when config.Config gains a
// setting the starter config.toml of gongkai init does not show: each key
// is written, set or in a comment, with an explanation after a #.
func TestStarterConfigExplainsEverySetting(t *testing.T) {
	raw, err := starter.ReadFile("site/config.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type, string)
	walk = func(typ reflect.Type, prefix string) {
		for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map || typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ.PkgPath() != reflect.TypeFor[config.Config]().PkgPath() {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if key == "" || key == "-" {
				continue
			}
			written := regexp.MustCompile(`(?m)(^|[\s{,#])` + regexp.QuoteMeta(key) + ` = |\[\[?` + `([a-z_.]*\.)?` + regexp.QuoteMeta(key) + `\]`)
			if !written.MatchString(text) {
				t.Errorf("the starter config.toml does not show %s%s", prefix, key)
			}
			walk(f.Type, prefix+key+".")
		}
	}
	walk(reflect.TypeFor[config.Config](), "")
}

// TestWriteRefusesAFullDirectory: init never overwrites anything.
func TestWriteRefusesAFullDirectory(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(dir+"/notes.txt", []byte("mine"), 0o644)
	if _, err := Write(Options{Dir: dir, Title: "x"}); err == nil {
		t.Fatal("wrote into a directory that had a file")
	}
	if b, _ := os.ReadFile(dir + "/notes.txt"); string(b) != "mine" {
		t.Error("the file was changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries, want 1", len(entries))
	}
}
