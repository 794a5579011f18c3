package search

import (
	"encoding/json"
	"testing"
)

// FuzzAppendJSON checks the document files' string escaping against
// encoding/json, whose output the search script has always read.
func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{"", "职工之家", "a\"b\\c", "<script>&</script>", "\x00\x1f\n\r\t\b\f", "\u2028\u2029", "\xff\xfe半个", "\U0001F600"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		var back, got string
		if err := json.Unmarshal(appendJSON(nil, s), &got); err != nil {
			t.Fatalf("%q: not JSON: %v", s, err)
		}
		json.Unmarshal(want, &back)
		if got != back {
			t.Fatalf("%q reads back as %q, encoding/json's as %q", s, got, back)
		}
	})
}
