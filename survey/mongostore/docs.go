package mongostore

import (
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// This file holds the documents as they are stored, one struct per
// collection, and the converters between them and the survey types, which
// carry no bson tags. Field names are short snake_case words; each
// collection's _id is given by DESIGN.md §5.
//
// Times are stored as BSON dates, that is in milliseconds: a time read back
// is the time written truncated to the millisecond, in UTC. Nil slices and
// maps are stored as null and empty ones as empty arrays and documents, so
// both read back as they were written.
//
// Map keys that become field names (answers by question id, matrix rows,
// scores by section and item, titles by language) are checked by safeKey:
// ids are validated upstream, but a key starting with '$' or holding a '.'
// would be read by MongoDB as an operator or a path, so the store refuses it
// rather than trusting every caller.

// associationDoc is an associations document; _id is the association's slug.
type associationDoc struct {
	ID                   string    `bson:"_id"`
	Name                 string    `bson:"name"`
	Country              string    `bson:"country"`
	Region               string    `bson:"region"`
	Type                 string    `bson:"type"`
	Members              int64     `bson:"members"`
	InstitutionalMembers int64     `bson:"institutional_members"`
	BudgetBand           string    `bson:"budget_band"`
	Languages            []string  `bson:"languages"`
	TimeZone             string    `bson:"time_zone"`
	Language             string    `bson:"language"`
	MentoringOffers      []string  `bson:"mentoring_offers"`
	MentoringSeeks       []string  `bson:"mentoring_seeks"`
	CreatedAt            time.Time `bson:"created_at"`
	UpdatedAt            time.Time `bson:"updated_at"`
}

func fromAssociation(a *survey.Association) *associationDoc {
	return &associationDoc{
		ID:                   a.ID,
		Name:                 a.Name,
		Country:              a.Country,
		Region:               string(a.Region),
		Type:                 a.Type,
		Members:              int64(a.Members),
		InstitutionalMembers: int64(a.InstitutionalMembers),
		BudgetBand:           a.BudgetBand,
		Languages:            a.Languages,
		TimeZone:             a.TimeZone,
		Language:             a.Language,
		MentoringOffers:      a.MentoringOffers,
		MentoringSeeks:       a.MentoringSeeks,
		CreatedAt:            a.CreatedAt,
		UpdatedAt:            a.UpdatedAt,
	}
}

func (d *associationDoc) toAssociation() *survey.Association {
	return &survey.Association{
		ID:                   d.ID,
		Name:                 d.Name,
		Country:              d.Country,
		Region:               questionnaires.Region(d.Region),
		Type:                 d.Type,
		Members:              int(d.Members),
		InstitutionalMembers: int(d.InstitutionalMembers),
		BudgetBand:           d.BudgetBand,
		Languages:            d.Languages,
		TimeZone:             d.TimeZone,
		Language:             d.Language,
		MentoringOffers:      d.MentoringOffers,
		MentoringSeeks:       d.MentoringSeeks,
		CreatedAt:            utc(d.CreatedAt),
		UpdatedAt:            utc(d.UpdatedAt),
	}
}

// questionnaireDoc is a questionnaires document; _id is the key id@version.
type questionnaireDoc struct {
	Key        string    `bson:"_id"`
	ID         string    `bson:"id"`
	Version    string    `bson:"version"`
	Source     []byte    `bson:"source"`
	UploadedAt time.Time `bson:"uploaded_at"`
	UploadedBy string    `bson:"uploaded_by"`
}

func fromQuestionnaire(q *survey.StoredQuestionnaire) *questionnaireDoc {
	return &questionnaireDoc{Key: q.Key, ID: q.ID, Version: q.Version, Source: q.Source,
		UploadedAt: q.UploadedAt, UploadedBy: q.UploadedBy}
}

func (d *questionnaireDoc) toQuestionnaire() *survey.StoredQuestionnaire {
	return &survey.StoredQuestionnaire{Key: d.Key, ID: d.ID, Version: d.Version, Source: d.Source,
		UploadedAt: utc(d.UploadedAt), UploadedBy: d.UploadedBy}
}

// campaignDoc is a campaigns document; _id is the campaign's slug.
type campaignDoc struct {
	ID              string            `bson:"_id"`
	Title           map[string]string `bson:"title"`
	Questionnaires  []string          `bson:"questionnaires"`
	Opens           time.Time         `bson:"opens"`
	Closes          time.Time         `bson:"closes"`
	AnywhereOnEarth bool              `bson:"anywhere_on_earth"`
	K               int64             `bson:"k"`
	Previous        string            `bson:"previous,omitempty"`
	ClosedAt        *time.Time        `bson:"closed_at,omitempty"`
	Generation      int64             `bson:"generation"`
	CreatedAt       time.Time         `bson:"created_at"`
}

func fromCampaign(c *survey.Campaign) (*campaignDoc, error) {
	if err := checkKeys("title", c.Title); err != nil {
		return nil, err
	}
	return &campaignDoc{
		ID:              c.ID,
		Title:           c.Title,
		Questionnaires:  c.Questionnaires,
		Opens:           c.Opens,
		Closes:          c.Closes,
		AnywhereOnEarth: c.AnywhereOnEarth,
		K:               int64(c.K),
		Previous:        c.Previous,
		ClosedAt:        c.ClosedAt,
		Generation:      c.Generation,
		CreatedAt:       c.CreatedAt,
	}, nil
}

func (d *campaignDoc) toCampaign() *survey.Campaign {
	return &survey.Campaign{
		ID:              d.ID,
		Title:           questionnaires.Text(d.Title),
		Questionnaires:  d.Questionnaires,
		Opens:           utc(d.Opens),
		Closes:          utc(d.Closes),
		AnywhereOnEarth: d.AnywhereOnEarth,
		K:               int(d.K),
		Previous:        d.Previous,
		ClosedAt:        utcPtr(d.ClosedAt),
		Generation:      d.Generation,
		CreatedAt:       utc(d.CreatedAt),
	}
}

// responseDoc is a responses document; _id is campaign/association/questionnaire.
// campaign, association, questionnaire and status are repeated as fields
// for the filters of ListResponses and StreamResponses.
type responseDoc struct {
	ID             string              `bson:"_id"`
	Campaign       string              `bson:"campaign"`
	Association    string              `bson:"association"`
	Questionnaire  string              `bson:"questionnaire"`
	Version        string              `bson:"version"`
	Status         string              `bson:"status"`
	Revision       int64               `bson:"revision"`
	Answers        map[string]valueDoc `bson:"answers"`
	Position       string              `bson:"position,omitempty"`
	CreatedAt      time.Time           `bson:"created_at"`
	UpdatedAt      time.Time           `bson:"updated_at"`
	SubmittedAt    *time.Time          `bson:"submitted_at,omitempty"`
	SubmittedBy    string              `bson:"submitted_by,omitempty"`
	IdempotencyKey string              `bson:"idempotency_key,omitempty"`
	BodyHash       string              `bson:"body_hash,omitempty"`
	Scores         *scoresDoc          `bson:"scores,omitempty"`
	Peer           *peerDoc            `bson:"peer,omitempty"`
	History        []submissionDoc     `bson:"history,omitempty"`
}

// scoresDoc is survey.Scores.
type scoresDoc struct {
	Scored     bool               `bson:"scored"`
	Score      float64            `bson:"score"`
	Maturity   string             `bson:"maturity,omitempty"`
	Sections   map[string]float64 `bson:"sections"`
	Items      map[string]float64 `bson:"items"`
	Indicators map[string]float64 `bson:"indicators"`
}

// peerDoc is survey.Peer.
type peerDoc struct {
	Region  string `bson:"region"`
	Size    string `bson:"size"`
	Budget  string `bson:"budget"`
	Type    string `bson:"type"`
	Country string `bson:"country"`
}

// submissionDoc is survey.Submission, an element of a response's history.
type submissionDoc struct {
	Revision    int64               `bson:"revision"`
	SubmittedAt time.Time           `bson:"submitted_at"`
	SubmittedBy string              `bson:"submitted_by"`
	Answers     map[string]valueDoc `bson:"answers"`
	Scores      *scoresDoc          `bson:"scores,omitempty"`
	ReopenedAt  time.Time           `bson:"reopened_at"`
	ReopenedBy  string              `bson:"reopened_by"`
	Reason      string              `bson:"reason,omitempty"`
}

// fromResponse converts r, refusing keys that cannot be field names with a
// *survey.ValidationError.
func fromResponse(r *survey.Response) (*responseDoc, error) {
	answers, err := fromAnswers("answers", r.Answers)
	if err != nil {
		return nil, err
	}
	scores, err := fromScores("scores", r.Scores)
	if err != nil {
		return nil, err
	}
	d := &responseDoc{
		ID:             r.ID,
		Campaign:       r.Campaign,
		Association:    r.Association,
		Questionnaire:  r.Questionnaire,
		Version:        r.Version,
		Status:         string(r.Status),
		Revision:       r.Revision,
		Answers:        answers,
		Position:       r.Position,
		CreatedAt:      r.CreatedAt,
		UpdatedAt:      r.UpdatedAt,
		SubmittedAt:    r.SubmittedAt,
		SubmittedBy:    r.SubmittedBy,
		IdempotencyKey: r.IdempotencyKey,
		BodyHash:       r.BodyHash,
		Scores:         scores,
	}
	if r.Peer != nil {
		p := peerDoc(*r.Peer)
		d.Peer = &p
	}
	if r.History != nil {
		d.History = make([]submissionDoc, len(r.History))
		for i, h := range r.History {
			field := fmt.Sprintf("history[%d]", i)
			answers, err := fromAnswers(field+".answers", h.Answers)
			if err != nil {
				return nil, err
			}
			scores, err := fromScores(field+".scores", h.Scores)
			if err != nil {
				return nil, err
			}
			d.History[i] = submissionDoc{
				Revision:    h.Revision,
				SubmittedAt: h.SubmittedAt,
				SubmittedBy: h.SubmittedBy,
				Answers:     answers,
				Scores:      scores,
				ReopenedAt:  h.ReopenedAt,
				ReopenedBy:  h.ReopenedBy,
				Reason:      h.Reason,
			}
		}
	}
	return d, nil
}

func (d *responseDoc) toResponse() *survey.Response {
	r := &survey.Response{
		ID:             d.ID,
		Campaign:       d.Campaign,
		Association:    d.Association,
		Questionnaire:  d.Questionnaire,
		Version:        d.Version,
		Status:         survey.ResponseStatus(d.Status),
		Revision:       d.Revision,
		Answers:        toAnswers(d.Answers),
		Position:       d.Position,
		CreatedAt:      utc(d.CreatedAt),
		UpdatedAt:      utc(d.UpdatedAt),
		SubmittedAt:    utcPtr(d.SubmittedAt),
		SubmittedBy:    d.SubmittedBy,
		IdempotencyKey: d.IdempotencyKey,
		BodyHash:       d.BodyHash,
		Scores:         d.Scores.toScores(),
	}
	if d.Peer != nil {
		p := survey.Peer(*d.Peer)
		r.Peer = &p
	}
	if d.History != nil {
		r.History = make([]survey.Submission, len(d.History))
		for i, h := range d.History {
			r.History[i] = survey.Submission{
				Revision:    h.Revision,
				SubmittedAt: utc(h.SubmittedAt),
				SubmittedBy: h.SubmittedBy,
				Answers:     toAnswers(h.Answers),
				Scores:      h.Scores.toScores(),
				ReopenedAt:  utc(h.ReopenedAt),
				ReopenedBy:  h.ReopenedBy,
				Reason:      h.Reason,
			}
		}
	}
	return r
}

func fromScores(field string, s *survey.Scores) (*scoresDoc, error) {
	if s == nil {
		return nil, nil
	}
	for name, m := range map[string]map[string]float64{
		"sections": s.Sections, "items": s.Items, "indicators": s.Indicators,
	} {
		if err := checkKeys(field+"."+name, m); err != nil {
			return nil, err
		}
	}
	return &scoresDoc{Scored: s.Scored, Score: s.Score, Maturity: s.Maturity,
		Sections: s.Sections, Items: s.Items, Indicators: s.Indicators}, nil
}

func (d *scoresDoc) toScores() *survey.Scores {
	if d == nil {
		return nil
	}
	return &survey.Scores{Scored: d.Scored, Score: d.Score, Maturity: d.Maturity,
		Sections: d.Sections, Items: d.Items, Indicators: d.Indicators}
}

// valueDoc is one answer (questionnaires.Value): k is the kind, and each
// other field is present only when the Value's field is set (s: Str, n: Num,
// l: List, r: Rows, e: Evidence), so that decoding restores exactly the
// Value encoded: a matrix row at 0 (n/a) and a rubric at level 0 (n/a) keep
// their zero, a nil list stays nil and an empty one empty. (A negative zero
// may come back as 0: FerretDB does not keep the sign.)
type valueDoc struct {
	K int32               `bson:"k"`
	S *string             `bson:"s,omitempty"`
	N *float64            `bson:"n,omitempty"`
	L *[]string           `bson:"l,omitempty"`
	R *map[string]float64 `bson:"r,omitempty"`
	E *string             `bson:"e,omitempty"`
}

func fromAnswers(field string, a questionnaires.Answers) (map[string]valueDoc, error) {
	if a == nil {
		return nil, nil
	}
	out := make(map[string]valueDoc, len(a))
	for id, v := range a {
		if err := safeKey(field, id); err != nil {
			return nil, err
		}
		d := valueDoc{K: int32(v.Kind)}
		if v.Str != "" {
			d.S = &v.Str
		}
		if v.Num != 0 {
			d.N = &v.Num
		}
		if v.List != nil {
			d.L = &v.List
		}
		if v.Rows != nil {
			if err := checkKeys(field+"."+id+".rows", v.Rows); err != nil {
				return nil, err
			}
			d.R = &v.Rows
		}
		if v.Evidence != "" {
			d.E = &v.Evidence
		}
		out[id] = d
	}
	return out, nil
}

func toAnswers(m map[string]valueDoc) questionnaires.Answers {
	if m == nil {
		return nil
	}
	a := make(questionnaires.Answers, len(m))
	for id, d := range m {
		v := questionnaires.Value{Kind: questionnaires.Kind(d.K)}
		if d.S != nil {
			v.Str = *d.S
		}
		if d.N != nil {
			v.Num = *d.N
		}
		if d.L != nil {
			v.List = *d.L
		}
		if d.R != nil {
			v.Rows = *d.R
		}
		if d.E != nil {
			v.Evidence = *d.E
		}
		a[id] = v
	}
	return a
}

// tokenDoc is a tokens document; _id is the hex SHA-256 of the raw token,
// which the store never sees.
type tokenDoc struct {
	Hash        string     `bson:"_id"`
	Role        string     `bson:"role"`
	Association string     `bson:"association,omitempty"`
	Label       string     `bson:"label,omitempty"`
	CreatedAt   time.Time  `bson:"created_at"`
	CreatedBy   string     `bson:"created_by,omitempty"`
	ExpiresAt   time.Time  `bson:"expires_at"`
	RevokedAt   *time.Time `bson:"revoked_at,omitempty"`
}

func fromToken(t *survey.Token) *tokenDoc {
	return &tokenDoc{Hash: t.Hash, Role: string(t.Role), Association: t.Association, Label: t.Label,
		CreatedAt: t.CreatedAt, CreatedBy: t.CreatedBy, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt}
}

func (d *tokenDoc) toToken() *survey.Token {
	return &survey.Token{Hash: d.Hash, Role: survey.Role(d.Role), Association: d.Association, Label: d.Label,
		CreatedAt: utc(d.CreatedAt), CreatedBy: d.CreatedBy, ExpiresAt: utc(d.ExpiresAt), RevokedAt: utcPtr(d.RevokedAt)}
}

// auditDoc is an audit document; _id is an ObjectID made by the store.
type auditDoc struct {
	ID     bson.ObjectID `bson:"_id"`
	At     time.Time     `bson:"at"`
	Actor  string        `bson:"actor"`
	Role   string        `bson:"role"`
	Action string        `bson:"action"`
	Target string        `bson:"target"`
	Detail string        `bson:"detail,omitempty"`
}

func fromAudit(e *survey.AuditEvent) *auditDoc {
	return &auditDoc{ID: bson.NewObjectID(), At: e.At, Actor: e.Actor, Role: string(e.Role),
		Action: e.Action, Target: e.Target, Detail: e.Detail}
}

func (d *auditDoc) toAudit() *survey.AuditEvent {
	return &survey.AuditEvent{At: utc(d.At), Actor: d.Actor, Role: survey.Role(d.Role),
		Action: d.Action, Target: d.Target, Detail: d.Detail}
}

// utc returns t in UTC. The driver already decodes dates in UTC; this keeps
// the converters right whatever the decoder's settings.
func utc(t time.Time) time.Time { return t.UTC() }

// utcPtr is utc for optional times.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// checkKeys checks every key of m with safeKey.
func checkKeys[V any](field string, m map[string]V) error {
	for k := range m {
		if err := safeKey(field, k); err != nil {
			return err
		}
	}
	return nil
}

// maxKeyInError bounds how much of a refused key an error message quotes.
const maxKeyInError = 64

// safeKey returns a *survey.ValidationError for field when key cannot be a
// field name: empty, starting with '$' (an operator), or containing '.' (a
// path separator) or NUL (the end of a BSON name).
func safeKey(field, key string) error {
	var why string
	switch {
	case key == "":
		why = "is empty"
	case strings.HasPrefix(key, "$"):
		why = "starts with '$'"
	case strings.Contains(key, "."):
		why = "contains '.'"
	case strings.ContainsRune(key, 0):
		why = "contains NUL"
	default:
		return nil
	}
	quoted := key
	if len(quoted) > maxKeyInError {
		quoted = quoted[:maxKeyInError] + "..."
	}
	return &survey.ValidationError{
		Message: "invalid input",
		Fields:  map[string]string{field: fmt.Sprintf("key %q %s: not allowed as a stored field name", quoted, why)},
	}
}
