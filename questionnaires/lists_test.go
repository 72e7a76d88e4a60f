package questionnaires

import (
	"regexp"
	"testing"
	"time"
	_ "time/tzdata" // LoadLocation works without a system tz database

	"golang.org/x/text/language"
)

func TestRegionOf(t *testing.T) {
	tests := []struct {
		country string
		want    Region
		wantOK  bool
	}{
		{"FR", RegionEurope, true},
		{"fr", RegionEurope, true},
		{"DE", RegionEurope, true},
		{"RU", RegionEurope, true},
		{"TR", RegionEurope, true},
		{"GE", RegionEurope, true},
		{"CY", RegionEurope, true},
		{"NG", RegionAfrica, true},
		{"ZA", RegionAfrica, true},
		{"KE", RegionAfrica, true},
		{"RE", RegionAfrica, true},
		{"EG", RegionMENA, true},
		{"MA", RegionMENA, true},
		{"SA", RegionMENA, true},
		{"IR", RegionMENA, true},
		{"IL", RegionMENA, true},
		{"PS", RegionMENA, true},
		{"SO", RegionMENA, true},
		{"BR", RegionLatinAmerica, true},
		{"MX", RegionLatinAmerica, true},
		{"JM", RegionLatinAmerica, true},
		{"PR", RegionLatinAmerica, true},
		{"GF", RegionLatinAmerica, true},
		{"US", RegionNorthAmerica, true},
		{"CA", RegionNorthAmerica, true},
		{"GL", RegionNorthAmerica, true},
		{"BM", RegionNorthAmerica, true},
		{"PM", RegionNorthAmerica, true},
		{"AU", RegionAsiaOceania, true},
		{"JP", RegionAsiaOceania, true},
		{"KZ", RegionAsiaOceania, true},
		{"UZ", RegionAsiaOceania, true},
		{"IN", RegionAsiaOceania, true},
		{"NC", RegionAsiaOceania, true},
		{"GU", RegionAsiaOceania, true},
		{"AQ", RegionAsiaOceania, true},
		{"XK", "", false},
		{"ZZ", "", false},
		{"FRA", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := RegionOf(tt.country)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("RegionOf(%q) = %q, %v; want %q, %v", tt.country, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestRegionOfCoversEveryCountry(t *testing.T) {
	countries, ok := builtinChoices("countries")
	if !ok {
		t.Fatal(`builtinChoices("countries") not found`)
	}
	if got, want := len(countries), 249; got != want {
		t.Errorf("len(countries) = %d, want %d ISO 3166-1 codes", got, want)
	}
	perRegion := map[Region]int{}
	for _, c := range countries {
		if r, err := language.ParseRegion(c.ID); err != nil || !r.IsCountry() || r.String() != c.ID {
			t.Errorf("country %q is not an ISO 3166-1 alpha-2 code (x/text: %v, %v)", c.ID, r, err)
		}
		r, ok := RegionOf(c.ID)
		if !ok || !r.Valid() {
			t.Errorf("RegionOf(%q) = %q, %v; want a region", c.ID, r, ok)
			continue
		}
		perRegion[r]++
	}
	if got, want := len(regionIndex()), len(countries); got != want {
		t.Errorf("the region table has %d codes, the countries list %d", got, want)
	}
	for _, r := range Regions {
		if perRegion[r] == 0 {
			t.Errorf("region %q has no country", r)
		}
	}
}

func TestRegionMembersAreDisjoint(t *testing.T) {
	seen := map[string]Region{}
	for r, codes := range regionMembers {
		for _, code := range regexp.MustCompile(`\S+`).FindAllString(codes, -1) {
			if first, dup := seen[code]; dup {
				t.Errorf("%s is in both %s and %s", code, first, r)
			}
			seen[code] = r
		}
	}
	if got, want := len(regionMembers), len(Regions); got != want {
		t.Errorf("regionMembers has %d regions, want %d", got, want)
	}
}

func TestRegionLabel(t *testing.T) {
	if got, want := len(Regions), 6; got != want {
		t.Fatalf("len(Regions) = %d, want %d", got, want)
	}
	seen := map[string]Region{}
	for _, r := range Regions {
		if !r.Valid() {
			t.Errorf("%q.Valid() = false, want true", r)
		}
		for _, lang := range listLanguages {
			got := r.Label(lang)
			if got == "" || got == string(r) {
				t.Errorf("%q.Label(%q) = %q, want a name", r, lang, got)
			}
			if other, dup := seen[lang+":"+got]; dup {
				t.Errorf("%q and %q share the %s label %q", other, r, lang, got)
			}
			seen[lang+":"+got] = r
		}
	}
	tests := []struct {
		r    Region
		lang string
		want string
	}{
		{RegionMENA, "en", "Middle East and North Africa"},
		{RegionLatinAmerica, "es", "América Latina y el Caribe"},
		{RegionEurope, "ar", "أوروبا"},
		{RegionAsiaOceania, "fr", "Asie et Océanie"},
		{RegionNorthAmerica, "de", "North America"},
		{Region("antarctica"), "en", "antarctica"},
	}
	for _, tt := range tests {
		if got := tt.r.Label(tt.lang); got != tt.want {
			t.Errorf("%q.Label(%q) = %q, want %q", tt.r, tt.lang, got, tt.want)
		}
	}
	if Region("antarctica").Valid() {
		t.Error(`Region("antarctica").Valid() = true, want false`)
	}
}

func TestListBuiltinChoices(t *testing.T) {
	tests := []struct {
		name    string
		id      *regexp.Regexp
		min     int
		firstID []string
	}{
		// Åland Islands sorts as an English reader expects, not after Z.
		{"countries", regexp.MustCompile(`^[A-Z]{2}$`), 249, []string{"AF", "AX", "AL"}},
		{"languages", regexp.MustCompile(`^[a-z]{2}$`), 40, []string{"af", "am", "ar"}},
		{"timezones", regexp.MustCompile(`^(UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+)+)$`), 300, []string{"UTC", "Africa/Abidjan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, ok := builtinChoices(tt.name)
			if !ok {
				t.Fatalf("builtinChoices(%q) not found", tt.name)
			}
			if len(cs) < tt.min {
				t.Errorf("len = %d, want at least %d", len(cs), tt.min)
			}
			for i, want := range tt.firstID {
				if i >= len(cs) || cs[i].ID != want {
					t.Errorf("choice %d is not %q: the list is not in order", i, want)
				}
			}
			seen := map[string]bool{}
			for _, c := range cs {
				if !tt.id.MatchString(c.ID) {
					t.Errorf("id %q does not match %s", c.ID, tt.id)
				}
				if seen[c.ID] {
					t.Errorf("duplicate id %q", c.ID)
				}
				seen[c.ID] = true
				if c.Points != nil || c.Exclusive {
					t.Errorf("choice %q has points or is exclusive", c.ID)
				}
				for _, lang := range listLanguages {
					if c.Label[lang] == "" {
						t.Errorf("choice %q has no %s label", c.ID, lang)
					}
				}
			}
		})
	}
}

func TestListLabels(t *testing.T) {
	tests := []struct {
		list, id, lang, want string
	}{
		{"countries", "FR", "en", "France"},
		{"countries", "DE", "fr", "Allemagne"},
		{"countries", "DE", "es", "Alemania"},
		{"countries", "EG", "ar", "مصر"},
		{"countries", "MK", "en", "North Macedonia"},
		{"countries", "SZ", "fr", "Eswatini"},
		{"countries", "TR", "en", "Türkiye"},
		{"countries", "TR", "fr", "Turquie"},
		{"languages", "fr", "en", "French"},
		{"languages", "fr", "fr", "Français"},
		{"languages", "de", "es", "Alemán"},
		{"languages", "sw", "ar", "السواحلية"},
		{"languages", "no", "en", "Norwegian"},
		{"timezones", "America/New_York", "en", "America/New York"},
		{"timezones", "Africa/Dar_es_Salaam", "ar", "Africa/Dar es Salaam"},
		{"timezones", "UTC", "fr", "UTC"},
	}
	for _, tt := range tests {
		cs, _ := builtinChoices(tt.list)
		got := "(missing)"
		for _, c := range cs {
			if c.ID == tt.id {
				got = c.Label[tt.lang]
			}
		}
		if got != tt.want {
			t.Errorf("%s %s label in %s = %q, want %q", tt.list, tt.id, tt.lang, got, tt.want)
		}
	}
}

func TestListUnknown(t *testing.T) {
	for _, name := range []string{"", "country", "Countries", "currencies"} {
		if cs, ok := builtinChoices(name); ok || cs != nil {
			t.Errorf("builtinChoices(%q) = %d choices, %v; want nil, false", name, len(cs), ok)
		}
	}
}

func TestListFreshCopy(t *testing.T) {
	for name := range builtinLists {
		a, _ := builtinChoices(name)
		wantID, wantLabel := a[0].ID, a[0].Label["en"]
		a[0].ID = "changed"
		a[0].Label["en"] = "changed"
		b, _ := builtinChoices(name)
		if b[0].ID != wantID || b[0].Label["en"] != wantLabel {
			t.Errorf("%s: changing a returned list changed the shared one: got %q %q, want %q %q",
				name, b[0].ID, b[0].Label["en"], wantID, wantLabel)
		}
	}
}

func TestListTimezonesLoad(t *testing.T) {
	cs, _ := builtinChoices("timezones")
	for _, c := range cs {
		if _, err := time.LoadLocation(c.ID); err != nil {
			t.Errorf("time.LoadLocation(%q): %v", c.ID, err)
		}
	}
}
