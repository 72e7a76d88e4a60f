package scoring

import (
	"fmt"
	"maps"
	"math"
	"slices"
)

// FrozenRelease is a release as plain data, for storage: the snapshot it
// was made from and which cells it hides. RestoreRelease turns it back
// into the same Release (the audit is not run again: a release, once
// published, never changes).
type FrozenRelease struct {
	Campaign  string         `json:"campaign"`
	Number    int            `json:"number"`
	K         int            `json:"k"`
	Metrics   []MetricSpec   `json:"metrics"`
	Questions []QuestionSpec `json:"questions"`
	Refs      []string       `json:"refs,omitempty"`
	Report    ReleaseReport  `json:"report"`
	// IDs, Attrs, Values and Choices are the snapshot, one row per
	// association: Attrs along PubDims ("" for none), Values by metric
	// (NaN for none), Choices by question then reference (see SetChoice).
	IDs   []string    `json:"ids"`
	Attrs [][4]string `json:"attrs"`
	// Values is metric -> row.
	Values [][]float64 `json:"-"`
	// Choices is question (then reference) -> row.
	Choices [][]uint64 `json:"-"`
	// Hidden and NHidden are the keys of the cells hidden for every unit
	// (and with their n hidden too); Local the cells hidden for one
	// owner's units only.
	Hidden  []string            `json:"hidden"`
	NHidden []string            `json:"n_hidden,omitempty"`
	Local   map[string][]string `json:"local,omitempty"`
}

// Freeze returns the release as plain data.
func (r *Release) Freeze() *FrozenRelease {
	d := r.data
	f := &FrozenRelease{Campaign: r.Campaign, Number: r.Number, K: r.K, Metrics: slices.Clone(r.Metrics),
		Questions: slices.Clone(r.Questions), Refs: slices.Clone(r.refs), Report: r.Report,
		IDs: make([]string, d.Len()), Attrs: make([][4]string, d.Len()), Local: map[string][]string{}}
	for row := range d.Len() {
		f.IDs[row] = d.ID(row)
		for i, dim := range PubDims {
			if v := d.Attr(row, dim); v != Unknown {
				f.Attrs[row][i] = v
			}
		}
	}
	for i := range r.Metrics {
		col := make([]float64, d.Len())
		for row := range col {
			col[row] = math.NaN()
		}
		if c := r.metricCol[i]; c >= 0 {
			copy(col, d.Column(c))
		}
		f.Values = append(f.Values, col)
	}
	names := make([]string, 0, len(r.Questions)+len(r.refs))
	for _, q := range r.Questions {
		names = append(names, q.Name)
	}
	names = append(names, r.refs...)
	for _, name := range names {
		col := make([]uint64, d.Len())
		if c, ok := d.Choice(name); ok {
			for row := range col {
				col[row] = d.ChoiceValue(row, c)
			}
		}
		f.Choices = append(f.Choices, col)
	}
	f.Hidden, f.NHidden = r.cellKeys(r.hidden), r.cellKeys(r.nHidden)
	for _, owner := range slices.Sorted(maps.Keys(r.local)) {
		f.Local[owner] = r.cellKeys(r.local[owner])
	}
	return f
}

// cellKeys lists the keys of the flagged cells of the published levels.
func (r *Release) cellKeys(mask [][]bool) []string {
	var out []string
	for li := range r.finestLevel() {
		for c, on := range mask[li] {
			if on {
				out = append(out, r.lat.levels[li].cells[c].key)
			}
		}
	}
	return out
}

// RestoreRelease rebuilds a release from its frozen form.
func RestoreRelease(f *FrozenRelease) (*Release, error) {
	if len(f.Attrs) != len(f.IDs) || len(f.Values) != len(f.Metrics) || len(f.Choices) != len(f.Questions)+len(f.Refs) {
		return nil, fmt.Errorf("release %d of %s: snapshot sizes do not match", f.Number, f.Campaign)
	}
	names := make([]string, len(f.Metrics))
	for i, m := range f.Metrics {
		names[i] = m.Name
		if len(f.Values[i]) != len(f.IDs) {
			return nil, fmt.Errorf("release %d of %s: metric %s has %d values for %d rows", f.Number, f.Campaign, m.Name, len(f.Values[i]), len(f.IDs))
		}
	}
	d := NewDataset(names)
	d.Grow(len(f.IDs))
	cols := make([]int, 0, len(f.Choices))
	for _, q := range f.Questions {
		cols = append(cols, d.AddChoice(q.Name))
	}
	for _, ref := range f.Refs {
		cols = append(cols, d.AddChoice(ref))
	}
	for i, ch := range f.Choices {
		if len(ch) != len(f.IDs) {
			return nil, fmt.Errorf("release %d of %s: choice column %d has %d values for %d rows", f.Number, f.Campaign, i, len(ch), len(f.IDs))
		}
	}
	attrs := make(map[string]string, len(PubDims))
	for row, id := range f.IDs {
		clear(attrs)
		for i, dim := range PubDims {
			if v := f.Attrs[row][i]; v != "" {
				attrs[dim] = v
			}
		}
		d.Add(id, attrs)
		for m := range f.Metrics {
			d.Set(row, m, f.Values[m][row])
		}
		for i, c := range cols {
			d.SetChoice(row, c, f.Choices[i][row])
		}
	}
	r, err := newRelease(f.Campaign, f.Number, f.K, d, f.Metrics, f.Questions, f.Refs)
	if err != nil {
		return nil, err
	}
	r.Report = f.Report
	if err := r.markKeys(r.hidden, f.Hidden); err != nil {
		return nil, err
	}
	if err := r.markKeys(r.nHidden, f.NHidden); err != nil {
		return nil, err
	}
	for owner, keys := range f.Local {
		mask := r.newMask()
		if err := r.markKeys(mask, keys); err != nil {
			return nil, err
		}
		r.local[owner] = mask
	}
	r.computeStats()
	return r, nil
}

// markKeys flags the cells with the given keys.
func (r *Release) markKeys(mask [][]bool, keys []string) error {
	for _, key := range keys {
		found := false
		for li := range r.finestLevel() {
			if c, ok := r.lat.levels[li].index[key]; ok {
				mask[li][c] = true
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("release %d of %s: no cell %q in its snapshot", r.Number, r.Campaign, key)
		}
	}
	return nil
}
