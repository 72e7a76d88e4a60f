package scoring

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// The publication: one gate for everything published.
//
// Every statistic about associations that leaves the server to anyone but
// an administrator or the association itself is read from a Release: a
// frozen publication of one campaign, built by Publish from the
// campaign's submitted results at one moment (when the campaign closes,
// when an administrator publishes, or on a schedule). A release covers
// the whole lattice of groupings the product offers — "all", each of
// region, size, budget and type, each pair and each triple (PubDims) —
// for every metric (MetricSpec), the prevalence of every choice question
// and the distribution of every maturity level (QuestionSpec). Tables,
// pages, charts, workbooks, trends and mentoring views are cut out of it
// (Table, Prevalence, TrendOf) and never computed on the side.
//
// The rules, applied by Publish:
//
//  1. Primary suppression. A cell in which some unit (a metric, a
//     question) has 1 to k-1 values shows n only. Under 2k also: a
//     question's cell where one option holds all or all but one of its
//     members (for a multiple choice, where an option is chosen by all
//     or all but one, or by at most one); a bounded metric's cell (scores
//     on 0-100) whose mean, with the bounds, pins every member or every
//     member but one within ±0.5 points (all or nearly all at 0 or at
//     100); and, for the counts within a region x type cell (which the
//     association list names), a size or budget band holding all or all
//     but one of its members: then the n of those cells is hidden too.
//  2. One pattern for the scores tied by identities. A cell hidden for
//     the overall, an impact-area, an area or a section score or a
//     maturity level (MetricSpec.Shared) is hidden for every unit, in
//     every table, so that the identities between them (the overall score
//     is the mean of the areas, an area the weighted mean of its sections)
//     cannot recover what one of them hides. An item's points, an
//     indicator's value and a question's prevalence are hidden cell by
//     cell for their owner (an item and the question it scores share one),
//     on top of the shared cells.
//  3. Secondary suppression, jointly over every table of every release of
//     the campaign: cells are hidden until an exact audit (audit.go) finds
//     that no hidden cell's total and no single association's value is
//     determined by everything published — all cells of this release and
//     of every earlier one, plus what an analyst may legitimately know
//     (the values of associations that consented) or what an association
//     knows (its own values). Unknowns are the finest cells split by the
//     releases in which their members counted; the test is a rank test
//     modulo a large prime. Bounds are tried too (bounds.go): hidden
//     totals pinned by scores lying in 0-100 and counts in 0-n.
//  4. Order statistics: the median and the quartiles only from 2k values,
//     the 10th and 90th percentiles only from 4k, minimum and maximum
//     never. Means and quantiles are rounded to one decimal.
//
// What is not protected is written in the README (Confidentiality): the
// number of associations in each group, and what a large published group
// says of all its members when they all gave the same answer.

// PubDims are the dimensions of every publication, in lattice order.
var PubDims = []string{"region", "size", "budget", "type"}

// MetricSpec describes one published metric (a column of the results).
type MetricSpec struct {
	// Name is the metric's column name in the Dataset (see Metrics).
	Name string `json:"name"`
	// Bounded is true for scores, which lie in [0, 100]: the audit then
	// assumes an attacker uses those bounds.
	Bounded bool `json:"bounded,omitempty"`
	// Visible is true when analysts may see the values of associations that
	// consented (area, section and overall scores); false for values that
	// stay hidden even with consent (item points, indicator values).
	Visible bool `json:"visible,omitempty"`
	// Shared is true for the scores tied together by identities (the
	// overall score is the mean of the areas, an area the weighted mean of
	// its sections; a maturity level follows from its area's score): a cell
	// hidden for one of them is hidden for every unit. Other units (item
	// points, indicator values, the prevalence of a question) are hidden
	// cell by cell for their owner alone, on top of the shared cells.
	Shared bool `json:"shared,omitempty"`
	// Owner groups units that must share their own suppression (an item's
	// points and the prevalence of the question it scores); empty: the
	// metric is its own owner.
	Owner string `json:"owner,omitempty"`
}

// QuestionSpec describes one published choice column: the prevalence of a
// choice or yes/no question, or a maturity-level distribution.
type QuestionSpec struct {
	// Name is the choice column's name in the Dataset (see AddChoice).
	Name string `json:"name"`
	// Options are the option ids, bit i of a choice value being Options[i].
	Options []string `json:"options"`
	// Multi is true for a multiple choice (several options per answer).
	Multi bool `json:"multi,omitempty"`
	// Visible is true when analysts may see the answer of associations that
	// consented (maturity levels).
	Visible bool `json:"visible,omitempty"`
	// Shared and Owner are as in MetricSpec.
	Shared bool `json:"shared,omitempty"`
	// Owner groups units that share their own suppression, as in MetricSpec.
	Owner string `json:"owner,omitempty"`
}

// PublicationInput is what a release is built from.
type PublicationInput struct {
	// Campaign is the campaign id.
	Campaign string
	// Number is the release's number, 1 for the first.
	Number int
	// K is the anonymity threshold (DefaultK when below 1).
	K int
	// Data holds one row per association with a submitted response: its
	// peer attributes along PubDims, the metrics' columns and the
	// questions' choice columns. Publish keeps a copy, not Data itself.
	Data *Dataset
	// Metrics and Questions are the published units; columns of Data not
	// named here are not published.
	Metrics []MetricSpec
	// Questions are the published choice columns.
	Questions []QuestionSpec
	// Refs names choice columns of Data kept in the release's snapshot but
	// not published, e.g. who submitted each questionnaire.
	Refs []string
	// Consented is the associations whose Visible values analysts may
	// see: every association that consented at any time in the campaign.
	Consented map[string]bool
	// Earlier is the campaign's earlier releases, oldest first; the audit
	// treats them as published.
	Earlier []*Release
	// NoSecondary bypasses secondary suppression (primary rules only), and
	// AllQuantiles the order-statistic rules (quantiles from k values, the
	// minimum and maximum from 2k: the rules before the gate). They exist
	// for the attacker tests, which must find leaks in such a release;
	// never publish one.
	NoSecondary bool
	// AllQuantiles: see NoSecondary.
	AllQuantiles bool
}

// ReleaseReport says what a release hid and why, and what it cost.
type ReleaseReport struct {
	// Cells is the number of non-empty cells of the published groupings.
	Cells int `json:"cells"`
	// Published is the number of those cells not hidden for every unit
	// (some units may still hide them for themselves: see UnitPublished).
	Published int `json:"published"`
	// PublishedPrimary is how many would be after primary suppression
	// alone: Published/Cells against PublishedPrimary/Cells is the utility
	// that secondary suppression costs.
	PublishedPrimary int `json:"published_primary"`
	// UnitCells is the number of (unit, cell) pairs with values, over every
	// published unit; UnitPublished how many of them show statistics, and
	// UnitPublishedPrimary how many would after primary suppression alone.
	UnitCells int `json:"unit_cells"`
	// UnitPublished is the number of (unit, cell) pairs shown.
	UnitPublished int `json:"unit_published"`
	// UnitPublishedPrimary is UnitPublished after primary suppression alone.
	UnitPublishedPrimary int `json:"unit_published_primary"`
	// HiddenBy counts hidden cells by the rule that first hid them:
	// "k" (fewer than k values), "unanimity" (a near-unanimous question),
	// "extreme" (a bounded metric pinned by its bounds), "counts" (a size
	// or budget band near-unanimous within region x type: n hidden too),
	// "family" (the only hidden member of a family), "difference" (changed
	// by fewer than k associations since an earlier release published it:
	// pubdiff.go), "audit" (the exact
	// rank audit), "bounds" (pinned by the bounds) and "all" (fewer than k
	// associations in all). Cells hidden for one owner only are counted in
	// LocalHidden, not here.
	HiddenBy map[string]int `json:"hidden_by"`
	// LocalHidden is the number of (unit, cell) pairs hidden for one unit
	// only (a cell where it has fewer values than its reference).
	LocalHidden int `json:"local_hidden"`
	// Rounds is the number of audit rounds until nothing leaked.
	Rounds int `json:"rounds"`
	// Audits is the number of systems solved in the last round.
	Audits int `json:"audits"`
	// Unresolved is the number of leaks no repair could close (always 0;
	// anything else is a defect of the gate).
	Unresolved int `json:"unresolved,omitempty"`
	// Took is how long Publish took.
	Took time.Duration `json:"took"`
}

// Release is one frozen publication of a campaign (see the comment at the
// top of publication.go). It is immutable and safe for concurrent use.
type Release struct {
	// Campaign is the campaign id.
	Campaign string
	// Number is 1 for the campaign's first release, then 2, 3, ...
	Number int
	// K is the anonymity threshold applied.
	K int
	// Metrics and Questions are the published units.
	Metrics []MetricSpec
	// Questions are the published choice columns.
	Questions []QuestionSpec
	// Report says what was hidden and why.
	Report ReleaseReport

	data      *Dataset // the snapshot the release was made from
	refs      []string // reference columns kept in data
	leafOf    []int    // row -> finest cell
	leafN     []int    // finest cell -> rows
	lat       *lattice // the cells of PubDims over data
	hidden    [][]bool // level -> cell: hidden for every unit
	nHidden   [][]bool // level -> cell: n hidden too
	local     map[string][][]bool
	metricCol []int         // metric spec -> column of data (-1: none)
	choiceCol []int         // question spec -> choice column of data (-1: none)
	stats     [][][]Stats   // metric -> level -> cell
	sorted    [][][]float64 // metric -> leaf -> sorted values (for ranks)
	answered  [][][]int     // question -> level -> cell -> n answered
	counts    [][][][]int   // question -> level -> cell -> option counts
	rowOf     map[string]int
	// allQuantiles shows every quantile from k values and the extremes
	// from 2k (the attacker tests' bypass; never in a published release).
	allQuantiles bool
}

// finestLevel is the index of the lattice level of all four dimensions:
// never published (every cell's members are too few to tell apart).
func (r *Release) finestLevel() int { return len(r.lat.levels) - 1 }

// Data returns the release's snapshot (shared: do not modify it).
func (r *Release) Data() *Dataset { return r.data }

// newRelease sets up a release's cells over its snapshot (a copy of the
// input's data): the lattice, no cell hidden yet.
func newRelease(campaign string, number, k int, d *Dataset, metrics []MetricSpec, questions []QuestionSpec, refs []string) (*Release, error) {
	if k < 1 {
		k = DefaultK
	}
	if d == nil {
		d = NewDataset(nil)
	}
	r := &Release{Campaign: campaign, Number: number, K: k, Metrics: slices.Clone(metrics), Questions: slices.Clone(questions),
		data: d, refs: slices.Clone(refs), local: map[string][][]bool{}, rowOf: make(map[string]int, d.Len())}
	for _, q := range questions {
		if len(q.Options) > MaxOptions {
			return nil, fmt.Errorf("question %s has %d options: at most %d", q.Name, len(q.Options), MaxOptions)
		}
	}
	for row := range d.Len() {
		r.rowOf[d.ID(row)] = row
	}
	leafOf, leaves := d.leafIndex(PubDims)
	r.leafOf = leafOf
	r.leafN = make([]int, len(leaves))
	for _, l := range leafOf {
		r.leafN[l]++
	}
	r.lat = newLattice(PubDims, leaves)
	r.hidden = r.newMask()
	r.nHidden = r.newMask()
	fin := r.finestLevel()
	for c := range r.hidden[fin] {
		r.hidden[fin][c] = true
	}
	r.metricCol = make([]int, len(metrics))
	for i, m := range metrics {
		r.metricCol[i] = -1
		if c, ok := d.Metric(m.Name); ok {
			r.metricCol[i] = c
		}
	}
	r.choiceCol = make([]int, len(questions))
	for i, q := range questions {
		r.choiceCol[i] = -1
		if c, ok := d.Choice(q.Name); ok {
			r.choiceCol[i] = c
		}
	}
	return r, nil
}

// newMask returns a false flag for every cell of every level.
func (r *Release) newMask() [][]bool {
	out := make([][]bool, len(r.lat.levels))
	for li, lv := range r.lat.levels {
		out[li] = make([]bool, len(lv.cells))
	}
	return out
}

// Publish builds a release of a campaign under the rules at the top of
// publication.go. It fails only on malformed input (a question with too
// many options, an earlier release of another campaign).
func Publish(in PublicationInput) (*Release, error) {
	start := time.Now()
	for _, e := range in.Earlier {
		if e.Campaign != in.Campaign {
			return nil, fmt.Errorf("earlier release %d is of campaign %s, not %s", e.Number, e.Campaign, in.Campaign)
		}
	}
	var d *Dataset
	if in.Data != nil {
		d = in.Data.Clone()
	}
	r, err := newRelease(in.Campaign, in.Number, in.K, d, in.Metrics, in.Questions, in.Refs)
	if err != nil {
		return nil, err
	}
	g := newGate(r, in)
	g.run()
	r.allQuantiles = in.AllQuantiles
	r.computeStats()
	r.Report.Took = time.Since(start)
	return r, nil
}

// round1 rounds to one decimal, half away from zero.
func round1(x float64) float64 { return math.Round(x*10) / 10 }
