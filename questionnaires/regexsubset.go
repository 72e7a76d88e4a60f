package questionnaires

import (
	"fmt"
	"regexp"
	"strings"
)

// checkRegex checks that a regex() pattern is in the syntax on which RE2
// (Go's regexp, the server) and JavaScript (new RegExp(p, 'u'), the
// pages) agree, and returns the pattern Go compiles:
//
//   - literal characters, \ before one of ^$\.*+?()[]{}|/ ; \d \D \w \W
//     \b \B \n \r \t \f \v;
//   - . (any character but a line break: \n, \r, U+2028 and U+2029, as
//     JavaScript defines it; the Go pattern spells it out);
//   - ^ and $ (the start and end of the text), | and groups ( ) and (?: );
//   - classes [a-z0-9_] and [^...], with \ escapes, \d \D \w \W and ranges
//     between literal characters;
//   - the quantifiers * + ? {n} {n,} {n,m} (n, m <= 1000), each optionally
//     followed by ? (lazy).
//
// Anything else is refused, with what to write instead: \s (white space is
// not the same set in RE2 and JavaScript), back references, look-arounds,
// named groups, flags, POSIX classes, \p, \x, \u, and a bare { } or ].
func checkRegex(p string) (string, error) {
	var out strings.Builder
	depth := 0
	canRepeat := false // the previous item is an atom a quantifier may follow
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch c {
		case '\\':
			if i+1 == len(rs) {
				return "", fmt.Errorf("the pattern ends with \\")
			}
			i++
			e := rs[i]
			switch {
			case strings.ContainsRune(`^$\.*+?()[]{}|/`, e), strings.ContainsRune("dDwWnrtfv", e):
				canRepeat = true
			case e == 'b' || e == 'B':
				canRepeat = false
			case e == 's' || e == 'S':
				return "", fmt.Errorf(`\%c is not supported (white space differs between RE2 and JavaScript): write a class such as [ \t\n\r]`, e)
			case e >= '0' && e <= '9':
				return "", fmt.Errorf(`\%c (a back reference) is not supported`, e)
			default:
				return "", fmt.Errorf(`\%c is not supported`, e)
			}
			out.WriteRune('\\')
			out.WriteRune(e)
		case '.':
			out.WriteString(`[^\n\r\x{2028}\x{2029}]`)
			canRepeat = true
		case '^', '$':
			out.WriteRune(c)
			canRepeat = false
		case '|':
			out.WriteRune(c)
			canRepeat = false
		case '(':
			if i+1 < len(rs) && rs[i+1] == '?' {
				if i+2 >= len(rs) || rs[i+2] != ':' {
					return "", fmt.Errorf("only the groups ( ) and (?: ) are supported (no look-arounds, named groups or flags)")
				}
				out.WriteString("(?:")
				i += 2
			} else {
				out.WriteRune(c)
			}
			depth++
			canRepeat = false
		case ')':
			depth--
			if depth < 0 {
				return "", fmt.Errorf("a ) has no (")
			}
			out.WriteRune(c)
			canRepeat = true
		case '[':
			n, err := checkClass(rs[i:], &out)
			if err != nil {
				return "", err
			}
			i += n - 1
			canRepeat = true
		case '*', '+', '?', '{':
			n, err := checkQuantifier(rs[i:], canRepeat)
			if err != nil {
				return "", err
			}
			out.WriteString(string(rs[i : i+n]))
			i += n - 1
			canRepeat = false
		case '}', ']':
			return "", fmt.Errorf(`a bare %c is not supported: write \%c`, c, c)
		default:
			out.WriteRune(c)
			canRepeat = true
		}
	}
	if depth != 0 {
		return "", fmt.Errorf("a ( is not closed")
	}
	g := out.String()
	if _, err := regexp.Compile(g); err != nil {
		return "", fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	return g, nil
}

// checkQuantifier checks the quantifier at the start of rs (and a lazy ?
// after it) and returns its length.
func checkQuantifier(rs []rune, canRepeat bool) (int, error) {
	if !canRepeat {
		return 0, fmt.Errorf("%c has nothing to repeat", rs[0])
	}
	n := 1
	if rs[0] == '{' {
		end := -1
		for j := 1; j < len(rs); j++ {
			if rs[j] == '}' {
				end = j
				break
			}
		}
		if end < 0 || !reRepeat.MatchString(string(rs[:end+1])) {
			return 0, fmt.Errorf(`{ starts a repeat {n}, {n,} or {n,m}: write \{ for the character`)
		}
		var lo, hi int
		body := string(rs[1:end])
		lo, hi = -1, -1
		if before, after, ok := strings.Cut(body, ","); ok {
			fmt.Sscan(before, &lo)
			if after != "" {
				fmt.Sscan(after, &hi)
			}
		} else {
			fmt.Sscan(body, &lo)
			hi = lo
		}
		if lo > 1000 || hi > 1000 || (hi >= 0 && hi < lo) {
			return 0, fmt.Errorf("the repeat %s must be at most 1000, and its minimum not above its maximum", string(rs[:end+1]))
		}
		n = end + 1
	}
	if n < len(rs) && rs[n] == '?' {
		n++
	}
	if n < len(rs) && strings.ContainsRune("*+?{", rs[n]) {
		return 0, fmt.Errorf("%c has nothing to repeat (a quantifier after a quantifier)", rs[n])
	}
	return n, nil
}

var reRepeat = regexp.MustCompile(`^\{[0-9]{1,4}(,[0-9]{0,4})?\}$`)

// checkClass checks the class at the start of rs, writes it to out and
// returns its length.
func checkClass(rs []rune, out *strings.Builder) (int, error) {
	i := 1
	out.WriteRune('[')
	if i < len(rs) && rs[i] == '^' {
		out.WriteRune('^')
		i++
	}
	if i < len(rs) && rs[i] == ']' {
		return 0, fmt.Errorf(`an empty class [] is not supported: write \] for the character`)
	}
	first := i
	prev := rune(-1) // the previous literal, which may start a range
	for ; i < len(rs); i++ {
		c := rs[i]
		lit := rune(-1)
		switch c {
		case ']':
			out.WriteRune(']')
			return i + 1, nil
		case '[':
			return 0, fmt.Errorf(`[ inside a class is not supported (no POSIX classes): write \[`)
		case '\\':
			if i+1 == len(rs) {
				return 0, fmt.Errorf("the pattern ends with \\")
			}
			i++
			e := rs[i]
			switch {
			case strings.ContainsRune(`^$\.*+?()[]{}|/-`, e):
				lit = e
			case strings.ContainsRune("dDwW", e):
			case strings.ContainsRune("nrtfv", e):
				lit = map[rune]rune{'n': '\n', 'r': '\r', 't': '\t', 'f': '\f', 'v': '\v'}[e]
			case e == 's' || e == 'S':
				return 0, fmt.Errorf(`\%c is not supported (white space differs between RE2 and JavaScript): write the characters, such as [ \t\n\r]`, e)
			default:
				return 0, fmt.Errorf(`\%c is not supported in a class`, e)
			}
			out.WriteRune('\\')
			out.WriteRune(e)
		case '-':
			if prev >= 0 && i+1 < len(rs) && rs[i+1] != ']' {
				hi, n, err := classLiteral(rs[i+1:])
				if err != nil {
					return 0, err
				}
				if hi < prev {
					return 0, fmt.Errorf("the range %c-%c is out of order", prev, hi)
				}
				out.WriteRune('-')
				out.WriteString(string(rs[i+1 : i+1+n]))
				i += n
				prev = -1
				continue
			}
			if i != first && i+1 < len(rs) && rs[i+1] != ']' {
				return 0, fmt.Errorf(`a - after a range or a class escape is not supported: write \-`)
			}
			lit = '-'
			out.WriteRune('-')
		default:
			lit = c
			out.WriteRune(c)
		}
		prev = lit
	}
	return 0, fmt.Errorf("a [ is not closed")
}

// classLiteral reads the literal that ends a range: a character or an
// escaped one; it returns the character and how many runes it took.
func classLiteral(rs []rune) (rune, int, error) {
	if rs[0] != '\\' {
		if rs[0] == '[' {
			return 0, 0, fmt.Errorf(`[ inside a class is not supported: write \[`)
		}
		return rs[0], 1, nil
	}
	if len(rs) < 2 {
		return 0, 0, fmt.Errorf("the pattern ends with \\")
	}
	e := rs[1]
	if strings.ContainsRune(`^$\.*+?()[]{}|/-`, e) {
		return e, 2, nil
	}
	if c, ok := map[rune]rune{'n': '\n', 'r': '\r', 't': '\t', 'f': '\f', 'v': '\v'}[e]; ok {
		return c, 2, nil
	}
	return 0, 0, fmt.Errorf(`a range must end with a character, not \%c`, e)
}
