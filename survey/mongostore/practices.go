package mongostore

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// The good-practice library: one practices document per entry (_id a
// random hex id) and, for an uploaded document, practice_files chunks of
// at most practiceChunk bytes (_id "{id}/{n}", n zero-padded), written
// with one InsertMany and read back in _id order. No file is ever written
// to disk outside the database.

const practiceChunk = 512 << 10

// practiceDoc is a practices document.
type practiceDoc struct {
	ID              string           `bson:"_id"`
	Kind            string           `bson:"kind"`
	State           string           `bson:"state"`
	Title           string           `bson:"title"`
	Description     string           `bson:"description,omitempty"`
	Link            string           `bson:"link,omitempty"`
	File            *practiceFileDoc `bson:"file,omitempty"`
	Languages       []string         `bson:"languages"`
	Items           []string         `bson:"items"`
	Area            string           `bson:"area"`
	Campaign        string           `bson:"campaign,omitempty"`
	Association     string           `bson:"association,omitempty"`
	AssociationName string           `bson:"association_name,omitempty"`
	Region          string           `bson:"region,omitempty"`
	Attribution     string           `bson:"attribution,omitempty"`
	Did             string           `bson:"did,omitempty"`
	Cost            string           `bson:"cost,omitempty"`
	Changed         string           `bson:"changed,omitempty"`
	CreatedAt       time.Time        `bson:"created_at"`
	CreatedBy       string           `bson:"created_by,omitempty"`
	ApprovedAt      *time.Time       `bson:"approved_at,omitempty"`
	ApprovedBy      string           `bson:"approved_by,omitempty"`
}

type practiceFileDoc struct {
	Name string `bson:"name"`
	Type string `bson:"type"`
	Size int64  `bson:"size"`
}

// practiceChunkDoc is one chunk of an entry's file.
type practiceChunkDoc struct {
	ID       string `bson:"_id"`
	Practice string `bson:"practice"`
	Data     []byte `bson:"data"`
}

func fromPractice(p *survey.Practice) *practiceDoc {
	d := &practiceDoc{ID: p.ID, Kind: string(p.Kind), State: string(p.State), Title: p.Title, Description: p.Description,
		Link: p.Link, Languages: p.Languages, Items: p.Items, Area: string(p.Area), Campaign: p.Campaign,
		Association: p.Association, AssociationName: p.AssociationName, Region: p.Region, Attribution: p.Attribution,
		Did: p.Did, Cost: p.Cost, Changed: p.Changed, CreatedAt: p.CreatedAt, CreatedBy: p.CreatedBy,
		ApprovedAt: p.ApprovedAt, ApprovedBy: p.ApprovedBy}
	if p.File != nil {
		d.File = &practiceFileDoc{Name: p.File.Name, Type: p.File.Type, Size: int64(p.File.Size)}
	}
	return d
}

func (d *practiceDoc) toPractice() *survey.Practice {
	p := &survey.Practice{ID: d.ID, Kind: survey.PracticeKind(d.Kind), State: survey.PracticeState(d.State), Title: d.Title,
		Description: d.Description, Link: d.Link, Languages: d.Languages, Items: d.Items, Area: questionnaires.Area(d.Area),
		Campaign: d.Campaign, Association: d.Association, AssociationName: d.AssociationName, Region: d.Region,
		Attribution: d.Attribution, Did: d.Did, Cost: d.Cost, Changed: d.Changed, CreatedAt: utc(d.CreatedAt),
		CreatedBy: d.CreatedBy, ApprovedAt: utcPtr(d.ApprovedAt), ApprovedBy: d.ApprovedBy}
	if d.File != nil {
		p.File = &survey.PracticeFile{Name: d.File.Name, Type: d.File.Type, Size: int(d.File.Size)}
	}
	if p.Languages == nil {
		p.Languages = []string{}
	}
	if p.Items == nil {
		p.Items = []string{}
	}
	return p
}

// PutPractice inserts or replaces a library entry by _id.
func (s *Store) PutPractice(ctx context.Context, p *survey.Practice) error {
	err := s.exclusive(ctx, collPractices, p.ID, func() error {
		_, err := s.db.Collection(collPractices).ReplaceOne(ctx, byID(p.ID), fromPractice(p), options.Replace().SetUpsert(true))
		return err
	})
	return storeErr(err, "put practice %s", p.ID)
}

// GetPractice reads a library entry.
func (s *Store) GetPractice(ctx context.Context, id string) (*survey.Practice, error) {
	var d practiceDoc
	if err := s.findOne(ctx, collPractices, id, &d); err != nil {
		return nil, storeErr(err, "get practice %s", id)
	}
	return d.toPractice(), nil
}

// ListPractices returns every library entry, by _id.
func (s *Store) ListPractices(ctx context.Context) ([]*survey.Practice, error) {
	out, err := findAll(ctx, s.db.Collection(collPractices), bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}),
		(*practiceDoc).toPractice)
	return out, storeErr(err, "list practices")
}

// DeletePractice deletes a library entry (ErrNotFound when absent).
func (s *Store) DeletePractice(ctx context.Context, id string) error {
	res, err := s.db.Collection(collPractices).DeleteOne(ctx, byID(id))
	if err == nil && res.DeletedCount == 0 {
		err = mongo.ErrNoDocuments
	}
	return storeErr(err, "delete practice %s", id)
}

// PutPracticeFile stores an entry's file as chunks, replacing none: call
// it once per entry.
func (s *Store) PutPracticeFile(ctx context.Context, id string, data []byte) error {
	var docs []any
	for n, off := 0, 0; off < len(data); n, off = n+1, off+practiceChunk {
		end := min(off+practiceChunk, len(data))
		docs = append(docs, &practiceChunkDoc{ID: fmt.Sprintf("%s/%05d", id, n), Practice: id, Data: data[off:end]})
	}
	if len(docs) == 0 {
		return nil
	}
	_, err := s.db.Collection(collPracticeFiles).InsertMany(ctx, docs)
	return storeErr(err, "put the file of practice %s", id)
}

// GetPracticeFile reads an entry's file back from its chunks.
func (s *Store) GetPracticeFile(ctx context.Context, id string) ([]byte, error) {
	chunks, err := findAll(ctx, s.db.Collection(collPracticeFiles), bson.D{{Key: "practice", Value: id}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}), func(d *practiceChunkDoc) []byte { return d.Data })
	if err != nil {
		return nil, storeErr(err, "get the file of practice %s", id)
	}
	if len(chunks) == 0 {
		return nil, storeErr(mongo.ErrNoDocuments, "get the file of practice %s", id)
	}
	var out []byte
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}

// DeletePracticeFile deletes an entry's chunks.
func (s *Store) DeletePracticeFile(ctx context.Context, id string) error {
	_, err := s.db.Collection(collPracticeFiles).DeleteMany(ctx, bson.D{{Key: "practice", Value: id}})
	return storeErr(err, "delete the file of practice %s", id)
}
