package content

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"gongkai/generator/tomlpos"
)

// Review is a page's sign-off (the [review] table of its front matter):
// who wrote, reviewed (审核), signed off (签发) and did the 保密审查, when,
// and the hash of the content they approved.
type Review struct {
	Author          string       `toml:"author"`           // 信息员
	Reviewer        string       `toml:"reviewer"`         // 审核人
	Reviewed        tomlpos.Date `toml:"reviewed"`         // 审核日期
	Signer          string       `toml:"signer"`           // 签发人
	Signed          tomlpos.Date `toml:"signed"`           // 签发日期
	SecrecyReviewer string       `toml:"secrecy_reviewer"` // 保密审查人
	SecrecyReviewed tomlpos.Date `toml:"secrecy_reviewed"` // 保密审查日期
	Hash            string       `toml:"hash"`             // ContentHash of what they approved
}

// ReviewTable is the name of the sign-off table in front matter.
const ReviewTable = "review"

// ContentHash returns what a sign-off approves: "sha256:" and the SHA-256
// of the front matter without its [review] table, a "+++" line and the
// body. front and body are as Split returns them (no BOM, LF line ends),
// so a file saved again on Windows with CRLF keeps its sign-off.
func ContentHash(front string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(strings.TrimRight(WithoutReview(front), "\n \t")))
	h.Write([]byte("\n+++\n"))
	h.Write(body)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// WithoutReview returns front matter without its [review] table: the
// table's header line and every line up to the next table header.
func WithoutReview(front string) string {
	start, end := ReviewLines(front)
	if start < 0 {
		return front
	}
	lines := strings.SplitAfter(front, "\n")
	return strings.Join(lines[:start], "") + strings.Join(lines[end:], "")
}

// ReviewLines returns the lines [start, end) of front matter that hold
// its [review] table, 0-based; start is -1 when there is none.
func ReviewLines(front string) (start, end int) {
	lines := strings.SplitAfter(front, "\n")
	start = -1
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if start < 0 {
			if h, _, _ := strings.Cut(t, "#"); strings.TrimSpace(h) == "["+ReviewTable+"]" {
				start = i
			}
			continue
		}
		if strings.HasPrefix(t, "[") {
			return start, i
		}
	}
	if start < 0 {
		return -1, -1
	}
	return start, len(lines)
}
