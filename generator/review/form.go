package review

import (
	_ "embed"
	"html/template"
	"io"
	"time"
)

// Form is what the 《信息发布审核表》 of a page shows.
type Form struct {
	Site     string // the portal's title
	Title    string
	Section  string
	Unit     string
	Category string
	URL      string
	Date     time.Time
	Summary  string
	Author   string
	Roles    []Signature // every role of the form, signed or not
	Required []string    // the roles config asks of this page; none when not required
	Status   Status
	Hash     string // the content as it is now
	Printed  time.Time
}

//go:embed form.html
var formHTML string

var formTpl = template.Must(template.New("form").Funcs(template.FuncMap{
	"day": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006年1月2日")
	},
	"needs": func(roles []string, role string) bool {
		for _, r := range roles {
			if r == role {
				return true
			}
		}
		return false
	},
}).Parse(formHTML))

// WriteForm writes a page's 《信息发布审核表》: one A4 page of HTML, to
// print and sign by hand or to keep with the records.
func WriteForm(w io.Writer, f Form) error { return formTpl.Execute(w, f) }
