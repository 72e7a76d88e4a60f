package survey

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// The good-practice library. Two kinds of entries: resources (a link or
// an uploaded PDF/DOCX, curated by analysts and administrators, published
// at once) and practice stories (offered by an association for an item
// where it scores established or leading, published once the working
// group approves). A story is named (shown with the association's name:
// choosing it is the association's consent to show that it is
// established or leading in the item) or anonymous ("an association in
// {region}", only when at least k associations of that region qualify for
// the item). Withdrawing an entry deletes it and its file: it is gone
// from every surface.

// PracticeKind is the kind of a library entry.
type PracticeKind string

// Kinds of entries.
const (
	KindResource PracticeKind = "resource"
	KindStory    PracticeKind = "story"
)

// PracticeState is where an entry stands.
type PracticeState string

// States of an entry.
const (
	PracticePending  PracticeState = "pending"
	PracticeApproved PracticeState = "approved"
)

// Attributions of a story.
const (
	AttributionNamed     = "named"
	AttributionAnonymous = "anonymous"
)

// Audit actions of the library.
const (
	ActionPracticeCreate   = "practice.create"
	ActionPracticeApprove  = "practice.approve"
	ActionPracticeWithdraw = "practice.withdraw"
)

// Limits of an entry's text.
const (
	maxPracticeTitle = 200
	maxPracticeText  = 4000
	maxPracticeItems = 20
)

// Practice is one entry of the library.
type Practice struct {
	ID          string              `json:"id"`
	Kind        PracticeKind        `json:"kind"`
	State       PracticeState       `json:"state"`
	Title       string              `json:"title"`
	Description string              `json:"description,omitempty"`
	Link        string              `json:"link,omitempty"`
	File        *PracticeFile       `json:"file,omitempty"`
	Languages   []string            `json:"languages"`
	Items       []string            `json:"items"`
	Area        questionnaires.Area `json:"area"`
	// Stories: the campaign whose scores qualified the author, the author
	// (left out of what others see of an anonymous story), its name
	// (named stories), its region, the attribution and the three texts.
	Campaign        string `json:"campaign,omitempty"`
	Association     string `json:"association,omitempty"`
	AssociationName string `json:"association_name,omitempty"`
	Region          string `json:"region,omitempty"`
	Attribution     string `json:"attribution,omitempty"`
	Did             string `json:"did,omitempty"`
	Cost            string `json:"cost,omitempty"`
	Changed         string `json:"changed,omitempty"`

	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  string     `json:"-"`
	ApprovedAt *time.Time `json:"approved_at,omitempty"`
	ApprovedBy string     `json:"-"`
}

// PracticeFile describes an entry's uploaded document.
type PracticeFile struct {
	Name string `json:"name"`
	// Type is "pdf" or "docx" (checked by content, CheckUpload).
	Type string `json:"type"`
	Size int    `json:"size"`
}

// ResourceInput is a new resource.
type ResourceInput struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Link        string   `json:"link"`
	Languages   []string `json:"languages"`
	Items       []string `json:"items"`
	Area        string   `json:"area"`
}

// StoryInput is a story an association offers.
type StoryInput struct {
	Campaign    string   `json:"campaign"`
	Item        string   `json:"item"`
	Title       string   `json:"title"`
	Did         string   `json:"did"`
	Cost        string   `json:"cost"`
	Changed     string   `json:"changed"`
	Languages   []string `json:"languages"`
	Attribution string   `json:"attribution"`
}

// PracticeFilter selects entries of the library ("" matches all).
type PracticeFilter struct {
	Area, Item, Region, Language, Query string
	// Kind is KindResource, KindStory or "".
	Kind PracticeKind
	// Pending also lists entries awaiting approval (analysts and
	// administrators; an association always sees its own).
	Pending bool
}

func newPracticeID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	return hex.EncodeToString(b)
}

// validLongText checks a multi-line user text of at most max characters
// ("" allowed when !required).
func validLongText(s string, max int, required bool) string {
	switch {
	case strings.TrimSpace(s) == "":
		if required {
			return "must not be empty"
		}
		return ""
	case !utf8.ValidString(s):
		return "must be valid UTF-8"
	case utf8.RuneCountInString(s) > max:
		return fmt.Sprintf("must be at most %d characters", max)
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\r' && r != '\t') || r == 0x7f {
			return "must not contain control characters"
		}
	}
	return ""
}

// checkLanguages checks an entry's languages: 1-10 codes of 2-3 letters.
func checkLanguages(fe fieldErrors, langs []string) []string {
	if len(langs) == 0 || len(langs) > 10 {
		fe.add("languages", "give 1-10 language codes, e.g. en, fr")
		return nil
	}
	out := make([]string, 0, len(langs))
	for i, l := range langs {
		l = strings.ToLower(strings.TrimSpace(l))
		if len(l) < 2 || len(l) > 3 || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz") != "" {
			fe.add(fmt.Sprintf("languages[%d]", i), "must be a language code of 2-3 letters")
			continue
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// itemIndex maps every scored item of the campaigns' questionnaires
// ("questionnaire/item") to its questionnaire.
func (s *Service) itemIndex(ctx context.Context) (map[string]*questionnaires.Questionnaire, error) {
	cs, err := s.store.ListCampaigns(ctx)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	out := map[string]*questionnaires.Questionnaire{}
	for _, c := range cs {
		for _, key := range c.Questionnaires {
			q, err := s.Questionnaire(ctx, key)
			if err != nil {
				return nil, err
			}
			if !q.Scored() {
				continue
			}
			for _, qu := range q.Questions() {
				if qu.Method() != questionnaires.MethodNone {
					out[q.ID+"/"+qu.ID] = q
				}
			}
			for _, ind := range q.Indicators {
				out[q.ID+"/"+ind.ID] = q
			}
		}
	}
	return out, nil
}

// CreateResource adds a resource to the library (analysts and
// administrators): a link, or a file already checked by CheckUpload
// (file and data), not both.
func (s *Service) CreateResource(ctx context.Context, p Principal, in ResourceInput, file *PracticeFile, data []byte) (*Practice, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	fe := fieldErrors{}
	pr := &Practice{ID: newPracticeID(), Kind: KindResource, State: PracticeApproved, Title: strings.TrimSpace(in.Title),
		Description: strings.TrimSpace(in.Description), Link: strings.TrimSpace(in.Link), CreatedAt: s.Now(), CreatedBy: p.Token}
	if m := validText(pr.Title, maxPracticeTitle); m != "" {
		fe.add("title", "%s", m)
	}
	if m := validLongText(pr.Description, maxPracticeText, false); m != "" {
		fe.add("description", "%s", m)
	}
	switch {
	case pr.Link != "" && file != nil:
		fe.add("link", "give a link or a file, not both")
	case pr.Link == "" && file == nil:
		fe.add("link", "give a link (https://...) or upload a PDF or DOCX file")
	case pr.Link != "":
		if u, err := url.Parse(pr.Link); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(pr.Link) > 2000 {
			fe.add("link", "must be an http or https address of at most 2000 characters")
		}
	}
	pr.File = file
	pr.Languages = checkLanguages(fe, in.Languages)
	if err := s.practiceItems(ctx, fe, pr, in.Items, in.Area); err != nil {
		return nil, err
	}
	if err := fe.err("invalid resource"); err != nil {
		return nil, err
	}
	if err := s.store.PutPractice(ctx, pr); err != nil {
		return nil, fmt.Errorf("store resource: %w", err)
	}
	if file != nil {
		if err := s.store.PutPracticeFile(ctx, pr.ID, data); err != nil {
			_ = s.store.DeletePractice(ctx, pr.ID)
			return nil, fmt.Errorf("store the file of resource %s: %w", pr.ID, err)
		}
	}
	s.audit(ctx, p, ActionPracticeCreate, pr.ID, "resource "+truncate(pr.Title, 80))
	return pr, nil
}

// practiceItems checks an entry's items and area: known scored items,
// an area among the scored ones (from the items when not given).
func (s *Service) practiceItems(ctx context.Context, fe fieldErrors, pr *Practice, items []string, area string) error {
	idx, err := s.itemIndex(ctx)
	if err != nil {
		return err
	}
	if len(items) > maxPracticeItems {
		fe.add("items", "at most %d items", maxPracticeItems)
		items = nil
	}
	pr.Items = []string{}
	for i, it := range items {
		q, ok := idx[it]
		if !ok {
			fe.add(fmt.Sprintf("items[%d]", i), "no scored item %q (want questionnaire/item)", truncate(it, 100))
			continue
		}
		if !slices.Contains(pr.Items, it) {
			pr.Items = append(pr.Items, it)
		}
		if area == "" {
			area = string(q.Area)
		}
	}
	pr.Area = questionnaires.Area(area)
	if !slices.Contains(questionnaires.ScoredAreas, pr.Area) {
		fe.add("area", "must be financial, membership or communications")
	}
	return nil
}

// qualifies reports whether a value reaches the questionnaire's
// "established" level (its second highest level when it names none).
func qualifies(q *questionnaires.Questionnaire, v float64) bool {
	return v >= establishedMin(q)
}

func establishedMin(q *questionnaires.Questionnaire) float64 {
	for _, l := range q.MaturityLevels {
		if l.ID == "established" {
			return l.Min
		}
	}
	if n := len(q.MaturityLevels); n >= 2 {
		return q.MaturityLevels[n-2].Min
	}
	return 65
}

// OfferStory records a practice story of the principal's association
// for an item where its submitted scores in the campaign are established
// or leading; it awaits the working group's approval. An anonymous story
// needs at least k associations of the author's region qualifying for the
// item in the campaign's results (a yes/no check: the message never says
// how many).
func (s *Service) OfferStory(ctx context.Context, p Principal, in StoryInput) (*Practice, error) {
	if err := requireRole(p, RoleAssociation); err != nil {
		return nil, err
	}
	fe := fieldErrors{}
	pr := &Practice{ID: newPracticeID(), Kind: KindStory, State: PracticePending, Title: strings.TrimSpace(in.Title),
		Did: strings.TrimSpace(in.Did), Cost: strings.TrimSpace(in.Cost), Changed: strings.TrimSpace(in.Changed),
		Campaign: in.Campaign, Association: p.Association, Attribution: in.Attribution, CreatedAt: s.Now(), CreatedBy: p.Token}
	if m := validText(pr.Title, maxPracticeTitle); m != "" {
		fe.add("title", "%s", m)
	}
	for field, v := range map[string]string{"did": pr.Did, "cost": pr.Cost, "changed": pr.Changed} {
		if m := validLongText(v, maxPracticeText, field == "did"); m != "" {
			fe.add(field, "%s", m)
		}
	}
	if pr.Attribution != AttributionNamed && pr.Attribution != AttributionAnonymous {
		fe.add("attribution", "must be named or anonymous")
	}
	pr.Languages = checkLanguages(fe, in.Languages)
	if err := s.practiceItems(ctx, fe, pr, []string{in.Item}, ""); err != nil {
		return nil, err
	}
	if err := fe.err("invalid story"); err != nil {
		return nil, err
	}
	a, err := s.association(ctx, p.Association)
	if err != nil {
		return nil, err
	}
	pr.Region, pr.AssociationName = string(a.Region), a.Name
	if err := s.storyQualifies(ctx, pr); err != nil {
		return nil, err
	}
	if pr.Attribution == AttributionAnonymous {
		pr.AssociationName = ""
	}
	if err := s.store.PutPractice(ctx, pr); err != nil {
		return nil, fmt.Errorf("store story: %w", err)
	}
	s.audit(ctx, p, ActionPracticeCreate, pr.ID, "story "+pr.Attribution+" "+pr.Items[0])
	return pr, nil
}

// storyQualifies checks that the author is established or leading in the
// story's item in the campaign and, for an anonymous story, that at least
// k associations of its region are.
func (s *Service) storyQualifies(ctx context.Context, pr *Practice) error {
	c, err := s.store.GetCampaign(ctx, pr.Campaign)
	if err != nil {
		return invalid("campaign", "no campaign %q", truncate(pr.Campaign, 64))
	}
	qid, item, _ := strings.Cut(pr.Items[0], "/")
	q, err := s.campaignQuestionnaire(ctx, c, qid)
	if err != nil {
		return invalid("item", "%s is not part of campaign %s", qid, c.ID)
	}
	res, err := s.results(ctx, c.ID)
	if err != nil {
		return err
	}
	metric := scoring.ItemMetric(q.ID, item)
	res.mu.RLock()
	defer res.mu.RUnlock()
	v, ok := res.value(pr.Association, metric)
	if !ok || !qualifies(q, v) {
		return invalid("item", "your submitted scores in %s are not established or leading in %s: a story can be offered for such items only", c.ID, pr.Items[0])
	}
	if pr.Attribution != AttributionAnonymous {
		return nil
	}
	if !s.anonymousSafe(ctx, c.ID, metric, pr.Region, establishedMin(q)) {
		return invalid("attribution", "too few associations of your region are established or leading in this item for an anonymous story not to point at you: choose named, or offer it later")
	}
	return nil
}

// anonymousSafe reports whether the campaign's latest release shows that
// at least k associations of region are established or leading in the
// item: its item cell for the region shows a median (n >= 2k) at or above
// the threshold, so that at least half of n >= 2k associations, k or
// more, qualify. The decision reads only what the release publishes
// (DESIGN.md §6), never the live values of other associations; it may
// refuse a story that a count would allow.
func (s *Service) anonymousSafe(ctx context.Context, campaign, metric, region string, min float64) bool {
	rel, _, err := s.latestRelease(ctx, campaign)
	if err != nil {
		return false
	}
	t, err := rel.Table([]string{metric}, []string{"region"})
	if err != nil {
		return false
	}
	for _, g := range t.Groups {
		if g.Attrs["region"] == region {
			st := g.Stats[metric]
			return st.QuartilesShown && st.Median >= min
		}
	}
	return false
}

// ApprovePractice publishes a pending story (analysts and administrators).
func (s *Service) ApprovePractice(ctx context.Context, p Principal, id string) (*Practice, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	unlock := s.locks.lock("practice/" + id)
	defer unlock()
	pr, err := s.store.GetPractice(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("practice %s: %w", id, err)
	}
	if pr.State == PracticeApproved {
		return s.practiceView(p, pr), nil
	}
	now := s.Now()
	pr.State, pr.ApprovedAt, pr.ApprovedBy = PracticeApproved, &now, p.Token
	if err := s.store.PutPractice(ctx, pr); err != nil {
		return nil, fmt.Errorf("approve practice %s: %w", id, err)
	}
	s.audit(ctx, p, ActionPracticeApprove, id, "")
	return s.practiceView(p, pr), nil
}

// WithdrawPractice deletes an entry and its file: its author (a story's
// association), analysts and administrators may.
func (s *Service) WithdrawPractice(ctx context.Context, p Principal, id string) error {
	unlock := s.locks.lock("practice/" + id)
	defer unlock()
	pr, err := s.store.GetPractice(ctx, id)
	if err != nil {
		return fmt.Errorf("practice %s: %w", id, err)
	}
	if !s.mayRead(p, pr) {
		return fmt.Errorf("practice %s: %w", id, ErrNotFound)
	}
	if p.Role == RoleAssociation && pr.Association != p.Association {
		return fmt.Errorf("practice %s: %w", id, ErrNotFound)
	}
	if err := requireRole(p, RoleAdmin, RoleAnalyst, RoleAssociation); err != nil {
		return err
	}
	if pr.File != nil {
		if err := s.store.DeletePracticeFile(ctx, id); err != nil {
			return fmt.Errorf("delete the file of practice %s: %w", id, err)
		}
	}
	if err := s.store.DeletePractice(ctx, id); err != nil {
		return fmt.Errorf("delete practice %s: %w", id, err)
	}
	s.audit(ctx, p, ActionPracticeWithdraw, id, string(pr.Kind))
	return nil
}

// mayRead reports whether p may see pr: every signed-in principal sees
// approved entries; pending ones are for analysts, administrators and
// their author.
func (s *Service) mayRead(p Principal, pr *Practice) bool {
	switch {
	case p.Role == "":
		return false
	case pr.State == PracticeApproved, p.Role == RoleAdmin, p.Role == RoleAnalyst:
		return true
	}
	return p.Role == RoleAssociation && pr.Association == p.Association
}

// practiceView is what p sees of pr: an anonymous story's author only
// for administrators and the author itself.
func (s *Service) practiceView(p Principal, pr *Practice) *Practice {
	out := *pr
	if pr.Attribution == AttributionAnonymous && p.Role != RoleAdmin && !(p.Role == RoleAssociation && p.Association == pr.Association) {
		out.Association, out.AssociationName = "", ""
	}
	return &out
}

// GetPractice returns one entry the principal may see.
func (s *Service) GetPractice(ctx context.Context, p Principal, id string) (*Practice, error) {
	pr, err := s.store.GetPractice(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("practice %s: %w", id, err)
	}
	if !s.mayRead(p, pr) {
		return nil, fmt.Errorf("practice %s: %w", id, ErrNotFound)
	}
	return s.practiceView(p, pr), nil
}

// PracticeFileData returns an entry's file, for a principal who may see it.
func (s *Service) PracticeFileData(ctx context.Context, p Principal, id string) (*PracticeFile, []byte, error) {
	pr, err := s.GetPractice(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	if pr.File == nil {
		return nil, nil, fmt.Errorf("practice %s has no file: %w", id, ErrNotFound)
	}
	data, err := s.store.GetPracticeFile(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("file of practice %s: %w", id, err)
	}
	return pr.File, data, nil
}

// ListPractices returns the entries the principal may see that match f,
// newest first.
func (s *Service) ListPractices(ctx context.Context, p Principal, f PracticeFilter) ([]*Practice, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst, RoleAssociation); err != nil {
		return nil, err
	}
	all, err := s.store.ListPractices(ctx)
	if err != nil {
		return nil, fmt.Errorf("list practices: %w", err)
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	var out []*Practice
	for _, pr := range all {
		if !s.mayRead(p, pr) || (pr.State != PracticeApproved && !f.Pending && pr.Association != p.Association) {
			continue
		}
		switch {
		case f.Kind != "" && pr.Kind != f.Kind,
			f.Area != "" && string(pr.Area) != f.Area,
			f.Item != "" && !slices.Contains(pr.Items, f.Item),
			f.Region != "" && pr.Region != f.Region,
			f.Language != "" && !slices.Contains(pr.Languages, f.Language),
			q != "" && !strings.Contains(strings.ToLower(pr.Title+"\n"+pr.Description+"\n"+pr.Did+"\n"+pr.Changed), q):
			continue
		}
		out = append(out, s.practiceView(p, pr))
	}
	slices.SortStableFunc(out, func(a, b *Practice) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}

// PracticeMatch is a library entry listed beside an item.
type PracticeMatch struct {
	*Practice
	// Fallback is true when the entry is not in the reader's language
	// but in English.
	Fallback bool
}

// MatchingPractices returns, for each of items ("questionnaire/item"),
// up to max approved entries that help with it: those in lang first,
// then English ones (marked Fallback), newest first.
func (s *Service) MatchingPractices(ctx context.Context, p Principal, items []string, lang string, max int) (map[string][]PracticeMatch, error) {
	all, err := s.ListPractices(ctx, p, PracticeFilter{})
	if err != nil {
		return nil, err
	}
	out := map[string][]PracticeMatch{}
	for _, it := range items {
		var native, english []PracticeMatch
		for _, pr := range all {
			if pr.State != PracticeApproved || !slices.Contains(pr.Items, it) {
				continue
			}
			switch {
			case slices.Contains(pr.Languages, lang):
				native = append(native, PracticeMatch{Practice: pr})
			case slices.Contains(pr.Languages, "en"):
				english = append(english, PracticeMatch{Practice: pr, Fallback: true})
			}
		}
		if m := append(native, english...); len(m) > 0 {
			out[it] = m[:min(len(m), max)]
		}
	}
	return out, nil
}

// ResourceFromForm reads a resource's form fields: languages and items
// as lists separated by commas or new lines (or repeated fields).
func ResourceFromForm(form url.Values) ResourceInput {
	list := func(key string) []string {
		var out []string
		for _, v := range form[key] {
			for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
				if x = strings.TrimSpace(x); x != "" {
					out = append(out, x)
				}
			}
		}
		return out
	}
	return ResourceInput{Title: form.Get("title"), Description: form.Get("description"), Link: form.Get("link"),
		Languages: list("languages"), Items: list("items"), Area: form.Get("area")}
}

// LibraryItem is an item entries can be linked to.
type LibraryItem struct {
	// Key is "questionnaire/item".
	Key   string
	Area  questionnaires.Area
	Label questionnaires.Text
}

// PublicItems lists the scored items of a campaign whose public report
// is on (ErrNotFound otherwise), for the report's stories.
func (s *Service) PublicItems(ctx context.Context, campaign string) ([]LibraryItem, error) {
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil || !c.PublicReport {
		return nil, fmt.Errorf("public report of %s: %w", campaign, ErrNotFound)
	}
	return s.LibraryItems(ctx, publicReader)
}

// LibraryItems lists the scored items of the campaigns' questionnaires,
// sorted by key (every signed-in role).
func (s *Service) LibraryItems(ctx context.Context, p Principal) ([]LibraryItem, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst, RoleAssociation); err != nil {
		return nil, err
	}
	idx, err := s.itemIndex(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]LibraryItem, 0, len(idx))
	for key, q := range idx {
		_, id, _ := strings.Cut(key, "/")
		li := LibraryItem{Key: key, Area: q.Area}
		if qu := q.Question(id); qu != nil {
			li.Label = qu.Label
		} else if in := q.Indicator(id); in != nil {
			li.Label = in.Label
		}
		out = append(out, li)
	}
	slices.SortFunc(out, func(a, b LibraryItem) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// approvedEntries is the set of the library's approved entry ids (what
// a plan item may link).
func (s *Service) approvedEntries(ctx context.Context) (map[string]bool, error) {
	all, err := s.store.ListPractices(ctx)
	if err != nil {
		return nil, fmt.Errorf("list practices: %w", err)
	}
	out := make(map[string]bool, len(all))
	for _, pr := range all {
		if pr.State == PracticeApproved {
			out[pr.ID] = true
		}
	}
	return out, nil
}

// dropWithdrawnLinks removes from a plan's items the links to entries
// that are no longer approved in the library (withdrawn ones are gone).
func (s *Service) dropWithdrawnLinks(ctx context.Context, pl *ActionPlan) error {
	has := false
	for _, it := range pl.Items {
		has = has || len(it.Links) > 0
	}
	if !has {
		return nil
	}
	entries, err := s.approvedEntries(ctx)
	if err != nil {
		return err
	}
	for i := range pl.Items {
		pl.Items[i].Links = slices.DeleteFunc(slices.Clone(pl.Items[i].Links), func(id string) bool { return !entries[id] })
	}
	return nil
}
