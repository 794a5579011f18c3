package layout

import "testing"

func TestFigure(t *testing.T) {
	tests := []struct{ in, want string }{
		{"达标 12 / 应统计 15", `<span class="nb">达标 12</span> / <span class="nb">应统计 15</span>`},
		{"达到 6 人 / 应统计 15 人（3 个单位）", `<span class="nb">达到 6 人</span> / <span class="nb">应统计 15 人</span><span class="nb">（3 个单位）</span>`},
		{"达标 0 / 应统计 18，未填报 2 个", `<span class="nb">达标 0</span> / <span class="nb">应统计 18</span>，<span class="nb">未填报 2 个</span>`},
		{"<b>", `<span class="nb">&lt;b&gt;</span>`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(figure(tt.in)); got != tt.want {
			t.Errorf("figure(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
