package reports

import (
	"math"
	"strconv"
)

// Round is the one rounding rule of every figure shown, in charts, page
// tables and words alike: to digits decimals, halves away from zero
// (12.5 % is 13 % everywhere; fmt's "%.0f" would say 12, rounding half
// to even). Workbooks keep full values and let the cell format round,
// which rounds the same way.
func Round(f float64, digits int) float64 {
	p := math.Pow10(digits)
	return math.Round(f*p) / p
}

// FormatRound writes Round(f, digits) with exactly digits decimals
// ("-0" written "0").
func FormatRound(f float64, digits int) string {
	r := Round(f, digits)
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', digits, 64)
}

// Percent writes a share (0..1) as a whole percentage, as the heat map
// draws it: "13%".
func Percent(share float64) string { return FormatRound(100*share, 0) + "%" }
