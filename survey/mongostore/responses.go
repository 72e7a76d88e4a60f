package mongostore

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/survey"
)

// streamBatchSize is how many responses StreamResponses asks the server for
// at a time.
const streamBatchSize = 200

// GetResponse reads one response by id (campaign/association/questionnaire).
func (s *Store) GetResponse(ctx context.Context, id string) (*survey.Response, error) {
	var d responseDoc
	if err := s.findOne(ctx, collResponses, id, &d); err != nil {
		return nil, storeErr(err, "get response %s", id)
	}
	r, err := d.toResponse()
	if err != nil {
		return nil, fmt.Errorf("get response %s: %w", id, err)
	}
	return r, nil
}

// InsertResponse inserts a response (survey.ErrConflict when the id exists).
// A key of its answers or scores that cannot be a field name is refused with
// a *survey.ValidationError, and nothing is written.
func (s *Store) InsertResponse(ctx context.Context, r *survey.Response) error {
	d, err := fromResponse(r)
	if err != nil {
		return storeErr(err, "insert response %s", r.ID)
	}
	return storeErr(s.insert(ctx, collResponses, d), "insert response %s", r.ID)
}

// InsertResponses inserts the responses rs with one unordered InsertMany
// (ordered=false: the server tries every document whatever happens to the
// others; the driver splits the call into batches the server accepts) and
// returns one error per response, aligned with rs:
//
//   - nil when the response was written;
//   - survey.ErrConflict (wrapped) when its id exists, stored already or
//     earlier in rs;
//   - a *survey.ValidationError when a key of its answers or scores cannot
//     be stored (see InsertResponse): that response is not sent at all;
//   - another write error as the server reported it.
//
// The second result is an error about the whole call (network, context, a
// write concern error): then the first result is nil and any of the
// responses may or may not have been written; inserting them again reports
// the written ones as survey.ErrConflict.
func (s *Store) InsertResponses(ctx context.Context, rs []*survey.Response) ([]error, error) {
	errs := make([]error, len(rs))
	docs := make([]any, 0, len(rs))
	sent := make([]int, 0, len(rs)) // docs[j] is rs[sent[j]]
	for i, r := range rs {
		d, err := fromResponse(r)
		if err != nil {
			errs[i] = storeErr(err, "insert response %s", r.ID)
			continue
		}
		docs = append(docs, d)
		sent = append(sent, i)
	}
	if len(docs) == 0 {
		return errs, nil
	}
	_, err := s.db.Collection(collResponses).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err == nil {
		return errs, nil
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
		return nil, storeErr(err, "insert %d responses", len(docs))
	}
	for _, we := range bwe.WriteErrors {
		if we.Index < 0 || we.Index >= len(sent) {
			return nil, fmt.Errorf("insert %d responses: write error for document %d: %w", len(docs), we.Index, err)
		}
		i := sent[we.Index]
		errs[i] = storeErr(we.WriteError, "insert response %s", rs[i].ID)
	}
	return errs, nil
}

// ReplaceResponse overwrites the response with r's id if and only if its
// stored revision is expected: survey.ErrConflict when it is another,
// survey.ErrNotFound when there is no such response. It writes r as it is
// (the caller sets the new revision). Keys are checked as by InsertResponse.
//
// With AtomicityServer the check and the write are one ReplaceOne with the
// filter {_id, revision}; when it matches nothing, a second read tells a
// missing response from a stale revision. With AtomicityLocal, under the
// response's lock: FindOne by _id, compare, ReplaceOne by _id (see Atomicity).
func (s *Store) ReplaceResponse(ctx context.Context, r *survey.Response, expected int64) error {
	d, err := fromResponse(r)
	if err != nil {
		return storeErr(err, "replace response %s", r.ID)
	}
	coll := s.db.Collection(collResponses)

	if s.atomic == AtomicityServer {
		filter := bson.D{{Key: "_id", Value: r.ID}, {Key: "revision", Value: expected}}
		res, err := coll.ReplaceOne(ctx, filter, d)
		if err != nil {
			return storeErr(err, "replace response %s", r.ID)
		}
		if res.MatchedCount == 1 {
			return nil
		}
		stored, err := s.storedRevision(ctx, r.ID)
		if err != nil {
			return storeErr(err, "replace response %s", r.ID)
		}
		return conflict(fmt.Sprintf("revision is %d, not %d", stored, expected), "replace response %s", r.ID)
	}

	var stored int64
	err = s.exclusive(ctx, collResponses, r.ID, func() error {
		var err error
		if stored, err = s.storedRevision(ctx, r.ID); err != nil {
			return err
		}
		if stored != expected {
			return errStaleRevision
		}
		res, err := coll.ReplaceOne(ctx, byID(r.ID), d)
		if err != nil {
			return err
		}
		if res.MatchedCount == 0 {
			return mongo.ErrNoDocuments // deleted by something other than this store
		}
		return nil
	})
	if errors.Is(err, errStaleRevision) {
		return conflict(fmt.Sprintf("revision is %d, not %d", stored, expected), "replace response %s", r.ID)
	}
	return storeErr(err, "replace response %s", r.ID)
}

// errStaleRevision tells ReplaceResponse's locked section found another revision.
var errStaleRevision = errors.New("stale revision")

// storedRevision reads the revision of the response with _id id.
func (s *Store) storedRevision(ctx context.Context, id string) (int64, error) {
	var d struct {
		Revision int64 `bson:"revision"`
	}
	err := s.db.Collection(collResponses).FindOne(ctx, byID(id),
		options.FindOne().SetProjection(bson.D{{Key: "revision", Value: 1}})).Decode(&d)
	return d.Revision, err
}

// responseFilter is the query for f: one equality per non-empty field.
func responseFilter(f survey.ResponseFilter) bson.D {
	filter := bson.D{}
	for _, e := range []bson.E{
		{Key: "campaign", Value: f.Campaign},
		{Key: "association", Value: f.Association},
		{Key: "questionnaire", Value: f.Questionnaire},
		{Key: "status", Value: string(f.Status)},
	} {
		if e.Value != "" {
			filter = append(filter, e)
		}
	}
	if f.After > 0 {
		filter = append(filter, bson.E{Key: "generation", Value: bson.D{{Key: "$gt", Value: f.After}}})
	}
	return filter
}

// ListResponses returns the responses matching f ordered by id, all in
// memory; meant for small sets (one association's responses), as the sort
// is in memory on FerretDB.
func (s *Store) ListResponses(ctx context.Context, f survey.ResponseFilter) ([]*survey.Response, error) {
	var out []*survey.Response
	err := s.eachResponse(ctx, "list responses", f, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}),
		func(r *survey.Response) error {
			out = append(out, r)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// StreamResponses calls fn for each response matching f, in no particular
// order (the order the server finds them in: storage order on FerretDB),
// with one response decoded at a time from a cursor that fetches 200 at a
// time. fn's error stops the stream and is returned as it is; so does an
// end of ctx, wrapped.
//
// There is no sort on purpose: FerretDB v1 would sort every matching
// document in memory (the application's memory, for the embedded server)
// before returning the first batch, about 550 MB of heap for 10 000
// responses. On MongoDB the responses indexes {campaign, questionnaire,
// status, _id} and {campaign, status, _id} serve the filters.
func (s *Store) StreamResponses(ctx context.Context, f survey.ResponseFilter, fn func(*survey.Response) error) error {
	return s.eachResponse(ctx, "stream responses", f, options.Find().SetBatchSize(streamBatchSize), fn)
}

// eachResponse runs the query for f with opts and calls fn for each
// response found, decoded one at a time; fn's error stops it and is
// returned as it is. Other errors are wrapped with op.
func (s *Store) eachResponse(ctx context.Context, op string, f survey.ResponseFilter, opts *options.FindOptionsBuilder, fn func(*survey.Response) error) error {
	cur, err := s.db.Collection(collResponses).Find(ctx, responseFilter(f), opts)
	if err != nil {
		return storeErr(err, "%s", op)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		// Next returns the documents of a batch it holds whatever ctx.
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		var d responseDoc
		if err := cur.Decode(&d); err != nil {
			return storeErr(err, "%s: decode %s", op, cur.Current.Lookup("_id"))
		}
		r, err := d.toResponse()
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return storeErr(cur.Err(), "%s", op)
}
