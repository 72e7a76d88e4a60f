package survey

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/assocbench/assocbench/questionnaires"
)

var builtinSets = sync.OnceValue(func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, name := range []string{"countries", "timezones", "languages"} {
		cs, _ := questionnaires.BuiltinChoices(name)
		set := make(map[string]bool, len(cs))
		for _, c := range cs {
			set[c.ID] = true
		}
		out[name] = set
	}
	return out
})

func inBuiltin(list, id string) bool { return builtinSets()[list][id] }

// AssociationPatch changes some fields of an association; nil fields stay.
type AssociationPatch struct {
	Name                 *string   `json:"name"`
	Country              *string   `json:"country"`
	Type                 *string   `json:"type"`
	Members              *int      `json:"members"`
	InstitutionalMembers *int      `json:"institutional_members"`
	BudgetBand           *string   `json:"budget_band"`
	Languages            *[]string `json:"languages"`
	TimeZone             *string   `json:"time_zone"`
	Language             *string   `json:"language"`
	Email                *string   `json:"email"`
	MentoringOffers      *[]string `json:"mentoring_offers"`
	MentoringSeeks       *[]string `json:"mentoring_seeks"`
	MentoringHours       *int      `json:"mentoring_hours"`
	MentoringFormat      *string   `json:"mentoring_format"`
	MentoringScope       *string   `json:"mentoring_scope"`
	MentoringCapacity    *int      `json:"mentoring_capacity"`
}

func (pa AssociationPatch) apply(a *Association) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&a.Name, pa.Name)
	set(&a.Country, pa.Country)
	set(&a.Type, pa.Type)
	set(&a.BudgetBand, pa.BudgetBand)
	set(&a.TimeZone, pa.TimeZone)
	set(&a.Language, pa.Language)
	set(&a.Email, pa.Email)
	set(&a.MentoringFormat, pa.MentoringFormat)
	set(&a.MentoringScope, pa.MentoringScope)
	if pa.MentoringHours != nil {
		a.MentoringHours = *pa.MentoringHours
	}
	if pa.MentoringCapacity != nil {
		a.MentoringCapacity = *pa.MentoringCapacity
	}
	if pa.Members != nil {
		a.Members = *pa.Members
	}
	if pa.InstitutionalMembers != nil {
		a.InstitutionalMembers = *pa.InstitutionalMembers
	}
	if pa.Languages != nil {
		a.Languages = slices.Clone(*pa.Languages)
	}
	if pa.MentoringOffers != nil {
		a.MentoringOffers = slices.Clone(*pa.MentoringOffers)
	}
	if pa.MentoringSeeks != nil {
		a.MentoringSeeks = slices.Clone(*pa.MentoringSeeks)
	}
}

// validText checks a short user-supplied text.
func validText(s string, max int) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "must not be empty"
	case !utf8.ValidString(s):
		return "must be valid UTF-8"
	case utf8.RuneCountInString(s) > max:
		return fmt.Sprintf("must be at most %d characters", max)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "must not contain control characters"
		}
	}
	return ""
}

var mentoringAreas = []string{"financial", "membership", "communications"}

// MentoringFormats are the lengths of mentorship an association can ask
// for: a single conversation, a few weeks, or longer.
var MentoringFormats = []string{"one_off", "weeks", "long_term"}

// MentoringScopes are where an association looks for partners: anywhere,
// or in its own IFLA region only.
var MentoringScopes = []string{"global", "region"}

// DefaultMentoringCapacity is how many mentees a mentor takes at once
// when it does not say; MaxMentoringCapacity is the most it may say.
const (
	DefaultMentoringCapacity = 2
	MaxMentoringCapacity     = 10
	maxMentoringHours        = 200
)

// normaliseMentoring fills the enrolment's defaults and checks it.
func (a *Association) normaliseMentoring(fe fieldErrors) {
	if a.MentoringHours < 0 || a.MentoringHours > maxMentoringHours {
		fe.add("mentoring_hours", "must be from 0 to %d hours a month", maxMentoringHours)
	}
	if a.MentoringFormat != "" && !slices.Contains(MentoringFormats, a.MentoringFormat) {
		fe.add("mentoring_format", "must be one of %s", strings.Join(MentoringFormats, ", "))
	}
	if a.MentoringScope == "" {
		a.MentoringScope = "global"
	}
	if !slices.Contains(MentoringScopes, a.MentoringScope) {
		fe.add("mentoring_scope", "must be one of %s", strings.Join(MentoringScopes, ", "))
	}
	if a.MentoringCapacity == 0 {
		a.MentoringCapacity = DefaultMentoringCapacity
	}
	if a.MentoringCapacity < 1 || a.MentoringCapacity > MaxMentoringCapacity {
		fe.add("mentoring_capacity", "must be from 1 to %d mentees", MaxMentoringCapacity)
	}
}

// normalise fills derived fields and checks every field.
func (a *Association) normalise() error {
	fe := fieldErrors{}
	if !ValidSlug(a.ID) {
		fe.add("id", "must be 2-63 lower-case letters, digits or '-', starting with a letter or digit")
	}
	if m := validText(a.Name, 200); m != "" {
		fe.add("name", "%s", m)
	}
	a.Country = strings.ToUpper(a.Country)
	if r, ok := questionnaires.RegionOf(a.Country); ok {
		a.Region = r
	} else {
		fe.add("country", "must be an ISO 3166-1 alpha-2 country code such as FR or NG")
	}
	if !slices.Contains(AssociationTypes, a.Type) {
		fe.add("type", "must be one of %s", strings.Join(AssociationTypes, ", "))
	}
	if a.Members < 0 || a.Members > 10_000_000 {
		fe.add("members", "must be from 0 to 10000000")
	}
	if a.InstitutionalMembers < 0 || a.InstitutionalMembers > 10_000_000 {
		fe.add("institutional_members", "must be from 0 to 10000000")
	}
	if a.BudgetBand != "" && !slices.Contains(BudgetBands, a.BudgetBand) {
		fe.add("budget_band", "must be one of %s", strings.Join(BudgetBands, ", "))
	}
	if len(a.Languages) > 20 {
		fe.add("languages", "at most 20 languages")
	}
	for _, l := range a.Languages {
		if !inBuiltin("languages", l) {
			fe.add("languages", "unknown language code %q", truncate(l, 20))
		}
	}
	if a.TimeZone == "" {
		a.TimeZone = "UTC"
	}
	if !inBuiltin("timezones", a.TimeZone) {
		fe.add("time_zone", "must be an IANA time zone name such as Europe/Paris")
	}
	if a.Language == "" {
		a.Language = "en"
	}
	if !slices.Contains(questionnaires.MessageLanguages, a.Language) {
		fe.add("language", "must be one of %s", strings.Join(questionnaires.MessageLanguages, ", "))
	}
	if a.Email != "" && !validEmail(a.Email) {
		fe.add("email", "must be an e-mail address such as contact@example.org")
	}
	for field, list := range map[string][]string{"mentoring_offers": a.MentoringOffers, "mentoring_seeks": a.MentoringSeeks} {
		for _, x := range list {
			if !slices.Contains(mentoringAreas, x) {
				fe.add(field, "must list areas among %s", strings.Join(mentoringAreas, ", "))
			}
		}
	}
	a.normaliseMentoring(fe)
	if a.Languages == nil {
		a.Languages = []string{}
	}
	if a.MentoringOffers == nil {
		a.MentoringOffers = []string{}
	}
	if a.MentoringSeeks == nil {
		a.MentoringSeeks = []string{}
	}
	return fe.err("invalid association")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// CreateAssociation registers an association (administrators).
func (s *Service) CreateAssociation(ctx context.Context, p Principal, a Association) (*Association, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	if err := a.normalise(); err != nil {
		return nil, err
	}
	now := s.Now()
	a.CreatedAt, a.UpdatedAt = now, now
	if err := s.store.CreateAssociation(ctx, &a); err != nil {
		return nil, fmt.Errorf("create association %s: %w", a.ID, err)
	}
	s.assocs.put(&a)
	s.audit(ctx, p, ActionAssociationCreate, a.ID, "")
	return &a, nil
}

// GetAssociation reads an association (administrators, analysts, itself).
func (s *Service) GetAssociation(ctx context.Context, p Principal, id string) (*Association, error) {
	if err := canSeeAssociation(p, id); err != nil {
		return nil, err
	}
	a, err := s.store.GetAssociation(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get association %s: %w", id, err)
	}
	if p.Role == RoleAnalyst {
		return a.Directory(), nil
	}
	return a, nil
}

// ListAssociations lists associations (administrators and analysts;
// analysts see their Directory entries only: name, country, region, type).
func (s *Service) ListAssociations(ctx context.Context, p Principal, f AssociationFilter) ([]*Association, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	list, err := s.store.ListAssociations(ctx, f)
	if err != nil || p.Role != RoleAnalyst {
		return list, err
	}
	for i, a := range list {
		list[i] = a.Directory()
	}
	return list, nil
}

// AssociationNames returns the names of the associations with the given
// ids (administrators and analysts: names are directory information);
// unknown ids are absent.
func (s *Service) AssociationNames(ctx context.Context, p Principal, ids []string) (map[string]string, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	as, err := s.associations(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("association names: %w", err)
	}
	out := make(map[string]string, len(as))
	for id, a := range as {
		out[id] = a.Name
	}
	return out, nil
}

// UpdateAssociation applies a patch (administrators, or the association
// itself for its own profile).
func (s *Service) UpdateAssociation(ctx context.Context, p Principal, id string, patch AssociationPatch) (*Association, error) {
	if err := canSeeAssociation(p, id); err != nil {
		return nil, err
	}
	if p.Role == RoleAnalyst {
		return nil, fmt.Errorf("analysts cannot edit associations: %w", ErrForbidden)
	}
	unlock := s.locks.lock("association/" + id)
	defer unlock()
	a, err := s.store.GetAssociation(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get association %s: %w", id, err)
	}
	patch.apply(a)
	if err := a.normalise(); err != nil {
		return nil, err
	}
	a.UpdatedAt = s.Now()
	if err := s.store.ReplaceAssociation(ctx, a); err != nil {
		return nil, fmt.Errorf("update association %s: %w", id, err)
	}
	s.assocs.put(a)
	s.recopyPeer(ctx, a)
	s.audit(ctx, p, ActionAssociationUpdate, a.ID, "")
	return a, nil
}

// profileFields maps the profile questionnaire's answers onto an
// association, so that submitting the profile keeps peer attributes current.
func profileFields(a *Association, ans questionnaires.Answers) {
	str := func(id string, dst *string) {
		if v, ok := ans[id]; ok && v.Kind == questionnaires.KindString && v.Str != "" {
			*dst = v.Str
		}
	}
	num := func(id string, dst *int) {
		if v, ok := ans[id]; ok && v.Kind == questionnaires.KindNumber {
			*dst = int(v.Num)
		}
	}
	list := func(id string, dst *[]string) {
		if v, ok := ans[id]; ok && v.Kind == questionnaires.KindList {
			*dst = slices.DeleteFunc(slices.Clone(v.List), func(s string) bool { return s == "none" })
		}
	}
	str("country", &a.Country)
	str("association_type", &a.Type)
	str("budget_band", &a.BudgetBand)
	str("time_zone", &a.TimeZone)
	num("members_individual", &a.Members)
	num("members_institutional", &a.InstitutionalMembers)
	num("mentoring_hours", &a.MentoringHours)
	num("mentoring_capacity", &a.MentoringCapacity)
	str("mentoring_format", &a.MentoringFormat)
	str("mentoring_scope", &a.MentoringScope)
	list("working_languages", &a.Languages)
	list("mentoring_offers", &a.MentoringOffers)
	list("mentoring_seeks", &a.MentoringSeeks)
}

// ProfileAnswers turns an association record into answers to the profile
// questionnaire, to pre-fill it.
func ProfileAnswers(a *Association) questionnaires.Answers {
	ans := questionnaires.Answers{}
	if a.Country != "" {
		ans["country"] = questionnaires.Str(a.Country)
	}
	if a.Type != "" {
		ans["association_type"] = questionnaires.Str(a.Type)
	}
	if a.BudgetBand != "" {
		ans["budget_band"] = questionnaires.Str(a.BudgetBand)
	}
	if a.TimeZone != "" {
		ans["time_zone"] = questionnaires.Str(a.TimeZone)
	}
	ans["members_individual"] = questionnaires.Num(float64(a.Members))
	if a.InstitutionalMembers > 0 {
		ans["members_institutional"] = questionnaires.Num(float64(a.InstitutionalMembers))
	}
	if len(a.Languages) > 0 {
		ans["working_languages"] = questionnaires.List(slices.Clone(a.Languages)...)
	}
	offers, seeks := a.MentoringOffers, a.MentoringSeeks
	if len(offers) == 0 {
		offers = []string{"none"}
	}
	if len(seeks) == 0 {
		seeks = []string{"none"}
	}
	ans["mentoring_offers"] = questionnaires.List(slices.Clone(offers)...)
	ans["mentoring_seeks"] = questionnaires.List(slices.Clone(seeks)...)
	if len(a.MentoringOffers)+len(a.MentoringSeeks) > 0 {
		if a.MentoringHours > 0 {
			ans["mentoring_hours"] = questionnaires.Num(float64(a.MentoringHours))
		}
		if a.MentoringFormat != "" {
			ans["mentoring_format"] = questionnaires.Str(a.MentoringFormat)
		}
		if a.MentoringScope != "" {
			ans["mentoring_scope"] = questionnaires.Str(a.MentoringScope)
		}
	}
	if len(a.MentoringOffers) > 0 && a.MentoringCapacity > 0 {
		ans["mentoring_capacity"] = questionnaires.Num(float64(a.MentoringCapacity))
	}
	return ans
}

// validEmail accepts a bare e-mail address (no display name) of at most
// 254 bytes.
func validEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Address == s && len(s) <= 254 && addr.Name == ""
}
