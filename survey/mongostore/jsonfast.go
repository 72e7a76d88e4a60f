package mongostore

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/assocbench/assocbench/questionnaires"
)

// Writing a response turns its answers and scores into JSON text (see
// docs.go). encoding/json does it by reflection over maps of pointers,
// which cost about as much as FerretDB's own insert of the document; these
// appenders write the very same bytes (TestFastJSONMatches compares them
// with encoding/json) directly.

// appendJSONString writes s as encoding/json does with HTML escaping off.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONFloat writes f as encoding/json does.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 -> e-9, as encoding/json writes it
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

func appendFloatMap(b []byte, m map[string]float64) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	b = append(b, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONFloat(b, m[k])
	}
	return append(b, '}')
}

// appendAnswers writes answers in valueDoc's JSON form (keys sorted).
func appendAnswers(b []byte, a questionnaires.Answers) []byte {
	b = append(b, '{')
	for i, id := range slices.Sorted(maps.Keys(a)) {
		v := a[id]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, id)
		b = append(b, `:{"k":`...)
		b = strconv.AppendInt(b, int64(int32(v.Kind)), 10)
		if v.Str != "" {
			b = append(b, `,"s":`...)
			b = appendJSONString(b, v.Str)
		}
		if v.Num != 0 || math.Signbit(v.Num) {
			b = append(b, `,"n":`...)
			b = appendJSONFloat(b, v.Num)
		}
		if v.List != nil {
			b = append(b, `,"l":[`...)
			for j, x := range v.List {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, x)
			}
			b = append(b, ']')
		}
		if v.Rows != nil {
			b = append(b, `,"r":`...)
			b = appendFloatMap(b, v.Rows)
		}
		if v.Evidence != "" {
			b = append(b, `,"e":`...)
			b = appendJSONString(b, v.Evidence)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendScores writes scores in scoresDoc's JSON form.
func appendScores(b []byte, s *scoresDoc) []byte {
	b = append(b, `{"scored":`...)
	b = strconv.AppendBool(b, s.Scored)
	b = append(b, `,"score":`...)
	b = appendJSONFloat(b, s.Score)
	if s.Maturity != "" {
		b = append(b, `,"maturity":`...)
		b = appendJSONString(b, s.Maturity)
	}
	b = append(b, `,"sections":`...)
	b = appendFloatMap(b, s.Sections)
	b = append(b, `,"items":`...)
	b = appendFloatMap(b, s.Items)
	b = append(b, `,"indicators":`...)
	b = appendFloatMap(b, s.Indicators)
	return append(b, '}')
}
