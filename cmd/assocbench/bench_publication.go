package main

import (
	"context"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"

	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// publication: building a release (every grouping, every metric and
// question, primary and secondary suppression with its exact audit)
// against its statistics alone — BenchmarkDataset of the same dataset for
// every grouping, no suppression audit — on a campaign of the demo's
// spread with the three scored questionnaires and consent from a third.
func (b *bench) publication(ctx context.Context) error {
	b.progress("publication: a campaign of %d associations (three questionnaires each)", b.n)
	if _, err := demo.Bulk(ctx, b.svc, demo.BulkOptions{Campaign: "bench-publication", Associations: b.n, Seed: 7,
		IDPrefix: "pub-", Consent: 1.0 / 3}); err != nil {
		return err
	}
	in, err := b.svc.PublicationInput(ctx, survey.System, "bench-publication")
	if err != nil {
		return err
	}
	var rel *scoring.Release
	ours, heap, err := timed(func() error {
		var err error
		rel, err = scoring.Publish(in)
		return err
	})
	if err != nil {
		return err
	}
	ms := in.Data.Metrics()
	floor, floorHeap, _ := timed(func() error {
		for _, g := range publishedGroupings() {
			scoring.BenchmarkDataset(in.Data, ms, g, in.K)
		}
		return nil
	})
	rep := rel.Report
	var rules []string
	for _, k := range slices.Sorted(maps.Keys(rep.HiddenBy)) {
		rules = append(rules, fmt.Sprintf("%s %d", k, rep.HiddenBy[k]))
	}
	b.add(stage{Name: "publication", Ours: "scoring.Publish: 15 groupings, every metric and question, audited",
		Floor: "BenchmarkDataset of the same metrics for the 15 groupings, no audit", N: b.n,
		OursSec: ours.Seconds(), FloorSec: floor.Seconds(), OursHeap: heap, FloorHeap: floorHeap,
		Note: fmt.Sprintf("%d of %d cells shown to every unit (%d after primary suppression alone); %d of %d unit cells (%d); hidden by %s; %d rounds",
			rep.Published, rep.Cells, rep.PublishedPrimary, rep.UnitPublished, rep.UnitCells, rep.UnitPublishedPrimary,
			strings.Join(rules, ", "), rep.Rounds)})
	return b.nextRelease(rel, in)
}

// nextRelease measures the scheduled release after a few submissions: the
// first release's input with three newcomers (copies of existing
// associations' values under new ids), audited against the first release.
func (b *bench) nextRelease(first *scoring.Release, in scoring.PublicationInput) error {
	in.Data = withNewcomers(in.Data, 3)
	in.Number, in.Earlier = first.Number+1, []*scoring.Release{first}
	var rel *scoring.Release
	ours, heap, err := timed(func() error {
		var err error
		rel, err = scoring.Publish(in)
		return err
	})
	if err != nil {
		return err
	}
	ms := in.Data.Metrics()
	floor, floorHeap, _ := timed(func() error {
		for _, g := range publishedGroupings() {
			scoring.BenchmarkDataset(in.Data, ms, g, in.K)
		}
		return nil
	})
	rep := rel.Report
	b.add(stage{Name: "publication, next release", Ours: "scoring.Publish after 3 new submissions, audited with the first release",
		Floor: "BenchmarkDataset of the same metrics for the 15 groupings, no audit", N: b.n,
		OursSec: ours.Seconds(), FloorSec: floor.Seconds(), OursHeap: heap, FloorHeap: floorHeap,
		Note: fmt.Sprintf("%d of %d cells shown to every unit (first release %d); hidden by difference %d, audit %d, family %d",
			rep.Published, rep.Cells, first.Report.Published, rep.HiddenBy["difference"], rep.HiddenBy["audit"], rep.HiddenBy["family"])})
	return nil
}

// withNewcomers returns a copy of d with n more rows: rows spread over d
// copied under new ids.
func withNewcomers(d *scoring.Dataset, n int) *scoring.Dataset {
	out := d.Clone()
	metrics, choices := d.Metrics(), d.Choices()
	for i := range n {
		src := (i*d.Len()/n + 1) % d.Len()
		row := out.Add(fmt.Sprintf("newcomer-%d", i), d.Peer(src).Attrs)
		for m := range metrics {
			out.Set(row, m, d.Column(m)[src])
		}
		for c := range choices {
			out.SetChoice(row, c, d.ChoiceValue(src, c))
		}
	}
	return out
}

// publishedGroupings are the groupings of a publication: all, each
// dimension, each pair and each triple of scoring.PubDims.
func publishedGroupings() [][]string {
	var out [][]string
	for m := 0; m < 1<<len(scoring.PubDims); m++ {
		if bits.OnesCount(uint(m)) > 3 {
			continue
		}
		var g []string
		for i, d := range scoring.PubDims {
			if m&(1<<i) != 0 {
				g = append(g, d)
			}
		}
		out = append(out, g)
	}
	return out
}
