package mongostore

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/assocbench/assocbench/survey"
)

// UpdateCampaign sets a campaign's title, deadline, k, previous
// campaign, public report switch and key practices with one $set by _id; generation and release are left alone
// (they change concurrently).
func (s *Store) UpdateCampaign(ctx context.Context, id string, f survey.CampaignFields) error {
	if err := checkKeys("title", f.Title); err != nil {
		return storeErr(err, "update campaign %s", id)
	}
	set := bson.D{{Key: "title", Value: map[string]string(f.Title)}, {Key: "closes", Value: f.Closes},
		{Key: "anywhere_on_earth", Value: f.AnywhereOnEarth}, {Key: "k", Value: int64(f.K)}, {Key: "previous", Value: f.Previous},
		{Key: "raters_min", Value: int64(f.RatersMin)},
		{Key: "public_report", Value: f.PublicReport}, {Key: "key_practices", Value: f.KeyPractices}}
	err := s.exclusive(ctx, collCampaigns, id, func() error {
		res, err := s.db.Collection(collCampaigns).UpdateOne(ctx, byID(id), bson.D{{Key: "$set", Value: set}})
		if err != nil {
			return err
		}
		if res.MatchedCount == 0 {
			return mongo.ErrNoDocuments
		}
		return nil
	})
	return storeErr(err, "update campaign %s", id)
}
