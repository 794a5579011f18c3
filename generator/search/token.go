package search

import (
	"strings"
	"unicode"

	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold maps one character to what the index and the client's query
// compare: its NFKC form when that is one character (full-width ＡＢＣ１２
// and half-width ABC12 alike, ｶ and カ), lowercased. Folding character by
// character keeps every position a rune index into the text as written,
// so results show the text as the author wrote it. search.js folds the
// same way.
func Fold(r rune) rune {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0x4e00 && r <= 0x9fff:
		return r // CJK Unified Ideographs: NFKC leaves them alone
	case r >= 0xff01 && r <= 0xff5e:
		return unicode.ToLower(r - 0xfee0) // full-width ASCII
	}
	if v, ok := foldCache.Load(r); ok {
		return v.(rune)
	}
	f := r
	if s := norm.NFKC.String(string(r)); utf8.RuneCountInString(s) == 1 {
		f, _ = utf8.DecodeRuneInString(s)
	}
	f = unicode.ToLower(f)
	foldCache.Store(r, f)
	return f
}

var foldCache sync.Map // rune → rune, for characters off the fast paths

// Normalize folds every character of s (see Fold).
func Normalize(s string) string {
	return strings.Map(Fold, s)
}

// class of a rune for tokenizing: CJK characters are indexed as unigrams
// and bigrams, letters and digits of other scripts as whole words, and
// everything else separates.
const (
	sep = iota
	cjk
	word
)

func classOf(r rune) int {
	switch {
	case r < 0x80:
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return word
		}
		return sep
	case r >= 0x4e00 && r <= 0x9fff:
		return cjk
	case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r):
		return cjk
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return word
	}
	return sep
}

// maxWord caps the length of a Latin word term, in runes: longer runs
// (hashes, pasted base64) are cut so one of them cannot make a huge term.
const maxWord = 40

// Token is one term occurrence: a CJK character (Bigram false) or pair
// (Bigram true), or a lowercased word; Pos is its rune index in the text.
type Token struct {
	Term   string
	Pos    int
	Bigram bool
	Word   bool
}

// Tokens splits folded text into terms: every CJK character, every
// pair of adjacent CJK characters, and every run of letters and digits. Nothing spans a separator or a change of script, so a query
// is found wherever its characters stand together, as Ctrl+F finds it.
func Tokens(text string) []Token {
	var out []Token
	each(text, func(t Token) { out = append(out, t) })
	return out
}

// each calls f for every token of text in order of position (a bigram
// right after the unigram at the same position).
func each(text string, f func(Token)) {
	rs := []rune(text)
	for i := 0; i < len(rs); {
		switch classOf(rs[i]) {
		case cjk:
			f(Token{Term: string(rs[i]), Pos: i})
			if i+1 < len(rs) && classOf(rs[i+1]) == cjk {
				f(Token{Term: string(rs[i : i+2]), Pos: i, Bigram: true})
			}
			i++
		case word:
			j := i
			for j < len(rs) && classOf(rs[j]) == word {
				j++
			}
			f(Token{Term: string(rs[i:min(j, i+maxWord)]), Pos: i, Word: true})
			i = j
		default:
			i++
		}
	}
}
