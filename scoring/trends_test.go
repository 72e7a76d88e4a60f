package scoring

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// trendPeer builds a Peer in region with metric values from name, value pairs.
func trendPeer(id, region string, kv ...any) Peer {
	p := Peer{ID: id, Attrs: map[string]string{"region": region}, Values: map[string]float64{}}
	for i := 0; i < len(kv); i += 2 {
		p.Values[kv[i].(string)] = kv[i+1].(float64)
	}
	return p
}

func TestTrends(t *testing.T) {
	from := Campaign{
		ID: "2024-midterm",
		Peers: []Peer{
			trendPeer("A", "europe", "overall", 50.0, "item:q1", 100.0, "item:q2", 3.0),
			trendPeer("B", "europe", "overall", 70.0, "item:q1", 0.0),
			trendPeer("C", "europe", "overall", 60.0),
			trendPeer("D", "africa", "overall", 40.0),
			trendPeer("G", "africa", "overall", 20.0),
		},
		Kinds: map[string]string{"overall": "overall", "item:q1": "single_choice", "item:q2": "integer", "item:gone": "yes_no"},
	}
	to := Campaign{
		ID: "2026-midterm",
		Peers: []Peer{
			trendPeer("A", "europe", "overall", 60.0, "item:q1", 100.0, "item:q2", 3.5),
			trendPeer("B", "europe", "overall", 80.0),
			trendPeer("D", "africa", "overall", 50.0),
			trendPeer("E", "africa", "overall", 30.0, "item:q1", 50.0),
			trendPeer("F", "mena", "overall", 10.0),
		},
		Kinds: map[string]string{"overall": "overall", "item:q1": "single_choice", "item:q2": "decimal", "item:new": "likert"},
	}
	got := Trends(from, to, nil, []string{"region"}, 2)
	europe := map[string]string{"region": "europe"}
	africa := map[string]string{"region": "africa"}
	mena := map[string]string{"region": "mena"}
	all := map[string]string{}
	want := &Trend{
		From: "2024-midterm", To: "2026-midterm",
		Metrics: []string{"item:q1", "overall"},
		Associations: []AssociationTrend{
			{ID: "A", Changes: []Change{{"item:q1", 100, 100, 0}, {"overall", 50, 60, 10}}},
			{ID: "B", Changes: []Change{{"overall", 70, 80, 10}}},
			{ID: "D", Changes: []Change{{"overall", 40, 50, 10}}},
		},
		Groups: []GroupTrend{
			// n < 2k: the means only.
			{Key: "all", Attrs: all, Metric: "item:q1", FromN: 2, ToN: 2, FromMean: 50, ToMean: 75, DeltaMean: 25},
			{Key: "all", Attrs: all, Metric: "overall", FromN: 5, ToN: 5, FromMean: 48, ToMean: 46, DeltaMean: -2,
				MedianShown: true, FromMedian: 50, ToMedian: 50},
			{Key: "region=africa", Attrs: africa, Metric: "item:q1", FromN: 0, ToN: 1, DeltaN: 1, Suppressed: true},
			// Visible in 2024; in 2026 hidden as the smallest sibling of mena (n = 1).
			{Key: "region=africa", Attrs: africa, Metric: "overall", FromN: 2, ToN: 2, Suppressed: true},
			{Key: "region=europe", Attrs: europe, Metric: "item:q1", FromN: 2, ToN: 1, DeltaN: -1, Suppressed: true},
			{Key: "region=europe", Attrs: europe, Metric: "overall", FromN: 3, ToN: 2, DeltaN: -1, FromMean: 60, ToMean: 70, DeltaMean: 10},
			{Key: "region=mena", Attrs: mena, Metric: "item:q1", Suppressed: true},
			{Key: "region=mena", Attrs: mena, Metric: "overall", ToN: 1, DeltaN: 1, Suppressed: true},
		},
		NotComparable: []NotComparable{
			{Metric: "item:gone", Reason: "missing in 2026-midterm"},
			{Metric: "item:new", Reason: "missing in 2024-midterm"},
			{Metric: "item:q2", Reason: "changed type from integer to decimal"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Trends (-want +got):\n%s", diff)
	}
}

func TestTrendsRequestedMetrics(t *testing.T) {
	from := Campaign{ID: "a", Peers: []Peer{trendPeer("x", "europe", "overall", 1.0)}, Kinds: map[string]string{"overall": "overall"}}
	to := Campaign{ID: "b", Peers: []Peer{trendPeer("x", "europe", "overall", 2.0)}}
	got := Trends(from, to, []string{"overall", "area:financial", "overall"}, nil, 1)
	wantNC := []NotComparable{
		{Metric: "overall", Reason: "missing in b"},
		{Metric: "area:financial", Reason: "missing in a and b"},
	}
	if diff := cmp.Diff(wantNC, got.NotComparable); diff != "" {
		t.Errorf("NotComparable (-want +got):\n%s", diff)
	}
	if len(got.Metrics) != 0 || len(got.Groups) != 0 {
		t.Errorf("Metrics %v, Groups %v: want none", got.Metrics, got.Groups)
	}
	wantAssoc := []AssociationTrend{{ID: "x", Changes: []Change{}}}
	if diff := cmp.Diff(wantAssoc, got.Associations); diff != "" {
		t.Errorf("Associations (-want +got):\n%s", diff)
	}
}
