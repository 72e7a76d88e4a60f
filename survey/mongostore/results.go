package mongostore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/survey"
)

// Result records (survey.ResultRecord) live in one collection per
// campaign, "results.<campaign>": loading a campaign's results is then a
// scan of that collection alone. FerretDB v1 pushes no filter but {_id}
// down to SQLite, so a query by campaign on a shared collection — or on
// the responses, with their answers and history — would read and decode
// every document of every campaign; a collection of its own is a table of
// its own. The records are small: scores, peer attributes and the
// answers of choice questions, the JSON text of the first two as the
// responses have it.

// resultsPrefix starts the name of each campaign's results collection.
const resultsPrefix = "results."

// resultsCollection names a campaign's results collection.
func resultsCollection(campaign string) string { return resultsPrefix + campaign }

// resultDoc is a result record; _id is the response id.
type resultDoc struct {
	ID            string    `bson:"_id"`
	Association   string    `bson:"association"`
	Questionnaire string    `bson:"questionnaire"`
	Version       string    `bson:"version"`
	Generation    int64     `bson:"generation"`
	SubmittedAt   time.Time `bson:"submitted_at"`
	Peer          peerDoc   `bson:"peer"`
	ScoresJSON    string    `bson:"scores_json,omitempty"`
	ChoicesJSON   string    `bson:"choices_json,omitempty"`
}

// fromResult converts r, refusing with a *survey.ValidationError keys that
// the store cannot hold.
func fromResult(r *survey.ResultRecord) (*resultDoc, error) {
	scores, err := encodeScores("scores", r.Scores)
	if err != nil {
		return nil, err
	}
	choices, err := encodeAnswers("choices", r.Choices)
	if err != nil {
		return nil, err
	}
	return &resultDoc{ID: r.ID, Association: r.Association, Questionnaire: r.Questionnaire, Version: r.Version,
		Generation: r.Generation, SubmittedAt: r.SubmittedAt, Peer: peerDoc(r.Peer), ScoresJSON: scores, ChoicesJSON: choices}, nil
}

// toResult converts d, a record of campaign.
func (d *resultDoc) toResult(campaign string) (*survey.ResultRecord, error) {
	scores, err := decodeScores(d.ScoresJSON)
	if err != nil {
		return nil, fmt.Errorf("result %s: scores: %w", d.ID, err)
	}
	choices, err := decodeAnswers(d.ChoicesJSON)
	if err != nil {
		return nil, fmt.Errorf("result %s: choices: %w", d.ID, err)
	}
	return &survey.ResultRecord{ID: d.ID, Campaign: campaign, Association: d.Association, Questionnaire: d.Questionnaire,
		Version: d.Version, Generation: d.Generation, SubmittedAt: utc(d.SubmittedAt), Peer: survey.Peer(d.Peer),
		Scores: scores, Choices: choices}, nil
}

// ensureResults creates a campaign's results collection the first time
// this process writes to it, with the embedded server's _id path index
// (sqliteindex.go).
func (s *Store) ensureResults(ctx context.Context, campaign string) error {
	name := resultsCollection(campaign)
	if _, ok := s.resultColls.Load(name); ok {
		return nil
	}
	if err := s.createCollection(ctx, name); err != nil {
		return err
	}
	if s.embedded != nil {
		if err := addSQLiteIDIndexes(ctx, s.embedded.Dir(), s.db.Name(), []string{name}); err != nil {
			s.logger.Warn("no SQLite _id path index: lookups by _id will scan", "collection", name, "error", err)
		}
	}
	s.resultColls.Store(name, true)
	return nil
}

// resultCollections lists the results collections of the database.
func (s *Store) resultCollections(ctx context.Context) ([]string, error) {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("list collections: %w", err)
	}
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, resultsPrefix) {
			out = append(out, n)
		}
	}
	return out, nil
}

// PutResults creates or replaces the result records of a campaign, by id:
// one unordered InsertMany (the records of new submissions are new), then
// a replace by id for each record that existed.
func (s *Store) PutResults(ctx context.Context, campaign string, rs []*survey.ResultRecord) error {
	if len(rs) == 0 {
		return nil
	}
	if err := s.ensureResults(ctx, campaign); err != nil {
		return storeErr(err, "put results of %s", campaign)
	}
	coll := s.db.Collection(resultsCollection(campaign))
	docs := make([]any, 0, len(rs))
	for _, r := range rs {
		d, err := fromResult(r)
		if err != nil {
			return fmt.Errorf("put result %s: %w", r.ID, err)
		}
		docs = append(docs, d)
	}
	_, err := coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err == nil {
		return nil
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
		return storeErr(err, "put %d results of %s", len(rs), campaign)
	}
	for _, we := range bwe.WriteErrors {
		if we.Index < 0 || we.Index >= len(docs) || !mongo.IsDuplicateKeyError(we.WriteError) {
			return storeErr(err, "put %d results of %s", len(rs), campaign)
		}
		d := docs[we.Index].(*resultDoc)
		if _, err := coll.ReplaceOne(ctx, byID(d.ID), d, options.Replace().SetUpsert(true)); err != nil {
			return storeErr(err, "put result %s", d.ID)
		}
	}
	return nil
}

// DeleteResult removes a result record; a missing one is not an error.
func (s *Store) DeleteResult(ctx context.Context, campaign, id string) error {
	if err := s.ensureResults(ctx, campaign); err != nil {
		return storeErr(err, "delete result %s", id)
	}
	_, err := s.db.Collection(resultsCollection(campaign)).DeleteOne(ctx, byID(id))
	return storeErr(err, "delete result %s", id)
}

// StreamResults calls fn for each result record of a campaign, decoded one
// at a time, in storage order.
func (s *Store) StreamResults(ctx context.Context, campaign string, fn func(*survey.ResultRecord) error) error {
	op := "stream results of " + campaign
	cur, err := s.db.Collection(resultsCollection(campaign)).Find(ctx, bson.D{}, options.Find().SetBatchSize(streamBatchSize))
	if err != nil {
		return storeErr(err, "%s", op)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		var d resultDoc
		if err := cur.Decode(&d); err != nil {
			return storeErr(err, "%s: decode %s", op, cur.Current.Lookup("_id"))
		}
		r, err := d.toResult(campaign)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return storeErr(cur.Err(), "%s", op)
}

// SetResultsLayout records the campaign's results layout.
func (s *Store) SetResultsLayout(ctx context.Context, id string, layout int) error {
	return storeErr(s.setField(ctx, collCampaigns, id, "results_layout", int64(layout)), "set results layout of campaign %s", id)
}

// Exclusive reports whether this process is the only writer: the
// embedded server, whose data dir StartEmbedded locks.
func (s *Store) Exclusive() bool { return s.embedded != nil }
