package mongostore

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/survey"
)

// Every filter and update below is built from typed fields of the survey
// types (strings, numbers, times): never from a document a caller supplied,
// so no caller can smuggle an operator into one.

// CreateAssociation inserts a new association (survey.ErrConflict when the id exists).
func (s *Store) CreateAssociation(ctx context.Context, a *survey.Association) error {
	return storeErr(s.insert(ctx, collAssociations, fromAssociation(a)), "create association %s", a.ID)
}

// ReplaceAssociation overwrites an existing association (survey.ErrNotFound when absent).
func (s *Store) ReplaceAssociation(ctx context.Context, a *survey.Association) error {
	err := s.exclusive(ctx, collAssociations, a.ID, func() error {
		res, err := s.db.Collection(collAssociations).ReplaceOne(ctx, byID(a.ID), fromAssociation(a))
		if err != nil {
			return err
		}
		if res.MatchedCount == 0 {
			return mongo.ErrNoDocuments
		}
		return nil
	})
	return storeErr(err, "replace association %s", a.ID)
}

// GetAssociation reads one association.
func (s *Store) GetAssociation(ctx context.Context, id string) (*survey.Association, error) {
	var d associationDoc
	if err := s.findOne(ctx, collAssociations, id, &d); err != nil {
		return nil, storeErr(err, "get association %s", id)
	}
	return d.toAssociation(), nil
}

// ListAssociations returns the associations matching f, ordered by id.
func (s *Store) ListAssociations(ctx context.Context, f survey.AssociationFilter) ([]*survey.Association, error) {
	filter := bson.D{}
	if f.Region != "" {
		filter = append(filter, bson.E{Key: "region", Value: f.Region})
	}
	if f.Type != "" {
		filter = append(filter, bson.E{Key: "type", Value: f.Type})
	}
	if f.After != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$gt", Value: f.After}}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})
	if f.Limit > 0 {
		opts.SetLimit(int64(f.Limit))
	}
	out, err := findAll(ctx, s.db.Collection(collAssociations), filter, opts, (*associationDoc).toAssociation)
	return out, storeErr(err, "list associations")
}

// PutQuestionnaire stores an uploaded definition (survey.ErrConflict when the key exists).
func (s *Store) PutQuestionnaire(ctx context.Context, q *survey.StoredQuestionnaire) error {
	return storeErr(s.insert(ctx, collQuestionnaires, fromQuestionnaire(q)), "put questionnaire %s", q.Key)
}

// GetQuestionnaire reads an uploaded definition by key (id@version).
func (s *Store) GetQuestionnaire(ctx context.Context, key string) (*survey.StoredQuestionnaire, error) {
	var d questionnaireDoc
	if err := s.findOne(ctx, collQuestionnaires, key, &d); err != nil {
		return nil, storeErr(err, "get questionnaire %s", key)
	}
	return d.toQuestionnaire(), nil
}

// ListQuestionnaires returns every uploaded definition, ordered by key.
func (s *Store) ListQuestionnaires(ctx context.Context) ([]*survey.StoredQuestionnaire, error) {
	out, err := findAll(ctx, s.db.Collection(collQuestionnaires), bson.D{},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}), (*questionnaireDoc).toQuestionnaire)
	return out, storeErr(err, "list questionnaires")
}

// CreateCampaign inserts a campaign (survey.ErrConflict when the id exists).
func (s *Store) CreateCampaign(ctx context.Context, c *survey.Campaign) error {
	d, err := fromCampaign(c)
	if err != nil {
		return storeErr(err, "create campaign %s", c.ID)
	}
	return storeErr(s.insert(ctx, collCampaigns, d), "create campaign %s", c.ID)
}

// GetCampaign reads one campaign.
func (s *Store) GetCampaign(ctx context.Context, id string) (*survey.Campaign, error) {
	var d campaignDoc
	if err := s.findOne(ctx, collCampaigns, id, &d); err != nil {
		return nil, storeErr(err, "get campaign %s", id)
	}
	return d.toCampaign(), nil
}

// ListCampaigns returns every campaign ordered by opening date, then id.
func (s *Store) ListCampaigns(ctx context.Context) ([]*survey.Campaign, error) {
	out, err := findAll(ctx, s.db.Collection(collCampaigns), bson.D{},
		options.Find().SetSort(bson.D{{Key: "opens", Value: 1}, {Key: "_id", Value: 1}}), (*campaignDoc).toCampaign)
	return out, storeErr(err, "list campaigns")
}

// CloseCampaign sets the campaign's ClosedAt (survey.ErrNotFound when absent).
func (s *Store) CloseCampaign(ctx context.Context, id string, at time.Time) error {
	return storeErr(s.setField(ctx, collCampaigns, id, "closed_at", at), "close campaign %s", id)
}

// BumpGeneration increments the campaign's Generation and returns the new value.
func (s *Store) BumpGeneration(ctx context.Context, id string) (int64, error) {
	var d struct {
		Generation int64 `bson:"generation"`
	}
	err := s.exclusive(ctx, collCampaigns, id, func() error {
		return s.db.Collection(collCampaigns).FindOneAndUpdate(ctx, byID(id),
			bson.D{{Key: "$inc", Value: bson.D{{Key: "generation", Value: int64(1)}}}},
			// No projection: FerretDB v1's findAndModify does not implement "fields".
			options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	})
	if err != nil {
		return 0, storeErr(err, "bump generation of campaign %s", id)
	}
	return d.Generation, nil
}

// InsertToken stores a token by its hash (survey.ErrConflict when the hash exists).
func (s *Store) InsertToken(ctx context.Context, t *survey.Token) error {
	return storeErr(s.insert(ctx, collTokens, fromToken(t)), "insert token %s", tokenName(t.Hash))
}

// GetToken reads a token by its hash.
func (s *Store) GetToken(ctx context.Context, hash string) (*survey.Token, error) {
	var d tokenDoc
	if err := s.findOne(ctx, collTokens, hash, &d); err != nil {
		return nil, storeErr(err, "get token %s", tokenName(hash))
	}
	return d.toToken(), nil
}

// maxFoundTokens bounds FindTokens.
const maxFoundTokens = 10

// FindTokens returns the tokens whose hash starts with prefix, at most 10,
// ordered by hash. Hashes are lower-case hex, so they all sort below
// prefix+"g": the range is an _id index scan on MongoDB (a collection scan
// on FerretDB, acceptable for this rare administrative lookup).
func (s *Store) FindTokens(ctx context.Context, prefix string) ([]*survey.Token, error) {
	filter := bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: prefix}, {Key: "$lt", Value: prefix + "g"}}}}
	out, err := findAll(ctx, s.db.Collection(collTokens), filter,
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(maxFoundTokens), (*tokenDoc).toToken)
	return out, storeErr(err, "find tokens %s", tokenName(prefix))
}

// ListTokens returns the tokens of an association ("" for every token), newest first.
func (s *Store) ListTokens(ctx context.Context, association string) ([]*survey.Token, error) {
	filter := bson.D{}
	if association != "" {
		filter = append(filter, bson.E{Key: "association", Value: association})
	}
	out, err := findAll(ctx, s.db.Collection(collTokens), filter,
		options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: 1}}), (*tokenDoc).toToken)
	return out, storeErr(err, "list tokens")
}

// RevokeToken sets the token's RevokedAt (survey.ErrNotFound when absent).
func (s *Store) RevokeToken(ctx context.Context, hash string, at time.Time) error {
	return storeErr(s.setField(ctx, collTokens, hash, "revoked_at", at), "revoke token %s", tokenName(hash))
}

// tokenName shortens a token hash for messages to its public prefix.
func tokenName(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// AppendAudit records an event.
func (s *Store) AppendAudit(ctx context.Context, e *survey.AuditEvent) error {
	return storeErr(s.insert(ctx, collAudit, fromAudit(e)), "append audit event %s %s", e.Action, e.Target)
}

// ListAudit returns the events matching f, newest first (ties in the order
// they were appended, newest first), at most f.Limit when it is positive.
func (s *Store) ListAudit(ctx context.Context, f survey.AuditFilter) ([]*survey.AuditEvent, error) {
	filter := bson.D{}
	if f.Target != "" {
		filter = append(filter, bson.E{Key: "target", Value: f.Target})
	}
	if f.Action != "" {
		filter = append(filter, bson.E{Key: "action", Value: f.Action})
	}
	opts := options.Find().SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}})
	if f.Limit > 0 {
		opts.SetLimit(int64(f.Limit))
	}
	out, err := findAll(ctx, s.db.Collection(collAudit), filter, opts, (*auditDoc).toAudit)
	return out, storeErr(err, "list audit events")
}

// setField sets one field of the document with _id id, mongo.ErrNoDocuments
// when there is none.
func (s *Store) setField(ctx context.Context, coll, id, field string, value any) error {
	return s.exclusive(ctx, coll, id, func() error {
		res, err := s.db.Collection(coll).UpdateOne(ctx, byID(id),
			bson.D{{Key: "$set", Value: bson.D{{Key: field, Value: value}}}})
		if err != nil {
			return err
		}
		if res.MatchedCount == 0 {
			return mongo.ErrNoDocuments
		}
		return nil
	})
}

// getManyWorkers is how many _id lookups GetAssociations runs at once on FerretDB.
const getManyWorkers = 8

// GetAssociations reads the associations with the given ids; ids that do
// not exist are absent from the result. On MongoDB it is one $in query on
// _id; FerretDB does not push $in down to SQLite (it would scan the
// collection), so there it runs concurrent lookups by _id, which use the
// SQLite _id path index (sqliteindex.go).
func (s *Store) GetAssociations(ctx context.Context, ids []string) (map[string]*survey.Association, error) {
	out := make(map[string]*survey.Association, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if !s.ferret {
		list, err := findAll(ctx, s.db.Collection(collAssociations), bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
			options.Find(), (*associationDoc).toAssociation)
		if err != nil {
			return nil, storeErr(err, "get %d associations", len(ids))
		}
		for _, a := range list {
			out[a.ID] = a
		}
		return out, nil
	}
	var mu sync.Mutex
	var firstErr error
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(getManyWorkers, len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				a, err := s.GetAssociation(ctx, id)
				mu.Lock()
				switch {
				case err == nil:
					out[id] = a
				case !errors.Is(err, survey.ErrNotFound) && firstErr == nil:
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	for _, id := range ids {
		next <- id
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
