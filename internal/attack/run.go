package attack

import (
	"github.com/assocbench/assocbench/scoring"
)

// Unit describes one published unit for Run.
type Unit struct {
	// Name is a metric, or a question whose options are units of their own.
	Name string
	// Options are a question's options (none: a metric).
	Options []string
	// Multi is true for a multiple choice.
	Multi bool
	// Bounded is true for scores (0-100).
	Bounded bool
	// Visible is true when analysts see consented associations' values.
	Visible bool
}

// UnitsOf lists the units of a release.
func UnitsOf(rel *scoring.Release) []Unit {
	var out []Unit
	for _, m := range rel.Metrics {
		out = append(out, Unit{Name: m.Name, Bounded: m.Bounded, Visible: m.Visible})
	}
	for _, q := range rel.Questions {
		out = append(out, Unit{Name: q.Name, Options: q.Options, Multi: q.Multi, Visible: q.Visible})
	}
	return out
}

// FromRelease reads a release as an analyst does (every grouping of every
// unit, through Release.Table and Release.Prevalence) and returns it with
// the side information of its snapshot.
func FromRelease(rel *scoring.Release) (*Published, []Row) {
	p := NewPublished(rel.K)
	var metrics []string
	for _, m := range rel.Metrics {
		metrics = append(metrics, m.Name)
	}
	for _, g := range Groupings() {
		if t, err := rel.Table(metrics, g); err == nil {
			p.AddTable(t)
		}
		for _, q := range rel.Questions {
			if t, err := rel.Prevalence(q.Name, g); err == nil {
				p.AddPrevalence(q.Name, t)
			}
		}
	}
	return p, RowsOf(rel.Data(), UnitsOf(rel))
}

// RowsOf returns the side information of a results dataset: each row's
// cell and values (metrics, and every option of every question: 1 when
// chosen, 0 otherwise, none when unanswered).
func RowsOf(d *scoring.Dataset, units []Unit) []Row {
	out := make([]Row, d.Len())
	for row := range d.Len() {
		r := Row{ID: d.ID(row), Attrs: map[string]string{}, Values: map[string]float64{}}
		for _, dim := range scoring.PubDims {
			r.Attrs[dim] = d.Attr(row, dim)
		}
		for _, u := range units {
			if len(u.Options) == 0 {
				if m, ok := d.Metric(u.Name); ok {
					if v, ok := d.Value(row, m); ok {
						r.Values[u.Name] = v
					}
				}
				continue
			}
			c, ok := d.Choice(u.Name)
			if !ok {
				continue
			}
			v := d.ChoiceValue(row, c)
			if v&scoring.Answered == 0 {
				continue
			}
			for i, o := range u.Options {
				r.Values[OptionUnit(u.Name, o)] = float64(v >> i & 1)
			}
		}
		out[row] = r
	}
	return out
}

// Run runs every attack on a campaign's releases (oldest first): the
// linear one on every unit over all of them, as an analyst (knowing the
// values of the associations in consented, for visible units) and as each
// association of own (knowing its own values); the bounds and the order
// statistics on the latest release. It returns what each found, by kind.
func Run(pubs []*Published, rows [][]Row, units []Unit, consented map[string]bool, own []string) map[string][]Recovery {
	a := New(pubs, rows)
	out := map[string][]Recovery{"linear": nil, "bounds": nil, "order": Order(pubs[len(pubs)-1])}
	knownFor := func(u Unit, self string) map[string]bool {
		k := map[string]bool{}
		if u.Visible {
			for id := range consented {
				k[id] = true
			}
		}
		if self != "" {
			k[self] = true
		}
		return k
	}
	for _, u := range units {
		names := []string{u.Name}
		top := 1.0
		if len(u.Options) == 0 {
			top = 100
		} else {
			names = names[:0]
			for _, o := range u.Options {
				names = append(names, OptionUnit(u.Name, o))
			}
		}
		for _, name := range names {
			for _, self := range append([]string{""}, own...) {
				out["linear"] = append(out["linear"], a.Linear(name, knownFor(u, self))...)
			}
			if len(u.Options) > 0 || u.Bounded {
				zeroSafe := len(u.Options) >= 3 && !u.Multi
				out["bounds"] = append(out["bounds"], a.Bounds(name, knownFor(u, ""), top, zeroSafe)...)
			}
		}
	}
	return out
}
