package questionnaires

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// NA is the JSON answer meaning "not applicable".
const NA = "n/a"

// Kind is the shape of an answer value.
type Kind uint8

// The kinds of answer values.
const (
	// KindNA is "n/a" for a yes_no or likert question that allows it.
	KindNA Kind = iota + 1
	// KindString holds a single_choice id, "yes"/"no", text or a YYYY-MM-DD date in Str.
	KindString
	// KindNumber holds a number or a likert level in Num.
	KindNumber
	// KindList holds the selected ids of a multi_choice in List.
	KindList
	// KindMatrix holds a level per row in Rows; 0 means the row is n/a.
	KindMatrix
	// KindRubric holds a rubric level in Num (0 = n/a), the justification in Str and Evidence.
	KindRubric
)

// Value is one typed answer.
type Value struct {
	Kind     Kind               `json:"-"`
	Str      string             `json:"-"`
	Num      float64            `json:"-"`
	List     []string           `json:"-"`
	Rows     map[string]float64 `json:"-"`
	Evidence string             `json:"-"`
}

// Answers maps question ids to answers.
type Answers map[string]Value

// Str returns a string answer (single_choice, yes_no, text, date).
func Str(s string) Value { return Value{Kind: KindString, Str: s} }

// Num returns a number answer (numbers and likert levels).
func Num(f float64) Value { return Value{Kind: KindNumber, Num: f} }

// List returns a multi_choice answer.
func List(ids ...string) Value { return Value{Kind: KindList, List: ids} }

// NotApplicable returns an "n/a" answer.
func NotApplicable() Value { return Value{Kind: KindNA} }

// Matrix returns a matrix answer; a row at 0 is n/a.
func Matrix(rows map[string]float64) Value { return Value{Kind: KindMatrix, Rows: rows} }

// Rubric returns a rubric answer; level 0 is n/a.
func Rubric(level int, justification, evidence string) Value {
	return Value{Kind: KindRubric, Num: float64(level), Str: justification, Evidence: evidence}
}

// IsNA reports whether the answer is "not applicable".
func (v Value) IsNA() bool {
	return v.Kind == KindNA || (v.Kind == KindRubric && v.Num == 0)
}

// Equal reports whether two answers are the same.
func (v Value) Equal(w Value) bool {
	return v.Kind == w.Kind && v.Str == w.Str && v.Num == w.Num && v.Evidence == w.Evidence &&
		slices.Equal(v.List, w.List) && maps.Equal(v.Rows, w.Rows)
}

// Clone returns a deep copy of the answers.
func (a Answers) Clone() Answers {
	out := make(Answers, len(a))
	for k, v := range a {
		v.List = slices.Clone(v.List)
		if v.Rows != nil {
			v.Rows = maps.Clone(v.Rows)
		}
		out[k] = v
	}
	return out
}

// Equal reports whether two sets of answers are the same.
func (a Answers) Equal(b Answers) bool {
	return maps.EqualFunc(a, b, Value.Equal)
}

// MarshalJSON writes the answer in the JSON form of docs/questionnaire-format.md.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.Kind {
	case KindNA:
		return json.Marshal(NA)
	case KindString:
		return json.Marshal(v.Str)
	case KindNumber:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return nil, fmt.Errorf("marshal answer: %v is not a finite number", v.Num)
		}
		return json.Marshal(v.Num)
	case KindList:
		if v.List == nil {
			return []byte("[]"), nil
		}
		return json.Marshal(v.List)
	case KindMatrix:
		m := make(map[string]any, len(v.Rows))
		for k, r := range v.Rows {
			if r == 0 {
				m[k] = NA
			} else {
				m[k] = r
			}
		}
		return json.Marshal(m)
	case KindRubric:
		m := map[string]any{"level": v.Num}
		if v.Num == 0 {
			m["level"] = NA
		}
		if v.Str != "" {
			m["justification"] = v.Str
		}
		if v.Evidence != "" {
			m["evidence"] = v.Evidence
		}
		return json.Marshal(m)
	}
	return nil, fmt.Errorf("marshal answer: unknown kind %d", v.Kind)
}

// String renders the answer for people (codes, not labels).
func (v Value) String() string {
	switch v.Kind {
	case KindNA:
		return NA
	case KindString:
		return v.Str
	case KindNumber:
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	case KindList:
		return strings.Join(v.List, ", ")
	case KindMatrix:
		keys := slices.Sorted(maps.Keys(v.Rows))
		parts := make([]string, len(keys))
		for i, k := range keys {
			if v.Rows[k] == 0 {
				parts[i] = k + "=" + NA
			} else {
				parts[i] = k + "=" + strconv.FormatFloat(v.Rows[k], 'f', -1, 64)
			}
		}
		return strings.Join(parts, ", ")
	case KindRubric:
		if v.Num == 0 {
			return NA
		}
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	}
	return ""
}

// ParseAnswers converts JSON answers (question id -> raw JSON value) into
// typed answers. A null value is no answer. Problems are field errors
// in lang (English when empty); they are the "types only" checks of a draft
// save, so a nil FieldErrors means the answers can be stored as a draft.
func (q *Questionnaire) ParseAnswers(raw map[string]json.RawMessage, lang string) (Answers, FieldErrors) {
	out := make(Answers, len(raw))
	var fe FieldErrors
	for id, r := range raw {
		qu := q.byID[id]
		if qu == nil {
			fe = fe.add(safeKey(id), msg(lang, msgUnknownQuestion))
			continue
		}
		r = bytes.TrimSpace(r)
		if len(r) == 0 || string(r) == "null" {
			continue
		}
		v, m := parseValue(qu, r, lang)
		if m != "" {
			fe = fe.add(id, m)
			continue
		}
		if m := q.checkShape(qu, v, lang); m != "" {
			fe = fe.add(id, m)
			continue
		}
		out[id] = v
	}
	return out, fe
}

// safeKey makes an unknown key printable and bounded for an error report.
func safeKey(k string) string {
	if !utf8.ValidString(k) {
		k = strings.ToValidUTF8(k, "?")
	}
	if len(k) > 80 {
		k = k[:80] + "..."
	}
	return k
}

func (fe FieldErrors) add(id, m string) FieldErrors {
	if fe == nil {
		fe = FieldErrors{}
	}
	if _, ok := fe[id]; !ok {
		fe[id] = m
	}
	return fe
}

func parseValue(qu *Question, r json.RawMessage, lang string) (Value, string) {
	isNA := string(r) == `"n/a"`
	switch qu.Type {
	case TypeNote:
		return Value{}, msg(lang, msgNote)
	case TypeSingleChoice, TypeText, TypeLongText, TypeDate:
		var s string
		if json.Unmarshal(r, &s) != nil {
			if qu.Type == TypeSingleChoice {
				return Value{}, msg(lang, msgWantChoice)
			}
			return Value{}, msg(lang, msgWantText)
		}
		return Str(s), ""
	case TypeYesNo:
		if isNA {
			return NotApplicable(), ""
		}
		var s string
		if json.Unmarshal(r, &s) != nil {
			return Value{}, msg(lang, msgWantYesNo)
		}
		return Str(s), ""
	case TypeInteger, TypeDecimal, TypePercent, TypeCurrency:
		f, ok := parseNumber(r)
		if !ok {
			return Value{}, msg(lang, msgWantNumber)
		}
		return Num(f), ""
	case TypeLikert:
		if isNA {
			return NotApplicable(), ""
		}
		f, ok := parseNumber(r)
		if !ok {
			return Value{}, msg(lang, msgWantLevel, len(qu.Levels))
		}
		return Num(f), ""
	case TypeMultiChoice:
		var ids []string
		if json.Unmarshal(r, &ids) != nil {
			return Value{}, msg(lang, msgWantChoices)
		}
		if ids == nil {
			ids = []string{}
		}
		return List(ids...), ""
	case TypeMatrix:
		var rows map[string]json.RawMessage
		if json.Unmarshal(r, &rows) != nil || rows == nil {
			return Value{}, msg(lang, msgWantRows)
		}
		v := Value{Kind: KindMatrix, Rows: make(map[string]float64, len(rows))}
		for k, rr := range rows {
			if qu.Row(k) == nil {
				return Value{}, msg(lang, msgUnknownRow, safeKey(k))
			}
			rr = bytes.TrimSpace(rr)
			if string(rr) == "null" {
				continue
			}
			if string(rr) == `"n/a"` {
				v.Rows[k] = 0
				continue
			}
			f, ok := parseNumber(rr)
			if !ok || f < 1 {
				return Value{}, msg(lang, msgWantLevel, len(qu.Levels))
			}
			v.Rows[k] = f
		}
		return v, ""
	case TypeRubric:
		var obj map[string]json.RawMessage
		if json.Unmarshal(r, &obj) != nil || obj == nil {
			return Value{}, msg(lang, msgRubricShape)
		}
		v := Value{Kind: KindRubric}
		for k, rr := range obj {
			switch k {
			case "level":
				if string(bytes.TrimSpace(rr)) == `"n/a"` {
					v.Num = 0
					continue
				}
				f, ok := parseNumber(rr)
				if !ok || f < 1 {
					return Value{}, msg(lang, msgWantLevel, 4)
				}
				v.Num = f
			case "justification":
				if json.Unmarshal(rr, &v.Str) != nil {
					return Value{}, msg(lang, msgRubricShape)
				}
			case "evidence":
				if json.Unmarshal(rr, &v.Evidence) != nil {
					return Value{}, msg(lang, msgRubricShape)
				}
			default:
				return Value{}, msg(lang, msgRubricShape)
			}
		}
		if _, ok := obj["level"]; !ok {
			return Value{}, msg(lang, msgRubricShape)
		}
		return v, ""
	}
	return Value{}, msg(lang, msgUnknownQuestion)
}

// parseNumber accepts a JSON number that is finite as a float64.
func parseNumber(r json.RawMessage) (float64, bool) {
	r = bytes.TrimSpace(r)
	if len(r) == 0 || (r[0] != '-' && (r[0] < '0' || r[0] > '9')) {
		return 0, false
	}
	var f float64
	if json.Unmarshal(r, &f) != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// maxNumber bounds numeric answers: beyond it, sums and ratios lose meaning.
const maxNumber = 1e15

// defaultMaxLength is the text length limit when a question sets none.
func (qu *Question) maxLength() int {
	if qu.MaxLength > 0 {
		return qu.MaxLength
	}
	switch qu.Type {
	case TypeLongText:
		return 5000
	case TypeRubric:
		return 2000
	}
	return 500
}

const maxEvidenceLen = 2000

// kindOfType is the answer kind of each answerable question type.
var kindOfType = map[Type]Kind{
	TypeSingleChoice: KindString, TypeText: KindString, TypeLongText: KindString, TypeDate: KindString,
	TypeYesNo: KindString, TypeInteger: KindNumber, TypeDecimal: KindNumber, TypePercent: KindNumber,
	TypeCurrency: KindNumber, TypeLikert: KindNumber, TypeMultiChoice: KindList, TypeMatrix: KindMatrix,
	TypeRubric: KindRubric,
}

// checkShape is the draft-level check of one answer: its kind, its choice
// ids and levels, its text length, a finite and bounded number.
func (q *Questionnaire) checkShape(qu *Question, v Value, lang string) string {
	want := kindOfType[qu.Type]
	if v.Kind == KindNA {
		if !qu.AllowNA || (qu.Type != TypeYesNo && qu.Type != TypeLikert) {
			return msg(lang, msgNANotAllowed)
		}
		return ""
	}
	if v.Kind != want {
		return msg(lang, msgWrongKind)
	}
	switch qu.Type {
	case TypeSingleChoice:
		if qu.Choice(v.Str) == nil {
			return msg(lang, msgWantChoice)
		}
	case TypeYesNo:
		if v.Str != "yes" && v.Str != "no" {
			return msg(lang, msgWantYesNo)
		}
	case TypeText, TypeLongText:
		if utf8.RuneCountInString(v.Str) > qu.maxLength() {
			return msg(lang, msgTooLong, qu.maxLength())
		}
		if hasControl(v.Str, qu.Type == TypeLongText) {
			return msg(lang, msgControl)
		}
	case TypeDate:
		if _, err := time.Parse(time.DateOnly, v.Str); err != nil || len(v.Str) != 10 {
			return msg(lang, msgDate)
		}
	case TypeInteger, TypeDecimal, TypePercent, TypeCurrency:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) || math.Abs(v.Num) > maxNumber {
			return msg(lang, msgWantNumber)
		}
		if qu.Type == TypeInteger && v.Num != math.Trunc(v.Num) {
			return msg(lang, msgWantWhole)
		}
		if qu.Type == TypePercent && (v.Num < 0 || v.Num > 100) {
			return msg(lang, msgPercent)
		}
	case TypeLikert:
		if v.Num != math.Trunc(v.Num) || v.Num < 1 || int(v.Num) > len(qu.Levels) {
			return msg(lang, msgWantLevel, len(qu.Levels))
		}
	case TypeMultiChoice:
		seen := make(map[string]bool, len(v.List))
		for _, id := range v.List {
			c := qu.Choice(id)
			if c == nil {
				return msg(lang, msgWantChoice)
			}
			if seen[id] {
				return msg(lang, msgDuplicateChoice)
			}
			seen[id] = true
			if c.Exclusive && len(v.List) > 1 {
				return msg(lang, msgExclusive, c.Label.In(lang))
			}
		}
	case TypeMatrix:
		for k, r := range v.Rows {
			if qu.Row(k) == nil {
				return msg(lang, msgUnknownRow, safeKey(k))
			}
			if r == 0 && !qu.AllowNA {
				return msg(lang, msgNANotAllowed)
			}
			if r != math.Trunc(r) || r < 0 || int(r) > len(qu.Levels) {
				return msg(lang, msgWantLevel, len(qu.Levels))
			}
		}
	case TypeRubric:
		if v.Num == 0 && !qu.AllowNA {
			return msg(lang, msgNANotAllowed)
		}
		if v.Num != math.Trunc(v.Num) || v.Num < 0 || v.Num > 4 {
			return msg(lang, msgWantLevel, 4)
		}
		if utf8.RuneCountInString(v.Str) > qu.maxLength() {
			return msg(lang, msgTooLong, qu.maxLength())
		}
		if hasControl(v.Str, true) || hasControl(v.Evidence, false) {
			return msg(lang, msgControl)
		}
		if v.Evidence != "" && (len(v.Evidence) > maxEvidenceLen ||
			!(strings.HasPrefix(v.Evidence, "https://") || strings.HasPrefix(v.Evidence, "http://")) ||
			strings.ContainsAny(v.Evidence, " \"<>")) {
			return msg(lang, msgEvidence)
		}
	}
	return ""
}

// hasControl reports control characters other than newlines and tabs (when multiline).
func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			if multiline && (r == '\n' || r == '\t' || r == '\r') {
				continue
			}
			return true
		}
	}
	return false
}

// Digest returns a hex SHA-256 that identifies the answers: equal answers
// (as Equal says) have equal digests. It hashes a canonical, length-prefixed
// binary form (keys and matrix rows sorted), not JSON, so it is cheap.
func (a Answers) Digest() string {
	buf := make([]byte, 0, 64*len(a))
	num := func(n uint64) { buf = binary.BigEndian.AppendUint64(buf, n) }
	str := func(s string) {
		num(uint64(len(s)))
		buf = append(buf, s...)
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	num(uint64(len(keys)))
	var rows []string
	for _, k := range keys {
		v := a[k]
		str(k)
		num(uint64(v.Kind))
		str(v.Str)
		num(math.Float64bits(v.Num + 0)) // -0 + 0 is +0: Equal answers, equal digests
		str(v.Evidence)
		num(uint64(len(v.List)))
		for _, x := range v.List {
			str(x)
		}
		rows = rows[:0]
		for r := range v.Rows {
			rows = append(rows, r)
		}
		slices.Sort(rows)
		num(uint64(len(rows)))
		for _, r := range rows {
			str(r)
			num(math.Float64bits(v.Rows[r] + 0))
		}
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

// SortedIDs returns the answered question ids in questionnaire order;
// ids the questionnaire does not know come last, sorted.
func (q *Questionnaire) SortedIDs(a Answers) []string {
	ids := make([]string, 0, len(a))
	for id := range a {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		qi, qj := q.byID[ids[i]], q.byID[ids[j]]
		switch {
		case qi != nil && qj != nil:
			return qi.index < qj.index
		case qi != nil:
			return true
		case qj != nil:
			return false
		}
		return ids[i] < ids[j]
	})
	return ids
}
