// Package review is 先审后发: a page's sign-off checked against the roles
// config asks for and the content it approved, the command that signs,
// and the printable 《信息发布审核表》.
package review

import (
	"fmt"
	"strings"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/tomlpos"
)

// The states of a page's sign-off.
const (
	Unsigned = "待审核"    // roles missing
	Changed  = "签发后有改动" // signed, but the content is not what was approved
	Signed   = "已签发"
)

// Signature is one role's part of a sign-off.
type Signature struct {
	Role string
	Name string
	Date tomlpos.Date
}

// Signatures returns the roles of a sign-off in the form's order, signed
// or not.
func Signatures(r *content.Review) []Signature {
	if r == nil {
		r = &content.Review{}
	}
	return []Signature{
		{config.RoleReview, r.Reviewer, r.Reviewed},
		{config.RoleSign, r.Signer, r.Signed},
		{config.RoleSecrecy, r.SecrecyReviewer, r.SecrecyReviewed},
	}
}

// Status is a page's sign-off against what it needs.
type Status struct {
	State   string
	Missing []string // roles required and not signed
	Voided  bool     // signed, then changed
	Last    time.Time
}

// Of returns the status of a page's sign-off given the roles it needs.
// A page with no roles to fill and no sign-off counts as signed.
func Of(p *content.Page, roles []string) Status {
	var st Status
	r := p.Review
	if r != nil {
		for _, s := range Signatures(r) {
			if s.Name != "" && !s.Date.IsZero() {
				if t := s.Date.In(time.UTC); t.After(st.Last) {
					st.Last = t
				}
			}
		}
		st.Voided = r.Hash != p.ContentHash
	}
	for _, role := range roles {
		if !signed(r, role) {
			st.Missing = append(st.Missing, role)
		}
	}
	switch {
	case st.Voided:
		st.State = Changed
	case len(st.Missing) > 0:
		st.State = Unsigned
	default:
		st.State = Signed
	}
	return st
}

func signed(r *content.Review, role string) bool {
	for _, s := range Signatures(r) {
		if s.Role == role {
			return s.Name != "" && !s.Date.IsZero()
		}
	}
	return false
}

// Check reports a page's sign-off: a role it needs and lacks, and a
// sign-off the content changed after, are errors when sign-off is
// required (roles is not empty); a voided sign-off is a warning
// otherwise, since it no longer says what it seems to.
func Check(p *content.Page, roles []string) diag.List {
	var errs diag.List
	st := Of(p, roles)
	sign := func(role string) string {
		return fmt.Sprintf("gongkai review sign %s --role %s --name 姓名", p.File, role)
	}
	if st.Voided {
		when := "签发"
		if !st.Last.IsZero() {
			when = st.Last.Format("2006-01-02") + " 签发"
		}
		hint := "内容改动后要重新审核签发（每个角色都要重签）：" + sign(firstOr(roles, config.RoleReview)) + "，再依次签其余角色。用 git diff 可以看到签发后改了哪里。"
		pos := p.Pos(content.ReviewTable, "hash")
		if p.Review.Hash == "" {
			hint = "[review] 表缺少 hash：不要手写审核记录，用 " + sign(firstOr(roles, config.RoleReview)) + " 来签。"
		}
		if len(roles) > 0 {
			errs.Add(diag.Errorf(pos, hint, "这篇在 %s后内容有改动，原来的审核签发已失效", when))
		} else {
			errs.Add(diag.Warnf(pos, hint, "这篇在 %s后内容有改动，原来的审核签发已失效", when))
		}
		return errs
	}
	for _, role := range st.Missing {
		errs.Add(diag.Errorf(p.Pos(content.ReviewTable), sign(role)+"（先审后发：这一栏目要求 "+strings.Join(roles, "、")+" 后才能发布）", "缺少%s：这篇还没有%s人的签字", role, role))
	}
	return errs
}

func firstOr(roles []string, def string) string {
	if len(roles) > 0 {
		return roles[0]
	}
	return def
}
