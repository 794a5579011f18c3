package view

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
	"time"
	"unsafe"

	"gongkai/generator/digest"
)

// Sum returns the hash of a view: a deterministic encoding of every
// exported field (except those tagged `view:"-"`), followed through
// pointers and slices. Two views with equal Sums show the same.
//
// The encoding is made by reflection once per type. Values of a type that
// embeds memo (Item) are hashed once and their hash reused wherever they
// appear, so a list of twenty items costs twenty lookups.
func Sum(v any) uint64 {
	rv := reflect.ValueOf(v)
	bp := bufs.Get().(*[]byte)
	b := encoderOf(rv.Type())((*bp)[:0], rv)
	s := digest.Sum(b)
	*bp = b
	bufs.Put(bp)
	return s
}

var bufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// memo holds the hash of a shared view.
type memo struct {
	once sync.Once
	sum  uint64
}

type encoder func(b []byte, v reflect.Value) []byte

var encoders sync.Map // reflect.Type → encoder

func encoderOf(t reflect.Type) encoder {
	if e, ok := encoders.Load(t); ok {
		return e.(encoder)
	}
	// A recursive type (a tree node's children) meets itself while its
	// encoder is made: it gets one that waits for the real one.
	var real encoder
	var wg sync.WaitGroup
	wg.Add(1)
	e, loaded := encoders.LoadOrStore(t, encoder(func(b []byte, v reflect.Value) []byte {
		wg.Wait()
		return real(b, v)
	}))
	if loaded {
		return e.(encoder)
	}
	real = newEncoder(t)
	wg.Done()
	encoders.Store(t, real)
	return real
}

var (
	timeType = reflect.TypeFor[time.Time]()
	memoType = reflect.TypeFor[memo]()
)

func u64(b []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(b, v) }

func newEncoder(t reflect.Type) encoder {
	if t == timeType {
		return encodeTime
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(b []byte, v reflect.Value) []byte {
			if v.Bool() {
				return append(b, 1)
			}
			return append(b, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(b []byte, v reflect.Value) []byte { return u64(b, uint64(v.Int())) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(b []byte, v reflect.Value) []byte { return u64(b, v.Uint()) }
	case reflect.Float32, reflect.Float64:
		return func(b []byte, v reflect.Value) []byte { return u64(b, math.Float64bits(v.Float())) }
	case reflect.String:
		return func(b []byte, v reflect.Value) []byte {
			s := v.String()
			return append(u64(b, uint64(len(s))), s...)
		}
	case reflect.Slice, reflect.Array:
		elem := encoderOf(t.Elem())
		return func(b []byte, v reflect.Value) []byte {
			n := v.Len()
			b = u64(b, uint64(n))
			for i := range n {
				b = elem(b, v.Index(i))
			}
			return b
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			panic(fmt.Sprintf("view: map key of %v must be a string", t))
		}
		elem := encoderOf(t.Elem())
		return func(b []byte, v reflect.Value) []byte {
			keys := v.MapKeys()
			slices.SortFunc(keys, func(x, y reflect.Value) int {
				return compareStrings(x.String(), y.String())
			})
			b = u64(b, uint64(len(keys)))
			for _, k := range keys {
				b = append(u64(b, uint64(len(k.String()))), k.String()...)
				b = elem(b, v.MapIndex(k))
			}
			return b
		}
	case reflect.Pointer:
		return pointerEncoder(t)
	case reflect.Struct:
		return structEncoder(t)
	}
	panic(fmt.Sprintf("view: %v cannot be part of a view (plain data only)", t))
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// encodeTime writes an instant with its zone offset: a date printed in
// another zone is another date.
func encodeTime(b []byte, v reflect.Value) []byte {
	var t time.Time
	if v.CanAddr() {
		t = *(*time.Time)(v.Addr().UnsafePointer())
	} else {
		t = v.Interface().(time.Time)
	}
	if t.IsZero() {
		return append(b, 0)
	}
	_, off := t.Zone()
	return u64(u64(append(b, 1), uint64(t.UnixNano())), uint64(off))
}

func pointerEncoder(t reflect.Type) encoder {
	elem := t.Elem()
	enc := encoderOf(elem)
	memoAt := -1
	if elem.Kind() == reflect.Struct {
		for i := range elem.NumField() {
			if f := elem.Field(i); f.Type == memoType {
				memoAt = int(f.Offset)
			}
		}
	}
	if memoAt < 0 {
		return func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(b, 0)
			}
			return enc(append(b, 1), v.Elem())
		}
	}
	return func(b []byte, v reflect.Value) []byte {
		if v.IsNil() {
			return append(b, 0)
		}
		m := (*memo)(unsafe.Add(v.UnsafePointer(), memoAt))
		m.once.Do(func() { m.sum = digest.Sum(enc(nil, v.Elem())) })
		return u64(append(b, 2), m.sum)
	}
}

func structEncoder(t reflect.Type) encoder {
	type field struct {
		index int
		enc   encoder
	}
	var fields []field
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("view") == "-" {
			continue
		}
		fields = append(fields, field{i, encoderOf(f.Type)})
	}
	return func(b []byte, v reflect.Value) []byte {
		for _, f := range fields {
			b = f.enc(b, v.Field(f.index))
		}
		return b
	}
}
