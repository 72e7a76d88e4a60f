package scoring

import (
	"fmt"
	"maps"
	"slices"
)

// Campaign is one campaign's scored responses, for Trends.
type Campaign struct {
	// ID is the campaign id, e.g. "2026-midterm".
	ID string `json:"id"`
	// Peers is one entry per association with a submitted response.
	Peers []Peer `json:"peers"`
	// Kinds maps every metric the campaign's questionnaires define to a
	// signature of what it measures, e.g. "single_choice", "integer" or
	// "section". A metric that is missing from Kinds, or whose kind differs
	// between two campaigns, is not comparable between them.
	Kinds map[string]string `json:"kinds"`
}

// Change is the change of one metric of one association between two campaigns.
type Change struct {
	// Metric is the metric name.
	Metric string `json:"metric"`
	// From is the value in the earlier campaign.
	From float64 `json:"from"`
	// To is the value in the later campaign.
	To float64 `json:"to"`
	// Delta is To - From.
	Delta float64 `json:"delta"`
}

// AssociationTrend is the changes of one association present in both campaigns.
type AssociationTrend struct {
	// ID is the association id.
	ID string `json:"id"`
	// Changes lists, in metric order, every comparable metric the
	// association has a value for in both campaigns.
	Changes []Change `json:"changes"`
}

// GroupTrend is the change of one metric in one peer group between two campaigns.
type GroupTrend struct {
	// Key is the group's key, as in Group.
	Key string `json:"key"`
	// Attrs maps each dimension of the group to its value; empty for AllKey.
	Attrs map[string]string `json:"attrs"`
	// Metric is the metric name.
	Metric string `json:"metric"`
	// FromN is the group's n in the earlier campaign. FromN, ToN and
	// DeltaN are always shown.
	FromN int `json:"from_n"`
	// ToN is the group's n in the later campaign.
	ToN int `json:"to_n"`
	// DeltaN is ToN - FromN.
	DeltaN int `json:"delta_n"`
	// FromMean is the group's mean in the earlier campaign; zero when Suppressed.
	FromMean float64 `json:"from_mean"`
	// ToMean is the group's mean in the later campaign; zero when Suppressed.
	ToMean float64 `json:"to_mean"`
	// DeltaMean is ToMean - FromMean; zero when Suppressed.
	DeltaMean float64 `json:"delta_mean"`
	// MedianShown is true when both campaigns show the group's median
	// (at least 2k values in each).
	MedianShown bool `json:"median_shown"`
	// FromMedian is the group's median in the earlier campaign; zero unless MedianShown.
	FromMedian float64 `json:"from_median"`
	// ToMedian is the group's median in the later campaign; zero unless MedianShown.
	ToMedian float64 `json:"to_median"`
	// DeltaMedian is ToMedian - FromMedian; zero unless MedianShown.
	DeltaMedian float64 `json:"delta_median"`
	// Suppressed is true when the group is hidden in either campaign.
	Suppressed bool `json:"suppressed"`
	// NHidden is true when the group's n is hidden in either campaign
	// (then the n fields are zero).
	NHidden bool `json:"n_hidden,omitempty"`
}

// NotComparable is a metric that Trends cannot compare, and why.
type NotComparable struct {
	// Metric is the metric name.
	Metric string `json:"metric"`
	// Reason says why, e.g. "missing in 2026-midterm" or "changed type
	// from integer to decimal".
	Reason string `json:"reason"`
}

// Trend is the comparison of two campaigns.
type Trend struct {
	// From and To are the two campaigns' ids.
	From string `json:"from"`
	// To is the later campaign's id.
	To string `json:"to"`
	// Metrics is the comparable metrics, in the requested order.
	Metrics []string `json:"metrics"`
	// Associations is every association present in both campaigns, by id.
	Associations []AssociationTrend `json:"associations"`
	// Groups is every peer group of either campaign ("all", the
	// marginals, then the groups, as in Table) and comparable metric.
	Groups []GroupTrend `json:"groups"`
	// NotComparable lists the requested metrics that are not compared.
	NotComparable []NotComparable `json:"not_comparable"`
}

// Trends compares two campaigns: for each association present in both
// (matched by Peer.ID; the first entry of an id counts), the change of
// every comparable metric; for "all" and every peer group by groupBy, the
// change in n and in median. A group's membership follows each campaign's
// own attributes, so an association that changed size band moves group.
//
// metrics lists the metrics to compare; when empty, every metric in
// either campaign's Kinds, sorted. A metric missing from either campaign's
// Kinds or of a different kind in each is reported in NotComparable and
// left out of Associations and Groups.
//
// Groups follow the anonymity rules of Benchmark in each campaign with
// threshold k (DefaultK when k < 1): a group suppressed in either campaign
// shows only its two n. Association trends are an association's own
// values and carry no suppression: show them to that association only.
func Trends(from, to Campaign, metrics []string, groupBy []string, k int) *Trend {
	if len(metrics) == 0 {
		metrics = slices.Sorted(maps.Keys(from.Kinds))
		for m := range to.Kinds {
			if _, ok := from.Kinds[m]; !ok {
				metrics = append(metrics, m)
			}
		}
		slices.Sort(metrics)
	}
	k, metrics = normalize(k, metrics)
	tr := &Trend{From: from.ID, To: to.ID, Metrics: []string{}, Associations: []AssociationTrend{}, Groups: []GroupTrend{}, NotComparable: []NotComparable{}}
	for _, m := range metrics {
		fk, inFrom := from.Kinds[m]
		tk, inTo := to.Kinds[m]
		var reason string
		switch {
		case !inFrom && !inTo:
			reason = fmt.Sprintf("missing in %s and %s", from.ID, to.ID)
		case !inFrom:
			reason = "missing in " + from.ID
		case !inTo:
			reason = "missing in " + to.ID
		case fk != tk:
			reason = fmt.Sprintf("changed type from %s to %s", fk, tk)
		default:
			tr.Metrics = append(tr.Metrics, m)
			continue
		}
		tr.NotComparable = append(tr.NotComparable, NotComparable{Metric: m, Reason: reason})
	}

	byID := func(peers []Peer) map[string]Peer {
		out := make(map[string]Peer, len(peers))
		for _, p := range peers {
			if _, ok := out[p.ID]; !ok {
				out[p.ID] = p
			}
		}
		return out
	}
	fromPeers, toPeers := byID(from.Peers), byID(to.Peers)
	for _, id := range slices.Sorted(maps.Keys(fromPeers)) {
		tp, ok := toPeers[id]
		if !ok {
			continue
		}
		fp := fromPeers[id]
		at := AssociationTrend{ID: id, Changes: []Change{}}
		for _, m := range tr.Metrics {
			a, okA := fp.Values[m]
			b, okB := tp.Values[m]
			if okA && okB && isFinite(a) && isFinite(b) {
				at.Changes = append(at.Changes, Change{Metric: m, From: a, To: b, Delta: b - a})
			}
		}
		tr.Associations = append(tr.Associations, at)
	}

	ft := Benchmark(from.Peers, tr.Metrics, groupBy, k)
	tt := Benchmark(to.Peers, tr.Metrics, groupBy, k)
	tr.Groups = trendGroups(ft, tt, tr.Metrics)
	return tr
}

// TrendOf compares two releases (of two campaigns) cell by cell: for
// "all" and every group by groupBy, the change in n, mean and median of
// every metric, from the published figures only — a group hidden in
// either release is hidden here too, and a median is compared only where
// both releases show it. kinds (from the earlier and the later campaign)
// tell which metrics are comparable, as in Trends; Associations is empty:
// single associations' changes are not published.
func TrendOf(from, to *Release, fromKinds, toKinds map[string]string, metrics []string, groupBy []string) (*Trend, error) {
	tr := Trends(Campaign{ID: from.Campaign, Kinds: fromKinds}, Campaign{ID: to.Campaign, Kinds: toKinds}, metrics, nil, from.K)
	ft, err := from.Table(tr.Metrics, groupBy)
	if err != nil {
		return nil, err
	}
	tt, err := to.Table(tr.Metrics, groupBy)
	if err != nil {
		return nil, err
	}
	tr.Associations = []AssociationTrend{}
	tr.Groups = trendGroups(ft, tt, tr.Metrics)
	return tr, nil
}

// trendGroups compares two tables of the same grouping, group by group
// ("all", the marginals, then the groups, each in key order) and metric.
func trendGroups(ft, tt *Table, metrics []string) []GroupTrend {
	levels := func(t *Table) [][]Group {
		out := [][]Group{{t.All}}
		var cur []Group
		size := -1
		for _, g := range t.Marginals {
			if len(g.Attrs) != size && cur != nil {
				out = append(out, cur)
				cur = nil
			}
			size = len(g.Attrs)
			cur = append(cur, g)
		}
		if cur != nil {
			out = append(out, cur)
		}
		if len(t.GroupBy) > 0 {
			out = append(out, t.Groups)
		}
		return out
	}
	fl, tl := levels(ft), levels(tt)
	var out []GroupTrend
	for li := range max(len(fl), len(tl)) {
		byKey := map[string][2]*Group{}
		var keys []string
		add := func(gs [][]Group, side int) {
			if li >= len(gs) {
				return
			}
			for i := range gs[li] {
				g := &gs[li][i]
				e, ok := byKey[g.Key]
				if !ok {
					keys = append(keys, g.Key)
				}
				e[side] = g
				byKey[g.Key] = e
			}
		}
		add(fl, 0)
		add(tl, 1)
		slices.Sort(keys)
		for _, key := range keys {
			e := byKey[key]
			attrs := e[1].Attrs
			if e[0] != nil {
				attrs = e[0].Attrs
			}
			for _, m := range metrics {
				fs, ts := Stats{Suppressed: true}, Stats{Suppressed: true}
				if e[0] != nil {
					fs = e[0].Stats[m]
				}
				if e[1] != nil {
					ts = e[1].Stats[m]
				}
				g := GroupTrend{Key: key, Attrs: maps.Clone(attrs), Metric: m,
					Suppressed: fs.Suppressed || ts.Suppressed, NHidden: fs.NHidden || ts.NHidden}
				if !g.NHidden {
					g.FromN, g.ToN, g.DeltaN = fs.N, ts.N, ts.N-fs.N
				}
				if !g.Suppressed && fs.N > 0 && ts.N > 0 {
					g.FromMean, g.ToMean, g.DeltaMean = fs.Mean, ts.Mean, ts.Mean-fs.Mean
					if fs.QuartilesShown && ts.QuartilesShown {
						g.MedianShown = true
						g.FromMedian, g.ToMedian, g.DeltaMedian = fs.Median, ts.Median, ts.Median-fs.Median
					}
				}
				out = append(out, g)
			}
		}
	}
	return out
}
