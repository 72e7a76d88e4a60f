package questionnaires

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The functions of the expression language that come from ODK XPath
// (docs/questionnaire-format.md): mod, today, string_length, int, number,
// concat, selected_at, boolean, round(x, n) and regex. web/static/js/expr.js
// implements the same rules; questionnaires/testdata/parity.json holds the
// cases both must agree on.

// odkHelpers are the generic implementations, merged into xhelpers.
// regex is compiled with its pattern (compileRegex).
var odkHelpers = map[string]func(args []xv) xv{
	"mod": func(args []xv) xv {
		a, b := args[0], args[1]
		if a.k != xnum || b.k != xnum || b.n == 0 {
			return missing
		}
		return num(math.Mod(a.n, b.n))
	},
	"today": func([]xv) xv { return xv{k: xstr, s: today()} },
	"string_length": func(args []xv) xv {
		s, ok := stringOf(args[0])
		if !ok {
			return missing
		}
		return num(float64(utf8.RuneCountInString(s)))
	},
	"int": func(args []xv) xv {
		n := toNumber(args[0])
		if n.k != xnum {
			return missing
		}
		return num(math.Trunc(n.n))
	},
	"number": func(args []xv) xv { return toNumber(args[0]) },
	"concat": func(args []xv) xv {
		var b strings.Builder
		for _, a := range args {
			if a.k == xnil {
				continue
			}
			s, ok := stringOf(a)
			if !ok {
				return missing
			}
			b.WriteString(s)
		}
		return xv{k: xstr, s: b.String()}
	},
	"selected_at": func(args []xv) xv {
		x, i := args[0], args[1]
		if i.k != xnum || i.n != math.Trunc(i.n) || i.n < 0 {
			return missing
		}
		switch x.k {
		case xstr:
			if i.n == 0 {
				return x
			}
		case xlist:
			if i.n < float64(len(x.p.List)) {
				return xv{k: xstr, s: x.p.List[int(i.n)]}
			}
		}
		return missing
	},
	"boolean": func(args []xv) xv {
		switch x := args[0]; x.k {
		case xnum, xbool:
			return boolean(x.n != 0)
		case xstr:
			return boolean(x.s != "")
		case xlist:
			return boolean(len(x.p.List) > 0)
		case xrows:
			return boolean(len(x.p.Rows) > 0)
		case xarr:
			return boolean(len(x.a) > 0)
		}
		return boolean(false)
	},
	"round": func(args []xv) xv {
		if args[0].k != xnum {
			return missing
		}
		if len(args) == 1 {
			return num(math.Round(args[0].n))
		}
		return roundTo(args[0].n, args[1])
	},
}

// pow10 are the exact powers of ten that round(x, n) uses (|n| <= 22),
// written out so that Go and JavaScript multiply by the same numbers.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// roundTo rounds x to n decimal places (n < 0: to tens, hundreds, ...),
// half away from zero; missing when n is not a whole number in -22..22.
func roundTo(x float64, n xv) xv {
	if n.k != xnum || n.n != math.Trunc(n.n) || math.Abs(n.n) >= float64(len(pow10)) {
		return missing
	}
	if n.n >= 0 {
		p := pow10[int(n.n)]
		return num(math.Round(x*p) / p)
	}
	p := pow10[int(-n.n)]
	return num(math.Round(x/p) * p)
}

// today is the current date in UTC, as a date answer is written.
func today() string { return time.Now().UTC().Format("2006-01-02") }

// reNumber is the syntax of XPath's number(): no exponent, no sign but -
// (+ is accepted too), surrounding XML white space ignored.
var reNumber = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

// toNumber converts a value as number() does: a number is itself, a
// condition 1 or 0, a text in the syntax of reNumber its value, anything
// else missing.
func toNumber(x xv) xv {
	switch x.k {
	case xnum:
		return x
	case xbool:
		return num(x.n)
	case xstr:
		s := strings.Trim(x.s, " \t\n\r")
		if !reNumber.MatchString(s) {
			return missing
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return missing
		}
		return num(f)
	}
	return missing
}

// stringOf is the text of a value, as concat, string_length and regex
// read it: a number in plain decimal notation (the shortest that reads
// back), a condition "true" or "false", a multi_choice answer its option
// ids separated by spaces (as XForms stores a select_multiple).
func stringOf(x xv) (string, bool) {
	switch x.k {
	case xstr:
		return x.s, true
	case xnum:
		return formatNumber(x.n), true
	case xbool:
		return strconv.FormatBool(x.n != 0), true
	case xlist:
		return strings.Join(x.p.List, " "), true
	}
	return "", false
}

// formatNumber writes f in plain decimal notation; -0 is 0.
func formatNumber(f float64) string {
	if f == 0 {
		return "0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// compileRegex is the closure of regex(x, 'pattern'): the pattern, a
// string literal checked at load (checkRegex), is compiled once.
func compileRegex(x fn, pattern string) fn {
	goPattern, err := checkRegex(pattern)
	if err != nil {
		return func(*xctx) xv { return missing } // refused at load
	}
	re := regexp.MustCompile(goPattern)
	return func(c *xctx) xv {
		s, ok := stringOf(x(c))
		if !ok {
			return missing
		}
		return boolean(re.MatchString(s))
	}
}
