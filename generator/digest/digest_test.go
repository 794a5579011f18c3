package digest

import "testing"

func TestSum(t *testing.T) {
	// The values are stored in caches: they must never change.
	for _, tt := range []struct {
		in   string
		want uint64
	}{
		{"", 0},
		{"公开", 0x5f7e1a398311c212},
		{"gongkai", 0xeee6c175a626b1d7},
	} {
		if got := Sum([]byte(tt.in)); got != tt.want {
			t.Errorf("Sum(%q) = %#x, want %#x", tt.in, got, tt.want)
		}
	}
	if Sum([]byte("a")) == Sum([]byte("b")) {
		t.Error("one byte changed, same digest")
	}
}

func TestSumOf(t *testing.T) {
	a, b, c := []byte("公开"), []byte("gongkai"), []byte{}
	if got, want := SumOf(a, c, b), Sum([]byte("公开gongkai")); got != want {
		t.Errorf("SumOf = %#x, Sum of the whole = %#x", got, want)
	}
}
