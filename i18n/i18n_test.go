package i18n

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/feature/plural"
)

// all is every message with the map it is in.
func all() map[string]Text {
	out := map[string]Text{}
	for _, m := range []map[string]Text{pages, admin, admin2, mentoring, public, workbooks, validation, cli, counted} {
		maps.Copy(out, m)
	}
	return out
}

var verbs = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// wantForms are the plural categories lang uses for whole numbers.
func wantForms(lang string) []plural.Form {
	seen := map[plural.Form]bool{plural.Other: true}
	for n := range 1000 {
		seen[Form(lang, n)] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

func TestEveryMessageInEveryLanguage(t *testing.T) {
	n := 0
	for _, m := range []map[string]Text{pages, admin, admin2, mentoring, public, workbooks, validation, cli, counted} {
		n += len(m)
	}
	if len(all()) != n {
		t.Errorf("%d messages but %d keys: a key is in two maps", n, len(all()))
	}
	for key, text := range all() {
		_, isCounted := counted[key]
		var want []string
		for i, s := range text {
			lang := Languages[i]
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: no %s text", key, lang)
				continue
			}
			variants := []string{s}
			if isCounted {
				fs := forms(s)
				variants = slices.Collect(maps.Values(fs))
				for _, f := range wantForms(lang) {
					if _, ok := fs[f]; !ok {
						t.Errorf("%s (%s): no plural form %v", key, lang, f)
					}
				}
				if len(fs) != strings.Count(s, "|")+1 {
					t.Errorf("%s (%s): a form is not written category=text: %q", key, lang, s)
				}
			}
			for _, v := range variants {
				got := verbs.FindAllString(v, -1)
				if want == nil {
					want = got
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s (%s): format verbs %v in %q, want %v", key, lang, got, v, want)
				}
			}
		}
	}
}

// english is the English of a message: its "other" form when it is counted.
func english(key string, t Text) string {
	if _, ok := counted[key]; ok {
		return forms(t[0])[plural.Other]
	}
	return t[0]
}

func TestOnePhraseOneKey(t *testing.T) {
	keys := map[string][]string{}
	for key, text := range all() {
		en := english(key, text)
		keys[en] = append(keys[en], key)
	}
	for en, ks := range keys {
		if len(ks) > 1 {
			slices.Sort(ks)
			t.Errorf("%q has %d keys %v (and so maybe two translations): keep one", en, len(ks), ks)
		}
	}
}

// sources are the Go files (tests left out) and templates of the
// repository, outside this package.
func sources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "i18n", "node_modules", ".git", "testdata", "vendor":
				return filepath.SkipDir
			}
			return nil
		}
		if (strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go")) || strings.HasSuffix(p, ".html") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[p] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var literal = regexp.MustCompile(`"([a-z][a-z0-9_./-]*)(?:%s)?"`)

// A key is used when a source has it as a string literal, or a literal
// that it starts with up to a dot ("status." or "err.notfound" for keys
// completed at run time).
func TestEveryKeyUsed(t *testing.T) {
	lits := map[string]bool{}
	for _, src := range sources(t) {
		for _, m := range literal.FindAllStringSubmatch(src, -1) {
			lits[m[1]] = true
		}
	}
	if len(lits) < 200 {
		t.Fatalf("found %d string literals: the walk missed the sources", len(lits))
	}
	for key := range all() {
		used := lits[key]
		for i := range len(key) {
			if key[i] == '.' && (lits[key[:i]] || lits[key[:i+1]]) {
				used = true
			}
		}
		if !used {
			t.Errorf("key %q is used nowhere: delete it", key)
		}
	}
}

// lookups find the keys passed literally to T and N, in Go and in templates.
var lookups = regexp.MustCompile(`(?:\bi18n\.[TN]\([a-zA-Z."]+, |\.[TN] |[^.\w][TN]\()"([a-z0-9_./-]+)"`)

func TestEveryKeyExists(t *testing.T) {
	n := 0
	for name, src := range sources(t) {
		for _, m := range lookups.FindAllStringSubmatch(src, -1) {
			n++
			if strings.HasSuffix(m[1], ".") { // a prefix completed at run time
				continue
			}
			if !Has(m[1]) {
				t.Errorf("%s looks up %q, which the catalog lacks", name, m[1])
			}
		}
	}
	if n < 300 {
		t.Errorf("found only %d lookups: the pattern no longer matches the code", n)
	}
}

func TestPlurals(t *testing.T) {
	for _, tc := range []struct {
		lang, key string
		n         int
		args      []any
		want      string
	}{
		{"en", "submit.problems", 1, []any{1}, "1 answer needs attention before you can submit"},
		{"en", "submit.problems", 2, []any{2}, "2 answers need attention before you can submit"},
		{"fr", "submit.problems", 0, []any{0}, "0 réponse est à revoir avant de pouvoir soumettre"},
		{"fr", "submit.problems", 1, []any{1}, "1 réponse est à revoir avant de pouvoir soumettre"},
		{"es", "submit.problems", 1, []any{1}, "1 respuesta requiere atención antes de enviar"},
		{"ar", "submit.problems", 2, []any{2}, "2 إجابتان تحتاجان إلى مراجعة قبل الإرسال"},
		{"ar", "submit.problems", 3, []any{3}, "3 إجابات تحتاج إلى مراجعة قبل الإرسال"},
		{"ar", "submit.problems", 11, []any{11}, "11 إجابةً تحتاج إلى مراجعة قبل الإرسال"},
		{"ar", "submit.problems", 100, []any{100}, "100 إجابة تحتاج إلى مراجعة قبل الإرسال"},
		{"en", "cli.validate.failed", 1, []any{1, 1}, "1 of 1 questionnaire has errors"},
		{"fr", "cli.validate.failed", 1, []any{1, 1}, "1 questionnaire sur 1 comporte des erreurs"},
		{"es", "cli.validate.failed", 3, []any{2, 3}, "2 de 3 cuestionarios tienen errores"},
		{"en", "home.progress", 1, []any{0, 1}, "0 of 1 required answer given"},
		{"xx", "home.days", 1, []any{1}, "1 day"},
		{"en", "nav.survey", 1, nil, "Self-assessment"}, // not counted: as T
	} {
		if got := N(tc.lang, tc.key, tc.n, tc.args...); got != tc.want {
			t.Errorf("N(%s, %s, %d) = %q, want %q", tc.lang, tc.key, tc.n, got, tc.want)
		}
	}
	if got, want := T("en", "home.days", 5), "5 days"; got != want {
		t.Errorf("T of a counted message = %q, want its other form %q", got, want)
	}
}

func TestUnknownKeyPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("T of an unknown key did not panic")
		}
	}()
	T("en", "no.such.key")
}

func TestDates(t *testing.T) {
	deadline := time.Date(2027, 2, 1, 11, 59, 0, 0, time.UTC) // 31 January 2027 23:59 anywhere on earth
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	for _, tc := range []struct {
		lang string
		loc  *time.Location
		want string
	}{
		{"en", time.FixedZone("AoE", -12*3600), "31 January 2027 at 23:59 (AoE)"},
		{"fr", zone("Europe/Paris"), "1 février 2027 à 12:59 (Europe/Paris)"},
		{"es", zone("America/Bogota"), "1 de febrero de 2027, 6:59 (America/Bogota)"},
		{"ar", zone("Asia/Riyadh"), "1 فبراير 2027 في 2:59 م (Asia/Riyadh)"},
		{"ar", zone("Asia/Tokyo"), "1 فبراير 2027 في 8:59 م (Asia/Tokyo)"},
		{"en", time.UTC, "1 February 2027 at 11:59 (UTC)"},
	} {
		if got := DateTimeZone(deadline.In(tc.loc), tc.lang); got != tc.want {
			t.Errorf("DateTimeZone(%s, %s) = %q, want %q", tc.loc, tc.lang, got, tc.want)
		}
	}
	midnight := time.Date(2027, 3, 5, 0, 7, 0, 0, time.UTC)
	for lang, want := range map[string]string{"en": "00:07", "fr": "00:07", "es": "0:07", "ar": "12:07 ص"} {
		if got := Time(midnight, lang); got != want {
			t.Errorf("Time(00:07, %s) = %q, want %q", lang, got, want)
		}
	}
	if got, want := Date(midnight, "es"), "5 de marzo de 2027"; got != want {
		t.Errorf("Date(es) = %q, want %q", got, want)
	}
}

func TestLanguageNames(t *testing.T) {
	for _, tc := range []struct{ code, lang, want string }{
		{"fr", "en", "French"}, {"ES", "en", "Spanish"}, {"no", "en", "Norwegian"}, {"ar", "en", "Arabic"},
		{"Klingonese", "en", "Klingonese"}, {"sw", "fr", "swahili"}, {"en", "ar", "الإنجليزية"},
	} {
		if got := LanguageName(tc.code, tc.lang); got != tc.want {
			t.Errorf("LanguageName(%q, %s) = %q, want %q", tc.code, tc.lang, got, tc.want)
		}
	}
	for lang, want := range map[string]string{"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"} {
		if got := Endonym(lang); got != want {
			t.Errorf("Endonym(%s) = %q, want %q", lang, got, want)
		}
	}
	for locale, want := range map[string]string{"fr_FR.UTF-8": "fr", "C.UTF-8": "en", "": "en", "es": "es", "ar_EG": "ar", "de_DE": "en"} {
		if got := FromLocale(locale); got != want {
			t.Errorf("FromLocale(%q) = %q, want %q", locale, got, want)
		}
	}
}
