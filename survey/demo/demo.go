// Package demo seeds realistic synthetic data through survey.Service, so
// that validation and scoring run exactly as for real respondents:
// associations across the six IFLA regions with sizes, budgets and
// practice adoption that differ plausibly by region and size, two
// campaigns (2025-baseline and 2026-midterm), submitted responses, some
// drafts, some associations that skipped the earlier cycle, and the
// online midterm meeting of 28-30 April 2026 with its sessions,
// registrations and named participants in several time zones. The same
// seed gives the same data; seeding again adds only what is missing.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/survey"
)

// Campaign ids the demo creates.
const (
	Baseline = "2025-baseline"
	Midterm  = "2026-midterm"
)

// KeyPractices are the practices whose prevalence the demo's public
// report shows (questionnaire/question).
var KeyPractices = []string{"financial-sustainability/has_reserves", "membership/recruitment_strategy",
	"communications/comms_strategy", "communications/annual_report"}

// Options tune the seed.
type Options struct {
	// Associations is how many associations to create (at least 6: one per region).
	Associations int
	// Seed makes the data reproducible.
	Seed uint64
	// Progress, when set, is called after each association with (done, total).
	Progress func(done, total int)
}

// Summary says what a seed created.
type Summary struct {
	Associations int `json:"associations"`
	Campaigns    int `json:"campaigns"`
	Submitted    int `json:"submitted"`
	Drafts       int `json:"drafts"`
	Skipped      int `json:"skipped"` // responses that already existed
	Consents     int `json:"consents"`
	Releases     int `json:"releases"`
	// Meetings counts the meetings and sessions created; Registrations
	// the associations registered for the meeting.
	Meetings      int `json:"meetings"`
	Registrations int `json:"registrations"`
	// Plans counts the action plans written (baseline and midterm).
	Plans int `json:"plans"`
	// Raters counts the raters invited and submitted (raters.go).
	Raters int `json:"raters"`
	// Pairs counts the mentorship pilot's pairs proposed, of the run's
	// PairRequests requests (Greedy: what the greedy matching served).
	Pairs        int `json:"pairs"`
	PairRequests int `json:"pair_requests"`
	Greedy       int `json:"greedy"`
	// BaselinePairs counts the baseline's pairs completed (the outcomes).
	BaselinePairs int `json:"baseline_pairs"`
	// Practices counts the good-practice library's entries.
	Practices int           `json:"practices"`
	Took      time.Duration `json:"took"`
	// Existed is true when everything was already there.
	Existed bool `json:"existed"`
}

// country is a demo country with its usual working language and time zone.
type country struct {
	code, zone string
	langs      []string
}

// countries by IFLA region: a spread of real library-association settings.
var countries = map[questionnaires.Region][]country{
	questionnaires.RegionAfrica: {
		{"NG", "Africa/Lagos", []string{"en"}}, {"KE", "Africa/Nairobi", []string{"en", "sw"}},
		{"SN", "Africa/Dakar", []string{"fr"}}, {"ZA", "Africa/Johannesburg", []string{"en", "af", "zu"}},
		{"GH", "Africa/Accra", []string{"en"}}, {"CM", "Africa/Douala", []string{"fr", "en"}},
		{"ET", "Africa/Addis_Ababa", []string{"am", "en"}}, {"MZ", "Africa/Maputo", []string{"pt"}},
		{"UG", "Africa/Kampala", []string{"en"}}, {"CI", "Africa/Abidjan", []string{"fr"}},
	},
	questionnaires.RegionAsiaOceania: {
		{"IN", "Asia/Kolkata", []string{"en", "hi"}}, {"JP", "Asia/Tokyo", []string{"ja"}},
		{"AU", "Australia/Sydney", []string{"en"}}, {"ID", "Asia/Jakarta", []string{"id"}},
		{"PH", "Asia/Manila", []string{"en", "tl"}}, {"CN", "Asia/Shanghai", []string{"zh"}},
		{"NZ", "Pacific/Auckland", []string{"en"}}, {"MY", "Asia/Kuala_Lumpur", []string{"ms", "en"}},
		{"BD", "Asia/Dhaka", []string{"bn", "en"}}, {"KZ", "Asia/Almaty", []string{"kk", "ru"}},
	},
	questionnaires.RegionEurope: {
		{"FR", "Europe/Paris", []string{"fr"}}, {"DE", "Europe/Berlin", []string{"de"}},
		{"GB", "Europe/London", []string{"en"}}, {"ES", "Europe/Madrid", []string{"es"}},
		{"PL", "Europe/Warsaw", []string{"pl"}}, {"SE", "Europe/Stockholm", []string{"sv", "en"}},
		{"IT", "Europe/Rome", []string{"it"}}, {"NL", "Europe/Amsterdam", []string{"nl", "en"}},
		{"UA", "Europe/Kyiv", []string{"uk"}}, {"PT", "Europe/Lisbon", []string{"pt"}},
	},
	questionnaires.RegionLatinAmerica: {
		{"BR", "America/Sao_Paulo", []string{"pt"}}, {"MX", "America/Mexico_City", []string{"es"}},
		{"AR", "America/Argentina/Buenos_Aires", []string{"es"}}, {"CO", "America/Bogota", []string{"es"}},
		{"CL", "America/Santiago", []string{"es"}}, {"PE", "America/Lima", []string{"es"}},
		{"JM", "America/Jamaica", []string{"en"}}, {"CU", "America/Havana", []string{"es"}},
		{"TT", "America/Port_of_Spain", []string{"en"}}, {"UY", "America/Montevideo", []string{"es"}},
	},
	questionnaires.RegionMENA: {
		{"EG", "Africa/Cairo", []string{"ar", "en"}}, {"MA", "Africa/Casablanca", []string{"ar", "fr"}},
		{"JO", "Asia/Amman", []string{"ar", "en"}}, {"LB", "Asia/Beirut", []string{"ar", "fr", "en"}},
		{"TN", "Africa/Tunis", []string{"ar", "fr"}}, {"AE", "Asia/Dubai", []string{"ar", "en"}},
		{"SA", "Asia/Riyadh", []string{"ar"}}, {"OM", "Asia/Muscat", []string{"ar", "en"}},
		{"IR", "Asia/Tehran", []string{"fa"}}, {"DZ", "Africa/Algiers", []string{"ar", "fr"}},
	},
	questionnaires.RegionNorthAmerica: {
		{"US", "America/New_York", []string{"en", "es"}}, {"CA", "America/Toronto", []string{"en", "fr"}},
		{"US", "America/Chicago", []string{"en"}}, {"US", "America/Los_Angeles", []string{"en", "es"}},
		{"CA", "America/Vancouver", []string{"en"}}, {"US", "America/Denver", []string{"en"}},
	},
}

// regionMix is the share of demo associations by region, and the
// region's typical practice maturity and size.
var regionMix = []struct {
	region     questionnaires.Region
	share      float64
	propensity float64
	sizeLog    float64 // mean of log(members)
}{
	{questionnaires.RegionAfrica, 0.20, 0.38, 5.6},
	{questionnaires.RegionAsiaOceania, 0.20, 0.50, 6.4},
	{questionnaires.RegionEurope, 0.24, 0.62, 6.6},
	{questionnaires.RegionLatinAmerica, 0.16, 0.46, 6.0},
	{questionnaires.RegionMENA, 0.12, 0.42, 5.7},
	{questionnaires.RegionNorthAmerica, 0.08, 0.68, 7.6},
}

var typeNames = map[string][]string{
	"national": {"%s Library Association", "Library and Information Association of %s", "%s Association of Librarians"},
	"regional": {"Northern %s Library Association", "Coastal Region Libraries of %s", "Capital Region Library Association (%s)"},
	"special":  {"%s Association of Health Libraries", "%s Law Librarians", "%s School Library Association", "%s Academic Libraries Consortium"},
	"student":  {"%s New Library Professionals", "%s Library Students Network"},
	"other":    {"%s Friends of Libraries", "%s Library Trustees Forum"},
}

// plan is one demo association and how it takes part.
type plan struct {
	assoc      survey.Association
	propensity float64
	inBaseline bool
	// draftOnly lists the questionnaires left as drafts in the midterm.
	draftOnly map[string]bool
	// notStarted associations have not begun the midterm (the invitation
	// that leads to an empty questionnaire).
	notStarted bool
}

// notStartedAt and draftsAt place, without drawing from the random
// stream (so that the rest of the data stays as it was), one association
// in every 16 that has not started the midterm and one that has drafts
// only, so that even a small demo has each state to invite.
func notStartedAt(i int) bool { return i >= len(regionMix) && i%16 == 10 }

func draftsAt(i int) bool { return i >= len(regionMix) && i%16 == 11 }

func plans(n int, seed uint64) []plan {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	names, err := countryNames()
	if err != nil {
		names = map[string]string{}
	}
	out := make([]plan, 0, n)
	used := map[string]int{}
	for i := 0; i < n; i++ {
		mix := regionMix[i%len(regionMix)] // every region present from the first six
		if i >= len(regionMix) {
			x, acc := rng.Float64(), 0.0
			for _, m := range regionMix {
				acc += m.share
				if x < acc {
					mix = m
					break
				}
			}
		}
		cs := countries[mix.region]
		c := cs[rng.IntN(len(cs))]
		typ := weighted(rng, []string{"national", "regional", "special", "student", "other"}, []float64{0.45, 0.2, 0.22, 0.08, 0.05})
		logMembers := mix.sizeLog + rng.NormFloat64()*0.9
		switch typ {
		case "student":
			logMembers -= 1.2
		case "regional", "special":
			logMembers -= 0.5
		}
		members := int(math.Round(math.Exp(logMembers)))
		members = max(members, 15)
		budget := budgetBand(float64(members)*memberValue(mix.region)*(0.6+rng.Float64()*0.8), rng)
		p := mix.propensity + 0.08*(logMembers-6.3) + rng.NormFloat64()*0.12
		p = math.Max(0.05, math.Min(0.95, p))
		cname := names[c.code]
		if cname == "" {
			cname = c.code
		}
		tmpl := typeNames[typ][rng.IntN(len(typeNames[typ]))]
		name := fmt.Sprintf(tmpl, cname)
		slugBase := strings.ToLower(c.code) + "-" + typ
		used[slugBase]++
		id := fmt.Sprintf("%s-%d", slugBase, used[slugBase])
		if used[name] > 0 {
			name = fmt.Sprintf("%s (%d)", name, used[name]+1)
		}
		used[name]++
		langs := slices.Clone(c.langs)
		if !slices.Contains(langs, "en") && rng.Float64() < 0.5 {
			langs = append(langs, "en")
		}
		uiLang := "en"
		for _, l := range langs {
			if slices.Contains(questionnaires.MessageLanguages, l) {
				uiLang = l
				break
			}
		}
		a := survey.Association{ID: id, Name: name, Country: c.code, Type: typ, Members: members,
			InstitutionalMembers: rng.IntN(max(2, members/20)), BudgetBand: budget, Languages: langs,
			TimeZone: c.zone, Language: uiLang,
			// a contact address (a reserved domain) for the reminder list,
			// its mailto: links and, with ASSOCBENCH_SMTP_URL, e-mail
			Email: "secretariat@" + id + ".example.org"}
		for _, area := range []string{"financial", "membership", "communications"} {
			switch {
			case p > 0.55 && rng.Float64() < 0.5:
				a.MentoringOffers = append(a.MentoringOffers, area)
			case p < 0.5 && rng.Float64() < 0.55:
				a.MentoringSeeks = append(a.MentoringSeeks, area)
			}
		}
		enrol(&a)
		pl := plan{assoc: a, propensity: p, inBaseline: rng.Float64() < 0.75, draftOnly: map[string]bool{}}
		if rng.Float64() < 0.12 {
			for _, q := range []string{"financial-sustainability", "membership", "communications"} {
				if rng.Float64() < 0.6 {
					pl.draftOnly[q] = true
				}
			}
		}
		pl.notStarted = notStartedAt(i)
		if draftsAt(i) {
			pl.draftOnly = map[string]bool{"financial-sustainability": true, "communications": true}
		}
		out = append(out, pl)
	}
	return out
}

func weighted(rng *rand.Rand, items []string, w []float64) string {
	x, acc := rng.Float64(), 0.0
	for i, wi := range w {
		acc += wi
		if x < acc {
			return items[i]
		}
	}
	return items[len(items)-1]
}

// memberValue is a rough annual budget per member, in USD, by region.
func memberValue(r questionnaires.Region) float64 {
	switch r {
	case questionnaires.RegionNorthAmerica:
		return 180
	case questionnaires.RegionEurope:
		return 110
	case questionnaires.RegionAsiaOceania:
		return 45
	case questionnaires.RegionLatinAmerica, questionnaires.RegionMENA:
		return 35
	}
	return 20
}

func budgetBand(usd float64, rng *rand.Rand) string {
	usd *= 0.8 + rng.Float64()*0.4
	switch {
	case usd < 10_000:
		return "usd_lt_10k"
	case usd < 50_000:
		return "usd_10k_50k"
	case usd < 250_000:
		return "usd_50k_250k"
	case usd < 1_000_000:
		return "usd_250k_1m"
	}
	return "usd_gt_1m"
}

func countryNames() (map[string]string, error) {
	cs, ok := questionnaires.BuiltinChoices("countries")
	if !ok {
		return nil, errors.New("no built-in country list")
	}
	out := make(map[string]string, len(cs))
	for _, c := range cs {
		out[c.ID] = c.Label.In("en")
	}
	return out, nil
}

// campaignWindows are the demo campaigns and the moment their answers are given.
func campaignInputs(now time.Time) []struct {
	in survey.CampaignInput
	at time.Time
} {
	return []struct {
		in survey.CampaignInput
		at time.Time
	}{
		{survey.CampaignInput{ID: Baseline, Title: questionnaires.Text{"en": "2025 baseline self-assessment", "fr": "Autoévaluation de référence 2025",
			"es": "Autoevaluación de referencia 2025", "ar": "التقييم الذاتي المرجعي 2025"},
			Questionnaires: []string{"profile", "financial-sustainability", "membership", "communications"},
			Opens:          time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), DeadlineDate: "2025-06-30", AnywhereOnEarth: true},
			time.Date(2025, 5, 15, 10, 0, 0, 0, time.UTC)},
		{survey.CampaignInput{ID: Midterm, Title: questionnaires.Text{"en": "2026 midterm self-assessment", "fr": "Autoévaluation de mi-parcours 2026",
			"es": "Autoevaluación de medio término 2026", "ar": "التقييم الذاتي لمنتصف المدة 2026"},
			Questionnaires: []string{"profile", "financial-sustainability", "membership", "communications"},
			Opens:          time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), DeadlineDate: "2027-01-31", AnywhereOnEarth: true,
			Previous: Baseline},
			now},
	}
}

// Seed creates (or completes) the demo data. store is written through
// services whose clocks sit inside each campaign's window, so that the
// baseline (closed today) is filled in as it was at the time.
func Seed(ctx context.Context, store survey.Store, o Options) (Summary, error) {
	start := time.Now()
	if o.Associations < len(regionMix) {
		return Summary{}, fmt.Errorf("demo needs at least %d associations (one per region), not %d", len(regionMix), o.Associations)
	}
	var sum Summary
	now := time.Now().UTC()
	inputs := campaignInputs(now)
	svcs := make([]*survey.Service, len(inputs))
	for i, ci := range inputs {
		at := ci.at
		svc, err := survey.NewService(store, survey.Options{Now: func() time.Time { return at }})
		if err != nil {
			return sum, err
		}
		svcs[i] = svc
		if _, err := svc.GetCampaign(ctx, survey.System, ci.in.ID); err == nil {
			continue
		}
		if _, err := svc.CreateCampaign(ctx, survey.System, ci.in); err != nil {
			return sum, fmt.Errorf("create campaign %s: %w", ci.in.ID, err)
		}
		sum.Campaigns++
	}
	if err := seedCascade(ctx, svcs[0]); err != nil {
		return sum, err
	}
	ps := plans(o.Associations, o.Seed)
	for i, pl := range ps {
		if err := seedAssociation(ctx, svcs, pl, o.Seed, i, &sum); err != nil {
			return sum, err
		}
		if o.Progress != nil {
			o.Progress(i+1, len(ps))
		}
	}
	// About a third of the associations share their scores with the
	// working group, so that every analyst screen has something to show.
	for i, pl := range ps {
		if i%3 != 0 {
			continue
		}
		for ci, id := range []string{Baseline, Midterm} {
			c, err := svcs[ci].GetConsent(ctx, survey.System, id, pl.assoc.ID)
			if err != nil {
				return sum, err
			}
			if c.Ever {
				continue
			}
			if _, err := svcs[ci].SetConsent(ctx, survey.System, id, pl.assoc.ID, true); err != nil {
				return sum, fmt.Errorf("consent of %s in %s: %w", pl.assoc.ID, id, err)
			}
			sum.Consents++
		}
	}
	// action plans from the baseline scorecards, followed up in the midterm
	if err := seedPlans(ctx, svcs, ps, o.Seed, &sum); err != nil {
		return sum, fmt.Errorf("action plans: %w", err)
	}
	// three raters of a few associations, before the midterm's release
	if err := seedRaters(ctx, svcs[1], ps, o.Seed, &sum); err != nil {
		return sum, fmt.Errorf("raters: %w", err)
	}
	// the mentorship pilot of the baseline, completed before it closes
	// (the midterm release's outcome tables compare with it)
	if err := seedBaselinePairs(ctx, svcs[0], &sum); err != nil {
		return sum, fmt.Errorf("baseline mentoring pairs: %w", err)
	}
	// the baseline is over: close it (which makes its closing release)
	if c, err := svcs[0].GetCampaign(ctx, survey.System, Baseline); err == nil && c.ClosedAt == nil {
		if _, err := svcs[0].CloseCampaign(ctx, survey.System, Baseline); err != nil {
			return sum, fmt.Errorf("close %s: %w", Baseline, err)
		}
		sum.Releases++
	}
	// the good-practice library
	if err := seedPractices(ctx, svcs[1], &sum); err != nil {
		return sum, fmt.Errorf("good practices: %w", err)
	}
	// the online midterm meeting, its agenda and some registrations
	if err := seedMeeting(ctx, svcs[1], ps, &sum); err != nil {
		return sum, fmt.Errorf("midterm meeting: %w", err)
	}
	// the mentorship pilot: a run proposed, pairs in every state
	if err := seedPairs(ctx, svcs[1], &sum); err != nil {
		return sum, fmt.Errorf("mentoring pairs: %w", err)
	}
	// one release of the midterm campaign, as the working group would
	// publish before its meeting (after the pilot's pairs, so that it
	// publishes their feedback)
	if c, err := svcs[1].GetCampaign(ctx, survey.System, Midterm); err == nil && releaseNeeded(ctx, svcs[1], c) {
		if _, err := svcs[1].Publish(ctx, survey.System, Midterm, survey.ReleasePublished); err != nil {
			return sum, fmt.Errorf("release of %s: %w", Midterm, err)
		}
		sum.Releases++
	}
	// the public report of the midterm campaign is on, with key
	// practices chosen by the working group (once: an administrator
	// may switch it off afterwards)
	if c, err := svcs[1].GetCampaign(ctx, survey.System, Midterm); err == nil && len(c.KeyPractices) == 0 {
		on, key := true, slices.Clone(KeyPractices)
		if _, err := svcs[1].PatchCampaign(ctx, survey.System, Midterm, survey.CampaignPatch{PublicReport: &on, KeyPractices: &key}); err != nil {
			return sum, fmt.Errorf("public report of %s: %w", Midterm, err)
		}
	}
	sum.Took = time.Since(start)
	sum.Existed = sum.Associations == 0 && sum.Campaigns == 0 && sum.Submitted == 0 && sum.Drafts == 0 &&
		sum.Consents == 0 && sum.Releases == 0 && sum.Meetings == 0 && sum.Registrations == 0 && sum.Plans == 0 && sum.Raters == 0 && sum.Pairs == 0 && sum.BaselinePairs == 0 && sum.Practices == 0
	return sum, nil
}

// releaseNeeded reports whether the campaign has no release of its
// current results.
func releaseNeeded(ctx context.Context, svc *survey.Service, c *survey.Campaign) bool {
	if c.Release == 0 {
		return true
	}
	infos, err := svc.Releases(ctx, survey.System, c.ID)
	return err != nil || len(infos) == 0 || infos[len(infos)-1].Generation < c.Generation
}

func seedAssociation(ctx context.Context, svcs []*survey.Service, pl plan, seed uint64, i int, sum *Summary) error {
	svc := svcs[len(svcs)-1]
	if _, err := svc.GetAssociation(ctx, survey.System, pl.assoc.ID); survey.IsNotFound(err) {
		if _, err := svc.CreateAssociation(ctx, survey.System, pl.assoc); err != nil {
			return fmt.Errorf("create association %s: %w", pl.assoc.ID, err)
		}
		sum.Associations++
	} else if err != nil {
		return err
	}
	a := pl.assoc
	for ci, id := range []string{Baseline, Midterm} {
		if id == Baseline && !pl.inBaseline || id == Midterm && pl.notStarted {
			continue
		}
		cs := svcs[ci]
		// the association improves a little between cycles
		p := pl.propensity
		if id == Baseline {
			p = math.Max(0.03, p-0.06)
		}
		rng := rand.New(rand.NewPCG(seed+uint64(i), uint64(ci)))
		for _, qid := range []string{"profile", "financial-sustainability", "membership", "communications"} {
			ref := survey.ResponseRef{Campaign: id, Association: a.ID, Questionnaire: qid}
			cur, err := cs.GetResponse(ctx, survey.System, ref)
			if err != nil {
				return err
			}
			if cur.Revision > 0 {
				sum.Skipped++
				continue
			}
			q, err := cs.Questionnaire(ctx, qid)
			if err != nil {
				return err
			}
			fixed := questionnaires.Answers{}
			if qid == "profile" {
				fixed = survey.ProfileAnswers(&a)
				fixed["founded_year"] = questionnaires.Num(float64(1920 + rng.IntN(100)))
				fixEnrolment(fixed)
			}
			ans, err := synth.Answers(q, rng, synth.Options{Propensity: p, Skip: 0.15, Fixed: fixed})
			if err != nil {
				return err
			}
			if qid == "profile" {
				unfixEnrolment(ans, &a)
			}
			if id == Midterm && pl.draftOnly[qid] {
				partial := questionnaires.Answers{}
				for k, v := range ans {
					if rng.Float64() < 0.5 {
						partial[k] = v
					}
				}
				if _, err := cs.SaveDraft(ctx, survey.System, survey.DraftInput{ResponseRef: ref, Answers: partial}); err != nil {
					return fmt.Errorf("save draft %s: %w", ref.ID(), err)
				}
				sum.Drafts++
				continue
			}
			key := fmt.Sprintf("demo-%d-%s", seed, ref.ID())
			if _, err := cs.Submit(ctx, survey.System, survey.SubmitInput{ResponseRef: ref, Key: key, Answers: ans}); err != nil {
				return fmt.Errorf("submit %s: %w", ref.ID(), err)
			}
			sum.Submitted++
		}
	}
	return nil
}
