package layout

import "reflect"

// firstN returns at most n leading elements of a slice.
func firstN(n int, items any) any {
	v := reflect.ValueOf(items)
	if v.Kind() != reflect.Slice {
		return items
	}
	if v.Len() > n {
		return v.Slice(0, n).Interface()
	}
	return items
}
