package survey

import (
	"context"
	"time"
)

// AssociationFilter selects associations; empty fields match everything.
type AssociationFilter struct {
	Region string
	Type   string
	// After, when set, selects the associations whose id sorts after it
	// (the cursor of a paged listing: the last id of the previous page).
	After string
	// Limit, when positive, is the most associations returned.
	Limit int
}

// ResponseFilter selects responses of a campaign; empty fields match everything.
type ResponseFilter struct {
	Campaign      string
	Association   string
	Questionnaire string
	Status        ResponseStatus
	// After, when positive, selects the responses whose Generation is
	// greater (a catching-up results model).
	After int64
}

// AuditFilter selects audit events, newest first.
type AuditFilter struct {
	Target string
	Action string
	Limit  int
}

// Store keeps the domain's documents. Implementations map their errors to
// the sentinels: a missing document is ErrNotFound, a duplicate id or a
// failed revision check is ErrConflict. Every method is safe for
// concurrent use. Values passed in are not retained; values returned are
// the caller's.
type Store interface {
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the store (and stops an embedded server).
	Close(ctx context.Context) error

	// CreateAssociation inserts a new association (ErrConflict when the id exists).
	CreateAssociation(ctx context.Context, a *Association) error
	// ReplaceAssociation overwrites an existing association (ErrNotFound when absent).
	ReplaceAssociation(ctx context.Context, a *Association) error
	// GetAssociation reads one association.
	GetAssociation(ctx context.Context, id string) (*Association, error)
	// GetAssociations reads the associations with the given ids; missing
	// ids are absent from the result.
	GetAssociations(ctx context.Context, ids []string) (map[string]*Association, error)
	// ListAssociations returns matching associations ordered by id.
	ListAssociations(ctx context.Context, f AssociationFilter) ([]*Association, error)

	// PutQuestionnaire stores an uploaded definition (ErrConflict when the key exists).
	PutQuestionnaire(ctx context.Context, q *StoredQuestionnaire) error
	// GetQuestionnaire reads an uploaded definition by key (id@version).
	GetQuestionnaire(ctx context.Context, key string) (*StoredQuestionnaire, error)
	// ListQuestionnaires returns every uploaded definition, ordered by key.
	ListQuestionnaires(ctx context.Context) ([]*StoredQuestionnaire, error)

	// CreateCampaign inserts a campaign (ErrConflict when the id exists).
	CreateCampaign(ctx context.Context, c *Campaign) error
	// GetCampaign reads one campaign.
	GetCampaign(ctx context.Context, id string) (*Campaign, error)
	// ListCampaigns returns every campaign ordered by opening date, then id.
	ListCampaigns(ctx context.Context) ([]*Campaign, error)
	// CloseCampaign sets ClosedAt (ErrNotFound when absent).
	CloseCampaign(ctx context.Context, id string, at time.Time) error
	// UpdateCampaign sets a campaign's title, deadline, k and previous
	// campaign (ErrNotFound when absent); its generation and release stay.
	UpdateCampaign(ctx context.Context, id string, f CampaignFields) error
	// BumpGeneration increments the campaign's Generation and returns the new value.
	BumpGeneration(ctx context.Context, id string) (int64, error)
	// SetResultsLayout records the campaign's ResultsLayout.
	SetResultsLayout(ctx context.Context, id string, layout int) error

	// GetResponse reads one response by id (campaign/association/questionnaire).
	GetResponse(ctx context.Context, id string) (*Response, error)
	// InsertResponse inserts a response (ErrConflict when the id exists).
	InsertResponse(ctx context.Context, r *Response) error
	// InsertResponses inserts many responses at once, each independently of
	// the others. It returns one error per response, aligned with rs: nil
	// when the response was written, ErrConflict when its id exists (stored
	// already or earlier in rs), a *ValidationError when it cannot be
	// stored as it is. The second result concerns the whole call (network,
	// context, server): then the first is nil and any of the responses may
	// or may not have been written.
	InsertResponses(ctx context.Context, rs []*Response) ([]error, error)
	// ReplaceResponse overwrites the response with r's id if and only if its
	// stored revision is expected; otherwise ErrConflict (ErrNotFound when absent).
	ReplaceResponse(ctx context.Context, r *Response, expected int64) error
	// ListResponses returns matching responses ordered by id; meant for
	// small sets (one association's responses).
	ListResponses(ctx context.Context, f ResponseFilter) ([]*Response, error)
	// StreamResponses calls fn for each matching response, in no particular
	// order (the store's storage order), without holding them all in
	// memory; fn's error stops the stream and is returned.
	StreamResponses(ctx context.Context, f ResponseFilter, fn func(*Response) error) error

	// PutResults creates or replaces the result records of a campaign (by
	// their ids).
	PutResults(ctx context.Context, campaign string, rs []*ResultRecord) error
	// DeleteResult removes a result record; one that does not exist is not an error.
	DeleteResult(ctx context.Context, campaign, id string) error
	// StreamResults calls fn for each result record of a campaign, in no
	// particular order; fn's error stops the stream and is returned.
	StreamResults(ctx context.Context, campaign string, fn func(*ResultRecord) error) error
	// Exclusive reports whether this process is the database's only
	// writer (the embedded server, whose data dir it locks): then no other
	// instance changes results behind its back.
	Exclusive() bool

	// InsertToken stores a token (by hash).
	InsertToken(ctx context.Context, t *Token) error
	// GetToken reads a token by its hash.
	GetToken(ctx context.Context, hash string) (*Token, error)
	// FindTokens returns the tokens whose hash starts with prefix (at most a few).
	FindTokens(ctx context.Context, prefix string) ([]*Token, error)
	// ListTokens returns the tokens of an association ("" for every token), newest first.
	ListTokens(ctx context.Context, association string) ([]*Token, error)
	// RevokeToken sets RevokedAt (ErrNotFound when absent).
	RevokeToken(ctx context.Context, hash string, at time.Time) error

	// PutConsent stores an association's consent for a campaign (creating
	// or replacing it).
	PutConsent(ctx context.Context, c *Consent) error
	// GetConsent reads an association's consent for a campaign (ErrNotFound
	// when it never gave or refused one).
	GetConsent(ctx context.Context, campaign, association string) (*Consent, error)
	// ListConsents returns every consent recorded for a campaign, by association.
	ListConsents(ctx context.Context, campaign string) ([]*Consent, error)

	// PutRelease stores a release (ErrConflict when the campaign already
	// has one of that number).
	PutRelease(ctx context.Context, r *StoredRelease) error
	// GetRelease reads one release of a campaign.
	GetRelease(ctx context.Context, campaign string, number int) (*StoredRelease, error)
	// ListReleases returns a campaign's releases without their data, oldest first.
	ListReleases(ctx context.Context, campaign string) ([]*ReleaseInfo, error)
	// SetLatestRelease records the number of the campaign's latest release
	// in the campaign (Campaign.Release).
	SetLatestRelease(ctx context.Context, campaign string, number int) error

	// CreateMeeting inserts a meeting (ErrConflict when the id exists).
	CreateMeeting(ctx context.Context, m *Meeting) error
	// GetMeeting reads one meeting by id.
	GetMeeting(ctx context.Context, id string) (*Meeting, error)
	// ReplaceMeeting overwrites the meeting with m's id if and only if its
	// stored revision is expected; otherwise ErrConflict (ErrNotFound when absent).
	ReplaceMeeting(ctx context.Context, m *Meeting, expected int64) error
	// ListMeetings returns a campaign's meetings ("" for every meeting), by id.
	ListMeetings(ctx context.Context, campaign string) ([]*Meeting, error)

	// GetPair reads one mentoring pair by id.
	GetPair(ctx context.Context, id string) (*Pair, error)
	// InsertPair inserts a pair (ErrConflict when the id exists).
	InsertPair(ctx context.Context, p *Pair) error
	// ReplacePair overwrites the pair with p's id if and only if its
	// stored revision is expected; otherwise ErrConflict (ErrNotFound when absent).
	ReplacePair(ctx context.Context, p *Pair, expected int64) error
	// ListPairs returns a campaign's mentoring pairs ("" for every
	// campaign's), by id.
	ListPairs(ctx context.Context, campaign string) ([]*Pair, error)

	// GetPlan reads one action plan by id (campaign/association).
	GetPlan(ctx context.Context, id string) (*ActionPlan, error)
	// InsertPlan inserts a plan (ErrConflict when the id exists).
	InsertPlan(ctx context.Context, p *ActionPlan) error
	// ReplacePlan overwrites the plan with p's id if and only if its
	// stored revision is expected; otherwise ErrConflict (ErrNotFound when absent).
	ReplacePlan(ctx context.Context, p *ActionPlan, expected int64) error
	// ListPlans returns a campaign's plans, by id.
	ListPlans(ctx context.Context, campaign string) ([]*ActionPlan, error)

	// GetRaterPanel reads the raters of an association in a campaign by
	// id (campaign/association).
	GetRaterPanel(ctx context.Context, id string) (*RaterPanel, error)
	// InsertRaterPanel inserts a panel (ErrConflict when the id exists).
	InsertRaterPanel(ctx context.Context, p *RaterPanel) error
	// ReplaceRaterPanel overwrites the panel with p's id if and only if its
	// stored revision is expected; otherwise ErrConflict (ErrNotFound when absent).
	ReplaceRaterPanel(ctx context.Context, p *RaterPanel, expected int64) error
	// GetRaterResponse reads one rater's response by id
	// (campaign/association/questionnaire/rater), from its own collection.
	GetRaterResponse(ctx context.Context, id string) (*Response, error)
	// InsertRaterResponse inserts a rater's response (ErrConflict when the id exists).
	InsertRaterResponse(ctx context.Context, r *Response) error
	// ReplaceRaterResponse overwrites the rater's response with r's id if
	// and only if its stored revision is expected; otherwise ErrConflict.
	ReplaceRaterResponse(ctx context.Context, r *Response, expected int64) error
	// PutPractice inserts or replaces a library entry by id.
	PutPractice(ctx context.Context, p *Practice) error
	// GetPractice reads a library entry (ErrNotFound).
	GetPractice(ctx context.Context, id string) (*Practice, error)
	// ListPractices returns every library entry, by id.
	ListPractices(ctx context.Context) ([]*Practice, error)
	// DeletePractice deletes a library entry.
	DeletePractice(ctx context.Context, id string) error
	// PutPracticeFile stores an entry's file in chunks.
	PutPracticeFile(ctx context.Context, id string, data []byte) error
	// GetPracticeFile reads an entry's file back (ErrNotFound).
	GetPracticeFile(ctx context.Context, id string) ([]byte, error)
	// DeletePracticeFile deletes an entry's file.
	DeletePracticeFile(ctx context.Context, id string) error

	// AppendAudit records an event.
	AppendAudit(ctx context.Context, e *AuditEvent) error
	// ListAudit returns matching events, newest first.
	ListAudit(ctx context.Context, f AuditFilter) ([]*AuditEvent, error)
}
