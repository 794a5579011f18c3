package config

import (
	"slices"
	"strings"

	"gongkai/generator/diag"
)

// The roles of a sign-off (先审后发), as the 《信息发布审核表》 names them.
const (
	RoleReview  = "审核"
	RoleSign    = "签发"
	RoleSecrecy = "保密审查"
)

// Roles lists every role in the order the form shows them.
var Roles = []string{RoleReview, RoleSign, RoleSecrecy}

// Review is the [review] table: whether pages need a sign-off to be
// published, and which roles; sections and disclosure categories may ask
// for other roles than the default.
type Review struct {
	Required   bool                `toml:"required"`
	Roles      []string            `toml:"roles"`      // default: all three
	Sections   map[string][]string `toml:"sections"`   // section → roles
	Categories map[string][]string `toml:"categories"` // disclosure category → roles
}

// RolesFor returns the roles a page of a section (and, for a disclosure,
// of a category) needs; none when sign-off is not required.
func (r Review) RolesFor(section, category string) []string {
	if !r.Required {
		return nil
	}
	if roles, ok := r.Categories[category]; ok && category != "" {
		return roles
	}
	if roles, ok := r.Sections[section]; ok {
		return roles
	}
	if r.Roles == nil {
		return Roles
	}
	return r.Roles
}

func (r *Review) validate(c *Config) diag.List {
	var errs diag.List
	check := func(roles []string, path ...string) {
		for _, role := range roles {
			if !slices.Contains(Roles, role) {
				errs.Add(diag.Errorf(c.Pos(path...), "角色只能是 "+strings.Join(Roles, "、")+"，如 roles = [\"审核\", \"签发\"]。", "未知的审核角色 %q", role))
			}
		}
	}
	check(r.Roles, "review", "roles")
	for k, roles := range r.Sections {
		check(roles, "review", "sections", k)
	}
	for k, roles := range r.Categories {
		check(roles, "review", "categories", k)
		if !slices.ContainsFunc(c.Categories, func(cat Category) bool { return cat.ID == k }) {
			errs.Add(diag.Errorf(c.Pos("review", "categories", k), "写 [[categories]] 中已有的 id。", "[review.categories] 中的类别 %q 不存在", k))
		}
	}
	return errs
}
