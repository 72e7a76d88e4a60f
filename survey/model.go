package survey

import (
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// Role is what a token lets its holder do.
type Role string

// The roles of DESIGN.md §1.
const (
	RoleAdmin       Role = "admin"
	RoleAnalyst     Role = "analyst"
	RoleAssociation Role = "association"
	// RoleRater is one named person rating an association in one campaign
	// (raters.go); its tokens are issued by InviteRater only.
	RoleRater Role = "rater"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleAnalyst || r == RoleAssociation }

// Association types (the profile questionnaire's association_type choices).
var AssociationTypes = []string{"national", "regional", "special", "student", "other"}

// Budget bands in USD equivalents (the profile's budget_band choices).
var BudgetBands = []string{"usd_lt_10k", "usd_10k_50k", "usd_50k_250k", "usd_250k_1m", "usd_gt_1m"}

// Size bands by individual members.
var SizeBands = []string{"small", "medium", "large", "very-large"}

// SizeBand returns the size band of an association with n individual
// members: small (< 250), medium (250-999), large (1000-4999), very-large (5000+).
func SizeBand(n int) string {
	switch {
	case n < 250:
		return "small"
	case n < 1000:
		return "medium"
	case n < 5000:
		return "large"
	}
	return "very-large"
}

// Association is a library association taking part in campaigns.
type Association struct {
	// ID is a slug: ^[a-z0-9][a-z0-9-]{1,62}$.
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"` // ISO 3166-1 alpha-2, upper case
	// Region is derived from Country (IFLA regions).
	Region               questionnaires.Region `json:"region"`
	Type                 string                `json:"type"`
	Members              int                   `json:"members"`
	InstitutionalMembers int                   `json:"institutional_members"`
	BudgetBand           string                `json:"budget_band"`
	Languages            []string              `json:"languages"`
	TimeZone             string                `json:"time_zone"`
	// Preferred interface language of its respondents.
	Language string `json:"language"`
	// Email is the contact address reminders go to (administrators and
	// the association itself; never in the directory analysts see).
	Email           string   `json:"email,omitempty"`
	MentoringOffers []string `json:"mentoring_offers"`
	MentoringSeeks  []string `json:"mentoring_seeks"`
	// MentoringHours is the hours a month the association can give to the
	// mentorship pilot (0 when not said).
	MentoringHours int `json:"mentoring_hours,omitempty"`
	// MentoringFormat is how long a mentorship it wants: one of
	// MentoringFormats, or "" when it did not say (then any).
	MentoringFormat string `json:"mentoring_format,omitempty"`
	// MentoringScope is "global" or "region" (partners in its own region
	// only); normalise fills "global".
	MentoringScope string `json:"mentoring_scope,omitempty"`
	// MentoringCapacity is how many mentees it takes at once as a mentor
	// (DefaultMentoringCapacity unless said).
	MentoringCapacity int       `json:"mentoring_capacity,omitempty"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// Directory returns what the association list shows analysts of an
// association: its name, country, region and type, nothing of what its
// profile answers (members, budget, languages, time zone, mentoring).
func (a *Association) Directory() *Association {
	return &Association{ID: a.ID, Name: a.Name, Country: a.Country, Region: a.Region, Type: a.Type,
		Languages: []string{}, MentoringOffers: []string{}, MentoringSeeks: []string{}, CreatedAt: a.CreatedAt}
}

// Peer returns the association's peer attributes as they are now.
func (a *Association) Peer() Peer {
	return Peer{Region: string(a.Region), Size: SizeBand(a.Members), Budget: a.BudgetBand, Type: a.Type, Country: a.Country}
}

// Peer holds the attributes peer groups are formed by, copied into a
// response at submission so that later profile changes do not move old results.
type Peer struct {
	Region  string `json:"region"`
	Size    string `json:"size"`
	Budget  string `json:"budget"`
	Type    string `json:"type"`
	Country string `json:"country"`
}

// Dimensions are the peer-group dimensions, as used in group_by.
var Dimensions = []string{"region", "size", "budget", "type"}

// Attrs returns the peer attributes by dimension.
func (p Peer) Attrs() map[string]string {
	return map[string]string{"region": p.Region, "size": p.Size, "budget": p.Budget, "type": p.Type}
}

// CampaignStatus is where a campaign is in its life.
type CampaignStatus string

// Campaign statuses.
const (
	CampaignScheduled CampaignStatus = "scheduled"
	CampaignOpen      CampaignStatus = "open"
	CampaignClosed    CampaignStatus = "closed"
)

// Campaign is one cycle of the self-assessment (e.g. 2026-midterm).
type Campaign struct {
	ID    string              `json:"id"`
	Title questionnaires.Text `json:"title"`
	// Questionnaires are the questionnaire keys (id@version) of the cycle.
	Questionnaires []string  `json:"questionnaires"`
	Opens          time.Time `json:"opens"`
	// Closes is the deadline instant (UTC). An "anywhere on earth" deadline
	// on a date D is D 23:59:59 at UTC-12, that is D+1 11:59:59 UTC.
	Closes          time.Time `json:"closes"`
	AnywhereOnEarth bool      `json:"anywhere_on_earth"`
	// K is the anonymity threshold: peer groups smaller than K show only their size.
	K int `json:"k"`
	// Previous names the campaign that trends compare with by default.
	Previous string `json:"previous,omitempty"`
	// ClosedAt is set when an administrator closed the campaign early.
	ClosedAt *time.Time `json:"closed_at,omitempty"`
	// Generation increases with every change to the campaign's results
	// (submit, reopen, re-score, a profile change re-copied into its
	// responses), taken before the change is written: the results model
	// of an instance that holds an older generation catches up
	// (resultsmodel.go).
	Generation int64 `json:"generation"`
	// ResultsLayout is 1 once the campaign's submitted responses have
	// their compact records (ResultRecord); 0 for a campaign of an older
	// data dir, migrated at its first load.
	ResultsLayout int `json:"-"`
	// Raters, when set, asks for independent raters before an
	// association's consensus (raters.go).
	Raters *RaterRule `json:"raters,omitempty"`
	// Release is the number of the campaign's latest release (0: none yet).
	Release int `json:"release"`
	// PublicReport is true when the campaign's public report is shown
	// at /public/{campaign} (off by default; publicreport.go).
	PublicReport bool `json:"public_report"`
	// KeyPractices are the choice questions ("questionnaire/question")
	// whose prevalence the public report shows, chosen by the working group.
	KeyPractices []string  `json:"key_practices,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Status returns the campaign's status at a moment.
func (c *Campaign) Status(now time.Time) CampaignStatus {
	switch {
	case c.ClosedAt != nil || !now.Before(c.Closes):
		return CampaignClosed
	case now.Before(c.Opens):
		return CampaignScheduled
	}
	return CampaignOpen
}

// AoEDeadline returns the instant an "anywhere on earth" deadline on the
// given date ends: 23:59:59 at UTC-12.
func AoEDeadline(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 23, 59, 59, 0, time.FixedZone("AoE", -12*3600)).UTC()
}

// ResponseStatus is draft or submitted.
type ResponseStatus string

// Response statuses.
const (
	StatusDraft     ResponseStatus = "draft"
	StatusSubmitted ResponseStatus = "submitted"
)

// ResponseID is the storage id of a response: campaign/association/questionnaire.
func ResponseID(campaign, association, questionnaire string) string {
	return campaign + "/" + association + "/" + questionnaire
}

// Scores are the compact scores stored with a submitted response.
type Scores struct {
	Scored   bool    `json:"scored"`
	Score    float64 `json:"score"`
	Maturity string  `json:"maturity,omitempty"`
	// Sections: section id -> score, for the scored sections.
	Sections map[string]float64 `json:"sections"`
	// Items: question or indicator id -> points, for the scored items.
	Items map[string]float64 `json:"items"`
	// Indicators: indicator id -> computed value.
	Indicators map[string]float64 `json:"indicators"`
}

// scoredCompact keeps the numbers of a fresh scoring result and hands the
// result back to scoring's pool (CompactScores copies values only).
func scoredCompact(r *scoring.Result) *Scores {
	s := CompactScores(r)
	r.Release()
	return s
}

// CompactScores keeps the numbers of a scoring result.
func CompactScores(r *scoring.Result) *Scores {
	s := &Scores{Scored: r.Scored, Score: r.Score, Maturity: r.Maturity,
		Sections: map[string]float64{}, Items: map[string]float64{}, Indicators: map[string]float64{}}
	for _, sec := range r.Sections {
		if sec.Scored {
			s.Sections[sec.ID] = sec.Score
		}
	}
	for _, it := range r.Items {
		if it.Status == scoring.StatusScored {
			s.Items[it.ID] = it.Points
		}
		if it.Indicator && it.HasValue {
			s.Indicators[it.ID] = it.Value
		}
	}
	return s
}

// Submission is an earlier submission of a response, kept when it is reopened.
type Submission struct {
	Revision    int64                  `json:"revision"`
	SubmittedAt time.Time              `json:"submitted_at"`
	SubmittedBy string                 `json:"submitted_by"`
	Answers     questionnaires.Answers `json:"answers"`
	Scores      *Scores                `json:"scores,omitempty"`
	ReopenedAt  time.Time              `json:"reopened_at"`
	ReopenedBy  string                 `json:"reopened_by"`
	Reason      string                 `json:"reason,omitempty"`
}

// Response is one association's answers to one questionnaire in one campaign.
type Response struct {
	ID            string         `json:"id"`
	Campaign      string         `json:"campaign"`
	Association   string         `json:"association"`
	Questionnaire string         `json:"questionnaire"`
	Version       string         `json:"version"`
	Status        ResponseStatus `json:"status"`
	// Revision increases with every write; 0 means never saved.
	Revision int64                  `json:"revision"`
	Answers  questionnaires.Answers `json:"answers"`
	// Position is where the respondent left off (a section id), to resume there.
	Position    string     `json:"position,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	SubmittedBy string     `json:"submitted_by,omitempty"`
	// IdempotencyKey and BodyHash identify the submission request.
	IdempotencyKey string       `json:"-"`
	BodyHash       string       `json:"-"`
	Scores         *Scores      `json:"scores,omitempty"`
	Peer           *Peer        `json:"peer,omitempty"`
	History        []Submission `json:"history,omitempty"`
	// Generation is the campaign generation of the response's last change
	// to the campaign's results (0: written before generations were
	// recorded, or a draft never submitted).
	Generation int64 `json:"-"`
}

// ResultRecord is a submitted response as the results model reads it: its
// scores, peer attributes and the answers of its choice questions, and
// nothing else — a compact document of its own, so that loading a
// campaign's results reads little.
type ResultRecord struct {
	// ID is the response's id (campaign/association/questionnaire).
	ID            string
	Campaign      string
	Association   string
	Questionnaire string
	Version       string
	Generation    int64
	SubmittedAt   time.Time
	Peer          Peer
	Scores        *Scores
	// Choices are the answers of the questionnaire's choice and yes/no
	// questions.
	Choices questionnaires.Answers
}

// Key returns the questionnaire key (id@version) the response answers.
func (r *Response) Key() string { return r.Questionnaire + "@" + r.Version }

// Token is a credential, stored by the SHA-256 hash of its raw value.
type Token struct {
	// Hash is the hex SHA-256 of the raw token; the raw token is never stored.
	Hash        string `json:"-"`
	Role        Role   `json:"role"`
	Association string `json:"association,omitempty"`
	Label       string `json:"label,omitempty"`
	// Rater scopes a rater token to its association, campaign and rater.
	Rater     *RaterRef  `json:"rater,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy string     `json:"created_by,omitempty"`
	ExpiresAt time.Time  `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Prefix is the short public name of a token: the first 12 hex digits of its hash.
func (t *Token) Prefix() string { return t.Hash[:12] }

// Principal is an authenticated caller.
type Principal struct {
	Role        Role
	Association string // for RoleAssociation
	// Rater is what a RoleRater token reaches (Association stays empty,
	// so that no association check ever lets a rater through).
	Rater RaterRef
	// Token is the token's prefix, recorded in audit events.
	Token string
}

// System is the principal of internal work (demo seeding, bootstrap).
var System = Principal{Role: RoleAdmin, Token: "system"}

// AuditEvent records who did what when.
type AuditEvent struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Role   Role      `json:"role"`
	Action string    `json:"action"`
	Target string    `json:"target"`
	Detail string    `json:"detail,omitempty"`
}

// Audit actions.
const (
	ActionSubmit = "submit"
	// ActionSubmitReplay records an idempotent repeat of a submission.
	ActionSubmitReplay = "submit.replay"
	ActionReopen       = "reopen"
	// ActionAssociationCreate and ActionAssociationUpdate record changes
	// to the association directory.
	ActionAssociationCreate = "association.create"
	ActionAssociationUpdate = "association.update"
	ActionTokenIssue        = "token.issue"
	ActionTokenRevoke       = "token.revoke"
	ActionExport            = "export"
	ActionRescore           = "rescore"
	ActionCampaign          = "campaign.create"
	ActionClose             = "campaign.close"
	ActionUpload            = "questionnaire.upload"
	ActionImport            = "fillin.import"
	// ActionConsent records a consent given or withdrawn.
	ActionConsent = "consent"
	// ActionPublish records a release of a campaign's publication.
	ActionPublish = "release.publish"
	// ActionReadAnswers records an administrator's read of another
	// association's answers.
	ActionReadAnswers = "answers.read"
)

// StoredQuestionnaire is an uploaded definition.
type StoredQuestionnaire struct {
	Key        string    `json:"key"`
	ID         string    `json:"id"`
	Version    string    `json:"version"`
	Source     []byte    `json:"-"`
	UploadedAt time.Time `json:"uploaded_at"`
	UploadedBy string    `json:"uploaded_by"`
}
