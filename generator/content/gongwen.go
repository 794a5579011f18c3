package content

import (
	"fmt"
	"strings"

	"gongkai/generator/diag"
)

// Directions of a 公文 (行文方向), as authors write them.
const (
	DirectionUp     = "上行文" // to a higher organ: a report or request; needs a 签发人
	DirectionDown   = "下行文" // to lower organs
	DirectionLevel  = "平行文" // to organs of the same level or without a line of authority
	directionChoice = `direction 写 "上行文"（向上级机关的报告、请示）、"下行文"（向下级机关）或 "平行文"（向同级或不相隶属的机关）。`
)

// checkGongwen checks a notice's 行文方向 against its 签发人: GB/T
// 9704-2012 (7.2.4) gives a 上行文 a 签发人 in its header and no other
// document one, so a report to the 省总工会 without one would go out
// with a header that no office would accept.
func checkGongwen(p *Page) diag.List {
	n := p.Notice
	if n == nil {
		return nil
	}
	var errs diag.List
	dir := strings.TrimSpace(n.Direction)
	signer := strings.TrimSpace(strings.ReplaceAll(n.Signer, "、", ""))
	switch dir {
	case "", DirectionDown, DirectionLevel, DirectionUp:
	default:
		hint := directionChoice
		for _, d := range []string{DirectionUp, DirectionDown, DirectionLevel} {
			if strings.Contains(dir, strings.TrimSuffix(d, "文")) {
				hint = fmt.Sprintf(`是不是指 direction = "%s"？`, d) + directionChoice
				break
			}
		}
		errs.Add(diag.Errorf(p.Pos("direction"), hint, "行文方向 direction %q 无效", n.Direction))
		return errs
	}
	switch {
	case dir == DirectionUp && signer == "":
		errs.Add(diag.Errorf(p.Pos("direction"),
			`上行文要写签发人：加一行 signer = "张某某"（几位签发人用顿号分隔，主办单位的签发人在前）；这篇如果不是报给上级机关的，把 direction 改成 "下行文" 或 "平行文"。`,
			"上行文缺少签发人 signer"))
	case signer != "" && dir != "" && dir != DirectionUp:
		errs.Add(diag.Errorf(p.Pos("signer"),
			`只有上行文在版头写签发人：这篇如果是报给上级机关的，把 direction 改成 "上行文"；否则删掉 signer 这一行。`,
			"%s不写签发人", dir))
	}
	return errs
}
