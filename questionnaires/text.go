package questionnaires

import "slices"

// DefaultLanguage is the language every text must exist in and the fallback of all others.
const DefaultLanguage = "en"

// Text is a multilingual string: language code -> text.
type Text map[string]string

// In returns the text in lang, falling back to English, then to any language
// (in a stable order), then to "".
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	if s, ok := t[DefaultLanguage]; ok && s != "" {
		return s
	}
	langs := make([]string, 0, len(t))
	for l := range t {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, l := range langs {
		if t[l] != "" {
			return t[l]
		}
	}
	return ""
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool {
	for _, s := range t {
		if s != "" {
			return false
		}
	}
	return true
}

// RTL reports whether lang is written right to left.
func RTL(lang string) bool {
	switch lang {
	case "ar", "fa", "he", "ur", "ps", "yi", "dv", "ku", "sd", "ug":
		return true
	}
	return false
}
