package mongostore

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// replaceRevised overwrites the document with _id id in coll by doc if and
// only if its stored revision is expected — the revision check of a draft
// save (ReplaceResponse), for documents saved the same way (meetings,
// plans). what names the document in errors ("replace plan x").
func (s *Store) replaceRevised(ctx context.Context, coll, id string, doc any, expected int64, what string) error {
	c := s.db.Collection(coll)
	if s.atomic == AtomicityServer {
		res, err := c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "revision", Value: expected}}, doc)
		if err != nil {
			return storeErr(err, "%s", what)
		}
		if res.MatchedCount == 1 {
			return nil
		}
		stored, err := s.revisionOf(ctx, coll, id)
		if err != nil {
			return storeErr(err, "%s", what)
		}
		return conflict(fmt.Sprintf("revision is %d, not %d", stored, expected), "%s", what)
	}
	var stored int64
	err := s.exclusive(ctx, coll, id, func() error {
		var err error
		if stored, err = s.revisionOf(ctx, coll, id); err != nil {
			return err
		}
		if stored != expected {
			return errStaleRevision
		}
		res, err := c.ReplaceOne(ctx, byID(id), doc)
		if err == nil && res.MatchedCount == 0 {
			return mongo.ErrNoDocuments // deleted by something other than this store
		}
		return err
	})
	if errors.Is(err, errStaleRevision) {
		return conflict(fmt.Sprintf("revision is %d, not %d", stored, expected), "%s", what)
	}
	return storeErr(err, "%s", what)
}

// revisionOf reads the revision of the document with _id id in coll.
func (s *Store) revisionOf(ctx context.Context, coll, id string) (int64, error) {
	var d struct {
		Revision int64 `bson:"revision"`
	}
	err := s.db.Collection(coll).FindOne(ctx, byID(id),
		options.FindOne().SetProjection(bson.D{{Key: "revision", Value: 1}})).Decode(&d)
	return d.Revision, err
}
