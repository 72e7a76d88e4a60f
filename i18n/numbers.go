package i18n

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Number writes f for people reading lang: the language's thousands
// separators and decimal mark (CLDR), Latin digits (as the dates, also
// in Arabic), at most two decimals. It is for display only; stored
// values keep their full precision.
func Number(f float64, lang string) string {
	tag, err := language.Parse(Lang(lang) + "-u-nu-latn")
	if err != nil {
		tag = language.English
	}
	s := message.NewPrinter(tag).Sprint(number.Decimal(f, number.MaxFractionDigits(2)))
	if Lang(lang) == "fr" {
		// CLDR groups French digits with a narrow no-break space (as the
		// browsers' Intl.NumberFormat does); x/text's data still has U+00A0
		s = strings.ReplaceAll(s, "\u00a0", "\u202f")
	}
	return s
}
