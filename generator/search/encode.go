package search

// Postings travel as JS strings in a base-64 varint code: each character
// carries five bits of a number, low bits first, and the value 32 marks
// that another character follows. Numbers under 32 (most gaps and counts)
// take one character; the alphabet needs no escaping in JSON or JS.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// putVarint appends n in the code.
func putVarint(b []byte, n int) []byte {
	for n >= 32 {
		b = append(b, alphabet[32|n&31])
		n >>= 5
	}
	return append(b, alphabet[n])
}

// varintLen is the number of characters putVarint writes for n.
func varintLen(n int) int {
	l := 1
	for n >= 32 {
		n >>= 5
		l++
	}
	return l
}

var decodeTable = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = int8(i)
	}
	return
}()

// readVarint decodes the number at s[i:], returning it and the index after
// it; ok is false on malformed input.
func readVarint(s string, i int) (n, next int, ok bool) {
	shift := 0
	for i < len(s) {
		v := int(decodeTable[s[i]])
		if v < 0 || shift > 30 {
			return 0, i, false
		}
		i++
		n |= (v & 31) << shift
		if v&32 == 0 {
			return n, i, true
		}
		shift += 5
	}
	return 0, i, false
}
