package limits

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestGuideListsBounds keeps the authoring guide's table in step with the
// constants.
func TestGuideListsBounds(t *testing.T) {
	guide, err := os.ReadFile("../../docs/authoring.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(guide), "## 十一、读取文件的上限")
	for _, want := range []string{
		MB(MaxInflated),
		"| " + MB(MaxFile) + " |",
		strconv.Itoa(MaxPDFObjects) + " 个",
		strconv.Itoa(MaxPDFPages) + " 页",
		strconv.Itoa(MaxPDFDepth) + " 层",
		strconv.Itoa(MaxPDFNodes) + " 个",
		strconv.Itoa(MaxPDFReads) + " 次",
		strconv.Itoa(MaxEmbedded) + " 层",
		strconv.Itoa(MaxNesting) + " 层",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("docs/authoring.md, 读取文件的上限: %q missing", want)
		}
	}
}
