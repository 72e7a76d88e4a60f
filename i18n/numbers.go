package i18n

import (
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
	return message.NewPrinter(tag).Sprint(number.Decimal(f, number.MaxFractionDigits(2)))
}
