package mongostore

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

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
// A response's answers and scores (and those of its history entries) are
// stored as JSON text, one string field each (answers_json, scores_json),
// not as sub-documents; everything else is a plain field. The reasons:
//
//   - cost: FerretDB v1 (the embedded server) converts every document
//     between BSON and its own JSON form, and nested documents are
//     expensive there. Measured on this 2-core machine with 10 000
//     realistic responses (BenchmarkStreamResponses, BenchmarkByID): with
//     one sub-document per question id StreamResponses managed 140-420
//     documents per second, with the answers and scores as JSON text
//     1850-2250; GetResponse by _id took 1.3 ms instead of 3.6 ms, a
//     revision-checked save 6 ms instead of 24 ms. The document shrank too:
//     2.0 KB of BSON (6.1 KB of JSON in SQLite) became 1.7 KB (2.9 KB);
//   - need: the server never queries, filters, sorts or projects on an
//     answer or a score: filters are on campaign, association,
//     questionnaire and status; statistics are computed in Go (scoring);
//   - safety: no user-supplied key (a question id, a matrix row, a score
//     name) ever becomes a document field name, so none can be read as an
//     operator or a path.
//
// The text is canonical JSON (map keys sorted, no spaces, no HTML
// escaping), so the data stays readable with mongosh. It is written and
// read with encoding/json into the store's own structs (valueDoc,
// scoresDoc), never through the survey or questionnaires types' own JSON
// forms, which are for the API and may change; decoding gives back exactly
// the values encoded (see valueDoc). Keys are still checked by safeKey, as for the map keys
// that do become field names (campaign titles by language): ids are
// validated upstream, but a key starting with '$' or holding a '.' or NUL
// is refused rather than trusted. Values JSON cannot hold exactly (numbers
// that are not finite, text that is not UTF-8) are refused too.

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
	Email                string    `bson:"email,omitempty"`
	MentoringOffers      []string  `bson:"mentoring_offers"`
	MentoringSeeks       []string  `bson:"mentoring_seeks"`
	MentoringHours       int64     `bson:"mentoring_hours,omitempty"`
	MentoringFormat      string    `bson:"mentoring_format,omitempty"`
	MentoringScope       string    `bson:"mentoring_scope,omitempty"`
	MentoringCapacity    int64     `bson:"mentoring_capacity,omitempty"`
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
		Email:                a.Email,
		MentoringOffers:      a.MentoringOffers,
		MentoringSeeks:       a.MentoringSeeks,
		MentoringHours:       int64(a.MentoringHours),
		MentoringFormat:      a.MentoringFormat,
		MentoringScope:       a.MentoringScope,
		MentoringCapacity:    int64(a.MentoringCapacity),
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
		Email:                d.Email,
		MentoringOffers:      d.MentoringOffers,
		MentoringSeeks:       d.MentoringSeeks,
		MentoringHours:       int(d.MentoringHours),
		MentoringFormat:      d.MentoringFormat,
		MentoringScope:       d.MentoringScope,
		MentoringCapacity:    int(d.MentoringCapacity),
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
	Release         int64             `bson:"release"`
	CreatedAt       time.Time         `bson:"created_at"`
	ResultsLayout   int64             `bson:"results_layout,omitempty"`
	RatersMin       int64             `bson:"raters_min,omitempty"`
	PublicReport    bool              `bson:"public_report,omitempty"`
	KeyPractices    []string          `bson:"key_practices,omitempty"`
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
		Release:         int64(c.Release),
		CreatedAt:       c.CreatedAt,
		ResultsLayout:   int64(c.ResultsLayout),
		RatersMin:       int64(c.Raters.MinOf()),
		PublicReport:    c.PublicReport,
		KeyPractices:    c.KeyPractices,
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
		Release:         int(d.Release),
		CreatedAt:       utc(d.CreatedAt),
		ResultsLayout:   int(d.ResultsLayout),
		Raters:          survey.RatersMin(int(d.RatersMin)),
		PublicReport:    d.PublicReport,
		KeyPractices:    d.KeyPractices,
	}
}

// responseDoc is a responses document; _id is campaign/association/questionnaire.
// campaign, association, questionnaire and status are repeated as fields
// for the filters of ListResponses and StreamResponses. The answers and the
// scores are JSON text (see the file comment and encodeAnswers).
type responseDoc struct {
	ID             string          `bson:"_id"`
	Campaign       string          `bson:"campaign"`
	Association    string          `bson:"association"`
	Questionnaire  string          `bson:"questionnaire"`
	Version        string          `bson:"version"`
	Status         string          `bson:"status"`
	Revision       int64           `bson:"revision"`
	AnswersJSON    string          `bson:"answers_json,omitempty"`
	Position       string          `bson:"position,omitempty"`
	CreatedAt      time.Time       `bson:"created_at"`
	UpdatedAt      time.Time       `bson:"updated_at"`
	SubmittedAt    *time.Time      `bson:"submitted_at,omitempty"`
	SubmittedBy    string          `bson:"submitted_by,omitempty"`
	IdempotencyKey string          `bson:"idempotency_key,omitempty"`
	BodyHash       string          `bson:"body_hash,omitempty"`
	ScoresJSON     string          `bson:"scores_json,omitempty"`
	Peer           *peerDoc        `bson:"peer,omitempty"`
	History        []submissionDoc `bson:"history"`
	Generation     int64           `bson:"generation,omitempty"`

	// LegacyAnswers and LegacyScores hold what a document of the earlier
	// layout, with answers and scores as sub-documents, has there;
	// toResponse refuses such a document rather than read it without its
	// answers.
	LegacyAnswers bson.Raw `bson:"answers,omitempty"`
	LegacyScores  bson.Raw `bson:"scores,omitempty"`
}

// peerDoc is survey.Peer.
type peerDoc struct {
	Region  string `bson:"region"`
	Size    string `bson:"size"`
	Budget  string `bson:"budget"`
	Type    string `bson:"type"`
	Country string `bson:"country"`
}

// submissionDoc is survey.Submission, an element of a response's history;
// its answers and scores are JSON text as the response's are.
type submissionDoc struct {
	Revision    int64     `bson:"revision"`
	SubmittedAt time.Time `bson:"submitted_at"`
	SubmittedBy string    `bson:"submitted_by"`
	AnswersJSON string    `bson:"answers_json,omitempty"`
	ScoresJSON  string    `bson:"scores_json,omitempty"`
	ReopenedAt  time.Time `bson:"reopened_at"`
	ReopenedBy  string    `bson:"reopened_by"`
	Reason      string    `bson:"reason,omitempty"`
}

// fromResponse converts r, refusing with a *survey.ValidationError keys
// that could not be field names and values that JSON text cannot hold
// exactly (see encodeAnswers).
func fromResponse(r *survey.Response) (*responseDoc, error) {
	answers, err := encodeAnswers("answers", r.Answers)
	if err != nil {
		return nil, err
	}
	scores, err := encodeScores("scores", r.Scores)
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
		AnswersJSON:    answers,
		Position:       r.Position,
		CreatedAt:      r.CreatedAt,
		UpdatedAt:      r.UpdatedAt,
		SubmittedAt:    r.SubmittedAt,
		SubmittedBy:    r.SubmittedBy,
		IdempotencyKey: r.IdempotencyKey,
		BodyHash:       r.BodyHash,
		ScoresJSON:     scores,
		Generation:     r.Generation,
	}
	if r.Peer != nil {
		p := peerDoc(*r.Peer)
		d.Peer = &p
	}
	if r.History != nil {
		d.History = make([]submissionDoc, len(r.History))
		for i, h := range r.History {
			field := fmt.Sprintf("history[%d]", i)
			answers, err := encodeAnswers(field+".answers", h.Answers)
			if err != nil {
				return nil, err
			}
			scores, err := encodeScores(field+".scores", h.Scores)
			if err != nil {
				return nil, err
			}
			d.History[i] = submissionDoc{
				Revision:    h.Revision,
				SubmittedAt: h.SubmittedAt,
				SubmittedBy: h.SubmittedBy,
				AnswersJSON: answers,
				ScoresJSON:  scores,
				ReopenedAt:  h.ReopenedAt,
				ReopenedBy:  h.ReopenedBy,
				Reason:      h.Reason,
			}
		}
	}
	return d, nil
}

// toResponse converts d; it fails only on text the store did not write
// (corrupt JSON, or the earlier layout).
func (d *responseDoc) toResponse() (*survey.Response, error) {
	if d.LegacyAnswers != nil || d.LegacyScores != nil {
		return nil, fmt.Errorf("response %s: stored in the earlier layout (answers and scores as sub-documents), which this version does not read", d.ID)
	}
	answers, err := decodeAnswers(d.AnswersJSON)
	if err != nil {
		return nil, fmt.Errorf("response %s: answers: %w", d.ID, err)
	}
	scores, err := decodeScores(d.ScoresJSON)
	if err != nil {
		return nil, fmt.Errorf("response %s: scores: %w", d.ID, err)
	}
	r := &survey.Response{
		ID:             d.ID,
		Campaign:       d.Campaign,
		Association:    d.Association,
		Questionnaire:  d.Questionnaire,
		Version:        d.Version,
		Status:         survey.ResponseStatus(d.Status),
		Revision:       d.Revision,
		Answers:        answers,
		Position:       d.Position,
		CreatedAt:      utc(d.CreatedAt),
		UpdatedAt:      utc(d.UpdatedAt),
		SubmittedAt:    utcPtr(d.SubmittedAt),
		SubmittedBy:    d.SubmittedBy,
		IdempotencyKey: d.IdempotencyKey,
		BodyHash:       d.BodyHash,
		Scores:         scores,
		Generation:     d.Generation,
	}
	if d.Peer != nil {
		p := survey.Peer(*d.Peer)
		r.Peer = &p
	}
	if d.History != nil {
		r.History = make([]survey.Submission, len(d.History))
		for i, h := range d.History {
			answers, err := decodeAnswers(h.AnswersJSON)
			if err != nil {
				return nil, fmt.Errorf("response %s: history[%d].answers: %w", d.ID, i, err)
			}
			scores, err := decodeScores(h.ScoresJSON)
			if err != nil {
				return nil, fmt.Errorf("response %s: history[%d].scores: %w", d.ID, i, err)
			}
			r.History[i] = survey.Submission{
				Revision:    h.Revision,
				SubmittedAt: utc(h.SubmittedAt),
				SubmittedBy: h.SubmittedBy,
				Answers:     answers,
				Scores:      scores,
				ReopenedAt:  utc(h.ReopenedAt),
				ReopenedBy:  h.ReopenedBy,
				Reason:      h.Reason,
			}
		}
	}
	return r, nil
}

// scoresDoc is survey.Scores as JSON text: a nil map is null, an empty
// one {}, so both read back as they were.
type scoresDoc struct {
	Scored     bool               `json:"scored"`
	Score      float64            `json:"score"`
	Maturity   string             `json:"maturity,omitempty"`
	Sections   map[string]float64 `json:"sections"`
	Items      map[string]float64 `json:"items"`
	Indicators map[string]float64 `json:"indicators"`
}

// encodeScores returns s as JSON text, "" for nil, after checking its keys
// and values as encodeAnswers does.
func encodeScores(field string, s *survey.Scores) (string, error) {
	if s == nil {
		return "", nil
	}
	if err := checkText(field+".maturity", s.Maturity); err != nil {
		return "", err
	}
	for _, m := range []struct {
		name   string
		values map[string]float64
	}{{"sections", s.Sections}, {"items", s.Items}, {"indicators", s.Indicators}} {
		if err := checkNumbers(field+"."+m.name, m.values); err != nil {
			return "", err
		}
	}
	d := scoresDoc{Scored: s.Scored, Score: s.Score, Maturity: s.Maturity,
		Sections: s.Sections, Items: s.Items, Indicators: s.Indicators}
	return string(appendScores(make([]byte, 0, 512), &d)), nil
}

// decodeScores reads what encodeScores wrote.
func decodeScores(text string) (*survey.Scores, error) {
	if text == "" {
		return nil, nil
	}
	var d scoresDoc
	if err := json.Unmarshal([]byte(text), &d); err != nil {
		return nil, err
	}
	return &survey.Scores{Scored: d.Scored, Score: d.Score, Maturity: d.Maturity,
		Sections: d.Sections, Items: d.Items, Indicators: d.Indicators}, nil
}

// valueDoc is one answer (questionnaires.Value) in the answers' JSON text:
// k is the kind, and each other field is present only when the Value's
// field is set (s: Str, n: Num, l: List, r: Rows, e: Evidence), so that
// decoding restores exactly the Value encoded: a matrix row at 0 (n/a) and
// a rubric at level 0 (n/a) keep their zero, a nil list stays nil and an
// empty one empty, and a negative zero keeps its sign. For example
//
//	{"q01":{"k":3,"n":12.5},"q02":{"k":4,"l":["a","b"]},"q03":{"k":5,"r":{"x":0,"y":3}}}
type valueDoc struct {
	K int32               `json:"k"`
	S *string             `json:"s,omitempty"`
	N *float64            `json:"n,omitempty"`
	L *[]string           `json:"l,omitempty"`
	R *map[string]float64 `json:"r,omitempty"`
	E *string             `json:"e,omitempty"`
}

// encodeAnswers returns a as JSON text, "" for nil and "{}" for empty. It
// refuses with a *survey.ValidationError on field a question id or matrix
// row that could not be a field name (safeKey: the store writes them as
// JSON keys only, but keeps to the rule), and what JSON text would not give
// back exactly: a number that is not finite, text that is not valid UTF-8.
func encodeAnswers(field string, a questionnaires.Answers) (string, error) {
	if a == nil {
		return "", nil
	}
	for id, v := range a {
		if err := safeKey(field, id); err != nil {
			return "", err
		}
		if err := checkValue(field, id, &v); err != nil {
			return "", err
		}
	}
	return string(appendAnswers(make([]byte, 0, 64*len(a)), a)), nil
}

// decodeAnswers reads what encodeAnswers wrote.
func decodeAnswers(text string) (questionnaires.Answers, error) {
	if text == "" {
		return nil, nil
	}
	var m map[string]valueDoc
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("null instead of an object")
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
	return a, nil
}

// checkValue checks the answer v to question id for encodeAnswers.
func checkValue(field, id string, v *questionnaires.Value) error {
	if !utf8.ValidString(id) {
		return refuse(field, id, "is not valid UTF-8")
	}
	if !finite(v.Num) {
		return refuse(field, id, "has a number that is not finite")
	}
	for _, s := range []string{v.Str, v.Evidence} {
		if !utf8.ValidString(s) {
			return refuse(field, id, "has text that is not valid UTF-8")
		}
	}
	for _, s := range v.List {
		if !utf8.ValidString(s) {
			return refuse(field, id, "has text that is not valid UTF-8")
		}
	}
	if v.Rows == nil {
		return nil
	}
	return checkNumbers(field+"."+id+".rows", v.Rows)
}

// checkNumbers checks the keys of m with safeKey and for valid UTF-8, and
// its values for being finite.
func checkNumbers(field string, m map[string]float64) error {
	for k, x := range m {
		if err := safeKey(field, k); err != nil {
			return err
		}
		if !utf8.ValidString(k) {
			return refuse(field, k, "is not valid UTF-8")
		}
		if !finite(x) {
			return refuse(field, k, "has a number that is not finite")
		}
	}
	return nil
}

// checkText refuses text that is not valid UTF-8 on field.
func checkText(field, s string) error {
	if utf8.ValidString(s) {
		return nil
	}
	return &survey.ValidationError{Message: "invalid input", Fields: map[string]string{field: "not valid UTF-8"}}
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// encodeJSON returns v as one line of JSON text, map keys sorted, with
// '<', '>' and '&' left as they are (readable in mongosh).
func encodeJSON(v any) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("encode json: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// tokenDoc is a tokens document; _id is the hex SHA-256 of the raw token,
// which the store never sees.
type tokenDoc struct {
	Hash        string     `bson:"_id"`
	Role        string     `bson:"role"`
	Association string     `bson:"association,omitempty"`
	Label       string     `bson:"label,omitempty"`
	Rater       *raterRef  `bson:"rater,omitempty"`
	CreatedAt   time.Time  `bson:"created_at"`
	CreatedBy   string     `bson:"created_by,omitempty"`
	ExpiresAt   time.Time  `bson:"expires_at"`
	RevokedAt   *time.Time `bson:"revoked_at,omitempty"`
}

func fromToken(t *survey.Token) *tokenDoc {
	return &tokenDoc{Hash: t.Hash, Role: string(t.Role), Association: t.Association, Label: t.Label, Rater: fromRaterRef(t.Rater),
		CreatedAt: t.CreatedAt, CreatedBy: t.CreatedBy, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt}
}

func (d *tokenDoc) toToken() *survey.Token {
	return &survey.Token{Hash: d.Hash, Role: survey.Role(d.Role), Association: d.Association, Label: d.Label, Rater: d.Rater.toRaterRef(),
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
	return refuse(field, key, why+": not allowed as a stored field name")
}

// refuse returns a *survey.ValidationError for field saying that key (or
// its value) why, quoting at most maxKeyInError bytes of key.
func refuse(field, key, why string) error {
	quoted := key
	if len(quoted) > maxKeyInError {
		quoted = quoted[:maxKeyInError] + "..."
	}
	return &survey.ValidationError{
		Message: "invalid input",
		Fields:  map[string]string{field: fmt.Sprintf("key %q %s", quoted, why)},
	}
}
