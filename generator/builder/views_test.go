package builder

import (
	"reflect"
	"testing"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/site"
	"gongkai/generator/view"
)

// TestEarlyViewsHoldNoItems: a view that is keyed and rendered in the
// first pass (view.Views.Late is false) must hold no list Item, whose
// summary is only known in the second pass; an Item hashed before its
// summary is set would be stale for the whole build.
func TestEarlyViewsHoldNoItems(t *testing.T) {
	src := overlay(t, nil)
	cfg, errs := config.Load(src)
	if cfg == nil {
		t.Fatal(errs)
	}
	cs, _ := content.Walk(src, nil)
	// Units from data/ are merged by the build, not here: their pages
	// lack some fields, which does not matter to the shape of views.
	s, _ := site.Index(cfg, cs, site.Options{Now: fixedNow})
	vs := view.Make(s, nil)
	itemType := reflect.TypeFor[*view.Item]()
	var holds func(v reflect.Value) bool
	holds = func(v reflect.Value) bool {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return false
			}
			return v.Type() == itemType || holds(v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() && holds(v.Field(i)) {
					return true
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				if holds(v.Index(i)) {
					return true
				}
			}
		}
		return false
	}
	kinds := map[string]bool{}
	for i, p := range s.Pages {
		kinds[p.Kind] = true
		if !vs.Late(i) && holds(reflect.ValueOf(vs.Page(i))) {
			t.Errorf("%s (%s) is keyed in the first pass but its view holds list items", p.URL, p.Kind)
		}
	}
	if len(kinds) < 10 {
		t.Errorf("the sample portal has only the page kinds %v", kinds)
	}
}
