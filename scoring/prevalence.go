package scoring

// ChoiceAnswer is one association's answer to a choice question (single
// or multiple choice), with the association's peer attributes.
type ChoiceAnswer struct {
	// ID is the association id.
	ID string `json:"id"`
	// Attrs are the peer attributes, as in Peer.Attrs.
	Attrs map[string]string `json:"attrs"`
	// Selected is the chosen option ids (one for a single choice; possibly
	// none for a multiple choice). Repeats count once.
	Selected []string `json:"selected"`
}

// PrevalenceTable is how common each option of a choice question is in
// every peer group, with the anonymity rules applied.
type PrevalenceTable struct {
	// Options is the option ids, in the requested order.
	Options []string `json:"options"`
	// GroupBy is the grouping dimensions, in the requested order.
	GroupBy []string `json:"group_by"`
	// K is the anonymity threshold applied.
	K int `json:"k"`
	// All is the group of every answer.
	All PrevalenceGroup `json:"all"`
	// Marginals are the groups by each proper, non-empty subset of
	// GroupBy, ordered as Table.Marginals.
	Marginals []PrevalenceGroup `json:"marginals"`
	// Groups are the groups by every dimension of GroupBy, sorted by key.
	Groups []PrevalenceGroup `json:"groups"`
}

// PrevalenceGroup is the option counts and shares of one peer group.
type PrevalenceGroup struct {
	// Key and Attrs identify the group as in Group.
	Key string `json:"key"`
	// Attrs maps each dimension of the group to its value; empty for AllKey.
	Attrs map[string]string `json:"attrs"`
	// N is the number of associations in the group that answered; always shown.
	N int `json:"n"`
	// Suppressed is true when the group is hidden: Counts and Shares are empty.
	Suppressed bool `json:"suppressed"`
	// NHidden is true when even N is hidden (see Stats.NHidden); N is then 0.
	NHidden bool `json:"n_hidden,omitempty"`
	// Counts maps every option to the number of associations that chose it.
	Counts map[string]int `json:"counts"`
	// Shares maps every option to Counts / N, between 0 and 1.
	Shares map[string]float64 `json:"shares"`
}

// Prevalence counts, for every peer group by the dimensions groupBy and
// for "all", how many of the associations that answered a choice question
// chose each of options, and which share of them that is. Selections
// that are not among options are not counted; each answer counts once in
// its group's N, even with nothing selected.
//
// The anonymity rules of Benchmark apply to the groups' N with threshold k
// (DefaultK when k < 1): a hidden group shows N only, with empty Counts
// and Shares, and complementary suppression runs over "all", the
// marginals and the groups. Pass one answer per association.
func Prevalence(answers []ChoiceAnswer, options []string, groupBy []string, k int) *PrevalenceTable {
	k, dims := normalize(k, groupBy)
	_, options = normalize(k, options)
	optIndex := make(map[string]int, len(options))
	for i, o := range options {
		optIndex[o] = i
	}
	leafOf, leaves := leafIndex(len(answers), func(i int) map[string]string { return answers[i].Attrs }, dims)
	lt := newLattice(dims, leaves)

	no := len(options)
	leafN := make([]int, len(leaves))
	leafCounts := make([]int, len(leaves)*no)
	seen := make([]bool, no)
	for i, a := range answers {
		l := leafOf[i]
		leafN[l]++
		clear(seen)
		for _, s := range a.Selected {
			if o, ok := optIndex[s]; ok && !seen[o] {
				seen[o] = true
				leafCounts[l*no+o]++
			}
		}
	}
	n, hidden := lt.suppress(leafN, k)

	t := &PrevalenceTable{Options: options, GroupBy: dims, K: k, Marginals: []PrevalenceGroup{}, Groups: []PrevalenceGroup{}}
	last := len(lt.levels) - 1
	for li, lv := range lt.levels {
		for c, ce := range lv.cells {
			g := PrevalenceGroup{
				Key: ce.key, Attrs: ce.attrs, N: n[li][c], Suppressed: hidden[li][c],
				Counts: make(map[string]int), Shares: make(map[string]float64),
			}
			if !g.Suppressed {
				for o, opt := range options {
					count := 0
					for _, l := range ce.leaves {
						count += leafCounts[l*no+o]
					}
					g.Counts[opt] = count
					g.Shares[opt] = float64(count) / float64(g.N)
				}
			}
			switch {
			case li == 0:
				t.All = g
			case li == last:
				t.Groups = append(t.Groups, g)
			default:
				t.Marginals = append(t.Marginals, g)
			}
		}
	}
	return t
}
