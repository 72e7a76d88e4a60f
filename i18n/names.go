package i18n

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// LanguageName names the language of an ISO 639 code ("fr", "SW") in
// lang ("French", "swahili" in French) with CLDR's names
// (golang.org/x/text/language/display), or returns code itself when it
// is not a language code. Norwegian ("no") is Norwegian, not Bokmål.
func LanguageName(code, lang string) string {
	c := strings.ToLower(strings.TrimSpace(code))
	b, err := language.ParseBase(c)
	if err != nil {
		return code
	}
	namer := display.Languages(tags()[index(lang)])
	if name := namer.Name(b); name != "" {
		if c == "no" { // x/text names the macrolanguage after Bokmål
			name = strings.TrimSpace(strings.NewReplacer("Bokmål", "", "bokmål", "").Replace(name))
		}
		return name
	}
	return code
}

// Endonym is the name of one of Languages in itself, capitalised as at
// the start of a sentence ("Français", "العربية").
func Endonym(lang string) string {
	name := display.Self.Name(language.Make(lang))
	if name == "" {
		return lang
	}
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}
