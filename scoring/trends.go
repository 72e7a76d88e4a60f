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
	// FromMedian is the group's median in the earlier campaign; zero when Suppressed.
	FromMedian float64 `json:"from_median"`
	// ToMedian is the group's median in the later campaign; zero when Suppressed.
	ToMedian float64 `json:"to_median"`
	// DeltaMedian is ToMedian - FromMedian; zero when Suppressed.
	DeltaMedian float64 `json:"delta_median"`
	// Suppressed is true when the group is hidden in either campaign.
	Suppressed bool `json:"suppressed"`
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
	fl, tl := ft.data.lat, tt.data.lat
	for li := range fl.levels {
		keys := slices.Collect(maps.Keys(fl.levels[li].index))
		for key := range tl.levels[li].index {
			if _, ok := fl.levels[li].index[key]; !ok {
				keys = append(keys, key)
			}
		}
		slices.Sort(keys)
		for _, key := range keys {
			fc, inF := fl.levels[li].index[key]
			tc, inT := tl.levels[li].index[key]
			var attrs map[string]string
			if inF {
				attrs = fl.levels[li].cells[fc].attrs
			} else {
				attrs = tl.levels[li].cells[tc].attrs
			}
			for m, name := range tr.Metrics {
				fs, ts := Stats{Suppressed: true}, Stats{Suppressed: true}
				if inF {
					fs = ft.data.stats[m][li][fc]
				}
				if inT {
					ts = tt.data.stats[m][li][tc]
				}
				g := GroupTrend{
					Key: key, Attrs: maps.Clone(attrs), Metric: name,
					FromN: fs.N, ToN: ts.N, DeltaN: ts.N - fs.N,
					Suppressed: fs.Suppressed || ts.Suppressed,
				}
				if !g.Suppressed {
					g.FromMedian, g.ToMedian = fs.Median, ts.Median
					g.DeltaMedian = ts.Median - fs.Median
				}
				tr.Groups = append(tr.Groups, g)
			}
		}
	}
	return tr
}
