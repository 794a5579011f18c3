// Package pii finds personal data that must not be published unmasked:
// mainland ID numbers, mobile numbers and bank card numbers. It reads text
// as a reader would see it (character references resolved, full-width
// digits folded, format characters dropped, separators and inline markup
// between digit groups joined) and reports only numbers that pass their
// check digit or format, so dates, document numbers and statistics do not
// trip it.
package pii

import (
	"strings"
)

// Version identifies what the detector finds. Verdicts cached by a build
// are keyed by it: bump it whenever detection or normalization changes.
const Version = 6

// Kind is a type of personal data.
type Kind string

// Kinds of personal data.
const (
	IDCard   Kind = "身份证号"
	Mobile   Kind = "手机号"
	BankCard Kind = "银行卡号"
)

// Finding is one unmasked number.
type Finding struct {
	Offset int    // byte offset of the number's first digit in the scanned text
	End    int    // byte offset just past its last digit
	Kind   Kind   //
	Text   string // as written, with separators and markup: text[Offset:End]
	Number string // the bare number: digits (and an ID's X), no country code
	Masked string // the form to publish instead
}

// Scan returns the unmasked personal data in text. allowed, if not nil,
// exempts numbers declared in config; it receives Finding.Number.
func Scan(text string, allowed func(number string) bool) []Finding {
	return scan(text, false, allowed)
}

// ScanSource is Scan for text an author wrote (Markdown, TOML): tags are
// read whole, since Markdown shows escaped HTML as it is written, and a
// tag's attributes may reach readers either way.
func ScanSource(text string, allowed func(number string) bool) []Finding {
	return scan(text, true, allowed)
}

// scan is Scan; with raw, tags are read whole, as in a data file.
func scan(text string, raw bool, allowed func(number string) bool) []Finding {
	var out []Finding
	scanRange(text, 0, len(text), raw, func(f Finding) {
		if allowed != nil && allowed(f.Number) {
			return
		}
		f.Text = text[f.Offset:f.End]
		out = append(out, f)
	})
	return out
}

// classify decides what a joined digit string is.
func classify(d string) (Kind, string, string, bool) {
	n := len(d)
	if strings.IndexByte(d[:n-1], 'X') >= 0 {
		return "", "", "", false
	}
	x := d[n-1] == 'X'
	switch {
	case !x && n == 11 && isMobile(d):
		return Mobile, d, maskMobile(d), true
	case !x && n == 13 && d[:2] == "86" && isMobile(d[2:]):
		return Mobile, d[2:], maskMobile(d[2:]), true
	case !x && n == 15 && d[:4] == "0086" && isMobile(d[4:]):
		return Mobile, d[4:], maskMobile(d[4:]), true
	case !x && n == 12 && d[0] == '0' && isMobile(d[1:]):
		// A leading 0, as typed by habit from long-distance dialling.
		return Mobile, d[1:], maskMobile(d[1:]), true
	case n == 18 && ValidID18(d):
		return IDCard, d, d[:6] + strings.Repeat("*", 8) + d[14:], true
	case !x && n == 15 && validID15(d):
		return IDCard, d, d[:6] + strings.Repeat("*", 5) + d[11:], true
	case !x && n == 18 && ValidCreditCode(d):
		// An all-digit 统一社会信用代码 is an organisation's, not a card.
		return "", "", "", false
	case !x && n >= 16 && n <= 19 && cardPrefix(d) && luhn(d):
		return BankCard, d, d[:6] + strings.Repeat("*", n-10) + d[n-4:], true
	}
	return "", "", "", false
}

// creditChars are the characters of a 统一社会信用代码 (GB 32100-2015),
// in the order of their values: digits and the capitals without I, O, Z,
// S and V.
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ValidCreditCode reports whether an 18-character string is a 统一社会信用代码
// (GB 32100-2015): its own check character (the weighted sum of the first
// 17 modulo 31) and that of the 组织机构代码 it holds in characters 9 to 17
// (GB 11714, modulo 11) both hold. A random 18-digit number passes both
// about one time in 341.
func ValidCreditCode(c string) bool {
	if len(c) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditChars, c[i])
		if v < 0 {
			return false
		}
		sum += v * creditWeights[i]
	}
	if c[17] != creditChars[(31-sum%31)%31] {
		return false
	}
	return validOrgCode(c[8:17])
}

var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// validOrgCode checks a 9-character 组织机构代码 (GB 11714-1997): digits and
// capitals (A is 10), and a check character 11 - (sum mod 11), with 10
// written X and 11 written 0.
func validOrgCode(c string) bool {
	sum := 0
	for i, w := range orgWeights {
		var v int
		switch ch := c[i]; {
		case ch >= '0' && ch <= '9':
			v = int(ch - '0')
		case ch >= 'A' && ch <= 'Z':
			v = int(ch-'A') + 10
		default:
			return false
		}
		sum += v * w
	}
	return c[8] == "0123456789X0"[11-sum%11]
}

func maskMobile(d string) string { return d[:3] + "****" + d[7:] }

func isMobile(d string) bool { return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' }

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// ValidID18 reports whether an 18-character ID number has a plausible
// region, birth date and a valid ISO 7064 MOD 11-2 check character.
func ValidID18(id string) bool {
	if len(id) != 18 || id[0] < '1' || id[0] > '8' {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
		sum += int(id[i]-'0') * idWeights[i]
	}
	c := id[17]
	if c == 'x' {
		c = 'X'
	}
	if "10X98765432"[sum%11] != c {
		return false
	}
	return validDate(id[6:10], id[10:12], id[12:14])
}

// validID15 checks the old 15-digit form: region, then YYMMDD.
func validID15(id string) bool {
	if id[0] < '1' || id[0] > '8' {
		return false
	}
	return validDate("19"+id[6:8], id[8:10], id[10:12])
}

func validDate(y, m, d string) bool {
	year, month, day := atoi(y), atoi(m), atoi(d)
	if year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	return day <= days[month]
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// luhn reports whether a digit string passes the Luhn check.
func luhn(d string) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

// cardPrefix keeps the issuer ranges cards in China use (UnionPay 62,
// Visa 4, Mastercard 5, JCB/Amex 3, and domestic debit 6), so long
// statistics starting with 1, 2, 7, 8, 9 or 0 are not taken for cards.
func cardPrefix(d string) bool { return d[0] >= '3' && d[0] <= '6' }
