package layout

import "testing"

func TestLinkPhones(t *testing.T) {
	tests := []struct{ in, want string }{
		{"工会办公室 0512-65223456，意见箱设在职工之家", `工会办公室 <a href="tel:051265223456">0512-65223456</a>，意见箱设在职工之家`},
		{"（0512）65223456转 8012", `<a href="tel:051265223456">（0512）65223456</a>转 8012`},
		{"0512-65223456转8012", `<a href="tel:051265223456,8012">0512-65223456转8012</a>`},
		{"热线 12351，或 400-820-1234", `热线 <a href="tel:12351">12351</a>，或 <a href="tel:4008201234">400-820-1234</a>`},
		{"联系人 138****1234", `联系人 138****1234`},
		{"统一社会信用代码 91320500123456789X", `统一社会信用代码 91320500123456789X`},
		{"2016年4月12日 <b>", `2016年4月12日 &lt;b&gt;`},
		{"邮编 215000", `邮编 215000`},
	}
	for _, tt := range tests {
		if got := string(linkPhones(tt.in)); got != tt.want {
			t.Errorf("linkPhones(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}
