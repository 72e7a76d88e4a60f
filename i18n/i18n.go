package i18n

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Languages are the languages of assocbench's own text, English (the
// fallback of every other) first.
var Languages = []string{"en", "fr", "es", "ar"}

// Default is the language used when a requested one is not in Languages.
const Default = "en"

// Text is a message in each of Languages, in that order.
type Text [4]string

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return slices.Contains(Languages, lang) }

// Lang returns lang when it is one of Languages, else Default.
func Lang(lang string) string {
	if Supported(lang) {
		return lang
	}
	return Default
}

// index is the position of lang in Languages (0, English, when unknown).
func index(lang string) int { return max(0, slices.Index(Languages, lang)) }

// lookup returns the wording of key in lang and whether it is counted.
func lookup(key, lang string) (string, bool) {
	i := index(lang)
	for _, m := range []map[string]Text{pages, admin, admin2, mentoring, public, workbooks, validation, cli} {
		if t, ok := m[key]; ok {
			return t[i], false
		}
	}
	if t, ok := counted[key]; ok {
		return t[i], true
	}
	panic("i18n: no message " + key)
}

// Has reports whether the catalog has key.
func Has(key string) bool {
	for _, m := range []map[string]Text{pages, admin, admin2, mentoring, public, workbooks, validation, cli, counted} {
		if _, ok := m[key]; ok {
			return true
		}
	}
	return false
}

// T returns the message key in lang (English for a language not in
// Languages), formatted with args when there are any. A counted message
// gets its "other" form: use N for those.
func T(lang, key string, args ...any) string {
	s, isCounted := lookup(key, lang)
	if isCounted {
		s = forms(s)[plural.Other]
	}
	return format(s, args)
}

// N returns the counted message key in lang in the plural form that n
// takes in lang by the CLDR rules, formatted with args (n is not added
// to them: pass it where the message has its verb).
func N(lang, key string, n int, args ...any) string {
	s, isCounted := lookup(key, lang)
	if isCounted {
		fs := forms(s)
		f, ok := fs[Form(lang, n)]
		if !ok {
			f = fs[plural.Other]
		}
		s = f
	}
	return format(s, args)
}

func format(s string, args []any) string {
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Form is the CLDR plural category of the whole number n in lang.
func Form(lang string, n int) plural.Form {
	if n < 0 {
		n = -n
	}
	return plural.Cardinal.MatchPlural(tags()[index(lang)], n, 0, 0, 0, 0)
}

// tags are the language tags of Languages.
var tags = sync.OnceValue(func() []language.Tag {
	out := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		out[i] = language.MustParse(l)
	}
	return out
})

// formNames are the categories as they are written in counted messages.
var formNames = map[string]plural.Form{"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other}

// forms splits the wording of a counted message, "one=...|other=...",
// into its forms.
func forms(s string) map[plural.Form]string {
	out := map[plural.Form]string{}
	for _, part := range strings.Split(s, "|") {
		name, text, ok := strings.Cut(part, "=")
		if f, known := formNames[name]; ok && known {
			out[f] = text
		}
	}
	return out
}

// FromLocale returns the language of a POSIX locale such as
// "fr_FR.UTF-8" (LC_ALL, LC_MESSAGES, LANG) when it is one of Languages,
// else Default.
func FromLocale(locale string) string {
	l, _, _ := strings.Cut(locale, ".")
	l, _, _ = strings.Cut(l, "_")
	l, _, _ = strings.Cut(l, "-")
	return Lang(strings.ToLower(l))
}
