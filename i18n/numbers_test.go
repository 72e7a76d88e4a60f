package i18n

import "testing"

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		lang string
		want string
	}{
		{1234567, "en", "1,234,567"},
		{1234567.5, "en", "1,234,567.5"},
		{1234567.5, "fr", "1\u202f234\u202f567,5"},
		{1234567, "es", "1.234.567"},
		{0.126, "en", "0.13"},
		{-42, "en", "-42"},
		{1234, "zz", "1,234"},
		{1234567.5, "ar", "1,234,567.5"},
	} {
		if got := Number(tc.f, tc.lang); got != tc.want {
			t.Errorf("Number(%v, %s) = %q, want %q", tc.f, tc.lang, got, tc.want)
		}
	}
}
