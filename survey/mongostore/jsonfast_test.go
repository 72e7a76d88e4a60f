package mongostore

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
)

// The fast appenders must write exactly what encoding/json writes.
func TestFastJSONMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	strs := []string{"", "plain", `quo"te`, `back\slash`, "line\nbreak\ttab\r", "\x00\x01\x1f", "é ü 中文 العربية",
		"<b>&amp;</b>", "\u2028\u2029", "emoji 🎉", "\x7f"}
	nums := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-7, 1e-6, 123456789.123, 1e20, 1e21, 1e300, -2.5e-9, 99.99999999999}
	for i := 0; i < 2000; i++ {
		a := questionnaires.Answers{}
		for j := 0; j < rng.IntN(6); j++ {
			id := strs[rng.IntN(len(strs))] + string(rune('a'+j))
			v := questionnaires.Value{Kind: questionnaires.Kind(rng.IntN(7)), Str: strs[rng.IntN(len(strs))],
				Num: nums[rng.IntN(len(nums))], Evidence: strs[rng.IntN(len(strs))]}
			if rng.IntN(2) == 0 {
				v.List = []string{}
				for range rng.IntN(3) {
					v.List = append(v.List, strs[rng.IntN(len(strs))])
				}
			}
			if rng.IntN(2) == 0 {
				v.Rows = map[string]float64{}
				for k := range rng.IntN(3) {
					v.Rows[strs[rng.IntN(len(strs))]+string(rune('a'+k))] = nums[rng.IntN(len(nums))]
				}
			}
			a[id] = v
		}
		want := map[string]valueDoc{}
		for id, v := range a {
			d := valueDoc{K: int32(v.Kind)}
			if v.Str != "" {
				d.S = &v.Str
			}
			if v.Num != 0 || math.Signbit(v.Num) {
				d.N = &v.Num
			}
			if v.List != nil {
				d.L = &v.List
			}
			if v.Rows != nil {
				d.R = &v.Rows
			}
			if v.Evidence != "" {
				d.E = &v.Evidence
			}
			want[id] = d
		}
		w, err := encodeJSON(want)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(appendAnswers(nil, a)); got != w {
			t.Fatalf("answers:\n got %s\nwant %s", got, w)
		}
		sd := scoresDoc{Scored: rng.IntN(2) == 0, Score: nums[rng.IntN(len(nums))], Maturity: strs[rng.IntN(len(strs))],
			Sections: map[string]float64{"s": nums[rng.IntN(len(nums))]}, Items: map[string]float64{}}
		w, err = encodeJSON(sd)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(appendScores(nil, &sd)); got != w {
			t.Fatalf("scores:\n got %s\nwant %s", got, w)
		}
	}
}
