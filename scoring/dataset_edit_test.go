package scoring_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/assocbench/assocbench/scoring"
)

// TestDatasetEditsMatchARebuild changes a Dataset in place — new rows,
// removed rows, new attributes, cleared and rewritten values — and checks
// that it then holds exactly what a Dataset built afresh from the final
// state holds, row for row once sorted by id.
func TestDatasetEditsMatchARebuild(t *testing.T) {
	type rowState struct {
		attrs  map[string]string
		value  float64
		choice uint64
	}
	rng := rand.New(rand.NewPCG(1, 2))
	state := map[string]*rowState{}
	d := scoring.NewDataset([]string{"m"})
	ch := d.AddChoice("c")
	index := map[string]int{}
	regions := []string{"africa", "europe", "asia"}
	for step := range 400 {
		id := fmt.Sprintf("a%02d", rng.IntN(40))
		switch row, ok := index[id]; {
		case !ok:
			st := &rowState{attrs: map[string]string{"region": regions[rng.IntN(3)]}, value: float64(step), choice: scoring.Answered | 1<<rng.IntN(3)}
			if step > 200 {
				st.attrs["size"] = "large" // a dimension that earlier rows lack
			}
			state[id] = st
			r := d.Add(id, st.attrs)
			d.Set(r, 0, st.value)
			d.SetChoice(r, ch, st.choice)
			index[id] = r
		case rng.IntN(3) == 0:
			if moved := d.RemoveRow(row); moved != "" {
				index[moved] = row
			}
			delete(index, id)
			delete(state, id)
		default:
			st := state[id]
			st.attrs = map[string]string{"region": regions[rng.IntN(3)], "type": "national"}
			st.value, st.choice = float64(-step), 0
			d.SetAttrs(row, st.attrs)
			d.ClearRow(row)
			d.Set(row, 0, st.value)
		}
	}
	want := scoring.NewDataset([]string{"m"})
	wc := want.AddChoice("c")
	for _, id := range sortedKeys(state) {
		st := state[id]
		r := want.Add(id, st.attrs)
		want.Set(r, 0, st.value)
		want.SetChoice(r, wc, st.choice)
	}
	got := d.SortedByID()
	if got.Len() != want.Len() {
		t.Fatalf("%d rows, want %d", got.Len(), want.Len())
	}
	for row := range want.Len() {
		gp, wp := got.Peer(row), want.Peer(row)
		if fmt.Sprint(gp) != fmt.Sprint(wp) || got.ChoiceValue(row, ch) != want.ChoiceValue(row, wc) {
			t.Errorf("row %d: %v choice %x, want %v choice %x", row, gp, got.ChoiceValue(row, ch), wp, want.ChoiceValue(row, wc))
		}
	}
	for _, g := range [][]string{nil, {"region"}, {"region", "type"}, {"size"}} {
		a, b := scoring.BenchmarkDataset(got, []string{"m"}, g, 3), scoring.BenchmarkDataset(want, []string{"m"}, g, 3)
		if fmt.Sprint(a.All, a.Groups) != fmt.Sprint(b.All, b.Groups) {
			t.Errorf("%v: benchmarks differ after the edits", g)
		}
	}
}

// TestPublishIgnoresRowOrder publishes the same campaign with its rows in
// two orders: the releases must hide and show the same cells.
func TestPublishIgnoresRowOrder(t *testing.T) {
	in := pubCampaign(300, 9)
	rev := scoring.NewDataset(in.Data.Metrics())
	for _, name := range in.Data.Choices() {
		rev.AddChoice(name)
	}
	for row := in.Data.Len() - 1; row >= 0; row-- {
		p := in.Data.Peer(row)
		r := rev.Add(p.ID, p.Attrs)
		for m := range in.Data.Metrics() {
			rev.Set(r, m, in.Data.Column(m)[row])
		}
		for c := range in.Data.Choices() {
			rev.SetChoice(r, c, in.Data.ChoiceValue(row, c))
		}
	}
	a, err := scoring.Publish(in)
	if err != nil {
		t.Fatal(err)
	}
	in.Data = rev
	b, err := scoring.Publish(in)
	if err != nil {
		t.Fatal(err)
	}
	fa, fb := a.Freeze(), b.Freeze()
	if fmt.Sprint(fa.Hidden, fa.NHidden, fa.Local) != fmt.Sprint(fb.Hidden, fb.NHidden, fb.Local) {
		t.Errorf("the release hides other cells when the rows come in another order: %+v vs %+v", a.Report, b.Report)
	}
	if a.Report.UnitPublished == 0 || len(fa.Hidden) == 0 {
		t.Fatalf("published %d unit cells, hid %d: the comparison proves nothing", a.Report.UnitPublished, len(fa.Hidden))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
