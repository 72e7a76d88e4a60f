package web

import "github.com/assocbench/assocbench/i18n"

// The pages' own words are in the one catalog (package i18n);
// questionnaire text comes from the definitions (Text.In).

// T translates a message of the catalog into the page's language.
func (p *page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// N translates a counted message into the page's language, in the plural
// form of n.
func (p *page) N(key string, n int, args ...any) string { return i18n.N(p.Lang, key, n, args...) }

// Suppressed says why a cell shows no value: its group has fewer than k
// responses, or it is hidden so that a smaller group cannot be recovered.
func (p *page) Suppressed(k, n int) string {
	if n < k {
		return p.N("suppressed", k, k, n)
	}
	return p.T("suppressed.other", n)
}
