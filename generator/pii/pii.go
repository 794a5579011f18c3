// Package pii finds personal data that must not be published unmasked:
// mainland ID numbers, mobile numbers and bank card numbers. It reports
// only numbers that pass their check digit or format, so dates, document
// numbers and statistics do not trip it.
package pii

import (
	"strings"
	"unicode/utf8"
)

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
	Offset int    // byte offset in the scanned text
	Kind   Kind   //
	Text   string // as written, with separators
	Masked string // the form to publish instead
}

// candidates calls f for each run of two or more digits, optionally
// grouped by single spaces or dashes, with an optional +86 country code; an
// ID may end in X. It is the regexp (?:\+86[ -]?)?\d(?:[ -]?\d)+[Xx]?
// written out, since every published byte passes through it.
func candidates(text string, f func(start, end int)) {
	for i := 0; i < len(text); {
		start, j := i, i
		if text[i] == '+' && strings.HasPrefix(text[i:], "+86") {
			j = i + 3
			if j+1 < len(text) && (text[j] == ' ' || text[j] == '-') && isDigit(text[j+1]) {
				j++
			}
		}
		if j >= len(text) || !isDigit(text[j]) {
			i++
			continue
		}
		end, digits := j+1, 1
		for end < len(text) {
			if isDigit(text[end]) {
				end++
				digits++
				continue
			}
			if (text[end] == ' ' || text[end] == '-') && end+1 < len(text) && isDigit(text[end+1]) {
				end += 2
				digits++
				continue
			}
			break
		}
		if digits < 2 {
			i = end
			continue
		}
		if end < len(text) && (text[end] == 'X' || text[end] == 'x') {
			end++
		}
		f(start, end)
		i = end
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Scan returns the unmasked personal data in text. allowed, if not nil,
// exempts numbers (digits only) declared in config.
func Scan(text string, allowed func(digits string) bool) []Finding {
	var out []Finding
	candidates(text, func(start, end int) {
		if boundedByWord(text, start, end) {
			return
		}
		for _, f := range classify(text[start:end]) {
			if allowed != nil && allowed(onlyDigits(f.Text)) {
				continue
			}
			f.Offset += start
			out = append(out, f)
		}
	})
	return out
}

// boundedByWord rejects runs glued to letters or other digits, such as
// part of a hash, a URL path segment like "a123…" or a longer number.
func boundedByWord(text string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		if isASCIIAlnum(r) || r == '*' || r == '＊' {
			return true
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if isASCIIAlnum(r) || r == '*' || r == '＊' {
			return true
		}
	}
	return false
}

func isASCIIAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r == 'X' || r == 'x' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// classify decides what a candidate run is. A run with +86 or grouped like
// a phone is checked as a mobile first.
func classify(raw string) []Finding {
	plain := raw
	country := strings.HasPrefix(raw, "+86")
	if country {
		plain = strings.TrimLeft(raw[3:], " -")
	}
	d := onlyDigits(plain)
	upper := strings.ToUpper(d)
	switch {
	case len(d) == 11 && isMobile(d):
		return []Finding{{Kind: Mobile, Text: raw, Masked: d[:3] + "****" + d[7:]}}
	case country:
		return nil
	case len(d) == 18 && ValidID18(upper):
		return []Finding{{Kind: IDCard, Text: raw, Masked: d[:6] + strings.Repeat("*", 8) + upper[14:]}}
	case len(d) == 15 && validID15(d) && !strings.ContainsAny(raw, " -"):
		return []Finding{{Kind: IDCard, Text: raw, Masked: d[:6] + strings.Repeat("*", 5) + d[11:]}}
	case len(d) >= 16 && len(d) <= 19 && !strings.ContainsAny(d, "Xx") && luhn(d) && cardPrefix(d):
		return []Finding{{Kind: BankCard, Text: raw, Masked: d[:6] + strings.Repeat("*", len(d)-10) + d[len(d)-4:]}}
	}
	// A long grouped run may hold a phone number after a label digit; look
	// no further: precision matters more than recall on grouped runs.
	return nil
}

func isMobile(d string) bool { return d[0] == '1' && d[1] >= '3' && d[1] <= '9' }

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
	if "10X98765432"[sum%11] != id[17] {
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
