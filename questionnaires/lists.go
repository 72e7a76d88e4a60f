package questionnaires

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Region is one of IFLA's six world regions, the regions of its Regional
// Council and Regional Division Committees.
type Region string

// The IFLA regions.
const (
	// RegionAfrica is Sub-Saharan Africa (North Africa is in RegionMENA).
	RegionAfrica Region = "africa"
	// RegionAsiaOceania is Asia (with Central Asia) and Oceania.
	RegionAsiaOceania Region = "asia-oceania"
	// RegionEurope is Europe, with Russia, Türkiye and the Caucasus.
	RegionEurope Region = "europe"
	// RegionLatinAmerica is Latin America and the Caribbean, Mexico included.
	RegionLatinAmerica Region = "latin-america-caribbean"
	// RegionMENA is the Middle East and North Africa.
	RegionMENA Region = "mena"
	// RegionNorthAmerica is Canada, the United States, Greenland, Bermuda
	// and Saint Pierre and Miquelon.
	RegionNorthAmerica Region = "north-america"
)

// Regions lists the IFLA regions in a stable order.
var Regions = []Region{
	RegionAfrica, RegionAsiaOceania, RegionEurope,
	RegionLatinAmerica, RegionMENA, RegionNorthAmerica,
}

// regionLabels are the regions' names in the languages of the built-in lists.
var regionLabels = map[Region]Text{
	RegionAfrica: {
		"en": "Sub-Saharan Africa", "fr": "Afrique subsaharienne",
		"es": "África subsahariana", "ar": "أفريقيا جنوب الصحراء الكبرى",
	},
	RegionAsiaOceania: {
		"en": "Asia and Oceania", "fr": "Asie et Océanie",
		"es": "Asia y Oceanía", "ar": "آسيا وأوقيانوسيا",
	},
	RegionEurope: {
		"en": "Europe", "fr": "Europe", "es": "Europa", "ar": "أوروبا",
	},
	RegionLatinAmerica: {
		"en": "Latin America and the Caribbean", "fr": "Amérique latine et Caraïbes",
		"es": "América Latina y el Caribe", "ar": "أمريكا اللاتينية والكاريبي",
	},
	RegionMENA: {
		"en": "Middle East and North Africa", "fr": "Moyen-Orient et Afrique du Nord",
		"es": "Oriente Medio y Norte de África", "ar": "الشرق الأوسط وشمال أفريقيا",
	},
	RegionNorthAmerica: {
		"en": "North America", "fr": "Amérique du Nord",
		"es": "América del Norte", "ar": "أمريكا الشمالية",
	},
}

// Label returns the region's name in lang (en, fr, es or ar; English
// otherwise). An unknown region is returned as it is.
func (r Region) Label(lang string) string {
	if t, ok := regionLabels[r]; ok {
		return t.In(lang)
	}
	return string(r)
}

// Valid reports whether r is one of the six IFLA regions.
func (r Region) Valid() bool {
	_, ok := regionLabels[r]
	return ok
}

// regionMembers assigns every ISO 3166-1 alpha-2 code currently assigned
// (249 codes: states, territories and uninhabited dependencies) to one IFLA
// region. It is also the source of the "countries" built-in list.
//
// IFLA publishes no country table, so the assignment follows these rules:
//   - MENA is the 22 members of the Arab League (Comoros, Djibouti,
//     Mauritania and Somalia included) plus Iran, Israel and Western Sahara.
//   - Türkiye, Cyprus, Russia and the Caucasus (Armenia, Azerbaijan,
//     Georgia) are in Europe, as in IFLA's Europe division.
//   - Central Asia, Afghanistan, Pakistan and Mongolia are in Asia-Oceania.
//   - Mexico, Central America and every Caribbean state or territory
//     (Puerto Rico and the U.S. Virgin Islands included) are in Latin
//     America and the Caribbean; North America is Canada, the United
//     States, Greenland, Bermuda and Saint Pierre and Miquelon.
//   - A territory goes where it lies, not with the state that governs it:
//     Réunion and Mayotte are in Africa, New Caledonia, Guam and the U.S.
//     Pacific islands in Asia-Oceania, French Guiana, the Falklands and
//     South Georgia in Latin America.
//   - Uninhabited territories go to the nearest region: Bouvet Island, the
//     French Southern Territories and the Chagos Archipelago (IO) to
//     Africa; Heard and McDonald Islands and Antarctica (whose largest
//     claims and gateways are Australian and New Zealand) to Asia-Oceania.
//
// Kosovo (XK) is not an ISO 3166-1 code and is not listed.
var regionMembers = map[Region]string{
	RegionAfrica: "AO BF BI BJ BV BW CD CF CG CI CM CV ER ET GA GH GM GN GQ GW " +
		"IO KE LR LS MG ML MU MW MZ NA NE NG RE RW SC SH SL SN SS ST SZ TD TF " +
		"TG TZ UG YT ZA ZM ZW",
	RegionMENA: "AE BH DJ DZ EG EH IL IQ IR JO KM KW LB LY MA MR OM PS QA SA " +
		"SD SO SY TN YE",
	RegionAsiaOceania: "AF AQ AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN " +
		"JP KG KH KI KP KR KZ LA LK MH MM MN MO MP MV MY NC NF NP NR NU NZ PF " +
		"PG PH PK PN PW SB SG TH TJ TK TL TM TO TV TW UM UZ VN VU WF WS",
	RegionEurope: "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR " +
		"GB GE GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO " +
		"PL PT RO RS RU SE SI SJ SK SM TR UA VA",
	RegionLatinAmerica: "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO " +
		"EC FK GD GF GP GS GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY " +
		"SR SV SX TC TT UY VC VE VG VI",
	RegionNorthAmerica: "BM CA GL PM US",
}

// regionIndex maps each country code to its region.
var regionIndex = sync.OnceValue(func() map[string]Region {
	idx := make(map[string]Region, 249)
	for _, r := range Regions {
		for _, code := range strings.Fields(regionMembers[r]) {
			idx[code] = r
		}
	}
	return idx
})

// RegionOf returns the IFLA region of a country given as an ISO 3166-1
// alpha-2 code (in upper or lower case), and false for a code that is not
// assigned.
func RegionOf(country string) (Region, bool) {
	r, ok := regionIndex()[strings.ToUpper(country)]
	return r, ok
}

// listLanguages are the languages every label of a built-in list exists in.
var listLanguages = []string{"en", "fr", "es", "ar"}

// listTags are the display languages of listLanguages, in the same order.
var listTags = []language.Tag{language.English, language.French, language.Spanish, language.Arabic}

// countryOverrides replace names that the CLDR data of golang.org/x/text
// still gives in a form that has since changed (North Macedonia 2019,
// Eswatini 2018, Türkiye 2022).
var countryOverrides = map[string]Text{
	"MK": {"en": "North Macedonia", "fr": "Macédoine du Nord", "es": "Macedonia del Norte", "ar": "مقدونيا الشمالية"},
	"SZ": {"en": "Eswatini", "fr": "Eswatini", "es": "Esuatini", "ar": "إسواتيني"},
	"TR": {"en": "Türkiye"},
}

// languageCodes are the ISO 639-1 codes of the "languages" built-in list:
// the official and working languages of library associations worldwide.
var languageCodes = []string{
	"af", "am", "ar", "bn", "cs", "da", "de", "el", "en", "es",
	"fa", "fi", "fr", "gn", "ha", "he", "hi", "ht", "hu", "hy",
	"id", "ig", "it", "ja", "ka", "kk", "km", "ko", "mg", "mn",
	"ms", "my", "ne", "nl", "no", "pl", "ps", "pt", "qu", "ro",
	"ru", "rw", "si", "so", "sv", "sw", "ta", "th", "tl", "tr",
	"uk", "ur", "uz", "vi", "xh", "yo", "zh", "zu",
}

// languageOverrides replace names that x/text does not give as wanted:
// it names "no" (Norwegian) after Bokmål, one of its two written forms.
var languageOverrides = map[string]Text{
	"no": {"en": "Norwegian", "fr": "Norvégien", "es": "Noruego", "ar": "النرويجية"},
}

// localise names x in every list language with names, taking a name from
// override first and falling back to English when x/text has none.
func localise(x any, names []display.Namer, override Text, transform func(string) string) Text {
	t := make(Text, len(listLanguages))
	for i, lang := range listLanguages {
		s := override[lang]
		if s == "" {
			s = names[i].Name(x)
			if transform != nil {
				s = transform(s)
			}
		}
		t[lang] = s
	}
	for _, lang := range listLanguages {
		if t[lang] == "" {
			t[lang] = t[DefaultLanguage]
		}
	}
	return t
}

// upperFirst upper-cases the first letter, as a name stands alone in a
// list: CLDR writes French and Spanish language names in lower case.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// sortByEnglish sorts choices by their English label, as an English
// reader expects (accents and case do not break the order).
func sortByEnglish(cs []Choice) {
	c := collate.New(language.English)
	slices.SortFunc(cs, func(a, b Choice) int {
		if d := c.CompareString(a.Label[DefaultLanguage], b.Label[DefaultLanguage]); d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// countryChoices is the "countries" list: every ISO 3166-1 alpha-2 code,
// upper case, named in en, fr, es and ar and sorted by English name.
var countryChoices = sync.OnceValue(func() []Choice {
	names := make([]display.Namer, len(listTags))
	for i, tag := range listTags {
		names[i] = display.Regions(tag)
	}
	idx := regionIndex()
	out := make([]Choice, 0, len(idx))
	for code := range idx {
		r := language.MustParseRegion(code)
		out = append(out, Choice{ID: code, Label: localise(r, names, countryOverrides[code], nil)})
	}
	sortByEnglish(out)
	return out
})

// languageChoices is the "languages" list: languageCodes named in en, fr,
// es and ar and sorted by English name.
var languageChoices = sync.OnceValue(func() []Choice {
	names := make([]display.Namer, len(listTags))
	for i, tag := range listTags {
		names[i] = display.Languages(tag)
	}
	out := make([]Choice, 0, len(languageCodes))
	for _, code := range languageCodes {
		b := language.MustParseBase(code)
		out = append(out, Choice{ID: code, Label: localise(b, names, languageOverrides[code], upperFirst)})
	}
	sortByEnglish(out)
	return out
})

// timezoneChoices is the "timezones" list: "UTC" first, then the IANA
// zones of zoneNames in alphabetical order, each labelled with its name
// ('_' read as a space) in every language.
var timezoneChoices = sync.OnceValue(func() []Choice {
	out := make([]Choice, 0, len(zoneNames)+1)
	for _, z := range append([]string{"UTC"}, zoneNames[:]...) {
		label := strings.ReplaceAll(z, "_", " ")
		t := make(Text, len(listLanguages))
		for _, lang := range listLanguages {
			t[lang] = label
		}
		out = append(out, Choice{ID: z, Label: t})
	}
	return out
})

// builtinLists are the lists a question's choices_from can name.
var builtinLists = map[string]func() []Choice{
	"countries": countryChoices,
	"languages": languageChoices,
	"timezones": timezoneChoices,
}

// builtinChoices returns the built-in choice list with the name
// ("countries", "timezones" or "languages"), and false for another name.
// The lists are built once; each call returns a fresh copy (labels
// included) that the caller may keep and modify.
func builtinChoices(name string) ([]Choice, bool) {
	list, ok := builtinLists[name]
	if !ok {
		return nil, false
	}
	shared := list()
	out := make([]Choice, len(shared))
	for i, c := range shared {
		c.Label = maps.Clone(c.Label)
		out[i] = c
	}
	return out, true
}

// BuiltinChoices returns a fresh copy of a built-in choice list:
// "countries", "timezones" or "languages".
func BuiltinChoices(name string) ([]Choice, bool) { return builtinChoices(name) }
