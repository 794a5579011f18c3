package serve

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		path string
		want Change
	}{
		{"content/notices/2016-plan.md", Content},
		{"content/notices/plan/附件一.xlsx", Content},
		{"content/_index.md", Content},
		{"layouts/unit.html", Layout},
		{"layouts/partials/footer.html", Layout},
		{"layouts/assets/main.css", Asset},
		{"layouts/assets/main.js", Asset},
		{"static/logo.png", Static},
		{"data/units.xlsx", Data},
		{"config.toml", Config},
		{"./config.toml", Config},
		{`content\notices\a.md`, Content}, // a Windows path
		// Editors' temporary files, and what is not a source.
		{"content/notices/.a.md.swp", Ignored},
		{"content/notices/.a.md.swx", Ignored},
		{"content/notices/a.md~", Ignored},
		{"content/notices/4913", Ignored},
		{"content/notices/.#a.md", Ignored},
		{"content/notices/#a.md#", Ignored},
		{"data/~$units.xlsx", Ignored},
		{"content/notices/a.md.tmp.1234", Ignored},
		{"content/notices/a.tmp", Ignored},
		{"content/notices/a.md.sb-12ab-x", Ignored},
		{"content/.DS_Store", Ignored},
		{"content/notices/sedX1b2Qz", Ignored}, // sed -i
		{"content/notices/sediment.md", Content},
		{"public/index.html", Ignored},
		{".gongkai/cache/build.bin", Ignored},
		{"config.toml.bak", Ignored},
		{"README.md", Ignored},
		{"config.toml/x", Ignored},
	}
	for _, tt := range tests {
		if got := Classify(tt.path); got != tt.want {
			t.Errorf("Classify(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
