package mongostore

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/survey"
)

// consentDoc is a consents document; _id is campaign/association.
type consentDoc struct {
	ID          string    `bson:"_id"`
	Campaign    string    `bson:"campaign"`
	Association string    `bson:"association"`
	Share       bool      `bson:"share"`
	Ever        bool      `bson:"ever"`
	At          time.Time `bson:"at"`
	By          string    `bson:"by"`
}

func (d *consentDoc) toConsent() *survey.Consent {
	return &survey.Consent{Campaign: d.Campaign, Association: d.Association, Share: d.Share, Ever: d.Ever, At: utc(d.At), By: d.By}
}

// PutConsent stores an association's consent for a campaign, replacing any earlier one.
func (s *Store) PutConsent(ctx context.Context, c *survey.Consent) error {
	id := c.Campaign + "/" + c.Association
	d := &consentDoc{ID: id, Campaign: c.Campaign, Association: c.Association, Share: c.Share, Ever: c.Ever, At: c.At, By: c.By}
	err := s.exclusive(ctx, collConsents, id, func() error {
		_, err := s.db.Collection(collConsents).ReplaceOne(ctx, byID(id), d, options.Replace().SetUpsert(true))
		return err
	})
	return storeErr(err, "put consent %s", id)
}

// GetConsent reads an association's consent for a campaign.
func (s *Store) GetConsent(ctx context.Context, campaign, association string) (*survey.Consent, error) {
	var d consentDoc
	if err := s.findOne(ctx, collConsents, campaign+"/"+association, &d); err != nil {
		return nil, storeErr(err, "get consent %s/%s", campaign, association)
	}
	return d.toConsent(), nil
}

// ListConsents returns every consent recorded for a campaign, by association.
func (s *Store) ListConsents(ctx context.Context, campaign string) ([]*survey.Consent, error) {
	out, err := findAll(ctx, s.db.Collection(collConsents), bson.D{{Key: "campaign", Value: campaign}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}), (*consentDoc).toConsent)
	return out, storeErr(err, "list consents of %s", campaign)
}
